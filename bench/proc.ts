// Whole-process measurement: a command from its start to its exit, seen from outside, with the
// peak resident size of its whole process tree. tender's workers are child processes (fork in
// runtime/pool.ts), so the command's own maxRSS would miss them, and getrusage's children
// figure is the largest single child, not the sum: the tree is sampled from /proc instead.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Run {
  /** Wall seconds from spawn to exit. */
  seconds: number;
  /** CPU seconds (user + system) of the command and the children it waited for. */
  cpuSeconds: number;
  /** Largest sum of resident sizes over the process tree seen at one sample, MB. */
  peakTreeRssMb: number;
  code: number | null;
  stderr: string;
}

const PAGE = 4096;

/** Resident MB of one process, 0 once it has gone. */
function rssMb(pid: number): number {
  try {
    return (Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE) / 1048576;
  } catch {
    return 0;
  }
}

/** The processes under `pid`, itself included: each thread keeps the list of the children it forked. */
export function processTree(pid: number): number[] {
  const seen: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    seen.push(p);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) todo.push(Number(c));
      } catch {
        /* the thread ended between the two reads */
      }
    }
  }
  return seen;
}

export function treeRssMb(pid: number): number {
  return processTree(pid).reduce((s, p) => s + rssMb(p), 0);
}

/** Resident MB of each process of the tree, the root first: which one grows. */
export function treeRssParts(pid: number): number[] {
  return processTree(pid).map(rssMb);
}

/** CPU seconds of this process's reaped children (Linux clock ticks, 100 a second). */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How often the tree's resident size is read (ms); 0 reads it never. */
  sampleMs?: number;
  /** Called at every sample with the tree's resident MB (the memory bench logs along a run). */
  onSample?: (mb: number, elapsedSeconds: number) => void;
  /** Told the command's process id once it has started. */
  onStart?: (pid: number) => void;
}

/** Run `cmd args` to its end; stdout is discarded, the tail of stderr kept for the error message. */
export function runProcess(cmd: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const cpu0 = childCpuSeconds();
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
    if (child.pid) opts.onStart?.(child.pid);
    let stderr = '';
    let peak = 0;
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-4000); });
    const sampleMs = opts.sampleMs ?? 50;
    const timer = sampleMs > 0 ? setInterval(() => {
      if (!child.pid) return;
      const mb = treeRssMb(child.pid);
      peak = Math.max(peak, mb);
      opts.onSample?.(mb, (performance.now() - started) / 1000);
    }, sampleMs) : null;
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (timer) clearInterval(timer);
      resolve({ seconds, cpuSeconds: childCpuSeconds() - cpu0, peakTreeRssMb: peak, code, stderr });
    });
  });
}

/** A command that must succeed: its failure is the bench's, said with the command's last words. */
export async function mustRun(cmd: string, args: string[], opts: RunOptions = {}, okCodes = [0]): Promise<Run> {
  const r = await runProcess(cmd, args, opts);
  if (r.code === null || !okCodes.includes(r.code)) {
    const last = r.stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${[cmd, ...args].join(' ').slice(0, 200)} exited ${r.code}: ${last}`);
  }
  return r;
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Paired { a: Run[]; b: Run[]; ratios: number[] }

/**
 * A and B in turn, A B A B …, each pair's ratio taken on its own (A's seconds over B's): the
 * machine's speed drifts on a shared box, and a pair sees the same drift. `prepare` runs before
 * each command, outside the time (a fresh output folder).
 */
export async function paired(runs: number, a: () => Promise<Run>, b: () => Promise<Run>, prepare: () => void = () => {}): Promise<Paired> {
  const out: Paired = { a: [], b: [], ratios: [] };
  for (let i = 0; i < runs; i++) {
    prepare();
    const ra = await a();
    prepare();
    const rb = await b();
    out.a.push(ra);
    out.b.push(rb);
    out.ratios.push(ra.seconds / rb.seconds);
  }
  return out;
}
