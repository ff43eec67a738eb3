// `tender extract PATH... [--out DIR] [--concurrency N] …`
//
// Files are hashed here and parsed in worker threads (runtime/pool.ts), each within a time
// and memory limit; every file gets exactly one line in documents.jsonl. The output folder is
// a dataset that runs add to (runtime/store.ts): a file already there with the same bytes is
// skipped unless --force, and a run killed half way is carried on by the next.
import { access, mkdir, readFile, stat, statfs } from 'node:fs/promises';
import { constants } from 'node:fs';
import { WorkerPool } from '../runtime/pool.js';
import { docIdOf, failedRecords, processBytes, skippedRecords, unreadableRecords } from '../runtime/run.js';
import { OutputStore, QUARANTINE_FILE } from '../runtime/store.js';
import type { Records } from '../pipeline/document.js';
import { formatOf, readerFor } from '../extractors/registry.js';
import { parseArgs, UsageError } from './args.js';
import { Progress } from './progress.js';
import { inputsOrExit } from './inputs.js';
import { closeRun } from './teardown.js';
import { sweepLeftovers } from '../extractors/legacy/temp.js';
import { join } from 'node:path';
import { firstLine } from '../pipeline/text.js';
import { readingFlags } from './reading-flags.js';

/** Recognised pages, kept with the dataset so that a re-run costs nothing. */
export const OCR_CACHE = '.ocr-cache';


/** An OS error in words: ENOSPC → no space left on device. */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EACCES: 'permission denied', EPERM: 'permission denied',
    EROFS: 'read-only file system', ENOTDIR: 'a file stands where a folder should be', EEXIST: 'it is a file, not a folder', EIO: 'input/output error',
  };
  return (code && words[code]) ?? firstLine(e);
}

/** Less free space than this is a full disk: a run would stop at its first document. */
const MIN_FREE_BYTES = 1024 * 1024;

/** Why `dir` cannot take the output (a file, unwritable, a full disk), or null. Creates it when missing. */
async function writableFolder(dir: string): Promise<string | null> {
  try {
    const s = await stat(dir).catch(() => null);
    if (s && !s.isDirectory()) return `${dir}/: it is a file, not a folder (--out)`;
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    const fs = await statfs(dir).catch(() => null);
    if (fs && fs.bavail * fs.bsize < MIN_FREE_BYTES) return `${dir}/: no space left on device (${Math.floor((fs.bavail * fs.bsize) / 1024)} KB free)`;
    return null;
  } catch (e) {
    return `${dir}/: ${fsReason(e)}`;
  }
}



/**
 * A run of one small text file reads it in this process: a worker's start-up (Node, the
 * pipeline's modules, the segmenter) costs more than the file. Only with the default limits: a
 * file of text this size cannot come near 2 GB, and its time is checked when it is read (over
 * --timeout it fails with the same reason) though not cut short. An explicit --timeout or
 * --max-memory asks for the limit to be enforced, which takes a worker that can be killed.
 */
const IN_PROCESS = { maxBytes: 1024 * 1024, formats: new Set(['txt', 'html']) };

export interface ExtractSummary { ok: number; partial: number; failed: number; skipped: number; unchanged: number; items: number; seconds: number }

export async function extractCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, {
    out: 'value', concurrency: 'value', timeout: 'value', 'max-memory': 'value', 'max-file-mb': 'value',
    force: 'bool', 'retry-failed': 'bool', quiet: 'bool', 'no-db': 'bool', ocr: 'value', 'ocr-timeout': 'value',
  });
  if (!positionals.length) throw new UsageError('extract needs at least one file or folder');
  const outDir = typeof flags.out === 'string' ? flags.out : 'out';
  const { concurrency, timeoutMs, maxMemoryMb, maxFileBytes, ocrMode, ocrTimeoutMs } = readingFlags(flags);
  const force = flags.force === true;
  const retryFailed = flags['retry-failed'] === true;
  const quiet = flags.quiet === true;

  const started = performance.now();
  // What conversions of killed runs left behind: their LibreOffice processes and temp folders.
  sweepLeftovers();
  const inputs = await inputsOrExit(positionals);
  if (typeof inputs === 'number') return inputs;

  // An output that cannot be written is said before any work, in one line.
  const usable = await writableFolder(outDir);
  if (usable) {
    process.stderr.write(`tender: ${usable}\n`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof OutputStore.open>>;
  try {
    opened = await OutputStore.open(outDir);
  } catch (e) {
    process.stderr.write(`tender: ${outDir}/: ${fsReason(e)}\n`);
    return 1;
  }
  if (!opened.ok) {
    process.stderr.write(`tender: ${opened.error}\n`);
    return 1;
  }
  const store = opened.store;
  const progress = new Progress(inputs.files.length, process.stderr, quiet);
  const ocr = ocrMode === 'off' ? undefined : { mode: ocrMode, pageTimeoutMs: ocrTimeoutMs, cacheDir: join(outDir, OCR_CACHE) };
  const pool = new WorkerPool({ size: concurrency, timeoutMs, maxMemoryMb, ocr, onOcr: (source, done, total) => progress.ocr(source, done, total) });
  const summary: ExtractSummary = { ok: 0, partial: 0, failed: 0, skipped: 0, unchanged: 0, items: 0, seconds: 0 };

  const inProcess = inputs.files.length === 1 && flags.timeout === undefined && flags['max-memory'] === undefined;
  if (flags['no-db'] !== true && !inProcess) void import('../dataset/load.js'); // DuckDB's library loads while the workers start, not after they finish
  const readHere = async (bytes: Buffer, file: string, docId: string): Promise<Records> => {
    const t0 = performance.now();
    const records = await processBytes(bytes, file, file, { docId, timeoutMs });
    if (performance.now() - t0 <= timeoutMs) return records;
    return failedRecords({ doc_id: docId, source: file, format: records.document.format }, `timed out after ${timeoutMs / 1000} s (--timeout)`, 'timeout');
  };

  /** Files in flight: each worker's next file is read while it parses the one before. */
  const inFlight = concurrency * 2;
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = signal;
    // Queued files return at once (see `one`); the files in flight are dropped uncommitted.
    void pool.close();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const one = async (file: string): Promise<void> => {
    if (interrupted || fatal) return;
    let records: Records;
    let bytes: Buffer;
    const special = inputs.special.get(file);
    if (special) {
      const meta = { doc_id: docIdOf(Buffer.from(`special:${file}`)), source: file, format: formatOf(file) };
      // A link whose target is gone is a file that failed; a FIFO or a device is not a file at all.
      return finish(special.startsWith('dangling') ? failedRecords(meta, special, 'unreadable') : skippedRecords(meta, `${special}: not read`));
    }
    const fsPath = inputs.rawPaths.get(file) ?? file;
    try {
      const size = (await stat(fsPath)).size;
      if (size > maxFileBytes) {
        records = failedRecords({ doc_id: docIdOf(Buffer.from(`too-large:${file}:${size}`)), source: file, format: formatOf(file) },
          `file too large: ${(size / 1048576).toFixed(0)} MB, over the ${maxFileBytes / 1048576} MB limit (--max-file-mb)`, 'too_large');
        return finish(records);
      }
      bytes = await readFile(fsPath);
    } catch (e) {
      return finish(unreadableRecords(file, file, e));
    }
    const docId = docIdOf(bytes);
    if (!force && store.has(file, docId, retryFailed)) {
      summary.unchanged++;
      progress.skip();
      return;
    }
    // The run may have stopped (a signal, a full disk) while this file was read.
    if (interrupted || fatal) return;
    // A file no reader takes is recorded without a trip to a worker.
    const reader = readerFor(file);
    records = !reader ? await processBytes(bytes, file, file, { docId })
      : inProcess && bytes.length <= IN_PROCESS.maxBytes && IN_PROCESS.formats.has(reader.format) ? await readHere(bytes, file, docId)
      : await pool.run(bytes, file, file, docId);
    if (interrupted) return;
    return finish(records);
  };

  let fatal: string | null = null;
  const finish = async (records: Records): Promise<void> => {
    if (fatal) return;
    try {
      await store.add(records);
    } catch (e) {
      // The disk is full or the folder went away: stop, keep what was committed, say why once.
      fatal ??= `${outDir}/: ${fsReason(e)}`;
      void pool.close();
      return;
    }
    const doc = records.document;
    summary[doc.status]++;
    summary.items += records.items.length;
    progress.tick(doc);
  };

  try {
    // A few runners taking the files in turn, not a pending task per file: a run of a million
    // files would hold a million promises and closures from its first moment.
    let next = 0;
    const runner = async (): Promise<void> => {
      while (next < inputs.files.length) await one(inputs.files[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, inputs.files.length) }, runner));
  } finally {
    const unclosed = await closeRun(pool, store, onSignal, (e) => `${outDir}/: ${fsReason(e)}`);
    fatal ??= unclosed;
    progress.finish();
  }
  if (fatal) {
    await store.unlock().catch(() => undefined);
    process.stderr.write(`tender: ${fatal} (the records written before it are kept; run again to carry on)\n`);
    return 1;
  }
  summary.seconds = (performance.now() - started) / 1000;
  const parts = [`${summary.ok} ok`, `${summary.partial} partial`, `${summary.failed} failed`];
  if (summary.skipped) parts.push(`${summary.skipped} skipped (not a type tender reads)`);
  if (summary.unchanged) parts.push(`${summary.unchanged} unchanged (already in ${outDir}/; --force re-reads, --retry-failed re-reads those that failed)`);
  process.stderr.write(`documents: ${parts.join(', ')} · items: ${summary.items} read this run · ${summary.seconds.toFixed(1)} s · output in ${outDir}/\n`);
  for (const l of progress.reasonLines()) process.stderr.write(`${l}\n`);
  if (interrupted) {
    await store.unlock();
    process.stderr.write(`tender: interrupted (${interrupted}); the output is consistent: run the same command again to carry on\n`);
    return 130;
  }
  // The dataset is rebuilt from the committed JSON lines, so a failed load never loses them.
  // DuckDB loads only when it is used.
  let dbFailed = 0;
  try {
    dbFailed = flags['no-db'] === true ? 0 : await (await import('../dataset/load.js')).loadAfterExtract(outDir, process.stderr, { trusted: store.written });
    // Records the dataset could not take leave the store, so they block nothing and are read again next time.
    if (dbFailed) {
      const q = await store.scrub();
      if (q.lines) process.stderr.write(`tender: ${q.lines} line${q.lines > 1 ? 's' : ''} that could not be loaded moved to ${join(outDir, QUARANTINE_FILE)} (${q.documents} document${q.documents === 1 ? '' : 's'} to be read again)\n`);
    }
  } finally {
    await store.unlock();
  }
  return summary.failed || inputs.missing.length || dbFailed ? 1 : 0;
}
