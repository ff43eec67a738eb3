// What a notice says of itself: its number (项目编号), its type (from its title) and the date
// it was published. Read from labelled fields and the title; the words are data
// (pipeline/vocabulary.ts: LABELS.code, LABELS.published, NOTICE_TYPE_WORDS).
import type { Block, DocModel } from '../../extractors/model.js';
import type { NoticeType } from '../../schemas/records.js';
import { cleanValue, fieldsIn, rejection, type SourceLine } from './labels.js';
import { chineseNumber } from '../numbers.js';
import { cleanText, halfWidth } from '../text.js';
import { LABELS, NOTICE_TYPE_WORDS, TITLE_REACH } from '../vocabulary.js';

// ---------- project code ----------

const CODE_RANK = new Map(LABELS.code.map((l, i) => [l, i]));
/** A code: letters, digits and the brackets and marks numbers are written with; a few words of an issuing body at most. */
const CODE_CHARS = /^[\p{Script=Han}A-Za-z0-9\-_—–/\\.·:()（）[\]【】〔〕{}#＃号第年\s]+$/u;
const HAN = /\p{Script=Han}/gu;

/** The value of a code label as a code, or null: `ZJQT-2026-FW-018`, `京财采〔2025〕12号`, `[350102]FJZC[GK]2026012`. */
export function codeValue(raw: string): string | null {
  // A code runs to the first space that a word of running text follows (项目编号：ZB-01 采购方式：…).
  let v = cleanText(raw.replace(/^[\s:：]+/, '').replace(/\s+(?=\p{Script=Han}{2,}).*$/su, '')).replace(/[，,。；;、\s]+$/, '');
  // 采购项目（项目编号：X）: the bracket closing around the field is not the code's.
  if (/[)）]$/.test(v) && (v.match(/[(（]/g) ?? []).length < (v.match(/[)）]/g) ?? []).length) v = v.slice(0, -1);
  if (v.length < 3 || v.length > 60 || !/\d/.test(v) || !CODE_CHARS.test(v)) return null;
  if ((v.match(HAN) ?? []).length > 10 || rejection(cleanValue(v))) return null;
  return v;
}

/** The notice's own number: the value of the most specific code label (项目编号 before 采购计划编号), first stated first. */
export function findProjectCode(lines: readonly SourceLine[]): string | null {
  let best: { code: string; rank: number } | null = null;
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind !== 'code') continue;
      const code = codeValue(f.value);
      const rank = CODE_RANK.get(f.label) ?? LABELS.code.length;
      if (code && (!best || rank < best.rank)) best = { code, rank };
    }
    if (best?.rank === 0) break;
  }
  return best?.code ?? null;
}

// ---------- notice type ----------

const TYPE_WORDS = NOTICE_TYPE_WORDS.flatMap(([type, words]) => words.map((w) => ({ type, w: halfWidth(w) }))).sort((a, b) => b.w.length - a.w.length);
/** What may follow a title's type word: a bracketed note (（第二次）, (服务类)), punctuation, a site's name after a separator. */
const TITLE_TAIL = /(?:\s*[（(【[][^（）()【】[\]]{0,16}[)）】\]])*[\s。.!！]*$/;
const NUMBERED = /^\s*(?:第[一二三四五六七八九十\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．\s]|[（(][一二三四五六七八九十\d]+[)）])/;
const TOC_LINE = /[…]{2,}|\.{4,}|·{4,}|\s\d+\s*$/;
/** A site's breadcrumb (首页 > 采购公告) names the page's section, which holds notices of every type. */
const BREADCRUMB = /[>＞»›]/;

/** The type a title line names: the type word it ends with (…项目中标公告, 招标文件（服务类）), or null. */
export function typeOfTitle(line: string): NoticeType | null {
  const t = halfWidth(cleanText(line)).replace(TITLE_TAIL, '');
  if (!t || t.length > TITLE_REACH.chars || NUMBERED.test(t) || TOC_LINE.test(t) || BREADCRUMB.test(t)) return null;
  for (const { type, w } of TYPE_WORDS) if (t.endsWith(halfWidth(w))) return type;
  return null;
}

/** The title parts a page's <title> holds: `…中标公告_中国政府采购网` → [`…中标公告`, `中国政府采购网`]. */
function titleParts(title: string | undefined): string[] {
  return title ? title.split(/\s*[_|｜]\s*|\s+[-–—]\s+/).filter(Boolean) : [];
}

/** Body signals of a type where no title states one: an award's supplier and sum, a tender's instructions to bidders. */
const AWARD_BODY = /(?:中标|成交)(?:（成交）)?(?:供应商|人|单位)(?:名称)?\s*[:：]\s*\S/;
const TENDER_BODY = /投标人须知|供应商须知|评标办法|评分办法|投标文件格式|响应文件格式|磋商须知/;

/**
 * The notice's type: the type its title names (a page's <title>, else the first short line
 * of the document that ends with a type word); else what its body shows; else `other`.
 */
export function findNoticeType(doc: DocModel): NoticeType {
  for (const part of titleParts(doc.title)) {
    const t = typeOfTitle(part);
    if (t) return t;
  }
  const early: string[] = [];
  for (const b of doc.blocks.slice(0, TITLE_REACH.blocks)) if (b.type === 'paragraph') early.push(...b.text.split(/\n+/));
  // A title wrapped over two lines (…中标结果公 / 告, 某项目 / 招标文件) reads joined.
  for (const [i, line] of early.entries()) {
    const next = early[i + 1];
    const t = typeOfTitle(line) ?? (next !== undefined && !NUMBERED.test(next) ? typeOfTitle(cleanText(line) + cleanText(next)) : null);
    if (t) return t;
  }
  let tender = false;
  for (const b of doc.blocks) {
    if (b.type !== 'paragraph') continue;
    if (AWARD_BODY.test(b.text)) return 'award';
    tender ||= TENDER_BODY.test(b.text);
  }
  return tender ? 'tender' : 'other';
}

// ---------- published ----------

const DATE = /(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?/;
const CN_DATE = /([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日/;
const CN_DIGIT: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** A line that is a date and nothing else (a notice's 落款, a page's date line), a time of day after it at most. */
const DATE_LINE = /^\s*(?:日期\s*[:：]\s*)?(?:\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?|[〇零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*$/;

function iso(y: number, m: number, d: number): string | null {
  if (!(y >= 1990 && y <= 2100) || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first date a text states, as an ISO date: 2025年3月1日, 2025-03-01, 二〇二五年三月一日. */
export function dateIn(text: string): string | null {
  const t = halfWidth(text);
  const m = DATE.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  const c = CN_DATE.exec(t);
  if (c) return iso(Number([...c[1]!].map((ch) => CN_DIGIT[ch]).join('')), chineseNumber(c[2]!) ?? 0, chineseNumber(c[3]!) ?? 0);
  return null;
}

const DATE_LINES_AT_END = 10;
const DATE_LINES_AT_START = 6;

/** Lines of the paragraphs among `blocks`. */
const paraLines = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'paragraph' ? b.text.split(/\n+/).map(cleanText) : []));

/**
 * The date the notice was published: a 发布日期 / 公告时间 field; else the date a notice is
 * signed with (a line of a date alone among its last paragraphs); else a date line at its top.
 */
export function findPublished(doc: DocModel, lines: readonly SourceLine[]): string | null {
  for (const line of lines) {
    for (const f of fieldsIn(line.text)) {
      if (f.kind !== 'published') continue;
      const d = dateIn(f.value);
      if (d) return d;
    }
  }
  const end = paraLines(doc.blocks.slice(-DATE_LINES_AT_END)).reverse();
  const start = paraLines(doc.blocks.slice(0, DATE_LINES_AT_START));
  for (const line of [...end, ...start]) if (DATE_LINE.test(halfWidth(line))) return dateIn(line);
  return null;
}
