// One measurement, run in a fresh process so its peak RSS is its own:
//   node dist/bench/measure.js tender DIR OUT     → `tender extract` (worker threads)
//   node dist/bench/measure.js plain DIR          → plain text extraction, one thread
// Prints one JSON line: {seconds, peakRssMb, docs, bytes, pages}.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractCommand } from '../cli/extract.js';
import { formatOfPath } from './synth.js';

async function plain(dir: string): Promise<{ pages: number }> {
  const mammoth = (await import('mammoth')).default;
  const { PDFParse } = await import('pdf-parse');
  let pages = 0;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const bytes = readFileSync(path);
    const format = formatOfPath(path);
    if (format === 'txt' || format === 'html') new TextDecoder('utf-8').decode(bytes);
    else if (format === 'docx') await mammoth.extractRawText({ buffer: bytes });
    else if (format === 'pdf') {
      const parser = new PDFParse({ data: new Uint8Array(bytes) });
      try {
        const r = await parser.getText();
        pages += r.total;
      } finally {
        await parser.destroy();
      }
    }
  }
  return { pages };
}

async function main(): Promise<void> {
  const [mode, dir, out] = process.argv.slice(2);
  const files = readdirSync(dir);
  const bytes = files.reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  const started = performance.now();
  let pages = 0;
  if (mode === 'tender') {
    const code = await extractCommand([dir, '--out', out, '--no-db', '--quiet', '--force', '--ocr', 'off']);
    if (code !== 0 && code !== 1) throw new Error(`tender extract exited ${code}`);
    // A benchmark of files that fail measures failing: every synthetic tender must read.
    const bad = readFileSync(join(out, 'documents.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { source: string; status: string; error: string | null }).filter((d) => d.status === 'failed' || d.status === 'skipped');
    if (bad.length) throw new Error(`${bad.length} of ${files.length} benchmark files did not read, e.g. ${bad[0].source}: ${bad[0].error}`);
  } else {
    pages = (await plain(dir)).pages;
  }
  const seconds = (performance.now() - started) / 1000;
  // maxRSS covers the worker threads too: they live in this process.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb, docs: files.length, bytes, pages }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
