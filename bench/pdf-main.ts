// `node dist/bench/pdf-main.js [--workers N] [--min-pages N]`: the PDF reader's throughput on
// the seed and fixture PDFs beside a plain pdf-parse getText() of the same files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPdf } from './pdf.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

const files = ['test/fixtures/seeds', 'test/fixtures/pdf'].flatMap((dir) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(root, dir, f)));
const r = await benchPdf(files, { workers: opt('workers'), minPages: opt('min-pages') });
const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const rows = [
  ['', 'pages/s', 'pages/CPU-s', 'peak RSS MB'],
  ['tender (reader + pipeline)', f(r.pagesPerSec), f(r.pagesPerCpuSec), f(r.peakRssMb)],
  ['pdf-parse getText()', f(r.plainPagesPerSec), f(r.plainPagesPerCpuSec), f(r.plainPeakRssMb)],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log(`PDF bench: ${files.length} files, ${r.pages} pages timed, ${r.workers} worker thread(s) per side`);
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
console.log(`ratio (tender / plain pages/s): ${r.ratio.toFixed(2)}`);
