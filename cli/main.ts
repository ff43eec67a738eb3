// Entry point of the `tender` command.
import { UsageError } from './args.js';
import { EXTRACT_USAGE, QUERY_USAGE, COMPARE_USAGE, EXPORT_USAGE, REPORT_USAGE, INSPECT_USAGE, PRICES_USAGE } from './usage.js';

const USAGE = `usage:
  ${EXTRACT_USAGE}
  ${INSPECT_USAGE}
  ${QUERY_USAGE}
  ${COMPARE_USAGE}
  ${PRICES_USAGE}
  ${EXPORT_USAGE}
  ${REPORT_USAGE}

Reads Chinese tender files (.docx, .pdf, .txt, .html) and writes documents.jsonl,
items.jsonl and tables.jsonl to the output folder (default out/), and loads them into
the dataset out/tenders.duckdb (tables documents, items, specs; views v_service_by_agency,
v_storage_by_tier, v_items, v_agencies, v_lots, v_specs) that query, compare, export and
report read.`;

// Commands load on use: `extract` never loads DuckDB, `query` never loads the readers.
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  extract: async (argv) => (await import('./extract.js')).extractCommand(argv),
  inspect: async (argv) => (await import('./inspect.js')).inspectCommand(argv),
  query: async (argv) => (await import('./query.js')).queryCommand(argv),
  compare: async (argv) => (await import('./compare.js')).compareCommand(argv),
  prices: async (argv) => (await import('./prices.js')).pricesCommand(argv),
  export: async (argv) => (await import('./export.js')).exportCommand(argv),
  report: async (argv) => (await import('./report.js')).reportCommand(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`tender: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tender ${command}: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
