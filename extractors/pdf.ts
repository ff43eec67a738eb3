// The PDF reader: text and tables rebuilt from the positions of text runs and the ruling lines
// drawn on each page (pdf.js through pdf-parse's dependency), with pages that hold no readable
// text reported as unreadable instead of passed off as empty.
import type { Reader } from './model.js';
import { assemble } from './pdf-doc.js';
import { loadPages } from './pdf-load.js';

export const pdfReader: Reader = {
  format: 'pdf',
  extensions: ['.pdf'],
  async read(bytes) {
    if (!bytes.subarray(0, 1024).includes('%PDF-')) return { ok: false, error: 'corrupt PDF: no PDF header (not a PDF file?)' };
    const loaded = await loadPages(bytes);
    if (!loaded.ok) return loaded;
    const numPages = loaded.pages.length + loaded.failed.length;
    if (numPages === 0) return { ok: false, error: 'corrupt PDF: no pages' };
    return { ok: true, doc: assemble({ pages: loaded.pages, failed: loaded.failed, numPages }) };
  },
};
