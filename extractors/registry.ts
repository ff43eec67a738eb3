// The formats tender reads, one entry each. Everything that knows about formats derives from
// this table: the extensions a run picks up, the "unsupported type" message, what an unknown
// file's first bytes say it is, and the contract's `format` vocabulary (schemas/records.ts).
// Adding a format is a folder under extractors/ with its reader and one entry here.
//
// Readers load on first use: the main thread of a run only needs to know a file's format,
// and a worker that never meets a PDF never loads pdf.js.
import { extname } from 'node:path';
import type { Reader } from './model.js';

export interface ReaderEntry {
  /** The `format` of the documents it reads (legacy Word reads as `docx`, through LibreOffice). */
  format: string;
  /** Lower-case file extensions, with the dot; the first is the one messages name. */
  extensions: readonly string[];
  /** Whether a file's first bytes (latin1, lower-cased) look like this format. */
  sniff?: (head: string) => boolean;
  load: () => Promise<Reader>;
}

export const READERS = [
  { format: 'docx', extensions: ['.docx'], sniff: (h) => h.startsWith('pk\x03\x04'), load: async () => (await import('./docx/reader.js')).docxReader },
  // The contract knows no "doc" format: a .doc is read as the DOCX it converts to.
  { format: 'docx', extensions: ['.doc', '.wps'], load: async () => (await import('./legacy/reader.js')).legacyReader },
  { format: 'pdf', extensions: ['.pdf'], sniff: (h) => h.startsWith('%pdf'), load: async () => (await import('./pdf/reader.js')).pdfReader },
  { format: 'txt', extensions: ['.txt'], load: async () => (await import('./txt/reader.js')).txtReader },
  { format: 'html', extensions: ['.html', '.htm'], sniff: (h) => /<(!doctype html|html|head|body|table|meta)/.test(h), load: async () => (await import('./html/reader.js')).htmlReader },
] as const satisfies readonly ReaderEntry[];

export type Format = (typeof READERS)[number]['format'];

/** The contract's `format` vocabulary, in the registry's order. */
export const FORMATS = [...new Set(READERS.map((r) => r.format))] as [Format, ...Format[]];

/** What a file is taken to be when nothing else tells. */
const FALLBACK_FORMAT: Format = 'txt';

/** The reader entry for a path, by its extension (case-insensitive). */
export function readerFor(path: string): (typeof READERS)[number] | undefined {
  const ext = extname(path).toLowerCase();
  return READERS.find((r) => (r.extensions as readonly string[]).includes(ext));
}

/** The format a path's extension names, else the fallback: the format of a record for a file no reader read. */
export function formatOf(path: string): Format {
  return readerFor(path)?.format ?? FALLBACK_FORMAT;
}

/** What a file's first bytes say it is, for the record of a file no reader takes. */
export function sniffFormat(bytes: Uint8Array): Format {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').toLowerCase();
  for (const r of READERS) if ('sniff' in r && r.sniff(head)) return r.format;
  return FALLBACK_FORMAT;
}

/** The reader itself, loaded. */
export async function loadReader(path: string): Promise<Reader | undefined> {
  return readerFor(path)?.load();
}

export const SUPPORTED_EXTENSIONS = (): string[] => READERS.flatMap((r) => [...r.extensions]);

/** Why a file of this extension is skipped: names the formats tender reads. */
export function unsupportedMessage(path: string): string {
  const ext = extname(path).toLowerCase() || '(no extension)';
  const named = FORMATS.map((f) => READERS.find((r) => r.format === f)!.extensions[0]);
  return `unsupported file type ${ext} (tender reads ${named.join(', ')})`;
}
