// pdf.js, as bundled with pdf-parse, turned into plain page content (pdf-ops.ts reads it from
// each page's operator list): positioned text runs, the ruling lines drawn on the page, and how
// much of it is painted by images. Nothing is fetched:
// the CMaps (for Chinese fonts without a ToUnicode map), the standard fonts and the image
// decoders' wasm come from pdf-parse's own pdfjs-dist folder.
import { createRequire } from 'node:module';
import { maxOf, minOf } from './extremes.js';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mul, walkOps, type FontInfo, type Matrix } from './pdf-ops.js';
import type { PageContent } from './pdf-types.js';

/** The parts of pdf.js this reader uses (its own typings sit in a package we do not depend on directly). */
interface PdfjsPage {
  view: number[];
  getViewport(o: { scale: number }): { width: number; height: number; transform: number[] };
  getOperatorList(o?: object): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  cleanup(): boolean;
  commonObjs: { has(id: string): boolean; get(id: string, callback?: (data: unknown) => void): unknown };
}
interface PdfjsDoc {
  numPages: number;
  getPage(n: number): Promise<PdfjsPage>;
  destroy(): Promise<void>;
}
interface Pdfjs {
  getDocument(o: object): { promise: Promise<PdfjsDoc>; destroy(): Promise<void> };
  OPS: Record<string, number>;
  AnnotationMode: Record<string, number>;
  VerbosityLevel: Record<string, number>;
}

export interface PdfjsHandle {
  pdfjs: Pdfjs;
  /** Folders given to pdf.js, each ending in a separator as it expects. */
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
}

let loading: Promise<PdfjsHandle> | null = null;


/** pdf.js from pdf-parse's dependency, loaded once per thread. */
export function loadPdfjs(): Promise<PdfjsHandle> {
  loading ??= (async () => {
    const fromHere = createRequire(import.meta.url);
    const fromPdfParse = createRequire(fromHere.resolve('pdf-parse'));
    const dir = dirname(fromPdfParse.resolve('pdfjs-dist/package.json'));
    const push = Array.prototype.push;
    const pdfjs = (await import(pathToFileURL(join(dir, 'legacy', 'build', 'pdf.mjs')).href)) as Pdfjs;
    // In Node pdf.js runs its "worker" in this thread; loaded now, it is ready for every document.
    const worker = await import(pathToFileURL(join(dir, 'legacy', 'build', 'pdf.worker.mjs')).href);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    // The legacy build's core-js swaps in a JavaScript Array.prototype.push (for a V8 edge case
    // at lengths past 2^53) that makes font conversion a fifth slower; the native one is fine.
    if (Array.prototype.push !== push) Array.prototype.push = push;
    const folder = (name: string) => join(dir, name) + '/';
    return { pdfjs, cMapUrl: folder('cmaps'), standardFontDataUrl: folder('standard_fonts'), wasmUrl: folder('wasm') };
  })();
  return loading;
}

/**
 * A stand-in document for pdf.js's font loader. With font faces "disabled" (its Node default)
 * pdf.js compiles every glyph's outline for drawing, a sixth of the reading time; with them
 * enabled it hands each font once to a style sheet, here one that keeps nothing.
 */
const FONT_SINK = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

export type LoadResult =
  | { ok: true; pages: PageContent[]; failed: { page: number; error: string }[] }
  | { ok: false; error: string };

/** One line a person understands for a PDF pdf.js could not open. */
export function openError(e: unknown): string {
  const err = e as { name?: string; message?: string };
  const msg = String(err?.message ?? e).split('\n')[0].trim();
  if (err?.name === 'PasswordException') return 'encrypted PDF: needs a password';
  if (err?.name === 'InvalidPDFException') return `corrupt PDF: ${msg || 'invalid PDF structure'}`;
  return `corrupt PDF: ${msg || 'unreadable structure'}`;
}

export async function loadPages(bytes: Uint8Array): Promise<LoadResult> {
  const h = await loadPdfjs();
  // Images are skipped (not decoded) for speed: they matter only where a page has next to no
  // text, and whether an image covers such a page tells a scan from a blank page.
  const first = await readDocument(h, bytes, { maxImageSize: 1 }, null);
  if (!first.ok) return first;
  const textless = new Set(first.pages.filter((p) => p.items.reduce((n, i) => n + i.text.replace(/\s+/g, '').length, 0) < 40).map((p) => p.page));
  if (textless.size) {
    const again = await readDocument(h, bytes, {}, textless);
    if (again.ok) {
      const cover = new Map(again.pages.map((p) => [p.page, p.imageCover]));
      for (const p of first.pages) p.imageCover = cover.get(p.page) ?? p.imageCover;
    }
  }
  return first;
}

async function readDocument(h: PdfjsHandle, bytes: Uint8Array, options: object, only: Set<number> | null): Promise<LoadResult> {
  const task = h.pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given.
    data: new Uint8Array(bytes),
    cMapUrl: h.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: h.standardFontDataUrl,
    wasmUrl: h.wasmUrl,
    useSystemFonts: false,
    disableFontFace: false,
    ownerDocument: FONT_SINK,
    isEvalSupported: false,
    verbosity: h.pdfjs.VerbosityLevel.ERRORS,
    ...options,
  });
  let doc: PdfjsDoc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    return { ok: false, error: openError(e) };
  }
  const pages: PageContent[] = [];
  const failed: { page: number; error: string }[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      if (only && !only.has(n)) continue;
      try {
        pages.push(await readPage(h, await doc.getPage(n), n));
      } catch (e) {
        failed.push({ page: n, error: String((e as Error)?.message ?? e).split('\n')[0] });
      }
    }
  } finally {
    await doc.destroy().catch(() => undefined);
  }
  return { ok: true, pages, failed };
}

async function readPage(h: PdfjsHandle, page: PdfjsPage, n: number): Promise<PageContent> {
  const vp = page.getViewport({ scale: 1 });
  const ops = await page.getOperatorList({ annotationMode: h.pdfjs.AnnotationMode.DISABLE });
  const fonts = await fontsOf(page, ops, h.pdfjs.OPS);
  const walk = (view: Matrix) => walkOps(ops.fnArray, ops.argsArray, h.pdfjs.OPS, view, vp.width * vp.height, (id) => fonts.get(id));
  const { turns, ...walked } = walk(vp.transform as Matrix);
  page.cleanup();
  const turn = sideways(turns);
  if (!turn) return { page: n, width: vp.width, height: vp.height, ...walked };
  // Content drawn turned on an upright page (landscape tables printed sideways): read it in
  // the frame where its text stands upright.
  const [w, hgt] = [vp.width, vp.height];
  const frame: Matrix = turn === 1 ? [0, -1, 1, 0, 0, w] : turn === 3 ? [0, 1, -1, 0, hgt, 0] : [-1, 0, 0, -1, w, hgt];
  const { turns: _, ...turned } = walk(mul(frame, vp.transform));
  void _;
  const swap = turn !== 2;
  return { page: n, width: swap ? hgt : w, height: swap ? w : hgt, ...turned };
}

/** The quarter turn most of the page's text is set at, when that is not upright (0 = upright). */
export function sideways(turns: readonly number[]): number {
  const total = turns.reduce((a, b) => a + b, 0);
  const best = turns.indexOf(maxOf(turns, (v) => v));
  return best !== 0 && turns[best] >= 20 && turns[best] > 0.6 * total ? best : 0;
}

/** The fonts the page's text is set in, as pdf.js loaded them for its operator list. */
async function fontsOf(page: PdfjsPage, ops: { fnArray: number[]; argsArray: unknown[][] }, OPS: Record<string, number>): Promise<Map<string, FontInfo>> {
  const ids = new Set<string>();
  ops.fnArray.forEach((fn, i) => {
    if (fn === OPS.setFont) ids.add(String(ops.argsArray[i]?.[0]));
  });
  const out = new Map<string, FontInfo>();
  await Promise.all([...ids].map((id) => new Promise<void>((resolve) => {
    // A font pdf.js never delivers leaves its text out rather than the read hanging.
    const timer = setTimeout(resolve, 10_000);
    const take = (font: unknown) => {
      clearTimeout(timer);
      if (font && typeof font === 'object') out.set(id, font as FontInfo);
      resolve();
    };
    try {
      if (page.commonObjs.has(id)) take(page.commonObjs.get(id));
      else page.commonObjs.get(id, take);
    } catch {
      clearTimeout(timer);
      resolve();
    }
  })));
  return out;
}
