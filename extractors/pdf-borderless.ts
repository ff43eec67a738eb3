// Tables drawn without lines: lines of text that break into chunks at wide gaps, where the gaps
// of successive lines line up into white columns running through all of them.
import { layoutGrid } from './grid.js';
import { cellText, type PageTable } from './pdf-table.js';
import type { Line } from './pdf-text.js';
import type { TextItem } from './pdf-types.js';

/** Pieces of a line separated by gaps wider than a word space (1.5 em). */
export function chunks(line: Line): TextItem[][] {
  const out: TextItem[][] = [];
  let prev: TextItem | null = null;
  for (const it of line.items) {
    if (prev && it.x0 - prev.x1 > 1.5 * Math.max(prev.size, it.size)) out.push([]);
    if (!out.length) out.push([]);
    out[out.length - 1].push(it);
    prev = it;
  }
  return out;
}

const span = (c: TextItem[]) => ({ x0: Math.min(...c.map((i) => i.x0)), x1: Math.max(...c.map((i) => i.x1)) });

/** White columns: x ranges no chunk of any line covers, between the leftmost and rightmost text. */
export function gutters(lines: TextItem[][][], minWidth: number): number[] {
  const spans = lines.flatMap((cs) => cs.map(span)).sort((a, b) => a.x0 - b.x0);
  const cuts: number[] = [];
  let end = -Infinity;
  for (const s of spans) {
    if (end > -Infinity && s.x0 - end >= minWidth) cuts.push((s.x0 + end) / 2);
    end = Math.max(end, s.x1);
  }
  return cuts;
}

export type Piece = { kind: 'line'; line: Line } | { kind: 'table'; table: PageTable };

/**
 * Runs of at least three lines that split into aligned columns become tables; a one-chunk line
 * inside one column of such a run continues the cell above it.
 */
export function findBorderlessTables(lines: Line[]): Piece[] {
  const out: Piece[] = [];
  const parts = lines.map(chunks);
  let i = 0;
  while (i < lines.length) {
    const run = runFrom(lines, parts, i);
    const table = run ? tableOfRun(lines.slice(i, run), parts.slice(i, run)) : null;
    if (run && table) {
      out.push({ kind: 'table', table });
      i = run;
    } else {
      out.push({ kind: 'line', line: lines[i] });
      i++;
    }
  }
  return out;
}

/** End (exclusive) of the run of column-split lines starting at i, or null. */
function runFrom(lines: Line[], parts: TextItem[][][], i: number): number | null {
  if (parts[i].length < 2) return null;
  let j = i + 1;
  let multi = 1;
  while (j < lines.length) {
    const step = lines[j].top - lines[j - 1].bottom;
    if (step > 1.5 * lines[j].size) break;
    if (parts[j].length >= 2) multi++;
    else if (!insideColumn(parts[j][0], parts.slice(i, j))) break;
    j++;
  }
  return multi >= 3 ? j : null;
}

/** A lone chunk that sits within the x range of one earlier chunk (a wrapped cell line). */
function insideColumn(chunk: TextItem[], earlier: TextItem[][][]): boolean {
  const s = span(chunk);
  return earlier.some((cs) => cs.length >= 2 && cs.slice(1).some((c) => {
    const t = span(c);
    return s.x0 >= t.x0 - 2 && s.x1 <= t.x1 + 40;
  }));
}

const LEADER = /[.．。·…]{5,}|…{2,}/;
const CLAUSE_NO = /^(?:\d+(?:[.．]\d+)*[.．、]?|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+[、.．])$/;
const CONTINUES_SENTENCE = /^[，,。；;：:、）)]/;

/**
 * Column-split lines that are not a table: a table of contents (dot leaders to page numbers),
 * clauses hanging from their numbers (`1.1   采购人…`), and prose with blanks to fill in
 * (`从业人员____人，营业收入为____万元`), whose pieces go on mid-sentence.
 */
export function looksTabular(rows: string[][]): boolean {
  const filled = rows.flat().filter(Boolean);
  if (rows.filter((r) => r.some((t) => LEADER.test(t))).length >= 0.5 * rows.length) return false;
  const firsts = rows.map((r) => r[0]).filter(Boolean);
  if (rows[0].length === 2 && firsts.length && firsts.filter((t) => CLAUSE_NO.test(t)).length >= 0.8 * firsts.length) return false;
  return filled.filter((t) => CONTINUES_SENTENCE.test(t)).length < 0.25 * filled.length;
}

function tableOfRun(lines: Line[], parts: TextItem[][][]): PageTable | null {
  const size = Math.min(...lines.map((l) => l.size));
  const multi = parts.filter((cs) => cs.length >= 2);
  const cuts = gutters(multi, 1.0 * size);
  if (cuts.length < 1) return null;
  const ncol = cuts.length + 1;
  const colOf = (x: number) => cuts.filter((c) => c <= x).length;
  const rows: TextItem[][][] = [];
  parts.forEach((cs) => {
    const cells: TextItem[][] = Array.from({ length: ncol }, () => []);
    for (const c of cs) {
      const s = span(c);
      cells[colOf((s.x0 + s.x1) / 2)].push(...c);
    }
    if (cs.length < 2 && rows.length) rows[rows.length - 1].forEach((cell, k) => cell.push(...cells[k]));
    else rows.push(cells);
  });
  const texts = rows.map((cells) => cells.map(cellText));
  if (texts.filter((r) => r.filter(Boolean).length >= 2).length < 3) return null;
  // Labels set with wide letter spacing (`甲      方：`) split into one-character chunks: not columns.
  const filled = texts.flat().filter(Boolean);
  if (filled.filter((t) => [...t].length === 1 && !/\d/.test(t)).length >= 0.3 * filled.length) return null;
  if (!looksTabular(texts)) return null;
  const { table } = layoutGrid(texts.map((r) => r.map((text) => ({ text }))));
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  return { table, cols: [x0, ...cuts, x1], x0, x1, top: lines[0].top, bottom: lines[lines.length - 1].bottom };
}
