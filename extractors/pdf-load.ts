// pdf.js, as bundled with pdf-parse, turned into plain page content: positioned text runs, the
// ruling lines drawn on the page, and how much of it is painted by images. Nothing is fetched:
// the CMaps (for Chinese fonts without a ToUnicode map), the standard fonts and the image
// decoders' wasm come from pdf-parse's own pdfjs-dist folder.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PageContent, Rule, TextItem } from './pdf-types.js';

type Matrix = [number, number, number, number, number, number];

/** The parts of pdf.js this reader uses (its own typings sit in a package we do not depend on directly). */
interface PdfjsTextItem {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}
interface PdfjsPage {
  view: number[];
  getViewport(o: { scale: number }): { width: number; height: number; transform: number[] };
  getTextContent(o?: object): Promise<{ items: (PdfjsTextItem | object)[]; styles: Record<string, { vertical?: boolean }> }>;
  getOperatorList(o?: object): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
  cleanup(): boolean;
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
  // pdf.js takes ownership of (detaches) the buffer it is given.
  const data = new Uint8Array(bytes);
  const task = h.pdfjs.getDocument({
    data,
    cMapUrl: h.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: h.standardFontDataUrl,
    wasmUrl: h.wasmUrl,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: h.pdfjs.VerbosityLevel.ERRORS,
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

const mul = (m: Matrix, n: number[]): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

async function readPage(h: PdfjsHandle, page: PdfjsPage, n: number): Promise<PageContent> {
  const vp = page.getViewport({ scale: 1 });
  const view = vp.transform as Matrix;
  const content = await page.getTextContent();
  const items = textItems(content.items as PdfjsTextItem[], content.styles, view);
  const ops = await page.getOperatorList({ annotationMode: h.pdfjs.AnnotationMode.DISABLE });
  const drawn = drawing(ops.fnArray, ops.argsArray, h.pdfjs.OPS, view, vp.width * vp.height);
  page.cleanup();
  return { page: n, width: vp.width, height: vp.height, items, ...drawn };
}

export function textItems(raw: PdfjsTextItem[], styles: Record<string, { vertical?: boolean }>, view: Matrix): TextItem[] {
  const out: TextItem[] = [];
  for (const it of raw) {
    if (typeof it.str !== 'string' || !it.str || !it.transform) continue;
    const m = mul(view, it.transform);
    const size = Math.hypot(m[2], m[3]);
    if (!(size > 0)) continue;
    const upright = !styles[it.fontName]?.vertical && Math.abs(m[1]) < 0.05 * size && Math.abs(m[2]) < 0.05 * size && m[0] > 0 && m[3] < 0;
    out.push({ text: it.str, x0: m[4], x1: m[4] + Math.abs(it.width), base: m[5], size, upright });
  }
  return out;
}

interface GState {
  ctm: Matrix;
  fill: string;
  stroke: string;
}

const WHITE = '#ffffff';

/**
 * Straight horizontal and vertical lines a page draws (strokes, and thin or boxed fills), the
 * image cover and the number of painted paths, from the page's operator list.
 */
export function drawing(fnArray: number[], argsArray: unknown[][], OPS: Record<string, number>, view: Matrix, area: number): { hRules: Rule[]; vRules: Rule[]; imageCover: number; paths: number } {
  const hRules: Rule[] = [];
  const vRules: Rule[] = [];
  let imageCover = 0;
  let paths = 0;
  const stack: GState[] = [];
  let gs: GState = { ctm: view, fill: '#000000', stroke: '#000000' };
  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const images = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObjectGroup]);

  const addLine = (ax: number, ay: number, bx: number, by: number) => {
    if (Math.abs(ay - by) <= 0.5) hRules.push({ pos: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
    else if (Math.abs(ax - bx) <= 0.5) vRules.push({ pos: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
  };
  const addBox = (pts: number[][]) => {
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // Only an axis-aligned rectangle: every corner on the bounding box's corners.
    if (!pts.every((p) => (Math.abs(p[0] - x0) < 0.5 || Math.abs(p[0] - x1) < 0.5) && (Math.abs(p[1] - y0) < 0.5 || Math.abs(p[1] - y1) < 0.5))) return;
    if (y1 - y0 <= 3) hRules.push({ pos: (y0 + y1) / 2, from: x0, to: x1 });
    else if (x1 - x0 <= 3) vRules.push({ pos: (x0 + x1) / 2, from: y0, to: y1 });
    else {
      // A shaded cell: its edges are where the cell's borders are.
      hRules.push({ pos: y0, from: x0, to: x1 }, { pos: y1, from: x0, to: x1 });
      vRules.push({ pos: x0, from: y0, to: y1 }, { pos: x1, from: y0, to: y1 });
    }
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(gs);
    else if (fn === OPS.restore) gs = stack.pop() ?? gs;
    else if (fn === OPS.transform) gs = { ...gs, ctm: mul(gs.ctm, args as number[]) };
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(gs);
      const m = args?.[0];
      if (Array.isArray(m) || ArrayBuffer.isView(m)) gs = { ...gs, ctm: mul(gs.ctm, Array.from(m as ArrayLike<number>)) };
    } else if (fn === OPS.beginGroup) {
      stack.push(gs);
      const m = (args?.[0] as { matrix?: number[] } | undefined)?.matrix;
      if (m) gs = { ...gs, ctm: mul(gs.ctm, Array.from(m)) };
    } else if (fn === OPS.paintFormXObjectEnd || fn === OPS.endGroup) gs = stack.pop() ?? gs;
    else if (fn === OPS.setFillRGBColor) gs = { ...gs, fill: String(args?.[0] ?? '') };
    else if (fn === OPS.setStrokeRGBColor) gs = { ...gs, stroke: String(args?.[0] ?? '') };
    else if (images.has(fn)) {
      const m = gs.ctm;
      imageCover += Math.abs(m[0] * m[3] - m[1] * m[2]) / area;
    } else if (fn === OPS.constructPath) {
      const op = args?.[0] as number;
      const buf = (args?.[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
      if (!buf) continue;
      paths++;
      const stroked = strokes.has(op) && gs.stroke !== WHITE;
      const filled = fills.has(op) && gs.fill !== WHITE;
      if (stroked || filled) walkPath(buf, gs.ctm, stroked ? addLine : null, filled ? addBox : null);
    }
  }
  return { hRules, vRules, imageCover: Math.min(1, imageCover), paths };
}

/** pdf.js path buffer: 0 moveTo x y, 1 lineTo x y, 2 curveTo x1 y1 x2 y2 x y, 3 closePath. */
function walkPath(buf: ArrayLike<number>, m: Matrix, line: ((ax: number, ay: number, bx: number, by: number) => void) | null, box: ((pts: number[][]) => void) | null): void {
  const at = (x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  let start: number[] | null = null;
  let cur: number[] | null = null;
  let pts: number[][] = [];
  let straight = true;
  const endSub = () => {
    if (box && straight && pts.length >= 4 && pts.length <= 5) box(pts.slice(0, 4));
    pts = [];
    straight = true;
  };
  for (let k = 0; k < buf.length;) {
    const code = buf[k++];
    if (code === 0) {
      endSub();
      cur = start = at(buf[k], buf[k + 1]);
      pts.push(cur);
      k += 2;
    } else if (code === 1) {
      const p = at(buf[k], buf[k + 1]);
      if (cur && line) line(cur[0], cur[1], p[0], p[1]);
      cur = p;
      pts.push(p);
      k += 2;
    } else if (code === 2) {
      cur = at(buf[k + 4], buf[k + 5]);
      straight = false;
      k += 6;
    } else if (code === 3) {
      if (cur && start && line) line(cur[0], cur[1], start[0], start[1]);
      cur = start;
    } else break;
  }
  endSub();
}
