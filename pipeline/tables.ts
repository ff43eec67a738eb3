// Table analysis: where the header is, what each column holds, and what kind of table it is.
import { slotOrigin, slotText, type TableBlock } from '../extractors/model.js';
import type { TableKind } from '../schemas/records.js';
import { headerKey, roleOf, type Role } from './headers.js';
import { periodUnitOfHeader, quantityUnitOfHeader, type PeriodUnit } from './units.js';
import { cleanText, halfWidth } from './text.js';

export interface TableAnalysis {
  kind: TableKind;
  /** Indexes of the header rows (one, or two for grouped headers). */
  headerRows: number[];
  /** First row index that can hold data. */
  dataStart: number;
  /** One label per column (grouped headers joined with `/`). */
  header: string[];
  columns: Partial<Record<Role, number>>;
  periodUnit: PeriodUnit | null;
  /** The unit a 数量 header states for its column (数量（台）), if any. */
  quantityUnit: string | null;
  /** The price unit a price header states (单价（元/月） → 元/月), for tables without a 报价单位 column. */
  priceUnit: string | null;
}

/** Distinct origin cells of a row, left to right, with their column. */
function rowCells(table: TableBlock, r: number): { col: number; text: string; originRow: number }[] {
  const seen = new Set<string>();
  const out: { col: number; text: string; originRow: number }[] = [];
  table.rows[r].forEach((_, c) => {
    const o = slotOrigin(table, r, c);
    const id = `${o.row},${o.col}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ col: c, text: cleanText(slotText(table, r, c)), originRow: o.row });
  });
  return out;
}

/** A row that is one cell across the whole table (a title 表1 …, or a 备注 note). */
export function isSpanningRow(table: TableBlock, r: number): boolean {
  const cells = rowCells(table, r).filter((c) => c.text !== '');
  return table.rows[r].length > 1 && cells.length <= 1 && rowCells(table, r).length === 1;
}

/** A row of column numbers (1 2 3 …, （1）（2）（3）…) printed under a header. */
export function isColumnNumberRow(table: TableBlock, r: number): boolean {
  const texts = rowCells(table, r).map((c) => c.text.replace(/[()（）]/g, '')).filter(Boolean);
  return texts.length >= 3 && texts.every((t, i) => t === String(i + 1));
}

function rolesOfRow(table: TableBlock, r: number): Map<number, Role> {
  const roles = new Map<number, Role>();
  for (const cell of rowCells(table, r)) {
    if (cell.originRow !== r) continue;
    const role = roleOf(cell.text);
    if (role) roles.set(cell.col, role);
  }
  return roles;
}

/** Does row `r` repeat the header (a header printed again mid-table or after a page break)? */
export function isHeaderRepeat(table: TableBlock, r: number, analysis: TableAnalysis): boolean {
  const cells = rowCells(table, r).filter((c) => c.text);
  if (cells.length < 2) return false;
  const same = cells.filter((c) => headerKey(c.text) === headerKey(analysis.header[c.col]?.split('/').pop() ?? '')).length;
  return same >= Math.max(2, Math.ceil(cells.length * 0.6));
}

const MAX_HEADER_SEARCH = 6;

export function analyseTable(table: TableBlock): TableAnalysis {
  const width = table.rows[0]?.length ?? 0;
  let headerRow = -1;
  let best = 1;
  for (let r = 0; r < Math.min(table.rows.length, MAX_HEADER_SEARCH); r++) {
    if (isSpanningRow(table, r)) continue;
    const score = rolesOfRow(table, r).size;
    if (score > best) {
      best = score;
      headerRow = r;
    }
    if (score >= 3) break;
  }
  if (headerRow < 0) {
    // No header we know; a first row of labels such as 指标项 | 招标要求 still tells requirements.
    const first = rowCells(table, 0).map((c) => c.text);
    const kind: TableKind = first.length > 1 && first.some((t) => t.length <= 12 && /要求|指标|参数|条款|评分/.test(t)) ? 'requirements' : 'other';
    return { kind, headerRows: [], dataStart: 0, header: new Array(width).fill(''), columns: {}, periodUnit: null, quantityUnit: null, priceUnit: null };
  }
  const headerRows = [headerRow];
  // A grouped header: a second row of labels under cells that span it (计费方式 over 计价单位/报价单位).
  const next = headerRow + 1;
  if (next < table.rows.length) {
    const own = rowCells(table, next).filter((c) => c.originRow === next && c.text);
    const coveredFromHeader = table.rows[next].some((cell) => cell.covered && cell.origin?.row === headerRow);
    if (own.length && own.every((c) => roleOf(c.text)) && (coveredFromHeader || own.length >= 2)) headerRows.push(next);
  }
  const header: string[] = [];
  const columns: Partial<Record<Role, number>> = {};
  let periodUnit: PeriodUnit | null = null;
  let quantityUnit: string | null = null;
  let priceUnit: string | null = null;
  for (let c = 0; c < width; c++) {
    const labels: string[] = [];
    for (const r of headerRows) {
      const t = cleanText(slotText(table, r, c));
      if (t && !labels.includes(t)) labels.push(t);
    }
    header.push(labels.join('/'));
    // The lowest label is the most specific one; fall back to the group label above it.
    const role = [...labels].reverse().map(roleOf).find((x) => x) ?? null;
    if (role && columns[role] === undefined) columns[role] = c;
    if (role === 'months') periodUnit = periodUnitOfHeader(labels.join(''));
    if (role === 'quantity' && columns.quantity === c) quantityUnit = quantityUnitOfHeader(labels.join(''));
    if (role === 'price') priceUnit ??= /元\s*[/／]\s*(?:[^/／)）]{1,4}[/／]\s*)?(?:月|年|次)/.exec(halfWidth(labels.join('')))?.[0].replace(/\s+/g, '') ?? null;
  }
  // A lone 单位 next to a 数量 is the billing unit; a table with only a name column has its item there.
  let dataStart = headerRows[headerRows.length - 1] + 1;
  while (dataStart < table.rows.length && isColumnNumberRow(table, dataStart)) dataStart++;
  return { kind: kindOf(columns, header), headerRows, dataStart, header, columns, periodUnit, quantityUnit, priceUnit };
}

function kindOf(columns: Partial<Record<Role, number>>, header: string[]): TableKind {
  const has = (r: Role) => columns[r] !== undefined;
  // One row per lot (包号 | 包名称 | 预算金额): the lots of the tender, read by the facts, not items.
  const namesLots = has('item') && /^(包|标段|分包|采购包|合同包|标包|标项)(名称|内容)/.test(headerKey(header[columns.item!]));
  if (has('lot') && (namesLots || header.some((h) => /预算/.test(h)))) return 'other';
  if (header.some((h) => /岗位|职位|人员|职务|工种/.test(h)) && !has('billing_unit') && !has('price_unit')) return 'staffing';
  if (has('quantity') && (has('item') || has('billing_unit') || has('subcategory') || has('category'))) return 'items';
  if (has('spec') || header.some((h) => /要求|指标|参数|评分|分值|条款/.test(h))) return 'requirements';
  return 'other';
}
