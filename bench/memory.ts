// `npm run bench:memory [-- --sizes 1000,10000,100000] [--workers N] [--no-db] [--out FILE]`
//
// Peak resident size of `tender extract` (main process and worker processes together, sampled
// from /proc) on 1,000, 10,000 and 100,000 varied tenders (bench/varied.ts: every document its own
// project, buyer, numbers and wordings, one in five HTML), each size a fresh run into a fresh
// output, the dataset load included unless --no-db. The goal: flat within 10% from the smallest
// size to the largest, and under 1 GB. The largest run takes long (about 5 minutes at 100,000 on
// two cores): it is not part of `npm run bench` nor of the tests.
import { rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseArgs } from '../cli/args.js';
import { RESULTS, root, saveResult } from './bench.js';
import { mustRun, treeRssParts } from './proc.js';
import { num, textTable, type BenchLine, type MemoryPoint } from './report.js';
import { writeVaried } from './varied.js';

export const MEMORY_GOAL = { flat: 1.1, underMb: 1024, text: '≤ 1.10× and < 1 GB' };

/** The goal's line from the points of one call, smallest size first. */
export function memoryLine(points: MemoryPoint[], workers: number, db: boolean): BenchLine {
  const first = points[0];
  const last = points[points.length - 1];
  const ratio = last.peakMb / first.peakMb;
  const at = (p: MemoryPoint) => `${num(p.peakMb)} MB at ${p.docs.toLocaleString('en-US')}`;
  return {
    id: 'memory',
    work: `peak RSS, main + workers, ${points.map((p) => p.docs.toLocaleString('en-US')).join(' → ')} varied TXT/HTML, ${workers} workers${db ? '' : ', --no-db'}`,
    tender: points.slice(1).map(at).join(', ') || at(first),
    baseline: at(first),
    ratio,
    ratioText: `${num(ratio)}×`,
    goal: MEMORY_GOAL.text,
    pass: points.length > 1 ? ratio <= MEMORY_GOAL.flat && Math.max(...points.map((p) => p.peakMb)) < MEMORY_GOAL.underMb : null,
  };
}

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, { sizes: 'value', workers: 'value', 'no-db': 'bool', out: 'value' });
  const sizes = (typeof flags.sizes === 'string' ? flags.sizes : '1000,10000,100000').split(',').map(Number).sort((a, b) => a - b);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: "${String(flags.sizes)}" is not a list of whole numbers of files`);
  const workers = intFlag(flags, 'workers', availableParallelism());
  const db = flags['no-db'] !== true;
  const work = join(tmpdir(), 'tender-bench-memory');
  const points: MemoryPoint[] = [];
  let pid = 0;
  for (const n of sizes) {
    const dir = join(work, `in-${n}`);
    const out = join(work, `out-${n}`);
    const files = writeVaried(dir, n, { htmlEvery: 5 });
    const mib = files.reduce((s, f) => s + statSync(f).size, 0) / 1048576;
    rmSync(out, { recursive: true, force: true });
    let lastLog = 0;
    const r = await mustRun(process.execPath, [join(root, 'bin/tender.js'), 'extract', dir, '--out', out, '--quiet', '--ocr', 'off', '--concurrency', String(workers), ...(db ? [] : ['--no-db'])], {
      sampleMs: 100,
      onStart: (p) => { pid = p; },
      onSample: (mb, t) => {
        if (t - lastLog < 60) return;
        lastLog = t;
        const [main, ...workers] = treeRssParts(pid);
        console.log(`bench:memory: ${n.toLocaleString('en-US')} docs, ${t.toFixed(0)} s in, ${num(mb)} MB now (main ${num(main ?? 0)} MB, workers ${workers.map(num).join(' + ') || '-'} MB)`);
      },
    }, [0, 1]);
    points.push({ docs: n, peakMb: r.peakTreeRssMb, seconds: r.seconds, mib });
    console.log(`bench:memory: ${n.toLocaleString('en-US')} docs (${num(mib)} MiB): peak ${num(r.peakTreeRssMb)} MB, ${num(r.seconds)} s, ${num(n / r.seconds)} docs/s`);
    // The inputs and outputs of the largest sizes take gigabytes: none is kept.
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
  const line = memoryLine(points, workers, db);
  console.log('');
  console.log(textTable([line]));
  const file = typeof flags.out === 'string' ? resolve(flags.out) : RESULTS;
  saveResult(file, { lines: [line], memory: points });
  console.log(`\nbench:memory: written to ${file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`bench:memory: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  });
}
