// Text runs to lines and lines to paragraphs. pdf.js hands over runs of glyphs with positions;
// spaces between runs, line breaks and paragraph ends have to be inferred from the geometry.
import { CJK_CLASS, isCjk } from '../../pipeline/text.js';
import { PDF_SETTINGS } from './settings.js';
import { maxOf, minOf } from '../extremes.js';
import { bottomY, midY, topY, type TextItem } from './types.js';

const L = PDF_SETTINGS.lines;
const P = PDF_SETTINGS.paragraphs;
const C = PDF_SETTINGS.cells;

const SPACE_BY_CJK = new RegExp(`[ \\t\\u00a0]+(?=[${CJK_CLASS}])|(?<=[${CJK_CLASS}])[ \\t\\u00a0]+`, 'g');


const ANY_SPACE = /\s/;

/** Spaces next to a Chinese character are layout, not text (`2026 年` → `2026年`, `预 算` → `预算`). */
export function tidy(text: string): string {
  // Most runs of Chinese text hold no white space at all, and then neither replace nor trim
  // changes anything: one scan instead of three passes and their copies.
  if (!ANY_SPACE.test(text)) return text;
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').replace(SPACE_BY_CJK, '').trim();
}

export interface Line {
  items: TextItem[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  base: number;
  size: number;
  text: string;
}

/** Same glyphs drawn twice a hair apart (fake bold) are one run. */
function isEcho(a: TextItem, b: TextItem): boolean {
  return a.text === b.text && Math.abs(a.x0 - b.x0) < L.echo && Math.abs(a.base - b.base) < L.echo;
}

/** Runs of one line, left to right, as text: a space only where a gap separates non-Chinese words. */
export function joinRuns(runs: TextItem[]): string {
  let out = '';
  let prev: TextItem | null = null;
  for (const it of runs) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const last = out[out.length - 1];
      if (gap > PDF_SETTINGS.words.gap * Math.min(prev.size, it.size) && last !== ' ' && !it.text.startsWith(' ') && !isCjk(last) && !isCjk(it.text[0])) out += ' ';
    }
    out += it.text;
    prev = it;
  }
  return tidy(out);
}

export function makeLine(runs: TextItem[]): Line {
  const items = [...runs].sort((a, b) => a.x0 - b.x0);
  // The size of most of the text: a symbol from a fallback font (★, ☑) can be much larger.
  const size = items.reduce((best, i) => (i.text.length > best.text.length ? i : best), items[0]).size;
  return {
    items,
    x0: minOf(items, (i) => i.x0),
    x1: maxOf(items, (i) => i.x1),
    top: minOf(items, topY),
    bottom: maxOf(items, bottomY),
    base: maxOf(items, (i) => i.base),
    size,
    text: joinRuns(items),
  };
}

/** Runs grouped into lines by their vertical middle, top to bottom. */
export function groupLines(items: TextItem[]): Line[] {
  const sorted = items.filter((i) => i.text.trim() !== '').sort((a, b) => midY(a) - midY(b) || a.x0 - b.x0);
  const groups: TextItem[][] = [];
  let mid = -Infinity;
  let size = 0;
  for (const it of sorted) {
    const cur = groups[groups.length - 1];
    if (cur && Math.abs(midY(it) - mid) <= L.mid * Math.min(size, it.size)) {
      if (!cur.some((o) => isEcho(o, it))) cur.push(it);
      continue;
    }
    groups.push([it]);
    mid = midY(it);
    size = it.size;
  }
  return groups.map(makeLine);
}

// ---------- paragraphs ----------

/** A line that starts a list entry or a numbered heading, so it never continues the line above. */
const LIST_START = /^(?:\d+(?:[.．]\d+)*\s*[、.．)）]|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|第\s*[一二三四五六七八九十百\d]+\s*[章节条部分篇卷]|[①-⑳]|[•●◆■□▪◇○★√※]|[a-zA-Z]\s*[、.．)）])/;

export interface FlowLine extends Line {
  page: number;
}

export interface PageMetrics {
  /** Left and right edges of the text body on the page. */
  left: number;
  right: number;
}

export interface Paragraph {
  text: string;
  page: number;
  heading: boolean;
}

/** The most common line pitch between successive lines of the same size: the body's leading. */
export function usualPitch(lines: FlowLine[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    if (a.page !== b.page || Math.abs(a.size - b.size) > P.pitchSize) continue;
    const pitch = Math.round((b.base - a.base) / P.pitchBin) * P.pitchBin;
    if (pitch > 0) counts.set(pitch, (counts.get(pitch) ?? 0) + 1);
  }
  let best = 0;
  let n = 0;
  for (const [p, c] of counts) if (c > n || (c === n && p < best)) [best, n] = [p, c];
  return best;
}

/** The most common font size, weighted by characters: the body text size. */
export function bodySize(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const size = Math.round(l.size / P.sizeBin) * P.sizeBin;
    counts.set(size, (counts.get(size) ?? 0) + l.text.length);
  }
  let best = 0;
  let n = -1;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

const single = (l: Line): boolean => l.text.length === 1 && isCjk(l.text);

/** Does line b go on with the paragraph whose last line is a? */
export function continues(a: FlowLine, b: FlowLine, m: Map<number, PageMetrics>, pitch: number): boolean {
  // A title set vertically, one character per line.
  if (single(a) && single(b) && Math.abs(a.x0 - b.x0) < P.verticalTitle && a.page === b.page) return true;
  if (Math.abs(a.size - b.size) > P.sizeChange * a.size) return false;
  if (LIST_START.test(b.text)) return false;
  const ma = m.get(a.page);
  // A line that ends a sentence ends its paragraph unless it runs to the very edge.
  const slack = /[。；;！!？?：:]$/.test(a.text) ? P.fullAfterStop : P.full;
  if (!ma || a.x1 < ma.right - slack * a.size) return false;
  if (b.x0 > a.x0 + P.indent * a.size && b.x0 > (m.get(b.page)?.left ?? 0) + P.indent * b.size) {
    // Indented: a new paragraph, unless it hangs under the value after a label (`采购人：…`).
    const hang = xAfterLabel(a);
    if (hang === null || Math.abs(b.x0 - hang) > P.hang * b.size) return false;
  }
  if (a.page === b.page) {
    const step = b.base - a.base;
    if (step <= 0 || step > Math.max(pitch * P.maxPitches + P.pitchPad, a.size * P.minGap) || step > a.size * P.maxGap) return false;
  }
  return true;
}

const glyphWeight = (ch: string): number => (isCjk(ch) ? 1 : /\s/.test(ch) ? PDF_SETTINGS.glyphs.spaceWidth : PDF_SETTINGS.glyphs.latinWidth);

const CLAUSE_NUMBER = /^(?:\d+(?:[.．]\d+)*[.．、]?|[（(]\d+[)）])$/;

/**
 * Where the text after a leading label starts on the line (after `采购人：`, or after a clause
 * number set apart: `1.1   采购人…`), or null without such a label: wrapped lines hang there.
 */
export function xAfterLabel(line: Line): number | null {
  const [first, second] = line.items;
  if (second && CLAUSE_NUMBER.test(first.text.trim()) && second.x0 - first.x1 > P.clauseGap * first.size) return second.x0;
  let seen = 0;
  for (const it of line.items) {
    const chars = [...it.text];
    const at = chars.findIndex((ch) => ch === '：' || ch === ':');
    if (at < 0) {
      seen += chars.length;
      if (seen > P.labelChars) return null;
      continue;
    }
    const total = chars.reduce((sum, ch) => sum + glyphWeight(ch), 0) || 1;
    const before = chars.slice(0, at + 1).reduce((sum, ch) => sum + glyphWeight(ch), 0);
    return it.x0 + ((it.x1 - it.x0) * before) / total;
  }
  return null;
}

/** Two lines of one paragraph as one string: no space at a Chinese boundary or inside a broken number. */
export function joinLines(a: string, b: string): string {
  const x = a[a.length - 1];
  const y = b[0];
  if (!x || !y || isCjk(x) || isCjk(y)) return a + b;
  if (/[0-9./:_@-]/.test(x) && /[0-9a-zA-Z./:_@-]/.test(y)) return a + b;
  return `${a} ${b}`;
}

/**
 * Left and right edges of the text body per page. The right edge is where wrapped lines end:
 * the 90th percentile of the line ends over all pages of the same width, but never left of
 * the left margin mirrored (a document of short equal lines would otherwise look full-width).
 */
export function bodyEdges(pages: { page: number; width: number; lines: Line[] }[]): Map<number, PageMetrics> {
  const lefts = new Map<number, number>();
  for (const p of pages) {
    const long = p.lines.filter((l) => l.text.length >= P.edgeLine);
    const use = long.length ? long : p.lines;
    if (use.length) lefts.set(p.page, minOf(use, (l) => l.x0));
  }
  const groups = new Map<number, { ends: number[]; lefts: number[] }>();
  for (const p of pages) {
    const w = Math.round(p.width);
    const g = groups.get(w) ?? groups.set(w, { ends: [], lefts: [] }).get(w)!;
    for (const l of p.lines) if (l.text.length >= P.edgeLine) g.ends.push(l.x1);
    const left = lefts.get(p.page);
    if (left !== undefined) g.lefts.push(left);
  }
  const rightOf = new Map<number, number>();
  for (const [w, g] of groups) {
    const ends = [...g.ends].sort((a, b) => a - b);
    const ls = [...g.lefts].sort((a, b) => a - b);
    const mirrored = ls.length ? w - ls[Math.floor(ls.length / 2)] : w;
    rightOf.set(w, Math.max(mirrored, ends.length ? ends[Math.floor(P.rightEdge * (ends.length - 1))] : 0));
  }
  const out = new Map<number, PageMetrics>();
  for (const p of pages) out.set(p.page, { left: lefts.get(p.page) ?? 0, right: rightOf.get(Math.round(p.width)) ?? p.width });
  return out;
}

// ---------- lines of a table cell ----------

/** A line of a cell, and whether its text ran on with a space the line break swallowed. */
export interface CellLine {
  line: Line;
  trailing: boolean;
}

interface Glyph {
  ch: string;
  x0: number;
  x1: number;
  /** A gap (a space not drawn) before it. */
  gap: boolean;
}

/** A line's characters with their extents, each run's width shared out by glyph class. */
function glyphs(line: Line): Glyph[] {
  const out: Glyph[] = [];
  let prev: TextItem | null = null;
  for (const it of line.items) {
    const chars = [...it.text];
    const total = chars.reduce((sum, ch) => sum + glyphWeight(ch), 0) || 1;
    const scale = (it.x1 - it.x0) / total;
    let x = it.x0;
    chars.forEach((ch, i) => {
      const w = glyphWeight(ch) * scale;
      out.push({ ch, x0: x, x1: x + w, gap: i === 0 && !!prev && it.x0 - prev.x1 > PDF_SETTINGS.words.gap * Math.min(prev.size, it.size) });
      x += w;
    });
    prev = it;
  }
  return out;
}

const OPENING = /[（(《“‘【[〔{「『]/;
/** Punctuation no line starts with: a layout takes it down with the character before it. */
const CLOSING = /[，。、；：！？）》”’】\]〕}」』,.;:!?)%％]/;
/** A character that goes with its neighbours in a Latin word or number: not a space, not Chinese. */
const wordChar = (ch: string | undefined): boolean => !!ch && !/\s/.test(ch) && !isCjk(ch);
/** Characters a token is broken after or before without a space (a number, a URL, `≥2.0`,
 * `0755-`): anything but a letter, a space or the punctuation that ends a phrase. */
const JOINS = /[^\p{L}\s,;!?'"）)\]]/u;
/** The start of a list entry or a choice: `2.` `（3）` `二、` `②` `□` (not a number such as `2.4GHz`). */
const CELL_ITEM = /^(?:\d{1,2}\s*[.．、)）](?![\d.．])|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|[①-⑳]|[•●◆■□▪◇○★√※☑☐])/;

/** What a line-break decision needs of a line's geometry. */
interface Ends {
  /** Width of the inked text, leading and trailing spaces left out. */
  width: number;
  /** The first character, and the first Latin word (the first character when it is Chinese). */
  firstChar: number;
  firstWord: number;
  /** What a layout keeps together at the start: a word, or a character with the punctuation
   * after it, an opening bracket with what it opens. */
  firstPiece: number;
  /** The Latin word the line ends with. */
  lastWord: number;
  /** The punctuation the line starts with that no line should start with. */
  closers: number;
}

// Each line of a cell is measured as the second line of one break and the first of the next.
const measured = new WeakMap<Line, Ends>();

function ends(line: Line): Ends {
  let e = measured.get(line);
  if (!e) measured.set(line, (e = measure(line)));
  return { ...e };
}

function measure(line: Line): Ends {
  const g = glyphs(line);
  let s = 0;
  while (s < g.length - 1 && /\s/.test(g[s].ch)) s++;
  let e = g.length;
  while (e > 1 && /\s/.test(g[e - 1].ch)) e--;
  const span = (from: number, to: number) => (to > from ? g[to - 1].x1 - g[from].x0 : 0);
  const wordEnd = (from: number) => {
    let i = from;
    while (i < e && wordChar(g[i].ch) && (i === from || !g[i].gap)) i++;
    return i;
  };
  let v = e;
  while (v > s && wordChar(g[v - 1].ch) && (v === e || !g[v].gap)) v--;
  const firstChar = span(s, s + 1);
  const firstWord = wordChar(g[s]?.ch) ? span(s, Math.max(s + 1, wordEnd(s))) : firstChar;
  let piece = s + 1;
  if (OPENING.test(g[s]?.ch ?? '')) piece = wordChar(g[s + 1]?.ch) ? wordEnd(s + 1) : s + 2;
  else if (wordChar(g[s]?.ch)) piece = Math.max(s + 1, wordEnd(s));
  piece = Math.min(piece, e);
  while (piece < e && CLOSING.test(g[piece].ch)) piece++;
  let c = s;
  while (c < e && CLOSING.test(g[c].ch)) c++;
  return { width: span(s, e), firstChar, firstWord, firstPiece: span(s, piece), lastWord: span(v, e), closers: span(s, c) };
}

/** Width of line a and the first character of b, for the common break between two Chinese
 * characters, without measuring every glyph; null where b starts with punctuation. */
function quickCjk(a: Line, b: Line): number | null {
  const lastText = a.items[a.items.length - 1].text;
  const first = b.items[0];
  const t = first.text;
  const second = t.length > 1 ? t[1] : b.items[1]?.text[0] ?? '';
  if (/\s$/.test(lastText) || /^\s/.test(a.items[0].text) || OPENING.test(t[0]) || CLOSING.test(second) || t.charCodeAt(0) >= 0xd800) return null;
  let total = 0;
  for (const ch of t) total += glyphWeight(ch);
  return a.x1 - a.x0 + ((first.x1 - first.x0) * glyphWeight(t[0])) / total;
}

/** A line that is nothing but one word or an opening bracket: what follows it on the next line went down with it. */
const fragment = (text: string): boolean => /^[（(《“‘【[〔{「『]+$/.test(text) || [...text].every(wordChar);

/**
 * What goes between two lines of one cell whose text is `room` wide: nothing where the layout
 * wrapped the text between Chinese characters or inside a word (`vCP` | `U`), a space where it
 * wrapped at a space (`SSL ` | `VPN`), and a line break where the next line's first piece would
 * have fitted on this one: the author broke the line there. `spacesShown`: the table draws the
 * space a line wrapped at a space ends with, so a filled line without one was cut inside a word.
 */
export function lineBreak(a: CellLine, b: CellLine, room: number | null, after?: CellLine, spacesShown = false): string {
  if (room === null || room <= 0) return '\n';
  const x = a.line.text[a.line.text.length - 1];
  const y = b.line.text[0];
  // The next entry of a list in the cell starts a line of its own, however full the last one.
  if (CELL_ITEM.test(b.line.text)) return '\n';
  // Nobody ends a line on an opening bracket: the layout had no room for what it opens.
  if (OPENING.test(x)) return '';
  const em = Math.min(a.line.size, b.line.size);
  const over = (w: number) => w > room - C.wrapSlack * em;
  if (isCjk(x) && isCjk(y) && !(after && fragment(b.line.text))) {
    const quick = quickCjk(a.line, b.line);
    if (quick !== null) return over(quick) ? '' : '\n';
  }
  const ea = ends(a.line);
  const eb = ends(b.line);
  if (after && fragment(b.line.text)) {
    const more = ends(after.line);
    const next = after.line.text[0];
    eb.firstPiece += OPENING.test(b.line.text) ? more.firstPiece : wordChar(next) ? more.firstWord : CLOSING.test(next) ? more.closers : 0;
  }
  if (isCjk(x) || isCjk(y)) return over(ea.width + eb.firstPiece) ? '' : '\n';
  if (a.trailing) return over(ea.width + glyphWeight(' ') * em + eb.firstPiece) ? ' ' : '\n';
  // Filled to the edge without a space: cut inside a word. Where the table draws no spaces at
  // line ends, only a word wider than the cell says so (one that fits would have gone down whole).
  if (over(ea.width + eb.firstChar) && (spacesShown || over(ea.lastWord + eb.firstWord))) return '';
  if (!over(ea.width + eb.firstPiece)) return '\n';
  // Wrapped where no space is drawn: next to a digit, symbol or punctuation inside a token
  // nothing goes between; between two words, the space the PDF left out at the line end.
  return spacesShown || JOINS.test(x) || JOINS.test(y) ? '' : ' ';
}

/** A cell's lines, top to bottom, as one text: layout wraps joined, the author's breaks kept as "\n". */
export function joinCellLines(lines: CellLine[], room: number | null, spacesShown = false): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].line.text;
    out = i === 0 ? text : out + lineBreak(lines[i - 1], lines[i], room, lines[i + 1], spacesShown) + text;
  }
  return out;
}

/** Width of a line's inked text, leading and trailing spaces left out. */
export const inkWidth = (line: Line): number => ends(line).width;

/** A line as a cell line: its text ran on past a space if its last run ends in one. */
export const asCellLine = (line: Line): CellLine => ({ line, trailing: /\s$/.test(line.items.reduce((a, b) => (b.x1 > a.x1 ? b : a)).text) });

const NOT_BLANK = /\S/;

/** Runs of a cell to its lines, each told whether its text ran on past a space. */
export function cellLines(items: TextItem[]): CellLine[] {
  const out = groupLines(items).map(asCellLine);
  // A space drawn as a run of its own after the last word.
  for (const it of items) {
    if (NOT_BLANK.test(it.text)) continue;
    const l = out.find((c) => Math.abs(midY(it) - midY(c.line.items[0])) <= L.mid * c.line.size && it.x0 >= c.line.x1 - C.wrapSlack * c.line.size);
    if (l) l.trailing = true;
  }
  return out;
}
