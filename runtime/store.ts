// The output folder as a dataset that runs add to: documents.jsonl, items.jsonl, tables.jsonl.
//
// Each document's records are appended as it finishes (items, then tables, then the document
// line), and after each document a small state file records the committed size of every
// file. A run that is killed mid-way leaves at most one document half-written; the next run
// truncates the files back to the committed sizes, so the output is always consistent.
// A file read again (changed, or --force) gets new records; the old ones are dropped by a
// compaction at the end of the run, written to temporary files and renamed into place.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readFile, rename, rm, stat, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Records } from '../pipeline/document.js';
import { lockFolder } from './lock.js';
import { DocumentRecord, Item, TableRecord, type ErrorKind } from '../schemas/records.js';
import { KnownDocumentLine, StoreState } from '../schemas/rows.js';

export const OUTPUT_FILES = { documents: 'documents.jsonl', items: 'items.jsonl', tables: 'tables.jsonl' } as const;
type Kind = keyof typeof OUTPUT_FILES;
const KINDS: Kind[] = ['items', 'tables', 'documents'];
const STATE_FILE = '.tender-state.json';
export const QUARANTINE_FILE = 'quarantine.jsonl';

/** An escaped UTF-16 half without its other half, which the dataset's JSON reader refuses. */
const LONE_SURROGATE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;
const SCHEMAS = { documents: DocumentRecord, items: Item, tables: TableRecord } as const;

/** Why a stored line cannot be loaded, or null. */
function recordProblem(kind: Kind, line: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not a JSON line';
  }
  const parsed = SCHEMAS[kind].safeParse(v);
  if (!parsed.success) return `${parsed.error.issues[0].path.join('.') || 'record'}: ${parsed.error.issues[0].message}`;
  return LONE_SURROGATE.test(line) ? 'text with a lone UTF-16 surrogate' : null;
}

type State = StoreState;

export interface KnownDocument { doc_id: string; status: string; /** Absent in records written before kinds existed. */ error_kind?: ErrorKind | null }

/**
 * Failures that say nothing about the file's bytes (it could not be read from storage, the
 * parser crashed, the run was interrupted), so the file is worth another try. A file that timed
 * out or ran out of memory will do so again: it waits for --retry-failed. A record written before
 * kinds existed has none, and is tried again once.
 */
const TRANSIENT = new Set<ErrorKind | null | undefined>(['unreadable', 'internal', undefined]);

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** Size of the file up to and including its last newline: a torn last line is not committed. */
export async function completeSize(path: string): Promise<number> {
  const size = await sizeOf(path);
  if (!size) return 0;
  const fh = await open(path, 'r');
  try {
    const chunk = 1 << 16;
    for (let end = size; end > 0; end -= chunk) {
      const start = Math.max(0, end - chunk);
      const buf = Buffer.alloc(end - start);
      await fh.read(buf, 0, buf.length, start);
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) return start + nl + 1;
    }
    return 0;
  } finally {
    await fh.close();
  }
}

async function* lines(path: string): AsyncGenerator<string> {
  if ((await sizeOf(path)) === null) return;
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}

function keyOf(line: string): { source: string; doc_id: string; at: number } | null {
  try {
    const r = JSON.parse(line) as { source?: unknown; doc_id?: unknown; table?: unknown; row?: unknown };
    if (typeof r.source !== 'string' || typeof r.doc_id !== 'string') return null;
    // Where the record stands within its document: rises through one document's batch.
    const at = (typeof r.table === 'number' ? r.table : 0) * 1e6 + (typeof r.row === 'number' ? r.row : 0);
    return { source: r.source, doc_id: r.doc_id, at };
  } catch {
    return null;
  }
}

/** Does this record start a new batch after the previous record (another document, or the
 * same document written again, where positions start over)? */
function startsBatch(k: { source: string; doc_id: string; at: number }, prev: { source: string; doc_id: string; at: number } | null): boolean {
  return !prev || prev.source !== k.source || prev.doc_id !== k.doc_id || k.at <= prev.at;
}

export class OutputStore {
  private state: State = { sizes: { documents: 0, items: 0, tables: 0 }, clean: true };
  private index = new Map<string, KnownDocument>();
  private superseded = false;
  private queue: Promise<void> = Promise.resolve();
  private handles = new Map<Kind, FileHandle>();
  /**
   * The documents (`doc_id + "\n" + source`) this store appended: records built in this process,
   * checked against the contract as they were built, which the dataset load need not check again.
   */
  readonly written = new Set<string>();

  private constructor(readonly dir: string) {}

  private release: (() => Promise<void>) | null = null;

  /** Open the folder for writing, as its only writer; another run holding it is an error value. */
  static async open(dir: string): Promise<{ ok: true; store: OutputStore } | { ok: false; error: string }> {
    await mkdir(dir, { recursive: true });
    const lock = await lockFolder(dir);
    if (!lock.ok) return lock;
    const store = new OutputStore(dir);
    store.release = lock.release;
    try {
      await store.prepare();
    } catch (e) {
      await lock.release();
      throw e;
    }
    return { ok: true, store };
  }

  private async prepare(): Promise<void> {
    const store = this;
    await store.recover();
    // Every output file exists after a run, empty or not, so readers need no special case.
    for (const kind of KINDS) await (await open(store.path(kind), 'a')).close();
    store.state.clean = false;
    await store.saveState();
  }

  private path(kind: Kind): string {
    return join(this.dir, OUTPUT_FILES[kind]);
  }

  private savedAt = 0;

  private async saveState(): Promise<void> {
    this.savedAt = Date.now();
    const tmp = join(this.dir, `${STATE_FILE}.${process.pid}.tmp`);
    try {
      await writeFile(tmp, JSON.stringify(this.state));
      await rename(tmp, join(this.dir, STATE_FILE));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** Bring the files back to what was committed, and compact when the last run did not finish. */
  private async recover(): Promise<void> {
    // A state file that is missing, torn or not the shape this version writes is no state: the
    // files' complete lines are trusted and compacted, which loses nothing committed.
    let saved: State | null = null;
    try {
      const parsed = StoreState.safeParse(JSON.parse(await readFile(join(this.dir, STATE_FILE), 'utf8')));
      saved = parsed.success ? parsed.data : null;
    } catch {
      saved = null;
    }
    let needsCompaction = !saved?.clean;
    for (const kind of KINDS) {
      const actual = await sizeOf(this.path(kind));
      const committed = saved ? saved.sizes[kind] : await completeSize(this.path(kind));
      if (actual === null) {
        if (committed > 0) needsCompaction = true;
        this.state.sizes[kind] = 0;
        continue;
      }
      if (actual > committed) await truncate(this.path(kind), committed);
      // A file shorter than its state was changed by hand: trust its complete lines.
      this.state.sizes[kind] = actual < committed ? await completeSize(this.path(kind)) : committed;
      if (actual < committed) {
        await truncate(this.path(kind), this.state.sizes[kind]);
        needsCompaction = true;
      }
    }
    if (saved === null && this.state.sizes.documents > 0) needsCompaction = true;
    if (needsCompaction) await this.compact();
    await this.loadIndex();
  }

  private async loadIndex(): Promise<void> {
    this.index.clear();
    for await (const line of lines(this.path('documents'))) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // a torn line is dropped by compaction
      }
      // A line without these is read again rather than trusted.
      const d = KnownDocumentLine.safeParse(value);
      if (d.success) this.index.set(d.data.source, { doc_id: d.data.doc_id, status: d.data.status, error_kind: d.data.error_kind });
    }
  }

  /** Is this exact file (same path, same bytes) already in the output, read for good? */
  has(source: string, docId: string, retryFailed = false): boolean {
    const known = this.index.get(source);
    if (!known || known.doc_id !== docId) return false;
    if (known.status === 'failed' && (TRANSIENT.has(known.error_kind) || retryFailed)) return false;
    return true;
  }

  get documentCount(): number {
    return this.index.size;
  }

  /** Append one document's records; they are committed when the promise resolves. */
  add(records: Records): Promise<void> {
    const run = this.queue.then(() => this.append(records));
    this.queue = run.catch(() => {});
    return run;
  }

  private async append(records: Records): Promise<void> {
    const { document } = records;
    if (this.index.has(document.source)) this.superseded = true;
    const batches: Record<Kind, unknown[]> = { items: records.items, tables: records.tables, documents: [document] };
    for (const kind of KINDS) {
      if (!batches[kind].length) continue;
      const text = batches[kind].map((r) => JSON.stringify(r)).join('\n') + '\n';
      const bytes = Buffer.from(text, 'utf8');
      let fh = this.handles.get(kind);
      if (!fh) {
        fh = await open(this.path(kind), 'a');
        this.handles.set(kind, fh);
      }
      await fh.write(bytes);
      this.state.sizes[kind] += bytes.length;
    }
    // The state may lag the files by a moment: after a crash the files are cut back to it, and
    // the documents after it are simply read again. Saving it at most every 200 ms keeps a
    // run of small files from spending its time renaming the state file.
    if (Date.now() - this.savedAt >= 200) await this.saveState();
    this.index.set(document.source, { doc_id: document.doc_id, status: document.status, error_kind: document.error_kind });
    this.written.add(`${document.doc_id}\n${document.source}`);
  }

  /** Finish the run: drop superseded records, mark the output clean. */
  async close(): Promise<void> {
    await this.queue;
    for (const fh of this.handles.values()) await fh.close();
    this.handles.clear();
    if (this.superseded) await this.compact();
    this.state.clean = true;
    await this.saveState();
  }

  /**
   * Move every line that cannot be loaded out of the store, into quarantine.jsonl with its
   * file and reason: lines that are not JSON, and every line of a document one of whose
   * records is off the contract. The documents put aside are read again on the next run.
   */
  async scrub(): Promise<{ lines: number; documents: number }> {
    await this.queue;
    for (const fh of this.handles.values()) await fh.close();
    this.handles.clear();
    const bad = new Set<string>();
    const reasons: { file: string; reason: string; line: string }[] = [];
    for (const kind of KINDS) {
      for await (const line of lines(this.path(kind))) {
        const why = recordProblem(kind, line);
        if (!why) continue;
        const id = keyOf(line)?.doc_id;
        if (id) bad.add(id);
        else reasons.push({ file: OUTPUT_FILES[kind], reason: why, line });
      }
    }
    let moved = reasons.length;
    for (const kind of KINDS) {
      await this.rewrite(kind, (line) => {
        const k = keyOf(line);
        if (k && !bad.has(k.doc_id)) return true;
        if (k) {
          reasons.push({ file: OUTPUT_FILES[kind], reason: recordProblem(kind, line) ?? `a record of document ${k.doc_id}, which has a bad record`, line });
          moved++;
        }
        return false;
      });
    }
    if (reasons.length) await appendFile(join(this.dir, QUARANTINE_FILE), reasons.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await this.saveState();
    await this.loadIndex();
    return { lines: moved, documents: bad.size };
  }

  /** Let other runs write the folder (after the dataset is loaded from it). */
  async unlock(): Promise<void> {
    await this.release?.();
    this.release = null;
  }

  /**
   * Keep, for every source, only its last document line and the items and tables written
   * with it: the last batch of that source's lines, when it has the same doc_id, and none
   * when the document says it has no items (or tables).
   */
  private async compact(): Promise<void> {
    const winners = new Map<string, { doc_id: string; items: number; tables: number; line: number }>();
    let n = 0;
    for await (const line of lines(this.path('documents'))) {
      const d = (() => { try { return JSON.parse(line); } catch { return null; } })();
      if (d && typeof d.source === 'string') winners.set(d.source, { doc_id: d.doc_id, items: d.items ?? 0, tables: d.tables ?? 0, line: n });
      n++;
    }
    n = 0;
    await this.rewrite('documents', (line) => {
      const at = n++;
      const k = keyOf(line);
      return !!k && winners.get(k.source)?.line === at;
    });
    for (const kind of ['items', 'tables'] as const) {
      // Pass 1: where each source's last batch of lines starts.
      const lastRun = new Map<string, number>();
      let prev: ReturnType<typeof keyOf> = null;
      let i = 0;
      for await (const line of lines(this.path(kind))) {
        const k = keyOf(line);
        if (k && startsBatch(k, prev)) lastRun.set(k.source, i);
        prev = k ?? prev;
        i++;
      }
      // Pass 2: keep the lines of that batch when it belongs to the winning document.
      i = 0;
      let keep = false;
      prev = null;
      await this.rewrite(kind, (line) => {
        const k = keyOf(line);
        const at = i++;
        if (!k) return false;
        if (startsBatch(k, prev)) {
          const w = winners.get(k.source);
          keep = !!w && w.doc_id === k.doc_id && lastRun.get(k.source) === at && w[kind] > 0;
        }
        prev = k;
        return keep;
      });
    }
    this.superseded = false;
  }

  private async rewrite(kind: Kind, keep: (line: string) => boolean): Promise<void> {
    const path = this.path(kind);
    const tmp = `${path}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w');
    let size = 0;
    try {
      let buf: string[] = [];
      const flush = async () => {
        if (!buf.length) return;
        const bytes = Buffer.from(buf.join(''), 'utf8');
        await fh.write(bytes);
        size += bytes.length;
        buf = [];
      };
      for await (const line of lines(path)) {
        if (!keep(line)) continue;
        buf.push(line + '\n');
        if (buf.length >= 1000) await flush();
      }
      await flush();
    } finally {
      await fh.close();
    }
    if ((await sizeOf(path)) === null && size === 0) {
      await rm(tmp, { force: true });
      return;
    }
    await rename(tmp, path);
    this.state.sizes[kind] = size;
  }
}
