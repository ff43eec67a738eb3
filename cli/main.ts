// Entry point of the `tender` command.
import { UsageError } from './args.js';
import { EXTRACT_USAGE, extractCommand } from './extract.js';

const USAGE = `usage:
  ${EXTRACT_USAGE}

Reads Chinese tender files (.docx, .pdf, .txt, .html) and writes documents.jsonl,
items.jsonl and tables.jsonl to the output folder (default out/).`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  extract: extractCommand,
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
