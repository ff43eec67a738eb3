// The PDF reader: text and tables rebuilt from the positions of text runs and the ruling lines
// drawn on each page (pdf.js through pdf-parse's dependency), with pages that hold no readable
// text reported as unreadable instead of passed off as empty.
import type { DocModel, Reader } from './model.js';
import { assemble } from './pdf-doc.js';
import { loadPages } from './pdf-load.js';

/** A PDF ends with %%EOF (give or take trailing bytes); one cut short during download does not. */
export function looksTruncated(bytes: Uint8Array): boolean {
  return !Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).includes('%%EOF');
}

const TRUNCATED = 'truncated PDF (no %%EOF at the end): read what pdf.js could recover, pages may be missing';

export const pdfReader: Reader = {
  format: 'pdf',
  extensions: ['.pdf'],
  async read(bytes) {
    if (!bytes.subarray(0, 1024).includes('%PDF-')) return { ok: false, error: 'corrupt PDF: no PDF header (not a PDF file?)' };
    const truncated = looksTruncated(bytes);
    const loaded = await loadPages(bytes);
    if (!loaded.ok) return truncated && loaded.error.startsWith('corrupt PDF: ') ? { ok: false, error: `corrupt PDF: truncated (no %%EOF at the end); ${loaded.error.slice(13)}` } : loaded;
    const numPages = loaded.pages.length + loaded.failed.length;
    if (numPages === 0) return { ok: false, error: 'corrupt PDF: no pages' };
    const doc = assemble({ pages: loaded.pages, failed: loaded.failed, numPages });
    return { ok: true, doc: truncated ? flagTruncated(doc, numPages) : doc };
  },
};

/** A recovered truncated file is read, but never passed off as whole. */
function flagTruncated(doc: DocModel, total: number): DocModel {
  return { ...doc, warnings: [TRUNCATED, ...doc.warnings], unreadable: doc.unreadable ?? { parts: 0, total, reason: TRUNCATED } };
}
