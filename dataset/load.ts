// JSON lines → DuckDB. The JSONL files are the source of truth; the database follows them
// document by document: a document's rows are replaced by doc_id (the same bytes again) and by
// source (a changed file replaces its older version), so nothing is ever duplicated. Documents
// whose records are byte for byte what was loaded before are left alone, so an incremental
// run rewrites only what changed.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { OUTPUT_FILES } from '../runtime/store.js';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { DocumentRecord, Item } from '../schemas/records.js';
import {
  DOCUMENT_COLUMNS, ITEM_COLUMNS, SPEC_STRUCT, dbPathFor, firstLine, openDataset, parseRows, queryRows, tableCounts,
  type Dataset, type Result,
} from './db.js';
import { CountRow, DigestRow, StageCounts } from '../schemas/rows.js';
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

/** An escaped UTF-16 half without its other half: DuckDB's JSON reader refuses the whole file. */
const LONE_SURROGATE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;

/** A line of the store as written, with its 1-based number in its file. */
interface Line { text: string; n: number; source: string; /** The parsed value, where reading the line needed it. */ value?: unknown }

/**
 * The lines of one doc_id: its document lines (one per path holding those bytes, the path that
 * sorts first first) and the digest of every line its rows come from. Its items are kept only
 * when it changed since it was loaded: the others need no more than their digest.
 */
interface Stored { docs: Line[]; items: Line[]; sha: string; changed: boolean }

interface Scan {
  /** documents.jsonl and items.jsonl, as problems name them. */
  paths: [string, string];
  byId: Map<string, Stored>;
  /** Items whose doc_id has no document line. */
  orphans: Map<string, Line[]>;
  problems: { file: 0 | 1; n: number; text: string }[];
}

/**
 * The store's items are written as JSON.stringify of the contract's objects, doc_id and source
 * first: their key is read off the line's start without parsing it (a line that does not start so
 * is parsed).
 */
const ITEM_KEY = /^\{"doc_id":"([0-9a-f]{16})","source":("(?:[^"\\]|\\.)*")/;

/**
 * How much of a file is read at a time. items.jsonl grows with the store (about 850 MB at 100,000
 * documents): read whole, the load's memory would grow with it. readline costs several times more
 * for the same lines than splitting the chunks here.
 */
export const CHUNK_BYTES = 1 << 20;

/** The non-blank lines of a file with their 1-based numbers, "\r\n" read as "\n", in chunks. */
async function eachLine(path: string, chunkBytes: number, take: (text: string, n: number) => void): Promise<void> {
  let n = 0;
  const emit = (buf: Buffer, start: number, end: number) => {
    n++;
    const line = buf.toString('utf8', start, end > start && buf[end - 1] === 0x0d ? end - 1 : end);
    if (line.trim()) take(line, n);
  };
  // The part of a line a chunk ended inside, as bytes: a character can be cut in two.
  let carry: Buffer | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    let start = 0;
    let end = chunk.indexOf(0x0a);
    if (end >= 0 && carry) {
      const first = Buffer.concat([carry, chunk.subarray(0, end)]);
      carry = null;
      emit(first, 0, first.length);
      start = end + 1;
      end = chunk.indexOf(0x0a, start);
    }
    for (; end >= 0; start = end + 1, end = chunk.indexOf(0x0a, start)) emit(chunk, start, end);
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  if (carry) emit(carry, 0, carry.length);
}

const stringField = (v: unknown, k: string): string | null => {
  const f = (v as Record<string, unknown> | null)?.[k];
  return typeof f === 'string' ? f : null;
};

/** Why a record is off the contract (its first issue), or null. */
function contractProblem(schema: ZodType, value: unknown, text: string): string | null {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return `${parsed.error.issues[0].path.join('.') || 'record'}: ${parsed.error.issues[0].message}`;
  return LONE_SURROGATE.test(text) ? 'text with a lone UTF-16 surrogate' : null;
}

/** The same bytes under two paths are one document: the path that sorts first wins, whatever order the files finished in. */
const byPath = (a: Line, b: Line) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.n - b.n);

/**
 * Group the store's lines by doc_id and tell which documents changed since they were loaded
 * (`before`: doc_id → source and digest), without checking them: only what changed is checked.
 * Items are kept for the documents that changed only, so memory follows what changed, not the
 * store: those of a document never loaded from its path as they are read, and items.jsonl is read
 * a second time only for a document loaded before whose lines now differ.
 */
async function scanStore(outDir: string, before: ReadonlyMap<string, string>, chunkBytes: number): Promise<Result<Scan>> {
  const docsPath = join(outDir, OUTPUT_FILES.documents);
  const itemsPath = join(outDir, OUTPUT_FILES.items);
  const scan: Scan = { paths: [docsPath, itemsPath], byId: new Map(), orphans: new Map(), problems: [] };
  // Pass 2 reads the items again: their problems were told in pass 1.
  let pass = 1;
  const bad = (file: 0 | 1, n: number, why: string, docId: string | null) =>
    scan.problems.push({ file, n, text: `${file ? itemsPath : docsPath}:${n}: ${why} (${docId ? `document ${docId} skipped` : 'skipped'})` });
  const read = async (path: string, take: (text: string, n: number) => void): Promise<Result<void>> => {
    try {
      await eachLine(path, chunkBytes, take);
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, error: `cannot read ${path}: ${firstLine(e)}` };
    }
  };
  const parse = (file: 0 | 1, text: string, n: number): { value: unknown } | null => {
    try {
      return { value: JSON.parse(text) };
    } catch {
      if (file === 0 || pass === 1) scan.problems.push({ file, n, text: `${file ? itemsPath : docsPath}:${n}: not a JSON line (skipped)` });
      return null;
    }
  };
  const docs = await read(docsPath, (text, n) => {
    const p = parse(0, text, n);
    if (!p) return;
    const docId = stringField(p.value, 'doc_id');
    const source = stringField(p.value, 'source');
    if (docId === null || source === null) return void bad(0, n, contractProblem(DocumentRecord, p.value, text) ?? 'record: no doc_id', docId);
    const stored = scan.byId.get(docId) ?? scan.byId.set(docId, { docs: [], items: [], sha: '', changed: false }).get(docId)!;
    // Not its parsed value: that of every document would be kept, and few are checked.
    stored.docs.push({ text, n, source });
  });
  if (!docs.ok) return docs;
  // The digest is over the document lines by path, then the item lines as the file reads.
  const hashes = new Map<string, Hash>();
  for (const [docId, stored] of scan.byId) {
    stored.docs.sort(byPath);
    const h = createHash('sha256');
    for (const d of stored.docs) h.update(d.text).update('\n');
    hashes.set(docId, h);
    // Never loaded from this path (a new file, a fresh dataset): changed whatever its digest,
    // so its items are kept as they are read, and it needs no second reading.
    stored.changed = !before.get(docId)?.startsWith(`${stored.docs[0].source}\n`);
  }
  /** An item line's doc_id and source; null for a line that is not an item (a problem in pass 1). */
  const itemKey = (text: string, n: number): { docId: string; source: string; value?: unknown } | null => {
    const key = ITEM_KEY.exec(text);
    if (key) return { docId: key[1], source: JSON.parse(key[2]) as string };
    const p = parse(1, text, n);
    if (!p) return null;
    const docId = stringField(p.value, 'doc_id');
    const source = stringField(p.value, 'source');
    if (docId === null || source === null) {
      if (pass === 1) bad(1, n, contractProblem(Item, p.value, text) ?? 'record: no doc_id', docId);
      return null;
    }
    return { docId, source, value: p.value };
  };
  const items = await read(itemsPath, (text, n) => {
    const key = itemKey(text, n);
    if (!key) return;
    const h = hashes.get(key.docId);
    if (h) {
      h.update(text).update('\n');
      const stored = scan.byId.get(key.docId)!;
      if (stored.changed) stored.items.push({ text, n, source: key.source, value: key.value });
    } else (scan.orphans.get(key.docId) ?? scan.orphans.set(key.docId, []).get(key.docId)!).push({ text, n, source: key.source, value: key.value });
  });
  if (!items.ok) return items;
  // Loaded from this path before, with other lines (items extracted anew): read again for its items.
  const late = new Set<string>();
  for (const [docId, stored] of scan.byId) {
    stored.sha = hashes.get(docId)!.digest('hex');
    if (stored.changed || before.get(docId) === `${stored.docs[0].source}\n${stored.sha}`) continue;
    stored.changed = true;
    late.add(docId);
  }
  hashes.clear();
  if (!late.size) return { ok: true, value: scan };
  pass = 2;
  const again = await read(itemsPath, (text, n) => {
    const key = itemKey(text, n);
    const stored = key && late.has(key.docId) ? scan.byId.get(key.docId) : undefined;
    if (key && stored) stored.items.push({ text, n, source: key.source, value: key.value });
  });
  if (!again.ok) return again;
  return { ok: true, value: scan };
}

export interface LoadOptions {
  /**
   * Documents (`doc_id + "\n" + source`) whose records this process built, and checked against
   * the contract as it built them (pipeline/document.ts): their items are not parsed again.
   */
  trusted?: ReadonlySet<string>;
  /** How many bytes of the store are read at a time (CHUNK_BYTES): tests make it tiny to cut lines across chunks. */
  chunkBytes?: number;
}

/** A record of a document, checked against the contract; its problem (file, line, reason), or null. */
function lineProblem(file: 0 | 1, line: Line, trusted: boolean): string | null {
  if (trusted && file === 1) return LONE_SURROGATE.test(line.text) ? 'text with a lone UTF-16 surrogate' : null;
  let value = line.value;
  if (value === undefined) {
    try {
      value = JSON.parse(line.text);
    } catch {
      return 'not a JSON line';
    }
  }
  return contractProblem(file ? Item : DocumentRecord, value, line.text);
}

const quote = (name: string) => `"${name}"`;
const readJsonColumns = (columns: [string, string, string?][]) =>
  `{${columns.map(([n, t]) => `'${n}': '${t}'`).join(', ')}}`;

// DuckDB's own JSON reader stages the records: appending them value by value from JS costs
// far more than reading the lines again, and the JSON shape is the table shape.
const READ = (columns: [string, string, string?][]) =>
  `read_json($1, format = 'newline_delimited', maximum_object_size = 268435456, columns = ${readJsonColumns(columns)})`;

interface Change { docId: string; source: string; doc: Line; items: Line[]; sha: string }

/**
 * Bring the dataset to the store's lines: the documents whose lines differ from what their rows
 * were loaded from are checked and replaced (by doc_id and by source) in one transaction; the
 * others are not read past their key.
 */
async function loadScan(ds: Dataset, scan: Scan, opts: LoadOptions): Promise<Result<LoadReport>> {
  const { conn } = ds;
  const problems: { file: 0 | 1 | 2; n: number; text: string }[] = [...scan.problems];
  const duplicates: string[] = [];
  const changed: Change[] = [];
  let unchanged = 0;
  for (const [docId, stored] of scan.byId) {
    // The same bytes under two paths are one document: counting it twice would double an
    // agency's figures. The scan put the path that wins first.
    const winner = stored.docs[0];
    const { sha } = stored;
    if (!stored.changed) {
      unchanged++;
      for (const d of stored.docs.slice(1)) duplicates.push(d.source);
      continue;
    }
    // Changed: every line of the doc_id is checked; one bad record puts the whole document aside.
    let ok = true;
    for (const [file, lines] of [[0, stored.docs], [1, stored.items]] as const) {
      for (const line of lines) {
        const why = lineProblem(file, line, opts.trusted?.has(`${docId}\n${line.source}`) ?? false);
        if (!why) continue;
        ok = false;
        problems.push({ file, n: line.n, text: `${scan.paths[file]}:${line.n}: ${why} (document ${docId} skipped)` });
      }
    }
    if (!ok) continue;
    for (const d of stored.docs.slice(1)) duplicates.push(d.source);
    changed.push({ docId, source: winner.source, doc: winner, items: stored.items.filter((i) => i.source === winner.source), sha });
  }
  for (const [docId, lines] of scan.orphans) {
    let ok = true;
    for (const line of lines) {
      const why = lineProblem(1, line, false);
      if (!why) continue;
      ok = false;
      problems.push({ file: 1, n: line.n, text: `${scan.paths[1]}:${line.n}: ${why} (document ${docId} skipped)` });
    }
    if (ok) problems.push({ file: 2, n: 0, text: `items of document ${docId} have no document record (skipped)` });
  }
  duplicates.sort();
  // As the files read: the documents' lines, then the items', then what has no document.
  problems.sort((a, b) => a.file - b.file || a.n - b.n);
  const skipped = [...new Set(problems.map((p) => p.text))];

  let specs = 0;
  let items = 0;
  let failed = 0;
  if (changed.length) {
    const dir = await mkdtemp(join(tmpdir(), 'tender-load-'));
    try {
      const files = { docs: join(dir, 'documents.jsonl'), items: join(dir, 'items.jsonl'), digests: join(dir, 'digests.jsonl') };
      const stage = async (cs: Change[]) => {
        await writeFile(files.docs, cs.map((c) => `${c.doc.text}\n`).join(''));
        await writeFile(files.items, cs.map((c) => c.items.map((i) => `${i.text}\n`).join('')).join(''));
        await writeFile(files.digests, cs.map((c) => `${JSON.stringify({ doc_id: c.docId, source: c.source, sha256: c.sha })}\n`).join(''));
        return replace(conn, files.docs, files.items, files.digests);
      };
      const r = await stage(changed);
      if (r.ok) ({ items, specs } = r.value);
      else {
        // One document DuckDB cannot take must not keep out the others: load them one by one.
        for (const c of changed) {
          const one = await stage([c]);
          if (!one.ok) {
            failed++;
            skipped.push(`document ${c.docId} (${c.source}) could not be loaded: ${one.error}`);
            continue;
          }
          items += one.value.items;
          specs += one.value.specs;
        }
        if (failed === changed.length) return { ok: false, error: `cannot load records into ${ds.path}: ${r.error}` };
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  return { ok: true, value: { documents: changed.length - failed, items, specs, unchanged, duplicates, total: total.value, skipped } };
}

async function replace(conn: Dataset['conn'], docsFile: string, itemsFile: string, digestsFile: string): Promise<Result<{ items: number; specs: number }>> {
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
    // The tender groups and price estimates no longer follow the rows until they are refreshed.
    [`DELETE FROM dataset_meta WHERE key = '${DERIVED}'`],
    ['COMMIT'],
  ];
  try {
    for (const [sql, file] of steps) await conn.run(sql, file ? [file] : undefined);
    const counted = await queryRows(conn, 'SELECT count(*) AS items, coalesce(sum(len(specs)), 0) AS specs FROM stage_items');
    if (!counted.ok) return counted;
    const n = parseRows(StageCounts, counted.value, 'staged items');
    return n.ok ? { ok: true, value: n.value[0] } : n;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: firstLine(e) };
  } finally {
    for (const t of ['documents', 'items', 'digests', 'replaced']) await conn.run(`DROP TABLE IF EXISTS temp.stage_${t}`).catch(() => undefined);
  }
}

/** What each document's rows were loaded from. */
async function digestRows(conn: Dataset['conn']): Promise<Result<DigestRow[]>> {
  const r = await queryRows(conn, 'SELECT doc_id, source, sha256 FROM dataset_digests');
  return r.ok ? parseRows(DigestRow, r.value, 'dataset_digests') : r;
}

/**
 * Set in dataset_meta once the tender groups and price estimates follow the rows; a load that
 * changes rows removes it in the same transaction, so a run stopped between the two refreshes
 * them next time.
 */
const DERIVED = 'derived_current';

async function derivedCurrent(conn: Dataset['conn']): Promise<boolean> {
  const r = await queryRows(conn, `SELECT count(*) AS n FROM dataset_meta WHERE key = '${DERIVED}'`);
  const n = r.ok ? parseRows(CountRow, r.value, 'dataset_meta') : r;
  return n.ok && n.value[0].n > 0;
}

/** Load an extract run's JSON lines (in `outDir`) into the dataset (default `outDir/tenders.duckdb`). */
export async function loadDataset(outDir: string, dbPath = dbPathFor(outDir), opts: LoadOptions = {}): Promise<Result<LoadReport>> {
  // Before the database is opened: opening it would make an empty one.
  for (const file of [OUTPUT_FILES.documents, OUTPUT_FILES.items]) {
    const path = join(outDir, file);
    if (!existsSync(path)) return { ok: false, error: `${path} not found (run tender extract first)` };
  }
  const ds = await openDataset(dbPath);
  if (!ds.ok) return ds;
  try {
    // What was loaded before is read first: the scan keeps the items of what changed only.
    const rows = await digestRows(ds.value.conn);
    if (!rows.ok) return rows;
    const before = new Map(rows.value.map((r) => [r.doc_id, `${r.source}\n${r.sha256}`]));
    const scan = await scanStore(outDir, before, opts.chunkBytes ?? CHUNK_BYTES);
    if (!scan.ok) return scan;
    const loaded = await loadScan(ds.value, scan.value, opts);
    if (!loaded.ok) return loaded;
    // Nothing changed since they were last refreshed: they would come out the same.
    if (loaded.value.documents === 0 && await derivedCurrent(ds.value.conn)) return loaded;
    const unified = await unifyTenders(ds.value);
    if (!unified.ok) loaded.value.skipped.push(unified.error);
    const estimated = await refreshEstimates(ds.value);
    if (!estimated.ok) loaded.value.skipped.push(estimated.error);
    if (unified.ok && estimated.ok) await ds.value.conn.run(`INSERT OR REPLACE INTO dataset_meta VALUES ('${DERIVED}', 'yes')`);
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
export async function loadAfterExtract(outDir: string, stream: NodeJS.WritableStream = process.stderr, opts: LoadOptions = {}): Promise<0 | 1> {
  const dbPath = dbPathFor(outDir);
  const r = await loadDataset(outDir, dbPath, opts);
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
