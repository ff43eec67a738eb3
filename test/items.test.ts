// Row normalisation (pipeline/items.ts): which rows of an item table are items, and each row's
// fields (quantity with its unit, months, billing and price units, specs, resources, prices).
import { describe, expect, it } from 'vitest';
import type { TableBlock } from '../extractors/model.js';
import { parseTxt } from '../extractors/txt.js';
import { tableItems } from '../pipeline/items.js';
import { analyseTable } from '../pipeline/tables.js';

const table = (rows: string[][]) => parseTxt(rows.map((r) => r.map((c) => `\t${c}`).join('\n')).join('\n\n')).blocks[0] as TableBlock;
const itemsOf = (rows: string[][]) => {
  const t = table(rows);
  const a = analyseTable(t);
  return { a, ...tableItems(t, a, { doc_id: 'x', source: 'x.txt', table: 1, lot: null, section: null }) };
};

describe('rows that are not data', () => {
  it('skips column numbers written in brackets', () => {
    const { a, items } = itemsOf([
      ['序号', '名称', '单位', '数量'], ['（1）', '（2）', '（3）', '（4）'], ['1', '云主机', '台', '4'],
    ]);
    expect(a.dataStart).toBe(2);
    expect(items.map((i) => [i.item, i.quantity])).toEqual([['云主机', 4]]);
  });

  it('skips a header printed again mid-table, with its column numbers', () => {
    const { items } = itemsOf([
      ['序号', '名称', '单位', '数量'], ['1', '2', '3', '4'], ['1', 'vCPU', '核', '64'],
      ['序号', '名称', '单位', '数量'], ['1', '2', '3', '4'], ['2', '内存', 'GB', '128'],
    ]);
    expect(items.map((i) => [i.seq, i.item, i.quantity, i.row])).toEqual([['1', 'vCPU', 64, 1], ['2', '内存', 128, 2]]);
  });

  it('skips totals, notes and rows of a blank price form', () => {
    const { items } = itemsOf([
      ['序号', '服务名称', '单位', '数量', '单价（元）'], ['1', '互联网带宽', 'Mbps', '100', ''], ['2', '对象存储', 'TB', '', ''],
      ['合 计', '', '', '100', ''], ['备注：按实际用量结算'],
    ]);
    expect(items.map((i) => [i.item, i.quantity, i.billing_unit.unit])).toEqual([['互联网带宽', 100, 'Mbps']]);
  });
});

describe('lot columns', () => {
  it('a table of lots (包号 | 包名称 | 预算金额) is not an item table', () => {
    expect(analyseTable(table([['包号', '包名称', '数量', '预算金额（万元）'], ['1', '云资源', '1项', '300']])).kind).toBe('other');
  });

  it('a lot summary of a notice (包号 | 标的名称 | 采购包预算金额 | 数量) is not an item table either', () => {
    expect(analyseTable(table([['包号', '标的名称', '采购包预算金额（万元）', '数量', '简要技术需求或服务要求'], ['1', '餐饮服务', '82.5', '1项', '详见采购需求']])).kind).toBe('other');
  });

  it('an item table with a 包号 column gives each row its lot, filled down', () => {
    const { items } = itemsOf([
      ['包号', '品目名称', '数量', '单位'], ['包1', 'vCPU', '100', '核'], ['', '内存', '200', 'GB'], ['包2', 'Web应用防火墙', '1', '套'],
    ]);
    expect(items.map((i) => [i.lot, i.item, i.service])).toEqual([[1, 'vCPU', 'compute.vcpu'], [1, '内存', 'compute.memory'], [2, 'Web应用防火墙', 'security.waf']]);
  });
});

describe('units stated in the 数量 header', () => {
  it('takes the unit from 数量（台） when no unit column or suffix says it', () => {
    const { a, items } = itemsOf([['名称', '数量（台）'], ['核心交换机', '2'], ['接入交换机', '36台']]);
    expect(a.quantityUnit).toBe('台');
    expect(items.map((i) => [i.item, i.quantity, i.billing_unit])).toEqual([
      ['核心交换机', 2, { raw: '台', size: 1, unit: 'machine' }],
      ['接入交换机', 36, { raw: '台', size: 1, unit: 'machine' }],
    ]);
  });

  it('lets a unit column speak first', () => {
    const { items } = itemsOf([['名称', '单位', '数量（个）'], ['对象存储', 'TB', '20']]);
    expect(items[0].billing_unit).toEqual({ raw: 'TB', size: 1024, unit: 'GB' });
  });
});

describe('price units stated in a price header', () => {
  it('takes 元/月 from 单价（元/月） when no 报价单位 column says it', () => {
    const { a, items } = itemsOf([['序号', '名称', '单位', '数量', '单价（元/月）', '总价（元）'], ['1', 'vCPU', '核', '64', '', '']]);
    expect(a.priceUnit).toBe('元/月');
    expect(items[0].price_unit).toEqual({ raw: '元/月', currency: 'CNY', per: 'month' });
  });

  it('lets the 报价单位 column speak first', () => {
    const { items } = itemsOf([['名称', '计价单位', '报价单位', '数量', '单价（元/月）'], ['短信', '1条', '元/次', '1000', '']]);
    expect(items[0].price_unit.per).toBe('use');
  });
});
