// Recognised pages kept on disk by document, page, resolution and engine, so that reading a
// document again costs nothing. A cache entry is written whole (temporary file, then rename)
// or not at all; one that cannot be read is recognised again.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OcrLine } from './engine.js';

export function cacheKey(docId: string, page: number, dpi: number, engine: string): string {
  return createHash('sha256').update(`${docId}|${page}|${dpi}|${engine}`).digest('hex').slice(0, 32);
}

export interface CachedPage { lines: OcrLine[]; turned: boolean }

export async function cached(dir: string | undefined, key: string): Promise<CachedPage | null> {
  if (!dir) return null;
  try {
    const v = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as Partial<CachedPage>;
    return Array.isArray(v.lines) ? { lines: v.lines, turned: v.turned === true } : null;
  } catch {
    return null;
  }
}

export async function remember(dir: string | undefined, key: string, page: CachedPage): Promise<void> {
  if (!dir) return;
  try {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(tmp, JSON.stringify(page));
    await rename(tmp, join(dir, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}
