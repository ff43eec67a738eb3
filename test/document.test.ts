// The document stage (pipeline/document.ts): what it decides across tables — a price form that
// restates the purchase list, a table of lots that other tables detail, a table cut in two.
import { describe, expect, it } from 'vitest';
import { repeatsEarlier, sumsUpLots } from '../pipeline/document.js';
import type { Item } from '../schemas/records.js';
import { doc, heading, para, records, table } from './build-doc.js';

describe('tables that sum up lots', () => {
  const item = (quantity: number, unit: string) => ({ quantity, billing_unit: { raw: '', size: 1, unit } }) as Item;
  it('is a summary when each row is 1 项 against a budget column', () => {
    expect(sumsUpLots([item(1, 'item'), item(1, 'item')], ['品目号', '采购标的', '数量（单位）', '品目预算(元)'])).toBe(true);
  });
  it('is not without a budget column, or with real quantities', () => {
    expect(sumsUpLots([item(1, 'item')], ['序号', '标的名称', '数量'])).toBe(false);
    expect(sumsUpLots([item(1, 'item'), item(20, 'machine')], ['名称', '数量', '预算'])).toBe(false);
    expect(sumsUpLots([], ['名称', '数量', '预算'])).toBe(false);
  });
});

describe('price forms that repeat the items', () => {
  const item = (name: string, quantity: number, lot: number | null = null) => ({ item: name, quantity, lot }) as Item;
  const earlier = [item('云服务器（4核8G，主频≥2.4GHz）', 20), item('互联网带宽', 300)];

  it('is a repeat when every row stands earlier, by its whole name or its name before the brackets', () => {
    expect(repeatsEarlier([item('云服务器', 20), item('互联网带宽', 300)], earlier)).toBe(true);
  });

  it('is not when a quantity, a lot or a row differs, or nothing came before', () => {
    expect(repeatsEarlier([item('云服务器', 20), item('互联网带宽', 200)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300, 2)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300), item('对象存储', 10)], earlier)).toBe(false);
    expect(repeatsEarlier([item('互联网带宽', 300)], [])).toBe(false);
  });
});

describe('tables across a document, hand-built', () => {
  const list = () => table([['序号', '服务项', '计价单位', '数量', '期限（月）'], ['1', 'vCPU', '1核', '100', '12'], ['2', '内存', '1GB', '200', '12']]);
  const rest = () => table([['3', '普通存储', '1TB', '20', '12'], ['4', '互联网带宽', '1Mbps', '100', '12']]);

  it('reads a table cut in two (续表 between) under the header of the first part', () => {
    const r = records(doc([heading('采购需求'), list(), para('续表'), rest()]));
    expect(r.items.map((i) => [i.table, i.row, i.item, i.quantity, i.billing_unit.unit, i.months, i.section])).toEqual([
      [1, 1, 'vCPU', 100, 'vCPU', 12, '采购需求'], [1, 2, '内存', 200, 'GB', 12, '采购需求'],
      [2, 1, '普通存储', 20, 'GB', 12, '采购需求'], [2, 2, '互联网带宽', 100, 'Mbps', 12, '采购需求'],
    ]);
    expect(r.tables.map((t) => [t.kind, t.header])).toEqual([
      ['items', ['序号', '服务项', '计价单位', '数量', '期限（月）']], ['items', ['序号', '服务项', '计价单位', '数量', '期限（月）']],
    ]);
  });

  it('does not carry a header over a paragraph of prose: the headless table is other', () => {
    const r = records(doc([heading('采购需求'), list(), para('本项目服务期内，中标人应按采购人要求提供下列资源的扩容服务，扩容部分单独计费。'), rest()]));
    expect([r.items.length, r.tables.map((t) => t.kind)]).toEqual([2, ['items', 'other']]);
  });

  it('counts a 分项报价表 that restates the list once, and says so', () => {
    const form = table([['序号', '服务项', '数量', '单价（元/月）', '合价（元）'], ['1', 'vCPU', '100', '', ''], ['2', '内存', '200', '', '']]);
    const r = records(doc([para('一、采购清单'), list(), para('分项报价表'), form]));
    expect(r.items.map((i) => [i.table, i.item])).toEqual([[1, 'vCPU'], [1, '内存']]);
    expect([r.document.items, r.document.warning_codes, r.document.warnings]).toEqual([
      2, ['table.price_form_repeats'], ['table 2: a price form that repeats the items of the purchase list; its rows are not counted again'],
    ]);
  });
});
