// What several test files need: the seed tenders, the built CLI, and JSON lines read back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two seed tenders of the corpus. */
export const SEEDS = ['corpus/000_039f6a7fe7b5dcbb.txt', 'corpus/003_a46c9a722c1cc422.txt'];

/** The records of a JSON-lines file; none when it does not exist. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jsonl(file: string): any[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

/** The built CLI run as a user runs it, in `cwd`. */
export function tender(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [join(process.cwd(), 'bin/tender.js'), ...args], { cwd, encoding: 'utf8', env });
}

export interface Ran { code: number; stdout: string; stderr: string }

/** The command as `tender …` runs it, in this process (starting the CLI costs seconds each time). */
export async function runMain(...argv: string[]): Promise<Ran> {
  const { main } = await import('../cli/main.js');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => { stdout += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { stderr += String(s); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
