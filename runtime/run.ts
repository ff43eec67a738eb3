// One file in, its records out. Never throws for a bad file: the failure is a record.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ZodError } from 'zod';
import { formatOf, readerFor, sniffFormat, unsupportedMessage } from '../extractors/registry.js';
import type { OcrOptions } from '../extractors/model.js';
import { wellFormedDoc } from '../extractors/wellformed.js';
import type { ErrorKind, Format } from '../schemas/records.js';
import { documentRecords, emptyDocument, type DocMeta, type Records, type TableTrace } from '../pipeline/document.js';
import { firstLine } from '../pipeline/text.js';

export function docIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export interface ProcessOptions {
  /** Budget for converters that spawn other programs (LibreOffice for .doc). */
  timeoutMs?: number;
  /** The doc_id when the caller has already hashed the bytes. */
  docId?: string;
  /** Whether and how to OCR pages without usable text; off unless given. */
  ocr?: OcrOptions;
  /** Collects what the stages decided about each table (`tender inspect`). */
  trace?: TableTrace[];
}


export function failedRecords(meta: DocMeta, error: string, kind: ErrorKind): Records {
  return { document: emptyDocument(meta, 'failed', error, kind), items: [], tables: [] };
}

/** A file tender does not read at all (a .zip, a FIFO): not a failure to read it. */
export function skippedRecords(meta: DocMeta, why: string): Records {
  return { document: emptyDocument(meta, 'skipped', why, 'unsupported'), items: [], tables: [] };
}

/** Why a file could not be read, in words. */
export function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found (it vanished during the run?)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read file: permission denied';
  if (code === 'EISDIR') return 'cannot read file: it is a directory';
  return `cannot read file (${code ?? (e as Error).message})`;
}

/** Records of a file that could not even be read: its doc_id comes from its path. */
export function unreadableRecords(path: string, source: string, e: unknown): Records {
  const format = formatOf(path);
  return failedRecords({ doc_id: docIdOf(Buffer.from(`unreadable:${source}`)), source, format }, readError(e), 'unreadable');
}

export async function processBytes(bytes: Buffer, path: string, source = path, opts: ProcessOptions = {}): Promise<Records> {
  const entry = readerFor(path);
  const meta: DocMeta = { doc_id: opts.docId ?? docIdOf(bytes), source, format: entry?.format ?? sniffFormat(bytes) };
  if (!entry) return skippedRecords(meta, unsupportedMessage(path));
  const reader = await entry.load();
  if (bytes.length === 0) return failedRecords(meta, 'empty file', 'empty');
  try {
    const ocr = opts.ocr ? { ...opts.ocr, docId: opts.ocr.docId ?? meta.doc_id } : undefined;
    const read = await reader.read(bytes, { source, timeoutMs: opts.timeoutMs, ocr });
    if (!read.ok) return failedRecords(meta, firstLine(read.error), read.kind ?? 'corrupt');
    return documentRecords(wellFormedDoc(read.doc), meta, opts.trace);
  } catch (e) {
    // A record that breaks the contract, or a reader that throws, is our bug; the document
    // fails with the reason and the run goes on.
    const msg = e instanceof ZodError
      ? `invalid record (a bug in tender): ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
      : `internal error (a bug in tender): ${(e as Error)?.message ?? String(e)}`;
    return failedRecords(meta, firstLine(msg), 'internal');
  }
}

export async function processFile(path: string | Buffer, source = String(path), opts: ProcessOptions = {}): Promise<Records> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return unreadableRecords(source, source, e);
  }
  // The reader goes by the extension, which the name as shown keeps.
  return processBytes(bytes, typeof path === 'string' ? path : source, source, opts);
}
