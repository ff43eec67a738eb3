// `tender worker --redis URL --out DIR [--concurrency N] [--queue NAME] [--id ID] …`
//
// Takes file jobs from the queue (`tender enqueue`) and runs on each exactly what `tender
// extract` runs on a file (distributed/extract-one.ts: the same WorkerPool child processes,
// time, memory and size limits, OCR), writing the records into a store of its own,
// DIR/shards/<worker-id>/; `tender load DIR` merges the shards.
//
// A job is done once its records are in the shard. A file that fails for what it is (corrupt,
// encrypted, too large, timed out) is done, with its failed line. A fault of the storage or
// the machine is thrown, and the queue tries the job again with back-off. A worker that dies
// holding jobs loses their locks, and the other workers' stalled-job checks put them back in
// the queue. Redis going away makes the worker wait for it, not exit. SIGTERM (or SIGINT)
// finishes the jobs in flight, then exits 0; a second one exits at once (the jobs in flight
// are taken up again elsewhere).
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { parseArgs, UsageError } from './args.js';
import { closeRun } from './teardown.js';
import { OCR_CACHE } from './extract.js';
import { WorkerPool } from '../runtime/pool.js';
import { OutputStore } from '../runtime/store.js';
import { sweepLeftovers } from '../extractors/legacy/temp.js';
import { extractOne, TransientError } from '../distributed/extract-one.js';
import { connectionOptions, queueName, redisUrl, type FileJob, type FileResult } from '../distributed/queue.js';
import { logJob, prepareShard, safeShardName, shardDir } from '../distributed/shards.js';
import { firstLine } from '../pipeline/text.js';
import { readingFlags, secondsFlag } from './reading-flags.js';



/** Errors of the connection to Redis, as ioredis passes them on. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

export async function workerCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, {
    redis: 'value', queue: 'value', out: 'value', concurrency: 'value', id: 'value', timeout: 'value', 'max-memory': 'value',
    'max-file-mb': 'value', ocr: 'value', 'ocr-timeout': 'value', 'lock-duration': 'value', 'stalled-interval': 'value', quiet: 'bool',
  });
  if (positionals.length) throw new UsageError(`worker takes no files (got "${positionals[0]}"): tender enqueue adds them to the queue`);
  const url = redisUrl(flags.redis);
  const name = queueName(flags.queue);
  if (typeof flags.out !== 'string') throw new UsageError('worker needs --out DIR (the folder tender load reads)');
  const outDir = resolve(flags.out);
  const { concurrency, timeoutMs, maxMemoryMb, maxFileBytes, ocrMode, ocrTimeoutMs } = readingFlags(flags);
  // How long a job's lock lasts without renewal (renewed every half of it while the job runs),
  // and how often this worker looks for jobs whose worker is gone.
  const lockDuration = secondsFlag(flags, 'lock-duration', 30);
  const stalledInterval = secondsFlag(flags, 'stalled-interval', 30);
  const quiet = flags.quiet === true;
  if (flags.id !== undefined && (typeof flags.id !== 'string' || !flags.id.trim())) throw new UsageError('--id needs a name');
  const workerId = safeShardName(typeof flags.id === 'string' ? flags.id : `${hostname()}-${process.pid}`);
  const connection = connectionOptions(url, true);

  const say = (line: string) => process.stderr.write(`${new Date().toISOString()} worker ${workerId}: ${line}\n`);
  sweepLeftovers();
  const dir = shardDir(outDir, workerId);
  let opened: Awaited<ReturnType<typeof OutputStore.open>>;
  try {
    const { sealed } = await prepareShard(dir);
    if (sealed) say(`the shard a killed worker left was put aside as ${sealed} (tender load reads it)`);
    opened = await OutputStore.open(dir);
  } catch (e) {
    process.stderr.write(`tender worker: ${dir}/: ${firstLine(e)}\n`);
    return 1;
  }
  if (!opened.ok) {
    process.stderr.write(`tender worker: ${opened.error}\n`);
    return 1;
  }
  const store = opened.store;
  const ocr = ocrMode === 'off' ? undefined : { mode: ocrMode, pageTimeoutMs: ocrTimeoutMs, cacheDir: join(outDir, OCR_CACHE) };
  const pool = new WorkerPool({ size: concurrency, timeoutMs, maxMemoryMb, ocr });
  const counts = { ok: 0, partial: 0, failed: 0, skipped: 0, unchanged: 0, retried: 0, items: 0 };
  let fatal: string | null = null;
  let stop: (why: string) => void = () => {};
  const stopped = new Promise<string>((done) => { stop = done; });

  // Redis errors come in bursts while it is away: said once, and again when it is back.
  let redisDown = false;
  let lastOther = '';
  const onError = (e: Error) => {
    const msg = firstLine(e);
    if (/missing lock|lock mismatch/i.test(msg)) {
      // The job outlived its lock (Redis hung or was away): it went back to the queue and is
      // read again; tender load keeps one copy of the document.
      say(`${msg}: the job went back to the queue and is read again`);
      return;
    }
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (CONNECTION_CODES.has(code) || /connection is closed|connect |socket|stream isn't writeable/i.test(msg)) {
      if (redisDown) return;
      redisDown = true;
      say(`Redis at ${url} unreachable (${msg}); waiting for it to come back`);
      return;
    }
    if (msg === lastOther) return;
    lastOther = msg;
    say(`error: ${msg}`);
  };
  const redisBack = () => {
    lastOther = '';
    if (!redisDown) return;
    redisDown = false;
    say('Redis is back');
  };

  const handle = async (job: Job<FileJob, FileResult>): Promise<FileResult> => {
    redisBack();
    const started = performance.now();
    const attempts = job.opts.attempts ?? 1;
    const lastAttempt = job.attemptsMade + 1 >= attempts;
    if (fatal) throw new Error(`worker ${workerId} is stopping: ${fatal}`);
    let outcome;
    try {
      outcome = await extractOne(job.data, { pool, store, maxFileBytes, lastAttempt });
    } catch (e) {
      if (e instanceof TransientError) {
        counts.retried++;
        say(`${e.message}: will be tried again (attempt ${job.attemptsMade + 1} of ${attempts})`);
      }
      throw e;
    }
    if (outcome.unchanged) {
      counts.unchanged++;
      return { doc_id: outcome.docId, status: 'unchanged', items: 0, worker: workerId, ms: performance.now() - started };
    }
    const { records } = outcome;
    try {
      await store.add(records);
      await logJob(dir, { job: job.id ?? '', doc_id: records.document.doc_id, source: records.document.source, status: records.document.status, items: records.items.length, at: Date.now() });
    } catch (e) {
      // The shard cannot be written (a full disk): this worker stops; the job goes to another.
      fatal ??= `${dir}/: ${firstLine(e)}`;
      stop('fatal');
      throw new Error(`worker ${workerId} cannot write its shard: ${fatal}`);
    }
    const doc = records.document;
    counts[doc.status]++;
    counts.items += records.items.length;
    if (!quiet && (doc.status === 'failed' || doc.status === 'partial')) say(`${doc.status}  ${doc.source}${doc.error ? `: ${doc.error}` : ''}`);
    return { doc_id: doc.doc_id, status: doc.status, items: records.items.length, worker: workerId, ms: performance.now() - started };
  };

  const { Worker } = await import('bullmq');
  const worker = new Worker<FileJob, FileResult>(name, handle, {
    connection,
    concurrency,
    lockDuration,
    stalledInterval,
    // A job whose worker died more than this often is given up on (a file that kills the whole worker).
    maxStalledCount: 3,
    name: workerId,
    autorun: false,
  });
  worker.on('error', onError);
  worker.on('completed', redisBack);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130);
    stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  say(`taking jobs from queue "${name}" at ${url}, ${concurrency} at a time, writing ${dir}/`);
  const running = worker.run().catch((e) => {
    fatal ??= `the worker stopped: ${firstLine(e)}`;
    stop('fatal');
  });
  const why = await stopped;
  if (why !== 'fatal') say(`${why}: finishing the jobs in flight`);
  try {
    // Waits for the jobs in flight (and for Redis, to mark them done).
    await worker.close();
    await running;
  } finally {
    const unclosed = await closeRun(pool, store, onSignal, (e) => `${dir}/: ${firstLine(e)}`);
    fatal ??= unclosed;
    await store.unlock().catch(() => undefined);
  }
  const parts = [`${counts.ok} ok`, `${counts.partial} partial`, `${counts.failed} failed`];
  if (counts.skipped) parts.push(`${counts.skipped} skipped (unsupported type)`);
  if (counts.unchanged) parts.push(`${counts.unchanged} unchanged (already in the shard)`);
  if (counts.retried) parts.push(`${counts.retried} to be tried again`);
  say(`documents: ${parts.join(', ')} · items: ${counts.items} · shard ${dir}/`);
  if (fatal) {
    process.stderr.write(`tender worker: ${fatal}\n`);
    return 1;
  }
  return 0;
}
