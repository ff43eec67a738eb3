// Rewrites the README's performance table from the last bench result (bench/results/latest.json,
// written by `npm run bench` and `npm run bench:memory`), so the README shows figures a run
// produced, never figures typed in by hand.
//
//   npm run bench:readme [-- RESULT.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, num, stageShares, type BenchResult } from '../bench/report.js';
import { repoRoot } from './make-fixtures.js';

export const BENCH_START = '<!-- bench -->';
export const BENCH_END = '<!-- /bench -->';

/** The Markdown the markers hold: where and how it was measured, the lines, the stage shares. */
export function benchSection(r: BenchResult): string {
  const when = r.date.slice(0, 10);
  const load = r.load !== undefined ? ` (load average ${num(r.load)})` : '';
  const head = `Measured ${when} on a ${r.cores}-core machine shared with other work${load}, Node ${r.node}, ${r.workers} workers; ` +
    `each figure the median of ${r.runs} paired runs, whole processes, start-up included; ` +
    'the ratio is the median of the pairs\' own ratios, so on a busy machine it can differ from the ratio of the two medians.';
  const stages = Object.entries(r.stages).map(([format, s]) => `- ${stageShares(s, format.toUpperCase())}`);
  const memory = r.memory?.length
    ? [`- memory: ${r.memory.map((p) => `${p.docs.toLocaleString('en-US')} documents ${num(p.peakMb)} MB (${num(p.docs / p.seconds)} docs/s)`).join('; ')}`]
    : [];
  return [head, '', markdownTable(r.lines), ...(stages.length || memory.length ? ['', ...stages, ...memory] : [])].join('\n');
}

/** README's text with the part between the bench markers rewritten. */
export function withBench(readme: string, r: BenchResult): string {
  const a = readme.indexOf(BENCH_START);
  const b = readme.indexOf(BENCH_END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${BENCH_START} … ${BENCH_END} markers`);
  return `${readme.slice(0, a)}${BENCH_START}\n${benchSection(r)}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const source = resolve(process.argv[2] ?? join(repoRoot(), 'bench/results/latest.json'));
  const file = join(repoRoot(), 'README.md');
  let result: BenchResult;
  try {
    result = JSON.parse(readFileSync(source, 'utf8')) as BenchResult;
  } catch (e) {
    process.stderr.write(`readme-bench: ${source}: ${(e as Error).message} (run npm run bench first)\n`);
    process.exit(1);
  }
  writeFileSync(file, withBench(readFileSync(file, 'utf8'), result));
  console.log(`${file}: performance table rewritten from ${source}`);
}
