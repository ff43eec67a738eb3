// `tender enqueue PATH... --redis URL [--queue NAME] [--force]`
//
// One job per input file (listed as `tender extract` lists them, runtime/files.ts), named by its
// absolute path, so that every worker that sees the same storage can read it. The job's id
// comes from the path, size and mtime (distributed/queue.ts): enqueueing a file again is a
// no-op while its job is queued or done, a file that changed is a new job, and a file whose
// job failed for good is queued again. --force queues again the files already done.
import pLimit from 'p-limit';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, UsageError } from './args.js';
import { inputsOrExit } from './inputs.js';
import { docIdOf } from '../runtime/run.js';
import { connectionOptions, HASH_AT_ENQUEUE_BYTES, JOB_NAME, JOB_OPTIONS, jobIdOf, probe, queueName, redisUrl, type FileJob } from '../distributed/queue.js';
import { firstLine } from '../pipeline/text.js';

/** The absolute form of a path's bytes (a name that is not UTF-8 stays bytes). */
function absoluteRaw(raw: Buffer): Buffer {
  const full = raw[0] === 0x2f ? raw : Buffer.concat([Buffer.from(process.cwd()), Buffer.from('/'), raw]);
  // latin1 maps every byte to one character and back: resolve sees '/' and '.', nothing else.
  return Buffer.from(resolve(full.toString('latin1')), 'latin1');
}

const BATCH = 500;

export async function enqueueCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { redis: 'value', queue: 'value', force: 'bool', quiet: 'bool' });
  if (!positionals.length) throw new UsageError('enqueue needs at least one file or folder');
  const url = redisUrl(flags.redis);
  const name = queueName(flags.queue);
  connectionOptions(url, false);
  const force = flags.force === true;

  const inputs = await inputsOrExit(positionals);
  if (typeof inputs === 'number') return inputs;
  const unreachable = await probe(url);
  if (unreachable) {
    process.stderr.write(`tender enqueue: cannot reach Redis at ${url}: ${unreachable}\n`);
    return 1;
  }

  // What each file's job says: stat every file, hash the small ones.
  const io = pLimit(32);
  const jobs = await Promise.all(inputs.files.map((file) => io(async (): Promise<{ id: string; data: FileJob }> => {
    const special = inputs.special.get(file);
    const raw = inputs.rawPaths.get(file);
    const path = isAbsolute(file) ? resolve(file) : resolve(process.cwd(), file);
    const rawAbs = raw ? absoluteRaw(raw) : null;
    const fsPath = rawAbs ?? path;
    const s = await stat(fsPath).catch(() => null);
    const size = s?.size ?? 0;
    const mtimeMs = s ? Math.trunc(s.mtimeMs) : 0;
    let docId: string | null = null;
    if (!special && s?.isFile() && size <= HASH_AT_ENQUEUE_BYTES) docId = await readFile(fsPath).then(docIdOf, () => null);
    const data: FileJob = { path, size, mtimeMs, docId, ...(rawAbs ? { raw: rawAbs.toString('base64') } : {}), ...(special ? { special } : {}), ...(force ? { force } : {}) };
    return { id: jobIdOf(rawAbs ?? path, size, mtimeMs), data };
  })));

  const { Queue } = await import('bullmq');
  const queue = new Queue<FileJob, unknown, typeof JOB_NAME>(name, { connection: connectionOptions(url, false) });
  queue.on('error', () => {});
  const tally = { queued: 0, done: 0, inQueue: 0, again: 0, busy: 0 };
  try {
    const ask = pLimit(64);
    for (let i = 0; i < jobs.length; i += BATCH) {
      const batch = jobs.slice(i, i + BATCH);
      const states = await Promise.all(batch.map((j) => ask(() => queue.getJobState(j.id))));
      const add: typeof batch = [];
      await Promise.all(batch.map((j, k) => ask(async () => {
        const state = states[k];
        if (state === 'unknown') return void add.push(j);
        if (state === 'completed' && !force) return void tally.done++;
        if (state === 'active') return void tally.busy++;
        if (state !== 'completed' && state !== 'failed' && !force) return void tally.inQueue++;
        // Done (with --force), failed for good, or waiting (with --force): queued afresh.
        if ((await queue.remove(j.id)) === 1) {
          if (state === 'failed') tally.again++;
          add.push(j);
        } else tally.busy++;
      })));
      if (add.length) {
        add.sort((a, b) => batch.indexOf(a) - batch.indexOf(b));
        await queue.addBulk(add.map((j) => ({ name: JOB_NAME, data: j.data, opts: { ...JOB_OPTIONS, jobId: j.id } })));
        tally.queued += add.length;
      }
    }
  } catch (e) {
    process.stderr.write(`tender enqueue: ${url} queue "${name}": ${firstLine(e)} (queued ${tally.queued} before it)\n`);
    return 1;
  } finally {
    await queue.close().catch(() => undefined);
  }
  const parts = [`queued ${tally.queued}`];
  if (tally.again) parts[0] += ` (${tally.again} that had failed)`;
  parts.push(`skipped ${tally.done + tally.inQueue + tally.busy}`);
  const why = [];
  if (tally.done) why.push(`${tally.done} done${force ? '' : ' (--force queues them again)'}`);
  if (tally.inQueue) why.push(`${tally.inQueue} already queued`);
  if (tally.busy) why.push(`${tally.busy} being read now`);
  if (flags.quiet !== true || tally.queued || why.length) {
    process.stdout.write(`${parts.join(', ')}${why.length ? ` (${why.join(', ')})` : ''} · queue "${name}" at ${url}\n`);
  }
  return inputs.missing.length ? 1 : 0;
}
