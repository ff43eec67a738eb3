// PDF throughput: the PDF reader end to end (reader and pipeline, as `tender extract` runs a
// file) beside a plain pdf-parse getText() of the same files and, where poppler is installed,
// `pdftotext -layout` in as many processes. Each side runs in a fresh process of its own, so
// its peak RSS is its own, with one worker thread per core (at most `workers`) taking files
// from a shared queue; the file list is repeated until there are enough pages to time.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { childCpuSeconds } from './proc.js';

export interface PdfBench {
  pagesPerSec: number;
  peakRssMb: number;
  plainPagesPerSec: number;
  plainPeakRssMb: number;
  /** Our pages/s over plain getText() pages/s (1 = as fast). */
  ratio: number;
  /** Pages per CPU second (all threads): steadier than pages/s on a busy machine. */
  pagesPerCpuSec: number;
  plainPagesPerCpuSec: number;
  /** `pdftotext -layout` in `workers` processes on the same list (null where poppler is missing). */
  pdftotext: { pagesPerSec: number; pagesPerCpuSec: number } | null;
  pages: number;
  workers: number;
}

export interface PdfBenchOptions {
  /** Worker threads per side (default: 2, or fewer cores). */
  workers?: number;
  /** Repeat the files until at least this many pages are timed (default 1500: worker start-up and warm-up then weigh little). */
  minPages?: number;
  /** Leave out the plain getText() side (its figures are then NaN). */
  noPlain?: boolean;
}

type Mode = 'reader' | 'plain' | 'pdftotext';
interface Measured { pages: number; seconds: number; cpuSeconds: number; peakRssMb: number }

const self = fileURLToPath(import.meta.url);

export async function benchPdf(files: string[], opts: PdfBenchOptions = {}): Promise<PdfBench> {
  const workers = Math.max(1, Math.min(opts.workers ?? 2, availableParallelism()));
  // One plain pass to learn the page counts, then every side on the same repeated list.
  const once = await measure('plain', files, workers);
  const rounds = Math.max(1, Math.ceil((opts.minPages ?? 1500) / Math.max(1, once.pages)));
  const list = Array.from({ length: rounds }, () => files).flat();
  const pages = once.pages * rounds;
  const plain = opts.noPlain ? null : await measure('plain', list, workers);
  const ours = await measure('reader', list, workers);
  const poppler = hasPdftotext() ? await measure('pdftotext', list, workers) : null;
  const pagesPerSec = pages / ours.seconds;
  const plainPagesPerSec = plain ? pages / plain.seconds : NaN;
  return {
    pagesPerSec, peakRssMb: ours.peakRssMb, plainPagesPerSec, plainPeakRssMb: plain?.peakRssMb ?? NaN,
    ratio: pagesPerSec / plainPagesPerSec, pagesPerCpuSec: pages / ours.cpuSeconds, plainPagesPerCpuSec: plain ? pages / plain.cpuSeconds : NaN,
    pdftotext: poppler ? { pagesPerSec: pages / poppler.seconds, pagesPerCpuSec: pages / poppler.cpuSeconds } : null,
    pages, workers,
  };
}

function hasPdftotext(): boolean {
  return !spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error;
}

function measure(mode: Mode, files: string[], workers: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--measure', mode, String(workers), ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench ${mode} exited ${code}: ${err.trim().split('\n').pop()}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

/** In the measuring process: `pdftotext -layout` over the files, `workers` processes at a time. */
async function runPdftotext(workers: number, files: string[]): Promise<Measured> {
  const started = performance.now();
  const cpu = childCpuSeconds();
  let next = 0;
  const one = (path: string) => new Promise<void>((resolve) => {
    const p = spawn('pdftotext', ['-layout', path, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    p.on('error', () => resolve());
    p.on('close', () => resolve());
  });
  await Promise.all(Array.from({ length: Math.min(workers, files.length) }, async () => {
    while (next < files.length) await one(files[next++]);
  }));
  return { pages: 0, seconds: (performance.now() - started) / 1000, cpuSeconds: childCpuSeconds() - cpu, peakRssMb: NaN };
}

/** In the measuring process: files through worker threads, one at a time each. */
async function runMeasure(mode: Mode, workers: number, files: string[]): Promise<Measured> {
  if (mode === 'pdftotext') return runPdftotext(workers, files);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  let pages = 0;
  await Promise.all(Array.from({ length: Math.min(workers, files.length) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(self, { workerData: { mode } });
    const feed = () => {
      if (next < files.length) w.postMessage(files[next++]);
      else void w.terminate().then(() => resolve());
    };
    w.on('message', (n: number) => {
      pages += n;
      feed();
    });
    w.on('error', reject);
    feed();
  })));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // maxRSS and the CPU time cover the worker threads: they live in this process.
  return { pages, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** In a worker: one file, its page count back (0 where plain getText() cannot open it). */
async function workOn(mode: Mode, path: string): Promise<number> {
  if (mode === 'reader') {
    const { processFile } = await import('../runtime/run.js');
    await processFile(path);
    return 0;
  }
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(path)) });
  try {
    return (await parser.getText()).total;
  } catch {
    return 0;
  } finally {
    await parser.destroy();
  }
}

if (!isMainThread && parentPort && (workerData as { mode?: Mode })?.mode) {
  const { mode } = workerData as { mode: Mode };
  const port = parentPort;
  port.on('message', (path: string) => {
    workOn(mode, path).then((n) => port.postMessage(n), (e) => {
      throw e;
    });
  });
} else if (isMainThread && process.argv[1] === self && process.argv[2] === '--measure') {
  const [mode, workers, ...files] = process.argv.slice(3);
  runMeasure(mode as Mode, Number(workers), files).then(
    (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
    (e) => {
      process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
