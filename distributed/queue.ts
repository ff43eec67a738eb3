// The queue that `tender enqueue` fills and `tender worker` empties: its name, how to reach
// Redis, what a job carries and how its id is made.
//
// A job is one input file, named by its absolute path (storage every worker reads). Its id is
// derived from that path, its size and its mtime, so enqueueing the same file twice adds one
// job, and a file that changed is a new job. Jobs are kept when they complete: a completed job
// with a file's id is what "already done" means.
import { createHash } from 'node:crypto';
import type { JobsOptions, RedisOptions } from 'bullmq';
import { UsageError } from '../cli/args.js';
import type { Status } from '../schemas/records.js';

export const DEFAULT_QUEUE = 'tender';
/** Every job has this name: the queue holds one kind of work. */
export const JOB_NAME = 'file';
/** Files up to this size are hashed when enqueued, so the job knows its doc_id; bigger ones are hashed by the worker. */
export const HASH_AT_ENQUEUE_BYTES = 4 * 1024 * 1024;

export interface FileJob {
  /** Absolute path, as text (shown in records as the document's source). */
  path: string;
  /** The path's bytes in base64 when the name is not UTF-8 (a GBK name): what the worker opens. */
  raw?: string;
  size: number;
  mtimeMs: number;
  /** sha256 prefix of the bytes (pipeline/run.ts docIdOf) when the file was small enough to hash at enqueue, else null. */
  docId: string | null;
  /** The entry is no regular file (a FIFO, a dangling link): why; the worker records it without reading. */
  special?: string;
  /** Read again even if the worker's shard already holds these bytes (enqueue --force). */
  force?: boolean;
}

export interface FileResult {
  doc_id: string;
  /** The document's status, or `unchanged`: the shard already held the file's records, nothing was read again. */
  status: Status | 'unchanged';
  items: number;
  /** The worker (shard) that wrote the records. */
  worker: string;
  /** Time spent on the job in the worker, reading and parsing, in ms. */
  ms: number;
}

/** A job's id: stable for one file as it is now (path, size, mtime); no ':' (BullMQ keys). */
export function jobIdOf(pathBytes: Buffer | string, size: number, mtimeMs: number): string {
  const h = createHash('sha256').update(pathBytes).update(`\0${size}\0${Math.trunc(mtimeMs)}`);
  return `f${h.digest('hex').slice(0, 32)}`;
}

/** Retries of transient faults (storage, a worker's parser process dying): 1 s, 2 s, 4 s, 8 s apart. */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/** The Redis URL: --redis, else $TENDER_REDIS. */
export function redisUrl(flag: string | boolean | undefined): string {
  const url = typeof flag === 'string' ? flag : process.env.TENDER_REDIS;
  if (!url) throw new UsageError('needs --redis URL (or TENDER_REDIS), e.g. --redis redis://127.0.0.1:6379');
  return url;
}

export function queueName(flag: string | boolean | undefined): string {
  if (flag === undefined) return DEFAULT_QUEUE;
  if (typeof flag !== 'string' || !/^[\w.-]+$/.test(flag)) throw new UsageError(`--queue must be a name of letters, digits, '.', '_' or '-', got "${String(flag)}"`);
  return flag;
}

/**
 * ioredis options from a redis:// or rediss:// URL. `persistent` connections (a worker) wait
 * for Redis for ever: every command waits for the connection to come back rather than fail
 * (BullMQ's blocking connection requires it too); short-lived commands give up after a few tries.
 */
export function connectionOptions(url: string, persistent: boolean): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UsageError(`--redis must be a redis:// or rediss:// URL, got "${url}"`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new UsageError(`--redis: the database in "${url}" must be a number`);
  const opts: RedisOptions = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    connectTimeout: 5000,
  };
  if (persistent) {
    return { ...opts, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (times: number) => Math.min(200 * times, 2000) };
  }
  // Give up after about 3 s: a command run by hand says Redis cannot be reached.
  return { ...opts, maxRetriesPerRequest: 2, enableAutoPipelining: true, retryStrategy: (times: number) => (times > 5 ? null : 100 * times) };
}

/** Can Redis be reached? null when it can, else why not, in one line. */
export async function probe(url: string): Promise<string | null> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...(connectionOptions(url, false) as import('ioredis').RedisOptions), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  let last: string | null = null;
  client.on('error', (e: Error) => { last = e.message; });
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (e) {
    return (last ?? (e as Error).message ?? String(e)).split('\n')[0];
  } finally {
    client.disconnect();
  }
}
