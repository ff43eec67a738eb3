// Varied synthetic tenders for the memory bench and start-up: each document its own project,
// buyer, agency, numbers and item wordings, in the layouts of corpus/ (labelled fields, a
// tab-per-cell purchase table in TXT, a <table> in HTML). The stages remember repeated lines,
// cells and header parts (pipeline/memo.ts); a corpus of copies would be served from those
// memos and hide what 100,000 distinct documents cost.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../scripts/fuzz.js';

/** Word pools: a line adds a word. */
const PLACES = [
  ['浙江省', '杭州市', ['西湖区', '拱墅区', '余杭区', '萧山区']], ['江苏省', '南京市', ['鼓楼区', '玄武区', '江宁区']],
  ['广东省', '广州市', ['天河区', '越秀区', '番禺区', '黄埔区']], ['四川省', '成都市', ['武侯区', '锦江区', '双流区']],
  ['湖北省', '武汉市', ['江汉区', '洪山区', '武昌区']], ['山东省', '济南市', ['历下区', '槐荫区', '章丘区']],
  ['福建省', '福州市', ['鼓楼区', '仓山区', '闽侯县']], ['河南省', '郑州市', ['金水区', '中原区', '新郑市']],
  ['陕西省', '西安市', ['雁塔区', '碑林区', '长安区']], ['湖南省', '长沙市', ['岳麓区', '芙蓉区', '浏阳市']],
  ['云南省', '昆明市', ['五华区', '盘龙区', '宜良县']], ['辽宁省', '沈阳市', ['和平区', '沈河区', '浑南区']],
  ['安徽省', '合肥市', ['蜀山区', '包河区', '庐江县']], ['江西省', '南昌市', ['东湖区', '红谷滩区', '进贤县']],
  ['河北省', '石家庄市', ['长安区', '桥西区', '正定县']], ['山西省', '太原市', ['小店区', '迎泽区', '清徐县']],
] as const;
const BUYERS = ['人民医院', '中医医院', '妇幼保健院', '疾病预防控制中心', '第一中学', '实验小学', '职业技术学院', '数据资源管理局',
  '市场监督管理局', '税务局', '公安局', '人力资源和社会保障局', '自然资源和规划局', '教育局', '卫生健康委员会', '街道办事处',
  '人民法院', '档案馆', '图书馆', '城市管理局', '交通运输局', '生态环境局'];
const AGENCIES = ['政府采购中心', '公共资源交易中心', '招标代理有限公司', '工程咨询有限公司', '项目管理有限公司', '建设管理有限公司'];
const AGENCY_NAMES = ['华信', '中正', '恒诚', '国信', '明德', '诚达', '远景', '新中天', '金鼎', '同创', '博远', '众合'];
const ROADS = ['人民路', '解放路', '中山路', '建设路', '文化路', '青年路', '新华路', '长江路', '和平路', '学府路'];

interface Kind { name: string; items: [string, string[], string][] }
/** Project kinds with their items: name, wordings that vary it, unit. */
const KINDS: Kind[] = [
  { name: '政务云租赁服务', items: [
    ['云主机', ['vCPU（主频不低于{n}GHz）', '云服务器（{n}核{m}G）', '虚拟机（通用型）'], '台'], ['内存', ['内存扩容', '内存（DDR{n}）'], 'GB'],
    ['存储', ['普通存储（单盘IOPS {n}）', '高性能存储（SSD）', '对象存储（{n}TB起）'], 'TB'], ['带宽', ['互联网带宽', '专线带宽（{n}Mbps）'], 'Mbps'],
    ['数据库', ['关系型数据库（{n}核）', '云数据库（主备）'], '套'], ['安全', ['Web应用防火墙', '主机安全防护（{n}节点）', '日志审计'], '套']] },
  { name: '物业管理服务', items: [
    ['保洁', ['公共区域保洁（{n}平方米）', '楼层日常保洁', '外墙清洗（每年{n}次）'], '项'], ['安保', ['门岗值守（{n}人）', '夜间巡逻', '监控室值班'], '人'],
    ['绿化', ['绿化养护（{n}平方米）', '苗木补植'], '项'], ['设备', ['电梯维保（{n}台）', '中央空调维护', '给排水维修'], '台']] },
  { name: '食堂劳务外包服务', items: [
    ['厨师', ['主厨（持证{n}年以上）', '面点师', '切配工'], '人'], ['服务员', ['餐厅服务员', '洗碗保洁员（{n}人）'], '人'],
    ['管理', ['食堂经理', '食品安全管理员'], '人']] },
  { name: '信息化设备采购', items: [
    ['计算机', ['台式计算机（i{n}处理器）', '便携式计算机（{n}英寸）', '一体机'], '台'], ['打印', ['激光打印机（A4黑白）', '彩色多功能一体机', '高速扫描仪（{n}ppm）'], '台'],
    ['网络', ['核心交换机（{n}口）', '接入交换机', '无线AP（Wi-Fi {n}）'], '台'], ['显示', ['交互式智能平板（{n}英寸）', '投影机（{m}流明）'], '套']] },
  { name: '视频监控系统运维服务', items: [
    ['前端', ['高清网络摄像机（{n}00万像素）', '球型摄像机', '人脸抓拍机'], '路'], ['存储', ['网络硬盘录像机（{n}盘位）', '存储扩容（{n}TB）'], '台'],
    ['运维', ['驻场运维（{n}人）', '季度巡检', '故障抢修（{n}小时到场）'], '项']] },
  { name: '服务器及存储设备采购', items: [
    ['服务器', ['机架式服务器（{n}路）', 'GPU服务器（{n}卡）', '刀片服务器'], '台'], ['存储', ['分布式存储（{n}TB）', '全闪存储阵列'], '套'],
    ['机房', ['精密空调（{n}kW）', 'UPS电源（{n}kVA）', '机柜（42U）'], '台']] },
];
const REQUIREMENTS = [
  '供应商须在合同签订后{n}日内完成部署并通过验收。', '服务期内提供7×24小时技术支持，故障响应时间不超过{n}分钟。',
  '投标人须具有有效的营业执照，近{n}年内无重大违法记录。', '本项目不接受联合体投标，不得转包或分包。',
  '履约保证金为合同金额的{n}%，验收合格后无息退还。', '付款方式：合同签订后支付{n}%，验收合格后支付余款。',
  '供应商须配备不少于{n}名专职服务人员，人员变更须经采购人同意。', '所投产品须符合国家强制性标准，提供原厂质保{n}年。',
  '数据须存放于中华人民共和国境内，符合网络安全等级保护第{c}级要求。', '投标文件须于{y}年{mo}月{d}日{h}时前递交至指定地点。',
  '评标采用综合评分法，价格分权重为{n}%。', '采购人有权对服务质量进行季度考核，考核不合格的扣减当期费用{n}%。',
];
const CN = ['一', '二', '三', '四'];

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** A wording with its {n}, {m}, {c}, {y}, {mo}, {d}, {h} filled in from `rand`. */
function fill(s: string, rand: () => number, year: number): string {
  return s.replace(/\{(n|m|c|y|mo|d|h)\}/g, (_, k: string) => String(
    k === 'n' ? int(rand, 2, 96) : k === 'm' ? int(rand, 2, 9) * 1000 : k === 'c' ? int(rand, 2, 3) : k === 'y' ? year
      : k === 'mo' ? int(rand, 1, 12) : k === 'd' ? int(rand, 1, 28) : int(rand, 9, 16)));
}

export interface VariedTender {
  project: string;
  buyer: string;
  budget: number;
  rows: { name: string; unit: string; qty: number; price: number }[];
  paragraphs: string[];
  fields: [string, string][];
}

/** Tender `i`: distinct project, buyer, numbers and wordings for every i. */
export function variedTender(i: number, rand: () => number): VariedTender {
  const [province, city, districts] = pick(rand, PLACES);
  const district = pick(rand, districts);
  const buyer = `${city}${rand() < 0.5 ? district : ''}${pick(rand, BUYERS)}`;
  const kind = pick(rand, KINDS);
  const year = int(rand, 2024, 2026);
  const project = `${buyer}${year}年${kind.name}项目（第${i + 1}批）`;
  const count = int(rand, 3, 24);
  const rows = Array.from({ length: count }, () => {
    const [, wordings, unit] = pick(rand, kind.items);
    return { name: fill(pick(rand, wordings), rand, year), unit, qty: int(rand, 1, 900), price: int(rand, 80, 90000) };
  });
  const budget = rows.reduce((s, r) => s + r.qty * r.price, 0);
  const agency = `${city}${pick(rand, AGENCY_NAMES)}${pick(rand, AGENCIES)}`;
  const fields: [string, string][] = [
    ['项目编号', `${String.fromCharCode(65 + int(rand, 0, 25), 65 + int(rand, 0, 25))}${year}-${int(rand, 1, 9999)}-${i}`],
    ['项目名称', project],
    ['采购方式', pick(rand, ['公开招标', '竞争性磋商', '询价', '竞争性谈判'])],
    ['采购人', buyer],
    ['采购人地址', `${province}${city}${district}${pick(rand, ROADS)}${int(rand, 1, 999)}号`],
    ['采购代理机构', agency],
    ['预算金额', `${budget.toLocaleString('en-US')}.00元`],
    ['服务期', `${pick(rand, [6, 12, 24, 36])}个月`],
  ];
  const paragraphs = Array.from({ length: int(rand, 3, 20) }, (_, k) => `${k + 1}.${fill(pick(rand, REQUIREMENTS), rand, year)}`);
  return { project, buyer, budget, rows, paragraphs, fields };
}

const HEADER = ['序号', '名称', '单位', '数量', '单价（元）', '合价（元）'];
const cells = (r: VariedTender['rows'][number], k: number) => [String(k + 1), r.name, r.unit, String(r.qty), String(r.price), String(r.qty * r.price)];

export function tenderText(t: VariedTender): string {
  const table = [HEADER, ...t.rows.map(cells)].map((row) => row.map((c) => `\t${c}`).join('\n')).join('\n\n');
  return [
    t.project, '招标文件', `${CN[0]}、项目基本情况`, ...t.fields.map(([k, v]) => `${k}：${v}`),
    `${CN[1]}、采购清单`, table, '', `${CN[2]}、其他要求`, ...t.paragraphs, '',
  ].join('\n');
}

export function tenderHtml(t: VariedTender): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const tr = (row: string[], tag: string) => `<tr>${row.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  return [
    '<!DOCTYPE html>', '<html><head><meta charset="utf-8">', `<title>${esc(t.project)}</title></head><body>`,
    `<h2>${esc(t.project)}</h2>`, `<h3>${CN[0]}、项目基本情况</h3>`, ...t.fields.map(([k, v]) => `<p>${k}：${esc(v)}</p>`),
    `<h3>${CN[1]}、采购清单</h3>`, '<table border="1">', tr(HEADER, 'th'), ...t.rows.map((r, k) => tr(cells(r, k), 'td')), '</table>',
    `<h3>${CN[2]}、其他要求</h3>`, ...t.paragraphs.map((p) => `<p>${esc(p)}</p>`), '</body></html>', '',
  ].join('\n');
}

/**
 * Write `count` varied tenders into `dir` (emptied first): every `htmlEvery`-th one as HTML, the
 * rest TXT (0: TXT only). The same seed writes the same files, so 1,000 are the first 1,000 of 100,000.
 */
export function writeVaried(dir: string, count: number, opts: { seed?: number; htmlEvery?: number } = {}): string[] {
  rmSync(dir, { recursive: true, force: true });
  const rand = prng(opts.seed ?? 7);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    // A few thousand files to a folder, as a real archive of notices is kept.
    const sub = join(dir, String(Math.floor(i / 5000)).padStart(3, '0'));
    if (i % 5000 === 0) mkdirSync(sub, { recursive: true });
    const t = variedTender(i, rand);
    const html = opts.htmlEvery ? i % opts.htmlEvery === opts.htmlEvery - 1 : false;
    const file = join(sub, `tender-${String(i).padStart(6, '0')}.${html ? 'html' : 'txt'}`);
    writeFileSync(file, html ? tenderHtml(t) : tenderText(t));
    files.push(file);
  }
  return files;
}
