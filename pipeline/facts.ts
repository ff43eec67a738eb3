// Document facts: project, buyer (采购人), budget, lots (包/标段), service period, and the
// heading and lot each block stands under.
// The facts come from labelled fields (pipeline/labels.ts) read with the lexicons of
// pipeline/vocab-facts.ts; amounts from money labels only (pipeline/amounts.ts).
import { slotText, type Block, type DocModel, type TableBlock } from '../extractors/model.js';
import type { Award, NoticeType, Region } from '../schemas/records.js';
import type { Lot } from '../schemas/records.js';
import { AMOUNT, CELL_AMOUNT, amountsIn, moneyOf, yuan } from './amounts.js';
import { awardFields, awardTable, mergeAwards } from './awards.js';
import { findNoticeType, findProjectCode, findPublished } from './notice.js';
import { regionOf } from './region.js';
import { roleOf } from './headers.js';
import { cellLines, cleanValue, ends, fieldsIn, isOrganisation, maskIn, rejection, tableLines, withoutTrailingBracket, type SourceLine } from './labels.js';
import { CHINESE_NUMERAL, chineseNumber } from './numbers.js';
import { cleanText, halfWidth } from './text.js';
import {
  AGENT_WORDS, BLOCK_HEAD_SUFFIXES, BLOCK_REACH, COVER, COVER_NOISE, DIVISION_WORDS, DOC_TYPE, DOC_TYPE_SUFFIXES, ENTRUSTED_BY, LABELS,
  LOT_COUNT_UNITS, LOT_FORM_TITLE_WORDS, LOT_NAME_SENTENCE, LOT_WORDS, ORG_SUFFIXES, PROCEDURE_WORDS, PROJECT_WORDS,
  PLATFORM_WORDS, ROLE_WORDS_IN_NAME, TITLE_WORDS, WEAK_AGENCY_LABELS, WHOLE_BUDGET_WORDS,
} from './vocabulary.js';

export interface Facts {
  project: string | null;
  agency: string | null;
  budget_cny: number | null;
  /** 最高限价 / 控制价 of the whole document, never taken for the budget. */
  price_cap_cny: number | null;
  /** 项目编号 / 招标编号 / 采购编号 as written. */
  project_code: string | null;
  notice_type: NoticeType;
  /** ISO date of the notice, where stated. */
  published: string | null;
  region: Region;
  /** Award notices only: who won which lot, for how much. */
  awards: Award[];
  lots: Lot[];
  service_start: string | null;
  service_end: string | null;
}

/** Where each block stands: its section heading and lot. */
export interface Placement { section: string | null; lot: number | null }

// ---------- numbering and headings ----------

const NUMBERING = new RegExp(
  [
    `^[（(]\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^第\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[章节部分篇条]`,
    `^${CHINESE_NUMERAL}+\\s*[、.．]`,
    `^\\d+(?:\\s*[.．]\\s*\\d+)*\\s*[、.．]?(?=\\s|[\\u4e00-\\u9fff“"《（(])`,
    '^[①-⑳]',
    '^[一-十]\\s+',
  ].join('|'),
);

/** `（1） 政务云基础服务` → `政务云基础服务`; `1.2.3 xx` → `xx`. */
export function stripNumbering(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 3; i++) {
    const next = t.replace(NUMBERING, '').trim();
    if (next === t) break;
    t = next;
  }
  return t;
}

/** A paragraph that reads as a heading: short, numbered (or marked by the reader), no sentence punctuation. */
export function isHeading(block: Block): boolean {
  if (block.type !== 'paragraph') return false;
  const text = cleanText(block.text);
  if (!text || text.length > 60) return false;
  const body = stripNumbering(text);
  if (!body || body.length > 45) return false;
  if (/[。；;，,：:]/.test(body.replace(/[：:]$/, ''))) return false;
  if (/^[\d.\s%]+$/.test(body)) return false;
  return block.heading === true || body !== text;
}

// ---------- lots ----------

const LOT_NO = `(\\d+|${CHINESE_NUMERAL}+)`;
const LOT_WORD = `(?:${[...LOT_WORDS].sort((a, b) => b.length - a.length).join('|')})`;
/** 第一包, 第3标段 … */
const LOT_ORDINAL = `第\\s*${LOT_NO}\\s*${LOT_WORD}`;
/** 包1, 标段二, 合同包1, 标项一 … */
const LOT_NUMBERED = `${LOT_WORD}\\s*${LOT_NO}`;
const LOT_NAME = '(?:\\s*[:：]\\s*|\\s+)?([^（）()：:，,。；;]*)';
const LOT_PATTERNS = [new RegExp(`${LOT_ORDINAL}${LOT_NAME}`), new RegExp(`${LOT_NUMBERED}(?![\\d万元年月])${LOT_NAME}`)];
/** What follows a lot number in a line that states its money (包1：418万元, 标段一预算金额：…), not its name. */
const LOT_MONEY = /^(?:的)?(?:预算|采购预算|项目预算|最高限价|限价|控制价|金额|合同金额)|^(?:人民币)?\s*[¥￥]?\s*\d[\d,，.]*\s*(?:万元|万|元)/;

/** A lot's name as written, or '' where what stands there is a sentence of the notice, not a name. */
function lotName(name: string): string {
  const n = name.trim();
  if (!n || n.length > LOT_NAME_SENTENCE.chars || /[。；;！？!?]/.test(n) || LOT_NAME_SENTENCE.leads.some((w) => n.startsWith(w))) return '';
  return n;
}

function lotNumber(text: string): number | null {
  const n = /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
  return n && n > 0 && n < 100 ? n : null;
}

/** The lot a 包号 cell names: `包1`, `第二包`, `2`, `标段三`. */
export function lotIn(cell: string): number | null {
  const n = /(\d+|[一二三四五六七八九十]+)/.exec(halfWidth(cell));
  return n ? lotNumber(n[1]) : null;
}

/** A lot marker in a title or heading line: `第一包：法律服务业务系统`, `包1：…`, `标段二 …`. */
export function lotMarker(text: string): { lot: number; name: string } | null {
  const t = cleanText(text);
  if (t.length > 80) return null;
  for (const re of LOT_PATTERNS) {
    const m = re.exec(t);
    if (!m) continue;
    // In running text (本项目分为两个包…) a marker is not a lot heading: it must lead the line,
    // follow the numbering, or stand in brackets in a title.
    const before = t.slice(0, m.index);
    const leads = stripNumbering(before) === '' || /[（(【\[]\s*$/.test(before) || /项目\s*$/.test(before);
    if (!leads) continue;
    const lot = lotNumber(m[1]);
    if (lot === null) continue;
    if (LOT_MONEY.test(m[2] ?? '')) return null;
    let name = (m[2] ?? '').replace(/^(采购内容|名称|包名称)\s*[:：]?/, '').replace(/[)）】\]]+$/, '').trim();
    // 合同包1(政务云计算及存储资源): the name in brackets right after the number.
    if (!name) name = /^\s*[（(]([^（）()]{2,40})[)）]/.exec(t.slice(m.index + m[0].length))?.[1].trim() ?? '';
    // A form's or template's title names no lot: 包1 合同模板, 第一包评分标准.
    return { lot, name: LOT_FORM_TITLE_WORDS.some((w) => name.includes(w)) ? '' : lotName(name) };
  }
  return null;
}

const LOT_REF = `(?:${LOT_ORDINAL}|${LOT_NUMBERED})`;
const LOT_BUDGET = new RegExp(
  `${LOT_REF}\\s*(?:[（(][^（）()]{0,30}[)）])?\\s*(?:的)?(?:预算金额|采购预算|项目预算|预算|金额)?\\s*(?:为|[:：])?\\s*((?:人民币)?\\s*[¥￥]?\\s*${AMOUNT}\\s*(?:万元|万|元))`,
  'g',
);

/**
 * Budgets a budget line gives lot by lot: `其中第一包256.80万元，第二包43.20万元`,
 * `（包1：418万元；包2：142万元）`, `标段一预算金额：3,600,000.00元`. `at` is where the first
 * lot is named, so that a budget stated before it is the whole project's.
 */
export function lotBudgets(line: string): { at: number; lots: { lot: number; budget_cny: number }[] } {
  const t = halfWidth(cleanText(line));
  const lots: { lot: number; budget_cny: number }[] = [];
  let at = -1;
  if (!BUDGET_LABEL.test(t)) return { at, lots };
  for (const m of t.matchAll(LOT_BUDGET)) {
    const lot = lotNumber(m[1] ?? m[2]);
    const money = moneyOf(m[3]);
    if (lot === null || money === null) continue;
    if (at < 0) at = m.index!;
    lots.push({ lot, budget_cny: money });
  }
  return { at, lots };
}

// ---------- places: sections and lots per block ----------

const LOT_HEADING = new RegExp(`^${LOT_REF}`);

/** A lot marker that starts its line and is all the line says: a heading, not a title with the lot in brackets. */
function isLotHeading(text: string): boolean {
  const body = stripNumbering(text);
  return body.length <= 40 && LOT_HEADING.test(body) && !/[。；;，,]/.test(body);
}

/** For each block, the section heading and lot it stands under. */
export function placeBlocks(blocks: Block[]): Placement[] {
  let section: string | null = null;
  let lot: number | null = null;
  let lastShort: string | null = null;
  return blocks.map((block) => {
    if (block.type === 'table') {
      const place = { section: section ?? lastShort, lot };
      lastShort = null;
      return place;
    }
    const text = cleanText(block.text);
    const marker = text.length <= 80 ? lotMarker(text) : null;
    if (marker) {
      lot = marker.lot;
      // A line that is the lot's own heading (包1：物理服务器租赁服务) is what its tables stand under.
      section = isLotHeading(text) ? stripNumbering(text) : null;
    }
    if (isHeading(block)) section = stripNumbering(text);
    else if (!marker) lastShort = text.length <= 30 && !/[。；;，,]/.test(text) && !/[:：]\s*(?:人民币)?\s*[\d¥￥]/.test(text) ? text : null;
    return { section, lot };
  });
}

// ---------- facts ----------

/** A line the facts are read from, with the block it comes from. */
interface FactLine extends SourceLine { at: number }

/** Lines to search for facts: paragraphs, and the labelled lines of tables. */
function factLines(doc: DocModel): FactLine[] {
  const lines: FactLine[] = [];
  doc.blocks.forEach((b, at) => {
    if (b.type === 'paragraph') {
      // A paragraph broken into lines (<br> in a notice, a wrapped PDF line) holds one field a
      // line where a line starts with a label; other lines continue the one before.
      for (const text of cellLines(b.text)) if (text) lines.push({ text, raw: b.text, from: 'para', at });
    } else {
      for (const l of tableLines(b)) lines.push({ ...l, at });
    }
  });
  return lines;
}


/** Names an organisation and nothing else: no project, service or purchase stated after it. */
function isOrganisationOnly(v: string): boolean {
  return isOrganisation(v) && !ends(withoutTrailingBracket(v), PROJECT_WORDS);
}

const isAgent = (v: string) => AGENT_WORDS.some((w) => v.includes(w));
const describesRole = (v: string) => ROLE_WORDS_IN_NAME.some((w) => v.includes(w));

// ---------- project ----------

const LOT_BRACKET = /[（(][^（）()]*(?:包|标段)[^（）()]*[)）]/g;
const DOC_SUFFIX = new RegExp(
  `(?:${PROCEDURE_WORDS.map(esc).join('|')})*(?:${[...DOC_TYPE_SUFFIXES].sort((a, b) => b.length - a.length).map(esc).join('|')})$`,
);
function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A project name as a label or a title states it, without the lot or the document's type. */
function projectValue(raw: string): string | null {
  const v = cleanValue(cleanValue(raw).replace(LOT_BRACKET, '').replace(DOC_SUFFIX, ''));
  if (v.length < 4 || /^[（(]/.test(v) || rejection(v) || maskIn(v)) return null;
  return v;
}

const DOC_TYPE_LINE = new RegExp(
  `^(?:${DOC_TYPE.qualifiers.map(esc).join('|')})*(?:${DOC_TYPE.verbs.map(esc).join('|')})?(?:${DOC_TYPE.nouns.map(esc).join('|')})(?:[（(][^（）()]{0,10}[)）])?$`,
);
const PROCEDURE_LINE = new RegExp(`^(?:${[...DOC_TYPE.qualifiers, ...DOC_TYPE.verbs].map(esc).join('|')})+$`);
const isDocType = (t: string) => t.length >= 2 && stripNumbering(t) === t && DOC_TYPE_LINE.test(t);

/** A cover line that may be (part of) the title: short, no label, no numbering, no date, no breadcrumb. */
function titleLike(t: string): boolean {
  return t.length >= 2 && t.length <= 40 && !/[:：>|]/.test(t) && stripNumbering(t) === t && !/^[（(\d]/.test(t)
    && !/\d{4}\s*[年.\-/]\s*\d{1,2}|^[二〇零一]{4}年/.test(t) && !isDocType(t) && !PROCEDURE_LINE.test(t) && !/^目\s*录$/.test(t)
    && !COVER_NOISE.includes(t.replace(/^[（(【\[]|[)）】\]]$/g, ''));
}

/**
 * The cover's title: the short lines standing right before its document-type line (招标文件,
 * 竞争性磋商文件 …), joined (a title split over lines); else the lines right after it.
 */
function coverTitles(blocks: Block[]): string[] {
  const paras: string[] = [];
  for (const b of blocks.slice(0, COVER.within)) {
    if (b.type !== 'paragraph') break;
    paras.push(cleanText(b.text));
  }
  const d = paras.findIndex(isDocType);
  if (d < 0) return [];
  const out: string[] = [];
  let i = d - 1;
  while (i >= 0 && PROCEDURE_LINE.test(paras[i])) i--;
  const before: string[] = [];
  for (; i >= 0 && before.length < COVER.lines && titleLike(paras[i]); i--) before.unshift(paras[i]);
  const after: string[] = [];
  for (let j = d + 1; j < paras.length && after.length < COVER.lines && titleLike(paras[j]); j++) after.push(paras[j]);
  for (const part of [before, after]) {
    const t = part.join('');
    const v = part.length && t.length <= COVER.chars ? projectValue(t) : null;
    if (v) out.push(v);
  }
  return out;
}

const fold = (s: string) => halfWidth(s).replace(/\s+/g, '').toLowerCase();

function findProject(doc: DocModel, lines: FactLine[]): string | null {
  const named: string[] = [];
  const lotNames: string[] = [];
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind !== 'project' && f.kind !== 'lot_name') continue;
      const v = projectValue(f.value);
      if (v) (f.kind === 'project' ? named : lotNames).push(v);
    }
  }
  const covers = coverTitles(doc.blocks);
  const first = named[0];
  if (first !== undefined) {
    // A name given short (a company for its project, a line cut by the cover's wrap) gives way
    // to a fuller statement of it elsewhere: a later label, the cover title, the 标段名称 that continues it.
    const orgOnly = isOrganisationOnly(first);
    const fuller = [...named.slice(1), ...covers, ...(orgOnly ? lotNames.map((w) => (fold(w).startsWith(fold(first)) ? w : first + w)) : [])]
      .filter((c) => c.length > first.length && fold(c).startsWith(fold(first)));
    if (fuller.length) return fuller.reduce((a, b) => (b.length > a.length ? b : a));
    if (orgOnly) {
      const other = [...named, ...covers].find((c) => !isOrganisationOnly(c));
      if (other) return other;
    }
    return first;
  }
  if (covers.length) return covers[0];
  // Else an early line that names a project.
  for (const line of lines.slice(0, 15)) {
    if (line.from !== 'para') continue;
    const t = line.text.replace(LOT_BRACKET, '').replace(DOC_SUFFIX, '').trim();
    if (t.length >= 6 && t.length <= 60 && TITLE_WORDS.some((w) => t.includes(w)) && !/[。；;：:>|]/.test(t) && stripNumbering(t) === t) {
      return cleanValue(t);
    }
  }
  return null;
}

// ---------- agency ----------

const STRONG_AGENCY = new Set(LABELS.agency.filter((l) => !WEAK_AGENCY_LABELS.includes(l)));
const BLOCK_HEAD = new RegExp(
  `^(${[...LABELS.agency, ...LABELS.party, ...LABELS.supplier].sort((a, b) => b.length - a.length).map(esc).join('|')})(?:${BLOCK_HEAD_SUFFIXES.filter(Boolean).map(esc).join('|')})?\\s*[:：]?$`,
);

const ROLE_WORD = new RegExp(`(${[...LABELS.agency, ...LABELS.party, ...LABELS.supplier].sort((a, b) => b.length - a.length).map(esc).join('|')})`, 'g');
const BUYER_WORDS = new Set<string>(LABELS.agency);

/** The party the last role word of `text` names: the buyer or another. */
function roleBefore(text: string): 'buyer' | 'other' | null {
  const words = [...text.matchAll(ROLE_WORD)];
  const last = words[words.length - 1]?.[1];
  return last ? (BUYER_WORDS.has(last) ? 'buyer' : 'other') : null;
}

interface AgencyCandidate { value: string; raw: string; rank: number; at: number }

/** The parts of a name a blank splits it into (临江市　　区市场监督管理局), where the raw text shows one. */
function blankedParts(raw: string, value: string): string[] | null {
  const chars = [...value];
  if (chars.length < 3 || !/\s/.test(raw)) return null;
  const m = new RegExp(chars.map(esc).join('([\\s\\u3000]*)')).exec(raw);
  if (!m) return null;
  const gaps = m.slice(1);
  // Spaced out letter by letter (北 京 市 司 法 局) is the whole name; a wide gap in an unspaced name is a blank.
  if (gaps.every((g) => g.length > 0)) return null;
  const parts: string[] = [];
  let cur = chars[0];
  gaps.forEach((g, i) => {
    if (g.length >= 2 || g.includes('\u3000')) {
      parts.push(cur);
      cur = '';
    }
    cur += chars[i + 1];
  });
  parts.push(cur);
  return parts.length > 1 ? parts : null;
}

/** What may stand right before a name in running text. */
const NAME_LEAD = /[\s：:，,。；;、（(“"受由向为与和及]/;
const DIVISIONS = new RegExp(`^(?:[\\u4e00-\\u9fff]{1,3}?(?:${[...DIVISION_WORDS].sort((a, b) => b.length - a.length).map(esc).join('|')}))+`);

/** The full form of a name known only in parts (a masked or blanked name) among `names`, or in the text. */
function fullForm(parts: string[], names: string[], texts: string[]): string | null {
  const fits = (c: string) => {
    if (c.length <= parts.join('').length || !c.startsWith(parts[0]) || !c.endsWith(parts[parts.length - 1])) return false;
    let from = 0;
    for (const p of parts) {
      const i = c.indexOf(p, from);
      if (i < 0) return false;
      from = i + p.length;
    }
    return true;
  };
  const named = names.filter(fits).sort((a, b) => b.length - a.length)[0];
  if (named) return named;
  const tail = parts[parts.length - 1];
  if (parts[0] !== '' || tail.length < 3) return null;
  // A masked head (***区市场监督管理局): where the text names it whole, what stands before the tail
  // must read as administrative divisions (临江市云溪区…), the mask having cut into one of them.
  let best: string | null = null;
  for (const t of texts) {
    for (let at = t.indexOf(tail); at > 0; at = t.indexOf(tail, at + 1)) {
      for (let from = Math.max(0, at - 14); from < at; from++) {
        if (from > 0 && !NAME_LEAD.test(t[from - 1])) continue;
        const full = t.slice(from, at) + tail;
        if (!/^[\u4e00-\u9fff]+$/.test(t.slice(from, at)) || (DIVISIONS.exec(full)?.[0].length ?? 0) < at - from) continue;
        if (!best || full.length > best.length) best = full;
        break;
      }
    }
  }
  return best;
}

const ENTRUSTED = new RegExp(`${ENTRUSTED_BY.lead}([^，,。；;、\\s]{3,40}?)(?:[（(][^（）()]*[)）])?${ENTRUSTED_BY.end}`);
const ORG_SUFFIX = `(?:${[...ORG_SUFFIXES].sort((a, b) => b.length - a.length).map(esc).join('|')})`;
const ENDS_ORG = new RegExp(`${ORG_SUFFIX}$`);
const LEADING_ORG = new RegExp(`^(.{2,30}?${ORG_SUFFIX})(?!${ORG_SUFFIX})`);

function findAgency(lines: FactLine[], project: string | null): string | null {
  const found: AgencyCandidate[] = [];
  let block: 'buyer' | 'other' | null = null;
  let reach = 0;
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind === 'agency') found.push({ value: f.value, raw: line.raw, rank: STRONG_AGENCY.has(f.label) ? 0 : 1, at: line.at });
      else if (f.kind === 'name' && line.from === 'para') {
        // 名称：… under the party that the line names before it (采购人信息：名称：…), else under its block.
        const role = f.at > 0 ? roleBefore(line.text.slice(0, f.at)) : block;
        if (role === 'buyer') found.push({ value: f.value, raw: line.raw, rank: 0, at: line.at });
      }
    }
    if (line.from === 'para') {
      // A contact block names its party on one line and the party's name below: `1.采购人信息` / `名称：…`.
      const head = BLOCK_HEAD.exec(stripNumbering(line.text));
      if (head) [block, reach] = [BUYER_WORDS.has(head[1]) ? 'buyer' : 'other', 0];
      else if (block && ++reach > BLOCK_REACH) block = null;
      const e = ENTRUSTED.exec(line.text);
      if (e) found.push({ value: e[1], raw: line.raw, rank: 2, at: line.at });
    }
  }
  const valid: AgencyCandidate[] = [];
  const masked: { parts: string[]; c: AgencyCandidate }[] = [];
  for (const c of found) {
    const v = cleanValue(c.value);
    if (v.length > 50 || rejection(v) || isAgent(v) || describesRole(v)) continue;
    const mask = maskIn(v);
    if (mask) {
      const parts = v.split(new RegExp(`${esc(mask[0])}`)).map((p) => p.trim());
      if (isOrganisation(parts[parts.length - 1] ?? '')) masked.push({ parts, c });
      continue;
    }
    if (isOrganisation(v)) valid.push({ ...c, value: v });
  }
  const names = valid.map((c) => c.value);
  const texts = lines.map((l) => l.text);
  const resolved: AgencyCandidate[] = [...valid];
  for (const { parts, c } of masked) {
    const full = fullForm(parts, names, texts);
    if (full && isOrganisation(full) && !isAgent(full)) resolved.push({ ...c, value: full });
  }
  resolved.sort((a, b) => a.rank - b.rank || a.at - b.at);
  const best = resolved[0];
  if (best) {
    const blanks = blankedParts(best.raw, best.value);
    if (blanks) {
      const full = fullForm(blanks, names.filter((n) => n !== best.value), texts);
      if (full) return full;
    }
    // The first name given, unless another is its full form (市场监督管理局 on the cover,
    // 临江市云溪区市场监督管理局 further on).
    const longer = names.filter((n) => n.length > best.value.length && n.endsWith(best.value));
    return longer.length ? longer.reduce((a, b) => (b.length > a.length ? b : a)) : best.value;
  }
  if (!project) return null;
  // The organisation that leads the project name: 北京市司法局2025年… → 北京市司法局.
  const beforeYear = /^(.{3,40}?)(?:\d{4}|二〇[一二三四五六七八九〇]{2})\s*(?:年|-\d{4})/.exec(project);
  if (beforeYear && ENDS_ORG.test(beforeYear[1]) && !isAgent(beforeYear[1])) return beforeYear[1];
  const lead = LEADING_ORG.exec(project);
  return lead && !isAgent(lead[1]) ? lead[1] : null;
}

// ---------- money ----------

const BUDGET_LABEL = new RegExp([...LABELS.budget].sort((a, b) => b.length - a.length).map(esc).join('|'));

/** A budget stated in a line, in yuan: only under a budget label, never a cap, deposit, threshold or unit price. */
export function budgetIn(line: string): number | null {
  return amountsIn(line).find((a) => a.kind === 'budget')?.yuan ?? null;
}

/** A 最高限价 / 控制价 stated in a line, in yuan. */
export function capIn(line: string): number | null {
  return amountsIn(line).find((a) => a.kind === 'cap')?.yuan ?? null;
}

// ---------- service period ----------

const DATE = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?/g;

function iso(y: string, m: string, d: string): string | null {
  const mm = Number(m), dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function findServicePeriod(lines: string[]): { start: string | null; end: string | null } {
  let start: string | null = null;
  let end: string | null = null;
  for (const line of lines) {
    if (!/服务期|履行|合同期|服务时间|项目时间|起止|租用期|租赁期|服务周期|期限/.test(line)) continue;
    const dates = [...line.matchAll(DATE)].map((m) => ({ at: m.index!, end: m.index! + m[0].length, iso: iso(m[1], m[2], m[3]) }));
    if (!dates.length) continue;
    for (let i = 0; i + 1 < dates.length; i++) {
      if (/^\s*(至|到|-|—|~|～|起至)\s*$/.test(line.slice(dates[i].end, dates[i + 1].at)) && !start) {
        start = dates[i].iso;
        end = dates[i + 1].iso;
      }
    }
    for (const d of dates) {
      const before = line.slice(Math.max(0, d.at - 14), d.at);
      // 自签订合同之日至2026年12月31日止: a date right after 至 ends the period, whatever began it.
      if (/(至|到|止于)\s*$/.test(before) || /^\s*(止|结束|截止)/.test(line.slice(d.end))) {
        if (!end) end = d.iso;
        continue;
      }
      if (!start && /开始|起始|自/.test(before)) start = d.iso;
      if (!end && /结束|截止|终止|止|到期/.test(before)) end = d.iso;
    }
    if (start && end) break;
  }
  return { start, end };
}

/** Paragraphs, and every pair of neighbouring table cells as `a：b`: a period stands under labels of every kind. */
function periodLines(doc: DocModel): string[] {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'paragraph') {
      lines.push(cleanText(b.text));
      continue;
    }
    for (let r = 0; r < b.rows.length && r < 200; r++) {
      const texts: string[] = [];
      b.rows[r].forEach((_, c) => {
        const x = cleanText(slotText(b, r, c));
        if (x && texts[texts.length - 1] !== x) texts.push(x);
      });
      for (let i = 0; i + 1 < texts.length; i++) lines.push(`${texts[i]}：${texts[i + 1]}`);
    }
  }
  return lines.filter(Boolean);
}

// ---------- all facts ----------

export function findFacts(doc: DocModel, placements: Placement[]): Facts {
  const lines = factLines(doc);
  const project = findProject(doc, lines);
  const agency = findAgency(lines, project);

  // Lots, with names from their first marker that has one, and budgets stated in their part.
  const lots = new Map<number, Lot>();
  let docBudget: number | null = null;
  const caps: { yuan: number; lot: number | null }[] = [];
  const lotOf = (lot: number): Lot => {
    if (!lots.has(lot)) lots.set(lot, { lot, name: '', budget_cny: null });
    return lots.get(lot)!;
  };
  let li = 0;
  doc.blocks.forEach((block, i) => {
    if (block.type === 'paragraph') {
      const marker = lotMarker(cleanText(block.text));
      if (marker) {
        const known = lotOf(marker.lot);
        if (!known.name && marker.name) known.name = marker.name;
      }
    }
    for (; li < lines.length && lines[li].at === i; li++) {
      const line = lines[li];
      // A table of one header row over one row of values is read last: it may be a lot's.
      if (line.from === 'head') continue;
      const text = line.text;
      const lot = placements[i]?.lot ?? null;
      const amounts = amountsIn(text);
      for (const a of amounts) if (a.kind === 'cap') caps.push({ yuan: a.yuan, lot: a.lot ?? lot });
      const budget = amounts.find((a) => a.kind === 'budget');
      if (!budget) continue;
      const inline = lotBudgets(text);
      if (inline.lots.length) {
        for (const { lot: n, budget_cny } of inline.lots) lotOf(n).budget_cny ??= budget_cny;
        // 预算金额：300万元，其中第一包…: the sum before the first lot is the project's.
        const label = BUDGET_LABEL.exec(halfWidth(text));
        if (label && label.index < inline.at) docBudget ??= budget.yuan;
        continue;
      }
      if (lot !== null && lots.has(lot) && !WHOLE_BUDGET_WORDS.some((w) => text.includes(w))) {
        lots.get(lot)!.budget_cny ??= budget.yuan;
      } else {
        docBudget ??= budget.yuan;
      }
    }
  });
  for (const t of doc.blocks) if (t.type === 'table') lotTable(t, lots);
  const noLotBudget = () => ![...lots.values()].some((l) => l.budget_cny !== null);
  for (const line of lines) {
    if (line.from !== 'head') continue;
    for (const a of amountsIn(line.text)) {
      if (a.kind === 'budget' && docBudget === null && noLotBudget()) docBudget = a.yuan;
      if (a.kind === 'cap') caps.push({ yuan: a.yuan, lot: a.lot ?? placements[line.at]?.lot ?? null });
    }
  }
  // A sum of funds stated for the project (自筹资金36.5万元) when no budget label gives one.
  if (docBudget === null && noLotBudget()) {
    for (const line of lines) {
      const funds = amountsIn(line.text).find((a) => a.kind === 'funds');
      if (funds) {
        docBudget = funds.yuan;
        break;
      }
    }
  }
  // The name a 包名称 / 标段名称 label gives a document's one lot.
  if (lots.size === 1) {
    const only = [...lots.values()][0];
    if (!only.name) {
      const names = new Set(lines.flatMap((l) => fieldsIn(l.text).filter((f) => f.kind === 'lot_name').map((f) => lotName(cleanValue(f.value)))).filter(Boolean));
      if (names.size === 1) only.name = [...names][0];
    }
  }
  const lotList = [...lots.values()].sort((a, b) => a.lot - b.lot);
  if (docBudget === null && lotList.length && lotList.every((l) => l.budget_cny !== null)) {
    docBudget = Math.round(lotList.reduce((s, l) => s + l.budget_cny!, 0) * 100) / 100;
  }
  // The document's cap is one stated outside any lot's part, or the cap of its only lot.
  const cap = caps.find((c) => c.lot === null) ?? (lots.size <= 1 && new Set(caps.map((c) => c.lot)).size === 1 ? caps[0] : undefined);
  const period = findServicePeriod(periodLines(doc));
  const notice_type = findNoticeType(doc);
  return {
    project, agency, budget_cny: docBudget, price_cap_cny: cap?.yuan ?? null,
    project_code: findProjectCode(lines), notice_type, published: findPublished(doc, lines),
    region: findRegion(doc, lines, agency, project),
    awards: notice_type === 'award' ? findAwards(doc, lines, placements) : [],
    lots: lotList,
    service_start: period.start, service_end: period.end,
  };
}

// ---------- region and awards ----------

/** Where a line names its region: the platform that published it (浙江政府采购网), or an address. */
const PLATFORM = new RegExp(PLATFORM_WORDS.map(esc).join('|'));

/** The region of the buyer: its name first, then the project's, the addresses given, the platform, the title. */
function findRegion(doc: DocModel, lines: FactLine[], agency: string | null, project: string | null): Region {
  const addresses = lines.flatMap((l) => fieldsIn(l.text).filter((f) => f.kind === 'address').map((f) => cleanValue(f.value)));
  const platforms = lines.filter((l) => l.from === 'para' && PLATFORM.test(l.text)).map((l) => l.text);
  return regionOf([agency, project, ...addresses, ...platforms, doc.title]);
}

/** An award notice's awards: from its award tables, else from its labelled fields. */
function findAwards(doc: DocModel, lines: FactLine[], placements: Placement[]): Award[] {
  const fromTables: Award[] = [];
  const tableAt = new Set<number>();
  doc.blocks.forEach((b, at) => {
    if (b.type !== 'table') return;
    const got = awardTable(b, placements[at]?.lot ?? null);
    if (got?.length) {
      fromTables.push(...got);
      tableAt.add(at);
    }
  });
  const fromFields = awardFields(lines.filter((l) => !tableAt.has(l.at)).map((l) => ({ ...l, lot: placements[l.at]?.lot ?? null })));
  return mergeAwards([...fromTables, ...fromFields]);
}

const LOT_COUNT = new RegExp(`^\\d+\\s*(?:${LOT_COUNT_UNITS.map(esc).join('|')})$`);

/** A lot table (包号 | 包名称 | … | 预算金额) adds lots and their budgets. */
function lotTable(t: TableBlock, lots: Map<number, Lot>): void {
  const head = t.rows[0]?.map((_, c) => halfWidth(cleanText(slotText(t, 0, c))).replace(/\s+/g, '')) ?? [];
  const lotCol = head.findIndex((h) => roleOf(h) === 'lot');
  if (lotCol < 0) return;
  const nameCol = head.findIndex((h, i) => i !== lotCol && /名称|采购内容|标的/.test(h));
  const budgetCol = head.findIndex((h) => BUDGET_LABEL.test(h));
  const wan = budgetCol >= 0 && /万元/.test(head[budgetCol]);
  for (let r = 1; r < t.rows.length; r++) {
    const cell = cleanText(slotText(t, r, lotCol));
    // `1项` under 标项 counts the lots (one, not divided); it numbers none.
    if (LOT_COUNT.test(cell)) continue;
    const lot = lotIn(cell);
    if (lot === null) continue;
    const name = nameCol >= 0 ? lotName(cleanText(slotText(t, r, nameCol))) : '';
    let budget: number | null = null;
    if (budgetCol >= 0) {
      const cell = halfWidth(cleanText(slotText(t, r, budgetCol))).replace(/\s/g, '');
      const m = CELL_AMOUNT.exec(cell);
      if (m) budget = yuan(m[1], wan || !!m[2]?.startsWith('万'));
    }
    const known = lots.get(lot);
    if (!known) lots.set(lot, { lot, name, budget_cny: budget });
    else {
      if (!known.name && name) known.name = name;
      known.budget_cny ??= budget;
    }
  }
}
