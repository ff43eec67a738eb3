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
