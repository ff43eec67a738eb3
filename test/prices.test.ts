// Prices stated on items, and the prices a dataset implies.
import { describe, expect, it } from 'vitest';
import { capInText, cellAmount } from '../pipeline/prices.js';
import { grid, itemsOf } from './grid.js';

const priced = (rows: string[][]) => itemsOf(grid(rows)).map((i) => [i.item, i.price]);

describe('prices stated on items', () => {
  it('a unit price column is a quoted price per billing unit and period', () => {
    expect(priced([
      ['序号', '服务名称', '单位', '数量', '单价（元/月）', '总价（元）'],
      ['1', 'vCPU', '核', '64', '35.00', '26,880.00'],
      ['2', '内存', 'GB', '256', '¥12.5', '38400'],
    ])).toEqual([
      ['vCPU', { value_cny: 35, per_unit: '核', per_period: 'month', kind: 'quoted' }],
      ['内存', { value_cny: 12.5, per_unit: 'GB', per_period: 'month', kind: 'quoted' }],
    ]);
  });

  it('a total only is a quoted price of the row; a row budget in 万元 is a budget; a 最高限价 column is a cap', () => {
    expect(priced([['序号', '服务名称', '单位', '数量', '合价（元）'], ['1', '对象存储', 'TB', '50', '60000']]))
      .toEqual([['对象存储', { value_cny: 60000, per_unit: null, per_period: null, kind: 'quoted' }]]);
    expect(priced([['序号', '标的名称', '单位', '数量', '预算金额（万元）'], ['1', '政务云租赁服务', '项', '1', '231.5']]))
      .toEqual([['政务云租赁服务', { value_cny: 2315000, per_unit: null, per_period: null, kind: 'budget' }]]);
    expect(priced([['序号', '服务项', '计价单位', '数量', '最高单价（元/月）'], ['1', '互联网带宽', '1Mbps', '100', '45']]))
      .toEqual([['互联网带宽', { value_cny: 45, per_unit: '1Mbps', per_period: 'month', kind: 'cap' }]]);
  });

  it('a ceiling written in a cell or a clause', () => {
    expect(priced([['序号', '服务项', '单位', '数量', '备注'], ['1', '短信服务', '条', '100000', '单价控制价0.05元/条']]))
      .toEqual([['短信服务', { value_cny: 0.05, per_unit: '条', per_period: null, kind: 'cap' }]]);
    expect(capInText('驻场运维人员最高限价230元/人/月')).toEqual({ value_cny: 230, per_unit: '人', per_period: 'month', kind: 'cap' });
    expect(capInText('本项目最高限价为1.2万元')).toEqual({ value_cny: 12000, per_unit: null, per_period: null, kind: 'cap' });
  });

  it('a blank price form gives no price', () => {
    expect(priced([['序号', '服务名称', '单位', '数量', '单价（元）', '总价（元）'], ['1', 'vCPU', '核', '64', '', ''], ['2', '内存', 'GB', '256', '/', '/']]))
      .toEqual([['vCPU', null], ['内存', null]]);
    expect([cellAmount('', false), cellAmount('详见报价表', false), cellAmount('12.5', true)]).toEqual([null, null, 125000]);
  });
});
