// The DOCX reader this project used before docx/direct.ts, kept as the reference the direct
// reader is checked against (test/docx.test.ts reads every fixture and corpus DOCX both ways):
// mammoth turns WordprocessingML into HTML (merged cells as rowspan/colspan, heading styles as
// h1–h6, numbered paragraphs as lists), the shared HTML walker turns that into blocks. mammoth
// reads the parts through our zip reader (docx/zip.ts), so the size limits hold for everything
// it inflates. It is 15 to 35 times slower than the direct reader, and nothing reads with it:
// no module of the command imports this one, so no worker loads mammoth or cheerio.
import * as cheerio from 'cheerio';
import mammoth from 'mammoth';
import { openZip, ZipPartError, type ZipArchive } from './zip.js';
import { EMPTY_SLOTS_MARK, markEmptySlots, outlineStyleMap } from './mammoth-xml.js';
import { htmlBlocks } from '../html/blocks.js';
import { warning, type ReadResult, type Warning } from '../model.js';
import { firstLine } from '../../pipeline/text.js';

// Chinese Word and WPS name the built-in heading styles 标题 1…; levels past 6 are still headings.
const STYLE_MAP = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [
    `p[style-name='标题 ${n}'] => h${Math.min(n, 6)}:fresh`,
    `p[style-name='标题${n}'] => h${Math.min(n, 6)}:fresh`,
  ]),
  ...[7, 8, 9].flatMap((n) => [`p[style-name='heading ${n}'] => h6:fresh`, `p[style-name='Heading ${n}'] => h6:fresh`]),
];

/** The file interface mammoth reads a package through (its own zip wrapper has the same shape). */
function mammothFile(zip: ZipArchive) {
  return {
    exists: (name: string) => zip.has(name),
    read: async (name: string, encoding?: string): Promise<string | Uint8Array> => {
      const data = zip.read(name);
      if (encoding === 'base64') return data.toString('base64');
      if (!encoding) return new Uint8Array(data);
      const text = new TextDecoder(encoding).decode(data);
      return name.toLowerCase().endsWith('.xml') ? markEmptySlots(text) : text;
    },
    write: () => {
      throw new Error('the package is read-only');
    },
    toArrayBuffer: () => {
      throw new Error('the package is read-only');
    },
  };
}

function styleMapOf(zip: ZipArchive): string[] {
  if (!zip.has('word/styles.xml')) return STYLE_MAP;
  return [...outlineStyleMap(new TextDecoder().decode(zip.read('word/styles.xml'))), ...STYLE_MAP];
}

/**
 * mammoth's messages, each once, with how often it came. A style mammoth has no mapping for
 * (`Unrecognised paragraph style: 正文文本`) is how Word names formatting, not a problem of the
 * document's content: not a warning a person should act on.
 */
const STYLE_NOISE = /^Unrecognised (?:paragraph|run|table) style/;
function messageWarnings(messages: { message: string }[]): Warning[] {
  const counts = new Map<string, number>();
  for (const m of messages) if (!STYLE_NOISE.test(m.message)) counts.set(m.message, (counts.get(m.message) ?? 0) + 1);
  return [...counts].map(([text, n]) => warning('docx.word_message', `Word: ${text}${n > 1 ? ` (${n} times)` : ''}`));
}

/** A DOCX package to the document model through mammoth (the reference reader). */
export async function readDocxWithMammoth(bytes: Buffer): Promise<ReadResult> {
  const opened = openZip(bytes);
  if (!opened.ok) return opened;
  const { zip } = opened;
  if (!zip.has('word/document.xml') && !zip.has('[Content_Types].xml')) {
    return { ok: false, error: 'corrupt DOCX: a zip archive, but not a Word document (no word/document.xml)' };
  }
  let html: string;
  let warnings: Warning[];
  try {
    const styleMap = styleMapOf(zip);
    const result = await mammoth.convertToHtml({ file: mammothFile(zip) } as unknown as { buffer: Buffer }, {
      styleMap,
      includeEmbeddedStyleMap: false,
      externalFileAccess: false,
      // Images are not text: never inflate them, never inline them as base64.
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
    });
    html = result.value;
    warnings = messageWarnings(result.messages);
  } catch (e) {
    if (e instanceof ZipPartError) return { ok: false, error: e.message };
    const why = firstLine(e);
    // Word never writes entity declarations; a part that uses them is built to expand (a "billion laughs").
    if (/entity not found/i.test(why)) return { ok: false, error: 'corrupt DOCX: its XML uses entities Word never writes (refused: entity expansion)' };
    if (e instanceof RangeError && /call stack/i.test(why)) return { ok: false, error: 'corrupt DOCX: elements nested too deeply to read (tables within tables, thousands deep)' };
    return { ok: false, error: `corrupt DOCX: ${why.replace(/\s+/g, ' ')}` };
  }
  const $ = cheerio.load(html);
  // Footnote markers ([1]) and their back links (↑) are navigation, not text; the notes
  // themselves stay, but as plain paragraphs rather than a numbered list.
  $('a[id^="footnote-ref-"], a[id^="endnote-ref-"], a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]').remove();
  $('li[id^="footnote-"], li[id^="endnote-"]').each((_, el) => {
    el.tagName = 'div';
  });
  const images = $('img').length;
  const blocks = htmlBlocks($, { numberedListsAreHeadings: true, emptySlotsMark: EMPTY_SLOTS_MARK });
  if (!blocks.length) {
    const reason = images ? `no text in the DOCX, only ${images} image(s) (scanned pages? OCR needed)` : 'no text in the DOCX (empty document)';
    return { ok: true, doc: { blocks, warnings, unreadable: { parts: 1, total: 1, reason } } };
  }
  return { ok: true, doc: { blocks, warnings } };
}
