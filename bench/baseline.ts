// The yardsticks the bench sets beside `tender extract`, each a whole process of its own so that
// both sides pay for their start-up alike:
//   node dist/bench/baseline.js decode-lines LIST   read, UTF-8 decode and split into lines (TXT), one thread
//   node dist/bench/baseline.js decode LIST         read and UTF-8 decode (HTML), one thread
//   node dist/bench/baseline.js mammoth LIST        mammoth convertToHtml (DOCX), one thread
//   node dist/bench/baseline.js pdftotext N LIST    `pdftotext -layout` in N processes at a time
// LIST is a file naming one input a line (a 100,000-file list does not fit a command line).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const listOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'decode-lines' || mode === 'decode') {
    let lines = 0;
    for (const path of listOf(rest[0])) {
      const text = new TextDecoder('utf-8').decode(readFileSync(path));
      if (mode === 'decode-lines') lines += text.split(/\r?\n/).length;
    }
    process.stdout.write(`${lines}\n`);
  } else if (mode === 'mammoth') {
    const mammoth = (await import('mammoth')).default;
    for (const path of listOf(rest[0])) await mammoth.convertToHtml({ buffer: readFileSync(path) });
  } else if (mode === 'pdftotext') {
    const files = listOf(rest[1]);
    let next = 0;
    const one = (path: string) => new Promise<void>((resolve, reject) => {
      const p = spawn('pdftotext', ['-layout', path, '-'], { stdio: 'ignore' });
      p.on('error', reject);
      p.on('close', () => resolve());
    });
    await Promise.all(Array.from({ length: Math.min(Number(rest[0]), files.length) }, async () => {
      while (next < files.length) await one(files[next++]);
    }));
  } else {
    throw new Error(`unknown baseline "${mode}"`);
  }
}

main().catch((e) => {
  process.stderr.write(`baseline: ${(e as Error)?.message ?? e}\n`);
  process.exit(1);
});
