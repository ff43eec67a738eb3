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
import { OUTPUT_FILES } from '../runtime/store.js';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { DocumentRecord, Item } from '../schemas/records.js';
import {
  DOCUMENT_COLUMNS, ITEM_COLUMNS, SPEC_STRUCT, dbPathFor, firstLine, openDataset, queryRows, tableCounts,
  type Dataset, type Result,
} from './db.js';
import { unifyTenders } from './tenders.js';
import { refreshEstimates } from './estimates.js';

export interface Counts { documents: number; items: number; specs: number }

export interface LoadReport extends Counts {
  /** Documents left out because an earlier record in the same load has the same bytes (doc_id). */
  duplicates: string[];
  /** Documents whose records were loaded before, exactly as they are now: not rewritten. */
  unchanged: number;
  /** What the database holds after the load. */
  total: Counts;
  /** Lines and documents that could not be loaded, one line each: left out, not loaded with the rest refused. */
  skipped: string[];
}

export interface RecordsToLoad {
  documents: DocumentRecord[];
  items: Item[];
  /** Lines and documents left out, one line each. */
  problems?: string[];
}


/** An escaped UTF-16 half without its other half: DuckDB's JSON reader refuses the whole file. */
const LONE_SURROGATE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;

interface Read<T> { records: T[]; problems: string[]; badDocs: Set<string> }

/**
 * A JSON lines file, each line checked against the contract. A line that is not JSON is
 * skipped; a record off the contract (or that DuckDB could not read) puts its whole document
 * aside: one bad record must not keep every other document out of the dataset.
 */
async function readJsonl<T>(path: string, schema: ZodType<T>): Promise<Result<Read<T>>> {
  if (!existsSync(path)) return { ok: false, error: `${path} not found (run tender extract first)` };
  const out: Read<T> = { records: [], problems: [], badDocs: new Set() };
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
        out.problems.push(`${path}:${n}: not a JSON line (skipped)`);
        continue;
      }
      const docId = typeof (value as { doc_id?: unknown })?.doc_id === 'string' ? (value as { doc_id: string }).doc_id : null;
      const parsed = schema.safeParse(value);
      const why = !parsed.success
        ? `${parsed.error.issues[0].path.join('.') || 'record'}: ${parsed.error.issues[0].message}`
        : LONE_SURROGATE.test(line) ? 'text with a lone UTF-16 surrogate' : null;
      if (why) {
        out.problems.push(`${path}:${n}: ${why} (${docId ? `document ${docId} skipped` : 'skipped'})`);
        if (docId) out.badDocs.add(docId);
        continue;
      }
      out.records.push((parsed as { data: T }).data);
    }
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${firstLine(e)}` };
  } finally {
    lines.close();
  }
  return { ok: true, value: out };
}

/** The records of an extract run, validated against the contract; what could not be read is reported, not loaded. */
export async function readRecords(outDir: string): Promise<Result<RecordsToLoad>> {
  const documents = await readJsonl(join(outDir, OUTPUT_FILES.documents), DocumentRecord);
  if (!documents.ok) return documents;
  const items = await readJsonl(join(outDir, OUTPUT_FILES.items), Item);
  if (!items.ok) return items;
  const bad = new Set([...documents.value.badDocs, ...items.value.badDocs]);
  const problems = [...documents.value.problems, ...items.value.problems];
  const docs = documents.value.records.filter((d) => !bad.has(d.doc_id));
  const known = new Set(docs.map((d) => d.doc_id));
  const orphans = new Set<string>();
  const kept = items.value.records.filter((i) => {
    if (known.has(i.doc_id)) return true;
    if (!bad.has(i.doc_id)) orphans.add(i.doc_id);
    return false;
  });
  for (const id of orphans) problems.push(`items of document ${id} have no document record (skipped)`);
  return { ok: true, value: { documents: docs, items: kept, problems } };
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
  const problems = new Set(records.problems ?? []);
  const itemsOf = new Map<string, Item[]>([...kept.keys()].map((id) => [id, []]));
  for (const i of records.items) {
    const doc = kept.get(i.doc_id);
    if (!doc) {
      problems.add(`items of document ${i.doc_id} have no document record (skipped)`);
      continue;
    }
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
      if (!r.ok) {
        // One document DuckDB cannot take must not keep out the others: load them one by one.
        items = 0;
        specs = 0;
        for (const c of changed) {
          await writeFile(docsFile, lines([c.doc]));
          await writeFile(itemsFile, lines(c.items));
          await writeFile(digestsFile, lines([{ doc_id: c.doc.doc_id, source: c.doc.source, sha256: c.sha }]));
          const one = await replace(conn, docsFile, itemsFile, digestsFile);
          if (!one.ok) {
            problems.add(`document ${c.doc.doc_id} (${c.doc.source}) could not be loaded: ${one.error}`);
            continue;
          }
          items += c.items.length;
          specs += c.items.reduce((m, i) => m + i.specs.length, 0);
        }
        if (problems.size && changed.every((c) => [...problems].some((p) => p.includes(`document ${c.doc.doc_id} (`)))) {
          return { ok: false, error: `cannot load records into ${ds.path}: ${r.error}` };
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  const failedDocs = [...problems].filter((p) => / could not be loaded: /.test(p)).length;
  return { ok: true, value: { documents: changed.length - failedDocs, items, specs, unchanged, duplicates, total: total.value, skipped: [...problems] } };
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
    const loaded = await loadRecords(ds.value, records.value);
    if (!loaded.ok) return loaded;
    const unified = await unifyTenders(ds.value);
    if (!unified.ok) loaded.value.skipped.push(unified.error);
    const estimated = await refreshEstimates(ds.value);
    if (!estimated.ok) loaded.value.skipped.push(estimated.error);
    return loaded;
  } finally {
    ds.value.close();
  }
}

const SHOWN_PROBLEMS = 5;
const SHOWN_DUPLICATES = 3;
/** Where the paths of duplicate files go when there are more than the screen shows. */
export const DUPLICATES_FILE = 'duplicates.txt';

/** The step at the end of `tender extract`: one line either way; 1 when the load failed or left records out. */
export async function loadAfterExtract(outDir: string, stream: NodeJS.WritableStream = process.stderr): Promise<0 | 1> {
  const dbPath = dbPathFor(outDir);
  const r = await loadDataset(outDir, dbPath);
  if (!r.ok) {
    stream.write(`tender: dataset not updated (the JSON lines are written): ${firstLine(r.error)}\n`);
    return 1;
  }
  const { documents, items, specs, unchanged, duplicates, total } = r.value;
  const same = unchanged ? `, ${unchanged} unchanged` : '';
  let dup = '';
  if (duplicates.length) {
    // A scraped folder can hold thousands of copies: a few on screen, all in a file.
    let rest = '';
    if (duplicates.length > SHOWN_DUPLICATES) {
      const file = join(outDir, DUPLICATES_FILE);
      rest = await writeFile(file, duplicates.map((d) => `${d}\n`).join('')).then(() => `, … (all ${duplicates.length} in ${file})`, () => `, … and ${duplicates.length - SHOWN_DUPLICATES} more`);
    }
    dup = ` · ${duplicates.length} duplicate file${duplicates.length > 1 ? 's' : ''} skipped (same bytes as another path): ${duplicates.slice(0, SHOWN_DUPLICATES).join(', ')}${rest}`;
  }
  stream.write(`dataset: ${documents} documents, ${items} items, ${specs} specs loaded this run${same} · ${dbPath} now holds ${total.documents} documents, ${total.items} items, ${total.specs} specs${dup}\n`);
  for (const p of r.value.skipped.slice(0, SHOWN_PROBLEMS)) stream.write(`dataset: not loaded: ${p}\n`);
  if (r.value.skipped.length > SHOWN_PROBLEMS) stream.write(`dataset: … and ${r.value.skipped.length - SHOWN_PROBLEMS} more not loaded\n`);
  return r.value.skipped.length ? 1 : 0;
}
