// pdf.js, as bundled with pdf-parse, turned into plain page content (pdf/ops.ts reads it from
// each page's operator list): positioned text runs, the ruling lines drawn on the page, and how
// much of it is painted by images. Both halves of pdf.js run in this thread, set up for reading
// rather than drawing: its core builds no font files and decodes no images (loadCore), and
// messages between the halves are handed over rather than cloned (DirectPort). One pass over
// each document. Nothing is fetched: the CMaps (for Chinese fonts without a ToUnicode map), the
// standard fonts and the image decoders' wasm come from pdf-parse's own pdfjs-dist folder.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { inflateRawSync } from 'node:zlib';
import { maxOf, minOf } from '../extremes.js';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mul, walkOps, type FontInfo, type Matrix } from './ops.js';
import type { PageContent } from './types.js';
import { fastLexer, type LexerParts } from './lexer.js';
import { PDF_SETTINGS } from './settings.js';

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
  PDFWorker: new (o: { port: object; verbosity?: number }) => object;
  OPS: Record<string, number>;
  AnnotationMode: Record<string, number>;
  VerbosityLevel: Record<string, number>;
}

export interface PdfjsHandle {
  pdfjs: Pdfjs;
  /** The thread's pdf.js "worker": its core (see loadCore), run here behind a port that does not clone (see DirectPort). */
  worker: object;
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
    // pdf.js's "worker" half runs in this thread, one for every document it reads.
    const core = await loadCore(join(dir, 'legacy', 'build', 'pdf.worker.mjs'));
    const port = new DirectPort();
    core.WorkerMessageHandler.initializeFromPort(port);
    const worker = new pdfjs.PDFWorker({ port, verbosity: pdfjs.VerbosityLevel.ERRORS });
    // The legacy build's core-js swaps in a JavaScript Array.prototype.push (for a V8 edge case
    // at lengths past 2^53) that makes font conversion a fifth slower; the native one is fine.
    if (Array.prototype.push !== push) Array.prototype.push = push;
    const folder = (name: string) => join(dir, name) + '/';
    return { pdfjs, worker, cMapUrl: folder('cmaps'), standardFontDataUrl: folder('standard_fonts'), wasmUrl: folder('wasm') };
  })();
  return loading;
}

interface PdfImage {
  width: number;
  height: number;
  interpolate?: unknown;
  createImageData(...args: unknown[]): Promise<unknown>;
}

interface Core {
  WorkerMessageHandler: { initializeFromPort(port: object): void };
  __CFFCompiler?: { prototype: { compile(): Uint8Array } };
  __OpenTypeFileBuilder?: { prototype: { toArray(): Uint8Array } };
  __PDFImage?: { buildImage(o: object): Promise<PdfImage> };
  __FlateStream?: { prototype: FlateStream };
  __Stream?: { prototype: object; new (bytes: Uint8Array, start: number, length: number, dict: unknown): RawStream };
  __OperatorList?: { prototype: object };
  __Type1CharString?: { prototype: Type1CharString };
  __Type1Parser?: { prototype: Type1Parser };
  __lexer?: LexerParts;
}

/** pdf.js's reader of one Type 1 glyph program, as convert() leaves it. */
interface Type1CharString {
  width: number;
  lsb: number;
  output: number[];
  seac?: number[] | null;
  convert(encoded: Uint8Array, subrs: Uint8Array[], seacAnalysisEnabled: boolean): boolean;
}

/**
 * A Type 1 glyph program read for its advance width alone. pdf.js translates every glyph of an
 * embedded Type 1 font into a Type 2 outline for the font file it builds to draw with (which
 * loadCore leaves empty); a reader needs only the width, for glyphs the PDF's /Widths leaves
 * out, and the width is the first command of every well-formed program: `sbx wx hsbw` or
 * `sbx sby wx wy sbw`. A program that starts any other way (a width computed with `div`, a
 * subroutine) is translated in full, as before. The outline is left as one `endchar`, so the
 * glyph still counts as present; `seac` (accented glyphs drawn from two others) only serves
 * drawing. A tenth of the reading time of PDFs set in Type 1 fonts.
 */
export function widthOnly(CharString: { prototype: Type1CharString }): void {
  const convert = CharString.prototype.convert;
  const HSBW = 13;
  const ESCAPE = 12;
  const SBW = 7;
  const ENDCHAR = 14;
  CharString.prototype.convert = function (this: Type1CharString, sealed, subrs, seacAnalysisEnabled) {
    // The width is read from the program's first bytes (five numbers of at most five bytes
    // and an operator): only those are decrypted, the rest only for a program read in full.
    const encoded = sealed instanceof Sealed ? sealed.open(WIDTH_BYTES) : sealed;
    const stack: number[] = [];
    for (let i = 0; i < encoded.length && stack.length <= 4; i++) {
      const v = encoded[i]!;
      if (v >= 32) {
        // The charstring number encoding (Type 1 Font Format, 6.2).
        if (v <= 246) stack.push(v - 139);
        else if (v <= 250) stack.push((v - 247) * 256 + encoded[++i]! + 108);
        else if (v <= 254) stack.push(-(v - 251) * 256 - encoded[++i]! - 108);
        else {
          stack.push(((encoded[i + 1]! << 24) | (encoded[i + 2]! << 16) | (encoded[i + 3]! << 8) | encoded[i + 4]!) >> 0);
          i += 4;
        }
        continue;
      }
      if (v === HSBW && stack.length === 2) {
        this.lsb = stack[0]!;
        this.width = stack[1]!;
      } else if (v === ESCAPE && encoded[i + 1] === SBW && stack.length === 4) {
        this.lsb = stack[0]!;
        this.width = stack[2]!;
      } else break;
      this.output = [ENDCHAR];
      return false;
    }
    return convert.call(this, sealed instanceof Sealed ? sealed.open() : sealed, openAll(subrs), seacAnalysisEnabled);
  };
}

/** More than the bytes widthOnly reads before it knows the width or gives up. */
const WIDTH_BYTES = 40;

/**
 * A Type 1 glyph program or subroutine as the font holds it, encrypted (charstring encryption,
 * Type 1 Font Format 7.2): pdf.js decrypts every one as it reads the font, widthOnly needs the
 * first bytes of each glyph's. Decrypted the way pdf.js's decrypt() does it, as far as asked.
 */
export class Sealed {
  constructor(readonly bytes: Uint8Array, readonly lenIV: number) {}
  open(upTo = Infinity): Uint8Array {
    const data = this.bytes;
    let r = 4330;
    for (let i = 0; i < this.lenIV; i++) r = ((data[i]! + r) * 52845 + 22719) & 0xffff;
    const out = new Uint8Array(Math.min(data.length - this.lenIV, upTo));
    for (let i = this.lenIV, j = 0; j < out.length; i++, j++) {
      const v = data[i]!;
      out[j] = v ^ (r >> 8);
      r = ((v + r) * 52845 + 22719) & 0xffff;
    }
    return out;
  }
}

const opened = new WeakMap<Uint8Array[], Uint8Array[]>();

/** A font's subroutines decrypted, once for all its glyphs read in full (holes kept, as map keeps them). */
function openAll(subrs: Uint8Array[]): Uint8Array[] {
  if (!Array.isArray(subrs) || !subrs.some((s) => s instanceof Sealed)) return subrs;
  let out = opened.get(subrs);
  if (!out) {
    out = subrs.map((s) => (s instanceof Sealed ? s.open() : s));
    opened.set(subrs, out);
  }
  return out;
}

/** pdf.js's Type1Parser, whose readCharStrings decrypts each program as it is read. */
interface Type1Parser {
  readCharStrings(bytes: Uint8Array, lenIV: number): Uint8Array;
}

/**
 * Glyph programs and subroutines left encrypted (see Sealed) for widthOnly to open: only where
 * pdf.js would decrypt a non-empty program with a whole number of leading bytes to drop; any
 * other (no encryption, a program shorter than its lead, an odd lenIV) is read as before.
 */
function sealCharStrings(Parser: { prototype: Type1Parser }): void {
  const read = Parser.prototype.readCharStrings;
  Parser.prototype.readCharStrings = function (this: Type1Parser, bytes, lenIV) {
    if (Number.isInteger(lenIV) && lenIV >= 0 && lenIV < bytes.length && bytes instanceof Uint8Array) return new Sealed(bytes, lenIV) as unknown as Uint8Array;
    return read.call(this, bytes, lenIV);
  };
}

/** A stream of bytes held in memory, as pdf.js's Stream keeps them. */
interface RawStream {
  bytes: Uint8Array;
  pos: number;
  end: number;
  dict?: unknown;
}

/** The state of pdf.js's FlateStream (a DecodeStream) that decoding a block fills in. */
interface FlateStream {
  str: RawStream;
  buffer: Uint8Array;
  bufferLength: number;
  eof: boolean;
  readBlock(): void;
  /** Set once the whole stream was offered to zlib. */
  tendered?: boolean;
}

/**
 * Deflate streams (content streams, font programs, cross-reference streams) inflated by zlib in
 * one call rather than block by block by pdf.js's JavaScript decoder, a tenth of the reading
 * time. Only a stream read straight from the file's bytes is offered, and only when zlib reads it
 * to its end without complaint: a truncated or damaged stream is left to pdf.js, which keeps
 * what decodes before the damage, so the text read is the same either way.
 */
function inflateNatively(Flate: { prototype: FlateStream }, Raw: { prototype: object }): void {
  const readBlock = Flate.prototype.readBlock;
  Flate.prototype.readBlock = function (this: FlateStream) {
    const s = this.str;
    if (!this.tendered && this.bufferLength === 0 && Object.getPrototypeOf(s) === Raw.prototype) {
      this.tendered = true;
      let out: Buffer | null = null;
      try {
        out = inflateRawSync(s.bytes.subarray(s.pos, s.end));
      } catch {
        out = null;
      }
      if (out) {
        // A plain view, not a Buffer: pdf.js's slice() copies, a Buffer's would not.
        this.buffer = new Uint8Array(out.buffer, out.byteOffset, out.length);
        this.bufferLength = out.length;
        this.eof = true;
        s.pos = s.end;
        return;
      }
    }
    this.tendered = true;
    readBlock.call(this);
  };
}

/**
 * pdf.js's core, set up for reading text: its module's code run here as a function that hands
 * back three of its classes beside the handler, and what those build only for drawing left out
 * (and its deflate decoder, see inflateNatively).
 * For every embedded font pdf.js writes an OpenType file (for Type 1 and CFF fonts compiling a
 * CFF program into it) that only a renderer reads: the glyphs' widths and Unicode values and the
 * font matrices come from the PDF and the font program before either is built. Each image
 * XObject is painted in the operator list (what the reader measures) before its pixels are
 * decoded, for drawing: it is given none. Text, positions and image areas stay as they were; on
 * PDFs set in Type 1 fonts (LaTeX, generated documents) the fonts were a third of the reading
 * time, on scans the images most of it. This copy is not the one pdf.js renders with (OCR's
 * pages, through pdf-parse): that imports the module as it ships. Should the module not read as
 * expected (another pdf.js), it is imported as it is.
 */
async function loadCore(file: string): Promise<Core> {
  const g = globalThis as { pdfjsWorker?: unknown };
  const before = Object.getOwnPropertyDescriptor(g, 'pdfjsWorker');
  try {
    const core = coreAsFunction(file);
    if (!core) return (await import(pathToFileURL(file).href)) as Core;
    const empty = () => new Uint8Array(0);
    core.__CFFCompiler!.prototype.compile = empty;
    core.__OpenTypeFileBuilder!.prototype.toArray = empty;
    const PDFImage = core.__PDFImage!;
    const buildImage = PDFImage.buildImage;
    PDFImage.buildImage = async function (o: object) {
      const image = await buildImage.call(this, o);
      image.createImageData = async () => ({ width: image.width, height: image.height, interpolate: image.interpolate, kind: 0, data: new Uint8ClampedArray(0) });
      return image;
    };
    if (core.__FlateStream && core.__Stream) inflateNatively(core.__FlateStream, core.__Stream);
    if (core.__lexer) fastLexer(core.__lexer);
    if (core.__Type1CharString) {
      widthOnly(core.__Type1CharString);
      if (core.__Type1Parser) sealCharStrings(core.__Type1Parser);
    }
    // What an operator list would transfer to a worker: DirectPort hands everything over as it
    // is, so the list of buffers pdf.js walks every chunk for is not needed.
    if (core.__OperatorList && Object.getOwnPropertyDescriptor(core.__OperatorList.prototype, '_transfers')?.get) {
      Object.defineProperty(core.__OperatorList.prototype, '_transfers', { get: () => [], configurable: true });
    }
    return core;
  } finally {
    // The module names itself the thread's stand-in worker as it runs: the renderer's is the stock one.
    if (before) Object.defineProperty(g, 'pdfjsWorker', before);
    else delete g.pdfjsWorker;
  }
}

/**
 * Functions of pdf.js's core whose work goes only into the font files it builds for drawing
 * (which loadCore leaves empty): each is cut short (one walk inside checkAndRepair is skipped)
 * where its source reads as expected, and runs as it ships where not. Whatever of theirs a reader sees (a glyph's Unicode value, its width,
 * the font's matrix) is the same either way; what changes is only a glyph's `fontChar` and
 * `isInFont`, which nothing but drawing reads. Each line keeps its place (the stack traces'
 * line numbers hold).
 */
const FOR_DRAWING_ONLY: { name: string; head: string; body: string }[] = [
  // A glyph's place in the built font's cmap (its `fontChar`), for every character of every font.
  { name: 'adjustMapping', head: '\nfunction adjustMapping(charCodeToGlyphId, hasGlyph, newGlyphZeroId, toUnicode) {',
    body: 'return { toFontChar: [], charCodeToGlyphId: Object.create(null), toUnicodeExtraMap: new Map(), nextAvailableFontCharCode: 0xe000 };' },
  // Tables of the built font file.
  { name: 'createCmapTable', head: '\nfunction createCmapTable(glyphs, toUnicodeExtraMap, numGlyphs) {', body: 'return "";' },
  { name: 'createOS2Table', head: '\nfunction createOS2Table(properties, charstrings, override) {', body: 'return "";' },
  { name: 'createNameTable', head: '\nfunction createNameTable(name, proto) {', body: 'return "";' },
  // A Type 1 font's program rewritten as CFF, glyph names looked up one by one among CFF's 391 standard strings.
  { name: 'Type1Font.wrap', head: '\n  wrap(name, glyphs, charstrings, subrs, properties) {', body: 'return new Uint8Array(0);' },
  // A composite font's table of glyph ids by character code, read only by adjustMapping: under an
  // Identity CMap 65,536 calls for every font, none of which can fail (its CIDs never pass
  // 0xffff). Under any other CMap it is still built, for the font pdf.js gives up on where a CID
  // does pass 0xffff. The body goes before the walk it skips.
  { name: 'charCodeToGlyphId', head: '\n    if (properties.composite) {\n      const cidToGidMap = properties.cidToGidMap || [];\n      const isCidToGidMapEmpty = cidToGidMap.length === 0;\n',
    body: 'if (!(properties.cMap instanceof IdentityCMap))' },
  // A TrueType font's glyph outlines copied and repaired one by one: see sanitizeGlyphLocations below.
  { name: 'sanitizeGlyphLocations', head: '\n    function sanitizeGlyphLocations(loca, glyf, numGlyphs, isGlyphLocationsLong, hintsValid, dupFirstEntry, maxSizeOfInstructions) {',
    body: 'if (__reader.wellOrdered(loca.data, numGlyphs, isGlyphLocationsLong, glyf.data.length)) return { missingGlyphs: Object.create(null), maxSizeOfInstructions };' },
];

/**
 * Whether pdf.js's repair of a TrueType font's glyph table (sanitizeGlyphLocations) may be left
 * out: its outlines and the list of empty glyphs it finds serve drawing alone, but on a table out
 * of order it can fail, and the font is then read as a substitute (other Unicode values). With
 * at least one glyph and offsets that never decrease (from 0 up), pdf.js's sort by offset keeps
 * the glyphs in their order, each ends where the next starts, so none overlaps another and
 * what it copies fits: it cannot fail. Empty glyphs share their neighbour's offset, and a
 * subset font starts with several (an empty .notdef, then every glyph left out: 0, 0, 0, ...):
 * its special case for glyphs at 0 then changes nothing. Any other table is repaired as before.
 */
export function wellOrdered(loca: Uint8Array, numGlyphs: number, long: boolean, glyfLength: number): boolean {
  const size = long ? 4 : 2;
  if (numGlyphs < 1 || loca.length < size * (numGlyphs + 1)) return false;
  // Decoded as pdf.js decodes them: a long offset past 2^31 is negative, and taken as out of order.
  let last = 0;
  for (let i = 0, j = 0; i <= numGlyphs; i++, j += size) {
    let offset = long ? ((loca[j]! << 24) | (loca[j + 1]! << 16) | (loca[j + 2]! << 8) | loca[j + 3]!) : ((loca[j]! << 9) | (loca[j + 1]! << 1));
    if (offset > glyfLength) offset = glyfLength;
    if (offset < last) return false;
    last = offset;
  }
  return true;
}

/** The module's source with FOR_DRAWING_ONLY cut short: each where its head is found once. */
function forReading(src: string): string {
  // One new string, not one per function: pdf.js's source is 2 MB, copied at each worker's start.
  const cuts: { at: number; body: string }[] = [];
  for (const { head, body } of FOR_DRAWING_ONLY) {
    const at = src.indexOf(head);
    if (at < 0 || src.indexOf(head, at + 1) >= 0) continue;
    cuts.push({ at: at + head.length, body });
  }
  cuts.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  for (const { at, body } of cuts) {
    parts.push(src.slice(from, at), ` ${body}`);
    from = at;
  }
  parts.push(src.slice(from));
  return parts.join('');
}

/** Where the module defines what fastLexer needs. */
const LEXER_PARTS = ['\nclass Lexer {', '\nclass Stream extends BaseStream {', '\nclass DecodeStream extends BaseStream {', '\nclass Cmd {', '\nclass Name {', '\nconst EOF = Symbol("EOF");', '\nconst specialChars = ['];

/** The module run as a strict function of its own (same file name and lines in stack traces), or null. */
function coreAsFunction(file: string): Core | null {
  const src = forReading(readFileSync(file, 'utf8'));
  const end = /\nexport \{ WorkerMessageHandler \};\s*(?:\/\/# sourceMappingURL=\S*\s*)?$/;
  if (!end.test(src) || !['CFFCompiler', 'OpenTypeFileBuilder', 'PDFImage'].every((name) => src.includes(`\nclass ${name} {`))) return null;
  const body = src
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href))
    .replace(end, `\nreturn { WorkerMessageHandler, __CFFCompiler: CFFCompiler, __OpenTypeFileBuilder: OpenTypeFileBuilder, __PDFImage: PDFImage${
      src.includes('\nclass FlateStream extends DecodeStream {') && src.includes('\nclass Stream extends BaseStream {') ? ', __FlateStream: FlateStream, __Stream: Stream' : ''}${
      src.includes('\nclass OperatorList {') ? ', __OperatorList: OperatorList' : ''}${
      src.includes('\nclass Type1CharString {') ? ', __Type1CharString: Type1CharString' : ''}${
      src.includes('\nclass Type1Parser {') ? ', __Type1Parser: Type1Parser' : ''}${
      LEXER_PARTS.every((part) => src.includes(part)) ? ', __lexer: { Lexer, Stream, DecodeStream, Cmd, Name, EOF, specialChars }' : ''} };\n`);
  // Its one dynamic import (a fallback JPEG 2000 decoder) loads as it would from the module.
  const dynamic = typeof vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === 'symbol';
  try {
    const run = new vm.Script(`(function (__reader) { "use strict"; ${body}\n})`, { filename: file, ...(dynamic ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}) }).runInThisContext() as (hooks: object) => Core;
    const core = run({ wellOrdered });
    const fits = typeof core.__CFFCompiler?.prototype.compile === 'function' && typeof core.__OpenTypeFileBuilder?.prototype.toArray === 'function'
      && typeof core.__PDFImage?.buildImage === 'function';
    return fits ? core : null;
  } catch {
    return null;
  }
}

/**
 * The two halves of pdf.js in one thread, joined the way its own stand-in for a worker joins
 * them (one port, each side's handler picking the messages addressed to it), but without a
 * structured clone of every message: a copy of each message's arrays and plain objects is all
 * the sender's later changes call for (an operator list's arrays are emptied once sent); typed
 * arrays, glyphs and other objects are handed over as they are, as a transfer would.
 */
class DirectPort {
  #listeners = new Set<(event: { data: unknown }) => void>();
  postMessage(data: unknown): void {
    const event = { data: copyMessage(data) };
    void Promise.resolve().then(() => {
      for (const listener of this.#listeners) listener.call(this, event);
    });
  }
  addEventListener(_type: string, listener: (event: { data: unknown }) => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: string, listener: (event: { data: unknown }) => void): void {
    this.#listeners.delete(listener);
  }
  terminate(): void {
    this.#listeners.clear();
  }
}

function copyMessage(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyMessage(v[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const chunk = v as { fnArray?: unknown; argsArray?: unknown };
  if (Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray)) {
    // A chunk of an operator list: pdf.js empties its two arrays once the chunk is sent, but
    // each operator's arguments are built for it and never changed after, so they go as they are.
    return { ...v, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() };
  }
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const k in v) out[k] = copyMessage((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * A stand-in document for pdf.js's font loader. With font faces "disabled" (its Node default)
 * pdf.js compiles every glyph's outline for drawing, a sixth of the reading time; with them
 * enabled it hands each font's file once to the document (here a style sheet that keeps
 * nothing), and the files loadCore's pdf.js builds are empty, so there is nothing to hand over.
 */
const FONT_SINK = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

export type LoadResult =
  | { ok: true; pages: PageContent[]; failed: { page: number; error: string }[] }
  | { ok: false; error: string; kind: 'encrypted' | 'corrupt' };

/** The kind of an open failure: a password is asked for, or the file is broken. */
const openKind = (e: unknown): 'encrypted' | 'corrupt' => ((e as { name?: string })?.name === 'PasswordException' ? 'encrypted' : 'corrupt');

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
  const task = h.pdfjs.getDocument({
    // pdf.js keeps the buffer it is given (through a cloning port it would detach it): a copy.
    data: new Uint8Array(bytes),
    cMapUrl: h.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: h.standardFontDataUrl,
    wasmUrl: h.wasmUrl,
    worker: h.worker,
    useSystemFonts: false,
    disableFontFace: false,
    ownerDocument: FONT_SINK,
    isEvalSupported: false,
    verbosity: h.pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: PdfjsDoc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    return { ok: false, error: openError(e), kind: openKind(e) };
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

async function readPage(h: PdfjsHandle, page: PdfjsPage, n: number): Promise<PageContent> {
  const vp = page.getViewport({ scale: 1 });
  const ops = await page.getOperatorList({ annotationMode: h.pdfjs.AnnotationMode.DISABLE });
  const fonts = await fontsOf(page, ops, h.pdfjs.OPS);
  const walk = (view: Matrix) => walkOps(ops.fnArray, ops.argsArray, h.pdfjs.OPS, view, vp.width * vp.height, (id) => fonts.get(id));
  const { turns, ...walked } = walk(vp.transform as Matrix);
  page.cleanup();
  const turn = sideways(turns);
  let content: PageContent = { page: n, width: vp.width, height: vp.height, ...walked };
  if (turn) {
    // Content drawn turned on an upright page (landscape tables printed sideways): read it in
    // the frame where its text stands upright.
    const [w, hgt] = [vp.width, vp.height];
    const frame: Matrix = turn === 1 ? [0, -1, 1, 0, 0, w] : turn === 3 ? [0, 1, -1, 0, hgt, 0] : [-1, 0, 0, -1, w, hgt];
    const { turns: _, ...turned } = walk(mul(frame, vp.transform));
    void _;
    const swap = turn !== 2;
    content = { page: n, width: swap ? hgt : w, height: swap ? w : hgt, ...turned };
  }
  // Images tell a scan from a blank page, and count only where a page has next to no text: on a
  // page of text a picture (a logo, a seal) is never taken for a scan.
  if (content.imageCover > 0 && visible(content.items) >= PDF_SETTINGS.pages.imagesIgnored) content.imageCover = 0;
  return content;
}

const visible = (items: readonly { text: string }[]): number => items.reduce((n, i) => n + i.text.replace(/\s+/g, '').length, 0);

/** The quarter turn most of the page's text is set at, when that is not upright (0 = upright). */
export function sideways(turns: readonly number[]): number {
  const total = turns.reduce((a, b) => a + b, 0);
  const best = turns.indexOf(maxOf(turns, (v) => v));
  return best !== 0 && turns[best] >= PDF_SETTINGS.pages.turnedChars && turns[best] > PDF_SETTINGS.pages.turnedShare * total ? best : 0;
}

/** The fonts the page's text is set in, as pdf.js loaded them for its operator list. */
async function fontsOf(page: PdfjsPage, ops: { fnArray: number[]; argsArray: unknown[][] }, OPS: Record<string, number>): Promise<Map<string, FontInfo>> {
  const ids = new Set<string>();
  const setFont = OPS.setFont;
  const { fnArray, argsArray } = ops;
  // A page sets its font before nearly every run of text, mostly the one it had: that one is not hashed again.
  let last: unknown = ids;
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] !== setFont) continue;
    const id = argsArray[i]?.[0];
    if (id !== last) ids.add(String((last = id)));
  }
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
