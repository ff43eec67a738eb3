// Inputs: files and folders (recursive), hidden entries skipped, in a stable order.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Inputs {
  files: string[];
  /** Paths given that do not exist. */
  missing: string[];
}

export async function collectInputs(paths: string[]): Promise<Inputs> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (s.isDirectory()) await walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}
