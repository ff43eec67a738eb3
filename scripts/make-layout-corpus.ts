// The Word and PDF documents of the layout corpus (corpus/*_2025|2026.docx|pdf written for
// test/layouts.test.ts and the gold in test/expected/layouts.*): small complete tenders whose
// tables use the layouts published tenders use — real vertical merges (vMerge) and column spans
// (gridSpan), two-row grouped headers, key–value 前附表, inventories of the buyer's equipment,
// price forms that restate the purchase list. The PDF is the Word document printed by
// LibreOffice (`soffice`), as buyers publish them; its DOCX is not kept, so the corpus holds each
// document once.
//
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-layout-corpus.js [--out DIR]
//
// The TXT and HTML documents of the same corpus are written by hand and live in corpus/ as they are.
// This script reads nothing of the pipeline, so it builds the same bytes whatever the pipeline does.
import { execFileSync } from 'node:child_process';
import { repoRoot, toPdf } from './make-fixtures.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { docxOf, outRoot } from './fixture-bytes.js';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AlignmentType, Document, HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType,
  type ISectionOptions,
} from 'docx';

export type Child = Paragraph | Table;

/** A cell: its text (lines split on \n), spread over `span` grid columns, starting or continuing a vertical merge. */
export type Cell = string | { text: string; span?: number; merge?: 'start' | 'cont' };

const FONT = { ascii: 'Noto Serif CJK SC', eastAsia: 'Noto Serif CJK SC', hAnsi: 'Noto Serif CJK SC' };

const run = (text: string, bold = false) => new TextRun({ text, bold, font: FONT, size: 21 });
/** A body paragraph. */
export const p = (text: string) => new Paragraph({ children: [run(text)] });
/** A chapter heading (第一章 …), Word's Heading 1. */
export const h1 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(text, true)] });
/** A section heading (一、… / （一）…), Word's Heading 2. */
export const h2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text, true)] });
export const title = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: true, font: FONT, size: 32 })] });
export const centered = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text)] });

function cell(c: Cell): TableCell {
  const spec = typeof c === 'string' ? { text: c } : c;
  return new TableCell({
    children: (spec.text ? spec.text.split('\n') : ['']).map((line) => new Paragraph({ children: [run(line)] })),
    columnSpan: spec.span && spec.span > 1 ? spec.span : undefined,
    verticalMerge: spec.merge === 'start' ? VerticalMergeType.RESTART : spec.merge === 'cont' ? VerticalMergeType.CONTINUE : undefined,
  });
}

/** A ruled table over the A4 text width; `weights` share the width out between the grid columns. */
export function table(rows: Cell[][], weights?: number[], headerRows = 1): Table {
  const columns = rows[0].reduce<number>((n, c) => n + (typeof c === 'string' ? 1 : (c.span ?? 1)), 0);
  const w = weights ?? new Array<number>(columns).fill(1);
  if (w.length !== columns) throw new Error(`table of ${columns} columns given ${w.length} widths`);
  const sum = w.reduce((a, b) => a + b, 0);
  const columnWidths = w.map((x) => Math.floor((9000 * x) / sum));
  return new Table({
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    rows: rows.map((r, i) => new TableRow({ tableHeader: i < headerRows, children: r.map(cell) })),
  });
}

export const start = (text: string): Cell => ({ text, merge: 'start' });
export const cont: Cell = { text: '', merge: 'cont' };

export function document(name: string, children: Child[]): Document {
  return new Document({
    creator: '采购代理机构',
    title: name,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [{ children } as ISectionOptions],
  });
}

// ---------- 庐江县数据资源局 (county bureau, DOCX): a 前附表, hosts sold whole, a grouped 资源配置 header ----------

function lujiang(): Document {
  const name = '庐江县2025年政务信息系统迁移上云及云资源租赁服务项目';
  return document(name, [
    title(name),
    centered('公开招标文件'),
    centered('项目编号：LJCG-2025-0932'),
    centered('二〇二五年九月'),
    h1('第一章 投标人须知前附表'),
    table([
      ['序号', '条款名称', '编列内容'],
      ['1', '采购人', '庐江县数据资源局（采购人）\n地址：庐江县庐城镇文昌路66号\n联系人：王工  电话：0551-87312605'],
      ['2', '采购代理机构', '安徽皖信项目管理有限公司\n地址：合肥市蜀山区长江西路500号\n联系人：许工  电话：0551-65238817'],
      ['3', '项目名称', name],
      ['4', '项目编号', 'LJCG-2025-0932'],
      ['5', '预算金额', '人民币贰佰壹拾伍万元整（¥2,150,000.00）'],
      ['6', '最高限价', '¥2,100,000.00，投标报价超过最高限价的投标无效'],
      ['7', '投标保证金', '人民币贰万元整（¥20,000.00）'],
      ['8', '服务期限', '自合同签订之日起三年'],
      ['9', '是否分包', '本项目不分包'],
      ['10', '评标方法', '综合评分法'],
    ], [1, 3, 9]),
    p(''),
    h1('第二章 采购需求'),
    h2('一、项目概况'),
    p('庐江县现有不动产登记、12345政务服务热线、基层社会治理等业务系统分散部署于各部门机房。本项目租用政务云资源，将上述系统迁移上云，并由中标人提供三年的云资源租赁及运维服务。'),
    h2('二、通用云资源需求'),
    table([
      ['序号', '资源名称', '单位', '需求数量', '使用期限（年）'],
      ['1', '云服务器（4核8G）', '台', '20', '3'],
      ['2', '云服务器（8核16G）', '台', '8', '3'],
      ['3', '云服务器（16核64G）', '台', '2', '3'],
      ['4', '普通云硬盘', 'TB', '30', '3'],
      ['5', '互联网带宽', 'Mbps', '100', '3'],
      ['6', '政务外网接入', '条', '1', '3'],
      ['7', '业务系统迁移上云服务', '项', '1', '/'],
    ], [1, 5, 1.5, 2, 2.5]),
    p('注：云服务器均含50GB系统盘及国产操作系统。'),
    h2('三、业务系统专属云主机配置'),
    p('下列业务系统的云主机单独开通、独立计费，配置如下：'),
    table([
      [start('序号'), start('业务系统'), { text: '资源配置', span: 3 }, start('需求数量（台）'), start('使用期限（年）')],
      [cont, cont, 'CPU（核）', '内存（GB）', '数据盘（GB）', cont, cont],
      ['1', '不动产登记系统', '8', '32', '500', '4', '3'],
      ['2', '12345政务服务热线系统', '8', '16', '300', '3', '3'],
      ['3', '基层社会治理平台', '16', '64', '1000', '2', '3'],
    ], [1, 4, 1.5, 1.5, 1.8, 1.8, 1.8], 2),
    p(''),
    h2('四、评分标准'),
    table([
      ['评分项', '评分标准', '分值'],
      ['价格', '以满足招标文件要求的最低投标报价为基准价，价格分满分', '30'],
      ['迁移方案', '迁移步骤、割接计划及回退措施完整可行', '25'],
      ['云平台能力', '云平台通过等保三级测评、具备同城灾备能力', '25'],
      ['服务保障', '驻场人员安排、故障响应承诺', '20'],
    ], [2, 8, 1]),
    p(''),
    h1('第三章 合同主要条款'),
    p('合同一年一签，服务期满经考核合格后续签，最长不超过三年。'),
  ]);
}

// ---------- 青岛市大数据发展管理局 (city, DOCX): servers, a storage array and licences bought as goods; inventories ----------

function qingdao(): Document {
  const name = '青岛市大数据发展管理局2026年政务数据中心服务器及存储扩容采购项目';
  return document(name, [
    title(name),
    centered('招标文件'),
    centered('采购人：青岛市大数据发展管理局'),
    centered('采购代理机构：青岛海正招标有限公司'),
    h1('第一章 招标公告'),
    h2('一、项目基本情况'),
    p('项目编号：QDZFCG-2026-0311'),
    p(`项目名称：${name}`),
    p('采购方式：公开招标'),
    p('预算金额：365万元'),
    p('本项目划分为两个采购包：'),
    p('包1：服务器及存储设备（预算：298万元）'),
    p('包2：基础软件（预算：67万元）'),
    p('交货期：合同签订后30日内完成供货、安装及调试。'),
    h2('二、联系方式'),
    p('采购人：青岛市大数据发展管理局'),
    p('地址：青岛市市南区香港中路18号'),
    p('采购代理机构：青岛海正招标有限公司'),
    p('地址：青岛市崂山区海尔路178号'),
    h1('第二章 采购需求'),
    h2('一、现有设备清单'),
    p('政务数据中心现有主要设备如下，新购设备须与之兼容并纳入统一管理：'),
    table([
      ['序号', '设备类型', '设备名称', '品牌型号', '数量', '购买年份', '备注'],
      ['1', start('服务器'), '机架式服务器', '浪潮NF5280M5', '12', '2019', '虚拟化资源池'],
      ['2', cont, '机架式服务器', '华为2288H V5', '6', '2020', '数据库服务器'],
      ['3', '存储', '磁盘阵列', '华为OceanStor 5300 V5', '1', '2019', '2026年6月过保'],
      ['4', '网络', '光纤交换机', '博科G620', '2', '2019', ''],
    ], [1, 1.5, 2.5, 3, 1, 1.5, 2.5]),
    p(''),
    h2('二、包1：服务器及存储设备'),
    table([
      ['序号', '设备名称', '技术参数', '单位', '数量', '备注'],
      ['1', '机架式服务器', '2颗处理器，单颗物理核心≥32核，主频≥2.8GHz；内存≥512GB；4块1.92TB SSD；双万兆网卡', '台', '8', '扩充虚拟化资源池'],
      ['2', '全闪存储阵列', '双控制器，缓存≥256GB，有效容量≥200TB，支持与现有磁盘阵列组成双活', '台', '1', ''],
      ['3', '光纤交换机', '48口，16Gb FC端口全部激活，含光模块', '台', '2', ''],
      ['4', '服务器内存扩容', '64GB DDR4 RDIMM，用于现有机架式服务器', '条', '32', ''],
    ], [1, 2.5, 7, 1, 1, 2]),
    p(''),
    h2('三、包2：基础软件'),
    table([
      ['序号', '设备名称', '技术参数', '单位', '数量', '备注'],
      ['1', '服务器操作系统', '国产服务器操作系统V10，永久授权，含三年升级服务', '套', '8', ''],
      ['2', '数据库管理系统', '国产关系型数据库企业版，支持主备部署', '套', '2', ''],
    ], [1, 2.5, 7, 1, 1, 2]),
    p(''),
    h2('四、维保设备清单'),
    p('中标人须在质保期内同时承担下列原有设备的维护保养，费用含在投标报价中：'),
    table([
      ['序号', '设备名称', '品牌型号', '数量', '备注'],
      ['1', '机架式服务器', '浪潮NF5280M5', '12', '含原厂硬盘更换'],
      ['2', '磁盘阵列', '华为OceanStor 5300 V5', '1', '每季度巡检一次'],
      ['3', '光纤交换机', '博科G620', '2', ''],
    ], [1, 3, 4, 1, 4]),
    p(''),
    h2('五、商务要求'),
    p('1.质保期：服务器及存储设备原厂三年质保，软件三年免费升级；'),
    p('2.付款方式：验收合格后支付合同金额的95%，质保期满一年后支付余款。'),
  ]);
}

// ---------- 衡阳市第六人民医院 (hospital, printed to PDF): 服务名称 merged beside 服务内容/规格, 数量（单位）, price forms ----------

function hengyang(): Document {
  const name = '衡阳市第六人民医院智慧医院云资源租用服务项目';
  return document(name, [
    title(name),
    centered('公开招标文件'),
    h1('第一章 招标公告'),
    p('湖南衡信招标有限公司受衡阳市第六人民医院委托，对本项目进行公开招标，欢迎合格投标人参加。'),
    h2('一、项目基本情况'),
    p(`项目名称：${name}`),
    p('项目编号：HYZC-2026-0207'),
    p('采购人：衡阳市第六人民医院'),
    p('采购代理机构：湖南衡信招标有限公司'),
    p('预算金额：168万元'),
    p('最高限价：165万元'),
    p('投标保证金：1.5万元'),
    p('服务期限：12个月'),
    h2('二、投标人资格要求'),
    p('1.具有独立承担民事责任的能力；'),
    p('2.所投云平台须通过网络安全等级保护第三级测评。'),
    h1('第二章 采购需求'),
    h2('一、项目概况'),
    p('为支撑医院HIS、PACS、电子病历等系统上云运行，医院拟租用云计算、存储、网络及安全资源，服务期12个月。'),
    h2('二、云资源租用清单'),
    table([
      ['序号', '服务名称', '服务内容/规格', '数量（单位）', '服务期限'],
      ['1', start('云主机服务'), 'vCPU（主频不低于2.4GHz）', '256（核）', '12个月'],
      ['2', cont, '内存', '1024（GB）', '12个月'],
      ['3', start('云存储服务'), '高性能块存储（SSD，IOPS不低于20000）', '20（TB）', '12个月'],
      ['4', cont, '对象存储（医学影像归档）', '100（TB）', '12个月'],
      ['5', cont, '异地容灾备份', '50（TB）', '12个月'],
      ['6', start('网络服务'), '互联网带宽', '200（Mbps）', '12个月'],
      ['7', cont, '医保专线', '2（条）', '12个月'],
      ['8', '安全服务', 'Web应用防火墙', '4（个站点）', '12个月'],
    ], [1, 2.3, 5.2, 3, 1.8]),
    p(''),
    h2('三、技术要求'),
    p('1.云平台整体可用性不低于99.95%；'),
    p('2.对象存储支持DICOM影像按生命周期自动沉降；'),
    p('3.异地容灾备份中心与生产中心直线距离不小于100公里。'),
    h2('四、评分标准'),
    table([
      ['评分项', '评分内容', '分值'],
      ['价格分', '满足招标文件要求且投标报价最低的为基准价', '30'],
      ['技术方案', '云资源部署、迁移及容灾方案的完整性', '35'],
      ['医疗行业业绩', '近三年医疗机构云服务业绩，每个得2分', '10'],
      ['服务承诺', '故障响应时间、驻场服务安排', '25'],
    ], [2, 8, 1]),
    p(''),
    h1('第三章 投标文件格式'),
    h2('一、开标一览表'),
    table([
      ['项目名称', '投标总价（元）', '服务期限', '备注'],
      ['', '', '', ''],
    ], [4, 3, 2, 2]),
    p(''),
    h2('二、分项报价表'),
    table([
      ['序号', '服务名称', '数量', '单位', '单价（元/月）', '服务期（月）', '总价（元）'],
      ['1', 'vCPU', '256', '核', '', '12', ''],
      ['2', '内存', '1024', 'GB', '', '12', ''],
      ['3', '高性能块存储', '20', 'TB', '', '12', ''],
      ['4', '对象存储', '100', 'TB', '', '12', ''],
      ['5', '异地备份', '50', 'TB', '', '12', ''],
      ['6', '互联网带宽', '200', 'Mbps', '', '12', ''],
      ['7', '医保专线', '2', '条', '', '12', ''],
      [{ text: '合计', span: 6 }, ''],
    ], [1, 3, 1.2, 1.2, 2, 1.6, 2]),
    p(''),
    p('投标人（盖章）：                日期：'),
  ]);
}

// ---------- 绍兴市柯桥区人民法院 (court, printed to PDF): broad names repeated on every row, header words over two
// lines in a cell, a list long enough to run onto the next page under its repeated header, 标项一, spaced labels ----------

function keqiao(): Document {
  const name = '绍兴市柯桥区人民法院智慧法院云资源租赁服务项目';
  const requirements = [
    '云平台应部署在浙江省内，机房达到GB 50174 A级标准，具备双路市电及柴油发电机保障；',
    '云平台须通过网络安全等级保护第三级测评，并能配合采购人完成审判业务系统的等级保护测评；',
    '云主机支持在线扩容CPU及内存，单台云主机最大支持64个vCPU、512GB内存；',
    '云硬盘支持快照、克隆及在线扩容，高性能SSD云硬盘单盘IOPS不低于20000；',
    '文件存储支持NFS及CIFS协议，可供庭审录像转码服务器共享挂载；',
    '对象存储支持生命周期管理，庭审录像保存期限不少于十五年，数据持久性不低于99.9999999%；',
    '法院专网接入专线须采用物理隔离链路，与互联网区之间通过网闸交换数据；',
    '云平台须提供统一运维管理门户，采购人可查看资源使用率、告警及账单；',
    '中标人须在合同签订后15个工作日内完成资源开通，并配合完成业务系统迁移；',
    '中标人须提供7×24小时技术支持，重大故障30分钟内响应、2小时内恢复；',
    '服务期满或合同终止时，中标人须配合采购人完成数据迁出，并在迁出确认后彻底删除采购人数据。',
  ];
  const head = ['序号', '服务名称', '服务内容', '单位', '需求\n数量', '租用时长\n（月）'];
  const rows = [
    ['1', '弹性计算服务', '通用型云主机（8vCPU/32GB）', '台', '12', '12'],
    ['2', '弹性计算服务', '计算型云主机（16vCPU/32GB）', '台', '6', '12'],
    ['3', '弹性计算服务', 'GPU云主机（含1块推理显卡）', '台', '1', '12'],
    ['4', '存储服务', '高性能云硬盘（SSD）', 'TB', '30', '12'],
    ['5', '存储服务', '文件存储（NAS）', 'TB', '20', '12'],
    ['6', '存储服务', '庭审录像归档存储（对象存储）', 'TB', '300', '12'],
    ['7', '网络服务', '法院专网接入专线', '条', '2', '12'],
    ['8', '网络服务', '互联网带宽（BGP）', 'Mbps', '100', '12'],
    ['9', '安全服务', '主机安全防护', '台', '19', '12'],
    ['10', '安全服务', '数据库审计', '套', '1', '12'],
    ['11', '安全服务', '网页防篡改', '个站点', '3', '12'],
  ];
  return document(name, [
    title(name),
    centered('公开招标文件'),
    centered('项目编号：ZJSX-KQ-2026-031'),
    h1('第一章 招标公告'),
    p('浙江越信招标咨询有限公司受绍兴市柯桥区人民法院委托，对本项目进行公开招标。'),
    h2('一、项目基本情况'),
    p(`项目名称：${name}`),
    p('项目编号：ZJSX-KQ-2026-031'),
    p('采  购  人：绍兴市柯桥区人民法院'),
    p('采购代理机构：浙江越信招标咨询有限公司'),
    p('预 算 金 额：人民币壹佰捌拾陆万元整（¥1,860,000.00）'),
    p('最高限价：180万元'),
    p('标项一：智慧法院云资源租赁（预算金额：186万元）'),
    p('服务期：2026年7月1日至2027年6月30日'),
    h1('第二章 采购需求'),
    h2('一、项目背景'),
    p('为支撑电子卷宗随案同步生成、庭审录音录像、网上立案及诉讼服务等业务，我院拟租用云计算资源，将现有审判业务系统迁移至云平台运行。'),
    h2('二、总体技术要求'),
    ...requirements.map((t, i) => p(`${i + 1}.${t}`)),
    p('以上要求为实质性要求，投标人须逐条响应。'),
    h2('三、云资源租赁清单'),
    table([head, ...rows], [1, 2.5, 5.5, 1.3, 1.3, 1.6]),
    p('注：清单数量为预估量，按实际开通量按月结算。'),
    h1('第三章 投标文件格式'),
    h2('一、报价明细表'),
    table([
      ['序号', '服务内容', '单位', '数量', '单价（元/月）', '租用时长（月）', '合价（元）'],
      ['1', '通用型云主机', '台', '12', '', '12', ''],
      ['2', '计算型云主机', '台', '6', '', '12', ''],
      ['3', 'GPU云主机', '台', '1', '', '12', ''],
      ['4', '高性能云硬盘', 'TB', '30', '', '12', ''],
      ['5', '文件存储', 'TB', '20', '', '12', ''],
      ['6', '归档存储', 'TB', '300', '', '12', ''],
      ['7', '专网专线', '条', '2', '', '12', ''],
      ['8', '互联网带宽', 'Mbps', '100', '', '12', ''],
      ['9', '主机安全', '台', '19', '', '12', ''],
      ['10', '数据库审计', '套', '1', '', '12', ''],
      ['11', '网页防篡改', '个站点', '3', '', '12', ''],
      ['12', '其他费用（如有）', '项', '1', '', '12', ''],
      [{ text: '合计（元）', span: 6 }, ''],
    ], [1, 3, 1.2, 1.2, 2, 2, 2]),
    p(''),
    p('投标人名称（盖章）：                日期：'),
  ]);
}



export const LAYOUT_DOCX: [string, () => Document][] = [
  ['lujiang_county_data_bureau_cloud_migration_2025.docx', lujiang],
  ['qingdao_city_bigdata_server_storage_goods_2026.docx', qingdao],
];
export const LAYOUT_PDF: [string, () => Document][] = [
  ['hengyang_no6_hospital_cloud_rent_2026.pdf', hengyang],
  ['shaoxing_keqiao_court_cloud_lease_2026.pdf', keqiao],
];

/** Writes the Word documents into corpus/, and the others printed to PDF by LibreOffice (the DOCX not kept). */
export async function writeCorpus(docx: [string, () => Document][], pdf: [string, () => Document][]): Promise<void> {
  const corpus = join(outRoot(process.argv.slice(2), repoRoot()), 'corpus');
  mkdirSync(corpus, { recursive: true });
  for (const [file, build] of docx) {
    writeFileSync(join(corpus, file), await docxOf(build));
    console.log(`corpus/${file}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'corpus-'));
  try {
    for (const [file, build] of pdf) {
      const word = join(work, file.replace(/\.pdf$/, '.docx'));
      writeFileSync(word, await docxOf(build));
      writeFileSync(join(corpus, file), readFileSync(toPdf(word, work)));
      console.log(`corpus/${file}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const main = () => writeCorpus(LAYOUT_DOCX, LAYOUT_PDF);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
