// The one document model every reader produces (the way docling or Tika normalise formats):
// an ordered list of paragraphs and tables. Everything after the reader works on this alone,
// so a new format is a new reader and nothing else.
import type { ErrorKind } from '../schemas/records.js';

/** One slot of a table grid. A merged cell occupies several slots: its origin slot holds the
 * text and the spans; every other slot it covers has `covered: true` and points at the origin. */
export interface Cell {
  text: string;
  rowSpan: number;
  colSpan: number;
  covered: boolean;
  origin?: { row: number; col: number };
}

export interface TableBlock {
  type: 'table';
  /** Rectangular grid: every row has the same number of slots. */
  rows: Cell[][];
  /** The page each row starts on (PDF), else absent. */
  rowPages?: (number | null)[];
  /** Reader notes about this table, e.g. rows of unequal length that were padded. */
  notes?: Warning[];
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
  /** Set by readers that know a paragraph is a heading (Word heading styles, HTML h1-h6). */
  heading?: boolean;
  page?: number | null;
}

export type Block = TableBlock | ParagraphBlock;

export interface DocModel {
  blocks: Block[];
  /** The title the file gives itself apart from its text (an HTML page's <title>). */
  title?: string;
  /** Problems the reader saw that a person should know about, each with a stable code for programs. */
  warnings: Warning[];
  /** Set when part of the file could not be read (pages without text, garbled fonts…):
   * the document is then `partial`, or `failed` when nothing at all was readable. */
  unreadable?: { parts: number; total: number; reason: string };
  /** Set when part of the text was recognised from page images (OCR): read, but not as
   * surely as a text layer, so the document is `partial` with this reason. */
  recognised?: string;
}

/** What a reader returns: errors are values, exceptions are bugs. */
/**
 * Something a person should know about a document that was read: `message` for people (as
 * documents.jsonl's `warnings` shows it), `code` for programs (its `warning_codes`), stable across
 * versions: `<stage>.<what>` (pdf.ocr_needed, table.row_padded, html.charset_mismatch …).
 */
export interface Warning { code: string; message: string }
export const warning = (code: string, message: string): Warning => ({ code, message });

/** Why a file could not be read: one line for a person, and its kind for programs (the kind a reader does not give is `corrupt`). */
export type ReadError = { ok: false; error: string; kind?: ErrorKind };
export type ReadResult = { ok: true; doc: DocModel } | ReadError;

export interface ReadContext {
  /** The path as given, for messages. */
  source: string;
  /** Wall-clock budget for converters that spawn other programs. */
  timeoutMs?: number;
  /** Whether and how to read pages that have no usable text layer (PDF). */
  ocr?: OcrOptions;
}

export type OcrMode = 'auto' | 'off' | 'force';

export interface OcrOptions {
  /** `auto`: pages flagged unreadable; `force`: every page; `off`: none. */
  mode: OcrMode;
  /** Time limit for one page. */
  pageTimeoutMs: number;
  /** Where recognised pages are kept, by document and page, so a re-run costs nothing. */
  cacheDir?: string;
  /** The document's id (the hash of its bytes), the cache key with the page number. */
  docId?: string;
  /** Called as each page starts: the pool extends the file's time limit and shows progress. */
  onPage?: (done: number, total: number) => void;
}

/** A format's reader; its format and extensions are its entry in registry.ts. */
export interface Reader {
  read(bytes: Buffer, ctx: ReadContext): Promise<ReadResult>;
}

/** Text of a slot, following a covered slot to the cell that covers it. */
export function slotText(table: TableBlock, row: number, col: number): string {
  const cell = table.rows[row]?.[col];
  if (!cell) return '';
  if (cell.covered && cell.origin) return table.rows[cell.origin.row]?.[cell.origin.col]?.text ?? '';
  return cell.text;
}

/** The origin coordinates of a slot (itself when not covered). */
export function slotOrigin(table: TableBlock, row: number, col: number): { row: number; col: number } {
  const cell = table.rows[row]?.[col];
  return cell?.covered && cell.origin ? cell.origin : { row, col };
}
