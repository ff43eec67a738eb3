// Readers by file extension. Adding a format means adding its reader's line here.
// Readers load on first use: the main thread of a run only needs to know a file's format,
// and a worker that never meets a PDF never loads pdf.js.
import { extname } from 'node:path';
import type { Reader } from './model.js';

export interface ReaderEntry {
  format: Reader['format'];
  extensions: readonly string[];
  load: () => Promise<Reader>;
}

export const READERS: ReaderEntry[] = [
  { format: 'txt', extensions: ['.txt'], load: async () => (await import('./txt.js')).txtReader },
  { format: 'docx', extensions: ['.docx'], load: async () => (await import('./docx.js')).docxReader },
  { format: 'html', extensions: ['.html', '.htm'], load: async () => (await import('./html.js')).htmlReader },
  { format: 'docx', extensions: ['.doc', '.wps'], load: async () => (await import('./legacy.js')).legacyReader },
  { format: 'pdf', extensions: ['.pdf'], load: async () => (await import('./pdf.js')).pdfReader },
];

/** The reader entry for a path, by its extension (case-insensitive). */
export function readerFor(path: string): ReaderEntry | undefined {
  const ext = extname(path).toLowerCase();
  return READERS.find((r) => r.extensions.includes(ext));
}

/** The reader itself, loaded. */
export async function loadReader(path: string): Promise<Reader | undefined> {
  return readerFor(path)?.load();
}

export const SUPPORTED_EXTENSIONS = (): string[] => READERS.flatMap((r) => [...r.extensions]);
