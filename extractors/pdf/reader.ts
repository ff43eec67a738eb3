// The PDF reader: text and tables rebuilt from the positions of text runs and the ruling lines
// drawn on each page (pdf.js through pdf-parse's dependency), with pages that hold no readable
// text reported as unreadable instead of passed off as empty.
import { warning, type DocModel, type OcrOptions, type Reader } from '../model.js';
import { assemble, pageStates, type AssembleInput } from './doc.js';
import { loadPages } from './load.js';

/** A PDF ends with %%EOF (give or take trailing bytes); one cut short during download does not. */
export function looksTruncated(bytes: Uint8Array): boolean {
  return !Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).includes('%%EOF');
}

const TRUNCATED = 'truncated PDF (no %%EOF at the end): read what pdf.js could recover, pages may be missing';

export const pdfReader: Reader = {
  async read(bytes, ctx) {
    if (!bytes.subarray(0, 1024).includes('%PDF-')) return { ok: false, error: 'corrupt PDF: no PDF header (not a PDF file?)' };
    const truncated = looksTruncated(bytes);
    const loaded = await loadPages(bytes);
    if (!loaded.ok) return truncated && loaded.error.startsWith('corrupt PDF: ') ? { ok: false, error: `corrupt PDF: truncated (no %%EOF at the end); ${loaded.error.slice(13)}` } : loaded;
    const numPages = loaded.pages.length + loaded.failed.length;
    if (numPages === 0) return { ok: false, error: 'corrupt PDF: no pages' };
    const input: AssembleInput = { pages: loaded.pages, failed: loaded.failed, numPages };
    if (ctx?.ocr && ctx.ocr.mode !== 'off') await recognise(bytes, input, ctx.ocr);
    const doc = assemble(input);
    return { ok: true, doc: truncated ? flagTruncated(doc, numPages) : doc };
  },
};

/** A recovered truncated file is read, but never passed off as whole. */
function flagTruncated(doc: DocModel, total: number): DocModel {
  return { ...doc, warnings: [warning('pdf.truncated', TRUNCATED), ...doc.warnings], unreadable: doc.unreadable ?? { parts: 0, total, reason: TRUNCATED } };
}

/**
 * Pages without usable text (no text layer, glyphs that map to nothing, garbled text), or
 * every page under `force`, read by OCR: their text runs are replaced by the recognised ones.
 * OCR loads only when a document needs it.
 */
async function recognise(bytes: Uint8Array, input: AssembleInput, ocr: OcrOptions): Promise<void> {
  const states = pageStates(input);
  const targets = input.pages.map((p) => p.page).filter((page) => ocr.mode === 'force' || states.get(page) === 'scanned' || states.get(page) === 'garbled');
  if (!targets.length) return;
  const { recognisePages } = await import('./ocr/pages.js');
  const got = await recognisePages(bytes, targets, ocr);
  input.recognised = new Map();
  for (const page of input.pages) {
    const r = got.pages.get(page.page);
    if (!r) continue;
    // The page is now its recognised runs; a scan's image and a broken font's glyphs are gone.
    Object.assign(page, { items: r.items, imageCover: 0, paths: 0, glyphs: 0, unmapped: 0 }, r.turned ? { width: page.height, height: page.width, hRules: [], vRules: [] } : {});
    input.recognised.set(page.page, r.confidence);
  }
  input.ocrProblems = got.problems;
}
