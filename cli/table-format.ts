import { maxOf } from '../extractors/extremes.js';
// Aligned text tables for a terminal, CSV and JSON lines, shared by `tender query` and
// `tender compare`. Cell text is tender text, i.e. untrusted: control characters and bidi
// overrides are shown escaped so they can neither move the cursor nor reorder the line.

// East Asian Wide and Fullwidth ranges (Unicode 15 EastAsianWidth.txt, W and F), merged where
// adjacent. Terminals draw these two columns wide; ambiguous-width characters count as one.
const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18aff], [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060-\u2064\ufeff]$/u;

/** Columns a terminal uses for `s` (after `printable`). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ZERO_WIDTH.test(ch)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

// C0/C1 controls, DEL, and the bidi embedding/override/isolate marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of terminal-safe text: newlines and tabs as \n and \t, other controls as \xNN / \uNNNN. */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    const cp = c.charCodeAt(0);
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

/** Cut `s` to at most `max` columns, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

export interface Column {
  name: string;
  align?: 'left' | 'right';
}

export interface TextTableOptions {
  /** Widest a column may get, in terminal columns; longer cells are cut with an ellipsis. */
  maxWidth?: number;
}

/** An aligned table: header, a dashed rule, rows; no trailing spaces. */
export function textTable(columns: Column[], rows: string[][], opts: TextTableOptions = {}): string {
  const max = opts.maxWidth ?? 60;
  const cells = [columns.map((c) => c.name), ...rows].map((r) => r.map((c) => truncate(printable(c), max)));
  const widths = columns.map((_, i) => maxOf(cells, (r) => displayWidth(r[i] ?? ''), 0));
  const line = (r: string[]) => r.map((c, i) => pad(c ?? '', widths[i], columns[i].align ?? 'left')).join('  ').trimEnd();
  const [header, ...body] = cells;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/** A number for people: no float noise (0.1+0.2 → 0.3), optional thousands separators. */
export function formatNumber(n: number, grouping = false): string {
  if (!Number.isFinite(n)) return String(n);
  const clean = Number(n.toPrecision(12));
  const text = String(clean);
  if (!grouping || /e/i.test(text)) return text;
  const [int, frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** A cell for the text table: NULL spelled out, lists and structs as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v as Plain);
}

// Text a spreadsheet would run as a formula: =, +, -, @, a tab or a CR first.
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * Text marked as text for a spreadsheet (OWASP's CSV injection advice: a leading `'`), so a
 * tender cell like `=HYPERLINK(…)` is never run. Only text: a number (a negative one too) is
 * not text and is not passed here.
 */
export function neutralised(s: string): string {
  return FORMULA_LEAD.test(s) ? `'${s}` : s;
}

/** One RFC 4180 field: empty for NULL, text neutralised, lists and structs as JSON, quoted when needed. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? neutralised(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF, so a long export can be written a record at a time. */
export function csvRecord(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** RFC 4180: quoted when needed, CRLF between records so spreadsheet imports agree. */
export function csv(columns: string[], rows: unknown[][]): string {
  return [columns, ...rows].map(csvRecord).join('');
}

/** One JSON object per row; a repeated column name gets a suffix instead of overwriting. */
export function jsonLines(columns: string[], rows: unknown[][]): string {
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}_${n}`;
  });
  return rows.map((r) => JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, r[i]]))) + '\n').join('');
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** Right-aligned for numbers, by DuckDB type name. */
export function alignFor(type: string): 'left' | 'right' {
  return NUMERIC.test(type) ? 'right' : 'left';
}

export type OutputFormat = 'table' | 'json' | 'csv';

/** `--json` or `--csv` (one of them), else the text table. */
export function outputFormat(flags: Record<string, string | boolean>, usageError: (msg: string) => Error): OutputFormat {
  if (flags.json === true && flags.csv === true) throw usageError('choose one of --json and --csv');
  return flags.json === true ? 'json' : flags.csv === true ? 'csv' : 'table';
}

/** A file name for a terminal or a log: control characters (an ESC sequence in a scraped name) shown escaped. */
export function shownName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
