import { describe, expect, it } from 'vitest';
import { parseTxt } from '../extractors/txt/reader.js';
import { budgetIn, capIn, findFacts, lotBudgets, lotMarker, placeBlocks, stripNumbering } from '../pipeline/facts/index.js';
import { processFile } from '../runtime/run.js';
import type { Block } from '../extractors/model.js';
import { doc, para, table } from './build-doc.js';

const factsOf = (text: string) => {
  const { blocks } = parseTxt(text);
  return findFacts({ blocks, warnings: [] }, placeBlocks(blocks));
};

describe('document facts of the seeds', () => {
  it('科协 tender: project from 项目名称, agency leading it, budget in 万元, service dates', async () => {
    const { document } = await processFile('corpus/000_039f6a7fe7b5dcbb.txt');
    expect(document).toMatchObject({
      status: 'ok', error: null, format: 'txt',
      project: '北京市科学技术协会综合服务中心2026年云计算服务政务云基础服务项目',
      agency: '北京市科学技术协会综合服务中心',
      budget_cny: 1627477.96,
      lots: [],
      service_start: '2026-03-26',
      service_end: '2027-03-26',
      tables: 6,
      items: 31,
    });
    expect(document.doc_id).toBe('1665580639c62039');
  });

  it('司法局 tender: project from the title, three named lots, no budget stated', async () => {
    const { document } = await processFile('corpus/003_a46c9a722c1cc422.txt');
    expect(document).toMatchObject({
      project: '北京市司法局2025年政务云租赁服务项目',
      agency: '北京市司法局',
      budget_cny: null,
      lots: [
        { lot: 1, name: '法律服务业务系统', budget_cny: null },
        { lot: 2, name: '综合日常业务系统', budget_cny: null },
        { lot: 3, name: '法治工作业务系统', budget_cny: null },
      ],
      tables: 7,
      items: 45,
    });
  });

  it('places each table under its section heading and lot', async () => {
    const { tables } = await processFile('corpus/003_a46c9a722c1cc422.txt');
    expect(tables.map((t) => [t.lot, t.section, t.kind])).toEqual([
      [1, '政务云基础服务', 'items'], [1, '政务云扩展服务', 'items'],
      [2, '政务云基础服务', 'items'],
      [3, '政务云基础服务', 'items'], [3, '政务云扩展服务', 'items'],
      [3, '云平台技术需求', 'requirements'], [3, '其他技术需求', 'requirements'],
    ]);
  });

  it('tells staffing and other tables from item tables', async () => {
    const { tables } = await processFile('corpus/000_039f6a7fe7b5dcbb.txt');
        // The catalogue of operations services (编号 | 服务类别 | 服务目录 | 项目, long descriptions, no quantities) lists requirements.
    expect(tables.map((t) => t.kind)).toEqual(['items', 'items', 'items', 'requirements', 'staffing', 'other']);
    expect(tables[4].header).toEqual(['岗位', '数量', '学历', '工作经验', '岗位需具备的上岗资格证等要求']);
  });
});

describe('facts from wording', () => {
  it('does not take a threshold in a rule for the budget', () => {
    expect(budgetIn('评标委员会成员人数应当为7人以上单数：采购预算金额在1000万元以上的项目')).toBeNull();
    const f = factsOf('项目名称：安全环保服务项目\n采购预算金额在1000万元以上的，评标委员会为7人。\n最高限价为人民币：¥171867.30元\n');
    // The cap is stated, the budget is not: the cap is never taken for it.
    expect([f.budget_cny, f.price_cap_cny]).toEqual([null, 171867.3]);
  });

  it('reads a period that runs from signing to a date as its end', () => {
    const f = factsOf('项目名称：食堂服务项目\n1．合同履行期：自签订合同期至2026年12月31日止。\n');
    expect([f.service_start, f.service_end]).toEqual([null, '2026-12-31']);
  });

  it('prefers the full form of a buyer named short first', () => {
    const f = factsOf('项目名称：食堂劳务服务项目\n采购人：市场监督管理局\n采购代理机构：某某招标有限公司\n三、招标人：上海市宝山区市场监督管理局\n');
    expect(f.agency).toBe('上海市宝山区市场监督管理局');
  });

  it('takes the buyer, never the agent', () => {
    const f = factsOf('项目名称：某市人民医院信息化运维服务项目\n采购代理机构：某某招标代理有限公司\n集中采购机构：某市公共资源交易中心\n采购人：某市人民医院\n');
    expect(f.agency).toBe('某市人民医院');
    expect(f.project).toBe('某市人民医院信息化运维服务项目');
  });

  it.each([
    ['预算金额：398.6000000 万元', 3986000],
    ['采购预算：3,860,000.00元', 3860000],
    ['项目预算金额：人民币壹佰万元整', 1000000],
    ['预算金额（万元）：120.5', 1205000],
    ['预算金额：¥1,000,000.00', 1000000],
    ['预算金额（元）：1,286,400.00', 1286400],
    ['采购预算：1,286,400.00元', 1286400],
  ])('budget %s → %s', (line, yuan) => expect(budgetIn(line)).toBe(yuan));

  it('reads a cap as a cap, never as a budget', () => {
    expect(budgetIn('最高限价为人民币 50 万元')).toBeNull();
    expect(capIn('最高限价为人民币 50 万元')).toBe(500000);
  });

  it.each([
    ['北京市司法局2025年政务云租赁服务项目（第一包：法律服务业务系统）', { lot: 1, name: '法律服务业务系统' }],
    ['第二包：综合日常业务系统', { lot: 2, name: '综合日常业务系统' }],
    ['包1：云资源租赁', { lot: 1, name: '云资源租赁' }],
    ['标段二 安全服务', { lot: 2, name: '安全服务' }],
    ['（二）第3包 数据库服务', { lot: 3, name: '数据库服务' }],
    ['标项一：档案数字化加工（预算金额：86万元）', { lot: 1, name: '档案数字化加工' }],
  ])('lot marker %s', (line, lot) => expect(lotMarker(line)).toEqual(lot));

  it('ignores lot words in running text', () => {
    expect(lotMarker('本项目分为两个包，投标人可同时投第一包和第二包。')).toBeNull();
    expect(lotMarker('服务内容包括：计算服务')).toBeNull();
  });

  it('gives each lot its budget and the document their sum', () => {
    const f = factsOf('某区教育局2026年政务云服务项目\n第一包：计算资源\n预算金额：100万元\n第二包：安全服务\n预算金额：20.5万元\n');
    expect(f.lots).toEqual([{ lot: 1, name: '计算资源', budget_cny: 1000000 }, { lot: 2, name: '安全服务', budget_cny: 205000 }]);
    expect(f.budget_cny).toBe(1205000);
    expect(f.agency).toBe('某区教育局');
  });

  it('takes the buyer from its contact block, never the agent\'s, whichever comes first', () => {
    const f = factsOf([
      '项目名称：非执法类辅助及后勤服务项目',
      '1.1 采购人：是指依法进行政府采购的国家机关、事业单位、团体组织。',
      '1.采购代理机构信息', '名 称：广东某某招标有限公司', '地址：广州市',
      '2.采购人信息', '名 称：国家税务总局某某县税务局', '地址：某某县',
    ].join('\n'));
    expect(f.agency).toBe('国家税务总局某某县税务局');
    const g = factsOf(['集中采购机构信息', '名称：某县政府采购中心', '采购人信息', '名称：某县卫生健康局'].join('\n'));
    expect(g.agency).toBe('某县卫生健康局');
    expect(factsOf('采购代理机构信息\n名称：某某招标代理有限公司\n').agency).toBeNull();
    expect(factsOf('采购人（甲方）：某市第一中学（盖章）\n').agency).toBe('某市第一中学');
  });

  it('ends the project name where the next label starts', () => {
    expect(factsOf('项目名称：森林防火队员综合保障项目餐饮服务项目编号/包号：11000025210200159640-XM002\n').project).toBe('森林防火队员综合保障项目餐饮服务');
    expect(factsOf('项目名称：某集团安全环保管家项目（二次）资金来源：自筹资金\n').project).toBe('某集团安全环保管家项目（二次）');
  });

  it('takes a project name wrapped on the cover from where it stands whole', () => {
    const f = factsOf('项目名称：国家税务总局阳西县税务局非执法类辅助及后\n勤服务项目\n一、项目基本情况\n项目名称：国家税务总局阳西县税务局非执法类辅助及后勤服务项目\n');
    expect(f.project).toBe('国家税务总局阳西县税务局非执法类辅助及后勤服务项目');
  });

  it.each([
    ['预算金额：300.00万元，其中第一包256.80万元，第二包43.20万元。', 16, [{ lot: 1, budget_cny: 2568000 }, { lot: 2, budget_cny: 432000 }]],
    ['项目预算：人民币560万元（包1：418万元；包2：142万元）', 14, [{ lot: 1, budget_cny: 4180000 }, { lot: 2, budget_cny: 1420000 }]],
    ['标段一预算金额：3,600,000.00元', 0, [{ lot: 1, budget_cny: 3600000 }]],
    ['合同包2（安全服务）预算金额：43.2万元', 0, [{ lot: 2, budget_cny: 432000 }]],
    ['投标保证金：包1：2万元；包2：1万元', -1, []],
  ] as const)('lot budgets in %s (first lot at %s)', (line, at, lots) => {
    expect(lotBudgets(line)).toEqual({ at, lots });
  });

  it('reads money after a lot number as a budget, not as the lot\'s name', () => {
    expect(lotMarker('标段一预算金额：3,600,000.00元')).toBeNull();
    expect(lotMarker('项目预算：人民币560万元（包1：418万元；包2：142万元）')).toBeNull();
    expect(lotMarker('合同包1：政务云服务')).toEqual({ lot: 1, name: '政务云服务' });
    expect(lotMarker('合同包1(政务云计算及存储资源):')).toEqual({ lot: 1, name: '政务云计算及存储资源' });
    // A template's title is no lot name.
    expect(lotMarker('包 1 合同模板：')).toEqual({ lot: 1, name: '' });
  });

  it('gives lots their budgets from budget lines stated before the lots are named', () => {
    const f = factsOf('某区2025年度物业管理服务项目\n预算总金额：5,800,000.00元\n标段一预算金额：3,600,000.00元\n标段二预算金额：2,200,000.00元\n标段一：综合楼物业管理服务\n标段二：档案馆物业管理服务\n');
    expect(f.budget_cny).toBe(5800000);
    expect(f.lots).toEqual([{ lot: 1, name: '综合楼物业管理服务', budget_cny: 3600000 }, { lot: 2, name: '档案馆物业管理服务', budget_cny: 2200000 }]);
  });

  it('places a table under its lot heading when no heading follows', () => {
    const { blocks } = parseTxt('包1：物理服务器租赁服务\n项目预算：418万元\n\t名称\n\t数量\n\n\t服务器\n\t2\n');
    expect(placeBlocks(blocks)[2]).toEqual({ section: '包1：物理服务器租赁服务', lot: 1 });
  });

  it('strips heading numbering', () => {
    expect(stripNumbering('（1） 政务云基础服务')).toBe('政务云基础服务');
    expect(stripNumbering('（一）“数字科协”数据汇聚与分析平台政务云基础服务')).toBe('“数字科协”数据汇聚与分析平台政务云基础服务');
    expect(stripNumbering('1. 基本要求')).toBe('基本要求');
    expect(stripNumbering('2.1  服务内容')).toBe('服务内容');
    expect(stripNumbering('第三章 采购需求')).toBe('采购需求');
  });
});

describe('facts of hand-built documents', () => {
  const factsOf = (blocks: Block[]) => {
    const f = findFacts(doc(blocks), placeBlocks(blocks));
    return { project: f.project, agency: f.agency, budget_cny: f.budget_cny, price_cap_cny: f.price_cap_cny, project_code: f.project_code, lots: f.lots };
  };

  it('a notice: project, code, budget in 万元 and a 最高限价 apart, the buyer and not the agent', () => {
    expect(factsOf([
      para('某市数据局2026年政务云服务项目公开招标公告'), para('项目编号：ABC-2026-001'), para('项目名称：某市数据局2026年政务云服务项目'),
      para('预算金额：398.6万元'), para('最高限价：390万元'), para('采购人：杭州市数据资源管理局'), para('采购代理机构：浙江某某招标代理有限公司'),
    ])).toEqual({
      project: '某市数据局2026年政务云服务项目', agency: '杭州市数据资源管理局', budget_cny: 3_986_000, price_cap_cny: 3_900_000, project_code: 'ABC-2026-001', lots: [],
    });
  });

  it('a budget in capitals with the figure in brackets, and 采购人名称', () => {
    expect(factsOf([para('项目名称：成都市卫生健康委员会云资源租赁项目'), para('采购预算：人民币壹佰贰拾万元整（¥1,200,000.00）'), para('采购人名称：成都市卫生健康委员会')]))
      .toMatchObject({ project: '成都市卫生健康委员会云资源租赁项目', agency: '成都市卫生健康委员会', budget_cny: 1_200_000, price_cap_cny: null });
  });

  it('a 前附表 of label | value rows', () => {
    expect(factsOf([table([['项目名称', '武汉市自然资源和规划局数据中心云服务项目'], ['采购人', '武汉市自然资源和规划局'], ['预算金额', '150万元'], ['最高限价', '148万元']])]))
      .toEqual({ project: '武汉市自然资源和规划局数据中心云服务项目', agency: '武汉市自然资源和规划局', budget_cny: 1_500_000, price_cap_cny: 1_480_000, project_code: null, lots: [] });
  });

  it('lots from their lines, each with its budget, the whole budget in 元 as stated', () => {
    expect(factsOf([
      para('采购人：南京市教育局'), para('项目名称：南京市教育局智慧校园云服务项目'), para('预算金额（元）：2,560,000.00'),
      para('第一包：云计算资源，预算金额：200万元'), para('第二包：云安全服务，预算金额：56万元'),
    ])).toMatchObject({ budget_cny: 2_560_000, lots: [{ lot: 1, name: '云计算资源', budget_cny: 2_000_000 }, { lot: 2, name: '云安全服务', budget_cny: 560_000 }] });
  });

  it('lots from a 包号 | 包名称 | 预算金额（万元） table, the budget their sum', () => {
    expect(factsOf([para('项目名称：济南市市场监督管理局云平台项目'), para('采购人：济南市市场监督管理局'), table([['包号', '包名称', '预算金额（万元）'], ['1', '云主机租赁', '80'], ['2', '云存储租赁', '40']])]))
      .toMatchObject({ budget_cny: 1_200_000, lots: [{ lot: 1, name: '云主机租赁', budget_cny: 800_000 }, { lot: 2, name: '云存储租赁', budget_cny: 400_000 }] });
  });

  it('a deposit is no budget', () => {
    expect(factsOf([para('项目名称：福州市人力资源和社会保障局云服务项目'), para('采购人：福州市人力资源和社会保障局'), para('投标保证金：1万元')]).budget_cny).toBeNull();
  });
});
