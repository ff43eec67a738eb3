// Service classification: rules over jieba tokens of the row's subcategory, item and category.
// A rule names words; it matches a text when a run of consecutive tokens spells one of them
// (so 本地备份 matches 本地|备份, and IP does not match inside APT). Words marked `~` are
// generic (存储, 链路): they count half, so 静态存储 in the subcategory outweighs 存储 in the
// item. Each text votes; the head of the item text weighs most, then the subcategory, the
// item's tail and the category least.
import type { Service } from '../schemas/records.js';
import { spelled, spells, type Spelled } from './words.js';
import { memo } from './memo.js';

interface Rule { service: Service; words: string[] }

/** Most specific first: the first rule that matches a text is that text's vote. */
const RULES: Rule[] = [
  { service: 'other.sms', words: ['短信', '短消息'] },
  { service: 'security.anti_ddos', words: ['抗ddos', 'ddos', '流量清洗', '抗d'] },
  { service: 'security.waf', words: ['waf', 'web应用防火墙', '应用防火墙', 'web防火墙'] },
  { service: 'security.web_tamper', words: ['防篡改', '网页防篡改'] },
  { service: 'security.apt', words: ['apt'] },
  { service: 'security.db_audit', words: ['数据库审计'] },
  { service: 'security.log_audit', words: ['日志审计'] },
  { service: 'security.vuln_scan', words: ['漏洞扫描', '漏扫', '脆弱性扫描'] },
  { service: 'security.antivirus', words: ['杀毒', '防病毒', '病毒查杀'] },
  { service: 'security.host_protection', words: ['主机防护', '主机安全', '主机加固', 'hids', '终端安全'] },
  { service: 'network.remote_access', words: ['远程接入', '堡垒机', '运维审计'] },
  { service: 'network.vpn', words: ['vpn'] },
  { service: 'network.load_balancer', words: ['负载均衡', 'slb'] },
  { service: 'network.dedicated_line', words: ['专线', '政务外网', '~电路'] },
  { service: 'network.public_ip', words: ['ip地址', '公网ip', '弹性ip', 'eip', '互联网ip'] },
  { service: 'network.bandwidth', words: ['带宽', '互联网链路', 'bandwidth', '~链路'] },
  { service: 'storage.offsite_backup', words: ['异地备份', '同城备份', '异地容灾', '容灾备份'] },
  { service: 'storage.backup', words: ['本地备份', '~备份'] },
  { service: 'storage.centralized', words: ['集中式存储', 'san存储'] },
  { service: 'storage.object', words: ['对象存储', '静态存储'] },
  { service: 'storage.file', words: ['文件存储', 'nas'] },
  { service: 'storage.performance', words: ['高性能存储', '高性能块存储', '高性能云硬盘', '高性能云盘', 'ssd云盘', 'ssd云硬盘', 'ssd块存储', '高效云盘'] },
  { service: 'storage.standard', words: ['普通存储', '普通性能存储', '~普通性能', '块存储', '云硬盘', '~存储', '~storage'] },
  { service: 'ops.migration', words: ['~迁移'] },
  { service: 'ops.monitoring', words: ['深度监控', '~监控', '~监测', '运维保障'] },
  { service: 'compute.gpu', words: ['gpu', '显卡', 'gpu云主机'] },
  { service: 'compute.bare_metal', words: ['物理服务器', '物理机', '裸金属'] },
  // A whole cloud host (8核16G, per 台) is bought for its compute; generic, so that 云主机备份 or
  // 云主机防病毒 stay with what is done to the host.
  { service: 'compute.vcpu', words: ['vcpu', '~cpu', '虚拟cpu', '~计算资源', '~云主机', '~云服务器', '~虚拟机'] },
  { service: 'compute.memory', words: ['内存', 'memory', 'ram'] },
  { service: 'software.database', words: ['数据库'] },
  { service: 'software.os', words: ['操作系统', 'windows', 'linux', '麒麟', '统信'] },
  { service: 'software.middleware', words: ['中间件'] },
];

const RANK = new Map(RULES.map((r, i) => [r.service, i]));

/** Parts of a machine (CPU+主板, 内存条, 显卡 …): goods wherever they are bought, never a leased resource. */
const PARTS = ['主板', '显卡', '独立显卡', '风扇', '散热器', '显示器', '机箱', '键盘', '鼠标', '内存条', '电源模块', '光驱', '网卡', '声卡', '硬盘托架', '主机箱'];

/** Parts only when bought as goods: leased, memory and disks are resources. */
const GOODS_PARTS = ['内存', '硬盘', '固态硬盘', '机械硬盘', 'cpu', '处理器', '电源', '光模块', '内存扩容', '硬盘扩容'];

/** In a list of goods (货物, 设备), what a bought thing is; anything the rules miss is goods (`other`). */
const GOODS_RULES: Rule[] = [
  // The head of a Chinese compound is its last word: 服务器操作系统 is an operating system.
  { service: 'software.os', words: ['操作系统'] },
  { service: 'software.database', words: ['数据库'] },
  { service: 'software.middleware', words: ['中间件'] },
  { service: 'storage.centralized', words: ['磁盘阵列', '存储阵列', '集中式存储', 'san存储', '存储设备', '存储系统', '全闪存储'] },
  { service: 'compute.bare_metal', words: ['服务器', '物理服务器', '物理机', '刀片服务器', '机架式服务器', '塔式服务器', '一体机'] },
];

/** A server's own parts bought as goods (服务器内存扩容, 服务器硬盘): the bare-metal keys for them. */
const SERVER_PARTS: [Service, string[]][] = [
  ['compute.bare_metal.memory', ['内存']],
  ['compute.bare_metal.disk', ['硬盘', '磁盘', '固态硬盘', 'ssd']],
];

/** Keys that stand for bought appliances and licences as well as for leased services. */
const GOODS_KEYS = /^(security\.|software\.|network\.(load_balancer|vpn|remote_access)|storage\.centralized|compute\.bare_metal)/;

/** Where the row stands: a goods list buys machines and parts, a lease buys resources. */
export interface ClassifyContext { goods?: boolean }

interface Vote { service: Service; strength: number }

// Subcategory and category texts repeat on every row of a table: vote once per text.
const voteOf = memo((text: string) => voteUncached(spelled(text)));

function vote(text: string | null): Vote | null {
  return text ? voteOf(text) : null;
}

function voteUncached(t: Spelled): Vote | null {
  // A specific word anywhere beats a generic one: 静态存储 is object storage before it is storage.
  for (const generic of [false, true]) {
    for (const rule of RULES) {
      for (const w of rule.words) {
        if (w.startsWith('~') !== generic) continue;
        if (spells(t, generic ? w.slice(1) : w)) return { service: rule.service, strength: generic ? 0.5 : 1 };
      }
    }
  }
  return null;
}

/** The head of an item text: its first clause, where the thing bought is named. */
function head(item: string): string {
  const cut = item.search(/[，,；;。：:（(]/);
  return cut > 0 ? item.slice(0, cut) : item;
}

const family = (s: Service) => s.split('.')[0];
/** Catch-alls of a family that a bracket may refine: 存储 is any storage until it says which. */
const REFINABLE: ReadonlySet<Service> = new Set(['storage.standard', 'storage.backup']);

export interface Classification { service: Service; matched: boolean }

export function classify(row: { category: string | null; subcategory: string | null; item: string }, ctx: ClassifyContext = {}): Classification {
  const itemHead = head(row.item);
  const headSpelled = spelled(itemHead);
  if (PARTS.some((w) => spells(headSpelled, w)) || /cpu\s*[+＋和及]\s*主板/i.test(itemHead)) return { service: 'other', matched: true };
  if (ctx.goods) {
    // Bought as goods, memory, disks and processors are parts: a server's (服务器内存扩容) are its
    // bare-metal parts, any other machine's are goods.
    if (GOODS_PARTS.some((w) => spells(headSpelled, w))) {
      const server = /服务器|物理机/.test(`${itemHead} ${row.item}`);
      const part = server ? SERVER_PARTS.find(([, words]) => words.some((w) => spells(headSpelled, w))) : undefined;
      return { service: part ? part[0] : 'other', matched: true };
    }
    for (const rule of GOODS_RULES) if (rule.words.some((w) => spells(headSpelled, w))) return { service: rule.service, matched: true };
    const leased = classifyLeased(row, itemHead);
    return GOODS_KEYS.test(leased.service) ? leased : { service: 'other', matched: true };
  }
  return classifyLeased(row, itemHead);
}

function classifyLeased(row: { category: string | null; subcategory: string | null; item: string }, itemHead: string): Classification {
  const sub = vote(row.subcategory);
  const headVote = vote(itemHead);
  const votes: [Vote | null, number][] = [
    [headVote, 3],
    [sub, 2.5],
    [vote(row.item.slice(itemHead.length)), 1],
    [vote(row.category), 0.5],
  ];
  const score = new Map<Service, number>();
  for (const [v, weight] of votes) if (v) score.set(v.service, (score.get(v.service) ?? 0) + weight * v.strength);
  if (!score.size) return { service: 'other', matched: false };
  let best = [...score.entries()].sort((a, b) => b[1] - a[1] || RANK.get(a[0])! - RANK.get(b[0])!)[0][0];
  // A generic head refined by its brackets within the same family (归档存储（对象存储）) is the refinement;
  // a bracket of another family (云主机（含操作系统）) says what comes with it.
  const tail = vote(row.item.slice(itemHead.length));
  if (headVote && headVote.strength < 1 && REFINABLE.has(headVote.service) && tail && tail.strength === 1 && family(tail.service) === family(headVote.service)) best = tail.service;
  // A physical server's own parts are billed apart from the server.
  if (best === 'compute.bare_metal' || (best === 'compute.memory' && sub?.service === 'compute.bare_metal')) {
    if (headVote?.service === 'compute.memory' || /(物理服务器|物理机|裸金属)\S{0,3}内存/.test(itemHead)) best = 'compute.bare_metal.memory';
    else if (/硬盘|磁盘|^盘|ssd|sas|hdd/i.test(itemHead)) best = 'compute.bare_metal.disk';
  }
  return { service: best, matched: true };
}

/** Unit-months of these services are counted in a resource, whatever unit the row bills in. */
const COUNTED_IN: Partial<Record<Service, string>> = {
  'compute.vcpu': 'vCPU (whole hosts by their cores)', 'compute.gpu': 'vCPU of the host, its GPUs as billed', 'compute.memory': 'GB (whole hosts by their memory)', 'network.bandwidth': 'Mbps',
  'storage.standard': 'GB', 'storage.performance': 'GB', 'storage.object': 'GB', 'storage.file': 'GB', 'storage.backup': 'GB',
  'storage.offsite_backup': 'GB', 'storage.centralized': 'GB',
};

/** The taxonomy as a reference table (README): every key, the words that give it, the unit it counts in. */
export function taxonomyTable(services: readonly Service[]): string {
  const words = new Map<Service, string[]>();
  for (const r of [...RULES, ...GOODS_RULES, ...SERVER_PARTS.map(([service, w]) => ({ service, words: w }))]) {
    const known = words.get(r.service) ?? [];
    for (const w of r.words) if (!known.includes(w.replace(/^~/, ''))) known.push(w.replace(/^~/, ''));
    words.set(r.service, known);
  }
  const rows = services.map((s) => `| \`${s}\` | ${(words.get(s) ?? []).join('、') || (s === 'other' ? '(anything no rule names)' : '(by the rules of its group)')} | ${COUNTED_IN[s] ?? 'its billing unit (IP, set, site, account …)'} |`);
  return ['| key | words (any width or case; words marked generic in the rules count half) | unit-months counted in |', '|---|---|---|', ...rows].join('\n');
}
