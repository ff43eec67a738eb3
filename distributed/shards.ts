// Shards: each `tender worker` writes an OutputStore of its own, DIR/shards/<worker-id>/, and
// `tender load DIR` merges them into DIR/documents.jsonl, items.jsonl and tables.jsonl.
//
// A shard is read as it stands on disk, never "recovered": the store's state file may lag its
// files by a moment (pipeline/store.ts), and a job is marked done in the queue only once its
// records are in the files, so truncating a killed worker's shard back to its state could lose
// a document the queue counts as done. What a kill leaves is at most one document cut short:
// a store writes a document's items, then its tables, then its document line, so a document
// line is read with its items and tables when they are all there, and is left out otherwise.
//
// The merge keys documents by doc_id. A job taken up again after its worker died, or a file
// given again with --force, may leave the same document in several shards: one copy is kept,
// chosen from what the shards hold, never from which finished first. Per source the latest
// version wins (a file that changed between runs), as in a single-machine store; the same
// bytes under two paths are one document, kept under the path that sorts first, as the
// dataset load does (dataset/load.ts).
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { alive, LOCK_FILE, lockFolder } from '../runtime/lock.js';
import { OUTPUT_FILES } from '../runtime/store.js';
import { completeSize } from '../runtime/store.js';

export const SHARDS_DIR = 'shards';
/** Each shard's log of the jobs it finished: when each document was written (the merge's "latest"). */
export const JOBS_FILE = 'jobs.jsonl';
/** pipeline/store.ts keeps its committed sizes here (not exported there). */
const STORE_STATE_FILE = '.tender-state.json';

export interface JobLogEntry { job: string; doc_id: string; source: string; status: string; items: number; at: number }

export function shardDir(outDir: string, workerId: string): string {
  return join(outDir, SHARDS_DIR, workerId);
}

/** A folder name from a worker id: no separators, nothing hidden. */
export function safeShardName(id: string): string {
  return id.replace(/[^\w.@-]+/g, '_').replace(/^\.+/, '_') || '_';
}

/**
 * Ready a shard folder for a worker that takes it by name (--id). A shard left by a worker
 * that was killed is put aside under a new name rather than opened: opening it would cut its
 * files back to a state that may lag them. A shard whose writer closed it cleanly is opened
 * again as it is, so the worker knows what it already holds.
 */
export async function prepareShard(dir: string): Promise<{ sealed: string | null }> {
  if (!existsSync(dir)) return { sealed: null };
  const holder = await readFile(join(dir, LOCK_FILE), 'utf8').then((t) => JSON.parse(t) as { pid?: number; host?: string }, () => null);
  // Someone holds it now: OutputStore.open says who.
  if (holder && typeof holder.pid === 'number' && (holder.host !== hostname() || alive(holder.pid))) return { sealed: null };
  const state = await readFile(join(dir, STORE_STATE_FILE), 'utf8').then((t) => JSON.parse(t) as { clean?: boolean }, () => null);
  const docs = await stat(join(dir, OUTPUT_FILES.documents)).then((s) => s.size, () => 0);
  if (state?.clean === true || docs === 0) return { sealed: null };
  const sealed = `${dir}.${Date.now()}`;
  await rename(dir, sealed);
  await rm(join(sealed, LOCK_FILE), { force: true });
  return { sealed };
}

/** Note in the shard that a job's records are written. */
export async function logJob(dir: string, entry: JobLogEntry): Promise<void> {
  await appendFile(join(dir, JOBS_FILE), `${JSON.stringify(entry)}\n`);
}

export interface MergeReport {
  shards: number;
  documents: number;
  items: number;
  tables: number;
  /** Extra copies of a document (a job run twice) left out. */
  copies: number;
  /** Older versions of a file that changed, left out. */
  superseded: number;
  /** Paths whose bytes are another path's (same doc_id), left out: the path that sorts first is kept. */
  duplicates: string[];
  /** Document lines whose items or tables were not all written (a worker killed mid-write), left out. */
  incomplete: number;
}

type Kind = 'items' | 'tables';
interface Key { source: string; doc_id: string; at: number }
interface Batch { key: string; count: number }
interface Candidate {
  shard: number;
  line: number;
  text: string;
  source: string;
  docId: string;
  failed: boolean;
  at: number;
  batch: Record<Kind, number | null>;
}
interface Shard { name: string; dir: string; sizes: Record<'documents' | Kind, number>; batches: Record<Kind, Batch[]> }

/** The complete lines of a file's first `size` bytes (a torn last line is not complete). */
async function* linesOf(path: string, size: number): AsyncGenerator<string> {
  if (size <= 0) return;
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8', start: 0, end: size - 1 }), crlfDelay: Infinity });
  for await (const line of rl) yield line;
}


function parse(line: string): Record<string, unknown> | null {
  if (!line.trim()) return null;
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Where a record stands within its document, as pipeline/store.ts reads it. */
function keyOf(r: Record<string, unknown> | null): Key | null {
  if (!r || typeof r.source !== 'string' || typeof r.doc_id !== 'string') return null;
  const at = (typeof r.table === 'number' ? r.table : 0) * 1e6 + (typeof r.row === 'number' ? r.row : 0);
  return { source: r.source, doc_id: r.doc_id, at };
}

/** A new batch starts with another document, or the same one written again (positions start over). */
function startsBatch(k: Key, prev: Key | null): boolean {
  return !prev || prev.source !== k.source || prev.doc_id !== k.doc_id || k.at <= prev.at;
}

const idOf = (source: string, docId: string) => `${source}\0${docId}`;

/** Index a shard's items or tables file: its batches in order, one per document written. */
async function batchesOf(path: string, size: number): Promise<Batch[]> {
  const out: Batch[] = [];
  let prev: Key | null = null;
  for await (const line of linesOf(path, size)) {
    const k = keyOf(parse(line));
    if (!k) continue;
    if (startsBatch(k, prev)) out.push({ key: idOf(k.source, k.doc_id), count: 0 });
    out[out.length - 1].count++;
    prev = k;
  }
  return out;
}

async function shardFolders(outDir: string): Promise<string[]> {
  const root = join(outDir, SHARDS_DIR);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** Better first: a copy that did not fail, the later one, the shard that sorts first, the later line. */
function better(a: Candidate, b: Candidate, shards: Shard[]): number {
  if (a.failed !== b.failed) return a.failed ? 1 : -1;
  if (a.at !== b.at) return b.at - a.at;
  if (a.shard !== b.shard) return shards[a.shard].name < shards[b.shard].name ? -1 : 1;
  return b.line - a.line;
}

async function writeAtomically(path: string, write: (append: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    let buf: string[] = [];
    let held = 0;
    const append = async (text: string) => {
      buf.push(text);
      held += text.length;
      if (held >= 1 << 20) {
        await fh.write(buf.join(''));
        buf = [];
        held = 0;
      }
    };
    await write(append);
    if (buf.length) await fh.write(buf.join(''));
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
}

/**
 * Merge every shard of `outDir` into its documents.jsonl, items.jsonl and tables.jsonl, which
 * are replaced (written aside and renamed). The same shards always give the same files.
 * Holds the folder's lock while it writes, so no `tender extract --out` writes there meanwhile.
 */
export async function mergeShards(outDir: string): Promise<{ ok: true; value: MergeReport } | { ok: false; error: string }> {
  const names = await shardFolders(outDir);
  if (!names.length) return { ok: false, error: `${join(outDir, SHARDS_DIR)}/ holds no shards (run tender worker --out ${outDir} first)` };
  const lock = await lockFolder(outDir);
  if (!lock.ok) return lock;
  try {
    const report: MergeReport = { shards: names.length, documents: 0, items: 0, tables: 0, copies: 0, superseded: 0, duplicates: [], incomplete: 0 };
    const shards: Shard[] = [];
    const candidates: Candidate[] = [];
    for (const name of names) {
      const dir = join(outDir, SHARDS_DIR, name);
      const path = (kind: keyof typeof OUTPUT_FILES) => join(dir, OUTPUT_FILES[kind]);
      // Documents first: a document line read is one whose items and tables were written before it.
      const sizes = { documents: await completeSize(path('documents')), items: 0, tables: 0 };
      const written = new Map<string, number>();
      for await (const line of linesOf(join(dir, JOBS_FILE), await completeSize(join(dir, JOBS_FILE)))) {
        const e = parse(line);
        if (e && typeof e.source === 'string' && typeof e.doc_id === 'string' && typeof e.at === 'number') {
          const id = idOf(e.source, e.doc_id);
          written.set(id, Math.max(written.get(id) ?? 0, e.at));
        }
      }
      const docs: Omit<Candidate, 'batch'>[] = [];
      const counts: { items: number; tables: number }[] = [];
      let n = 0;
      for await (const line of linesOf(path('documents'), sizes.documents)) {
        const at = n++;
        const d = parse(line);
        if (!d || typeof d.source !== 'string' || typeof d.doc_id !== 'string') continue;
        docs.push({ shard: shards.length, line: at, text: line, source: d.source, docId: d.doc_id, failed: d.status === 'failed', at: written.get(idOf(d.source, d.doc_id)) ?? 0 });
        counts.push({ items: typeof d.items === 'number' ? d.items : 0, tables: typeof d.tables === 'number' ? d.tables : 0 });
      }
      sizes.items = await completeSize(path('items'));
      sizes.tables = await completeSize(path('tables'));
      const shard: Shard = { name, dir, sizes, batches: { items: await batchesOf(path('items'), sizes.items), tables: await batchesOf(path('tables'), sizes.tables) } };
      // The k-th document line of a source and doc_id that has items goes with the k-th batch of
      // them: the store appends one document at a time, and its compactions keep the order.
      const next: Record<Kind, Map<string, number[]>> = { items: new Map(), tables: new Map() };
      for (const kind of ['items', 'tables'] as const) {
        shard.batches[kind].forEach((b, i) => {
          const q = next[kind].get(b.key);
          if (q) q.push(i);
          else next[kind].set(b.key, [i]);
        });
      }
      docs.forEach((d, i) => {
        const batch: Record<Kind, number | null> = { items: null, tables: null };
        let complete = true;
        for (const kind of ['items', 'tables'] as const) {
          const want = counts[i][kind];
          if (!want) continue;
          const b = next[kind].get(idOf(d.source, d.docId))?.shift();
          if (b === undefined || shard.batches[kind][b].count !== want) complete = false;
          else batch[kind] = b;
        }
        if (complete) candidates.push({ ...d, batch });
        else report.incomplete++;
      });
      shards.push(shard);
    }

    // Per source, its latest version; of that version, the best copy.
    const bySource = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const list = bySource.get(c.source);
      if (list) list.push(c);
      else bySource.set(c.source, [c]);
    }
    const perSource: Candidate[] = [];
    for (const list of bySource.values()) {
      const latest = new Map<string, number>();
      for (const c of list) latest.set(c.docId, Math.max(latest.get(c.docId) ?? 0, c.at));
      const versions = [...latest.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
      const docId = versions[0][0];
      report.superseded += versions.length - 1;
      const copies = list.filter((c) => c.docId === docId).sort((a, b) => better(a, b, shards));
      report.copies += copies.length - 1;
      perSource.push(copies[0]);
    }
    // Per doc_id, the path that sorts first.
    const byDoc = new Map<string, Candidate>();
    for (const c of perSource.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0))) {
      if (byDoc.has(c.docId)) report.duplicates.push(c.source);
      else byDoc.set(c.docId, c);
    }
    const winners = [...byDoc.values()];
    const keep: Record<Kind, Set<number>[]> = { items: shards.map(() => new Set()), tables: shards.map(() => new Set()) };
    for (const w of winners) {
      for (const kind of ['items', 'tables'] as const) if (w.batch[kind] !== null) keep[kind][w.shard].add(w.batch[kind]!);
    }

    // Items and tables go shard by shard, batch by batch: a document's records stay together.
    for (const kind of ['items', 'tables'] as const) {
      await writeAtomically(join(outDir, OUTPUT_FILES[kind]), async (append) => {
        for (let s = 0; s < shards.length; s++) {
          const wanted = keep[kind][s];
          if (!wanted.size) continue;
          let batch = -1;
          let prev: Key | null = null;
          for await (const line of linesOf(join(shards[s].dir, OUTPUT_FILES[kind]), shards[s].sizes[kind])) {
            const k = keyOf(parse(line));
            if (!k) continue;
            if (startsBatch(k, prev)) batch++;
            prev = k;
            if (wanted.has(batch)) {
              await append(`${line}\n`);
              report[kind]++;
            }
          }
        }
      });
    }
    await writeAtomically(join(outDir, OUTPUT_FILES.documents), async (append) => {
      for (const w of winners) await append(`${w.text}\n`);
    });
    report.documents = winners.length;
    // The merged files are whole: a store state left here by an extract run would cut them back
    // to its sizes. Without one, a later `tender extract --out` takes the files as they are.
    await rm(join(outDir, STORE_STATE_FILE), { force: true });
    return { ok: true, value: report };
  } finally {
    await lock.release();
  }
}
