// Progress on a terminal: one redrawn line; elsewhere (CI, pipes): one plain line per file.
import type { DocumentRecord } from '../schemas/records.js';
import { shownName } from './table-format.js';

export class Progress {
  private done = 0;
  private readonly tty: boolean;
  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr, quiet = false) {
    this.tty = !quiet && !!stream.isTTY;
    this.quiet = quiet;
  }
  private readonly quiet: boolean;

  tick(doc: DocumentRecord): void {
    this.done++;
    if (this.quiet) return;
    if (this.tty) {
      const width = 24;
      const filled = Math.round((this.done / Math.max(1, this.total)) * width);
      const source = shownName(doc.source);
      const name = source.length > 40 ? `…${source.slice(-39)}` : source;
      this.stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${name}`);
      if (doc.status === 'failed') this.stream.write(`\r\x1b[K${line(doc)}\n`);
    } else {
      this.stream.write(`${line(doc)}\n`);
    }
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
}

export function line(doc: DocumentRecord): string {
  const what = doc.status === 'failed' ? doc.error : `${doc.items} items, ${doc.tables} tables${doc.warnings.length ? `, ${doc.warnings.length} warnings` : ''}`;
  return `${doc.status.padEnd(7)} ${shownName(doc.source)}: ${shownName(what ?? '')}`;
}
