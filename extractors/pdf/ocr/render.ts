// Pages of a PDF as PNG images, for OCR: pdf.js renders them (through pdf-parse, on the
// @napi-rs/canvas it ships), so no system program is needed.
import { OCR_SETTINGS } from './settings.js';

export interface RenderedPage { png: Buffer; width: number; height: number; scale: number }

interface Shot { pageNumber: number; data: Uint8Array; width: number; height: number }
interface Parser { getScreenshot(p: object): Promise<{ pages: Shot[] }>; destroy(): Promise<void> }

export interface Renderer {
  render(page: number): Promise<RenderedPage | null>;
  close(): Promise<void>;
}

/** A renderer for one document; pdf.js opens it on the first page asked for. */
export function openRenderer(bytes: Uint8Array): Renderer {
  let parser: Parser | null = null;
  const scale = OCR_SETTINGS.dpi / 72;
  return {
    async render(page) {
      if (!parser) {
        const { PDFParse } = (await import('pdf-parse')) as unknown as { PDFParse: new (o: { data: Uint8Array }) => Parser };
        // pdf.js takes over the buffer it is given: hand it a copy.
        parser = new PDFParse({ data: new Uint8Array(bytes) });
      }
      const shot = await parser.getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false });
      const s = shot.pages[0];
      return s ? { png: Buffer.from(s.data), width: s.width, height: s.height, scale } : null;
    },
    async close() {
      await parser?.destroy();
      parser = null;
    },
  };
}
