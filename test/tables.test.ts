// Table analysis (pipeline/tables.ts) on tables built by hand: where the header is (one row, a
// grouped two-row header, column numbers under it), what each column is, and the table's kind.
import { describe, expect, it } from 'vitest';
import { analyseTable, isHeaderRepeat } from '../pipeline/tables.js';
import { table } from './build-doc.js';

const analysed = (rows: string[][], setting = {}) => {
  const a = analyseTable(table(rows), setting);
  return { kind: a.kind, kindReason: a.kindReason, headerRows: a.headerRows, dataStart: a.dataStart, header: a.header, columns: a.columns };
};

describe('the header', () => {
  it('is the first row of labels: 序号 | 名称 | 数量 | 单位 with a 合计 row under the items', () => {
    expect(analysed([['序号', '名称', '数量', '单位'], ['1', '云服务器', '20', '台'], ['2', '对象存储', '50', 'TB'], ['合计', '', '70', '']])).toEqual({
      kind: 'items', kindReason: 'a quantity column beside a name or unit column', headerRows: [0], dataStart: 1,
      header: ['序号', '名称', '数量', '单位'], columns: { seq: 0, item: 1, quantity: 2, billing_unit: 3 },
    });
  });

  it('comes after a title row merged across the table (表1 采购需求一览表)', () => {
    const a = analysed([['表1 采购需求一览表', '<', '<', '<'], ['序号', '服务名称', '计价单位', '数量'], ['1', '云数据库', '1套', '2']]);
    expect([a.kind, a.headerRows, a.dataStart, a.header]).toEqual(['items', [1], 2, ['序号', '服务名称', '计价单位', '数量']]);
  });

  it('reads a grouped header (计费方式 over 计价单位 | 报价单位), the other labels merged down', () => {
    expect(analysed([
      ['序号', '资源名称', '计费方式', '<', '数量', '服务期限'],
      ['^', '^', '计价单位', '报价单位', '^', '^'],
      ['1', 'vCPU', '1核', '元/月', '200', '1年'],
    ])).toEqual({
      kind: 'items', kindReason: 'a quantity column beside a name or unit column', headerRows: [0, 1], dataStart: 2,
      header: ['序号', '资源名称', '计费方式/计价单位', '计费方式/报价单位', '数量', '服务期限'],
      columns: { seq: 0, item: 1, billing_unit: 2, price_unit: 3, quantity: 4, months: 5 },
    });
  });

  it('reads 数量 spread over 单位 | 数量 as a unit column and a quantity column', () => {
    const a = analysed([['序号', '名称', '数量', '<', '服务期（月）'], ['^', '^', '单位', '数量', '^'], ['1', 'vCPU', '核', '128', '12']]);
    expect([a.headerRows, a.header, a.columns]).toEqual([[0, 1], ['序号', '名称', '数量/单位', '数量', '服务期（月）'], { seq: 0, item: 1, billing_unit: 2, quantity: 3, months: 4 }]);
  });

  it('leaves a row of column numbers in brackets under it out of the labels: 数量（3） states no unit', () => {
    const rows = [['序号', '名称', '数量'], ['（1）', '（2）', '（3）'], ['1', '云主机', '4']];
    const a = analyseTable(table(rows));
    expect([a.headerRows, a.dataStart, a.header, a.quantityUnit]).toEqual([[0], 2, ['序号', '名称', '数量'], null]);
    const plain = analyseTable(table([['序号', '服务名称', '数量', '服务期（月）'], ['1', '2', '3', '4'], ['1', '云主机', '4', '12']]));
    expect([plain.headerRows, plain.dataStart, plain.periodUnit]).toEqual([[0], 2, 'month']);
  });

  it('states units for its columns: 数量（台）, 服务期限（年）, 单价（元/月）', () => {
    const a = analyseTable(table([['序号', '设备名称', '数量（台）', '服务期限（年）', '单价（元/月）'], ['1', '服务器', '3', '1', '']]));
    expect([a.quantityUnit, a.periodUnit, a.priceUnit]).toEqual(['台', 'year', '元/月']);
  });

  it('is none in a grid of letters and values: no header row, kind other', () => {
    expect(analysed([['A', 'B', 'C'], ['1', '云主机', '10'], ['2', '带宽', '100']])).toEqual({
      kind: 'other', kindReason: 'no header row', headerRows: [], dataStart: 0, header: ['', '', ''], columns: {},
    });
  });
});

describe('the kind of a table', () => {
  it('a scoring table is requirements, though 分值 holds numbers', () => {
    const a = analysed([['评分项', '评分标准', '分值'], ['价格', '满足要求的最低报价为基准价', '30'], ['技术方案', '方案完整可行', '40']]);
    expect([a.kind, a.kindReason]).toEqual(['requirements', 'a header of requirements, scores, service levels or payment (评分)']);
  });

  it('people to provide (岗位 | 人数) are staffing, not items', () => {
    const a = analysed([['岗位', '人数', '工作内容'], ['项目经理', '1', '负责项目管理'], ['运维工程师', '3', '7×24小时运维']]);
    expect([a.kind, a.kindReason, a.columns]).toEqual(['staffing', 'people to provide (岗位)', { item: 0, quantity: 1, spec: 2 }]);
  });

  it('the buyer\'s equipment (购买年份) is an inventory, and a goods list', () => {
    const t = table([['序号', '设备名称', '品牌型号', '数量', '购买年份'], ['1', '服务器', '华为2288H V5', '10', '2018']]);
    const a = analyseTable(t, { before: ['现有设备清单如下：'] });
    expect([a.kind, a.kindReason, a.goods]).toEqual(['inventory', 'equipment the buyer has (购买年份)', true]);
  });

  it('one row per lot (包号 | 包名称 | 预算金额) is the lots, read as facts', () => {
    const a = analysed([['包号', '包名称', '预算金额（万元）'], ['1', '云计算服务', '120'], ['2', '云安全服务', '30']]);
    expect([a.kind, a.kindReason, a.columns]).toEqual(['other', 'one row per lot (包号 with 包名称 or 预算): the lots, read as facts', { lot: 0, item: 1, budget: 2 }]);
  });

  it('a price form is known by the title above it, and a period makes it a service, not goods', () => {
    const a = analyseTable(table([['序号', '服务项', '数量', '服务期（月）', '单价（元/月）'], ['1', 'vCPU', '100', '12', '']]), { before: ['分项报价表'], goodsDocument: true });
    expect([a.kind, a.priceForm, a.goods]).toEqual(['items', true, false]);
  });
});

describe('a header printed again', () => {
  it('is told by the columns\' own labels under a grouped header (计价单位, not 计费方式/计价单位)', () => {
    const t = table([
      ['序号', '资源名称', '计费方式', '<', '数量'],
      ['^', '^', '计价单位', '报价单位', '^'],
      ['1', 'vCPU', '1核', '元/月', '200'],
      ['序号', '资源名称', '计价单位', '报价单位', '数量'],
      ['2', '内存', '1GB', '元/月', '400'],
    ]);
    const a = analyseTable(t);
    expect(a.header).toEqual(['序号', '资源名称', '计费方式/计价单位', '计费方式/报价单位', '数量']);
    expect([2, 3, 4].map((r) => isHeaderRepeat(t, r, a))).toEqual([false, true, false]);
  });
});
