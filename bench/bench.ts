// `npm run bench [-- --only pdf,docx,txt,html,db,startup,scaling] [--formats txt,pdf] [--sizes 1000]
//                   [--runs 3] [--workers N] [--real DIR] [--out FILE]`
//
// Every goal of the performance work as one line: `tender extract` (the built CLI, a fresh
// process) beside its yardstick run in the same call, A B A B …, the ratio taken pair by pair and
// its median printed with the goal. Whole processes on both sides, start-up included. The result
// goes to bench/results/latest.json (--out), which `npm run bench:readme` turns into the README's
// table. The 100,000-document memory run is `npm run bench:memory` (bench/memory.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseArgs } from '../cli/args.js';
import { median, mustRun, paired, type Paired, type Run } from './proc.js';
import { addStageTimes, mergeLines, num, parseStageTimes, stageShares, textTable, type BenchLine, type BenchResult, type StageShares } from './report.js';
import { formatOfPath, writeSynthetic, type BenchFormat } from './synth.js';
import { tenderText, variedTender } from './varied.js';
import { prng } from '../scripts/fuzz.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS = join(root, 'bench/results/latest.json');
const CLI = join(root, 'bin/tender.js');
const BASELINE = join(root, 'dist/bench/baseline.js');
const PDFPLUMBER = join(root, 'bench/pdfplumber-tables.py');

/** The goals, as data: a line's ratio is held to `atLeast` or `atMost`. */
export const GOALS = {
  pdftotext: { atMost: 2.5, text: '≤ 2.5× slower' },
  pdfplumber: { atLeast: 4, text: '≥ 4× faster' },
  docx: { atLeast: 4, text: '≥ 4× per core' },
  text: { atLeast: 10, text: '≥ 10 MiB/s per core' },
  db: { atMost: 1.1, text: '≤ +10%' },
  startup: { atMost: 3, text: '≤ 3×' },
  scaling: { atLeast: 2, text: '2× (informational)' },
} as const;

const SECTIONS = ['pdf', 'docx', 'txt', 'html', 'db', 'startup', 'scaling'] as const;
type Section = (typeof SECTIONS)[number];
/** The format each section's work is in, for --formats. */
const FORMAT_OF: Record<Section, BenchFormat> = { pdf: 'pdf', docx: 'docx', txt: 'txt', html: 'html', db: 'txt', startup: 'txt', scaling: 'pdf' };
/** Files per format where --sizes is not given: enough to time, not so many that a run takes minutes. */
const DEFAULT_COUNT: Record<BenchFormat, number> = { txt: 1000, html: 1000, docx: 100, pdf: 0 };
/** The seed PDFs are repeated to at least this many pages (worker start-up then weighs little). */
const MIN_PDF_PAGES = 800;

const pass = (ratio: number, goal: { atLeast?: number; atMost?: number }) =>
  Number.isFinite(ratio) ? ('atLeast' in goal ? ratio >= goal.atLeast! : ratio <= goal.atMost!) : null;
const skipped = (id: string, work: string, baseline: string, goal: string, why: string): BenchLine =>
  ({ id, work, tender: why, baseline, ratio: null, ratioText: '-', goal, pass: null });
const mib = (bytes: number) => bytes / 1048576;
const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, w: string) => `${count(n)} ${w}${n === 1 ? '' : 's'}`;

function sources(format: BenchFormat): string[] {
  const out: string[] = [];
  for (const dir of ['corpus', 'test/fixtures/seeds']) {
    try {
      for (const name of readdirSync(join(root, dir))) if (formatOfPath(name) === format) out.push(join(root, dir, name));
    } catch {
      /* a folder the checkout does not have */
    }
  }
  return out.sort();
}

function listFile(work: string, name: string, files: string[]): string {
  const f = join(work, `${name}.list`);
  writeFileSync(f, files.join('\n') + '\n');
  return f;
}

function bytesOf(files: string[]): number {
  return files.reduce((s, f) => s + statSync(f).size, 0);
}

async function pagesOf(files: string[]): Promise<number> {
  const { PDFParse } = await import('pdf-parse');
  let pages = 0;
  for (const f of files) {
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(f)) });
    try {
      pages += (await parser.getInfo()).total;
    } catch {
      /* unreadable to pdf.js: no pages to count */
    } finally {
      await parser.destroy();
    }
  }
  return pages;
}

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

interface Ctx { work: string; workers: number; runs: number; lines: BenchLine[]; stages: Record<string, StageShares | null> }

/** `tender extract` over `inputs` into a fresh `out` each run (the caller's prepare empties it). */
function tender(inputs: string[], out: string, flags: string[], env?: NodeJS.ProcessEnv): () => Promise<Run> {
  // Files that fail are counted by exit code 1; the bench checks the statuses itself where it must.
  return () => mustRun(process.execPath, [CLI, 'extract', ...inputs, '--out', out, '--quiet', '--ocr', 'off', ...flags], { env }, [0, 1]);
}
const node = (script: string, args: string[]) => () => mustRun(process.execPath, [script, ...args], { sampleMs: 0 });
const fresh = (dir: string) => () => rmSync(dir, { recursive: true, force: true });

/** `run`, and after its first time a check that every file of the set read. */
function checked(run: () => Promise<Run>, out: string, what: string): () => Promise<Run> {
  let done = false;
  return async () => {
    const r = await run();
    if (!done) allRead(out, what);
    done = true;
    return r;
  };
}

/** A synthetic set must read: a benchmark of files that fail measures failing. */
function allRead(out: string, what: string): void {
  const docs = readFileSync(join(out, 'documents.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: string; status: string; error: string | null });
  const bad = docs.filter((d) => d.status === 'failed' || d.status === 'skipped');
  if (bad.length) throw new Error(`${what}: ${bad.length} of ${docs.length} files did not read, e.g. ${bad[0].source}: ${bad[0].error}`);
}

const medianOf = (p: Run[]) => median(p.map((r) => r.seconds));

async function pdfLines(ctx: Ctx, size: number | undefined, realDir: string | null, scaling: boolean, pdf: boolean): Promise<void> {
  const W = ctx.workers;
  const src = sources('pdf');
  const srcPages = await pagesOf(src);
  const n = size ?? src.length * Math.max(1, Math.ceil(MIN_PDF_PAGES / Math.max(1, srcPages)));
  const dir = join(ctx.work, `pdf-${n}`);
  const files = writeSynthetic(src, 'pdf', dir, n, n);
  const pages = await pagesOf(files);
  const out = join(ctx.work, 'out-pdf');
  const sets: { id: string; what: string; dir: string; files: string[]; pages: number }[] = [
    { id: 'pdf-seeds', what: `${plural(files.length, 'seed PDF')} (${plural(pages, 'page')})`, dir, files, pages },
  ];
  if (pdf) {
    if (realDir) {
      // Copied beside the others: the real folder holds DOCX and TXT too, and is not the bench's to write in.
      const realFiles = readdirSync(realDir).filter((f) => formatOfPath(f) === 'pdf').sort();
      const rdir = join(ctx.work, 'pdf-real');
      rmSync(rdir, { recursive: true, force: true });
      mkdirSync(rdir, { recursive: true });
      for (const f of realFiles) copyFileSync(join(realDir, f), join(rdir, f));
      const rfiles = realFiles.map((f) => join(rdir, f));
      const rpages = await pagesOf(rfiles);
      sets.push({ id: 'pdf-real', what: `${plural(rfiles.length, 'real PDF')} (${plural(rpages, 'page')})`, dir: rdir, files: rfiles, pages: rpages });
    } else {
      ctx.lines.push(skipped('pdf-real', 'real PDFs', 'pdftotext -layout', GOALS.pdftotext.text, 'skipped: no real PDFs (--real DIR, or ../shared/real)'));
    }
    const poppler = has('pdftotext', ['-v']);
    for (const set of sets) {
      const work = `${set.what}, ${W} worker${W > 1 ? 's' : ''}`;
      if (!poppler) {
        ctx.lines.push(skipped(set.id, work, 'pdftotext -layout', GOALS.pdftotext.text, 'skipped: pdftotext not installed'));
        continue;
      }
      const list = listFile(ctx.work, set.id, set.files);
      const ours = tender([set.dir], out, ['--concurrency', String(W), '--no-db']);
      // The real PDFs include ones that must fail (no text layer, a broken font map); the seeds must all read.
      const p = await paired(ctx.runs, set.id === 'pdf-seeds' ? checked(ours, out, set.id) : ours, node(BASELINE, ['pdftotext', String(W), list]), fresh(out));
      const r = median(p.ratios);
      ctx.lines.push({
        id: set.id, work, tender: `${num(set.pages / medianOf(p.a))} pages/s`,
        baseline: `pdftotext -layout, ${W} processes: ${num(set.pages / medianOf(p.b))} pages/s`,
        ratio: r, ratioText: `${num(r)}× slower`, goal: GOALS.pdftotext.text, pass: pass(r, GOALS.pdftotext),
      });
      console.log(`bench: ${set.id} done`);
    }
    // pdfplumber is the Python tool a table-minded reader reaches for: on the real PDFs, where tables are hard.
    const plumberSet = sets.find((s) => s.id === 'pdf-real') ?? sets[0];
    const pwork = `${plumberSet.what}, ${W} worker${W > 1 ? 's' : ''}`;
    if (!has('python3', ['-c', 'import pdfplumber'])) {
      ctx.lines.push(skipped('pdf-pdfplumber', pwork, 'pdfplumber extract_tables()', GOALS.pdfplumber.text, 'skipped: pdfplumber not installed'));
    } else {
      const list = listFile(ctx.work, 'plumber', plumberSet.files);
      const p = await paired(ctx.runs, tender([plumberSet.dir], out, ['--concurrency', String(W), '--no-db']),
        () => mustRun('python3', [PDFPLUMBER, String(W), list], { sampleMs: 0 }), fresh(out));
      const r = median(p.ratios.map((x) => 1 / x));
      ctx.lines.push({
        id: 'pdf-pdfplumber', work: pwork, tender: `${num(plumberSet.pages / medianOf(p.a))} pages/s`,
        baseline: `pdfplumber extract_tables(), ${W} processes: ${num(plumberSet.pages / medianOf(p.b))} pages/s`,
        ratio: r, ratioText: `${num(r)}× faster`, goal: GOALS.pdfplumber.text, pass: pass(r, GOALS.pdfplumber),
      });
      console.log('bench: pdfplumber done');
    }
  }
  if (scaling) {
    const seeds = sets[0];
    if (W < 2) {
      ctx.lines.push(skipped('scaling', `${seeds.what}, 1 → 2 workers`, '1 worker', GOALS.scaling.text, 'skipped: one core'));
    } else {
      const p = await paired(ctx.runs, tender([seeds.dir], out, ['--concurrency', '1', '--no-db']), tender([seeds.dir], out, ['--concurrency', '2', '--no-db']), fresh(out));
      const r = median(p.ratios);
      ctx.lines.push({
        id: 'scaling', work: `${seeds.what}, 1 → 2 workers`, tender: `2 workers: ${num(seeds.pages / medianOf(p.b))} pages/s`,
        baseline: `1 worker: ${num(seeds.pages / medianOf(p.a))} pages/s`, ratio: r, ratioText: `${num(r)}× faster`,
        goal: GOALS.scaling.text, pass: pass(r, GOALS.scaling), informational: true,
      });
      console.log('bench: scaling done');
    }
  }
}

async function docxLine(ctx: Ctx, n: number): Promise<void> {
  const W = ctx.workers;
  const dir = join(ctx.work, `docx-${n}`);
  const files = writeSynthetic(sources('docx'), 'docx', dir, n, n);
  const id = `docx-${n}`;
  const work = `${count(n)} DOCX from the seeds, ${W} worker${W > 1 ? 's' : ''}`;
  if (!files.length) return void ctx.lines.push(skipped(id, work, 'mammoth', GOALS.docx.text, 'skipped: no DOCX sources'));
  const out = join(ctx.work, 'out-docx');
  const p = await paired(ctx.runs, checked(tender([dir], out, ['--concurrency', String(W), '--no-db']), out, id), node(BASELINE, ['mammoth', listFile(ctx.work, id, files)]), fresh(out));
  // Per core: tender's rate over its workers, mammoth's on its one thread.
  const r = median(p.ratios.map((x) => 1 / x / W));
  ctx.lines.push({
    id, work, tender: `${num(n / medianOf(p.a) / W)} docs/s per core`, baseline: `mammoth convertToHtml, 1 thread: ${num(n / medianOf(p.b))} docs/s`,
    ratio: r, ratioText: `${num(r)}× mammoth per core`, goal: GOALS.docx.text, pass: pass(r, GOALS.docx),
  });
  console.log(`bench: ${id} done`);
}

async function textLine(ctx: Ctx, format: 'txt' | 'html', n: number): Promise<void> {
  const W = ctx.workers;
  const dir = join(ctx.work, `${format}-${n}`);
  const files = writeSynthetic(sources(format), format, dir, n, n);
  const id = `${format}-${n}`;
  const work = `${count(n)} ${format.toUpperCase()}${format === 'html' ? ' (UTF-8)' : ''}, ${W} worker${W > 1 ? 's' : ''}`;
  const baseName = format === 'txt' ? 'decode + line split' : 'decode';
  if (!files.length) return void ctx.lines.push(skipped(id, work, baseName, GOALS.text.text, `skipped: no ${format} sources`));
  const size = mib(bytesOf(files));
  const out = join(ctx.work, `out-${format}`);
  const stagesFile = join(ctx.work, `stages-${format}.json`);
  let ms: Record<string, number> | null = null;
  let workerSeconds = 0;
  const a = checked(tender([dir], out, ['--concurrency', String(W), '--no-db'], { ...process.env, TENDER_STAGE_TIMES: stagesFile }), out, id);
  const p = await paired(ctx.runs, async () => {
    rmSync(stagesFile, { force: true });
    const r = await a();
    ms = addStageTimes(ms, parseStageTimes(existsSync(stagesFile) ? readFileSync(stagesFile, 'utf8') : null));
    workerSeconds += r.seconds * W;
    return r;
  }, node(BASELINE, [format === 'txt' ? 'decode-lines' : 'decode', listFile(ctx.work, id, files)]), fresh(out));
  const perCore = median(p.a.map((r) => size / r.seconds / W));
  const slower = median(p.ratios.map((x) => x * W));
  ctx.lines.push({
    id, work, tender: `${num(perCore)} MiB/s per core`, baseline: `${baseName}, 1 thread: ${num(size / medianOf(p.b))} MiB/s`,
    ratio: perCore, ratioText: `${num(slower)}× slower per core`, goal: GOALS.text.text, pass: pass(perCore, GOALS.text),
  });
  ctx.stages[format] = ms ? { work: `${count(n)} ${format.toUpperCase()} × ${ctx.runs} runs`, ms, workerSeconds } : null;
  console.log(`bench: ${id} done; ${stageShares(ctx.stages[format], format.toUpperCase())}`);
}

async function dbLine(ctx: Ctx, n: number): Promise<void> {
  const W = ctx.workers;
  const dir = join(ctx.work, `txt-${n}`);
  writeSynthetic(sources('txt'), 'txt', dir, n, n);
  const out = join(ctx.work, 'out-db');
  const p = await paired(ctx.runs, tender([dir], out, ['--concurrency', String(W)]), tender([dir], out, ['--concurrency', String(W), '--no-db']), fresh(out));
  const r = median(p.ratios);
  ctx.lines.push({
    id: `db-${n}`, work: `dataset load after ${count(n)} TXT`, tender: `extract: ${num(medianOf(p.a))} s`, baseline: `extract --no-db: ${num(medianOf(p.b))} s`,
    ratio: r, ratioText: `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(0)}%`, goal: GOALS.db.text, pass: pass(r, GOALS.db),
  });
  console.log(`bench: db-${n} done`);
}

/** A varied tender of about 3 KB, the size of a short notice. */
function smallTender(dir: string): string {
  const rand = prng(3);
  let best = '';
  for (let i = 0; i < 200; i++) {
    const t = tenderText(variedTender(i, rand));
    if (Math.abs(Buffer.byteLength(t) - 3072) < Math.abs(Buffer.byteLength(best) - 3072)) best = t;
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'notice.txt');
  writeFileSync(file, best);
  return file;
}

async function startupLine(ctx: Ctx): Promise<void> {
  const file = smallTender(join(ctx.work, 'startup'));
  const out = join(ctx.work, 'out-startup');
  const runs = Math.max(7, ctx.runs);
  // The command as a user types it, with its dataset load; one unpaired round first warms the disk cache.
  const a = () => mustRun(process.execPath, [CLI, 'extract', file, '--out', out], { sampleMs: 0 });
  const b = () => mustRun(process.execPath, ['-e', '0'], { sampleMs: 0 });
  await paired(1, a, b, fresh(out));
  const p: Paired = await paired(runs, a, b, fresh(out));
  const r = median(p.ratios);
  ctx.lines.push({
    id: 'startup', work: `one ${(statSync(file).size / 1024).toFixed(1)} KB TXT, start to end (${runs} runs)`, tender: `${num(medianOf(p.a))} s`,
    baseline: `node -e 0: ${num(medianOf(p.b))} s`, ratio: r, ratioText: `${num(r)}×`, goal: GOALS.startup.text, pass: pass(r, GOALS.startup),
  });
  console.log('bench: startup done');
}

export async function bench(argv: string[]): Promise<BenchResult> {
  const { flags } = parseArgs(argv, { only: 'value', formats: 'value', sizes: 'value', runs: 'value', workers: 'value', real: 'value', out: 'value' });
  const list = (v: string | boolean | undefined) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : null);
  const only = list(flags.only) ?? [...SECTIONS];
  for (const s of only) if (!SECTIONS.includes(s as Section)) throw new Error(`--only: unknown part "${s}" (one of ${SECTIONS.join(', ')})`);
  const formats = list(flags.formats);
  for (const f of formats ?? []) if (!['txt', 'html', 'docx', 'pdf'].includes(f)) throw new Error(`--formats: unknown format "${f}" (txt, html, docx, pdf)`);
  const sections = (only as Section[]).filter((s) => !formats || formats.includes(FORMAT_OF[s]));
  const sizes = list(flags.sizes)?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: "${s}" is not a whole number of files`);
    return n;
  });
  const cores = availableParallelism();
  const ctx: Ctx = { work: join(tmpdir(), 'tender-bench'), workers: intFlag(flags, 'workers', cores), runs: intFlag(flags, 'runs', 3), lines: [], stages: {} };
  const defaultReal = resolve(root, '../shared/real');
  const realDir = typeof flags.real === 'string' ? resolve(flags.real) : existsSync(defaultReal) ? defaultReal : null;
  if (realDir && !existsSync(realDir)) throw new Error(`--real ${realDir}: no such folder`);
  mkdirSync(ctx.work, { recursive: true });
  console.log(`bench: ${cores} cores, ${ctx.workers} workers, Node ${process.version}, ${ctx.runs} paired runs a line; ${sections.join(', ')}`);

  const countsFor = (f: BenchFormat) => sizes ?? [DEFAULT_COUNT[f]];
  if (sections.includes('pdf') || sections.includes('scaling')) {
    for (const n of sizes ?? [undefined]) await pdfLines(ctx, n, realDir, sections.includes('scaling'), sections.includes('pdf'));
  }
  if (sections.includes('docx')) for (const n of countsFor('docx')) await docxLine(ctx, n);
  if (sections.includes('txt')) for (const n of countsFor('txt')) await textLine(ctx, 'txt', n);
  if (sections.includes('html')) for (const n of countsFor('html')) await textLine(ctx, 'html', n);
  if (sections.includes('db')) for (const n of countsFor('txt')) await dbLine(ctx, n);
  if (sections.includes('startup')) await startupLine(ctx);

  return { date: new Date().toISOString(), node: process.version, cores, workers: ctx.workers, runs: ctx.runs, load: loadavg()[2], lines: ctx.lines, stages: ctx.stages };
}

/**
 * The result file with this run's lines put in place of the same lines of an earlier run. A part
 * run (the memory bench) gives only what it measured; the rest of the file is kept as it was.
 */
export function saveResult(file: string, result: Partial<BenchResult> & Pick<BenchResult, 'lines'>): void {
  let prev: BenchResult | null = null;
  try {
    prev = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  } catch {
    /* first run */
  }
  const base: BenchResult = prev ?? { date: new Date().toISOString(), node: process.version, cores: availableParallelism(), workers: result.workers ?? 1, runs: 1, lines: [], stages: {} };
  const merged: BenchResult = {
    ...base, ...result, lines: mergeLines(base.lines, result.lines), stages: { ...base.stages, ...result.stages }, memory: result.memory ?? base.memory,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  const file = outAt >= 0 ? resolve(argv[outAt + 1]) : RESULTS;
  bench(argv).then((result) => {
    console.log('');
    console.log(textTable(result.lines));
    for (const [format, s] of Object.entries(result.stages)) console.log(stageShares(s, format.toUpperCase()));
    saveResult(file, result);
    console.log(`\nbench: written to ${file}`);
  }, (e) => {
    process.stderr.write(`bench: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  });
}
