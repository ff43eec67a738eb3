// Every command of `tender`: what it does and its options, for `tender <command> --help`.
// The commands parse their own arguments (cli/args.ts); this table only describes them.
import {
  COMPARE_USAGE, ENQUEUE_USAGE, EXPORT_USAGE, EXTRACT_USAGE, INSPECT_USAGE, LOAD_USAGE, PRICES_USAGE, QUERY_USAGE, REPORT_USAGE,
  STATUS_USAGE, WORKER_USAGE,
} from './usage.js';

export interface CommandSpec {
  name: string;
  /** Its positional arguments as the command list shows them: PATH..., FILE, "SQL". */
  args?: string;
  summary: string;
  usage: string;
  options: [flags: string, what: string][];
  run: (argv: string[]) => Promise<number>;
}

const DB: [string, string] = ['--db FILE', 'the dataset to read (default: $TENDER_DB, else out/tenders.duckdb)'];
const OUTPUT: [string, string][] = [['--json', 'JSON lines, for programs'], ['--csv', 'CSV']];

// Commands load on use: `extract` never loads DuckDB, `query` never loads the readers.
export const COMMANDS: CommandSpec[] = [
  {
    name: 'extract', args: '<PATH...>', summary: 'read tender files into documents.jsonl, items.jsonl, tables.jsonl and the dataset', usage: EXTRACT_USAGE,
    options: [
      ['--out DIR', 'output folder (default out/); runs add to it and resume where they stopped'],
      ['--concurrency N', 'files read at once (default: the number of cores)'],
      ['--timeout SECONDS', 'time one file may take (default 60)'],
      ['--max-memory MB', 'memory one file may take before it is stopped (default 2048)'],
      ['--max-file-mb MB', 'files larger than this are not read (default 200)'],
      ['--ocr auto|off|force', 'recognise pages without usable text (default auto)'],
      ['--ocr-timeout SECONDS', 'time one page\'s recognition may take (default 60)'],
      ['--force', 'read again files already in the output'],
      ['--retry-failed', 'read again the files that failed'],
      ['--quiet', 'no progress, only the summary'],
      ['--no-db', 'write the JSON lines only, no DuckDB load'],
    ],
    run: async (argv) => (await import('./extract.js')).extractCommand(argv),
  },
  {
    name: 'inspect', args: '<FILE>', summary: 'why a file\'s tables were read as they were', usage: INSPECT_USAGE,
    options: [['--json', 'the trace as JSON']],
    run: async (argv) => (await import('./inspect.js')).inspectCommand(argv),
  },
  {
    name: 'query', args: '<SQL>', summary: 'run SQL on the dataset (read-only)', usage: QUERY_USAGE, options: [DB, ...OUTPUT],
    run: async (argv) => (await import('./query.js')).queryCommand(argv),
  },
  {
    name: 'compare', summary: 'buyers side by side on one service, in unit-months', usage: COMPARE_USAGE,
    options: [['--service KEY', 'a key of the taxonomy (compute.vcpu, storage.performance …)'], ['--by agency|project|lot', 'rows by (default agency)'],
      ['--metric total|unit_months', 'sorted by (default unit_months)'], DB, ...OUTPUT],
    run: async (argv) => (await import('./compare.js')).compareCommand(argv),
  },
  {
    name: 'prices', summary: 'implied yuan per unit-month of each service, with intervals', usage: PRICES_USAGE,
    options: [['--service KEY', 'one service only'], ['--by all|region|year|agency', 'one estimate per group (default all)'], DB, ...OUTPUT],
    run: async (argv) => (await import('./prices.js')).pricesCommand(argv),
  },
  {
    name: 'export', summary: 'the dataset as files other tools open', usage: EXPORT_USAGE,
    options: [['--parquet DIR', 'Parquet, for Spark, Trino, pandas'], ['--partition-by province|year|format', 'Hive-partitioned Parquet, a folder per table'], ['--csv DIR', 'CSV with a UTF-8 BOM for Excel'], ['--no-bom', 'CSV without the BOM'],
      ['--xlsx FILE', 'one workbook, a sheet per table'], DB],
    run: async (argv) => (await import('./export.js')).exportCommand(argv),
  },
  {
    name: 'report', summary: 'one self-contained HTML report of the dataset', usage: REPORT_USAGE,
    options: [['--out FILE', 'where to write it (default: report.html next to the dataset)'], DB],
    run: async (argv) => (await import('./report.js')).reportCommand(argv),
  },
  {
    name: 'enqueue', args: '<PATH...>', summary: 'queue one extraction job per file on Redis, for tender worker on any machine', usage: ENQUEUE_USAGE,
    options: [['--redis URL', 'the Redis to queue on (or $TENDER_REDIS)'], ['--queue NAME', 'the queue (default tender)'],
      ['--force', 'queue again files already done'], ['--quiet', 'only the counts']],
    run: async (argv) => (await import('./enqueue.js')).enqueueCommand(argv),
  },
  {
    name: 'worker', summary: 'take jobs from Redis and extract them into DIR/shards/<id>/', usage: WORKER_USAGE,
    options: [['--redis URL', 'the Redis to take jobs from (or $TENDER_REDIS)'], ['--out DIR', 'the shared output folder; this worker writes DIR/shards/<id>/'],
      ['--concurrency N', 'files read at once'], ['--queue NAME', 'the queue (default tender)'], ['--id ID', 'the shard name (default host-pid)'],
      ['--timeout S', 'time one file may take'], ['--max-memory MB', 'memory one file may take'], ['--max-file-mb MB', 'files larger are not read'],
      ['--ocr auto|off|force', 'as for extract'], ['--ocr-timeout S', 'as for extract'], ['--lock-duration S', 'how long a job stays taken without a sign of life (default 30)'],
      ['--stalled-interval S', 'how often stalled jobs are looked for (default 30)'], ['--quiet', 'no line per file']],
    run: async (argv) => (await import('./worker.js')).workerCommand(argv),
  },
  {
    name: 'status', summary: 'waiting, active, done and failed jobs, the rate and an ETA', usage: STATUS_USAGE,
    options: [['--redis URL', 'the Redis (or $TENDER_REDIS)'], ['--queue NAME', 'the queue (default tender)'], ['--json', 'for programs']],
    run: async (argv) => (await import('./status.js')).statusCommand(argv),
  },
  {
    name: 'load', args: '<DIR>', summary: 'merge the workers\' shards of DIR into its JSON lines and dataset', usage: LOAD_USAGE,
    options: [['--no-db', 'merge the JSON lines only'], ['--quiet', 'only the summary']],
    run: async (argv) => (await import('./load.js')).loadCommand(argv),
  },
];
