// The temporary folders and LibreOffice process groups of legacy conversions, apart from the
// reader so that a run's main process can sweep what killed runs left without loading readers.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from '../../runtime/lock.js';

/** Temporary folders of conversions: named for the process that made them, so a sweep knows whose they are. */
export const TEMP_PREFIX = 'tender-legacy-';

/** Conversions running now: their process groups and folders, ended and removed however this process ends. */
export const running = new Map<number, string>();

function endAll(): void {
  for (const [pgid, dir] of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
  running.clear();
}
process.on('exit', endAll);

/**
 * Remove what conversions of processes that are gone left behind (a tender killed with -9):
 * end their LibreOffice process groups and delete their folders.
 */
export function sweepLeftovers(dir = tmpdir()): number {
  let swept = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const path = join(dir, name);
    try {
      const pgid = Number(readFileSync(join(path, 'pgid'), 'utf8'));
      if (pgid > 0) process.kill(-pgid, 'SIGKILL');
    } catch {
      // no group recorded, or it is gone
    }
    rmSync(path, { recursive: true, force: true });
    swept++;
  }
  return swept;
}


