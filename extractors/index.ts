// Readers by file extension. Adding a format means adding its reader to this list.
import { extname } from 'node:path';
import type { Reader } from './model.js';
import { pdfReader } from './pdf.js';
import { txtReader } from './txt.js';
import { docxReader } from './docx.js';
import { htmlReader } from './html.js';
import { legacyReader } from './legacy.js';

export const READERS: Reader[] = [txtReader, docxReader, htmlReader, legacyReader, pdfReader];

export function readerFor(path: string): Reader | undefined {
  const ext = extname(path).toLowerCase();
  return READERS.find((r) => r.extensions.includes(ext));
}

export const SUPPORTED_EXTENSIONS = (): string[] => READERS.flatMap((r) => [...r.extensions]);
