// One read document to its records: facts, tables, items, each validated against the contract.
import type { DocModel, TableBlock, Warning } from '../extractors/model.js';
import { append } from '../extractors/extremes.js';
import { slotText, warning } from '../extractors/model.js';
import { DocumentRecord, Item, TableRecord, type ErrorKind, type Format } from '../schemas/records.js';
import { findFacts, placeBlocks } from './facts/index.js';
import { tenderId } from './tender-id.js';
import { tableItems, type TableContext, type TableItems } from './items.js';
import { analyseTable, cleanGrid, type TableAnalysis } from './tables.js';
import { cleanText } from './text.js';
import { GOODS_DOCUMENT, SERVICE_DOCUMENT } from './vocabulary.js';
import { timed } from './stages.js';

export interface Records {
  document: DocumentRecord;
  items: Item[];
  tables: TableRecord[];
}

export interface DocMeta {
  doc_id: string;
  source: string;
  format: Format;
}

/** The record of a file nothing was read from: why, and the kind of why. */
export function emptyDocument(meta: DocMeta, status: 'failed' | 'skipped', error: string, error_kind: ErrorKind): DocumentRecord {
  return {
    ...meta, status, error, error_kind, warnings: [], warning_codes: [], project: null, agency: null, budget_cny: null, price_cap_cny: null, project_code: null, tender_id: meta.doc_id, notice_type: 'other',
    published: null, region: { province: null, city: null }, awards: [], lots: [],
    service_start: null, service_end: null, tables: 0, items: 0,
  };
}

function firstPage(t: TableBlock): number | null {
  return t.rowPages?.find((p) => p !== null && p !== undefined) ?? null;
}

/** A name as a price form may shorten it: before its brackets, no spaces. */
const shortName = (i: Item) => i.item.replace(/[（(].*$/, '').replace(/\s+/g, '');

function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 2 && long.includes(short);
}

/**
 * Do the items of a table stand already among the document's other items (same lot and
 * quantity, a name that one shortens from the other)? Tenders list their items, then print
 * them again as the price form bidders fill (分项报价表), names shortened, a row added or
 * dropped: those rows are the same purchase, not a second one. Most rows must match.
 */
export function repeatsEarlier(items: Item[], earlier: Item[]): boolean {
  if (!items.length || !earlier.length) return false;
  const matched = items.filter((i) => earlier.some((e) => e.lot === i.lot && e.quantity === i.quantity && sameName(shortName(e), shortName(i)))).length;
  return matched === items.length || (matched >= 2 && matched >= items.length * REPEAT_SHARE);
}

/** Share of a price form's rows that must repeat other items for it to be a restatement. */
const REPEAT_SHARE = 0.6;

/**
 * A notice's table of 标的 (云计算服务 | 政务云租赁 | 1(项) | 品目预算): one row per lot, each
 * bought as 1 项 at its budget. When other tables detail the same lots, its rows are their sum,
 * not more purchases.
 */
export function sumsUpLots(items: Item[], header: string[]): boolean {
  return items.length > 0 && header.some((h) => /预算|限价/.test(h)) && items.every((i) => i.quantity === 1 && i.billing_unit.unit === 'item');
}

/** Paragraphs just above a table that say what it is (表1 报价明细表, 现有设备清单如下：). */
const CONTEXT_LINES = 2;
const CONTEXT_LINE = 80;

/** Does the document buy goods? What it says it buys (项目属性：货物, ■服务□货物), else whether it
 * speaks of delivery and warranty (交货期, 质保期) more than of a service period (服务期, 租用). */
function buysGoods(doc: DocModel): boolean {
  let goods = 0;
  let service = 0;
  for (const b of doc.blocks) {
    if (b.type !== 'paragraph') continue;
    const t = cleanText(b.text);
    const m = /(?:项目属性|采购类别|采购品目类别|项目类型|采购类型)\s*[:：]?\s*(?:[■☑√✓]\s*)?(货物|服务|工程)/.exec(t) ?? /[■☑√✓]\s*(货物|服务|工程)/.exec(t);
    if (m) return m[1] === '货物';
    goods += t.match(GOODS_DOCUMENT)?.length ?? 0;
    service += t.match(SERVICE_DOCUMENT)?.length ?? 0;
  }
  return goods > service;
}

/** What the stages decided about each table, for `tender inspect`. */
export interface TableTrace {
  table: number;
  analysis: TableAnalysis;
  /** Row by row, for item tables. */
  rows: TableItems['decisions'];
  /** Why the table's items were not counted, where they were not. */
  dropped: string | null;
  section: string | null;
  lot: number | null;
  page: number | null;
}

/** Does `next` carry on `prev`: as wide, and nothing between them but a short line (续表, a page number)? */
function continues(prev: TableBlock, next: TableBlock, between: string[]): boolean {
  return (prev.rows[0]?.length ?? 0) === (next.rows[0]?.length ?? -1) && between.length <= 1 && between.every((t) => t.length <= CONTINUATION_LINE);
}
const CONTINUATION_LINE = 20;

/** `rows` read under the header rows of `prev` (its first `headerEnd` rows), merges kept. */
function underHeader(prev: TableBlock, headerEnd: number, next: TableBlock): TableBlock {
  const head = prev.rows.slice(0, headerEnd);
  const shifted = next.rows.map((row) => row.map((cell) => (cell.covered && cell.origin ? { ...cell, origin: { row: cell.origin.row + headerEnd, col: cell.origin.col } } : cell)));
  return {
    ...next,
    rows: [...head, ...shifted],
    ...(next.rowPages ? { rowPages: [...head.map(() => null), ...next.rowPages] } : {}),
  };
}

const factsOf = timed('facts', (doc: DocModel) => {
  const placements = placeBlocks(doc.blocks);
  return { placements, facts: findFacts(doc, placements) };
});
const analyse = timed('tables', analyseTable);
const itemsOf = timed('items', tableItems);

/** The records checked against the contract: once, where they are built. */
const validated = timed('validate', (document: DocumentRecord, items: Item[], tables: TableRecord[]): Records => (
  { document: DocumentRecord.parse(document), items: items.map((it) => Item.parse(it)), tables: tables.map((t) => TableRecord.parse(t)) }
));

export const documentRecords: (doc: DocModel, meta: DocMeta, trace?: TableTrace[]) => Records = timed('records', (doc, meta, trace) => {
  const { placements, facts } = factsOf(doc);
  const warnings: Warning[] = [...doc.warnings];
  const items: Item[] = [];
  const tables: TableRecord[] = [];
  const summaries: { table: number; items: Item[] }[] = [];
  const goodsDocument = buysGoods(doc);
  const analysed: { n: number; block: TableBlock; analysis: TableAnalysis; ctx: TableContext; got: TableItems | null }[] = [];
  let n = 0;
  let before: string[] = [];
  let between: string[] = [];
  doc.blocks.forEach((block, i) => {
    if (block.type === 'paragraph') {
      const t = cleanText(block.text);
      if (t && t.length <= CONTEXT_LINE) before = [...before, t].slice(-CONTEXT_LINES);
      if (t) between.push(t);
      return;
    }
    if (!block.rows.length) return;
    n++;
    for (const note of block.notes ?? []) warnings.push({ code: note.code, message: `table ${n}: ${note.message}` });
    // placeBlocks gives one placement per block.
    const place = placements[i]!;
    const setting = { before, section: place.section, goodsDocument };
    let table = block;
    let analysis = analyse(block, setting);
    // A table cut in two (a page break in Word, 续表) goes on without its header: read it under the header before.
    const last = analysed[analysed.length - 1];
    if (!analysis.headerRows.length && last?.analysis.kind === 'items' && continues(last.block, block, between)) {
      table = underHeader(last.block, last.analysis.dataStart, block);
      analysis = analyse(table, setting);
    }
    before = [];
    between = [];
    const ctx: TableContext = { ...meta, table: n, lot: place.lot, section: place.section, rowPages: table.rowPages };
    analysed.push({ n, block: table, analysis, ctx, got: analysis.kind === 'items' ? itemsOf(table, analysis, ctx) : null });
  });
  // A bidder's price form restates the purchase list: it counts only where the document has no other list.
  const listed = analysed.some((t) => t.got && !t.analysis.priceForm && t.got.items.length);
  for (const { n, block, analysis, ctx, got } of analysed) {
    let rows: string[][];
    let dropped: string | null = null;
    if (got) {
      const priced = [analysis.columns.unit_price, analysis.columns.total_price, analysis.columns.budget].some((c) => c !== undefined);
      if (got.items.length && ((analysis.priceForm && listed) || (priced && repeatsEarlier(got.items, items)))) {
        dropped = `a price form that repeats the items of ${analysis.priceForm ? 'the purchase list' : 'an earlier table'}; its rows are not counted again`;
        warnings.push(warning('table.price_form_repeats', `table ${n}: ${dropped}`));
      } else {
        append(items, got.items);
        if (sumsUpLots(got.items, analysis.header)) summaries.push({ table: n, items: got.items });
      }
      append(warnings, got.warnings);
      rows = got.rows;
    } else {
      rows = cleanGrid(block).texts.slice(analysis.dataStart).map((texts) => [...texts]);
    }
    tables.push({
      doc_id: meta.doc_id, source: meta.source, table: n, page: firstPage(block), lot: ctx.lot, section: ctx.section,
      kind: analysis.kind, header: analysis.header, rows,
    });
    trace?.push({ table: n, analysis, rows: got?.decisions ?? [], dropped, section: ctx.section, lot: ctx.lot, page: firstPage(block) });
  }

  for (const summary of summaries) {
    const detailed = items.filter((i) => !summary.items.includes(i));
    if (!summary.items.every((s) => detailed.some((d) => d.lot === s.lot))) continue;
    items.splice(0, items.length, ...detailed);
    const why = 'sums up lots that other tables detail (1 项 with its budget); its rows are not counted as items';
    warnings.push(warning('table.lot_summary', `table ${summary.table}: ${why}`));
    const t = trace?.find((x) => x.table === summary.table);
    if (t) t.dropped = why;
  }

  let status: DocumentRecord['status'] = 'ok';
  let error: string | null = null;
  if (doc.unreadable) {
    const { parts, total, reason } = doc.unreadable;
    if (parts >= total) {
      status = 'failed';
      error = reason;
    } else {
      status = 'partial';
    }
  }
  // Text recognised from page images is read, but less surely than a text layer.
  if (doc.recognised && status === 'ok') status = 'partial';
  const document: DocumentRecord = {
    ...meta, status, error, error_kind: status === 'failed' ? 'unreadable' : null,
    warnings: warnings.map((w) => w.message), warning_codes: warnings.map((w) => w.code), ...facts, tender_id: tenderId({ doc_id: meta.doc_id, ...facts }), tables: tables.length, items: items.length,
  };
  return validated(document, items, tables);
});
