// OCR of a PDF's pages: each page rendered, recognised (or taken from the cache), within its
// own time limit, and turned into the positioned text runs the PDF reader works on, so that
// paragraphs and tables (borderless ones rebuilt from the runs' boxes) come out as from text.
import type { OcrOptions } from '../../model.js';
import type { TextItem } from '../types.js';
import { cacheKey, cached, remember } from './cache.js';
import { ocrEngine, type OcrLine } from './engine.js';
import { openRenderer } from './render.js';
import { OCR_SETTINGS } from './settings.js';
import { firstLine } from '../../../pipeline/text.js';

export interface RecognisedPage {
  items: TextItem[];
  confidence: number;
  /** Turned a quarter to read (a page scanned sideways): the page's width and height swap. */
  turned: boolean;
}

interface Read { lines: OcrLine[]; turned: boolean }

export interface Recognition {
  pages: Map<number, RecognisedPage>;
  /** Why pages could not be recognised, one line each. */
  problems: string[];
}

/** A recognised run as a text run of the page, in points from the top-left corner. */
export function toItem(line: OcrLine): TextItem {
  const h = line.box.y1 - line.box.y0;
  return { text: line.text, x0: line.box.x0, x1: line.box.x1, base: line.box.y0 + OCR_SETTINGS.ascent * h, size: h, upright: true };
}

const inPoints = (lines: OcrLine[], scale: number): OcrLine[] =>
  lines.map((l) => ({ ...l, box: { x0: l.box.x0 / scale, y0: l.box.y0 / scale, x1: l.box.x1 / scale, y1: l.box.y1 / scale } }));

/** How much a reading says: its characters, by how sure of them the engine is. */
const weight = (lines: OcrLine[]): number => lines.reduce((s, l) => s + l.text.replace(/\s+/g, '').length * l.confidence, 0);

function withinTime<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); })]).finally(() => clearTimeout(timer));
}

export async function recognisePages(bytes: Uint8Array, pages: number[], opts: OcrOptions): Promise<Recognition> {
  const out: Recognition = { pages: new Map(), problems: [] };
  if (!pages.length) return out;
  const loaded = await ocrEngine();
  if (!loaded.ok) {
    out.problems.push(loaded.error);
    return out;
  }
  const { engine } = loaded;
  const renderer = openRenderer(bytes);
  try {
    for (const [i, page] of pages.entries()) {
      opts.onPage?.(i, pages.length);
      const key = cacheKey(opts.docId ?? '', page, OCR_SETTINGS.dpi, engine.id);
      let read = opts.docId ? await cached(opts.cacheDir, key) : null;
      if (!read) {
        const work = (async (): Promise<Read> => {
          const shot = await renderer.render(page);
          if (!shot) return { lines: [], turned: false };
          let best: Read = { lines: inPoints(await engine.recognise(shot.png), shot.scale), turned: false };
          // A page scanned sideways gives next to nothing upright: read it turned either way.
          if (weight(best.lines) < OCR_SETTINGS.uprightChars) {
            const sharp = (await import('sharp')).default;
            for (const angle of [90, 270]) {
              const lines = inPoints(await engine.recognise(await sharp(shot.png).rotate(angle).png().toBuffer()), shot.scale);
              if (weight(lines) > weight(best.lines)) best = { lines, turned: true };
            }
          }
          return best;
        })();
        const got = await withinTime(work, opts.pageTimeoutMs).catch((e: unknown) => new Error(firstLine(e)));
        if (got === 'timeout') {
          out.problems.push(`page ${page}: OCR timed out after ${opts.pageTimeoutMs / 1000} s (--ocr-timeout)`);
          continue;
        }
        if (got instanceof Error) {
          out.problems.push(`page ${page}: OCR failed (${got.message})`);
          continue;
        }
        read = got;
        if (opts.docId) await remember(opts.cacheDir, key, read);
      }
      const { lines, turned } = read;
      const confidence = lines.length ? lines.reduce((s, l) => s + l.confidence * l.text.length, 0) / lines.reduce((s, l) => s + l.text.length, 0) : 0;
      if (lines.length && confidence < OCR_SETTINGS.minPageConfidence) {
        out.problems.push(`page ${page}: OCR found no readable text (mean confidence ${confidence.toFixed(2)})`);
        continue;
      }
      out.pages.set(page, { items: lines.map(toItem), confidence, turned });
    }
    opts.onPage?.(pages.length, pages.length);
  } finally {
    await renderer.close();
  }
  return out;
}
