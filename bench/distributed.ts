// `npm run bench:distributed [-- --n 200]`: the same synthetic tenders through `tender extract`
// and through `tender enqueue` + 1 and 2 `tender worker` processes on a Redis of its own, each a
// fresh process; prints docs/s side by side and the overhead per job (1,000 files no reader
// takes, so the figure is the queue's own cost, not parsing).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { writeSynthetic } from './synth.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(root, 'bin/tender.js');
const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1] || 200);
const work = join(tmpdir(), 'tender-bench-distributed');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function extract(dir: string, concurrency: number): number {
  const out = join(work, 'out-extract');
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'extract', dir, '--out', out, '--no-db', '--ocr', 'off', '--quiet', '--concurrency', String(concurrency)], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return (performance.now() - t0) / 1000;
}

async function distributed(redis: Redis, url: string, dir: string, files: number, workers: number, concurrency: number): Promise<number> {
  await redis.flushall();
  const out = join(work, 'out-workers');
  rmSync(out, { recursive: true, force: true });
  const procs: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < workers; i++) {
    const p = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--out', out, '--id', `w${i}`, '--concurrency', String(concurrency), '--ocr', 'off', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    ready.push(new Promise((resolve) => p.stderr!.on('data', (d: Buffer) => { log += d; if (/taking jobs/.test(log)) resolve(); })));
    procs.push(p);
  }
  // Workers are started and waiting, as on a cluster: the figure is the queue's, not start-up.
  await Promise.all(ready);
  const t0 = performance.now();
  const e = spawnSync(process.execPath, [BIN, 'enqueue', dir, '--redis', url, '--quiet'], { encoding: 'utf8' });
  if (e.status !== 0) throw new Error(e.stderr);
  while (Number(await redis.zcard('bull:tender:completed')) < files) await sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(procs.map((p) => new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); })));
  return seconds;
}

async function main(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const corpus = join(work, 'txt');
  const sources = ['corpus/hangzhou_univ_cloud_2026.txt', 'corpus/xian_xijing_univ_cloud_resource_2026.txt', 'corpus/nanchang_province_hrss_cloud_lease_2026.txt'].map((f) => join(root, f));
  writeSynthetic(sources, 'txt', corpus, n, 1);
  const tiny = join(work, 'tiny');
  mkdirSync(tiny);
  for (let i = 0; i < 1000; i++) writeFileSync(join(tiny, `f${String(i).padStart(4, '0')}.zip`), `x${i}`);

  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  server.on('error', () => {
    console.error('bench:distributed: redis-server is not installed (Debian: redis-server)');
    process.exit(1);
  });
  const url = `redis://127.0.0.1:${port}`;
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
  // Until the server listens, connecting fails: wait for it instead of printing each try.
  redis.on('error', () => undefined);
  try {
    await redis.ping();
    const cores = availableParallelism();
    const rows: [string, number, number][] = [];
    const one = extract(corpus, cores);
    rows.push([`tender extract --concurrency ${cores}`, n, one]);
    rows.push([`enqueue + 1 worker × ${cores}`, n, await distributed(redis, url, corpus, n, 1, cores)]);
    rows.push([`enqueue + 2 workers × ${Math.max(1, cores / 2)}`, n, await distributed(redis, url, corpus, n, 2, Math.max(1, cores / 2))]);
    const tinyExtract = extract(tiny, 1);
    const tinyQueue = await distributed(redis, url, tiny, 1000, 1, 1);
    console.log(`bench:distributed: ${cores} cores, ${n} synthetic TXT tenders`);
    for (const [label, files, s] of rows) console.log(`${label.padEnd(32)} ${(files / s).toFixed(1).padStart(7)} docs/s  (${(s / one).toFixed(2)}× extract's time)`);
    console.log(`overhead per job: extract ${(tinyExtract).toFixed(2)} ms/file, queue + worker ${(tinyQueue).toFixed(2)} ms/file (1,000 files no reader takes)`);
  } finally {
    redis.disconnect();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
