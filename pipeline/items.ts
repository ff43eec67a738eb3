// Rows of an item table to line items: fill-down of merged columns, totals and notes rows
// skipped, each value normalised to the contract.
import { slotOrigin, slotText, warning, type TableBlock, type Warning } from '../extractors/model.js';
import type { BillingUnit, Item } from '../schemas/records.js';
import type { Role } from './vocabulary.js';
import { lotIn } from './facts/index.js';
import { resourcesOf } from './resources.js';
import { priceOf } from './prices.js';
import { parseSpecs } from './specs.js';
import { cleanGrid, isColumnNumberRow, isHeaderRepeat, isSpanningRow, isTotalOrNote, type TableAnalysis } from './tables.js';
import { classify as classifyRow } from './taxonomy.js';
import { segment as segmentText } from './segment.js';
import { timed } from './stages.js';
import { halfWidth, MAX_ANALYSED_CHARS } from './text.js';
import { isKnownUnit, parseBillingUnit, parseMonths, parsePriceUnit, parseQuantity, round } from './units.js';

const classify = timed('taxonomy', classifyRow);
const segment = timed('segment', segmentText);
const specsIn = timed('specs', parseSpecs);

export interface TableContext {
  doc_id: string;
  source: string;
  table: number;
  lot: number | null;
  section: string | null;
  rowPages?: (number | null)[];
}

export interface TableItems {
  items: Item[];
  warnings: Warning[];
  /** Data rows as cell text, for tables.jsonl. */
  rows: string[][];
  /** For each row of the table after the header, whether it gave an item and why (`tender inspect`). */
  decisions: RowDecision[];
}

export interface RowDecision {
  /** 0-based row of the table grid. */
  r: number;
  /** The 1-based data row, as items and tables.jsonl count them; null for rows that are no data. */
  row: number | null;
  item: boolean;
  reason: string;
}

const FILLED: Role[] = ['lot', 'seq', 'category', 'subcategory'];
const HOST_UNITS: ReadonlySet<string> = new Set(['machine', 'host', 'item', 'set']);

/**
 * A spec cell as text to read figures from: a bare number under a header that names the
 * resource and its unit (内存（GB） over 32) reads as `内存32GB`.
 */
function specOfCell(label: string, text: string): string {
  if (!/^\d+(\.\d+)?$/.test(halfWidth(text).trim())) return text;
  const own = halfWidth(label.split('/').pop() ?? '').replace(/\s+/g, '');
  const unit = /[(（]([^()（）]{1,6})[)）]/.exec(own)?.[1] ?? '';
  const base = own.replace(/[(（][^()（）]*[)）]/g, '');
  return `${base}${halfWidth(text).trim()}${unit}`;
}

export function tableItems(table: TableBlock, a: TableAnalysis, ctx: TableContext): TableItems {
  const items: Item[] = [];
  const warnings: Warning[] = [];
  const rows: string[][] = [];
  const unmatched: string[] = [];
  const headerRows = new Set(a.headerRows);
  const filled: Partial<Record<Role, string>> = {};

  // The table's cells cleaned once (cleanGrid): the rows read them from there, not each cleaning them again.
  const grid = cleanGrid(table).texts;
  /** The column of `role` where row r holds data; a slot covered from the header row is not data. */
  const dataColumn = (r: number, role: Role): number | undefined => {
    const c = a.columns[role];
    if (c === undefined) return undefined;
    const o = slotOrigin(table, r, c);
    return headerRows.has(o.row) || o.row < a.dataStart ? undefined : c;
  };
  /** A column's text in row r as written. */
  const cell = (r: number, role: Role): string => {
    const c = dataColumn(r, role);
    return c === undefined ? '' : slotText(table, r, c);
  };
  /** The same text cleaned. */
  const cleanCell = (r: number, role: Role): string => {
    const c = dataColumn(r, role);
    return c === undefined ? '' : grid[r]?.[c] ?? '';
  };

  const labelOf = (role: Role): string => {
    const c = a.columns[role];
    return c === undefined ? '' : a.header[c] ?? '';
  };

  /** The text of every spec column but the item's own, joined. */
  const specs = (r: number): string => a.specColumns.filter((c) => c !== a.columns.item).map((c) => {
    const o = slotOrigin(table, r, c);
    return headerRows.has(o.row) || o.row < a.dataStart ? '' : specOfCell(a.header[c] ?? '', grid[r]?.[c] ?? '');
  }).filter(Boolean).join('；');

  const decisions: RowDecision[] = [];
  const skip = (r: number, row: number | null, reason: string) => decisions.push({ r, row, item: false, reason });
  let dataRow = 0;
  for (let r = a.dataStart; r < grid.length; r++) {
    const texts = grid[r]!;
    if (texts.every((t) => !t)) {
      skip(r, null, 'empty row');
      continue;
    }
    if (isColumnNumberRow(table, r)) {
      skip(r, null, 'column numbers under the header');
      continue;
    }
    if (isHeaderRepeat(table, r, a)) {
      skip(r, null, 'the header printed again');
      continue;
    }
    rows.push([...texts]);
    dataRow++;
    if (isSpanningRow(table, r)) {
      skip(r, dataRow, 'one cell across the table (a title or a note)');
      continue;
    }
    if (isTotalOrNote(texts) || (texts.some((t) => isTotalOrNote([t.replace(/\s+/g, '')])) && !cell(r, 'quantity'))) {
      skip(r, dataRow, 'a total or a note (合计, 小计, 备注)');
      continue;
    }

    for (const role of FILLED) {
      const own = cleanCell(r, role);
      if (own) filled[role] = own;
      else if (a.columns[role] !== undefined && filled[role] === undefined) filled[role] = '';
    }
    const category = a.columns.category !== undefined ? filled.category || null : null;
    const subcategory = a.columns.subcategory !== undefined ? filled.subcategory || null : null;
    const seq = a.columns.seq !== undefined ? filled.seq || null : null;
    // A 包号 column names the row's lot; else the lot the table stands under.
    const lot = (filled.lot ? lotIn(filled.lot) : null) ?? ctx.lot;

    const qtyText = cleanCell(r, 'quantity');
    const qty = parseQuantity(qtyText);
    if (!qty) {
      if (qtyText && texts.filter(Boolean).length > 2) warnings.push(warning('item.quantity_not_number', `table ${ctx.table}: row ${dataRow} quantity "${qtyText}" is not a number`));
      skip(r, dataRow, qtyText ? `quantity "${qtyText}" is not a number` : 'no quantity (a blank form row?)');
      continue;
    }
    if (isTotalOrNote([halfWidth(cleanCell(r, 'item')).replace(/\s+/g, '')]) || isTotalOrNote([seq ?? ''])) {
      skip(r, dataRow, 'a total (合计, 小计)');
      continue;
    }
    const specText = specs(r);
    const itemText = cleanCell(r, 'item') || subcategory || category || specText;
    if (!itemText) {
      skip(r, dataRow, 'no name of what is bought');
      continue;
    }

    const context = `${subcategory ?? ''} ${itemText} ${specText}`;
    let billing: BillingUnit | null = parseBillingUnit(cleanCell(r, 'billing_unit'), context);
    // The unit rides with the quantity (20台) or stands in its header (数量（台）) when no unit column says it.
    const qtyUnit = qty.unit || (cell(r, 'billing_unit') ? '' : a.quantityUnit ?? '');
    if ((!billing || (billing.unit === 'item' && !cell(r, 'billing_unit'))) && qtyUnit) billing = parseBillingUnit(qtyUnit, context);
    if (billing && billing.unit === 'item' && qtyUnit && isKnownUnit(qtyUnit, context)) billing = parseBillingUnit(qtyUnit, context);
    billing ??= { raw: '', size: 1, unit: 'item' };

    // The 报价单位 column, else the unit the billing cell (元/台/月) or a price header (单价（元/月）) states.
    const priceRaw = cleanCell(r, 'price_unit');
    const price = parsePriceUnit(priceRaw || (/[/／]\s*(月|年|次)/.test(billing.raw) ? billing.raw : a.columns.price_unit === undefined ? a.priceUnit ?? '' : ''));
    const months = a.columns.months !== undefined ? parseMonths(cleanCell(r, 'months'), a.periodUnit) : null;
    const total = round(qty.value * billing.size);
    const itemSpecs = specsIn(specText && specText !== itemText ? `${itemText} ${specText}` : itemText);
    const longest = Math.max(itemText.length, specText.length);
    if (longest > MAX_ANALYSED_CHARS) warnings.push(warning('item.cell_truncated', `table ${ctx.table}: row ${dataRow} has a cell of ${longest.toLocaleString('en-US')} characters; its first ${MAX_ANALYSED_CHARS.toLocaleString('en-US')} are read for the service, specs and words, the rest kept as text`));
    let { service, matched } = classify({ category, subcategory, item: itemText }, { goods: a.goods });
    // A row that gives its cores and memory and is counted in machines is a host, whatever it is named
    // (业务系统 | CPU（核） | 内存（GB） | 数量（台）).
    if (!matched && HOST_UNITS.has(billing.unit) && itemSpecs.some((x) => x.key === 'cpu_cores') && itemSpecs.some((x) => x.key === 'memory_gb')) {
      [service, matched] = [a.goods ? 'compute.bare_metal' : 'compute.vcpu', true];
    }
    if (!matched) unmatched.push(itemText);

    decisions.push({ r, row: dataRow, item: true, reason: `"${itemText.length > 24 ? `${itemText.slice(0, 24)}…` : itemText}" → ${service} × ${qty.value}${billing.raw ? ` ${billing.raw}` : ''}${months === null ? '' : `, ${months} months`}` });
    items.push({
      doc_id: ctx.doc_id,
      source: ctx.source,
      lot,
      section: ctx.section,
      table: ctx.table,
      row: dataRow,
      page: ctx.rowPages?.[r] ?? null,
      seq,
      category,
      subcategory,
      item: itemText,
      service,
      billing_unit: billing,
      price_unit: price,
      quantity: qty.value,
      months,
      total,
      unit_months: months === null ? null : round(total * months),
      specs: itemSpecs,
      resources: resourcesOf(service, billing, qty.value, total, itemSpecs),
      price: priceOf({
        unitPrice: cleanCell(r, 'unit_price'), totalPrice: cleanCell(r, 'total_price'), budget: cleanCell(r, 'budget'),
        unitHeader: labelOf('unit_price'), totalHeader: labelOf('total_price'), budgetHeader: labelOf('budget'),
        text: [itemText, specText, cleanCell(r, 'note')].filter(Boolean).join('；'), billingRaw: billing.raw, per: price.per,
      }),
      tokens: segment(itemText),
    });
  }
  if (unmatched.length) {
    const sample = unmatched.slice(0, 3).map((t) => `"${t.slice(0, 20)}"`).join(', ');
    warnings.push(warning('item.service_other', `table ${ctx.table}: ${unmatched.length} item(s) matched no service and are "other": ${sample}${unmatched.length > 3 ? ' …' : ''}`));
  }
  return { items, warnings, rows, decisions };
}
