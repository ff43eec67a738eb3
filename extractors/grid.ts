// Lays out rows of cells with row/column spans into a rectangular grid, the way a browser
// lays out an HTML table. Shared by every reader that sees real merges (DOCX, HTML, PDF).
import type { Cell, TableBlock } from './model.js';

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
  rows.forEach((cells, r) => {
    let c = leading[r] ?? 0;
    for (const cell of cells) {
      while (grid[r][c]) c++;
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - r));
      const colSpan = Math.max(1, Math.min(cell.colSpan ?? 1, 1000));
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
  const width = Math.max(0, ...grid.map((row) => row.length));
  const widest = Math.max(0, ...used);
  const ragged: GridResult['ragged'] = [];
  const out: Cell[][] = grid.map((row, r) => {
    if (used[r] !== widest && rows[r].length > 0) ragged.push({ row: r, cells: used[r] });
    const full: Cell[] = [];
    for (let c = 0; c < width; c++) full.push(row[c] ?? { text: '', rowSpan: 1, colSpan: 1, covered: false });
    return full;
  });
  return { table: { type: 'table', rows: out }, ragged };
}
