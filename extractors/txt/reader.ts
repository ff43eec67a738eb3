// TXT tenders as Word's text export writes them: a table is one cell per line, each cell line
// starting with a tab, a blank line between rows; a line without the tab right after a cell
// continues that cell; a vertically merged cell comes out as an empty cell.
import { decodeText } from '../decode.js';
import { maxOf, minOf } from '../extremes.js';
import { layoutGrid } from '../grid.js';
import { warning, type Block, type Reader, type TableBlock, type Warning } from '../model.js';

const BOOKMARK = /\[bookmark: [^\]]*\]/g;

export function parseTxt(text: string): { blocks: Block[]; warnings: Warning[] } {
  const blocks: Block[] = [];
  const warnings: Warning[] = [];
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

/**
 * Column spans of a row that has fewer cells than the row under it, when the row under it
 * shows where they go: each of its empty cells continues one cell above (a vertical merge),
 * each run of filled cells sits under one cell above (计费方式 over 计价单位 | 报价单位).
 * Null when the rows do not line up that way.
 */
export function groupSpans(above: string[], below: string[]): number[] | null {
  if (above.length >= below.length) return null;
  const spans: number[] = [];
  for (let i = 0; i < below.length; i++) {
    if (below[i] === '' || i === 0 || below[i - 1] === '') spans.push(1);
    else spans[spans.length - 1]++;
  }
  return spans.length === above.length ? spans : null;
}

/**
 * Rows of cell text to a grid. Word's text export writes a merged cell once, so a row with
 * fewer cells than the table holds horizontal merges: a one-cell row spans the table (a
 * caption, a 备注 or 合计 line); a short row over a row of sub-labels spans their groups.
 * Empty cells that lead a row under a filled cell are vertical merges.
 */
export function buildTable(texts: string[][]): TableBlock {
  const width = maxOf(texts, (r) => r.length);
  const spans: (number[] | null)[] = texts.map((r, i) => {
    if (r.length === 1 && width > 1) return [width];
    const next = texts[i + 1];
    return next && next.length === width ? groupSpans(r, next) : null;
  });
  const { table } = layoutGrid(texts.map((r, i) => r.map((text, c) => ({ text, colSpan: spans[i]?.[c] ?? 1 }))));
  const widthOf = (i: number) => (spans[i] ? width : texts[i].length);
  const notes: Warning[] = [];
  // The header is the first row of several cells (a one-cell first row is a caption).
  const headerAt = texts.findIndex((r) => r.length > 1);
  const headerWidth = headerAt >= 0 ? widthOf(headerAt) : width;
  texts.forEach((r, i) => {
    if (i > headerAt && headerAt >= 0 && widthOf(i) !== headerWidth && r.some((t) => t)) notes.push(warning('table.row_cells', `row ${i + 1} has ${r.length} cells, header has ${headerWidth}`));
  });
  const mergeDown = (r: number, c: number): boolean => {
    const above = table.rows[r - 1][c];
    if (!above.covered && above.text === '') return false;
    const origin = above.covered && above.origin ? above.origin : { row: r - 1, col: c };
    table.rows[r][c] = { text: '', rowSpan: 1, colSpan: 1, covered: true, origin };
    table.rows[origin.row][origin.col].rowSpan = r - origin.row + 1;
    return true;
  };
  for (let r = 1; r < table.rows.length; r++) {
    // Empty cells that lead a row continue the cells above; under a grouped header, every
    // empty cell of the sub-label row does.
    const subLabels = spans[r - 1] !== null && texts[r - 1].length > 1;
    for (let c = 0; c < widthOf(r); c++) {
      const cell = table.rows[r][c];
      if (cell.covered || (cell.text === '' && mergeDown(r, c))) continue;
      if (!subLabels) break;
    }
  }
  if (notes.length) table.notes = notes;
  return table;
}

export const txtReader: Reader = {
  async read(bytes) {
    const decoded = decodeText(bytes);
    if (!decoded.ok) return decoded;
    const { blocks, warnings } = parseTxt(decoded.text);
    return { ok: true, doc: { blocks, warnings: decoded.warning ? [warning('text.encoding_fallback', decoded.warning), ...warnings] : warnings } };
  },
};
