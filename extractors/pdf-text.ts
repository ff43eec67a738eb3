// Text runs to lines and lines to paragraphs. pdf.js hands over runs of glyphs with positions;
// spaces between runs, line breaks and paragraph ends have to be inferred from the geometry.
import { bottomY, midY, topY, type TextItem } from './pdf-types.js';

const CJK_CLASS = '\\u2e80-\\u2fff\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const CJK = new RegExp(`[${CJK_CLASS}]`);
const SPACE_BY_CJK = new RegExp(`[ \\t\\u00a0]+(?=[${CJK_CLASS}])|(?<=[${CJK_CLASS}])[ \\t\\u00a0]+`, 'g');

export const isCjk = (ch: string | undefined): boolean => !!ch && CJK.test(ch);

/** Spaces next to a Chinese character are layout, not text (`2026 年` → `2026年`, `预 算` → `预算`). */
export function tidy(text: string): string {
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
  return a.text === b.text && Math.abs(a.x0 - b.x0) < 1.5 && Math.abs(a.base - b.base) < 1.5;
}

/** Runs of one line, left to right, as text: a space only where a gap separates non-Chinese words. */
export function joinRuns(runs: TextItem[]): string {
  let out = '';
  let prev: TextItem | null = null;
  for (const it of runs) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const last = out[out.length - 1];
      if (gap > 0.2 * Math.min(prev.size, it.size) && last !== ' ' && !it.text.startsWith(' ') && !isCjk(last) && !isCjk(it.text[0])) out += ' ';
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
    x0: Math.min(...items.map((i) => i.x0)),
    x1: Math.max(...items.map((i) => i.x1)),
    top: Math.min(...items.map(topY)),
    bottom: Math.max(...items.map(bottomY)),
    base: Math.max(...items.map((i) => i.base)),
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
    if (cur && Math.abs(midY(it) - mid) <= 0.45 * Math.min(size, it.size)) {
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
    if (a.page !== b.page || Math.abs(a.size - b.size) > 0.5) continue;
    const pitch = Math.round(b.base - a.base);
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
  for (const l of lines) counts.set(Math.round(l.size * 2) / 2, (counts.get(Math.round(l.size * 2) / 2) ?? 0) + l.text.length);
  let best = 0;
  let n = -1;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

const single = (l: Line): boolean => l.text.length === 1 && isCjk(l.text);

/** Does line b go on with the paragraph whose last line is a? */
export function continues(a: FlowLine, b: FlowLine, m: Map<number, PageMetrics>, pitch: number): boolean {
  // A title set vertically, one character per line.
  if (single(a) && single(b) && Math.abs(a.x0 - b.x0) < 1 && a.page === b.page) return true;
  if (Math.abs(a.size - b.size) > 0.15 * a.size) return false;
  if (LIST_START.test(b.text)) return false;
  const ma = m.get(a.page);
  // A line that ends a sentence ends its paragraph unless it runs to the very edge.
  const slack = /[。；;！!？?：:]$/.test(a.text) ? 1 : 2;
  if (!ma || a.x1 < ma.right - slack * a.size) return false;
  if (b.x0 > a.x0 + 0.8 * a.size && b.x0 > (m.get(b.page)?.left ?? 0) + 0.8 * b.size) {
    // Indented: a new paragraph, unless it hangs under the value after a label (`采购人：…`).
    const hang = xAfterLabel(a);
    if (hang === null || Math.abs(b.x0 - hang) > 0.8 * b.size) return false;
  }
  if (a.page === b.page) {
    const step = b.base - a.base;
    if (step <= 0 || step > Math.max(pitch * 1.35 + 1, a.size * 2) || step > a.size * 3) return false;
  }
  return true;
}

const glyphWeight = (ch: string): number => (isCjk(ch) ? 1 : ch === ' ' ? 0.3 : 0.55);

const CLAUSE_NUMBER = /^(?:\d+(?:[.．]\d+)*[.．、]?|[（(]\d+[)）])$/;

/**
 * Where the text after a leading label starts on the line (after `采购人：`, or after a clause
 * number set apart: `1.1   采购人…`), or null without such a label: wrapped lines hang there.
 */
export function xAfterLabel(line: Line): number | null {
  const [first, second] = line.items;
  if (second && CLAUSE_NUMBER.test(first.text.trim()) && second.x0 - first.x1 > 0.5 * first.size) return second.x0;
  let seen = 0;
  for (const it of line.items) {
    const chars = [...it.text];
    const at = chars.findIndex((ch) => ch === '：' || ch === ':');
    if (at < 0) {
      seen += chars.length;
      if (seen > 16) return null;
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
    const long = p.lines.filter((l) => l.text.length >= 8);
    const use = long.length ? long : p.lines;
    if (use.length) lefts.set(p.page, Math.min(...use.map((l) => l.x0)));
  }
  const groups = new Map<number, { ends: number[]; lefts: number[] }>();
  for (const p of pages) {
    const w = Math.round(p.width);
    const g = groups.get(w) ?? groups.set(w, { ends: [], lefts: [] }).get(w)!;
    for (const l of p.lines) if (l.text.length >= 8) g.ends.push(l.x1);
    const left = lefts.get(p.page);
    if (left !== undefined) g.lefts.push(left);
  }
  const rightOf = new Map<number, number>();
  for (const [w, g] of groups) {
    const ends = [...g.ends].sort((a, b) => a - b);
    const ls = [...g.lefts].sort((a, b) => a - b);
    const mirrored = ls.length ? w - ls[Math.floor(ls.length / 2)] : w;
    rightOf.set(w, Math.max(mirrored, ends.length ? ends[Math.floor(0.9 * (ends.length - 1))] : 0));
  }
  const out = new Map<number, PageMetrics>();
  for (const p of pages) out.set(p.page, { left: lefts.get(p.page) ?? 0, right: rightOf.get(Math.round(p.width)) ?? p.width });
  return out;
}
