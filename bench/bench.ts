// `npm run bench [-- --sizes 1000,10000 --formats txt,html,docx,pdf]`
// For each size N and format: N synthetic tenders through `tender extract` (all cores, worker
// threads) and through plain text extraction (pdf-parse getText(), mammoth raw text, a plain
// decode), each in a fresh process; prints docs/s, MB/s, pages/s and peak RSS side by side.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatOfPath, writeSynthetic, type BenchFormat } from './synth.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '1000,10000').split(',').map(Number);
const formats = opt('formats', 'txt,html,docx,pdf').split(',') as BenchFormat[];

interface Measure { seconds: number; peakRssMb: number; docs: number; bytes: number; pages: number }

function measure(mode: 'tender' | 'plain', dir: string, out = ''): Measure {
  const r = spawnSync(process.execPath, [join(root, 'dist/bench/measure.js'), mode, dir, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`measure ${mode} ${dir} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

function sources(): string[] {
  const out: string[] = [];
  for (const dir of ['corpus', 'test/fixtures/seeds']) {
    try {
      for (const name of readdirSync(join(root, dir))) if (formatOfPath(name)) out.push(join(root, dir, name));
    } catch {
      /* missing folder */
    }
  }
  return out.sort();
}

const rows: string[][] = [['N', 'format', 'tender docs/s', 'MB/s', 'pages/s', 'peak RSS MB', 'plain docs/s', 'plain pages/s', 'plain RSS MB', 'cost ×']];
const work = join(tmpdir(), 'tender-bench');
console.log(`bench: ${availableParallelism()} cores, Node ${process.version}, sources: ${sources().length} documents`);
for (const n of sizes) {
  for (const format of formats) {
    const dir = join(work, `${format}-${n}`);
    const files = writeSynthetic(sources(), format, dir, n, n);
    if (!files.length) {
      console.log(`bench: no ${format} source documents; skipped`);
      continue;
    }
    const plain = measure('plain', dir);
    const ours = measure('tender', dir, join(work, `out-${format}-${n}`));
    const pages = format === 'pdf' ? plain.pages : 0;
    const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    rows.push([
      String(n), format, f(ours.docs / ours.seconds), f(ours.bytes / 1048576 / ours.seconds), pages ? f(pages / ours.seconds) : '-', f(ours.peakRssMb),
      f(plain.docs / plain.seconds), pages ? f(pages / plain.seconds) : '-', f(plain.peakRssMb), (ours.seconds / plain.seconds).toFixed(1),
    ]);
    console.log(`bench: ${format} N=${n}: tender ${ours.seconds.toFixed(1)} s, plain ${plain.seconds.toFixed(1)} s`);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log('');
for (const r of rows) console.log(r.map((x, c) => (c < 2 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  '));
