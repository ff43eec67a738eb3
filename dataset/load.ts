// JSON lines → DuckDB. The JSONL files are the source of truth; the database is rebuilt from
// them document by document: a document's rows are replaced by doc_id (the same bytes again)
// and by source (a changed file replaces its older version), so nothing is ever duplicated.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import {
  DOUBLE, INTEGER, LIST, STRUCT, VARCHAR, listValue, structValue,
  type DuckDBAppender, type DuckDBConnection,
} from '@duckdb/node-api';
import type { ZodType } from 'zod';
import { DocumentRecord, Item } from '../schemas/records.js';
import { dbPathFor, firstLine, openDataset, tableCounts, type Dataset, type Result } from './db.js';

export interface Counts { documents: number; items: number; specs: number }

export interface LoadReport extends Counts {
  /** Documents left out because an earlier record in the same load has the same bytes (doc_id). */
  duplicates: string[];
  /** What the database holds after the load. */
  total: Counts;
}

export interface RecordsToLoad {
  documents: DocumentRecord[];
  items: Item[];
}

// The contract's file names; the loader needs only these two (tables.jsonl is for audit).
const FILES = { documents: 'documents.jsonl', items: 'items.jsonl' } as const;

async function readJsonl<T>(path: string, schema: ZodType<T>): Promise<Result<T[]>> {
  if (!existsSync(path)) return { ok: false, error: `${path} not found (run tender extract first)` };
  const out: T[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { ok: false, error: `${path}:${n}: not a JSON line` };
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: `${path}:${n}: ${issue.path.join('.') || 'record'}: ${issue.message}` };
      }
      out.push(parsed.data);
    }
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${firstLine(e)}` };
  } finally {
    lines.close();
  }
  return { ok: true, value: out };
}

/** The records of an extract run, validated against the contract. */
export async function readRecords(outDir: string): Promise<Result<RecordsToLoad>> {
  const documents = await readJsonl(join(outDir, FILES.documents), DocumentRecord);
  if (!documents.ok) return documents;
  const items = await readJsonl(join(outDir, FILES.items), Item);
  if (!items.ok) return items;
  return { ok: true, value: { documents: documents.value, items: items.value } };
}

const LOT = STRUCT({ lot: INTEGER, name: VARCHAR, budget_cny: DOUBLE });
const BILLING = STRUCT({ raw: VARCHAR, size: DOUBLE, unit: VARCHAR });
const PRICE = STRUCT({ raw: VARCHAR, currency: VARCHAR, per: VARCHAR });

function str(a: DuckDBAppender, v: string | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendVarchar(v);
}
function int(a: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendInteger(v);
}
function dbl(a: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendDouble(v);
}
function strings(a: DuckDBAppender, v: string[]): void {
  a.appendList(v, LIST(VARCHAR));
}

// Column order as in the CREATE TABLE statements of dataset/db.ts.
function appendDocument(a: DuckDBAppender, d: DocumentRecord): void {
  str(a, d.doc_id); str(a, d.source); str(a, d.format); str(a, d.status); str(a, d.error);
  strings(a, d.warnings);
  str(a, d.project); str(a, d.agency); dbl(a, d.budget_cny);
  a.appendList(listValue(d.lots.map((l) => structValue({ lot: l.lot, name: l.name, budget_cny: l.budget_cny }))), LIST(LOT));
  // The appender casts the ISO text to the DATE column.
  str(a, d.service_start); str(a, d.service_end);
  int(a, d.tables); int(a, d.items);
  a.endRow();
}

function appendItem(a: DuckDBAppender, i: Item): void {
  str(a, i.doc_id); str(a, i.source); int(a, i.lot); str(a, i.section);
  int(a, i.table); int(a, i.row); int(a, i.page);
  str(a, i.seq); str(a, i.category); str(a, i.subcategory); str(a, i.item); str(a, i.service);
  a.appendStruct({ raw: i.billing_unit.raw, size: i.billing_unit.size, unit: i.billing_unit.unit }, BILLING);
  a.appendStruct({ raw: i.price_unit.raw, currency: i.price_unit.currency, per: i.price_unit.per }, PRICE);
  dbl(a, i.quantity); dbl(a, i.months); dbl(a, i.total); dbl(a, i.unit_months);
  strings(a, i.tokens);
  a.endRow();
}

function appendSpecs(a: DuckDBAppender, i: Item): number {
  i.specs.forEach((s, k) => {
    str(a, i.doc_id); int(a, i.table); int(a, i.row); int(a, k + 1);
    str(a, s.key); str(a, s.op); dbl(a, s.value); dbl(a, s.min); dbl(a, s.max);
    str(a, s.unit); str(a, s.qualifier); str(a, s.raw);
    a.endRow();
  });
  return i.specs.length;
}

async function stage<T>(conn: DuckDBConnection, table: string, rows: T[], append: (a: DuckDBAppender, row: T) => unknown): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE stage_${table} AS SELECT * FROM ${table} LIMIT 0`);
  const a = await conn.createAppender(`stage_${table}`, 'main', 'temp');
  try {
    for (const row of rows) append(a, row);
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

/** Replace the rows of these documents (by doc_id and by source) in one transaction. */
export async function loadRecords(ds: Dataset, records: RecordsToLoad): Promise<Result<LoadReport>> {
  // The same bytes under two paths are one document: counting it twice would double an
  // agency's figures. The path that sorts first wins, whatever order the files finished in.
  const kept = new Map<string, DocumentRecord>();
  const duplicates: string[] = [];
  for (const d of records.documents) {
    const seen = kept.get(d.doc_id);
    if (!seen) kept.set(d.doc_id, d);
    else if (d.source < seen.source) {
      duplicates.push(seen.source);
      kept.set(d.doc_id, d);
    } else duplicates.push(d.source);
  }
  duplicates.sort();
  const items: Item[] = [];
  for (const i of records.items) {
    const doc = kept.get(i.doc_id);
    if (!doc) {
      return { ok: false, error: `item ${i.doc_id} table ${i.table} row ${i.row} has no document record` };
    }
    if (doc.source === i.source) items.push(i);
  }
  const { conn } = ds;
  let specs = 0;
  try {
    await stage(conn, 'documents', [...kept.values()], appendDocument);
    await stage(conn, 'items', items, appendItem);
    await stage(conn, 'specs', items, (a, i) => { specs += appendSpecs(a, i); });
  } catch (e) {
    return { ok: false, error: `cannot stage records for ${ds.path}: ${firstLine(e)}` };
  }
  try {
    await conn.run('BEGIN TRANSACTION');
    await conn.run(`CREATE OR REPLACE TEMP TABLE stage_replaced AS
      SELECT doc_id FROM stage_documents
      UNION SELECT doc_id FROM documents WHERE source IN (SELECT source FROM stage_documents)`);
    for (const t of ['specs', 'items', 'documents']) {
      await conn.run(`DELETE FROM ${t} WHERE doc_id IN (SELECT doc_id FROM stage_replaced)`);
    }
    for (const t of ['documents', 'items', 'specs']) await conn.run(`INSERT INTO ${t} SELECT * FROM stage_${t}`);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: `cannot load records into ${ds.path}: ${firstLine(e)}` };
  } finally {
    for (const t of ['documents', 'items', 'specs', 'replaced']) await conn.run(`DROP TABLE IF EXISTS temp.stage_${t}`).catch(() => undefined);
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  return { ok: true, value: { documents: kept.size, items: items.length, specs, duplicates, total: total.value } };
}

/** Load an extract run's JSON lines (in `outDir`) into the dataset (default `outDir/tenders.duckdb`). */
export async function loadDataset(outDir: string, dbPath = dbPathFor(outDir)): Promise<Result<LoadReport>> {
  const records = await readRecords(outDir);
  if (!records.ok) return records;
  const ds = await openDataset(dbPath);
  if (!ds.ok) return ds;
  try {
    return await loadRecords(ds.value, records.value);
  } finally {
    ds.value.close();
  }
}

/** The step at the end of `tender extract`: one line either way; 1 when the load failed. */
export async function loadAfterExtract(outDir: string, stream: NodeJS.WritableStream = process.stderr): Promise<0 | 1> {
  const dbPath = dbPathFor(outDir);
  const r = await loadDataset(outDir, dbPath);
  if (!r.ok) {
    stream.write(`tender: dataset not updated (the JSON lines are written): ${r.error.split('\n')[0]}\n`);
    return 1;
  }
  const { documents, items, specs, duplicates, total } = r.value;
  const dup = duplicates.length ? ` · ${duplicates.length} duplicate file${duplicates.length > 1 ? 's' : ''} skipped (same bytes as another path): ${duplicates.join(', ')}` : '';
  stream.write(`dataset: ${documents} documents, ${items} items, ${specs} specs loaded · ${dbPath} holds ${total.documents} documents, ${total.items} items, ${total.specs} specs${dup}\n`);
  return 0;
}
