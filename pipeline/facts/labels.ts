// Labelled fields: `label：value` in a line (several to a line: `项目名称：X 项目编号：Y`), and
// label cell → value cell in key-value tables (前附表, 项目基本情况), whatever the table's shape.
// The labels are data (pipeline/vocabulary.ts); this reads them and cleans what they give.
import { slotText, type TableBlock } from '../../extractors/model.js';
import { cleanText, escapeRegExp } from '../text.js';
import {
  DEFINITION_LEADS, FORM_WORDS, KV_CELLS, LABELS, LABEL_PREFIXES, MASK_CHARS, MASK_LETTERS, ORG_SUFFIXES, PLACEHOLDERS, REFERENCE_LEADS,
  REFERENCE_WORDS, ROLE_NOTES, ROLE_NOTE_LEADS, UNIT_NOTES, VALUE_TRIM, type LabelKind,
} from '../vocabulary.js';
import { memo } from '../memo.js';

export interface Field {
  kind: LabelKind;
  /** The label as the lexicon has it (预算金额 for `预算金额（元）：`). */
  label: string;
  /** The bracketed note between label and colon (元, 万元, 如有, 甲方), or null. */
  note: string | null;
  /** What follows the colon up to the next label, uncleaned. */
  value: string;
  /** Where the label starts in its line. */
  at: number;
}


const KIND_OF = new Map<string, LabelKind>();
for (const [kind, words] of Object.entries(LABELS) as [LabelKind, readonly string[]][]) {
  for (const w of words) if (!KIND_OF.has(w)) KIND_OF.set(w, kind);
}
const MAX_LABEL = Math.max(...[...KIND_OF.keys()].map((w) => w.length));
const CJK = /[\u4e00-\u9fff]/;
const SPACE = /\s/;
// What may stand before a label we do not know: it ends the value before it only when it stands apart (`… 传真号码：…`).
const APART = /[\s，,；;。、（(]/;

// Money is stated in running text too (本项目预算价为120万元/年): a cell line naming a money label is read whole.
const MONEY_WORD = new RegExp([...LABELS.budget, ...LABELS.cap, ...LABELS.funds].map(escapeRegExp).join('|'));

/** A cell that may hold fields of its own: a colon, or a money label stated in running text. */
const HOLDS_FIELD = new RegExp(`[:：]|${MONEY_WORD.source}`);

export function labelKind(word: string): LabelKind | undefined {
  return KIND_OF.get(word);
}

/** The longest known label that ends at `end` of `line`. */
function labelEndingAt(line: string, end: number): string | null {
  for (let n = Math.min(MAX_LABEL, end); n >= 1; n--) {
    const w = line.slice(end - n, end);
    if (KIND_OF.has(w)) return w;
  }
  return null;
}

interface Mark { start: number; end: number; label: string | null; note: string | null }

/**
 * The label a colon closes, read backwards from it: `label[/其他][（note）]：` (项目编号/包号：,
 * 预算金额（元）：, 采购人（甲方）：), the longest known label first (采购人名称 before 采购人,
 * 项目联系人 rather than 采购单位); else a run of 2-8 characters standing apart, a label we do not know.
 */
function markAt(line: string, colon: number): Mark | null {
  let j = colon;
  while (j > 0 && SPACE.test(line[j - 1]!)) j--;
  let note: string | null = null;
  if (line[j - 1] === ')' || line[j - 1] === '）') {
    const open = Math.max(line.lastIndexOf('（', j - 2), line.lastIndexOf('(', j - 2));
    const inner = open >= 0 ? line.slice(open + 1, j - 1) : '';
    if (open < 0 || inner.length > 14 || /[（）()]/.test(inner)) return null;
    note = inner.trim() || null;
    j = open;
    while (j > 0 && SPACE.test(line[j - 1]!)) j--;
  }
  let k = j;
  while (k > 0 && j - k < 6 && CJK.test(line[k - 1]!)) k--;
  if (k < j && (line[k - 1] === '/' || line[k - 1] === '／')) {
    const label = labelEndingAt(line, k - 1);
    if (label) return { start: k - 1 - label.length, end: colon + 1, label, note };
  }
  const label = labelEndingAt(line, j);
  if (label) return { start: j - label.length, end: colon + 1, label, note };
  let r = j;
  while (r > 0 && j - r <= 8 && CJK.test(line[r - 1]!)) r--;
  const run = j - r;
  if (run >= 2 && run <= 8 && (r === 0 || APART.test(line[r - 1]!))) return { start: r, end: colon + 1, label: null, note: null };
  return null;
}

/** Every labelled field of a line, each value running to the next label (known or standing apart). */
// The same lines are read by several facts and repeat across documents: read each once.
export const fieldsIn: (line: string) => Field[] = memo((line) => readFields(line));

function readFields(line: string): Field[] {
  const marks: Mark[] = [];
  for (let i = line.indexOf('：') < 0 && line.indexOf(':') < 0 ? line.length : 0; i < line.length; i++) {
    if (line[i] !== '：' && line[i] !== ':') continue;
    const m = markAt(line, i);
    const last = marks.at(-1);
    // A label inside the previous field's own label part (项目编号/包号) is not a new one.
    if (m && (!last || m.start >= last.end)) marks.push(m);
  }
  const out: Field[] = [];
  marks.forEach((k, i) => {
    if (!k.label) return;
    const next = marks[i + 1]?.start ?? line.length;
    out.push({ kind: KIND_OF.get(k.label)!, label: k.label, note: k.note, value: line.slice(k.end, next), at: k.start });
  });
  return out;
}

/** The unit a label's note gives its amounts: 预算金额（万元） → wan. */
export function unitOfNote(note: string | null): 'yuan' | 'wan' | null {
  if (!note) return null;
  return UNIT_NOTES[note.replace(/[\s:：]/g, '')] ?? null;
}

// ---------- label cells ----------

const NUMBER_LEAD = /^(?:[（(]?\s*(?:\d+(?:\.\d+)*|[一二三四五六七八九十]+)\s*[)）.．、]?\s*)/;
const PREFIXES = [...LABEL_PREFIXES].sort((a, b) => b.length - a.length);

type LabelCell = { kind: LabelKind; label: string; note: string | null };

/** A table cell that is a label and nothing else (`项目名称`, `2.1 采购人`, `预算金额（元）`, `项目最高投标限价`). */
// Item tables repeat their cells row after row: read each text once.
export const labelCell: (text: string) => LabelCell | null = memo((text) => readLabelCell(text));

function readLabelCell(text: string): LabelCell | null {
  let t = cleanText(text).replace(NUMBER_LEAD, '');
  if (!t || t.length > 20) return null;
  t = t.replace(/\s*[:：]$/, '');
  let note: string | null = null;
  const n = /\s*[（(]([^（）()]{0,14})[)）]$/.exec(t);
  if (n) {
    note = n[1]!.trim() || null;
    t = t.slice(0, n.index);
  }
  t = t.replace(/[/／][\u4e00-\u9fff]{1,6}$/, '');
  const label = KIND_OF.has(t) ? t : PREFIXES.map((p) => (t.startsWith(p) ? t.slice(p.length) : '')).find((w) => KIND_OF.has(w));
  return label ? { kind: KIND_OF.get(label)!, label, note } : null;
}

/** A cell's text as logical lines: a line that starts no label continues the one before (a value wrapped by a narrow cell). */
export function cellLines(text: string): string[] {
  if (!text.includes('\n')) return [cleanText(text)];
  const out: string[] = [];
  for (const raw of text.split(/\n+/)) {
    const line = raw.trim();
    if (!line) continue;
    const starts = out.length === 0 || /^[\u4e00-\u9fff]{2,10}\s*(?:[（(][^（）()]{0,14}[)）])?\s*[:：]/.test(cleanText(line)) || /^[（(]?\d+[)）.．、]|^[□■☑√]/.test(line);
    if (starts) out.push(line);
    else out[out.length - 1] += `\n${line}`;
  }
  return out.map(cleanText);
}

/** A line as read from a document: its text, and the raw text it was cleaned from (where blanks in a name still show). */
export interface SourceLine { text: string; raw: string; from: 'para' | 'row' | 'cell' | 'head' }

/**
 * A row that reads as label | value pairs: narrow (序号 | 名称 | 内容), or wider with a label in
 * every other cell (采购人 | X | 联系人 | Y | 电话 | Z). A wide row of other cells is a table's
 * header or a form's, whose neighbouring cells are no label and value.
 */
function pairsLike(cells: string[]): boolean {
  const body = /^\s*[\d.．]+\s*$/.test(cells[0] ?? '') ? cells.slice(1) : cells;
  if (body.length <= KV_CELLS) return true;
  let labels = 0;
  for (let i = 0; i < body.length; i += 2) if (labelCell(body[i]!)) labels++;
  return labels >= Math.ceil(body.length / 2);
}

/** The value a label cell's neighbour gives: its first logical line, or the name its `名称：` line states. */
function valueOf(cell: string): { text: string; raw: string } {
  const lines = cellLines(cell);
  const first = lines[0] ?? '';
  const f = fieldsIn(first)[0];
  if (f && f.at === 0 && f.kind === 'name') return { text: f.value, raw: cell };
  return { text: first, raw: cell };
}

/**
 * The labelled lines of a table: `label：value` for each label cell and the cell after it, in
 * rows of any width (`序号 | 名称 | 内容`, `项目编号 | X | 项目名称 | Y`); `header：value` for a
 * table of one header row of labels over one row of values; and every line of every cell that
 * holds labels itself (`名称：…⏎地址：…`).
 */
export function tableLines(t: TableBlock, maxRows = 200): SourceLine[] {
  const out: SourceLine[] = [];
  const rows = t.rows.slice(0, maxRows).map((row, r) => {
    const cells: string[] = [];
    row.forEach((_, c) => {
      const x = slotText(t, r, c);
      // A merged cell repeats in every slot it covers: once is enough.
      if (x.trim() && cells[cells.length - 1] !== x) cells.push(x);
    });
    return cells;
  });
  const labelsIn = (cells: string[]) => cells.filter((c) => labelCell(c)).length;
  // A header row of labels stands over a row of values without labels; a key-value table has labels in every row.
  const headerRow = rows.length >= 2 && labelsIn(rows[0]!) >= 2 && labelsIn(rows[1]!) === 0;
  if (headerRow && rows.length === 2) {
    const head = t.rows[0]!.map((_, c) => slotText(t, 0, c));
    const body = t.rows[1]!.map((_, c) => slotText(t, 1, c));
    head.forEach((h, c) => {
      const l = labelCell(h);
      if (!l || (c > 0 && head[c - 1] === h) || !body[c]?.trim()) return;
      const v = valueOf(body[c]);
      out.push({ text: `${cleanText(h)}：${v.text}`, raw: v.raw, from: 'head' });
    });
  }
  rows.forEach((cells, r) => {
    if (!(headerRow && r === 0) && pairsLike(cells)) {
      for (let i = 0; i + 1 < cells.length; i++) {
        const cell = cells[i]!;
        const next = cells[i + 1]!;
        const l = labelCell(cell);
        if (!l || labelCell(next)) continue;
        const v = valueOf(next);
        if (v.text) out.push({ text: `${cleanText(cell).replace(NUMBER_LEAD, '').replace(/[:：]$/, '')}：${v.text}`, raw: v.raw, from: 'row' });
        i++;
      }
    }
    for (const cell of cells) {
      if (!HOLDS_FIELD.test(cell) || labelCell(cell)) continue;
      for (const line of cellLines(cell)) {
        if (fieldsIn(line).length || MONEY_WORD.test(line)) out.push({ text: line, raw: cell, from: 'cell' });
      }
    }
  });
  return out;
}

// ---------- cleaning and rejection ----------

const ROLE_NOTE = new RegExp(`[（(]\\s*(?:(?:${ROLE_NOTES.map(escapeRegExp).join('|')})(?:[、/及和](?:${ROLE_NOTES.map(escapeRegExp).join('|')}))*|(?:${ROLE_NOTE_LEADS.map(escapeRegExp).join('|')})[^（）()]*)\\s*[)）]`, 'g');
const SENTENCE_END = /[。；;！!？?]|[，,](?=[^\d])/;
const TRIM = new RegExp(VALUE_TRIM.source, 'g');

/**
 * A value as the fact it states: cut at the end of its clause, bracketed role notes
 * (`（采购人）`, `（盖章）`, `（以下简称“采购人”）`) and a bracket left open by the cut removed,
 * stray punctuation and quotes trimmed.
 */
export function cleanValue(value: string): string {
  let v = cleanText(value);
  const end = SENTENCE_END.exec(v);
  if (end) v = v.slice(0, end.index);
  v = v.replace(ROLE_NOTE, '');
  // A clause cut inside a bracket leaves it open: `XX项目（采购人` → `XX项目`.
  const open = Math.max(v.lastIndexOf('（'), v.lastIndexOf('('));
  if (open >= 0 && !/[)）]/.test(v.slice(open))) v = v.slice(0, open);
  return v.replace(TRIM, '').replace(/^[“"‘']|[”"’']$/g, '').trim();
}

const ALL_MASK = new RegExp(`^[${escapeRegExp(MASK_CHARS)}${MASK_LETTERS}\\s]+$`);
const MASK_RUN = new RegExp(`[${escapeRegExp(MASK_CHARS)}]{2,}|(?<![A-Za-z])[${MASK_LETTERS}]{2,}(?![A-Za-z])`);

/** A run of characters that blank out part of a value (***, ××, ____, XX), if any. */
export function maskIn(value: string): RegExpExecArray | null {
  return MASK_RUN.exec(value);
}

export type Rejection = 'empty' | 'label' | 'reference' | 'placeholder' | 'definition' | 'checkbox';

/** Why a cleaned value states no fact (it is a label itself, points elsewhere, is a placeholder or a definition), or null. */
export function rejection(value: string): Rejection | null {
  const v = value.trim();
  if (v.length < 2) return 'empty';
  if (KIND_OF.has(v) || labelCell(v)) return 'label';
  // A form's blank field or column header (委托单位名称, 项目内容, 最终报价（总价、元）) stands where its value would.
  const core = v.replace(/[（(][^（）()]*[)）]$/, '');
  if (core.length <= FORM_WORDS.chars && FORM_WORDS.ends.some((w) => core.endsWith(w))) return 'label';
  // A template's field ([合同中心-采购单位名称], 【项目名称】) waits to be filled.
  if (/^[[【〔{<][^\]】〕}>]*[\]】〕}>]$/.test(v)) return 'placeholder';
  if (REFERENCE_LEADS.some((w) => v.startsWith(w)) || REFERENCE_WORDS.some((w) => v.includes(w))) return 'reference';
  if (PLACEHOLDERS.includes(v) || ALL_MASK.test(v)) return 'placeholder';
  if (DEFINITION_LEADS.some((w) => v.startsWith(w))) return 'definition';
  if (/^[□■☑√☐]/.test(v)) return 'checkbox';
  return null;
}

export const ends = (v: string, words: readonly string[]) => words.some((w) => v.endsWith(w));
/** A name without a bracketed alias or note at its end: 某管理处（某林场） → 某管理处. */
export const withoutTrailingBracket = (v: string) => v.replace(/[（(][^（）()]*[)）]$/, '');

/** Reads as an organisation: its last word an organisation word. */
export function isOrganisation(v: string): boolean {
  const core = withoutTrailingBracket(v);
  return core.length >= 2 && ends(core, ORG_SUFFIXES);
}
