// Progress on a terminal: one redrawn line with the count, the rate, the time left and the
// failures so far; elsewhere (CI, pipes): one plain line per file. At the end, the failures
// grouped by reason, so a thousand corrupt files are one line, not a thousand.
import type { DocumentRecord } from '../schemas/records.js';
import { shownName } from './table-format.js';

/** How many reasons the summary lists before it says how many more there are. */
const SHOWN_REASONS = 8;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  private done = 0;
  private read = 0;
  private failed = 0;
  private readonly tty: boolean;
  private readonly started = performance.now();
  private readonly reasons = new Map<string, { status: string; n: number }>();
  private lastDraw = 0;

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr, private readonly quiet = false) {
    this.tty = !quiet && !!stream.isTTY;
  }

  tick(doc: DocumentRecord): void {
    this.done++;
    this.read++;
    if (doc.status === 'failed' || doc.status === 'skipped') {
      if (doc.status === 'failed') this.failed++;
      const key = `${doc.status}\u0000${doc.status === 'failed' ? `${doc.format}: ` : ''}${doc.error ?? ''}`;
      const r = this.reasons.get(key) ?? { status: doc.status, n: 0 };
      r.n++;
      this.reasons.set(key, r);
    }
    if (this.quiet) return;
    if (this.tty) {
      if (doc.status === 'failed') this.stream.write(`\r\x1b[K${line(doc)}\n`);
      this.draw(doc.source);
    } else {
      this.stream.write(`${line(doc)}\n`);
    }
  }

  /** The redrawn line: count, rate, ETA, failures so far, the file now done. */
  private draw(source: string, force = true): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 20;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const seconds = (now - this.started) / 1000;
    const rate = this.read / Math.max(seconds, 1e-3);
    const eta = rate > 0 ? (this.total - this.done) / rate : Infinity;
    const shown = shownName(source);
    const name = shown.length > 32 ? `…${shown.slice(-31)}` : shown;
    const failed = this.failed ? ` · ${this.failed} failed` : '';
    this.stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} · ${rate.toFixed(1)} files/s · ETA ${duration(eta)}${failed} · ${name}`);
  }

  /** OCR going on in a file: pages are slow, so say which. */
  ocr(source: string, done: number, total: number): void {
    if (this.quiet || done >= total) return;
    const shown = shownName(source);
    const name = shown.length > 40 ? `…${shown.slice(-39)}` : shown;
    if (this.tty) this.stream.write(`\r\x1b[K${this.done}/${this.total} OCR page ${done + 1}/${total} of ${name}`);
    else if (done === 0) this.stream.write(`ocr     ${shown}: ${total} page${total > 1 ? 's' : ''} without usable text\n`);
  }

  /** A file already in the output: counted, not listed. */
  skip(): void {
    this.done++;
    if (this.tty && this.done % 50 === 0) this.stream.write(`\r\x1b[K${this.done}/${this.total} (unchanged files skipped)`);
  }

  finish(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }

  /** The failures and skips grouped by reason, most first: `12 × docx: corrupt DOCX: not a zip archive`. */
  reasonLines(): string[] {
    const sorted = [...this.reasons].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
    const out = sorted.slice(0, SHOWN_REASONS).map(([key, r]) => `${r.status.padEnd(7)} ${r.n} × ${shownName(key.split('\u0000')[1])}`);
    if (sorted.length > SHOWN_REASONS) out.push(`        … and ${sorted.length - SHOWN_REASONS} more reasons (the error field of documents.jsonl has each)`);
    return out;
  }
}

export function line(doc: DocumentRecord): string {
  const what = doc.status === 'failed' || doc.status === 'skipped' ? doc.error : `${doc.items} items, ${doc.tables} tables${doc.warnings.length ? `, ${doc.warnings.length} warnings` : ''}`;
  return `${doc.status.padEnd(7)} ${shownName(doc.source)}: ${shownName(what ?? '')}`;
}
