// The parts of a DOCX package the direct reader needs besides the body: where they are
// (relationships), paragraph styles (heading styles by id, by name, by outline level), numbering
// (which paragraphs are numbered, in an ordered list), and the footnotes and endnotes.
import { createRequire } from 'node:module';
import {
  BodyReader, ELEMENT_IDS, REL_RELATIONSHIP, W_ABSTRACTNUM, W_ABSTRACTNUMID, W_ENDNOTE, W_FOOTNOTE, W_LVL, W_NAME, W_NUM, W_NUMFMT,
  W_BODY, W_NUMID, W_NUMPR, W_NUMSTYLELINK, W_OUTLINELVL, W_PPR, W_PSTYLE, W_STYLE, type Classify, type Item, type SymbolText,
} from './body.js';
import { CLOSE, END, OPEN, XmlScanner } from './scanner.js';
import type { ZipArchive } from './zip.js';

/** A part's text: UTF-8 (its byte order mark dropped), or UTF-16 where a byte order mark says so. */
export function partText(zip: ZipArchive, name: string): string {
  const bytes = zip.read(name);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // As TextDecoder decodes it (malformed bytes become U+FFFD the same way), a little faster.
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const scanner = (xml: string, part: string) => new XmlScanner(xml, ELEMENT_IDS, part);

/** Opens the root element; false when the part has none. */
function openRoot(sc: XmlScanner): boolean {
  for (;;) {
    const t = sc.next();
    if (t === OPEN) return true;
    if (t === END) return false;
  }
}

/** Calls `child` for each direct child of the root (it must skip or read the child to its end). */
function eachChild(sc: XmlScanner, child: (id: number) => void): void {
  if (!openRoot(sc)) return;
  for (;;) {
    const t = sc.next();
    if (t === OPEN) child(sc.id);
    else if (t === CLOSE || t === END) return;
  }
}

/** Reads the element just opened: `child(id, depth)` for each element in it, at any depth. */
function within(sc: XmlScanner, child: (id: number, depth: number) => void): void {
  const base = sc.depth;
  for (;;) {
    const t = sc.next();
    if (t === OPEN) child(sc.id, sc.depth - base);
    else if ((t === CLOSE && sc.depth <= base) || t === END) return;
  }
}

// ---------- relationships ----------

export interface PartNames {
  main: string;
  styles: string;
  numbering: string;
  footnotes: string;
  endnotes: string;
}

/** The targets of a relationships part, by the last word of their type (`officeDocument`, `styles`…). */
function relationships(zip: ZipArchive, name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!zip.has(name)) return out;
  const sc = scanner(partText(zip, name), name);
  eachChild(sc, (id) => {
    if (id === REL_RELATIONSHIP) {
      const type = sc.attr('Type');
      const target = sc.attr('Target');
      if (type && target !== undefined) {
        const key = type.slice(type.lastIndexOf('/') + 1);
        out.set(key, [...(out.get(key) ?? []), target]);
      }
    }
    sc.skip();
  });
  return out;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The first target of that type that is in the package, else the usual place. */
function located(zip: ZipArchive, rels: Map<string, string[]>, type: string, base: string, fallback: string): string {
  for (const target of rels.get(type) ?? []) {
    const path = (target.startsWith('/') ? target : base ? `${base}/${target}` : target).replace(/^\/+/, '');
    if (zip.has(path)) return path;
  }
  return fallback;
}

/** Where the main document and the parts it relates to are. */
export function partNames(zip: ZipArchive): PartNames {
  const main = located(zip, relationships(zip, '_rels/.rels'), 'officeDocument', '', 'word/document.xml');
  const base = dirname(main);
  const rels = relationships(zip, `${base ? `${base}/` : ''}_rels/${main.slice(base ? base.length + 1 : 0)}.rels`);
  const of = (type: string) => located(zip, rels, type, base, `word/${type}.xml`);
  return { main, styles: of('styles'), numbering: of('numbering'), footnotes: of('footnotes'), endnotes: of('endnotes') };
}

// ---------- styles ----------

export interface Styles {
  /** Paragraph styles by id (the first definition of an id counts): their names. */
  names: Record<string, string | undefined>;
  /** Numbering styles by id: the numbering they stand for. */
  numberingStyles: Record<string, string | undefined>;
  /** Upper-cased names of paragraph styles with an outline level 0–8 (Chinese templates' `1级标题`…). */
  outlined: Set<string>;
}

export const NO_STYLES: Styles = { names: Object.create(null), numberingStyles: Object.create(null), outlined: new Set() };

export function readStyles(xml: string, part: string): Styles {
  const styles: Styles = { names: Object.create(null), numberingStyles: Object.create(null), outlined: new Set() };
  const paragraphIds = new Set<string>();
  const numberingIds = new Set<string>();
  const sc = scanner(xml, part);
  eachChild(sc, (id) => {
    if (id !== W_STYLE) return sc.skip();
    const type = sc.attr('w:type');
    const styleId = String(sc.attr('w:styleId'));
    let name: string | undefined;
    let nameSeen = false;
    let level: string | undefined;
    let numId: string | undefined;
    let pPr = false;
    let numPr = false;
    within(sc, (child, depth) => {
      if (child === W_NAME && depth === 1 && !nameSeen) {
        nameSeen = true;
        name = sc.attr('w:val');
      }
      else if (child === W_PPR && depth === 1 && !pPr) pPr = true;
      else if (child === W_NUMPR && depth === 2 && pPr && !numPr) numPr = true;
      else if (child === W_NUMID && depth === 3 && numPr && numId === undefined) numId = sc.attr('w:val');
      // The first outline level anywhere in the style (a tracked change's too), as Word's own template reader sees it.
      if (child === W_OUTLINELVL && level === undefined) {
        const v = sc.attr('w:val');
        if (v !== undefined && /^\d+$/.test(v)) level = v;
      }
    });
    if (type === 'paragraph') {
      if (!paragraphIds.has(styleId)) {
        paragraphIds.add(styleId);
        styles.names[styleId] = name;
      }
      // Level 9 is body text.
      const named = name as string | undefined;
      if (named && level !== undefined && Number(level) <= 8) styles.outlined.add(named.toUpperCase());
    } else if (type === 'numbering' && !numberingIds.has(styleId)) {
      numberingIds.add(styleId);
      styles.numberingStyles[styleId] = numId;
    }
  });
  return styles;
}

// ---------- numbering ----------

interface Level {
  isOrdered: boolean;
  /** The level's w:ilvl as written. */
  level: string;
  paragraphStyleId: string | undefined;
}

interface AbstractNum {
  levels: Record<string, Level>;
  numStyleLink: string | undefined;
}

export interface Numbering {
  abstractNums: Record<string, AbstractNum>;
  nums: Record<string, string | undefined>;
  byStyle: Record<string, Level>;
}

export const NO_NUMBERING: Numbering = { abstractNums: Object.create(null), nums: Object.create(null), byStyle: Object.create(null) };

export function readNumbering(xml: string, part: string): Numbering {
  const numbering: Numbering = { abstractNums: Object.create(null), nums: Object.create(null), byStyle: Object.create(null) };
  const sc = scanner(xml, part);
  eachChild(sc, (id) => {
    if (id === W_ABSTRACTNUM) {
      const abstractId = String(sc.attr('w:abstractNumId'));
      const levels: Record<string, Level> = Object.create(null);
      let withoutIndex: Level | null = null;
      let numStyleLink: string | undefined;
      let linkSeen = false;
      let level: Level | null = null;
      let fmtSeen = false;
      let styleSeen = false;
      within(sc, (child, depth) => {
        if (depth === 1) {
          level = null;
          if (child === W_LVL) {
            const ilvl = sc.attr('w:ilvl');
            level = { isOrdered: true, level: ilvl ?? '0', paragraphStyleId: undefined };
            fmtSeen = styleSeen = false;
            if (ilvl === undefined) withoutIndex = level;
            else levels[ilvl] = level;
          } else if (child === W_NUMSTYLELINK && !linkSeen) {
            linkSeen = true;
            numStyleLink = sc.attr('w:val');
          }
        } else if (depth === 2 && level) {
          const l: Level = level;
          if (child === W_NUMFMT && !fmtSeen) {
            fmtSeen = true;
            l.isOrdered = sc.attr('w:val') !== 'bullet';
          } else if (child === W_PSTYLE && !styleSeen) {
            styleSeen = true;
            l.paragraphStyleId = sc.attr('w:val');
          }
        }
      });
      const orphan = withoutIndex as Level | null;
      if (orphan && levels['0'] === undefined) levels['0'] = orphan;
      numbering.abstractNums[abstractId] = { levels, numStyleLink };
    } else if (id === W_NUM) {
      const numId = String(sc.attr('w:numId'));
      let abstractNumId: string | undefined;
      let seen = false;
      within(sc, (child, depth) => {
        if (depth === 1 && child === W_ABSTRACTNUMID && !seen) {
          seen = true;
          abstractNumId = sc.attr('w:val');
        }
      });
      numbering.nums[numId] = abstractNumId;
    } else {
      sc.skip();
    }
  });
  // Levels tied to a paragraph style (Word's multilevel heading lists); the last one of a style counts.
  for (const a of Object.values(numbering.abstractNums)) {
    for (const l of Object.values(a.levels)) if (l.paragraphStyleId != null) numbering.byStyle[l.paragraphStyleId] = l;
  }
  return numbering;
}

function findLevel(numbering: Numbering, styles: Styles, numId: string | undefined, level: string, seen = new Set<string | undefined>()): Level | null {
  if (seen.has(numId)) return null;
  seen.add(numId);
  if (numId === undefined || !(numId in numbering.nums)) return null;
  const abstractNumId = numbering.nums[numId];
  const abstract = abstractNumId === undefined ? undefined : numbering.abstractNums[abstractNumId];
  if (!abstract) return null;
  if (abstract.numStyleLink == null) return abstract.levels[level] ?? null;
  if (!(abstract.numStyleLink in styles.numberingStyles)) return null;
  return findLevel(numbering, styles, styles.numberingStyles[abstract.numStyleLink], level, seen);
}

// ---------- headings ----------

const HEADING_NAMES = new Set(['HEADING', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`HEADING ${n}`, `标题 ${n}`, `标题${n}`])]);
const HEADING_IDS = new Set(['Heading', 'Heading1', 'Heading2', 'Heading3', 'Heading4', 'Heading5', 'Heading6']);
/** Note and comment text styles: body text even when numbered. */
const NOTE_NAMES = new Set(['FOOTNOTE TEXT', 'ENDNOTE TEXT', 'ANNOTATION TEXT', 'FOOTNOTE', 'ENDNOTE']);

/**
 * Which paragraphs are headings: those in a built-in heading style (by id `Heading1`…, by name
 * `heading 1`…`heading 9`, Chinese `标题 1`/`标题1`…) or a style with an outline level, and
 * those numbered in an ordered list to five levels deep (a TXT export writes their number,
 * which is what marks them as headings there).
 */
export function classifier(styles: Styles, numbering: Numbering): Classify {
  return (styleId, ilvl, numId) => {
    const id = styleId || null;
    const name = id ? styles.names[id] : undefined;
    const upper = name ? name.toUpperCase() : null;
    if (upper !== null && (HEADING_NAMES.has(upper) || styles.outlined.has(upper))) return 1;
    if (id !== null && HEADING_IDS.has(id)) return 1;
    if (upper !== null && NOTE_NAMES.has(upper)) return 0;
    let level: Level | null = null;
    if (ilvl !== undefined && numId !== undefined) level = findLevel(numbering, styles, numId, ilvl);
    else if (styleId != null && numbering.byStyle[styleId]) level = numbering.byStyle[styleId];
    else if (numId !== undefined) level = findLevel(numbering, styles, numId, '0');
    if (!level || !level.isOrdered) return 0;
    const n = Number(level.level);
    return Number.isInteger(n) && n >= 0 && n <= 4 ? 2 : 0;
  };
}

// ---------- symbols ----------

type Dingbats = (typeface: string, hex: string) => { string: string } | undefined;
let dingbats: Dingbats | null | undefined;

/** The table of Symbol/Wingdings/Webdings code points mammoth ships (dingbat-to-unicode), loaded through it. */
function loadDingbats(): Dingbats | null {
  if (dingbats !== undefined) return dingbats;
  try {
    const fromHere = createRequire(import.meta.url);
    dingbats = (createRequire(fromHere.resolve('mammoth'))('dingbat-to-unicode') as { hex: Dingbats }).hex;
  } catch {
    dingbats = null;
  }
  return dingbats;
}

/** A w:sym as text: its character mapped out of the symbol font's private range. */
export const symbolText: SymbolText = (font, char) => {
  if (font === undefined || char === undefined) return null;
  const hex = loadDingbats();
  if (!hex) return null;
  const found = hex(font, char) ?? (/^F0..$/.test(char) ? hex(font, char.substring(2)) : undefined);
  return found ? found.string : null;
};

// ---------- notes ----------

/** Footnotes or endnotes by key (`footnote-1`), each its content. */
export function readNotes(xml: string, part: string, type: 'footnote' | 'endnote', classify: Classify, into: Map<string, Item[]>): void {
  const sc = scanner(xml, part);
  const element = type === 'footnote' ? W_FOOTNOTE : W_ENDNOTE;
  const reader = new BodyReader(sc, classify, symbolText);
  eachChild(sc, (id) => {
    const kind = id === element ? sc.attr('w:type') : undefined;
    if (id !== element || kind === 'separator' || kind === 'continuationSeparator') return sc.skip();
    const key = `${type}-${sc.attr('w:id')}`;
    into.set(key, reader.readChildren());
  });
}

/** The content of the document's body (the first w:body in the root), or null when it has none. */
export function readBody(xml: string, part: string, classify: Classify): Item[] | null {
  const sc = scanner(xml, part);
  let items: Item[] | null = null;
  eachChild(sc, (id) => {
    if (id === W_BODY && items === null) items = new BodyReader(sc, classify, symbolText).readChildren();
    else sc.skip();
  });
  return items;
}
