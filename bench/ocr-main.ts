// `npm run bench:ocr [-- FILE.pdf ...] [--pages N]`: OCR throughput, one thread: pages rendered
// by pdf.js and recognised by the engine (extractors/pdf/ocr), the engine's model-load time apart,
// and peak RSS; beside it, where Debian's tesseract (chi_sim) is installed, the same page images
// through tesseract as the baseline. Without files, the OCR fixtures of test/fixtures/pdf.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ocrEngine } from '../extractors/pdf/ocr/engine.js';
import { openRenderer } from '../extractors/pdf/ocr/render.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--pages');
const maxPages = at >= 0 ? Number(args[at + 1]) : 20;
const given = args.filter((a, i) => a.endsWith('.pdf') && args[i - 1] !== '--pages');
const files = given.length ? given : ['scanned-table.pdf', 'garbled-table.pdf'].map((f) => join(root, 'test/fixtures/pdf', f));

const pageCount = (bytes: Buffer): number => Number(/\/Count\s+(\d+)/.exec(bytes.toString('latin1'))?.[1] ?? 1);

// Render every page first: rendering is the reader's cost, recognition the engine's.
const images: Buffer[] = [];
let renderMs = 0;
for (const file of files) {
  const bytes = readFileSync(file);
  const r = openRenderer(bytes);
  for (let p = 1; p <= pageCount(bytes) && images.length < maxPages; p++) {
    const t = performance.now();
    const shot = await r.render(p);
    renderMs += performance.now() - t;
    if (shot) images.push(shot.png);
  }
  await r.close();
}

const t0 = performance.now();
const loaded = await ocrEngine();
const loadMs = performance.now() - t0;
if (!loaded.ok) throw new Error(loaded.error);
const t1 = performance.now();
let chars = 0;
for (const png of images) chars += (await loaded.engine.recognise(png)).reduce((s, l) => s + l.text.length, 0);
const ocrMs = performance.now() - t1;
const rss = process.resourceUsage().maxRSS / 1024;

let tesseract: { pagesPerSec: number; chars: number } | null = null;
if (!spawnSync('tesseract', ['--version']).error) {
  const dir = mkdtempSync(join(tmpdir(), 'tender-bench-ocr-'));
  try {
    let read = 0;
    const t = performance.now();
    for (const [n, png] of images.entries()) {
      const f = join(dir, `${n}.png`);
      writeFileSync(f, png);
      read += execFileSync('tesseract', [f, '-', '-l', 'chi_sim'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().replace(/\s+/g, '').length;
    }
    tesseract = { pagesPerSec: images.length / ((performance.now() - t) / 1000), chars: read };
  } catch {
    tesseract = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
console.log(`OCR bench: ${images.length} pages from ${files.length} files, one thread`);
console.log(`  render (pdf.js, 150 dpi):   ${f(images.length / (renderMs / 1000))} pages/s`);
console.log(`  model load:                 ${f(loadMs)} ms (once per worker thread)`);
console.log(`  recognition (PaddleOCR v4): ${f(images.length / (ocrMs / 1000))} pages/s, ${chars} characters`);
console.log(`  peak RSS:                   ${f(rss)} MB`);
if (tesseract) {
  console.log(`  tesseract chi_sim (baseline, same images): ${f(tesseract.pagesPerSec)} pages/s, ${tesseract.chars} characters`);
  console.log(`  ratio (PaddleOCR / tesseract pages/s): ${(images.length / (ocrMs / 1000) / tesseract.pagesPerSec).toFixed(2)}`);
} else {
  console.log('  tesseract not installed: no baseline (apt install tesseract-ocr-chi-sim)');
}
