// Entry point of the `tender` command: commander for the conventions (--help and -h on every
// command, --version, "did you mean" for a mistyped command); each command parses its own
// options strictly (cli/args.ts), so a typo is a usage error (exit 2), not a surprise.
// A known command without --help goes straight to its module: commander is loaded only for
// help, --version and the "did you mean" of an unknown command, and its import and the program
// it builds would be a tenth of a small file's `tender extract`.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from './args.js';
import { COMMANDS, type CommandSpec } from './commands.js';

const DESCRIPTION = `Reads Chinese tender files (.docx, .pdf, .txt, .html) and writes documents.jsonl, \
items.jsonl and tables.jsonl to the output folder (default out/), and loads them into the \
dataset out/tenders.duckdb that query, compare, prices, export and report read.`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Everything before `--` is options; after it, plain arguments (a file named -h). */
const asksHelp = (argv: string[]) => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '-h' || a === '--help');
};

async function program(run: (spec: CommandSpec, argv: string[]) => Promise<void>): Promise<Command> {
  const { Command } = await import('commander');
  const p = new Command('tender')
    .description(DESCRIPTION)
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command]', 'print the help of a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', '\nRun `tender <command> --help` for the options of a command.\n');
  for (const spec of COMMANDS) {
    const width = Math.max(...spec.options.map(([f]) => f.length));
    p.command(spec.name)
      .summary(spec.summary)
      .description(spec.summary)
      .usage(spec.usage.replace(/^tender \S+\s*/, ''))
      .helpOption('-h, --help', 'print this help')
      .addHelpText('after', `\nOptions of ${spec.name}:\n${spec.options.map(([f, w]) => `  ${f.padEnd(width)}  ${w}`).join('\n')}\n`)
      .argument(spec.args ? spec.args.replace(/^<(.*)>$/, '[$1]') : '[options...]')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (_args: string[], _opts: unknown, cmd: Command) => run(spec, cmd.args));
  }
  return p;
}

/** Runs one command: a usage error is said with the command's usage, exit 2. */
async function runCommand(spec: CommandSpec, args: string[]): Promise<number> {
  try {
    return await spec.run(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tender ${spec.name}: ${e.message}\nusage: ${spec.usage}\n(tender ${spec.name} --help for its options)\n`);
    return 2;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const spec = COMMANDS.find((c) => c.name === first);
  // A command's own arguments go to it whole: only its --help is commander's.
  if (spec && !asksHelp(rest)) return runCommand(spec, rest);
  let code = 0;
  const p = await program(async (spec, args) => {
    code = await runCommand(spec, args);
  });
  if (!argv.length) {
    process.stderr.write(p.helpInformation());
    return 2;
  }
  try {
    await p.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    const { CommanderError } = await import('commander');
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    throw e;
  }
}
