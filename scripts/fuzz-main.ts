// `npm run fuzz [-- COUNT]`: 10,000 corrupt tender files through `tender extract`; fails when
// the run crashes or a file does not get exactly one documents line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzSources, writeFuzzCorpus } from './fuzz.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const count = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? Date.now() % 100_000);
const dir = join(tmpdir(), `tender-fuzz-${seed}`);
const sources = fuzzSources([join(root, 'corpus'), join(root, 'test/fixtures')]);
console.log(`fuzz: ${count} files mutated from ${sources.length} sources (seed ${seed}) in ${dir}`);
const files = writeFuzzCorpus(sources, join(dir, 'in'), count, seed);
const started = Date.now();
const run = spawnSync(process.execPath, [join(root, 'bin/tender.js'), 'extract', join(dir, 'in'), '--out', join(dir, 'out'), '--no-db', '--quiet', '--timeout', '20', '--ocr', 'off'], { encoding: 'utf8', maxBuffer: 1 << 26 });
const docs = readFileSync(join(dir, 'out/documents.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; status: string; error: string | null });
const bySource = new Map<string, number>();
for (const d of docs) bySource.set(d.source, (bySource.get(d.source) ?? 0) + 1);
const problems: string[] = [];
if (run.status !== 0 && run.status !== 1) problems.push(`tender exited ${run.status}: ${run.stderr.split('\n').slice(-5).join(' | ')}`);
for (const f of files) if (bySource.get(f) !== 1) problems.push(`${f}: ${bySource.get(f) ?? 0} documents lines`);
const bugs = docs.filter((d) => /a bug in tender/.test(d.error ?? ''));
for (const b of bugs.slice(0, 20)) problems.push(`${b.source}: ${b.error}`);
const statuses = docs.reduce<Record<string, number>>((m, d) => ({ ...m, [d.status]: (m[d.status] ?? 0) + 1 }), {});
console.log(`fuzz: ${docs.length} documents in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(statuses)}; ${bugs.length} internal errors`);
if (problems.length) {
  console.log(problems.slice(0, 50).join('\n'));
  process.exit(1);
}
console.log('fuzz: no crash, one documents line per file');
