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

export function documentRecords(doc: DocModel, meta: DocMeta): Records {
  const placements = placeBlocks(doc.blocks);
  const facts = findFacts(doc, placements);
  const warnings = [...doc.warnings];
  const items: Item[] = [];
  const tables: TableRecord[] = [];
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
