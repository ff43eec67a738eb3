// Table analysis: where the header is, what each column holds (pipeline/roles.ts), and what
// kind of table it is.
import { slotOrigin, slotText, type TableBlock } from '../extractors/model.js';
import type { TableKind } from '../schemas/records.js';
import { assignRoles, cellType, headerEvidence, headerKey, headerStrength, type ColumnEvidence, type ColumnInput, type Role } from './roles.js';
import { periodUnitOfHeader, quantityUnitOfHeader, type PeriodUnit } from './units.js';
import { cleanText, halfWidth } from './text.js';
import { memo, memoOf } from './memo.js';
import { GOODS_CONTEXT, KIND_WORDS, NOTE_ROW, SERVICE_CONTEXT, TOTAL_ROW } from './vocabulary.js';

export interface TableAnalysis {
  kind: TableKind;
  /** Why the table has its kind, in words (for `tender inspect`). */
  kindReason: string;
  /** Indexes of the header rows (one, or two for grouped headers; wrapped fragments too). */
  headerRows: number[];
  /** First row index that can hold data. */
  dataStart: number;
  /** One label per column (grouped headers joined with `/`). */
  header: string[];
  columns: Partial<Record<Role, number>>;
  /** Every column that describes the item (规格, 配置要求 …), left to right. */
  specColumns: number[];
  evidence: ColumnEvidence[];
  periodUnit: PeriodUnit | null;
  /** The unit a 数量 header states for its column (数量（台）), if any. */
  quantityUnit: string | null;
  /** The price unit a price header states (单价（元/月） → 元/月), for tables without a 报价单位 column. */
  priceUnit: string | null;
  /** A bidder's price form (报价明细表, 开标一览表 …), by its title or the chapter it stands in. */
  priceForm: boolean;
  /** The table buys goods (货物, 设备, 品牌/型号 columns) rather than leased services. */
  goods: boolean;
}

/** What stands around a table: the lines just above it and the heading it is under. */
export interface TableSetting {
  before?: string[];
  section?: string | null;
  /** The document buys goods (项目属性：货物, or it speaks of delivery and warranty more than of a service period). */
  goodsDocument?: boolean;
}

interface RowCell { col: number; text: string; originRow: number }

/** A table's cells cleaned, row by row: every slot's text, and each row's distinct origin cells. */
export interface CleanGrid { texts: string[][]; cells: RowCell[][] }

/** The stages read every cell several times (header search, evidence, items, tables.jsonl): clean each once per table. */
export const cleanGrid: (table: TableBlock) => CleanGrid = memoOf((table) => {
  const texts: string[][] = [];
  const cells: RowCell[][] = [];
  table.rows.forEach((row, r) => {
    const rowTexts: string[] = [];
    const seen = new Set<string>();
    const own: RowCell[] = [];
    row.forEach((_, c) => {
      const text = cleanText(slotText(table, r, c));
      rowTexts.push(text);
      const o = slotOrigin(table, r, c);
      const id = `${o.row},${o.col}`;
      if (seen.has(id)) return;
      seen.add(id);
      own.push({ col: c, text, originRow: o.row });
    });
    texts.push(rowTexts);
    cells.push(own);
  });
  return { texts, cells };
});

/** Distinct origin cells of a row, left to right, with their column. */
const rowCells = (table: TableBlock, r: number): readonly RowCell[] => cleanGrid(table).cells[r] ?? [];

/** A row that is one cell across the whole table (a title 表1 …, or a 备注 note). */
export function isSpanningRow(table: TableBlock, r: number): boolean {
  const cells = rowCells(table, r).filter((c) => c.text !== '');
  return (table.rows[r]?.length ?? 0) > 1 && cells.length <= 1 && rowCells(table, r).length === 1;
}

/** A row of column numbers (1 2 3 …, （1）（2）（3）…) printed under a header. */
export function isColumnNumberRow(table: TableBlock, r: number): boolean {
  const texts = rowCells(table, r).map((c) => c.text.replace(/[()（）]/g, '')).filter(Boolean);
  return texts.length >= 3 && texts.every((t, i) => t === String(i + 1));
}

/** A row that sums others up or is a note (合计, 小计, 备注：…). */
export function isTotalOrNote(texts: string[]): boolean {
  const lead = halfWidth(texts.find((t) => t) ?? '').replace(/\s+/g, '');
  return TOTAL_ROW.test(lead) || NOTE_ROW.test(lead);
}

/** The key of each column's own label (the last of a grouped header's): every row is compared with them. */
const ownLabelKeys = memoOf((header: string[]): string[] => header.map((h) => headerKey(h.split('/').pop() ?? '')));

/** Does row `r` repeat the header (a header printed again mid-table or after a page break)? */
export function isHeaderRepeat(table: TableBlock, r: number, analysis: Pick<TableAnalysis, 'header'>): boolean {
  const cells = rowCells(table, r).filter((c) => c.text);
  if (cells.length < 2) return false;
  const keys = ownLabelKeys(analysis.header);
  const same = cells.filter((c) => headerKey(c.text) === (keys[c.col] ?? '')).length;
  return same >= Math.max(2, Math.ceil(cells.length * 0.6));
}

const MAX_HEADER_SEARCH = 6;
/** A label needs this much header evidence to make its row a header. */
const LABEL_STRENGTH = 1.5;
/** Rows read for content evidence: enough to know a column, bounded for huge tables. */
const MAX_EVIDENCE_ROWS = 200;
const NUMERIC: ReadonlySet<string> = new Set(['int', 'decimal', 'money', 'qty_unit', 'percent']);

/** How much a row looks like a header: its labels, less its data cells. */
function headerRowScore(table: TableBlock, r: number): number {
  let labels = 0;
  let data = 0;
  for (const cell of rowCells(table, r)) {
    if (cell.originRow !== r || !cell.text) continue;
    const type = cellType(cell.text);
    if (type && NUMERIC.has(type)) data++;
    else if (cell.text.length <= 24 && headerStrength(cell.text) >= LABEL_STRENGTH) labels++;
  }
  return labels - 2 * data;
}

/** A row of short labels, most of them words of requirements, scores or service levels. */
function isPlainLabelRow(table: TableBlock, r: number): boolean {
  const own = rowCells(table, r).filter((c) => c.originRow === r);
  if (own.length < 2 || own.some((c) => !c.text || c.text.length > 12 || NUMERIC.has(cellType(c.text) ?? ''))) return false;
  const telling = own.filter((c) => KIND_WORDS.notPurchase.test(c.text) || KIND_WORDS.requirementsHeader.test(c.text) || headerStrength(c.text) >= LABEL_STRENGTH);
  return telling.length >= Math.ceil(own.length * 0.6);
}

/** Does the header cell above slot (r, c) span several columns (计费 over 单位 | 方式)? */
function underGroup(table: TableBlock, r: number, c: number, headerRow: number): boolean {
  const o = slotOrigin(table, headerRow, c);
  return (table.rows[o.row]?.[o.col]?.colSpan ?? 1) > 1 && o.row < r;
}

/** A bracketed note alone (（月）, (元)): the end of the label above it. */
const isHint = (t: string): boolean => /^[(（][^()（）]{1,8}[)）]$/.test(halfWidth(t).replace(/\s+/g, ''));

function labelsRow(table: TableBlock, r: number, headerRow: number): boolean {
  const own = rowCells(table, r).filter((c) => c.originRow === r && c.text);
  if (!own.length) return false;
  // Labels under a group label may be words of their own (方式, 单位); elsewhere they must read as headers.
  if (!own.every((c) => c.text.length <= 24 && !NUMERIC.has(cellType(c.text) ?? '') && (headerStrength(c.text) >= LABEL_STRENGTH || underGroup(table, r, c.col, headerRow) || isHint(c.text)))) return false;
  if (own.every((c) => isHint(c.text))) return false;
  const coveredFromHeader = table.rows[r]?.some((cell) => cell.covered && cell.origin?.row === headerRow) ?? false;
  return coveredFromHeader || own.length >= 2;
}

/**
 * A row of fragments that finish the header's words (`计价单` over `位`, `服务期` over `（月）`):
 * a header cell wrapped by a narrow column into the next row. Each fragment must make its
 * column's label read better, and none may be data.
 */
function wrappedFragments(table: TableBlock, r: number, labels: string[][]): Map<number, string> | null {
  // （1）（2）（3） under the header numbers the columns; it finishes no label (数量（3） is no unit).
  if (isColumnNumberRow(table, r)) return null;
  const own = rowCells(table, r).filter((c) => c.originRow === r && c.text);
  if (!own.length) return null;
  const out = new Map<number, string>();
  let better = 0;
  for (const c of own) {
    const t = halfWidth(c.text).replace(/\s+/g, '');
    const hint = /^[(（][^()（）]{1,6}[)）]$/.test(t);
    if (!(hint || t.length <= 3) || NUMERIC.has(cellType(t) ?? '')) return null;
    const above = labels[c.col]?.at(-1) ?? '';
    if (!above) return null;
    const before = headerStrength(above);
    const after = headerStrength(above + t);
    if (after < before) return null;
    if (after > before || hint) better++;
    out.set(c.col, c.text.replace(/\s+/g, ''));
  }
  return better ? out : null;
}

const NO_HEADER_KIND = (first: string[]): TableKind =>
  first.length > 1 && first.some((t) => t.length <= 12 && (KIND_WORDS.requirementsLead.test(t) || KIND_WORDS.notPurchase.test(t))) ? 'requirements' : 'other';

export function analyseTable(table: TableBlock, setting: TableSetting = {}): TableAnalysis {
  const width = table.rows[0]?.length ?? 0;
  let headerRow = -1;
  let best = 1;
  const titles: string[] = [];
  for (let r = 0; r < Math.min(table.rows.length, MAX_HEADER_SEARCH); r++) {
    if (isSpanningRow(table, r)) {
      if (headerRow < 0) titles.push(rowCells(table, r).map((c) => c.text).join(''));
      continue;
    }
    const score = headerRowScore(table, r);
    if (score > best) {
      best = score;
      headerRow = r;
    }
    if (score >= 3) break;
  }
  // A first row of labels no purchase column has (评分项 | 评分标准 | 分值, 故障等级 | 响应时间) is
  // still the table's header, kept for audit.
  if (headerRow < 0) {
    const f = [...Array(Math.min(table.rows.length, MAX_HEADER_SEARCH)).keys()].find((r) => !isSpanningRow(table, r));
    if (f !== undefined && isPlainLabelRow(table, f)) headerRow = f;
  }
  const around = [...(setting.before ?? []), ...titles, setting.section ?? ''].join(' ');
  const base = { evidence: [] as ColumnEvidence[], specColumns: [] as number[], periodUnit: null, quantityUnit: null, priceUnit: null };
  if (headerRow < 0) {
    const first = rowCells(table, 0).map((c) => c.text);
    return {
      ...base, kind: NO_HEADER_KIND(first), kindReason: 'no header row', headerRows: [], dataStart: 0, header: new Array(width).fill(''),
      columns: {}, priceForm: KIND_WORDS.priceForm.test(around), goods: false,
    };
  }
  const headerRows = [headerRow];
  // A grouped header: a second row of labels under cells that span it (计费方式 over 计价单位/报价单位).
  if (headerRow + 1 < table.rows.length && labelsRow(table, headerRow + 1, headerRow)) headerRows.push(headerRow + 1);

  const labels: string[][] = [];
  for (let c = 0; c < width; c++) {
    const own: string[] = [];
    for (const r of headerRows) {
      const t = cleanText(slotText(table, r, c));
      // A bracketed unit under a label (租用期限 over （月）) finishes that label.
      if (t && isHint(t) && own.length) own[own.length - 1] += t;
      else if (t && !own.includes(t)) own.push(t);
    }
    labels.push(own);
  }
  // The header rows follow one another from headerRow: the next row is the one after them.
  const next = headerRow + headerRows.length;
  const fragments = next < table.rows.length ? wrappedFragments(table, next, labels) : null;
  if (fragments) {
    headerRows.push(next);
    // A fragment finishes the last label of its column: wrappedFragments gives none where there is no label.
    for (const [c, t] of fragments) {
      const own = labels[c];
      if (own?.length) own[own.length - 1] += t;
    }
  }
  const header = labels.map((l) => l.join('/'));

  let dataStart = headerRow + headerRows.length;
  while (dataStart < table.rows.length && isColumnNumberRow(table, dataStart)) dataStart++;

  // The cells each column holds, for content evidence.
  const inputs: ColumnInput[] = labels.map((l) => ({ labels: l, origins: [], filled: [] }));
  const headerSet = new Set(headerRows);
  const grid = cleanGrid(table).texts;
  for (let r = dataStart, n = 0; r < grid.length && n < MAX_EVIDENCE_ROWS; r++) {
    const texts = grid[r]!;
    if (texts.every((t) => !t) || isSpanningRow(table, r) || isColumnNumberRow(table, r) || isTotalOrNote(texts)) continue;
    if (isHeaderRepeat(table, r, { header })) continue;
    n++;
    for (const [c, column] of inputs.entries()) {
      const o = slotOrigin(table, r, c);
      if (headerSet.has(o.row) || o.row < dataStart) {
        column.filled.push('');
        continue;
      }
      // The grid is rectangular (extractors/model.ts): every row has a text for every column.
      const text = texts[c] ?? '';
      column.filled.push(text);
      if (o.row === r && o.col === c) column.origins.push(text);
    }
  }
  const assigned = assignRoles(inputs);
  const { columns } = assigned;

  let periodUnit: PeriodUnit | null = null;
  let quantityUnit: string | null = null;
  let priceUnit: string | null = null;
  if (columns.months !== undefined) periodUnit = periodUnitOfHeader(labels[columns.months]?.join('') ?? '');
  if (columns.quantity !== undefined) quantityUnit = quantityUnitOfHeader(labels[columns.quantity]?.join('') ?? '');
  for (const role of ['unit_price', 'total_price', 'budget'] as const) {
    const c = columns[role];
    if (c === undefined) continue;
    priceUnit ??= /元\s*[/／]\s*(?:[^/／)）]{1,4}[/／]\s*)?(?:月|年|次)/.exec(halfWidth(labels[c]?.join('') ?? ''))?.[0].replace(/\s+/g, '') ?? null;
  }
  const { kind, reason } = kindOf(assigned.evidence, columns, header, around);
  const local = `${header.join(' ')} ${around}`;
  // A period or a price per month is a service, whatever else the table says.
  const service = SERVICE_CONTEXT.test(local) || columns.months !== undefined || columns.price_unit !== undefined;
  return {
    kind, kindReason: reason, headerRows, dataStart, header, columns, specColumns: assigned.specColumns, evidence: assigned.evidence,
    periodUnit, quantityUnit, priceUnit,
    priceForm: KIND_WORDS.priceForm.test(around) || KIND_WORDS.formChapter.test(setting.section ?? ''),
    goods: !service && (GOODS_CONTEXT.test(local) || !!setting.goodsDocument),
  };
}

const NOT_PURCHASE = KIND_WORDS.notPurchase;

function kindOf(evidence: ColumnEvidence[], columns: Partial<Record<Role, number>>, header: string[], around: string): { kind: TableKind; reason: string } {
  const has = (r: Role) => columns[r] !== undefined;
  const all = header.join(' ');
  // One row per lot (包号 | 包名称 | 预算金额): the lots of the tender, read by the facts, not items.
  const namesLots = columns.item !== undefined && KIND_WORDS.lotName.test(headerKey(header[columns.item] ?? ''));
  if (has('lot') && (namesLots || header.some((h) => KIND_WORDS.lotBudget.test(h)))) return { kind: 'other', reason: 'one row per lot (包号 with 包名称 or 预算): the lots, read as facts' };
  const descriptive = evidence.filter((e) => e.role === 'item' || e.role === 'category' || e.role === 'subcategory').map((e) => header[e.col]).join(' ');
  if (KIND_WORDS.inventoryHeader.test(all) || KIND_WORDS.inventoryTitle.test(around)) {
    if (has('quantity') || has('item')) return { kind: 'inventory', reason: `equipment the buyer has (${KIND_WORDS.inventoryHeader.exec(all)?.[0] ?? KIND_WORDS.inventoryTitle.exec(around)?.[0]})` };
  }
  if ((KIND_WORDS.staffing.test(descriptive) || header.some((h) => /^(岗位|职位|人员|职务|工种)/.test(headerKey(h)))) && !has('billing_unit') && !has('price_unit')) {
    return { kind: 'staffing', reason: `people to provide (${KIND_WORDS.staffing.exec(descriptive)?.[0] ?? '岗位'})` };
  }
  if (NOT_PURCHASE.test(all)) return { kind: 'requirements', reason: `a header of requirements, scores, service levels or payment (${NOT_PURCHASE.exec(all)![0]})` };
  if (has('quantity') && (has('item') || has('billing_unit'))) {
    const q = evidence[columns.quantity!];
    // A column of numbers with no quantity word above it is a quantity only beside a unit column.
    if ((q?.header.scores.quantity ?? 0) > 0 || has('billing_unit')) return { kind: 'items', reason: 'a quantity column beside a name or unit column' };
  }
  if (has('spec') || KIND_WORDS.requirementsHeader.test(all)) return { kind: 'requirements', reason: 'descriptions or requirement words, no quantities' };
  return { kind: 'other', reason: 'no quantity column beside a name or unit' };
}

/** The header's evidence for a label on its own, for readers of lot tables. */
export const roleOfLabel: (label: string) => Role | null = memo((label) => headerEvidence([label]).words[0]?.role ?? null);
