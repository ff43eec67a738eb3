// `tender status --redis URL [--queue NAME] [--json]`: how far the queue is.
//
// Counts of waiting, active, completed and failed jobs (and those waiting out a back-off
// before another try), the rate over the most recent completions, and the time left at
// that rate.
import { parseArgs, UsageError } from './args.js';
import { connectionOptions, probe, queueName, redisUrl, type FileJob, type FileResult } from '../distributed/queue.js';
import { firstLine } from '../pipeline/text.js';

/** The rate is measured over the last completions, at most this many, within RATE_WINDOW_MS of the newest. */
const RATE_JOBS = 200;
const RATE_WINDOW_MS = 5 * 60_000;

export interface QueueStatus {
  queue: string;
  waiting: number;
  active: number;
  /** Jobs waiting out a back-off before another try. */
  retrying: number;
  completed: number;
  failed: number;
  workers: number | null;
  /** Documents per second over the recent completions, or null when there are too few. */
  rate: number | null;
  /** Seconds until the queue is empty at that rate; 0 when it is. */
  eta: number | null;
  /** The last jobs that failed for good: their file and why. */
  recentFailures: { path: string; reason: string }[];
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export async function statusCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { redis: 'value', queue: 'value', json: 'bool' });
  if (positionals.length) throw new UsageError(`status takes no positional arguments (got "${positionals[0]}")`);
  const url = redisUrl(flags.redis);
  const name = queueName(flags.queue);
  connectionOptions(url, false);
  const unreachable = await probe(url);
  if (unreachable) {
    process.stderr.write(`tender status: cannot reach Redis at ${url}: ${unreachable}\n`);
    return 1;
  }
  const { Queue } = await import('bullmq');
  const queue = new Queue<FileJob, FileResult>(name, { connection: connectionOptions(url, false) });
  queue.on('error', () => {});
  let status: QueueStatus;
  try {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    const recent = await queue.getJobs(['completed'], 0, RATE_JOBS - 1, false);
    const times = recent.map((j) => j.finishedOn ?? 0).filter((t) => t > 0).sort((a, b) => b - a);
    const inWindow = times.filter((t) => t >= times[0] - RATE_WINDOW_MS);
    const span = inWindow.length > 1 ? (inWindow[0] - inWindow[inWindow.length - 1]) / 1000 : 0;
    const rate = span > 0 ? (inWindow.length - 1) / span : null;
    const pending = c.waiting + c.prioritized + c.active + c.delayed;
    const workers = await queue.getWorkersCount().catch(() => null);
    const failed = await queue.getJobs(['failed'], 0, 4, false);
    status = {
      queue: name,
      waiting: c.waiting + c.prioritized,
      active: c.active,
      retrying: c.delayed,
      completed: c.completed,
      failed: c.failed,
      workers,
      rate,
      eta: pending === 0 ? 0 : rate ? pending / rate : null,
      recentFailures: failed.map((j) => ({ path: j.data?.path ?? String(j.id), reason: String(j.failedReason ?? '').split('\n')[0] })),
    };
  } catch (e) {
    process.stderr.write(`tender status: ${url} queue "${name}": ${firstLine(e)}\n`);
    return 1;
  } finally {
    await queue.close().catch(() => undefined);
  }
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return 0;
  }
  const total = status.waiting + status.active + status.retrying + status.completed + status.failed;
  const lines = [
    `queue "${name}" at ${url}: ${total} jobs`,
    `  waiting ${status.waiting} · active ${status.active}${status.retrying ? ` · retrying ${status.retrying} (waiting out a back-off)` : ''} · completed ${status.completed} · failed ${status.failed}${status.workers !== null ? ` · workers ${status.workers}` : ''}`,
    `  rate ${status.rate === null ? '–' : `${status.rate.toFixed(1)} documents/s`} · ${status.eta === 0 ? 'nothing left to do' : status.eta === null ? 'ETA unknown' : `ETA ${duration(status.eta)}`}`,
  ];
  for (const f of status.recentFailures) lines.push(`  failed: ${f.path}: ${f.reason}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
