// One writer per output folder: a lock file holding the writer's pid. A second run on the same
// folder is told who holds it and writes nothing; a lock left by a process that is gone is stale
// and taken over.
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { firstLine } from '../pipeline/text.js';

export const LOCK_FILE = '.tender-lock';

interface Holder { pid: number; host: string; started: string; command: string }

export type Lock = { ok: true; release(): Promise<void> } | { ok: false; error: string };

/** Is `pid` a live process on this machine? (EPERM: alive, another user's.) */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(path: string): Promise<Holder | null> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' ? (h as Holder) : null;
  } catch {
    return null;
  }
}

export async function lockFolder(dir: string): Promise<Lock> {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify(me));
      await fh.close();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        const h = await holderOf(path);
        if (h?.pid === me.pid && h.host === me.host) await rm(path, { force: true });
      };
      return { ok: true, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, error: `${dir}/: cannot take the lock (${firstLine(e)})` };
    }
    const holder = await holderOf(path);
    // A lock being written this instant reads as empty: look again before calling it stale.
    if (!holder) {
      await new Promise((r) => setTimeout(r, 50));
      const again = await holderOf(path);
      if (!again) {
        await rm(path, { force: true });
        continue;
      }
    }
    const h = (await holderOf(path))!;
    if (!h) continue;
    if (h.host === me.host && !alive(h.pid)) {
      await rm(path, { force: true });
      continue;
    }
    const where = h.host === me.host ? `process ${h.pid}` : `process ${h.pid} on ${h.host}`;
    return { ok: false, error: `${dir}/ is being written by another tender run (${where}, since ${h.started}: tender ${h.command}); wait for it to finish, or remove ${path} if that process is gone` };
  }
  return { ok: false, error: `${dir}/: cannot take the lock (${path} keeps changing)` };
}
