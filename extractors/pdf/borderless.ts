// Tables drawn without lines: lines of text that break into chunks at wide gaps, where the gaps
// of successive lines line up into white columns running through all of them.
import { layoutGrid } from '../grid.js';
import { maxOf, minOf } from '../extremes.js';
import { cellText, type PageTable } from './table.js';
import { PDF_SETTINGS } from './settings.js';
import { asCellLine, inkWidth, lineBreak, makeLine, type Line } from './text.js';
import type { TextItem } from './types.js';

const B = PDF_SETTINGS.borderless;
const C = PDF_SETTINGS.cells;

/** Pieces of a line separated by gaps wider than word spaces. */
export function chunks(line: Line): TextItem[][] {
  const out: TextItem[][] = [];
  let prev: TextItem | null = null;
  for (const it of line.items) {
    if (prev && it.x0 - prev.x1 > PDF_SETTINGS.columns.gap * Math.max(prev.size, it.size)) out.push([]);
    if (!out.length) out.push([]);
    out[out.length - 1].push(it);
    prev = it;
  }
  return out;
}

const span = (c: TextItem[]) => ({ x0: minOf(c, (i) => i.x0), x1: maxOf(c, (i) => i.x1) });

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
    if (step > B.lineGap * lines[j].size) break;
    if (parts[j].length >= 2) multi++;
    else if (!insideColumn(parts[j][0], parts.slice(i, j))) break;
    j++;
  }
  return multi >= B.minRows ? j : null;
}

/** A lone chunk under one earlier chunk (a wrapped cell line): it overlaps it, not starting left
 * of it by more than half its own width (a label centred over the wider text below it). */
function insideColumn(chunk: TextItem[], earlier: TextItem[][][]): boolean {
  const s = span(chunk);
  return earlier.some((cs) => cs.length >= 2 && cs.slice(1).some((c) => {
    const t = span(c);
    return s.x0 < t.x1 && s.x0 >= t.x0 - Math.max(B.overhang, (s.x1 - s.x0) / 2) && s.x1 <= t.x1 + B.overrun;
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
  if (rows.filter((r) => r.some((t) => LEADER.test(t))).length >= B.leaderRows * rows.length) return false;
  const firsts = rows.map((r) => r[0]).filter(Boolean);
  if (rows[0].length === 2 && firsts.length && firsts.filter((t) => CLAUSE_NO.test(t)).length >= B.clauseNumbers * firsts.length) return false;
  return filled.filter((t) => CONTINUES_SENTENCE.test(t)).length < B.midSentence * filled.length;
}

/** One line's text in one column of a borderless table. */
interface Part {
  col: number;
  line: Line;
}

/** The usual baseline step between successive lines of the run (steps between lines of cells
 * centred in their row, a fraction of it, left out). */
function linePitch(lines: Line[], size: number): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const step = Math.round((lines[i].base - lines[i - 1].base) / B.pitchBin) * B.pitchBin;
    if (step >= B.minPitch * size) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = B.singlePitch * size;
  let n = 0;
  for (const [step, c] of counts) if (c > n || (c === n && step < best)) [best, n] = [step, c];
  return best;
}

/**
 * The width text can take in each column. Cells are padded alike, so the narrowest white
 * between a column's widest text and the next column's text is about twice the padding; a
 * column is as wide as from where its text starts to where the next column's starts, less that.
 * Never narrower than its widest line.
 */
function columnRooms(pieces: Part[], ncol: number): number[] {
  const left = new Array<number>(ncol).fill(Infinity);
  const right = new Array<number>(ncol).fill(-Infinity);
  for (const p of pieces) {
    left[p.col] = Math.min(left[p.col], p.line.x0);
    right[p.col] = Math.max(right[p.col], p.line.x1);
  }
  let white = Infinity;
  for (let c = 0; c + 1 < ncol; c++) if (Number.isFinite(right[c]) && Number.isFinite(left[c + 1])) white = Math.min(white, left[c + 1] - right[c]);
  return left.map((l, c) => {
    const widest = Number.isFinite(l) ? right[c] - l : 0;
    const next = left.slice(c + 1).find(Number.isFinite);
    return next !== undefined && Number.isFinite(white) && Number.isFinite(l) ? Math.max(widest, next - l - white) : widest;
  });
}

/**
 * Lines to rows. A line of several pieces starts a row, unless it goes on with the row above:
 * each of its pieces either continues a cell of that row directly below it, where the cell's
 * last line was wrapped for want of room, or fills a column the row has left empty while some
 * cell of the row still runs on (the short cells of a header set in the middle of their row),
 * and some cell of the row does not go on in it (a fresh row fills every column). A lone piece
 * goes on with the cell directly above it, or fills a column the row left empty, unless, in a
 * table of centred rows, it is the top of the next row's tallest cell.
 */
function rowsOf(lines: Line[], parts: TextItem[][][], colOf: (x: number) => number, ncol: number): { rows: Part[][][]; rooms: number[] } {
  const size = minOf(lines, (l) => l.size);
  const pitch = linePitch(lines, size);
  // A line's chunks that fall in one column are one piece.
  const perLine: Part[][] = parts.map((cs) => {
    const byCol = new Map<number, TextItem[]>();
    for (const c of cs) {
      const s = span(c);
      const col = colOf((s.x0 + s.x1) / 2);
      byCol.set(col, [...(byCol.get(col) ?? []), ...c]);
    }
    return [...byCol].map(([col, items]) => ({ col, line: makeLine(items) }));
  });
  const rooms = columnRooms(perLine.flat(), ncol);
  const below = (above: Part, p: Part) => p.line.base > above.line.base && p.line.base - above.line.base <= B.nextLine * pitch;
  const wrapped = (above: Part, p: Part) => lineBreak(asCellLine(above.line), asCellLine(p.line), rooms[p.col]) !== '\n';
  const runsOn = (p: Part) => inkWidth(p.line) > rooms[p.col] - (C.wrapSlack + C.anyGlyph) * p.line.size;
  const last = (row: Part[][], c: number) => row[c][row[c].length - 1];
  const joins = (row: Part[][], pieces: Part[]): boolean => {
    const lone = pieces.length === 1;
    const fits = pieces.every((p) => {
      if (!row[p.col].length) {
        if (!lone && !row.some((cell, c) => cell.length > 0 && runsOn(last(row, c)))) return false;
        const lowest = maxOf(row, (cell) => (cell.length ? cell[cell.length - 1].line.base : -Infinity));
        return p.line.base - lowest <= B.nextLine * pitch;
      }
      return below(last(row, p.col), p) && (lone || wrapped(last(row, p.col), p));
    });
    return fits && (lone || row.some((cell, c) => cell.length > 0 && !pieces.some((p) => p.col === c)));
  };
  // How the rows so far set the cells shorter than their tallest: beside its first line (top,
  // Word's default) or in the middle of the row (centred, HTML's default).
  let topRows = 0;
  let centredRows = 0;
  /** 1 for a row whose short cells stand beside its first line, -1 for one whose short cells all stand lower, 0 when it cannot tell. */
  const setting = (row: Part[][]): number => {
    const cells = row.filter((cell) => cell.length);
    const first = minOf(cells, (cell) => cell[0].line.base);
    const short = cells.filter((cell) => cell.length === 1);
    if (!short.length || short.length === cells.length) return 0;
    const lower = short.filter((cell) => cell[0].line.base - first > B.sameLine * pitch).length;
    return lower === 0 ? 1 : lower === short.length ? -1 : 0;
  };
  const tally = (row: Part[][]) => {
    const k = setting(row);
    if (k > 0) topRows++;
    if (k < 0) centredRows++;
  };
  /**
   * In a table whose rows are centred, a lone piece under a cell may rather be the first line of
   * the next row's tallest cell: its lines run down to where the rest of the row stands beside
   * them, one line for each of those cells, which the row above would not take, and on below as
   * far again. Returns the index of that middle line, or null.
   */
  const tallRow = (row: Part[][], i: number): number | null => {
    const now = setting(row);
    if (centredRows + (now < 0 ? 1 : 0) <= topRows + (now > 0 ? 1 : 0)) return null;
    const c = perLine[i][0].col;
    let j = i;
    while (j + 1 < perLine.length && perLine[j + 1].length === 1 && perLine[j + 1][0].col === c && below(perLine[j][0], perLine[j + 1][0])) j++;
    const n = j + 1;
    if (n >= perLine.length) return null;
    const top = perLine[j][0];
    const beside = perLine[n].filter((q) => q.col !== c);
    if (!beside.length || beside.some((q) => q.line.base - top.line.base > B.nextLine * pitch)) return null;
    // The cells beside it are one line each: nothing of theirs right below.
    const near: Part[][] = [];
    for (let k = n + 1; k < perLine.length && perLine[k][0].line.base - perLine[n][0].line.base <= B.nextLine * pitch; k++) near.push(perLine[k]);
    if (beside.some((q) => near.some((l) => l.some((x) => x.col === q.col && below(q, x))))) return null;
    const mid = perLine[n].find((q) => q.col === c);
    if (mid && !(below(top, mid) && wrapped(top, mid))) return null;
    let lowest = (mid ?? top).line.base;
    for (let k = n + 1, prev = mid ?? top; k < perLine.length; k++) {
      const q = perLine[k].find((x) => x.col === c);
      if (!q) continue;
      if (!below(prev, q)) break;
      lowest = q.line.base;
      prev = q;
    }
    const mirror = 2 * perLine[n][0].line.base - perLine[i][0].line.base;
    if (lowest < mirror - B.sameLine * pitch) return null;
    const stacked = row.map((cell, k) => (k === c ? [...cell, ...perLine.slice(i, n).map((l) => l[0])] : cell));
    return joins(stacked, perLine[n]) ? null : n;
  };
  const rows: Part[][][] = [];
  let row: Part[][] | null = null;
  for (let i = 0; i < perLine.length; i++) {
    const pieces = perLine[i];
    let upTo = i;
    if (row && joins(row, pieces)) {
      const tall = pieces.length === 1 && row[pieces[0].col].length > 0 ? tallRow(row, i) : null;
      if (tall === null) {
        for (const q of pieces) row[q.col].push(q);
        continue;
      }
      upTo = tall;
    }
    if (row) tally(row);
    row = Array.from({ length: ncol }, () => []);
    for (const line of perLine.slice(i, upTo + 1)) for (const p of line) row[p.col].push(p);
    rows.push(row);
    i = upTo;
  }
  return { rows, rooms };
}

function tableOfRun(lines: Line[], parts: TextItem[][][]): PageTable | null {
  const size = minOf(lines, (l) => l.size);
  const multi = parts.filter((cs) => cs.length >= 2);
  const cuts = gutters(multi, B.gutter * size);
  if (cuts.length < 1) return null;
  const ncol = cuts.length + 1;
  const colOf = (x: number) => cuts.filter((c) => c <= x).length;
  const { rows, rooms } = rowsOf(lines, parts, colOf, ncol);
  const spaces = rows.some((cells) => cells.some((cell) => cell.some((p) => asCellLine(p.line).trailing)));
  const texts = rows.map((cells) => cells.map((cell, c) => cellText(cell.flatMap((p) => p.line.items), rooms[c], spaces)));
  if (texts.filter((r) => r.filter(Boolean).length >= 2).length < B.minRows) return null;
  // Labels set with wide letter spacing (`甲      方：`) split into one-character chunks: not columns.
  const filled = texts.flat().filter(Boolean);
  if (filled.filter((t) => [...t].length === 1 && !/\d/.test(t)).length >= B.spacedLetters * filled.length) return null;
  if (!looksTabular(texts)) return null;
  const { table } = layoutGrid(texts.map((r) => r.map((text) => ({ text }))));
  const x0 = minOf(lines, (l) => l.x0);
  const x1 = maxOf(lines, (l) => l.x1);
  return { table, cols: [x0, ...cuts, x1], x0, x1, top: lines[0].top, bottom: lines[lines.length - 1].bottom };
}
