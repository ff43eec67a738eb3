// One file in, its records out. Never throws for a bad file: the failure is a record.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ZodError } from 'zod';
import { readerFor } from '../extractors/index.js';
import type { Format } from '../schemas/records.js';
import { documentRecords, emptyDocument, type Records } from './document.js';

export function docIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** The format a path claims by its extension (for records of files that could not be read). */
export function formatOf(path: string): Format | null {
  const r = readerFor(path);
  return r ? r.format : null;
}

export interface ProcessOptions {
  timeoutMs?: number;
}

export async function processFile(path: string, source = path, opts: ProcessOptions = {}): Promise<Records> {
  const reader = readerFor(path);
  const format: Format = reader?.format ?? 'txt';
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found (it vanished during the run?)' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read file (${code ?? (e as Error).message})`;
    return { document: emptyDocument({ doc_id: docIdOf(Buffer.from(`missing:${source}`)), source, format }, 'failed', why), items: [], tables: [] };
  }
  const meta = { doc_id: docIdOf(bytes), source, format };
  if (!reader) {
    return { document: emptyDocument(meta, 'failed', `unsupported file type ${extname(path) || '(no extension)'}`), items: [], tables: [] };
  }
  if (bytes.length === 0) return { document: emptyDocument(meta, 'failed', 'empty file'), items: [], tables: [] };
  const read = await reader.read(bytes, { source, timeoutMs: opts.timeoutMs });
  if (!read.ok) return { document: emptyDocument(meta, 'failed', read.error), items: [], tables: [] };
  try {
    return documentRecords(read.doc, meta);
  } catch (e) {
    // A record that breaks the contract is our bug; the document fails, the run goes on.
    const msg = e instanceof ZodError ? `invalid record (a bug in tender): ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : `internal error (a bug in tender): ${(e as Error).message}`;
    return { document: emptyDocument(meta, 'failed', msg.split('\n')[0]), items: [], tables: [] };
  }
}
