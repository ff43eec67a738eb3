// Billing units (计价单位), price units (报价单位), quantities and service periods, normalised
// to the contract's vocabulary so that quantities compare across agencies.
import type { BillingUnit, PriceUnit, Unit } from '../schemas/records.js';
import { CHINESE_NUMERAL, chineseNumber, leadingNumber } from './numbers.js';
import { group, halfWidth } from './text.js';

/** Words that only say "money per period" around the unit: 元/套/月 → 套. */
const PRICE_WORDS = /^(元|人民币|rmb|cny|万元|月|年|次|天|日|每月|每年|个月|月度|年度|小时|h)$/i;
const BANDWIDTH_CONTEXT = /带宽|流量|清洗|链路|线路|bps|ddos|专线|出口|端口速率|防护能力/i;
const STORAGE_CONTEXT = /存储|硬盘|磁盘|备份|空间|容量|内存|盘/;

const NUMERAL_WORD = new RegExp(`^(${CHINESE_NUMERAL}+)(.*)$`);
const NUMERAL_PERIOD = new RegExp(`^(${CHINESE_NUMERAL}+)(个月|月|年|天|日|周)?`);
const NUMERAL_QUANTITY = new RegExp(`^(${CHINESE_NUMERAL}+)(.{0,6})$`);

interface UnitWord { unit: Unit; factor: number }

/** What decides a word that means different things in different rows (G: gigabytes or gigabits). */
interface RowContext { text: string; bandwidth: boolean; storage: boolean }

/**
 * The unit words, first match wins: `[pattern, unit, factor]`, or a unit chosen by the row's
 * text where the word alone does not tell. Patterns match the whole word after 个/每 is dropped,
 * half-width and without spaces. A new unit word is one row here.
 */
const UNIT_RULES: readonly (readonly [RegExp, Unit | ((c: RowContext) => Unit), number | ((c: RowContext) => number)])[] = [
  [/^(v?cpu|vcore|cores?|核|c|vc|颗|核心|vcpu核|cpu核)$/i, 'vCPU', 1],
  [/^(gbps|gb\/s|g\/s)$/i, 'Mbps', 1000],
  [/^(mbps|mb\/s|m\/s|兆|兆比特|mbit)$/i, 'Mbps', 1],
  // Mb and mb as written are megabits; MB is megabytes (below).
  [/^(Mb|mb)$/, 'Mbps', 1],
  // Gb: gigabits on a line or a bandwidth, else gigabytes.
  [/^Gb$|^gb$/, (c) => (c.bandwidth || (!c.storage && /带宽|链路/.test(c.text)) ? 'Mbps' : 'GB'), (c) => (c.bandwidth || (!c.storage && /带宽|链路/.test(c.text)) ? 1000 : 1)],
  [/^g$/i, (c) => (c.bandwidth ? 'Mbps' : 'GB'), (c) => (c.bandwidth ? 1000 : 1)],
  [/^m$/i, (c) => (c.storage ? 'GB' : 'Mbps'), (c) => (c.storage ? 1 / 1024 : 1)],
  [/^(gb|gib|g字节)$/i, 'GB', 1],
  [/^(tb|t|tib)$/i, 'GB', 1024],
  [/^(pb|pib)$/i, 'GB', 1024 * 1024],
  [/^(mb|mib)$/i, 'GB', 1 / 1024],
  [/ip/i, 'IP', 1],
  [/^(账号|帐号|账户|帐户|运维账号)$/, 'account', 1],
  [/^(用户|用户数|并发用户|终端)$/, 'user', 1],
  // 人 counts users of software, but heads of staff in a service tender (导办员 8人).
  [/^人$/, (c) => (/用户|并发|授权|许可|账号|帐号|终端|license/i.test(c.text) ? 'user' : 'item'), 1],
  [/^套/, 'set', 1],
  [/^(台|台套|台服务器|物理机|服务器)$/, 'machine', 1],
  [/云主机|^主机|虚拟机|^实例|^节点/, 'host', 1],
  [/^(站点|站|网站|域名)$/, 'site', 1],
  [/^(监控点|点|点位)$/, 'point', 1],
  [/^(块|快|盘|块盘|硬盘)$/, 'disk', 1],
  [/短信/, 'message', 1],
  // 条: a text message, a memory module, or just a count.
  [/^条$/, (c) => (/短信|消息|彩信/.test(c.text) ? 'message' : /内存/.test(c.text) ? 'module' : 'item'), 1],
  [/^(许可|授权|license|licence|lic|点授权)$/i, 'license', 1],
];

/** Every unit the rules can give, for the check that they and the schema agree. */
export const RULE_UNITS: readonly Unit[] = ['vCPU', 'Mbps', 'GB', 'IP', 'account', 'user', 'item', 'set', 'machine', 'host', 'site', 'point', 'disk', 'message', 'module', 'license'];

/**
 * The unit word after a count (GB, 台, 个云主机, 内网IP …) in the contract's vocabulary.
 * `context` is the row's item text, which decides the words that mean different things in
 * different rows: 条 is a memory module or a text message, G is gigabytes or gigabits.
 */
export function unitWord(word: string, context = ''): UnitWord {
  const w = halfWidth(word).replace(/\s+/g, '').replace(/^(个|每)/, '');
  const storage = STORAGE_CONTEXT.test(context);
  const c: RowContext = { text: context, storage, bandwidth: BANDWIDTH_CONTEXT.test(context) && !storage };
  for (const [pattern, unit, factor] of UNIT_RULES) {
    if (pattern.test(w)) return { unit: typeof unit === 'function' ? unit(c) : unit, factor: typeof factor === 'function' ? factor(c) : factor };
  }
  return { unit: 'item', factor: 1 };
}

/** Does a quantity suffix or unit cell name a unit we know (rather than a vague 个, 项)? */
export function isKnownUnit(word: string, context = ''): boolean {
  return unitWord(word, context).unit !== 'item';
}

/**
 * 计价单位 → {raw, size, unit}: `100GB` → 100 GB, `1 TB` → 1024 GB,
 * `元/流量清洗能力10G/月` → 10000 Mbps, `元/套/月` → 1 set, `1 IP（内网）` → 1 IP.
 */
export function parseBillingUnit(raw: string, context = ''): BillingUnit | null {
  const trimmed = raw.trim();
  const t = halfWidth(trimmed).replace(/\s+/g, ' ').trim();
  if (!t || /^[/\\\-—–]+$/.test(t)) return null;
  const all = t.split(/[/／]/).map((p) => p.trim()).filter(Boolean);
  // 次 alone is a unit (a use); 元/次 is a price per use around no unit at all.
  const parts = all.filter((p) => !PRICE_WORDS.test(p));
  const [only, ...more] = all;
  if (!parts.length && only !== undefined && !more.length && !/元|人民币/.test(only)) parts.push(only);
  const part = parts[0];
  if (part === undefined) return null;
  const m = /\d+(?:\.\d+)?/.exec(part);
  if (m) {
    const count = Number(m[0]);
    // The unit word follows the count (1内网IP, 流量清洗能力10G); a note in brackets is not part of it.
    const after = part.slice(m.index + m[0].length).replace(/[(（].*$/, '').trim();
    const word = after || part.slice(0, m.index).replace(/[(（].*?[)）]/g, '').trim();
    const { unit, factor } = unitWord(word, `${context} ${part}`);
    const size = count > 0 ? count * factor : factor;
    return { raw: trimmed, size: round(size), unit };
  }
  const word = part.replace(/[(（].*?[)）]/g, '').trim() || part;
  const chinese = NUMERAL_WORD.exec(word);
  const numeral = chinese ? chineseNumber(group(chinese, 1)) : null;
  if (chinese && numeral !== null && chinese[2]) {
    const { unit, factor } = unitWord(chinese[2], `${context} ${part}`);
    return { raw: trimmed, size: round(numeral * factor), unit };
  }
  const { unit, factor } = unitWord(word, `${context} ${part}`);
  return { raw: trimmed, size: round(factor), unit };
}

/** 报价单位 → {raw, currency, per}: 元/月 → month, 元/年 → year, 元/次 → use. */
export function parsePriceUnit(raw: string): PriceUnit {
  const t = halfWidth(raw).replace(/\s+/g, '');
  let per: PriceUnit['per'] = null;
  if (/月/.test(t)) per = 'month';
  else if (/年/.test(t)) per = 'year';
  else if (/次|\/use/i.test(t)) per = 'use';
  return { raw: raw.trim(), currency: 'CNY', per };
}

export type PeriodUnit = 'month' | 'year' | 'day';

/** The unit a header states for its period column: 期限（月）, 服务期限（年）. */
export function periodUnitOfHeader(header: string): PeriodUnit | null {
  const h = halfWidth(header).replace(/\s+/g, '');
  if (/\((个)?月\)|月数|\(月份\)|月\)/.test(h)) return 'month';
  if (/\(年\)|年数|年\)|年限/.test(h)) return 'year';
  if (/\((天|日)\)|天数/.test(h)) return 'day';
  return null;
}

/** The unit a 数量 header states in brackets: 数量（台） → 台; none for 数量（单位） or a note. */
export function quantityUnitOfHeader(header: string): string | null {
  const m = /数量[^(]*\(([^)]{1,5})\)/.exec(halfWidth(header).replace(/\s+/g, ''));
  return m && !/单位|个数|约|预估|暂定|合计/.test(group(m, 1)) ? group(m, 1) : null;
}

/**
 * 期限/服务期 in months: `12` → 12 (×12 under a header in years), `12个月`, `1年` → 12,
 * `十二个月` → 12, `/` and `一次性` → null.
 */
export function parseMonths(raw: string, headerUnit: PeriodUnit | null = null): number | null {
  const t = halfWidth(raw).replace(/\s+/g, '');
  if (!t || /^[/\\\-—–_]+$/.test(t) || /一次性|不适用|无$|^无|按需|^n\/?a$/i.test(t)) return null;
  const factorOf = (unit: string | undefined): number => {
    if (!unit) return headerUnit === 'year' ? 12 : headerUnit === 'day' ? 12 / 365 : 1;
    if (/年/.test(unit)) return 12;
    if (/天|日/.test(unit)) return 12 / 365;
    if (/周/.test(unit)) return 12 / 52;
    return 1;
  };
  // A period written as dates: the months between them; one date alone is no period.
  const range = dateRangeMonths(t);
  if (range !== null) return range;
  if (/^\d{4}[年.\-/]\d/.test(t)) return null;
  const num = /^(\d+(?:\.\d+)?)(个月|月|年|天|日|周)?/.exec(t);
  if (num) {
    const months = Number(num[1]) * factorOf(num[2]);
    return months > 0 ? round(months) : null;
  }
  const chinese = NUMERAL_PERIOD.exec(t);
  if (chinese) {
    const n = chineseNumber(group(chinese, 1));
    if (n !== null && n > 0) return round(n * factorOf(chinese[2]));
  }
  const half = /^(半)(年)/.exec(t);
  if (half) return 6;
  // 自合同签订之日起12个月: the period stands inside a phrase.
  const inner = /(\d+(?:\.\d+)?)(个月|年|天|日)/.exec(t);
  if (inner && !/^\d{4}年/.test(t.slice(inner.index))) return round(Number(inner[1]) * factorOf(inner[2]));
  return null;
}

const DATE = /(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?/g;

/** Whole months between the two dates of a period written as a range (364 days → 12). */
function dateRangeMonths(t: string): number | null {
  const dates = [...t.matchAll(DATE)].map((m) => Date.UTC(Number(group(m, 1)), Number(group(m, 2)) - 1, Number(group(m, 3))));
  const [start, end, ...more] = dates;
  if (start === undefined || end === undefined || more.length || !(end > start)) return null;
  return Math.round((end - start) / 86_400_000 / (365.25 / 12));
}

/**
 * 数量 as written, with a unit that may ride along: `1,097` → 1097, `20台` → 20 + 台,
 * `5000GB` → 5000 + GB, `5个站点` → 5 + 个站点, `1（套）` → 1 + 套, `10万条` → 100000 + 条.
 */
export function parseQuantity(raw: string): { value: number; unit: string } | null {
  const t = halfWidth(raw).replace(/\s+/g, ' ').trim();
  if (!t) return null;
  const n = leadingNumber(t.replace(/^(约|共|预计|预估|暂定|估算)\s*/, ''));
  if (n) {
    // A unit in brackets when it is all there is: 1（套）.
    const bracketed = /^[(（]([^)）]{1,6})[)）]$/.exec(n.rest);
    let rest = bracketed ? group(bracketed, 1).trim() : n.rest.replace(/[(（][^)）]*[)）]/g, '').trim();
    // A long tail is prose ("2 名以上…"), not a quantity with its unit.
    if (rest.length > 8 || /[，。；;,]/.test(rest)) return null;
    // 10万条 is a hundred thousand messages.
    let value = n.value;
    if (/^万/.test(rest)) {
      value = round(value * 10_000);
      rest = rest.slice(1).trim();
    }
    return { value, unit: rest };
  }
  const chinese = NUMERAL_QUANTITY.exec(t);
  if (chinese) {
    const v = chineseNumber(group(chinese, 1));
    if (v !== null) return { value: v, unit: group(chinese, 2).trim() };
  }
  return null;
}

export function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
