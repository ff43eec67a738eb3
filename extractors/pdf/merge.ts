// A table that runs over a page break arrives as two tables. These join them back: the second
// page's repeated header goes, and a row the break cut in two becomes one row again.
import { slotOrigin, slotText, type Cell, type TableBlock } from '../model.js';
import type { PageTable } from './table.js';
import { PDF_SETTINGS } from './settings.js';

const M = PDF_SETTINGS.continuation;

const key = (s: string): string => s.replace(/\s+/g, '');

/** How many leading rows of `next` repeat the leading rows of `first` (0 when none). */
export function repeatedHeaderRows(first: TableBlock, next: TableBlock): number {
  const width = first.rows[0]?.length ?? 0;
  let best = 0;
  for (let k = 1; k <= Math.min(M.headerRows, first.rows.length - 1, next.rows.length); k++) {
    let same = true;
    let filled = 0;
    for (let r = 0; r < k && same; r++) {
      for (let c = 0; c < width; c++) {
        const a = key(slotText(first, r, c));
        if (a !== key(slotText(next, r, c))) {
          same = false;
          break;
        }
        if (a) filled++;
      }
    }
    if (same && filled >= M.headerCells) best = k;
  }
  return best;
}

/** Does `next`, first on its page, go on with `prev`, last on the page before? */
export function continuesTable(prev: PageTable, next: PageTable): boolean {
  const wa = prev.table.rows[0]?.length ?? 0;
  const wb = next.table.rows[0]?.length ?? 0;
  if (wa !== wb || wa === 0) return false;
  if (repeatedHeaderRows(prev.table, next.table) > 0) return true;
  if (prev.cols.length !== next.cols.length) return false;
  return prev.cols.every((x, i) => Math.abs(x - next.cols[i]) <= M.columnShift);
}

const shift = (c: Cell, dr: number): Cell => (c.covered && c.origin ? { ...c, origin: { row: c.origin.row + dr, col: c.origin.col } } : { ...c });

/** Rows of `b` after its first `skip` rows, appended to `a` (same width). */
export function appendRows(a: TableBlock, b: TableBlock, skip: number): TableBlock {
  const offset = a.rows.length - skip;
  const rows = a.rows.map((r) => r.map((c) => ({ ...c })));
  for (const row of b.rows.slice(skip)) {
    // A span that started in a dropped header row has nothing left to point at.
    rows.push(row.map((c) => (c.covered && c.origin && c.origin.row < skip ? { text: '', rowSpan: 1, colSpan: 1, covered: false } : shift(c, offset))));
  }
  const pages = [...(a.rowPages ?? a.rows.map(() => null)), ...(b.rowPages ?? b.rows.map(() => null)).slice(skip)];
  const notes = [...(a.notes ?? []), ...(b.notes ?? [])];
  return { type: 'table', rows, rowPages: pages, ...(notes.length ? { notes } : {}) };
}

/**
 * Is row `r` the rest of row r - 1, cut by a page break? Its first column has no new value, and
 * either it has text in one column only (the long cell that ran over), or right of where its
 * text starts some column the row above filled is empty in it. A fresh row under merged
 * leading columns (服务类别, 服务子类 running on) starts further right but fills several
 * columns, every one from there on.
 */
export function isCutRow(t: TableBlock, r: number): boolean {
  if (r < 1 || r >= t.rows.length) return false;
  const width = t.rows[r].length;
  const own = (row: number, c: number) => {
    const o = slotOrigin(t, row, c);
    return o.row === row ? key(slotText(t, row, c)) : '';
  };
  if (own(r, 0)) return false;
  let first = -1;
  for (let c = 0; c < width && first < 0; c++) if (own(r, c)) first = c;
  if (first < 0) return false;
  let filled = 0;
  for (let c = 0; c < width; c++) if (own(r, c)) filled++;
  if (filled === 1) return true;
  for (let c = first + 1; c < width; c++) if (!own(r, c) && key(slotText(t, r - 1, c))) return true;
  return false;
}

/** Row r's text appended to the cells of row r - 1, and row r removed. */
export function joinCutRow(t: TableBlock, r: number): TableBlock {
  const rows = t.rows.map((row) => row.map((c) => ({ ...c })));
  const done = new Set<string>();
  for (let c = 0; c < rows[r].length; c++) {
    const o = slotOrigin(t, r, c);
    if (o.row !== r) continue;
    const text = rows[r][o.col].text;
    const above = slotOrigin(t, r - 1, c);
    const id = `${above.row},${above.col},${o.col}`;
    if (!text || done.has(id)) continue;
    done.add(id);
    const target = rows[above.row][above.col];
    target.text = target.text ? `${target.text}\n${text}` : text;
  }
  return removeRow({ ...t, rows }, r);
}

/** Row r taken out of the grid, the spans through it shortened and those from it handed down. */
export function removeRow(t: TableBlock, r: number): TableBlock {
  const rows: Cell[][] = t.rows.map((row) => row.map((c) => (c.origin ? { ...c, origin: { ...c.origin } } : { ...c })));
  const width = rows[r].length;
  for (let c = 0; c < width; c++) {
    const cell = rows[r][c];
    if (cell.covered && cell.origin) {
      const o = cell.origin;
      if (o.row < r && o.col === c) rows[o.row][o.col].rowSpan = Math.max(1, rows[o.row][o.col].rowSpan - 1);
      continue;
    }
    if (cell.rowSpan > 1 && r + 1 < rows.length) {
      // The cell's lower part becomes a cell of its own, empty (its text went up with the row).
      rows[r + 1][c] = { text: '', rowSpan: cell.rowSpan - 1, colSpan: cell.colSpan, covered: false };
      for (let rr = r + 1; rr < r + cell.rowSpan && rr < rows.length; rr++) {
        for (let cc = c; cc < c + cell.colSpan; cc++) {
          if (rr === r + 1 && cc === c) continue;
          rows[rr][cc] = { text: '', rowSpan: 1, colSpan: 1, covered: true, origin: { row: r + 1, col: c } };
        }
      }
    }
  }
  rows.splice(r, 1);
  const fixed: Cell[][] = rows.map((row) => row.map((c) => {
    if (!c.covered || !c.origin) {
      const { origin, ...rest } = c;
      void origin;
      return rest;
    }
    return c.origin.row > r ? { ...c, origin: { row: c.origin.row - 1, col: c.origin.col } } : c;
  }));
  const rowPages = t.rowPages ? t.rowPages.filter((_, i) => i !== r) : undefined;
  return { ...t, rows: fixed, ...(rowPages ? { rowPages } : {}) };
}

/**
 * A vertically merged cell that a page break split (服务类别 running on): the empty leading
 * cells of row `seam` become part of the cell above them again, as the TXT reader reads an
 * empty leading cell under a filled one.
 */
export function continueMerges(t: TableBlock, seam: number): TableBlock {
  if (seam < 1 || seam >= t.rows.length) return t;
  const rows = t.rows.map((row) => row.map((c) => (c.origin ? { ...c, origin: { ...c.origin } } : { ...c })));
  for (let c = 0; c < rows[seam].length;) {
    const cell = rows[seam][c];
    if (cell.covered || cell.text.trim()) break;
    const above = slotOrigin(t, seam - 1, c);
    const origin = rows[above.row][above.col];
    if (above.col !== c || origin.colSpan !== cell.colSpan || !origin.text.trim()) break;
    for (let r = seam; r < seam + cell.rowSpan; r++) {
      for (let cc = c; cc < c + cell.colSpan; cc++) rows[r][cc] = { text: '', rowSpan: 1, colSpan: 1, covered: true, origin: { ...above } };
    }
    origin.rowSpan += cell.rowSpan;
    c += cell.colSpan;
  }
  return { ...t, rows };
}
