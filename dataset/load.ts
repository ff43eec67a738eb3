// JSON lines → DuckDB. The JSONL files are the source of truth; the database follows them
// document by document: a document's rows are replaced by doc_id (the same bytes again) and by
// source (a changed file replaces its older version), so nothing is ever duplicated. Documents
// whose records are byte for byte what was loaded before are left alone, so an incremental
// run rewrites only what changed.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { OUTPUT_FILES } from '../pipeline/store.js';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { DocumentRecord, Item } from '../schemas/records.js';
import {
  DOCUMENT_COLUMNS, ITEM_COLUMNS, SPEC_STRUCT, dbPathFor, firstLine, openDataset, queryRows, tableCounts,
  type Dataset, type Result,
} from './db.js';

export interface Counts { documents: number; items: number; specs: number }

export interface LoadReport extends Counts {
  /** Documents left out because an earlier record in the same load has the same bytes (doc_id). */
  duplicates: string[];
  /** Documents whose records were loaded before, exactly as they are now: not rewritten. */
  unchanged: number;
  /** What the database holds after the load. */
  total: Counts;
}

export interface RecordsToLoad {
  documents: DocumentRecord[];
  items: Item[];
}


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
  const documents = await readJsonl(join(outDir, OUTPUT_FILES.documents), DocumentRecord);
  if (!documents.ok) return documents;
  const items = await readJsonl(join(outDir, OUTPUT_FILES.items), Item);
  if (!items.ok) return items;
  return { ok: true, value: { documents: documents.value, items: items.value } };
}

const quote = (name: string) => `"${name}"`;
const readJsonColumns = (columns: [string, string, string?][]) =>
  `{${columns.map(([n, t]) => `'${n}': '${t}'`).join(', ')}}`;

// DuckDB's own JSON reader stages the records: appending them value by value from JS costs
// far more than reading the lines again, and the JSON shape is the table shape.
const READ = (columns: [string, string, string?][]) =>
  `read_json($1, format = 'newline_delimited', maximum_object_size = 268435456, columns = ${readJsonColumns(columns)})`;

/** sha256 of a document's records as loaded: its line, then its items' lines in order. */
function digest(doc: DocumentRecord, items: Item[]): string {
  const h = createHash('sha256').update(JSON.stringify(doc));
  for (const i of items) h.update('\n').update(JSON.stringify(i));
  return h.digest('hex');
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
  const itemsOf = new Map<string, Item[]>([...kept.keys()].map((id) => [id, []]));
  for (const i of records.items) {
    const doc = kept.get(i.doc_id);
    if (!doc) return { ok: false, error: `item ${i.doc_id} table ${i.table} row ${i.row} has no document record` };
    if (doc.source === i.source) itemsOf.get(i.doc_id)!.push(i);
  }

  const { conn } = ds;
  const loaded = await queryRows(conn, 'SELECT doc_id, source, sha256 FROM dataset_digests');
  if (!loaded.ok) return loaded;
  const before = new Map(loaded.value.rows.map(([id, source, sha]) => [String(id), `${String(source)}\n${String(sha)}`]));
  const changed: { doc: DocumentRecord; items: Item[]; sha: string }[] = [];
  for (const [id, doc] of kept) {
    const items = itemsOf.get(id)!;
    const sha = digest(doc, items);
    if (before.get(id) !== `${doc.source}\n${sha}`) changed.push({ doc, items, sha });
  }
  const unchanged = kept.size - changed.length;
  let specs = 0;
  let items = 0;
  if (changed.length) {
    const dir = await mkdtemp(join(tmpdir(), 'tender-load-'));
    try {
      const lines = (xs: unknown[]) => xs.map((x) => `${JSON.stringify(x)}\n`).join('');
      const docsFile = join(dir, 'documents.jsonl');
      const itemsFile = join(dir, 'items.jsonl');
      const digestsFile = join(dir, 'digests.jsonl');
      await writeFile(docsFile, lines(changed.map((c) => c.doc)));
      await writeFile(itemsFile, changed.map((c) => lines(c.items)).join(''));
      await writeFile(digestsFile, lines(changed.map((c) => ({ doc_id: c.doc.doc_id, source: c.doc.source, sha256: c.sha }))));
      items = changed.reduce((n, c) => n + c.items.length, 0);
      specs = changed.reduce((n, c) => n + c.items.reduce((m, i) => m + i.specs.length, 0), 0);
      const r = await replace(conn, docsFile, itemsFile, digestsFile);
      if (!r.ok) return { ok: false, error: `cannot load records into ${ds.path}: ${r.error}` };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  return { ok: true, value: { documents: changed.length, items, specs, unchanged, duplicates, total: total.value } };
}

async function replace(conn: Dataset['conn'], docsFile: string, itemsFile: string, digestsFile: string): Promise<Result<void>> {
  const itemCols = ITEM_COLUMNS.map(([n]) => quote(n)).join(', ');
  const steps: [string, string?][] = [
    [`CREATE OR REPLACE TEMP TABLE stage_documents AS SELECT ${DOCUMENT_COLUMNS.map(([n]) => quote(n)).join(', ')} FROM ${READ(DOCUMENT_COLUMNS)}`, docsFile],
    [`CREATE OR REPLACE TEMP TABLE stage_items AS SELECT ${itemCols}, specs FROM ${READ([...ITEM_COLUMNS, ['specs', `${SPEC_STRUCT}[]`]])}`, itemsFile],
    [`CREATE OR REPLACE TEMP TABLE stage_digests AS SELECT doc_id, source, sha256 FROM ${READ([['doc_id', 'VARCHAR'], ['source', 'VARCHAR'], ['sha256', 'VARCHAR']])}`, digestsFile],
    ['BEGIN TRANSACTION'],
    // The older version of a changed file has another doc_id: it goes by its source.
    [`CREATE OR REPLACE TEMP TABLE stage_replaced AS
      SELECT doc_id FROM stage_documents
      UNION SELECT doc_id FROM documents WHERE source IN (SELECT source FROM stage_documents)`],
    ...['specs', 'items', 'documents', 'dataset_digests'].map((t): [string] => [`DELETE FROM ${t} WHERE doc_id IN (SELECT doc_id FROM stage_replaced)`]),
    ['INSERT INTO documents SELECT * FROM stage_documents'],
    [`INSERT INTO items SELECT ${itemCols} FROM stage_items`],
    [`INSERT INTO specs SELECT doc_id, "table", "row", position, key, op, value, min, max, unit, qualifier, raw FROM (
      SELECT doc_id, "table", "row", unnest(generate_series(1, len(specs))) AS position, unnest(specs, recursive := true)
      FROM stage_items)`],
    ['INSERT INTO dataset_digests SELECT * FROM stage_digests'],
    ['COMMIT'],
  ];
  try {
    for (const [sql, file] of steps) await conn.run(sql, file ? [file] : undefined);
    return { ok: true, value: undefined };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: firstLine(e) };
  } finally {
    for (const t of ['documents', 'items', 'digests', 'replaced']) await conn.run(`DROP TABLE IF EXISTS temp.stage_${t}`).catch(() => undefined);
  }
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
  const { documents, items, specs, unchanged, duplicates, total } = r.value;
  const same = unchanged ? `, ${unchanged} unchanged` : '';
  const dup = duplicates.length ? ` · ${duplicates.length} duplicate file${duplicates.length > 1 ? 's' : ''} skipped (same bytes as another path): ${duplicates.join(', ')}` : '';
  stream.write(`dataset: ${documents} documents, ${items} items, ${specs} specs loaded${same} · ${dbPath} holds ${total.documents} documents, ${total.items} items, ${total.specs} specs${dup}\n`);
  return 0;
}
