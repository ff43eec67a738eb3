// Document facts read from labelled fields: the label reader, value cleaning and rejection,
// amounts under money labels, and whole documents (test/fixtures/facts/) laid out the way
// published notices, 前附表 and covers of bureaus, hospitals, schools and companies lay them out.
import { describe, expect, it } from 'vitest';
import type { TableBlock } from '../extractors/model.js';
import { parseTxt } from '../extractors/txt/reader.js';
import { amountsIn } from '../pipeline/facts/amounts.js';
import { budgetIn, capIn, findFacts, placeBlocks } from '../pipeline/facts/index.js';
import { cellLines, cleanValue, fieldsIn, labelCell, rejection, tableLines } from '../pipeline/facts/labels.js';
import { processFile } from '../runtime/run.js';

const factsOf = (text: string) => {
  const { blocks } = parseTxt(text);
  return findFacts({ blocks, warnings: [] }, placeBlocks(blocks));
};

/** A table block from rows of cell texts (no merges). */
const table = (rows: string[][]): TableBlock => ({
  type: 'table',
  rows: rows.map((r) => r.map((text) => ({ text, rowSpan: 1, colSpan: 1, covered: false }))),
});

const fixture = async (name: string) => (await processFile(`test/fixtures/facts/${name}`)).document;

describe('label reader: fields in a line', () => {
  it('reads several labels in one line, each value cut where the next label starts', () => {
    const f = fieldsIn('项目名称：森林防护服务项目编号/包号：XM-002采购人：某林场管理处');
    expect(f.map((x) => [x.kind, x.label, x.value])).toEqual([
      ['project', '项目名称', '森林防护服务'],
      ['code', '项目编号', 'XM-002'],
      ['agency', '采购人', '某林场管理处'],
    ]);
  });

  it('takes the longest label, and a label word inside another label is none', () => {
    expect(fieldsIn('采购人名称：某县人民医院').map((x) => x.label)).toEqual(['采购人名称']);
    // 采购人地址 is an address, not the buyer.
    expect(fieldsIn('采购人地址：某县人民路1号').map((x) => x.kind)).toEqual(['address']);
    expect(fieldsIn('6、采购单位项目联系人：李老师').map((x) => x.kind)).toEqual(['boundary']);
  });

  it('keeps the bracketed note between label and colon', () => {
    expect(fieldsIn('预算金额（万元）：86.5')[0]).toMatchObject({ kind: 'budget', note: '万元', value: '86.5' });
    expect(fieldsIn('采购人（甲方）：某市第一中学')[0]).toMatchObject({ kind: 'agency', note: '甲方', value: '某市第一中学' });
  });

  it('ends a value at a label it does not know when that label stands apart', () => {
    expect(fieldsIn('采购人：某区档案馆 传真号码：0571-1234')[0].value).toBe('某区档案馆 ');
  });

  it('joins a cell line wrapped by a narrow column, and splits where a line starts a label', () => {
    expect(cellLines('名称：某某自然保护区管理处（某某林场管\n理处）\n地址：某市某路1号')).toEqual([
      '名称：某某自然保护区管理处（某某林场管理处）', '地址：某市某路1号',
    ]);
  });
});

describe('label reader: label cells and key-value tables', () => {
  it('knows a cell that is a label and nothing else', () => {
    expect(labelCell('2.1 采购人')).toMatchObject({ kind: 'agency', label: '采购人' });
    expect(labelCell('预算金额（元）')).toMatchObject({ kind: 'budget', note: '元' });
    expect(labelCell('项目最高投标限价')).toMatchObject({ kind: 'cap', label: '最高投标限价' });
    expect(labelCell('报价明显低于成本或超出本文件规定的最高投标限价')).toBeNull();
    expect(labelCell('采购包预算金额')).toBeNull();
  });

  it('reads 序号 | 名称 | 内容 rows, with the name a party cell states', () => {
    const lines = tableLines(table([
      ['序号', '名称', '主要内容'],
      ['1', '招标人', '名称：某某商贸有限公司\n地址：某市某路1号'],
      ['2', '平台运营方', '名称：某某招标有限公司'],
      ['3', '项目名称', '某某商贸有限公司'],
    ])).map((l) => l.text);
    expect(lines).toContain('招标人：某某商贸有限公司');
    expect(lines).toContain('平台运营方：某某招标有限公司');
    expect(lines).toContain('项目名称：某某商贸有限公司');
  });

  it('reads label | value | label | value rows, and a header row of labels over one row of values', () => {
    const kv = tableLines(table([
      ['项目编号', 'XY-01', '项目名称', '某县智慧农业服务项目'],
      ['采购人', '某县农业农村局', '采购代理机构', '某某招标代理有限公司'],
    ])).map((l) => l.text);
    expect(kv).toEqual(expect.arrayContaining(['项目名称：某县智慧农业服务项目', '采购人：某县农业农村局', '采购代理机构：某某招标代理有限公司']));
    const head = tableLines(table([['采购单位', '采购项目名称', '采购预算（万元）'], ['某县水利局', '某县河道保洁服务项目', '45']]));
    expect(head.map((l) => [l.from, l.text])).toEqual([
      ['head', '采购单位：某县水利局'], ['head', '采购项目名称：某县河道保洁服务项目'], ['head', '采购预算（万元）：45'],
    ]);
  });

  it('does not pair the cells of a wide header or form row', () => {
    const lines = tableLines(table([
      ['序号', '年份', '项目名称', '项目内容', '服务时间', '合同金额'],
      ['1', '', '', '', '', ''],
    ])).map((l) => l.text);
    expect(lines.some((l) => l.startsWith('项目名称'))).toBe(false);
  });
});

describe('value cleaning and rejection', () => {
  it.each([
    ['某市第一中学（盖章）', '某市第一中学'],
    ['某县数据资源局（采购人）', '某县数据资源局'],
    ['东岳大学（以下简称“采购人”）', '东岳大学'],
    ['：某区卫生健康局。', '某区卫生健康局'],
    ['某某项目（采购人', '某某项目'],
    ['某县教育局，地址在某路', '某县教育局'],
    ['某管理处（某林场管理处）', '某管理处（某林场管理处）'],
  ])('%s → %s', (raw, clean) => expect(cleanValue(raw)).toBe(clean));

  it.each([
    ['招标人', 'label'],
    ['委托单位名称', 'label'],
    ['见投标人须知前附表', 'reference'],
    ['详见第一章招标公告', 'reference'],
    ['见第一章', 'reference'],
    ['XXX', 'placeholder'],
    ['＊＊＊', 'placeholder'],
    ['____________', 'placeholder'],
    ['[合同中心-采购单位名称]', 'placeholder'],
    ['是指依法进行政府采购的国家机关、事业单位、团体组织', 'definition'],
    ['□是■否', 'checkbox'],
  ])('%s is rejected as %s', (value, why) => expect(rejection(value)).toBe(why));

  it('lets a name through', () => {
    expect(rejection('某市人民医院')).toBeNull();
    expect(rejection('同仁医院信息化运维服务项目')).toBeNull();
  });
});

describe('amounts under money labels', () => {
  it('reads budget and cap of one line apart', () => {
    const a = amountsIn('3.项目预算金额：82.5万元、项目最高限价（如有）：80万元');
    expect(a.map((x) => [x.kind, x.yuan])).toEqual([['budget', 825000], ['cap', 800000]]);
    expect(budgetIn('最高限价为人民币 50 万元')).toBeNull();
    expect(capIn('最高限价为人民币：¥171867.30元')).toBe(171867.3);
  });

  it.each([
    ['采购预算金额在1000万元以上的项目，评标委员会为7人', null],
    ['投标保证金：不超过项目预算金额的2%', null],
    ['预算金额：1400元/组', null],
    ['预算单价：230元/人/月', null],
    ['代理服务费：1.2万元', null],
    ['投标报价超过采购预算的，投标无效', null],
    ['本项目不含税预算价为126.3万元/年', 1263000],
    ['预算金额(元) ：2980500。', 2980500],
    ['预算金额：人民币叁佰贰拾万元整（¥3,200,000.00）', 3200000],
    ['采购预算：100.00（万元）', 1000000],
  ] as const)('budget in %s → %s', (line, yuan) => expect(budgetIn(line)).toBe(yuan));

  it('reads a value given for the only lot', () => {
    expect(amountsIn('最高投标限价：包1-860000.00元')).toEqual([{ kind: 'cap', label: '最高投标限价', yuan: 860000, at: 0, lot: 1 }]);
  });
});

describe('facts from labelled fields', () => {
  it('skips a reference, a definition and a blank and takes the next candidate', () => {
    const f = factsOf([
      '1.1.1 采购人：是指依法进行政府采购的国家机关、事业单位、团体组织。',
      '1.1.2 采购人：见投标人须知前附表。',
      '项目名称：见投标人须知前附表',
      '甲方：________',
      '采购人：某区城市管理局',
      '项目名称：某区2026年道路保洁服务项目',
    ].join('\n'));
    expect([f.agency, f.project]).toEqual(['某区城市管理局', '某区2026年道路保洁服务项目']);
  });

  it('never takes an agent, a platform or a 采购中心 acting as agent for the buyer', () => {
    const f = factsOf('招标代理机构：某某工程咨询有限公司\n平台运营方：某某招标有限公司\n采购人：某市政府采购中心\n采购单位：某市疾病预防控制中心\n');
    expect(f.agency).toBe('某市疾病预防控制中心');
  });

  it('takes a masked buyer\'s full form from where the text names it whole, and no buyer where it never does', () => {
    const named = factsOf('采购人：＊＊＊区卫生健康局\n项目名称：区域影像云服务项目\n本项目由临江市云溪区卫生健康局负责组织实施。\n');
    expect(named.agency).toBe('临江市云溪区卫生健康局');
    expect(factsOf('采购人：＊＊＊卫生健康局\n项目名称：区域影像云服务项目\n本项目由医院负责组织实施。\n').agency).toBeNull();
  });

  it('gives the budget and the cap apart, the cap never as budget', () => {
    const f = factsOf('项目名称：某区食堂服务项目\n最高限价：98万元\n');
    expect([f.budget_cny, f.price_cap_cny]).toEqual([null, 980000]);
  });

  it('takes a fuller statement of a name cut short', () => {
    expect(factsOf('项目名称：某某商贸有限公司\n标段名称：华南区门店保洁服务\n').project).toBe('某某商贸有限公司华南区门店保洁服务');
    expect(factsOf('某县人民医院信息化运维服务项目\n招标文件\n').project).toBe('某县人民医院信息化运维服务项目');
  });
});

describe('documents laid out as published tenders', () => {
  it('a bureau\'s 磋商文件: cover with a redacted buyer, references in the notice, the facts in its 前附表', async () => {
    expect(await fixture('bureau-notice-preamble.txt')).toMatchObject({
      project: '青山市云溪区教育局2026年校园安保服务项目',
      agency: '青山市云溪区教育局',
      budget_cny: 2865000,
      price_cap_cny: 2800000,
      lots: [{ lot: 1, name: '校园安保服务', budget_cny: null }],
    });
  });

  it('a company\'s 招标文件: 项目名称 holds only the company, 标段名称 and the cover title the rest; budget per year in a note cell', async () => {
    expect(await fixture('company-project-lot-name.txt')).toMatchObject({
      project: '青禾商业有限公司华东区2025-2026年门店保洁外包服务',
      agency: '青禾商业有限公司',
      budget_cny: 3126000,
      price_cap_cny: null,
      lots: [],
    });
  });

  it('a school\'s notice: thresholds, deposits, unit caps and fees are no budget; capital numerals are', async () => {
    expect(await fixture('budget-traps.txt')).toMatchObject({
      project: '临江市第二中学食堂餐饮服务采购项目',
      agency: '临江市第二中学',
      budget_cny: 1260000,
      price_cap_cny: 1200000,
      lots: [],
    });
  });

  it('a hospital\'s notice: label | value | label | value table, 采购中心 named as 采购人, one 标项 not divided', async () => {
    expect(await fixture('hospital-notice-tables.html')).toMatchObject({
      project: '江北市第三人民医院影像设备维保服务采购项目',
      agency: '江北市第三人民医院',
      budget_cny: 2460000,
      price_cap_cny: 2400000,
      lots: [],
    });
  });

  it('a county\'s notice: a header row of labels over values, a 包名称 table, a lot line that is a sentence', async () => {
    expect(await fixture('county-header-row.html')).toMatchObject({
      project: '南溪县2026年高标准农田监测服务项目（第二次）',
      agency: '南溪县农业农村局',
      budget_cny: 986000,
      price_cap_cny: 960000,
      lots: [{ lot: 1, name: '高标准农田监测服务', budget_cny: 986000 }],
    });
  });

  it('a buyer blanked on the cover and spaced out further on takes its full form', async () => {
    expect(await fixture('spaced-and-blanked-names.txt')).toMatchObject({
      project: '临江市司法局2026年法律援助热线外包服务项目',
      agency: '临江市司法局',
      budget_cny: 860000,
    });
  });

  it('a university\'s two lots: budgets in brackets, a name cut at its clause, a sentence no name', async () => {
    expect(await fixture('university-lots-sentences.txt')).toMatchObject({
      project: '东岳大学2026年实验室危化品处置服务项目',
      agency: '东岳大学',
      budget_cny: 2400000,
      lots: [{ lot: 1, name: '危化品收集与运输', budget_cny: 1600000 }, { lot: 2, name: '', budget_cny: 800000 }],
    });
  });
});
