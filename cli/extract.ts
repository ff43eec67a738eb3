// `tender extract PATH... [--out DIR] [--concurrency N]`
import pLimit from 'p-limit';
import { availableParallelism } from 'node:os';
import { processFile } from '../pipeline/run.js';
import { JsonlOutput } from '../pipeline/write.js';
import { readerFor } from '../extractors/index.js';
import { collectInputs } from './files.js';
import { intFlag, parseArgs, UsageError } from './args.js';
import { Progress } from './progress.js';
import { loadAfterExtract } from '../dataset/load.js';

export const EXTRACT_USAGE = 'tender extract PATH... [--out DIR] [--concurrency N] [--quiet] [--no-db]';

export interface ExtractSummary { ok: number; partial: number; failed: number; items: number; seconds: number }

export async function extractCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { out: 'value', concurrency: 'value', quiet: 'bool', 'no-db': 'bool' });
  if (!positionals.length) throw new UsageError('extract needs at least one file or folder');
  const outDir = typeof flags.out === 'string' ? flags.out : 'out';
  const concurrency = intFlag(flags, 'concurrency', Math.max(1, availableParallelism()));
  const quiet = flags.quiet === true;

  const started = performance.now();
  const inputs = await collectInputs(positionals, (p) => !!readerFor(p));
  for (const m of inputs.missing) process.stderr.write(`tender: ${m}: no such file or folder\n`);
  if (!inputs.files.length) {
    process.stderr.write('tender: no tender files found (.docx, .pdf, .txt, .html)\n');
    return inputs.missing.length ? 1 : 0;
  }

  const output = await JsonlOutput.open(outDir);
  const progress = new Progress(inputs.files.length, process.stderr, quiet);
  const summary: ExtractSummary = { ok: 0, partial: 0, failed: 0, items: 0, seconds: 0 };
  const limit = pLimit(concurrency);
  try {
    // Records are written in input order, whatever order the files finish in.
    const pending = inputs.files.map((file) => limit(() => processFile(file)));
    for (const p of pending) {
      const records = await p;
      await output.add(records);
      summary[records.document.status]++;
      summary.items += records.items.length;
      progress.tick(records.document);
    }
    await output.commit();
  } catch (e) {
    await output.abort();
    throw e;
  }
  progress.finish();
  summary.seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `documents: ${summary.ok} ok, ${summary.partial} partial, ${summary.failed} failed · items: ${summary.items} · ${summary.seconds.toFixed(1)} s · output in ${outDir}/\n`,
  );
  // The dataset is rebuilt from the committed JSON lines, so a failed load never loses them.
  const dbFailed = flags['no-db'] === true ? 0 : await loadAfterExtract(outDir);
  return summary.failed || inputs.missing.length || dbFailed ? 1 : 0;
}
