// Lays out rows of cells with row/column spans into a rectangular grid, the way a browser
// lays out an HTML table. Shared by every reader that sees real merges (DOCX, HTML, PDF).
import { warning, type Cell, type TableBlock } from './model.js';
import { maxOf } from './extremes.js';

/** The widest a span or a row's leading gap may be. */
export const MAX_SPAN = 1000;
/** The most slots one table's grid may have. */
export const MAX_SLOTS = 2_000_000;

export interface SpanCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
}

export interface GridResult {
  table: TableBlock;
  /** Rows whose own cells (before padding) were fewer or more than the widest row. */
  ragged: { row: number; cells: number }[];
}

/**
 * @param rows source rows, each the cells that start in that row (covered slots omitted)
 * @param leading per row, how many empty slots precede its first cell (Word's gridBefore)
 */
export function layoutGrid(rows: SpanCell[][], leading: number[] = []): GridResult {
  const grid: (Cell | undefined)[][] = rows.map(() => []);
  const used: number[] = [];
  // A span, a gap before a row (gridBefore) and the grid as a whole are bounded: a few bytes of
  // markup must not build a grid of billions of slots.
  const natural = maxOf(rows.keys(), (r) => Math.min(leading[r] ?? 0, MAX_SPAN) + rows[r].reduce((n, c) => n + Math.max(1, Math.min(c.colSpan ?? 1, MAX_SPAN)), 0), 0);
  const maxWidth = Math.max(1, Math.min(natural, Math.floor(MAX_SLOTS / Math.max(1, rows.length))));
  const capped = natural > maxWidth;
  rows.forEach((cells, r) => {
    let c = Math.min(leading[r] ?? 0, MAX_SPAN, maxWidth - 1);
    for (const cell of cells) {
      while (grid[r][c]) c++;
      if (c >= maxWidth) break;
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - r));
      const colSpan = Math.max(1, Math.min(cell.colSpan ?? 1, MAX_SPAN, maxWidth - c));
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          grid[r + dr][c + dc] = dr === 0 && dc === 0
            ? { text: cell.text, rowSpan, colSpan, covered: false }
            : { text: '', rowSpan: 1, colSpan: 1, covered: true, origin: { row: r, col: c } };
        }
      }
      c += colSpan;
    }
    used[r] = c;
  });
  const width = maxOf(grid, (row) => row.length, 0);
  const widest = Math.max(0, maxOf(used, (v) => v, 0));
  const ragged: GridResult['ragged'] = [];
  const out: Cell[][] = grid.map((row, r) => {
    if (used[r] !== widest && rows[r].length > 0) ragged.push({ row: r, cells: used[r] });
    const full: Cell[] = [];
    for (let c = 0; c < width; c++) full.push(row[c] ?? { text: '', rowSpan: 1, colSpan: 1, covered: false });
    return full;
  });
  const table: TableBlock = { type: 'table', rows: out };
  if (capped) table.notes = [warning('table.spans_capped', `its spans would make ${natural.toLocaleString('en-US')} columns of ${rows.length.toLocaleString('en-US')} rows; cut to ${maxWidth.toLocaleString('en-US')} columns`)];
  return { table, ragged };
}
