// TXT tenders as Word's text export writes them: a table is one cell per line, each cell line
// starting with a tab, a blank line between rows; a line without the tab right after a cell
// continues that cell; a vertically merged cell comes out as an empty cell.
import { decodeText } from './decode.js';
import { layoutGrid } from './grid.js';
import type { Block, Reader, TableBlock } from './model.js';

const BOOKMARK = /\[bookmark: [^\]]*\]/g;

export function parseTxt(text: string): { blocks: Block[]; warnings: string[] } {
  const blocks: Block[] = [];
  const warnings: string[] = [];
  let rows: string[][] | null = null;
  let row: string[] | null = null;
  let inCell = false;

  const endRow = () => {
    if (row && rows) rows.push(row);
    row = null;
  };
  const endTable = () => {
    endRow();
    if (rows && rows.length) blocks.push(buildTable(rows));
    rows = null;
  };

  for (const rawLine of text.replace(BOOKMARK, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/\f/g, '');
    if (line.startsWith('\t')) {
      rows ??= [];
      row ??= [];
      row.push(line.slice(1).trim());
      inCell = true;
    } else if (line.trim() === '') {
      endRow();
      inCell = false;
    } else if (inCell && row) {
      const cells: string[] = row;
      const last = cells.length - 1;
      cells[last] = cells[last] ? `${cells[last]}\n${line.trim()}` : line.trim();
    } else {
      endTable();
      blocks.push({ type: 'paragraph', text: line.trim() });
    }
  }
  endTable();
  return { blocks, warnings };
}

/** Rows of cell text to a grid; empty cells that lead a row under a filled cell are vertical merges. */
export function buildTable(texts: string[][]): TableBlock {
  const width = Math.max(...texts.map((r) => r.length));
  const { table } = layoutGrid(texts.map((r) => r.map((text) => ({ text }))));
  const notes: string[] = [];
  // The header is the first row of several cells (a one-cell first row is a caption).
  const headerAt = texts.findIndex((r) => r.length > 1);
  const headerWidth = headerAt >= 0 ? texts[headerAt].length : width;
  texts.forEach((r, i) => {
    if (i > headerAt && headerAt >= 0 && r.length !== headerWidth && r.some((t) => t)) notes.push(`row ${i + 1} has ${r.length} cells, header has ${headerWidth}`);
  });
  for (let r = 1; r < table.rows.length; r++) {
    for (let c = 0; c < width; c++) {
      const cell = table.rows[r][c];
      if (cell.text !== '' || c >= texts[r].length) break;
      const above = table.rows[r - 1][c];
      if (!above.covered && above.text === '') break;
      const origin = above.covered && above.origin ? above.origin : { row: r - 1, col: c };
      table.rows[r][c] = { text: '', rowSpan: 1, colSpan: 1, covered: true, origin };
      table.rows[origin.row][origin.col].rowSpan = r - origin.row + 1;
    }
  }
  if (notes.length) table.notes = notes;
  return table;
}

export const txtReader: Reader = {
  format: 'txt',
  extensions: ['.txt'],
  async read(bytes) {
    const decoded = decodeText(bytes);
    if (!decoded.ok) return decoded;
    const { blocks, warnings } = parseTxt(decoded.text);
    return { ok: true, doc: { blocks, warnings } };
  },
};
