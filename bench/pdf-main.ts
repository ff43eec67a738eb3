// `node dist/bench/pdf-main.js [--workers N] [--min-pages N] [--no-plain] [FILE|DIR ...]`: the
// PDF reader's throughput on the given PDFs (default: the seed and fixture PDFs) beside a plain
// pdf-parse getText() and `pdftotext -layout` (where poppler is installed) of the same files.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPdf } from './pdf.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const valued = new Set(['--workers', '--min-pages']);
const opt = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const given = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
const pdfsIn = (dir: string) => readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => join(dir, f));
const files = given.length
  ? given.map((p) => resolve(p)).flatMap((p) => (statSync(p).isDirectory() ? pdfsIn(p) : [p]))
  : ['test/fixtures/seeds', 'test/fixtures/pdf'].flatMap((dir) => pdfsIn(join(root, dir)));
const r = await benchPdf(files, { workers: opt('workers'), minPages: opt('min-pages'), noPlain: args.includes('--no-plain') });
const f = (x: number) => (!Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const rows = [
  ['', 'pages/s', 'pages/CPU-s', 'peak RSS MB'],
  ['tender (reader + pipeline)', f(r.pagesPerSec), f(r.pagesPerCpuSec), f(r.peakRssMb)],
  ...(args.includes('--no-plain') ? [] : [['pdf-parse getText()', f(r.plainPagesPerSec), f(r.plainPagesPerCpuSec), f(r.plainPeakRssMb)]]),
  ...(r.pdftotext ? [['pdftotext -layout', f(r.pdftotext.pagesPerSec), f(r.pdftotext.pagesPerCpuSec), '-']] : []),
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log(`PDF bench: ${files.length} files, ${r.pages} pages timed, ${r.workers} worker thread(s) / process(es) per side`);
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
if (!args.includes('--no-plain')) console.log(`ratio (tender / plain pages/s): ${r.ratio.toFixed(2)}`);
if (r.pdftotext) console.log(`pdftotext -layout is ${(r.pdftotext.pagesPerSec / r.pagesPerSec).toFixed(2)}x as fast (${(r.pdftotext.pagesPerCpuSec / r.pagesPerCpuSec).toFixed(2)}x per CPU second)`);
