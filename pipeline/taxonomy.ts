// Service classification: rules over jieba tokens of the row's subcategory, item and category.
// A rule names words; it matches a text when a run of consecutive tokens spells one of them
// (so 本地备份 matches 本地|备份, and IP does not match inside APT). Words marked `~` are
// generic (存储, 链路): they count half, so 静态存储 in the subcategory outweighs 存储 in the
// item. Each text votes; the head of the item text weighs most, then the subcategory, the
// item's tail and the category least.
import type { Service } from '../schemas/records.js';
import { COUNTED_IN, familyOf, GOODS_RULES, RULES, SERVER_PARTS } from './services.js';
import { spelled, spells, type Spelled } from './words.js';
import { memo } from './memo.js';

const RANK = new Map<Service, number>(RULES.map((r, i) => [r.service, i]));

/** Parts of a machine (CPU+主板, 内存条, 显卡 …): goods wherever they are bought, never a leased resource. */
const PARTS = ['主板', '显卡', '独立显卡', '风扇', '散热器', '显示器', '机箱', '键盘', '鼠标', '内存条', '电源模块', '光驱', '网卡', '声卡', '硬盘托架', '主机箱'];

/** Parts only when bought as goods: leased, memory and disks are resources. */
const GOODS_PARTS = ['内存', '硬盘', '固态硬盘', '机械硬盘', 'cpu', '处理器', '电源', '光模块', '内存扩容', '硬盘扩容'];

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
  const top = [...score.entries()].sort((a, b) => b[1] - a[1] || RANK.get(a[0])! - RANK.get(b[0])!)[0];
  if (!top) return { service: 'other', matched: false };
  let best = top[0];
  // A generic head refined by its brackets within the same family (归档存储（对象存储）) is the refinement;
  // a bracket of another family (云主机（含操作系统）) says what comes with it.
  const tail = vote(row.item.slice(itemHead.length));
  if (headVote && headVote.strength < 1 && REFINABLE.has(headVote.service) && tail && tail.strength === 1 && familyOf(tail.service) === familyOf(headVote.service)) best = tail.service;
  // A physical server's own parts are billed apart from the server.
  if (best === 'compute.bare_metal' || (best === 'compute.memory' && sub?.service === 'compute.bare_metal')) {
    if (headVote?.service === 'compute.memory' || /(物理服务器|物理机|裸金属)\S{0,3}内存/.test(itemHead)) best = 'compute.bare_metal.memory';
    else if (/硬盘|磁盘|^盘|ssd|sas|hdd/i.test(itemHead)) best = 'compute.bare_metal.disk';
  }
  return { service: best, matched: true };
}

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
