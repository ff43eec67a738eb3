// Row normalisation (pipeline/items.ts): which rows of an item table are items, and each row's
// fields (quantity with its unit, months, billing and price units, specs, resources, prices).
import { describe, expect, it } from 'vitest';
import type { TableBlock } from '../extractors/model.js';
import { parseTxt } from '../extractors/txt/reader.js';
import { tableItems } from '../pipeline/items.js';
import { analyseTable } from '../pipeline/tables.js';
import type { Item } from '../schemas/records.js';
import { table as grid } from './build-doc.js';

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

describe('each row normalised, on hand-built tables', () => {
  const rowsOf = (rows: string[][], setting = {}) => {
    const t = grid(rows);
    return tableItems(t, analyseTable(t, setting), { doc_id: '0123456789abcdef', source: 't.docx', table: 1, lot: null, section: '采购需求' });
  };
  const fields = (i: Item) => ({ item: i.item, service: i.service, billing_unit: i.billing_unit, quantity: i.quantity, months: i.months, total: i.total, unit_months: i.unit_months });

  it('a category merged down, a spec column, 8核16G hosts counted in 台: every field of the row', () => {
    const { items, warnings } = rowsOf([
      ['序号', '服务类别', '服务名称', '规格要求', '计价单位', '数量', '服务期（月）'],
      ['1', '计算服务', '云主机', '8核16G，系统盘100GB', '台', '10', '12'],
      ['2', '^', 'vCPU', '主频不低于2.4GHz', '核', '64', '12'],
    ]);
    expect(warnings).toEqual([]);
    expect(items[0]).toEqual({
      doc_id: '0123456789abcdef', source: 't.docx', lot: null, section: '采购需求', table: 1, row: 1, page: null,
      seq: '1', category: '计算服务', subcategory: null, item: '云主机', service: 'compute.vcpu',
      billing_unit: { raw: '台', size: 1, unit: 'machine' }, price_unit: { raw: '', currency: 'CNY', per: null },
      quantity: 10, months: 12, total: 10, unit_months: 120,
      specs: [
        { key: 'cpu_cores', value: 8, raw: '8核16G' }, { key: 'memory_gb', value: 16, raw: '8核16G' },
        { key: 'disk_gb', value: 100, qualifier: '系统盘', raw: '系统盘100GB' },
      ],
      resources: { vcpu: 80, memory_gb: 160, storage_gb: 1000, bandwidth_mbps: null },
      price: null, tokens: items[0].tokens,
    });
    expect(items[1]).toMatchObject({ category: '计算服务', item: 'vCPU', billing_unit: { raw: '核', size: 1, unit: 'vCPU' }, specs: [{ key: 'cpu_ghz', op: '>=', value: 2.4, raw: '不低于2.4GHz' }], resources: { vcpu: 64 } });
  });

  it('units that ride with the quantity (20台, 5000GB, 300Mbps, 10万条) when the unit column is empty', () => {
    const { items } = rowsOf([
      ['序号', '名称', '单位', '数量', '服务期（月）'],
      ['1', '云服务器', '', '20台', '12'], ['2', '对象存储', '', '5000GB', '12'], ['3', '互联网带宽', '', '300Mbps', '12'], ['4', '短信服务', '', '10万条', '12'],
    ]);
    expect(items.map(fields)).toEqual([
      { item: '云服务器', service: 'compute.vcpu', billing_unit: { raw: '台', size: 1, unit: 'machine' }, quantity: 20, months: 12, total: 20, unit_months: 240 },
      { item: '对象存储', service: 'storage.object', billing_unit: { raw: 'GB', size: 1, unit: 'GB' }, quantity: 5000, months: 12, total: 5000, unit_months: 60000 },
      { item: '互联网带宽', service: 'network.bandwidth', billing_unit: { raw: 'Mbps', size: 1, unit: 'Mbps' }, quantity: 300, months: 12, total: 300, unit_months: 3600 },
      { item: '短信服务', service: 'other.sms', billing_unit: { raw: '条', size: 1, unit: 'message' }, quantity: 100000, months: 12, total: 100000, unit_months: 1200000 },
    ]);
    expect(items.map((i) => i.resources)).toEqual([
      { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null },
      { vcpu: null, memory_gb: null, storage_gb: 5000, bandwidth_mbps: null },
      { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: 300 },
      { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null },
    ]);
  });

  it('billing units of a size (100GB, 1TB, 10Mbps) multiply the quantity into the total', () => {
    const { items } = rowsOf([
      ['序号', '服务项', '计价单位', '数量', '服务期（月）'],
      ['1', '高性能存储', '100GB', '30', '12'], ['2', '本地备份', '1TB', '40', '12'], ['3', '互联网带宽', '10Mbps', '20', '12'],
    ]);
    expect(items.map((i) => [i.billing_unit, i.total, i.unit_months, i.resources.storage_gb ?? i.resources.bandwidth_mbps])).toEqual([
      [{ raw: '100GB', size: 100, unit: 'GB' }, 3000, 36000, 3000],
      [{ raw: '1TB', size: 1024, unit: 'GB' }, 40960, 491520, 40960],
      [{ raw: '10Mbps', size: 10, unit: 'Mbps' }, 200, 2400, 200],
    ]);
  });

  it('months from 服务期限（年）, 0.5 years, 1年, a date range, and none for 一次性 or /', () => {
    const years = rowsOf([['序号', '服务名称', '单位', '数量', '服务期限（年）'], ['1', '云主机', '台', '2', '0.5'], ['2', '带宽', 'Mbps', '50', '3']]);
    expect(years.items.map((i) => [i.months, i.unit_months])).toEqual([[6, 12], [36, 1800]]);
    const written = rowsOf([
      ['序号', '名称', '单位', '数量', '期限'],
      ['1', '云主机', '台', '2', '1年'], ['2', '云数据库', '套', '1', '2026年1月1日至2026年12月31日'], ['3', '迁移服务', '项', '1', '一次性'], ['4', '带宽', 'Mbps', '50', '/'],
    ]);
    expect(written.items.map((i) => [i.item, i.months, i.unit_months])).toEqual([['云主机', 12, 24], ['云数据库', 12, 12], ['迁移服务', null, null], ['带宽', null, null]]);
  });

  it('a purchased server\'s 2路12核, memory floor and 4块1.2TB disks, times the 3 台 of 数量（台）', () => {
    const { items } = rowsOf([['序号', '设备名称', '技术参数', '数量（台）'], ['1', '服务器', '2路12核，内存≥256GB，4块1.2TB SAS硬盘', '3']], { goodsDocument: true });
    expect(items.map((i) => [i.service, i.billing_unit, i.specs.map((s) => [s.key, s.op ?? '', s.value]), i.resources])).toEqual([[
      'compute.bare_metal', { raw: '台', size: 1, unit: 'machine' },
      [['cpu_sockets', '', 2], ['cpu_cores', '', 12], ['memory_gb', '>=', 256], ['disk_count', '', 4], ['disk_tb', '', 1.2]],
      { vcpu: 72, memory_gb: 768, storage_gb: 14745.6, bandwidth_mbps: null },
    ]]);
  });

  it('prices: a unit price per unit and month, a total in 万元, a 最高限价 column in 万元, a ceiling in a note to the thousandth of a yuan', () => {
    const quoted = rowsOf([
      ['序号', '服务项', '计价单位', '数量', '服务期（月）', '单价（元/月）', '合价（元）'],
      ['1', 'vCPU', '1核', '100', '12', '60.00', '72,000.00'], ['2', '内存', '1GB', '200', '12', '', '4.8万元'],
    ]);
    expect(quoted.items.map((i) => i.price)).toEqual([
      { value_cny: 60, per_unit: '1核', per_period: 'month', kind: 'quoted' },
      { value_cny: 48000, per_unit: null, per_period: null, kind: 'quoted' },
    ]);
    const cap = rowsOf([['序号', '服务项', '单位', '数量', '最高限价（万元）'], ['1', '云安全服务', '项', '1', '12.5']]);
    expect(cap.items[0].price).toEqual({ value_cny: 125000, per_unit: null, per_period: null, kind: 'cap' });
    // An SMS ceiling is written to the thousandth of a yuan; rounding it to the fen is 11% off.
    const sms = rowsOf([['序号', '服务项', '计价单位', '数量', '备注'], ['1', '短信服务', '条', '10万', '单价控制价0.045元/条']]);
    expect(sms.items[0].price).toEqual({ value_cny: 0.045, per_unit: '条', per_period: null, kind: 'cap' });
  });

  it('a unit stated only in the 数量 header is not taken from a column number under it', () => {
    const { items } = rowsOf([['序号', '名称', '数量'], ['（1）', '（2）', '（3）'], ['1', '云主机', '4台'], ['2', '对象存储', '10']]);
    expect(items.map((i) => [i.item, i.billing_unit, i.total])).toEqual([
      ['云主机', { raw: '台', size: 1, unit: 'machine' }, 4],
      ['对象存储', { raw: '', size: 1, unit: 'item' }, 10],
    ]);
  });

  it('a quantity that is prose is no item, with a warning naming the table, row and cell', () => {
    const { items, warnings, decisions } = rowsOf([['序号', '名称', '单位', '数量'], ['1', '云主机', '台', '按实际需求'], ['2', '带宽', 'Mbps', '100']]);
    expect(items.map((i) => i.item)).toEqual(['带宽']);
    expect(warnings).toEqual([{ code: 'item.quantity_not_number', message: 'table 1: row 1 quantity "按实际需求" is not a number' }]);
    expect(decisions[0]).toEqual({ r: 1, row: 1, item: false, reason: 'quantity "按实际需求" is not a number' });
  });
});
