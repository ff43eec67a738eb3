// The distributed run against a real Redis: enqueue, several workers, one killed half way,
// Redis gone for a while, then `tender load`; the merged result must be what a single
// `tender extract` of the same files gives.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve('bin/tender.js');
const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;
if (!HAS_REDIS) console.warn('test/distributed.test.ts: redis-server is not installed, the distributed tests are skipped');

const jsonl = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

let work: string;
/** The command line of a tender command: bin/tender.js once the commands are registered, else their built modules. */
let cli: (command: string, args: string[]) => string[];

function tender(command: string, args: string[], cwd = work) {
  const r = spawnSync(process.execPath, cli(command, args), { cwd, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

interface Proc { child: ChildProcess; log: () => string; exited: Promise<number | null> }

function start(cmd: string, args: string[], cwd = work): Proc {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, log: () => log, exited };
}

async function startRedis(port: number, dir: string): Promise<Proc> {
  const p = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  await waitFor('redis-server to start', async () => /Ready to accept connections/.test(p.log()) || (p.child.exitCode !== null && Promise.reject(new Error(p.log()))), 10_000);
  return p;
}

const startWorker = (url: string, out: string, id: string) => start(process.execPath, cli('worker', [
  '--redis', url, '--out', out, '--id', id, '--concurrency', '1', '--ocr', 'off', '--lock-duration', '2', '--stalled-interval', '1',
]));

async function drained(queue: Queue, total: number): Promise<boolean> {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  return c.waiting + c.prioritized + c.active + c.delayed === 0 && c.completed + c.failed >= total;
}

async function stop(p: Proc): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  return p.exited;
}

// ~12 files of the corpus (text, HTML, DOCX), two made slow (long text) so that a worker is
// killed holding one, and a corrupt DOCX.
const CORPUS = [
  '000_039f6a7fe7b5dcbb.txt', 'hangzhou_univ_cloud_2026.txt', 'nanchang_province_hrss_cloud_lease_2026.txt', 'xianyang_county_edu_it_goods_2025.txt',
  'chengdu_hospital_cloud_2025.html', 'fuzhou_ccgp_notice_cloud_2026.html', 'kunming_county_health_cloud_2025.html', 'luoyang_city_edu_cloud_desktop_2026.html',
  'guangzhou_district_cloud_lots_2026.docx', 'lujiang_county_data_bureau_cloud_migration_2025.docx', 'qingdao_city_bigdata_server_storage_goods_2026.docx',
];
const FILES = CORPUS.length + 3;

interface Result { docs: Map<string, { source: string; status: string; items: number; line: unknown }>; itemsPerDoc: Map<string, number> }

function resultOf(dir: string): Result {
  const docs = new Map<string, { source: string; status: string; items: number; line: unknown }>();
  for (const d of jsonl(join(dir, 'documents.jsonl'))) {
    expect(docs.has(d.doc_id), `${d.doc_id} (${d.source}) has one documents line`).toBe(false);
    docs.set(d.doc_id, { source: d.source, status: d.status, items: d.items, line: d });
  }
  const itemsPerDoc = new Map<string, number>();
  for (const i of jsonl(join(dir, 'items.jsonl'))) itemsPerDoc.set(i.doc_id, (itemsPerDoc.get(i.doc_id) ?? 0) + 1);
  return { docs, itemsPerDoc };
}

describe.skipIf(!HAS_REDIS)('tender enqueue / worker / load on a real Redis', () => {
  let input: string;
  let expected: Result;
  const redises: Proc[] = [];
  const workers: Proc[] = [];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tender-dist-'));
    // dist/ is built by test/global-setup.ts. bin/tender.js runs the commands once they are in
    // its command table; until then their built modules are run directly, the same code.
    const runner = join(work, 'run.mjs');
    writeFileSync(runner, `const [cmd, ...args] = process.argv.slice(2);
const m = await import(new URL(\`cli/\${cmd}.js\`, ${JSON.stringify(pathToFileURL(resolve('dist')).href + '/')}));
process.exitCode = await m[\`\${cmd}Command\`](args);\n`);
    const registered = /unknown option --bogus/.test(spawnSync(process.execPath, [BIN, 'worker', '--bogus'], { encoding: 'utf8' }).stderr);
    cli = (command, args) => (command === 'extract' || registered ? [BIN, command, ...args] : [runner, command, ...args]);

    input = join(work, 'in');
    mkdirSync(input);
    for (const f of CORPUS) copyFileSync(join('corpus', f), join(input, f));
    const long = readFileSync('corpus/003_a46c9a722c1cc422.txt', 'utf8');
    writeFileSync(join(input, 'long_a.txt'), long.repeat(10));
    writeFileSync(join(input, 'long_b.txt'), long.repeat(11));
    // A DOCX cut short: a failed document, not a retry.
    writeFileSync(join(input, 'corrupt.docx'), readFileSync('corpus/wuhan_property_mgmt_2025.docx').subarray(0, 3000));

    // What one machine makes of the same files (by the same absolute paths).
    const single = tender('extract', [input, '--out', join(work, 'single'), '--no-db', '--ocr', 'off', '--quiet']);
    expect(single.out).toMatch(/documents: 13 ok, 0 partial, 1 failed/);
    expected = resultOf(join(work, 'single'));
    expect(expected.docs.size).toBe(FILES);
  });

  afterAll(async () => {
    for (const p of [...workers, ...redises]) p.child.kill('SIGKILL');
  });

  function expectSameAsSingle(out: string, extra: string[] = []) {
    const got = resultOf(out);
    for (const [id, d] of got.docs) if (extra.includes(d.source)) got.docs.delete(id);
    expect([...got.docs.keys()].sort()).toEqual([...expected.docs.keys()].sort());
    for (const [id, d] of expected.docs) {
      expect(got.docs.get(id)!.line, d.source).toEqual(d.line);
      expect(got.itemsPerDoc.get(id) ?? 0, d.source).toBe(expected.itemsPerDoc.get(id) ?? 0);
    }
    const corrupt = [...got.docs.values()].find((d) => d.source.endsWith('corrupt.docx'))!;
    expect(corrupt.status).toBe('failed');
    // Every input has exactly one documents line.
    expect([...got.docs.values()].map((d) => d.source).sort()).toEqual(readdirSync(input).map((f) => join(input, f)).sort());
  }

  it('a worker killed half way: its job is taken up by another, every file once, the same result as one machine', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const redis = await startRedis(port, work);
    redises.push(redis);
    const queue = new Queue('tender', { connection: { host: '127.0.0.1', port } });
    const out = join(work, 'out');
    try {
      const enq = tender('enqueue', [input, '--redis', url]);
      expect(enq.out).toContain(`queued ${FILES}, skipped 0`);
      // The same files again are a no-op.
      expect(tender('enqueue', [input, '--redis', url]).out).toContain(`queued 0, skipped ${FILES}`);

      const a = startWorker(url, out, 'A');
      workers.push(a);
      // A holds a job, with others done: it dies without a word.
      const held = await waitFor('worker A to hold a job', async () => {
        const c = await queue.getJobCounts('completed');
        if (c.completed < 2) return null;
        return (await queue.getActive()).find((j) => j.processedBy === 'A' && /long_/.test(j.data.path)) ?? null;
      });
      const b = startWorker(url, out, 'B');
      const c = startWorker(url, out, 'C');
      workers.push(b, c);
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitFor('the queue to drain', () => drained(queue, FILES), 40_000);

      const counts = await queue.getJobCounts('completed', 'failed');
      expect(counts).toEqual({ completed: FILES, failed: 0 });
      // The job A held was put back by the stalled-job check and finished by B or C.
      const job = (await queue.getJob(held.id!))!;
      expect(job.finishedOn! > killedAt).toBe(true);
      expect(['B', 'C']).toContain(job.processedBy);
      const status = tender('status', ['--redis', url, '--json']);
      expect(JSON.parse(status.out)).toMatchObject({ waiting: 0, active: 0, completed: FILES, failed: 0, eta: 0 });

      // SIGTERM: the jobs in flight finish, the worker exits 0.
      expect(await stop(b)).toBe(0);
      expect(await stop(c)).toBe(0);
      expect(b.log()).toMatch(/SIGTERM: finishing the jobs in flight/);
      // A again, by its name: the shard it was killed writing is put aside for the merge, not cut back to its state.
      const again = startWorker(url, out, 'A');
      workers.push(again);
      await waitFor('A to start again', async () => /taking jobs/.test(again.log()));
      expect(again.log()).toMatch(/the shard a killed worker left was put aside as .*shards\/A\.\d+/);
      expect(await stop(again)).toBe(0);

      const load = tender('load', [out]);
      expect(load.status, load.out).toBe(0);
      expect(load.out).toContain(`merged 4 shards`);
      expect(load.out).toContain(`${FILES} documents`);
      expectSameAsSingle(out);
      // Loading again changes nothing, files or dataset.
      const before = ['documents', 'items', 'tables'].map((k) => readFileSync(join(out, `${k}.jsonl`), 'utf8'));
      const reload = tender('load', [out]);
      expect(reload.status, reload.out).toBe(0);
      expect(reload.out).toContain(`${FILES} unchanged`);
      expect(['documents', 'items', 'tables'].map((k) => readFileSync(join(out, `${k}.jsonl`), 'utf8'))).toEqual(before);
      expect(existsSync(join(out, 'tenders.duckdb'))).toBe(true);
    } finally {
      await queue.close();
      await stop(redis);
    }
  }, 70_000);

  it('Redis gone, then hung, for a few seconds mid-run: the workers wait for it and finish', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const dir = join(work, 'redis2');
    mkdirSync(dir);
    let redis = await startRedis(port, dir);
    redises.push(redis);
    const out = join(work, 'out2');
    // A file the storage does not show for a moment (a mount coming back): tried again, not failed.
    const flaky = join(work, 'flaky', 'flaky.txt');
    mkdirSync(join(work, 'flaky'));
    copyFileSync(join(input, CORPUS[1]), flaky);
    writeFileSync(flaky, '\n', { flag: 'a' });
    expect(tender('enqueue', [input, join(work, 'flaky'), '--redis', url]).out).toContain(`queued ${FILES + 1}`);
    renameSync(flaky, `${flaky}.away`);
    const a = startWorker(url, out, 'A');
    const b = startWorker(url, out, 'B');
    workers.push(a, b);
    const queue = new Queue('tender', { connection: { host: '127.0.0.1', port, maxRetriesPerRequest: null } });
    queue.on('error', () => {});
    try {
      const retrying = await waitFor('the missing file to wait for a retry', async () => (await queue.getJobs(['delayed'])).find((j) => j.data.path === flaky));
      expect(retrying.attemptsMade).toBeGreaterThanOrEqual(1);
      renameSync(`${flaky}.away`, flaky);
      await waitFor('some jobs done', async () => (await queue.getJobCounts('completed')).completed >= 3);
      // Redis goes away (its data kept on disk, as a server restarted), for 3 s.
      const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null });
      admin.on('error', () => {});
      await admin.connect();
      await admin.call('shutdown', 'save').catch(() => undefined);
      admin.disconnect();
      await redis.exited;
      await sleep(3000);
      expect(a.child.exitCode).toBe(null);
      expect(b.child.exitCode).toBe(null);
      redis = await startRedis(port, dir);
      redises.push(redis);
      // Then Redis hangs (SIGSTOP) past the jobs' lock duration: the jobs in flight lose their
      // locks, are run again, and their first completions are refused; the workers go on.
      await waitFor('more jobs done', async () => (await queue.getJobCounts('completed')).completed >= 5);
      redis.child.kill('SIGSTOP');
      await sleep(3000);
      redis.child.kill('SIGCONT');
      await waitFor('the queue to drain', () => drained(queue, FILES + 1), 40_000);
      expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: FILES + 1, failed: 0 });
      expect(await stop(a)).toBe(0);
      expect(await stop(b)).toBe(0);
      expect(a.log() + b.log()).toMatch(/unreachable .*waiting for it to come back/);
      const load = tender('load', [out, '--no-db']);
      expect(load.status, load.out).toBe(0);
      expectSameAsSingle(out, [flaky]);
      expect(jsonl(join(out, 'documents.jsonl')).find((d) => d.source === flaky)).toMatchObject({ status: 'ok', error: null });
    } finally {
      await queue.close();
      await stop(redis);
    }
  }, 70_000);
});

describe('merging shards (distributed/shards.ts)', () => {
  const lines = (xs: unknown[]) => xs.map((x) => `${JSON.stringify(x)}\n`).join('');
  const doc = (doc_id: string, source: string, items: number, tables = 0, status = 'ok') => ({ doc_id, source, status, items, tables });
  const items = (doc_id: string, source: string, n: number) => Array.from({ length: n }, (_, i) => ({ doc_id, source, table: 1, row: i + 1 }));
  const shard = (root: string, name: string, f: { documents: unknown[]; items: unknown[]; tables?: unknown[]; jobs?: unknown[]; tail?: string }) => {
    const dir = join(root, 'shards', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'documents.jsonl'), lines(f.documents));
    writeFileSync(join(dir, 'items.jsonl'), lines(f.items) + (f.tail ?? ''));
    writeFileSync(join(dir, 'tables.jsonl'), lines(f.tables ?? []));
    if (f.jobs) writeFileSync(join(dir, 'jobs.jsonl'), lines(f.jobs));
  };

  it('keeps one document per doc_id, the latest version of a file, whole documents only, the same every time', async () => {
    const { mergeShards } = await import('../distributed/shards.js');
    const root = mkdtempSync(join(tmpdir(), 'tender-merge-'));
    shard(root, 'w2', {
      documents: [doc('bbbb', '/b.txt', 1), doc('cc02', '/c.txt', 2), doc('eeee', '/e.txt', 3), doc('dddd', '/d2.txt', 1)],
      items: [...items('bbbb', '/b.txt', 1), ...items('cc02', '/c.txt', 2), ...items('eeee', '/e.txt', 2), ...items('dddd', '/d2.txt', 1)],
      jobs: [{ doc_id: 'cc02', source: '/c.txt', at: 200 }],
    });
    shard(root, 'w1', {
      documents: [doc('aaaa', '/a.txt', 2, 1), doc('bbbb', '/b.txt', 1), doc('cc01', '/c.txt', 1), doc('dddd', '/d1.txt', 1)],
      items: [...items('aaaa', '/a.txt', 2), ...items('bbbb', '/b.txt', 1), ...items('cc01', '/c.txt', 1), ...items('dddd', '/d1.txt', 1),
        // A worker killed while it wrote a document: its items, no document line, a torn line.
        ...items('zzzz', '/z.txt', 2)],
      tail: '{"doc_id":"zzzz","sour',
      tables: [{ doc_id: 'aaaa', source: '/a.txt', table: 1 }],
      jobs: [{ doc_id: 'cc01', source: '/c.txt', at: 100 }],
    });
    const r = await mergeShards(root);
    expect(r.ok && r.value).toMatchObject({ shards: 2, documents: 4, items: 6, tables: 1, copies: 1, superseded: 1, duplicates: ['/d2.txt'], incomplete: 1 });
    const docs = jsonl(join(root, 'documents.jsonl'));
    expect(docs.map((d) => [d.source, d.doc_id])).toEqual([['/a.txt', 'aaaa'], ['/b.txt', 'bbbb'], ['/c.txt', 'cc02'], ['/d1.txt', 'dddd']]);
    const its = jsonl(join(root, 'items.jsonl'));
    expect(its.map((i) => i.doc_id).sort()).toEqual(['aaaa', 'aaaa', 'bbbb', 'cc02', 'cc02', 'dddd']);
    expect(its.filter((i) => i.doc_id === 'dddd').map((i) => i.source)).toEqual(['/d1.txt']);
    expect(jsonl(join(root, 'tables.jsonl'))).toHaveLength(1);
    const before = ['documents', 'items', 'tables'].map((k) => readFileSync(join(root, `${k}.jsonl`), 'utf8'));
    expect((await mergeShards(root)).ok).toBe(true);
    expect(['documents', 'items', 'tables'].map((k) => readFileSync(join(root, `${k}.jsonl`), 'utf8'))).toEqual(before);
  });
});
