// JSON lines → DuckDB. The JSONL files are the source of truth; the database follows them
// document by document: a document's rows are replaced by doc_id (the same bytes again) and by
// source (a changed file replaces its older version), so nothing is ever duplicated. Documents
// whose records are byte for byte what was loaded before are left alone, so an incremental
// run rewrites only what changed.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
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
import { CountRow, DigestRow } from '../schemas/rows.js';
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
const SURROGATE_PROBLEM = 'text with a lone UTF-16 surrogate';
// A line without a "\u" escape has no lone surrogate: most lines are told by the cheaper test.
const hasLoneSurrogate = (text: string) => text.includes('\\u') && LONE_SURROGATE.test(text);

/**
 * The store's records are written as JSON.stringify of the contract's objects, doc_id and source
 * first: their key is read off the line's start without parsing it (a line that does not start so
 * is parsed).
 */
const LINE_KEY = /^\{"doc_id":("[0-9a-f]{16}"),"source":("(?:[^"\\]|\\.)*")/;

/** How much of a line's start its key is looked for in before the whole line is decoded: a doc_id and a path. */
const KEY_HEAD_BYTES = 512;

/** lineKey of a line of the store, read off its start where it can be. */
function keyOfLine(line: Line): ReturnType<typeof lineKey> {
  const key = LINE_KEY.exec(line.head(KEY_HEAD_BYTES));
  if (key) return { docId: JSON.parse(key[1]) as string, source: JSON.parse(key[2]) as string };
  return lineKey(line.text);
}

/** A record's doc_id and source, and its parsed value where telling them took parsing it; null for a line that is not a record. */
function lineKey(text: string): { docId: string; source: string; value?: unknown } | { docId: null; value?: unknown } | null {
  const key = LINE_KEY.exec(text);
  // Parsed, not sliced: a slice of the line kept as a key would keep the whole line in memory.
  if (key) return { docId: JSON.parse(key[1]) as string, source: JSON.parse(key[2]) as string };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const docId = stringField(value, 'doc_id');
  const source = stringField(value, 'source');
  return docId === null || source === null ? { docId: null, value } : { docId, source, value };
}

/**
 * How much of a file is read at a time. items.jsonl grows with the store (about 850 MB at 100,000
 * documents): read whole, the load's memory would grow with it. readline costs several times more
 * for the same lines than splitting the chunks here.
 */
export const CHUNK_BYTES = 1 << 20;

/** How much copied text is held before it is written out: the copies never sit in memory whole. */
const COPY_BUFFER_BYTES = 1 << 20;

/**
 * DuckDB's settings for a load. Its default memory limit is 80% of the machine, and an insert into
 * tables with primary keys holds what it can of them: bounded, the rest goes to its temporary
 * files, so the load's memory does not grow with the dataset. Two threads: the load runs once the
 * workers have stopped, on the cores they had.
 */
export const LOAD_MEMORY_LIMIT = '256MB';
export const LOAD_THREADS = 2;
/**
 * DuckDB keeps memory it freed for its next allocation until this much is held: a load frees large
 * buffers (the JSON reader's, the inserts'), and held they stay in the process's resident size.
 */
export const LOAD_ALLOCATOR_FLUSH = '16MB';
/**
 * The longest line the load reads. DuckDB's reader takes buffers of twice this from the memory
 * limit, so it must stay well under it; a line longer (no tender's record comes near) fails its
 * document alone, with DuckDB's message.
 */
export const MAX_LINE_BYTES = 16 << 20;
/**
 * Loads of at least this many items checkpoint beside the tender groups and the estimates; smaller
 * ones leave it all to the close. One file's load checkpointed in 32 ms, then its estimates in
 * 15 ms at the close; 1,000 files' in 100–150 ms, once after the estimates' reads (and waited
 * for), now beside them.
 */
export const CHECKPOINT_ASIDE_ITEMS = 2000;

/**
 * A line of the store as it is read: its bytes, and its text only when asked. Most lines are only
 * digested and have their key read off their start: decoding each whole (and the digest encoding
 * it back) was a fifth of the scan. Valid only in the call it is given to.
 */
class Line {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private decoded: string | null = null;
  set(buf: Buffer, start: number, end: number): this {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.decoded = null;
    return this;
  }
  get text(): string {
    return (this.decoded ??= this.buf.toString('utf8', this.start, this.end));
  }
  /** The bytes (a view of the chunk: digest them, never keep them). */
  get bytes(): Buffer {
    return this.buf.subarray(this.start, this.end);
  }
  /** The text of the first `max` bytes at most (a character cut at the end reads as U+FFFD). */
  head(max: number): string {
    return this.end - this.start <= max ? this.text : this.buf.toString('utf8', this.start, this.start + max);
  }
  /**
   * Blank as JSON sees it: spaces and tabs only. A line of other white space (U+3000, a
   * no-break space) is no JSON line to DuckDB's reader either, and is told as one.
   */
  get blank(): boolean {
    for (let i = this.start; i < this.end; i++) if (this.buf[i] !== 0x20 && this.buf[i] !== 0x09 && this.buf[i] !== 0x0d) return false;
    return true;
  }
  get surrogate(): boolean {
    return this.bytes.includes('\\u') && hasLoneSurrogate(this.text);
  }
}

/** The non-blank lines of a file with their 1-based numbers, "\r\n" read as "\n", in chunks. */
async function eachLine(path: string, chunkBytes: number, take: (line: Line, n: number) => void): Promise<void> {
  let n = 0;
  const line = new Line();
  const emit = (buf: Buffer, start: number, end: number) => {
    n++;
    line.set(buf, start, end > start && buf[end - 1] === 0x0d ? end - 1 : end);
    if (!line.blank) take(line, n);
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

/** Lines appended to a file, written out in bounded pieces as they come. */
class LineFile {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  add(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= COPY_BUFFER_BYTES) this.flush();
  }
  private flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const stringField = (v: unknown, k: string): string | null => {
  const f = (v as Record<string, unknown> | null)?.[k];
  return typeof f === 'string' ? f : null;
};

/** Why a record is off the contract (its first issue), or null. */
function contractProblem(schema: ZodType, value: unknown, text: string): string | null {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return `${parsed.error.issues[0].path.join('.') || 'record'}: ${parsed.error.issues[0].message}`;
  return hasLoneSurrogate(text) ? SURROGATE_PROBLEM : null;
}

/** A document line's place in documents.jsonl. */
interface DocLine { source: string; n: number }

/**
 * What the scan keeps of one doc_id: where its lines are and their digest, never their text, so
 * that the load's memory follows the number of documents, not the size of the store.
 */
interface Doc {
  /** Its document lines (one per path holding those bytes), the path that sorts first first. */
  lines: DocLine[];
  /** Never loaded from the path that wins, or loaded from other lines than these: to be loaded. */
  changed: boolean;
  /** A line of it is off the contract: the whole document is left out. */
  bad: boolean;
  /** Digest of its item lines as items.jsonl reads them; '' before their run ends. */
  itemsSha: string;
  /** Its items come in more than one run of items.jsonl: their digest takes a pass of its own. */
  scattered: boolean;
  /** Item lines under the winning path: the rows its load inserts. */
  items: number;
  /** Digest of every line its rows come from: its document lines by path, then its items. */
  sha: string;
}

interface Problem { file: 0 | 1 | 2; n: number; text: string }

interface Scan {
  /** documents.jsonl and items.jsonl, as problems name them. */
  paths: [string, string];
  docs: Map<string, Doc>;
  /** doc_ids of items that have no document line and are on the contract, as they first come. */
  orphans: string[];
  problems: Problem[];
  /** The files the changed documents' lines are read from: the store's own, or copies of their lines. */
  files: [string, string];
}

/** The same bytes under two paths are one document: the path that sorts first wins, whatever order the files finished in. */
const byPath = (a: DocLine, b: DocLine) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.n - b.n);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const EMPTY_SHA = sha256('');
/** A document's digest from those of its document lines and of its item lines. */
const digestOf = (docsSha: string, itemsSha: string) => sha256(`${docsSha}\n${itemsSha}`);

/**
 * Read the store's lines, keeping of each doc_id where its lines are and their digest, and tell
 * which documents changed since they were loaded (`before`: doc_id → source and digest). Only what
 * changed is checked against the contract. When every document is new (a fresh output folder, the
 * common case) the load reads the store's own files; otherwise the changed documents' lines are
 * copied as they are read, so an incremental run reads back only what it loads.
 */
async function scanStore(outDir: string, before: ReadonlyMap<string, string>, opts: LoadOptions, tmp: string): Promise<Result<Scan>> {
  const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
  const paths: [string, string] = [join(outDir, OUTPUT_FILES.documents), join(outDir, OUTPUT_FILES.items)];
  const problems: Problem[] = [];
  const docs = new Map<string, Doc>();
  const orphans = new Map<string, boolean>();
  const trusted = (docId: string, source: string) => opts.trusted?.has(`${docId}\n${source}`) ?? false;
  const read = async (file: 0 | 1, take: (line: Line, n: number) => void): Promise<Result<void>> => {
    try {
      await eachLine(paths[file], chunkBytes, take);
      return { ok: true, value: undefined };
    } catch (e) {
      return { ok: false, error: `cannot read ${paths[file]}: ${firstLine(e)}` };
    }
  };
  const tell = (file: 0 | 1, n: number, why: string, docId: string | null) =>
    void problems.push({ file, n, text: `${paths[file]}:${n}: ${why} (${docId ? `document ${docId} skipped` : 'skipped'})` });
  /** A line's doc_id and source (its parsed value where that took parsing); null for a line that is not a record, told once. */
  const keyOf = (file: 0 | 1, line: Line, n: number, first: boolean): { docId: string; source: string; value?: unknown } | null => {
    const key = keyOfLine(line);
    if (key?.docId != null) return key;
    if (!first) return null;
    if (!key) problems.push({ file, n, text: `${paths[file]}:${n}: not a JSON line (skipped)` });
    else tell(file, n, contractProblem(file ? Item : DocumentRecord, key.value, line.text) ?? 'record: no doc_id', stringField(key.value, 'doc_id'));
    return null;
  };
  /** Check a line of a document being loaded; a line off the contract puts the whole document aside. */
  const check = (file: 0 | 1, line: Line | string, n: number, docId: string, source: string, value: unknown, doc: Doc | undefined): boolean => {
    let why: string | null;
    // Built and checked against the contract by this process as it wrote them (pipeline/document.ts).
    if (doc && trusted(docId, source)) why = (typeof line === 'string' ? hasLoneSurrogate(line) : line.surrogate) ? SURROGATE_PROBLEM : null;
    else {
      const text = typeof line === 'string' ? line : line.text;
      if (value === undefined) {
        try {
          value = JSON.parse(text);
        } catch {
          value = undefined;
        }
      }
      why = value === undefined ? 'not a JSON line' : contractProblem(file ? Item : DocumentRecord, value, text);
    }
    if (!why) return true;
    tell(file, n, why, docId);
    if (doc) doc.bad = true;
    return false;
  };

  // 1. Where each doc_id's document lines are.
  const keys = await read(0, (line, n) => {
    const key = keyOf(0, line, n, true);
    if (!key) return;
    const doc = docs.get(key.docId);
    if (doc) doc.lines.push({ source: key.source, n });
    else docs.set(key.docId, { lines: [{ source: key.source, n }], changed: false, bad: false, itemsSha: '', scattered: false, items: 0, sha: '' });
  });
  if (!keys.ok) return keys;
  let direct = problems.length === 0;
  for (const doc of docs.values()) {
    if (doc.lines.length > 1) {
      doc.lines.sort(byPath);
      // The same path twice: the load must tell the lines apart, which reading the store's file cannot.
      if (doc.lines[0].source === doc.lines[1].source) direct = false;
    }
  }
  // Never loaded from the path that wins (a new file, a fresh dataset): changed whatever its digest.
  for (const [docId, doc] of docs) {
    doc.changed = !before.get(docId)?.startsWith(`${doc.lines[0].source}\n`);
    if (!doc.changed) direct = false;
  }
  const copies: [LineFile, LineFile] | null = direct ? null : [new LineFile(join(tmp, 'documents.jsonl')), new LineFile(join(tmp, 'items.jsonl'))];
  try {
    // 2. The items: their digest by runs of one doc_id, the winner's count, the changed ones checked.
    let run: { docId: string; doc: Doc; hash: Hash } | null = null;
    const endRun = () => {
      if (run && !run.doc.scattered) run.doc.itemsSha = run.hash.digest('hex');
      run = null;
    };
    const items = await read(1, (line, n) => {
      const key = keyOf(1, line, n, true);
      if (!key) return;
      const doc = docs.get(key.docId);
      if (!doc) {
        const ok = check(1, line, n, key.docId, key.source, key.value, undefined) && orphans.get(key.docId) !== false;
        orphans.set(key.docId, ok);
        return;
      }
      if (run?.docId !== key.docId) {
        endRun();
        if (doc.itemsSha) doc.scattered = true;
        run = { docId: key.docId, doc, hash: createHash('sha256') };
      }
      run.hash.update(line.bytes).update('\n');
      const winner = key.source === doc.lines[0].source;
      if (winner) doc.items++;
      if (!doc.changed) return;
      check(1, line, n, key.docId, key.source, key.value, doc);
      if (winner) copies?.[1].add(line.text);
    });
    endRun();
    if (!items.ok) return items;
    // Items of one document in two places (a store written by hand): digested on their own.
    const scattered = new Map<string, Hash>();
    for (const [docId, doc] of docs) if (doc.scattered) scattered.set(docId, createHash('sha256'));
    if (scattered.size) {
      const again = await read(1, (line, n) => {
        const key = keyOf(1, line, n, false);
        if (key) scattered.get(key.docId)?.update(line.bytes).update('\n');
      });
      if (!again.ok) return again;
      for (const [docId, hash] of scattered) docs.get(docId)!.itemsSha = hash.digest('hex');
    }

    // 3. The document lines: their digest, which tells the documents loaded before from other
    // lines, and those being loaded checked. A doc_id with lines under several paths (rare) is
    // digested once all are read, in path order.
    const late = new Set<string>();
    const several = new Map<string, { line: DocLine; text: string; value?: unknown }[]>();
    const settle = (docId: string, doc: Doc, docsSha: string) => {
      doc.sha = digestOf(docsSha, doc.itemsSha || EMPTY_SHA);
      doc.itemsSha = '';
      if (doc.changed || before.get(docId) === `${doc.lines[0].source}\n${doc.sha}`) return;
      doc.changed = true;
      late.add(docId);
    };
    const docLines = await read(0, (line, n) => {
      const key = keyOf(0, line, n, false);
      const doc = key && docs.get(key.docId);
      if (!key || !doc) return;
      if (doc.lines.length > 1) {
        (several.get(key.docId) ?? several.set(key.docId, []).get(key.docId)!).push({ line: { source: key.source, n }, text: line.text, value: key.value });
        return;
      }
      settle(key.docId, doc, createHash('sha256').update(line.bytes).update('\n').digest('hex'));
      if (!doc.changed) return;
      check(0, line, n, key.docId, key.source, key.value, doc);
      copies?.[0].add(line.text);
    });
    if (!docLines.ok) return docLines;
    for (const [docId, lines] of several) {
      const doc = docs.get(docId)!;
      lines.sort((a, b) => byPath(a.line, b.line));
      const h = createHash('sha256');
      for (const l of lines) h.update(l.text).update('\n');
      settle(docId, doc, h.digest('hex'));
      if (!doc.changed) continue;
      for (const l of lines) check(0, l.text, l.line.n, docId, l.line.source, l.value, doc);
      copies?.[0].add(lines[0].text);
    }
    several.clear();

    // 4. Loaded from this path before, with other lines (items extracted anew): their items read again.
    if (late.size) {
      const again = await read(1, (line, n) => {
        const key = keyOf(1, line, n, false);
        const doc = key && late.has(key.docId) ? docs.get(key.docId) : undefined;
        if (!key || !doc) return;
        check(1, line, n, key.docId, key.source, key.value, doc);
        if (key.source === doc.lines[0].source) copies![1].add(line.text);
      });
      if (!again.ok) return again;
    }
  } finally {
    copies?.forEach((c) => c.close());
  }
  const files: [string, string] = copies ? [copies[0].path, copies[1].path] : paths;
  return { ok: true, value: { paths, docs, orphans: [...orphans].filter(([, ok]) => ok).map(([id]) => id), problems, files } };
}

export interface LoadOptions {
  /**
   * Documents (`doc_id + "\n" + source`) whose records this process built, and checked against
   * the contract as it built them (pipeline/document.ts): their lines are not parsed again.
   */
  trusted?: ReadonlySet<string>;
  /** How many bytes of the store are read at a time (CHUNK_BYTES): tests make it tiny to cut lines across chunks. */
  chunkBytes?: number;
}

const quote = (name: string) => `"${name}"`;
const readJsonColumns = (columns: [string, string, string?][]) =>
  `{${columns.map(([n, t]) => `'${n}': '${t}'`).join(', ')}}`;

// DuckDB's own JSON reader reads the records: appending them value by value from JS costs
// far more than reading the lines, and the JSON shape is the table shape.
const READ = (columns: [string, string, string?][]) =>
  `read_json($1, format = 'newline_delimited', maximum_object_size = ${MAX_LINE_BYTES}, columns = ${readJsonColumns(columns)})`;

/** A document to load, in the order the load numbers them. */
interface Kept { docId: string; source: string; doc: Doc }

/**
 * The lines of the documents numbered `lo` to `hi` only, copied from `files` into `dir`: a file
 * DuckDB reads must hold nothing it cannot take, since it reads every line of it.
 */
async function narrow(files: [string, string], dir: string, kept: Map<string, number>, lo: number, hi: number, sources: Kept[], chunkBytes: number): Promise<[string, string]> {
  const out: [LineFile, LineFile] = [new LineFile(join(dir, 'documents.jsonl')), new LineFile(join(dir, 'items.jsonl'))];
  try {
    for (const file of [0, 1] as const) {
      await eachLine(files[file], chunkBytes, (line) => {
        const key = keyOfLine(line);
        const at = key?.docId != null ? kept.get(key.docId) : undefined;
        if (at !== undefined && at >= lo && at <= hi && key!.docId !== null && key!.source === sources[at].source) out[file].add(line.text);
      });
    }
  } finally {
    out.forEach((f) => f.close());
  }
  return [out[0].path, out[1].path];
}

/**
 * Bring the dataset to the store's lines: the documents whose lines differ from what their rows
 * were loaded from are replaced (by doc_id and by source) in one transaction; the others are not
 * read past their key.
 */
async function loadScan(ds: Dataset, scan: Scan, tmp: string, opts: LoadOptions): Promise<Result<LoadReport>> {
  const { conn } = ds;
  const problems = [...scan.problems];
  const duplicates: string[] = [];
  const kept: Kept[] = [];
  let unchanged = 0;
  for (const [docId, doc] of scan.docs) {
    if (!doc.changed) unchanged++;
    else if (doc.bad) continue;
    else kept.push({ docId, source: doc.lines[0].source, doc });
    // The same bytes under two paths are one document: counting it twice would double an
    // agency's figures. The scan put the path that wins first.
    for (const d of doc.lines.slice(1)) duplicates.push(d.source);
  }
  for (const docId of scan.orphans) problems.push({ file: 2, n: 0, text: `items of document ${docId} have no document record (skipped)` });
  duplicates.sort();
  // As the files read: the documents' lines, then the items', then what has no document.
  problems.sort((a, b) => a.file - b.file || a.n - b.n);
  const skipped = [...new Set(problems.map((p) => p.text))];

  let specs = 0;
  let items = 0;
  let failed = 0;
  let firstError = '';
  if (kept.length) {
    const order = new Map(kept.map((k, i) => [k.docId, i]));
    const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
    // A line the scan put aside may be one DuckDB cannot read: the files then hold the loaded documents' lines only.
    let files = scan.files;
    if (scan.problems.length) files = await narrow(files, await mkdtemp(join(tmp, 'kept-')), order, 0, kept.length - 1, kept, chunkBytes);
    const keepFile = new LineFile(join(tmp, 'keep.jsonl'));
    try {
      kept.forEach((k, ord) => keepFile.add(JSON.stringify({ doc_id: k.docId, source: k.source, sha256: k.doc.sha, ord })));
    } finally {
      keepFile.close();
    }
    try {
      await conn.run(`CREATE OR REPLACE TEMP TABLE stage_keep_all AS SELECT * FROM read_json($1, format = 'newline_delimited',
        columns = {'doc_id': 'VARCHAR', 'source': 'VARCHAR', 'sha256': 'VARCHAR', 'ord': 'INTEGER'})`, [keepFile.path]);
    } catch (e) {
      return { ok: false, error: `cannot load records into ${ds.path}: ${firstLine(e)}` };
    }
    // One document DuckDB cannot take must not keep out the others: halves are loaded apart, each
    // from files of its own lines, down to the documents that fail alone.
    const attempt = async (at: [string, string], lo: number, hi: number): Promise<void> => {
      let expected = 0;
      for (let i = lo; i <= hi; i++) expected += kept[i].doc.items;
      const r = await replace(conn, at, lo, hi, expected);
      if (r.ok) {
        items += r.value.items;
        specs += r.value.specs;
        return;
      }
      firstError ||= r.error;
      if (lo === hi) {
        failed++;
        skipped.push(`document ${kept[lo].docId} (${kept[lo].source}) could not be loaded: ${r.error}`);
        return;
      }
      const mid = (lo + hi) >> 1;
      for (const [a, b] of [[lo, mid], [mid + 1, hi]]) {
        const dir = await mkdtemp(join(tmp, 'part-'));
        try {
          await attempt(await narrow(at, dir, order, a, b, kept, chunkBytes), a, b);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    };
    try {
      await attempt(files, 0, kept.length - 1);
    } catch (e) {
      return { ok: false, error: `cannot load records into ${ds.path}: ${firstLine(e)}` };
    } finally {
      await conn.run('DROP TABLE IF EXISTS temp.stage_keep_all').catch(() => undefined);
    }
    if (failed === kept.length) return { ok: false, error: `cannot load records into ${ds.path}: ${firstError}` };
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  return { ok: true, value: { documents: kept.length - failed, items, specs, unchanged, duplicates, total: total.value, skipped } };
}

/** Replace the documents numbered `lo` to `hi` (stage_keep_all) with their lines in `files`, in one transaction. */
async function replace(conn: Dataset['conn'], [docsFile, itemsFile]: [string, string], lo: number, hi: number, expectedItems: number): Promise<Result<{ items: number; specs: number }>> {
  const kept = (t: string) => `SEMI JOIN stage_keep k ON ${t}.doc_id = k.doc_id AND ${t}.source = k.source`;
  const counts: number[] = [];
  const steps: [sql: string, file?: string, expected?: number][] = [
    [`CREATE OR REPLACE TEMP TABLE stage_keep AS SELECT doc_id, source, sha256 FROM stage_keep_all WHERE ord BETWEEN ${lo} AND ${hi}`],
    ['BEGIN TRANSACTION'],
    // The older version of a changed file has another doc_id: it goes by its source.
    [`CREATE OR REPLACE TEMP TABLE stage_replaced AS
      SELECT doc_id FROM stage_keep
      UNION SELECT doc_id FROM documents WHERE source IN (SELECT source FROM stage_keep)`],
    ...['specs', 'items', 'documents', 'dataset_digests'].map((t): [string] => [`DELETE FROM ${t} WHERE doc_id IN (SELECT doc_id FROM stage_replaced)`]),
    // Of a document under two paths, the files hold the other path's lines too: the source tells them apart.
    [`INSERT INTO documents SELECT d.* FROM ${READ(DOCUMENT_COLUMNS)} d ${kept('d')}`, docsFile, hi - lo + 1],
    [ITEM_INSERT(kept('i')), itemsFile, expectedItems],
    [SPEC_INSERT(kept('i')), itemsFile],
    ['INSERT INTO dataset_digests SELECT doc_id, source, sha256 FROM stage_keep'],
    // The tender groups and price estimates no longer follow the rows until they are refreshed.
    [`DELETE FROM dataset_meta WHERE key = '${DERIVED}'`],
  ];
  try {
    for (const [sql, file, expected] of steps) {
      const n = (await conn.run(sql, file ? [file] : undefined)).rowsChanged;
      if (expected !== undefined && n !== expected) throw new Error(`${n} rows read of ${file} where the store holds ${expected}`);
      if (file) counts.push(n);
    }
    await conn.run('COMMIT');
    return { ok: true, value: { items: counts[1], specs: counts[2] } };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: firstLine(e) };
  } finally {
    for (const t of ['keep', 'replaced']) await conn.run(`DROP TABLE IF EXISTS temp.stage_${t}`).catch(() => undefined);
  }
}

const ITEM_INSERT = (from: string) => `INSERT INTO items SELECT ${ITEM_COLUMNS.map(([n]) => `i.${quote(n)}`).join(', ')} FROM ${READ(ITEM_COLUMNS)} i ${from}`;
// The items read a second time for their specs only: one pass into a staging table would hold them all.
const SPEC_INSERT = (from: string) => `INSERT INTO specs SELECT doc_id, "table", "row", position, key, op, value, min, max, unit, qualifier, raw FROM (
  SELECT i.doc_id, i."table", i."row", unnest(generate_series(1, len(i.specs))) AS position, unnest(i.specs, recursive := true)
  FROM ${READ([['doc_id', 'VARCHAR'], ['source', 'VARCHAR'], ['table', 'INTEGER'], ['row', 'INTEGER'], ['specs', `${SPEC_STRUCT}[]`]])} i ${from})`;

/**
 * A fresh dataset's rows, inserted straight from the store's files while the scan reads them (DuckDB
 * works on its own threads), in a transaction that finishFresh commits when the scan finds the
 * store as a load would take it whole, and rolls back otherwise. Most loads are of this kind.
 */
async function insertFresh(conn: Dataset['conn'], [docsFile, itemsFile]: [string, string]): Promise<Result<Counts>> {
  // Of a document under two paths the primary key refuses the second, and the load goes the usual way.
  const mine = 'SEMI JOIN documents d ON i.doc_id = d.doc_id AND i.source = d.source';
  try {
    await conn.run('BEGIN TRANSACTION');
    const documents = (await conn.run(`INSERT INTO documents SELECT * FROM ${READ(DOCUMENT_COLUMNS)}`, [docsFile])).rowsChanged;
    const items = (await conn.run(ITEM_INSERT(mine), [itemsFile])).rowsChanged;
    const specs = (await conn.run(SPEC_INSERT(mine), [itemsFile])).rowsChanged;
    return { ok: true, value: { documents, items, specs } };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: firstLine(e) };
  }
}

/** Commit insertFresh's rows when the scan would have loaded exactly them; null (rolled back) when not. */
async function finishFresh(conn: Dataset['conn'], scan: Scan, inserted: Result<Counts>, tmp: string): Promise<Result<LoadReport> | null> {
  if (!inserted.ok) return null;
  let items = 0;
  let whole = !scan.problems.length && !scan.orphans.length && inserted.value.documents === scan.docs.size;
  for (const doc of scan.docs.values()) {
    whole &&= doc.lines.length === 1 && doc.changed && !doc.bad;
    items += doc.items;
  }
  if (!whole || inserted.value.items !== items) {
    await conn.run('ROLLBACK').catch(() => undefined);
    return null;
  }
  const digests = new LineFile(join(tmp, 'digests.jsonl'));
  try {
    for (const [docId, doc] of scan.docs) digests.add(JSON.stringify({ doc_id: docId, source: doc.lines[0].source, sha256: doc.sha }));
  } finally {
    digests.close();
  }
  try {
    await conn.run(`INSERT INTO dataset_digests SELECT * FROM read_json($1, format = 'newline_delimited',
      columns = {'doc_id': 'VARCHAR', 'source': 'VARCHAR', 'sha256': 'VARCHAR'})`, [digests.path]);
    await conn.run(`DELETE FROM dataset_meta WHERE key = '${DERIVED}'`);
    await conn.run('COMMIT');
  } catch {
    await conn.run('ROLLBACK').catch(() => undefined);
    return null;
  }
  const total = await tableCounts(conn);
  if (!total.ok) return total;
  return { ok: true, value: { ...inserted.value, unchanged: 0, duplicates: [], total: total.value, skipped: [] } };
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
  const tmp = await mkdtemp(join(tmpdir(), 'tender-load-'));
  let ds: Dataset | null = null;
  try {
    // A dataset not made yet holds nothing: the store is read while DuckDB makes it, on its own thread.
    const fresh = !existsSync(dbPath);
    const opening = openDataset(dbPath, { settings: { memory_limit: LOAD_MEMORY_LIMIT, threads: String(LOAD_THREADS), allocator_flush_threshold: LOAD_ALLOCATOR_FLUSH } });
    let scanned = fresh ? scanStore(outDir, new Map(), opts, tmp) : null;
    const opened = await opening;
    if (!opened.ok) {
      await scanned?.catch(() => undefined);
      return opened;
    }
    const { conn } = (ds = opened.value);
    const fast = fresh ? insertFresh(conn, [join(outDir, OUTPUT_FILES.documents), join(outDir, OUTPUT_FILES.items)]) : null;
    if (!scanned) {
      // What was loaded before is read first: the scan copies the lines of what changed only.
      const rows = await digestRows(conn);
      if (!rows.ok) return rows;
      scanned = scanStore(outDir, new Map(rows.value.map((r) => [r.doc_id, `${r.source}\n${r.sha256}`])), opts, tmp);
    }
    // The scan is not held past the load: the tender groups and estimates need the memory.
    const loaded = await scanned.then(async (scan) => {
      const inserted = await fast;
      if (!scan.ok) {
        if (inserted?.ok) await conn.run('ROLLBACK').catch(() => undefined);
        return scan;
      }
      return (inserted && await finishFresh(conn, scan.value, inserted, tmp)) ?? loadScan(opened.value, scan.value, tmp, opts);
    });
    if (!loaded.ok) return loaded;
    // Nothing changed since they were last refreshed: they would come out the same.
    if (loaded.value.documents === 0 && await derivedCurrent(conn)) return loaded;
    // The rows loaded go from the log into the data file on a connection of their own, on DuckDB's
    // threads, while this one reads the rows back for the tender groups and the estimates and fits
    // them: closing would do it after, with nothing else to do. Reads go on beside a checkpoint; a
    // write (a tender group's update, the estimates) waits for it. A checkpoint that fails here is
    // left to the close. A few rows take longer to checkpoint twice (now, and the estimates at the
    // close) than once.
    const checkpoint = loaded.value.items >= CHECKPOINT_ASIDE_ITEMS
      ? ds.connect().then((aside) => aside.run('CHECKPOINT')).catch(() => undefined) : undefined;
    try {
      const unified = await unifyTenders(ds);
      if (!unified.ok) loaded.value.skipped.push(unified.error);
      const current = `INSERT OR REPLACE INTO dataset_meta VALUES ('${DERIVED}', 'yes')`;
      const estimated = await refreshEstimates(ds, unified.ok ? current : undefined);
      if (!estimated.ok) loaded.value.skipped.push(estimated.error);
    } finally {
      await checkpoint;
    }
    return loaded;
  } finally {
    ds?.close();
    await rm(tmp, { recursive: true, force: true });
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
