// Small tables for tests: rows of text to the document model, and their items.
import type { Cell, TableBlock } from '../extractors/model.js';
import { analyseTable } from '../pipeline/tables.js';
import { tableItems } from '../pipeline/items.js';

/** A table from rows of text; `^` is a slot merged with the one above, `<` with the one to its left. */
export function grid(rows: string[][]): TableBlock {
  const cells: Cell[][] = rows.map((row) => row.map((text) => ({ text, rowSpan: 1, colSpan: 1, covered: false })));
  rows.forEach((row, r) => row.forEach((text, c) => {
    if (text !== '^' && text !== '<') return;
    let o = { row: r, col: c };
    while (rows[o.row][o.col] === '^' || rows[o.row][o.col] === '<') o = rows[o.row][o.col] === '^' ? { row: o.row - 1, col: o.col } : { row: o.row, col: o.col - 1 };
    cells[r][c] = { text: '', rowSpan: 1, colSpan: 1, covered: true, origin: o };
    if (rows[r][c] === '^') cells[o.row][o.col].rowSpan++;
    else cells[o.row][o.col].colSpan++;
  }));
  return { type: 'table', rows: cells };
}

export const roles = (t: TableBlock) => {
  const a = analyseTable(t);
  return a.header.map((_, c) => a.evidence[c]?.role ?? null);
};

export const itemsOf = (t: TableBlock) => tableItems(t, analyseTable(t), { doc_id: '0123456789abcdef', source: 't.txt', table: 1, lot: null, section: null }).items;

