// One read document to its records: facts, tables, items, each validated against the contract.
import type { DocModel, TableBlock } from '../extractors/model.js';
import { slotText } from '../extractors/model.js';
import { DocumentRecord, Item, TableRecord, type Format } from '../schemas/records.js';
import { findFacts, placeBlocks } from './facts.js';
import { tableItems } from './items.js';
import { analyseTable } from './tables.js';
import { cleanText } from './text.js';

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

export function emptyDocument(meta: DocMeta, status: DocumentRecord['status'], error: string | null, warnings: string[] = []): DocumentRecord {
  return {
    ...meta, status, error, warnings, project: null, agency: null, budget_cny: null, lots: [],
    service_start: null, service_end: null, tables: 0, items: 0,
  };
}

function firstPage(t: TableBlock): number | null {
  return t.rowPages?.find((p) => p !== null && p !== undefined) ?? null;
}

/**
 * Does every item of a table stand already among the document's earlier items (same lot, item
 * and quantity)? Tenders list their items, then print them again, quantities filled in, as the
 * price form bidders fill (分项报价表): those rows are the same purchase, not a second one.
 */
export function repeatsEarlier(items: Item[], earlier: Item[]): boolean {
  if (!items.length || !earlier.length) return false;
  // A price form often names the item shortly (云服务器 for 云服务器（4核8G…）): compare the names before their brackets.
  const key = (i: Item) => `${i.lot}|${i.item.replace(/[（(].*$/, '').replace(/\s+/g, '')}|${i.quantity}`;
  const seen = new Set(earlier.map(key));
  return items.every((i) => seen.has(key(i)));
}

/**
 * A notice's table of 标的 (云计算服务 | 政务云租赁 | 1(项) | 品目预算): one row per lot, each
 * bought as 1 项 at its budget. When other tables detail the same lots, its rows are their sum,
 * not more purchases.
 */
export function sumsUpLots(items: Item[], header: string[]): boolean {
  return items.length > 0 && header.some((h) => /预算|限价/.test(h)) && items.every((i) => i.quantity === 1 && i.billing_unit.unit === 'item');
}

export function documentRecords(doc: DocModel, meta: DocMeta): Records {
  const placements = placeBlocks(doc.blocks);
  const facts = findFacts(doc, placements);
  const warnings = [...doc.warnings];
  const items: Item[] = [];
  const tables: TableRecord[] = [];
  const summaries: { table: number; items: Item[] }[] = [];
  let n = 0;
  doc.blocks.forEach((block, i) => {
    if (block.type !== 'table' || !block.rows.length) return;
    n++;
    for (const note of block.notes ?? []) warnings.push(`table ${n}: ${note}`);
    const analysis = analyseTable(block);
    const ctx = { ...meta, table: n, lot: placements[i].lot, section: placements[i].section, rowPages: block.rowPages };
    let rows: string[][];
    if (analysis.kind === 'items') {
      const got = tableItems(block, analysis, ctx);
      if (analysis.columns.price !== undefined && repeatsEarlier(got.items, items)) {
        warnings.push(`table ${n}: a price form that repeats the items of an earlier table; its rows are not counted again`);
      } else {
        items.push(...got.items);
        if (sumsUpLots(got.items, analysis.header)) summaries.push({ table: n, items: got.items });
      }
      warnings.push(...got.warnings);
      rows = got.rows;
    } else {
      rows = block.rows.slice(analysis.dataStart).map((row, r) => row.map((_, c) => cleanText(slotText(block, r + analysis.dataStart, c))));
    }
    tables.push({
      doc_id: meta.doc_id, source: meta.source, table: n, page: firstPage(block), lot: ctx.lot, section: ctx.section,
      kind: analysis.kind, header: analysis.header, rows,
    });
  });

  for (const summary of summaries) {
    const detailed = items.filter((i) => !summary.items.includes(i));
    if (!summary.items.every((s) => detailed.some((d) => d.lot === s.lot))) continue;
    items.splice(0, items.length, ...detailed);
    warnings.push(`table ${summary.table}: sums up lots that other tables detail (1 项 with its budget); its rows are not counted as items`);
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
  const document: DocumentRecord = {
    ...meta, status, error, warnings, ...facts, tables: tables.length, items: items.length,
  };
  return { document: DocumentRecord.parse(document), items: items.map((it) => Item.parse(it)), tables: tables.map((t) => TableRecord.parse(t)) };
}
