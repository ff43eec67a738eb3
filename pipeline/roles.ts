// Column roles by evidence: the words of a column's header and the content of its cells,
// weighed together, then assigned jointly for the whole table (each role at most once, the
// descriptive columns ordered broad to specific by what they hold). Every word and weight
// is in pipeline/vocabulary.ts; this file only weighs them.
import {
  COMPAT_FLOOR, CONTENT_ROLES, CONTENT_WEIGHT, DESCRIPTIVE, GROUP_LABEL_WEIGHT, HEAD_WORD_BONUS, HEADER_JOINERS,
  HEADER_WORDS, LATER_PART_WEIGHT, LONG_TEXT, MIN_ROLE_SCORE, NAME_WITH_SPEC, ORG_WORDS, REPEATABLE, ROLES,
  NAME_UNITS, SEQUENCE_BONUS, UNIT_WORDS, type CellType, type DescriptiveRole, type Role,
} from './vocabulary.js';
import { CHINESE_NUMERAL } from './numbers.js';
import { analysed, group, halfWidth } from './text.js';
import { occurrences, spelled } from './words.js';
import { memo } from './memo.js';

export type { Role } from './vocabulary.js';

// ---------- header evidence ----------

export interface HeaderWord { word: string; role: Role; score: number }

export interface HeaderEvidence {
  /** The header's words that voted, strongest first. */
  words: HeaderWord[];
  /** Best score per role. */
  scores: Partial<Record<Role, number>>;
}

/** Header words, longest first so that a longer word is found before the words inside it. */
const LEXICON: { word: string; role: Role; weight: number }[] = HEADER_WORDS
  .flatMap(([role, weight, words]) => words.map((w) => ({ word: w.toLowerCase(), role, weight })))
  .sort((a, b) => b.word.length - a.word.length);

const BRACKETS = /[(（\[【][^)）\]】]*[)）\]】]/g;

/** A header label as it is compared: half-width, no whitespace, no `*` marks, lower case. */
export const headerKey: (label: string) => string = memo((label) => keyOf(label));

function keyOf(label: string): string {
  return halfWidth(label).replace(/\s+/g, '').replace(/[:：*＊★▲]/g, '').toLowerCase();
}

/** The words of one part of a header (资源名称 of 资源名称及配置要求). */
const partWords = memo((part: string): HeaderWord[] => {
  const t = spelled(part);
  const spans: { at: number; end: number; role: Role; word: string; weight: number }[] = [];
  for (const { word, role, weight } of LEXICON) {
    for (const at of occurrences(t, word)) spans.push({ at, end: at + word.length, role, word, weight });
  }
  // A word inside a longer word found there does not vote: 报价单位 is not 单位, 服务期 is not 服务.
  const kept = spans.filter((s) => !spans.some((o) => o !== s && o.at <= s.at && o.end >= s.end && o.end - o.at > s.end - s.at));
  return kept.map((s) => ({ word: s.word, role: s.role, score: s.weight * (s.end === t.joined.length ? HEAD_WORD_BONUS : 1) }));
});

/**
 * Evidence of a column's header labels, top to bottom (a group label above the column's own).
 * Each label is cut into its parts (资源名称及配置要求 → 资源名称, 配置要求): the first part names
 * the column, later parts count for less.
 */
export function headerEvidence(labels: string[]): HeaderEvidence {
  const words: HeaderWord[] = [];
  labels.forEach((label, i) => {
    const labelWeight = i === labels.length - 1 ? 1 : GROUP_LABEL_WEIGHT;
    const key = headerKey(label);
    let base = key.replace(BRACKETS, '');
    // A header that is only a bracketed hint, e.g. （元）, is read by the hint.
    if (!base) base = key.replace(/[()（）\[\]【】]/g, '');
    if (!base || base.length > 24) return;
    const parts = base.split(HEADER_JOINERS).filter(Boolean);
    parts.forEach((part, k) => {
      const w = labelWeight * (k === 0 ? 1 : LATER_PART_WEIGHT);
      for (const hw of partWords(part)) words.push({ ...hw, score: hw.score * w });
    });
    // 名称规格, 设备名称及技术参数: a header that names the thing, then its requirements, is the name column.
    const name = NAME_WITH_SPEC.name.exec(base);
    const spec = NAME_WITH_SPEC.spec.exec(base);
    if (name && spec && name.index < spec.index) {
      const specScore = Math.max(0, ...words.filter((x) => x.role === 'spec').map((x) => x.score));
      words.push({ word: name[0], role: 'item', score: specScore + 0.1 });
    }
  });
  words.sort((a, b) => b.score - a.score);
  const scores: Partial<Record<Role, number>> = {};
  for (const w of words) scores[w.role] = Math.max(scores[w.role] ?? 0, w.score);
  return { words, scores };
}

/** The strongest role a label's words give, for telling header rows from data rows (asked of every cell the header search reads). */
export const headerStrength: (label: string) => number = memo((label) => headerEvidence([label]).words[0]?.score ?? 0);

// ---------- content evidence ----------

const UNIT_SET = new Set(UNIT_WORDS.map((w) => w.toLowerCase()));
const NAME_UNIT_SET = new Set(NAME_UNITS.map((w) => w.toLowerCase()));
const ORG_END = new RegExp(`(?:${[...ORG_WORDS].sort((a, b) => b.length - a.length).join('|')})$`);
const SEQ_MARK = new RegExp(`^[（(]?(?:${CHINESE_NUMERAL}{1,3}|[a-z])[)）、.]?$`, 'i');
const PERIOD = new RegExp(`^(?:\\d+(?:\\.\\d+)?|${CHINESE_NUMERAL}+|半)\\s*(?:个)?(?:月|年|天|日|周|个月|自然月|工作日|小时|分钟)$`);

/** Is `w` a unit word? Alone (`bare`), a word that also names things (vCPU, 云主机) is a name. */
function isUnitWord(w: string, bare = false): boolean {
  const whole = w.toLowerCase().replace(BRACKETS, '');
  const u = whole.replace(/^(每|个)(?=.)/, '').replace(/[/／](月|年|次|天)$/, '').trim();
  if (!u.length || (bare && (NAME_UNIT_SET.has(u) || NAME_UNIT_SET.has(whole)))) return false;
  return UNIT_SET.has(u) || UNIT_SET.has(whole);
}

/** What kind of cell a text is, or null when it is empty. Cells repeat down a column and across tables: each text is typed once. */
export const cellType: (text: string) => CellType | null = memo((text) => typeOf(text));

function typeOf(text: string): CellType | null {
  const c = halfWidth(analysed(text)).replace(/\s+/g, '');
  if (!c) return null;
  if (/^[/\\\-—–_~～]+$|^(无|不适用|n\/a|na|暂无)$/i.test(c)) return 'dash';
  if (/^[□☑■√✓×✔✗☐]/.test(c)) return 'check';
  if (/^[¥￥]\d/.test(c) || /^\d[\d,]*(\.\d+)?(元|万元)$/.test(c)) return 'money';
  if (/^(元|人民币|万元)[/／]/.test(c) || /^[/／](月|年|次)$/.test(c) || /^(按|包)(月|年|次|天|日|季|量|小时)(计费|计价|结算|付费)?$/.test(c)) return 'price_unit';
  if (/^\d+(\.\d+)?%$/.test(c)) return 'percent';
  if (/^\d{4}[年.\-/]\d{1,2}|^\d{4}年/.test(c)) return 'date';
  if (/^\d{1,3}(,\d{3})+$|^\d+$/.test(c)) return 'int';
  if (/^\d+(\.\d+){2,}$/.test(c)) return 'seq_like';
  if (/^\d{1,3}(,\d{3})*\.\d+$|^\d+\.\d+$/.test(c)) return 'decimal';
  if (PERIOD.test(c)) return 'period';
  const counted = /^(\d+(?:\.\d+)?)([^\d].{0,9})$/.exec(c);
  if (counted && isUnitWord(group(counted, 2))) return counted[1] === '1' ? 'unit' : 'qty_unit';
  if (isUnitWord(c, true)) return 'unit';
  if (SEQ_MARK.test(c)) return 'seq_like';
  if (c.length >= LONG_TEXT.chars || (c.length >= LONG_TEXT.withPunctuation && /[，,；;。：:]/.test(c))) return 'long';
  if (c.length >= 3 && /[\u4e00-\u9fff]/.test(c) && ORG_END.test(c)) return 'org';
  if (/[\u4e00-\u9fffa-z]/i.test(c)) return 'name';
  return null;
}

export interface ContentEvidence {
  /** Cells with content (a dash is no content). */
  cells: number;
  /** How many cells of each kind. */
  types: Partial<Record<CellType, number>>;
  /** Content score per role. */
  scores: Partial<Record<Role, number>>;
  /** Share of cells compatible with each role (1 when there are none). */
  compat: Partial<Record<Role, number>>;
  /** Consecutive numbers 1, 2, 3 …. */
  sequence: boolean;
  /** Distinct values over rows with a value, for ordering descriptive columns. */
  specificity: number;
}

/**
 * Evidence of a column's cells. `origins` are the texts of the cells that start in a data row
 * (a cell merged down counts once); `filled` the text each data row shows, merged cells repeated.
 */
/** CONTENT_ROLES as lists, in their order (the sums below add in it): read for every cell. */
const CONTENT_ENTRIES = Object.fromEntries(Object.entries(CONTENT_ROLES).map(([type, roles]) => [type, Object.entries(roles)])) as Record<CellType, [Role, number][]>;

export function contentEvidence(origins: string[], filled: string[]): ContentEvidence {
  const types: Partial<Record<CellType, number>> = {};
  const scores: Partial<Record<Role, number>> = {};
  const compatible: Partial<Record<Role, number>> = {};
  let cells = 0;
  const ints: number[] = [];
  for (const text of origins) {
    const type = cellType(text);
    if (!type || type === 'dash') continue;
    cells++;
    types[type] = (types[type] ?? 0) + 1;
    for (const [role, w] of CONTENT_ENTRIES[type]) {
      scores[role] = (scores[role] ?? 0) + w;
      compatible[role] = (compatible[role] ?? 0) + 1;
    }
    if (type === 'int') ints.push(Number(halfWidth(text).replace(/[\s,]/g, '')));
  }
  const compat: Partial<Record<Role, number>> = {};
  for (const role of ROLES) {
    compat[role] = cells ? (compatible[role] ?? 0) / cells : 1;
    if (cells && scores[role] !== undefined) scores[role] = scores[role]! / cells;
  }
  // A step goes up by one, or starts again at 1 (a list numbered per lot).
  let steps = 0;
  let prev: number | undefined;
  for (const n of ints) {
    if (prev !== undefined && (n === prev + 1 || n === 1)) steps++;
    prev = n;
  }
  const first = ints[0];
  const sequence = first !== undefined && ints.length >= 2 && ints.length === cells && first <= 2 && steps >= (ints.length - 1) * 0.8;
  if (sequence) scores.seq = (scores.seq ?? 0) + SEQUENCE_BONUS;
  // An empty cell under a value is that value again (a merge written as blanks): it counts as a repeat.
  const values = filled.map((t) => t.trim()).filter((t) => t && cellType(t) !== 'dash');
  const specificity = values.length ? new Set(values).size / filled.length : 0;
  return { cells, types, scores, compat, sequence, specificity };
}

// ---------- joint assignment ----------

export interface ColumnInput {
  /** Header labels top to bottom (a group label first). */
  labels: string[];
  origins: string[];
  filled: string[];
}

export interface ColumnEvidence {
  col: number;
  header: HeaderEvidence;
  content: ContentEvidence;
  /** Combined score per role; `descriptive` stands for category, subcategory and item. */
  scores: Partial<Record<Role | 'descriptive', number>>;
  /** The descriptive role the header leans to. */
  lean: DescriptiveRole;
  role: Role;
  /** Why the role was chosen, in words, for `tender inspect`. */
  why: string;
}

export interface RoleAssignment {
  /** The first column of each role. */
  columns: Partial<Record<Role, number>>;
  /** Every spec column, left to right. */
  specColumns: number[];
  evidence: ColumnEvidence[];
}

const UNIQUE_ROLES = ROLES.filter((r) => !REPEATABLE.includes(r));
const CANDIDATES: (Role | 'descriptive')[] = [...UNIQUE_ROLES, 'spec', 'note', 'other', 'descriptive'];
const LEAN_RANK: Record<DescriptiveRole, number> = { category: 0, subcategory: 1, item: 2 };
const isDescriptive = (role: Role): boolean => (DESCRIPTIVE as readonly Role[]).includes(role);
/** How much a header's lean counts against content when ordering descriptive columns broad to specific. */
const LEAN_STEP = 0.2;

function combined(header: HeaderEvidence, content: ContentEvidence, role: Role): number {
  const h = header.scores[role] ?? 0;
  const compat = content.compat[role] ?? 0;
  return h * (COMPAT_FLOOR + (1 - COMPAT_FLOOR) * compat) + CONTENT_WEIGHT * (content.scores[role] ?? 0);
}

function describe(e: ColumnEvidence): string {
  const words = e.header.words.filter((w) => w.role === e.role || (isDescriptive(w.role) && isDescriptive(e.role)));
  const parts: string[] = [];
  if (words.length) parts.push(`header words ${words.map((w) => `${w.word}(${w.role} ${w.score.toFixed(1)})`).join(' ')}`);
  const top = Object.entries(e.content.types).sort((a, b) => b[1] - a[1]).slice(0, 2);
  if (e.content.cells) parts.push(`content ${top.map(([t, n]) => `${t} ${Math.round((n / e.content.cells) * 100)}%`).join(', ')}${e.content.sequence ? ', a sequence' : ''}`);
  else parts.push('no content');
  return parts.join('; ');
}

/** Roles for the columns of one table, from their headers and cells together. */
export function assignRoles(input: ColumnInput[]): RoleAssignment {
  const evidence: ColumnEvidence[] = input.map((c, col) => {
    const header = headerEvidence(c.labels);
    const content = contentEvidence(c.origins, c.filled);
    const scores: ColumnEvidence['scores'] = {};
    for (const role of ROLES) scores[role] = combined(header, content, role);
    scores.descriptive = Math.max(...DESCRIPTIVE.map((r) => scores[r] ?? 0));
    // The strongest header score, the more specific role on a tie.
    const lean = DESCRIPTIVE.reduce((a, b) => (((header.scores[b] ?? 0) - (header.scores[a] ?? 0) || LEAN_RANK[b] - LEAN_RANK[a]) > 0 ? b : a));
    return { col, header, content, scores, lean: (header.scores[lean] ?? 0) > 0 ? lean : 'item', role: 'other', why: '' };
  });

  // Strongest claims first; a role once given is not given again (spec, note, other and the
  // descriptive group excepted).
  const claims = evidence.flatMap((e) => CANDIDATES.map((role) => ({ col: e.col, role, score: e.scores[role] ?? 0 })))
    .filter((c) => c.score >= MIN_ROLE_SCORE)
    .sort((a, b) => b.score - a.score || a.col - b.col);
  const given = new Map<number, Role | 'descriptive'>();
  const taken = new Set<Role | 'descriptive'>();
  for (const c of claims) {
    if (given.has(c.col)) continue;
    if (taken.has(c.role) && UNIQUE_ROLES.includes(c.role as Role)) continue;
    given.set(c.col, c.role);
    taken.add(c.role);
  }

  // The descriptive columns, broad to specific: the most specific one is the item, whatever
  // the headers call them; a header's lean decides between columns that hold alike.
  const descriptive = evidence.filter((e) => given.get(e.col) === 'descriptive');
  const key = (e: ColumnEvidence) => (e.content.cells ? e.content.specificity : 0) + LEAN_RANK[e.lean] * LEAN_STEP - e.col * 0.001;
  descriptive.sort((a, b) => key(a) - key(b));
  const item = descriptive.pop();
  if (item) {
    item.role = 'item';
    // A second name column that holds as distinct values as the item (服务名称 | 服务内容, both
    // different on every row) describes it: a spec column.
    const rest = descriptive.filter((d) => {
      if (!(d.lean === 'item' && d.col > item.col && d.content.cells && Math.abs(d.content.specificity - item.content.specificity) < 0.05)) return true;
      d.role = 'spec';
      return false;
    });
    const [broadest, ...between] = rest;
    const narrowest = between.pop();
    if (broadest && !narrowest) broadest.role = broadest.lean === 'category' ? 'category' : 'subcategory';
    else if (broadest && narrowest) {
      narrowest.role = 'subcategory';
      broadest.role = 'category';
      for (const d of between) d.role = 'other';
    }
  }
  for (const e of evidence) {
    const g = given.get(e.col);
    if (g && g !== 'descriptive') e.role = g;
  }
  // No name column: the first description names the item.
  if (!item) {
    const firstSpec = evidence.find((e) => e.role === 'spec');
    if (firstSpec) firstSpec.role = 'item';
  }
  const columns: Partial<Record<Role, number>> = {};
  const specColumns: number[] = [];
  for (const e of evidence) {
    // Only `tender inspect` reads why: worded when asked, not for every column of every table.
    Object.defineProperty(e, 'why', { get: () => describe(e), enumerable: true, configurable: true });
    if (e.role === 'spec') specColumns.push(e.col);
    if (columns[e.role] === undefined && e.role !== 'other') columns[e.role] = e.col;
  }
  return { columns, specColumns, evidence };
}
