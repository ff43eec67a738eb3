// One queued file → its records: the per-file step of `tender extract` (cli/extract.ts, `one`),
// copied here so that a worker runs exactly what a single-machine run does: the same size
// limit, the same doc_id, the same WorkerPool child processes and their limits, the same
// records for entries that are no file. cli/extract.ts is meant to use this later.
//
// What differs is what a fault means. A file that fails because of what it is (corrupt,
// encrypted, too large, timed out) gives its `failed` records, like extract. A fault of the
// storage or of the machine (EIO, a mount that is not there this instant, a parser process
// killed from outside) throws TransientError, so the queue tries the job again later; on the
// job's last attempt it is recorded as extract records it.
import { readFile, stat } from 'node:fs/promises';
import { formatOf, readerFor } from '../extractors/registry.js';
import type { Records } from '../pipeline/document.js';
import type { WorkerPool } from '../runtime/pool.js';
import { docIdOf, failedRecords, processBytes, skippedRecords, unreadableRecords } from '../runtime/run.js';
import type { OutputStore } from '../runtime/store.js';
import type { FileJob } from './queue.js';
import { firstLine } from '../pipeline/text.js';

/** A fault that says nothing about the file: try the job again. */
export class TransientError extends Error {}

/** Read errors of storage that may come back (a network mount, a disk hiccup), not of the file. */
const TRANSIENT_IO = new Set(['EIO', 'ENOENT', 'ESTALE', 'ETIMEDOUT', 'EAGAIN', 'EBUSY', 'EINTR', 'ENOTCONN', 'EHOSTDOWN', 'EHOSTUNREACH', 'ECONNRESET', 'ENXIO', 'EMFILE', 'ENFILE']);

export interface ExtractOneOptions {
  pool: WorkerPool;
  store: OutputStore;
  maxFileBytes: number;
  /** This is the job's last attempt: record a fault as a failed file instead of throwing. */
  lastAttempt: boolean;
}

export type Outcome = { records: Records; unchanged: false } | { records: null; unchanged: true; docId: string };

/** The path a job's file is opened by: its raw bytes when the name is not UTF-8. */
function fsPathOf(job: FileJob): string | Buffer {
  return job.raw ? Buffer.from(job.raw, 'base64') : job.path;
}

function transient(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return !!code && TRANSIENT_IO.has(code);
}

export async function extractOne(job: FileJob, opts: ExtractOneOptions): Promise<Outcome> {
  const file = job.path;
  const done = (records: Records): Outcome => ({ records, unchanged: false });
  if (job.special) {
    const meta = { doc_id: docIdOf(Buffer.from(`special:${file}`)), source: file, format: formatOf(file) };
    // A link whose target is gone is a file that failed; a FIFO or a device is not a file at all.
    const dangling = job.special.startsWith('dangling');
    return done(dangling ? failedRecords(meta, job.special, 'unreadable') : skippedRecords(meta, `${job.special}: not read`));
  }
  const fsPath = fsPathOf(job);
  let bytes: Buffer;
  try {
    const size = (await stat(fsPath)).size;
    if (size > opts.maxFileBytes) {
      return done(failedRecords({ doc_id: docIdOf(Buffer.from(`too-large:${file}:${size}`)), source: file, format: formatOf(file) },
        `file too large: ${(size / 1048576).toFixed(0)} MB, over the ${opts.maxFileBytes / 1048576} MB limit (--max-file-mb)`, 'too_large'));
    }
    bytes = await readFile(fsPath);
  } catch (e) {
    if (transient(e) && !opts.lastAttempt) throw new TransientError(`${file}: ${firstLine(e)}`);
    return done(unreadableRecords(file, file, e));
  }
  const docId = docIdOf(bytes);
  // A job taken up again after its worker lost it may find its records already in this shard.
  if (!job.force && opts.store.has(file, docId)) return { records: null, unchanged: true, docId };
  // A file no reader takes is recorded without a trip to a worker process.
  const records = readerFor(file) ? await opts.pool.run(bytes, file, file, docId) : await processBytes(bytes, file, file, { docId });
  // The parser process crashed or the run was interrupted: the machine's fault, not the file's.
  if (records.document.status === 'failed' && records.document.error_kind === 'internal' && !opts.lastAttempt) {
    throw new TransientError(`${file}: ${records.document.error}`);
  }
  return done(records);
}
