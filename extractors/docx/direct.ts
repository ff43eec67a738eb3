// A DOCX package to the document model, read straight from its WordprocessingML: the body and
// the notes it refers to (docx/body.ts, one pass over each part's XML, docx/scanner.ts),
// styles and numbering for headings (docx/parts.ts). Every part is inflated through our
// zip reader (docx/zip.ts), so the size limits hold for all of it.
//
// Blocks come out as the HTML reader lays out a page (html/blocks.ts), which is how the reader
// this replaces (mammoth, then that walker) produced them: each line of a paragraph is a
// paragraph; whitespace collapses; merged cells keep their origin (layoutGrid); a table of one
// column, or a small one holding headings or the page itself, is a layout frame whose content is
// read as the page's; a table nested in a cell is read into that cell, row by row, and also
// stands as a table of its own after the outer one; the notes referred to follow the body, as
// plain paragraphs, without their markers.
import { type Classify, type Item, type Table } from './body.js';
import {
  classifier, NO_NUMBERING, NO_STYLES, partNames, partText, readBody, readNotes, readNumbering, readStyles, type Numbering,
} from './parts.js';
import { XmlError } from './scanner.js';
import { openZip, ZipPartError, type ZipArchive } from './zip.js';
import { append } from '../extremes.js';
import { layoutGrid, type SpanCell } from '../grid.js';
import { raggedNotes } from '../html/blocks.js';
import { warning, type Block, type ReadResult, type TableBlock, type Warning } from '../model.js';

const ENTITY_ERROR = 'corrupt DOCX: its XML uses entities Word never writes (refused: entity expansion)';

export function readDocxDirect(bytes: Buffer): ReadResult {
  const opened = openZip(bytes);
  if (!opened.ok) return opened;
  const { zip } = opened;
  if (!zip.has('word/document.xml') && !zip.has('[Content_Types].xml')) {
    return { ok: false, error: 'corrupt DOCX: a zip archive, but not a Word document (no word/document.xml)' };
  }
  const warnings: Warning[] = [];
  try {
    const parts = partNames(zip);
    if (!zip.has(parts.main)) return { ok: false, error: `corrupt DOCX: no main document part (${parts.main})` };
    const styles = optionalPart(zip, parts.styles, readStyles, NO_STYLES, warnings, 'so headings are known by style id only');
    const numbering = optionalPart<Numbering>(zip, parts.numbering, readNumbering, NO_NUMBERING, warnings, 'so numbered headings are not marked');
    const classify = classifier(styles, numbering);
    const body = readBody(partText(zip, parts.main), parts.main, classify);
    if (!body) return { ok: false, error: `corrupt DOCX: ${parts.main} has no body (w:body)` };
    const layout = new Layout();
    const blocks: Block[] = [];
    layout.flow(body, blocks);
    if (layout.refs.length) appendNotes(zip, parts, classify, layout, blocks, warnings);
    if (!blocks.length) {
      const images = layout.images;
      const reason = images ? `no text in the DOCX, only ${images} image(s) (scanned pages? OCR needed)` : 'no text in the DOCX (empty document)';
      return { ok: true, doc: { blocks, warnings, unreadable: { parts: 1, total: 1, reason } } };
    }
    return { ok: true, doc: { blocks, warnings } };
  } catch (e) {
    if (e instanceof ZipPartError) return { ok: false, error: e.message };
    if (e instanceof XmlError) return { ok: false, error: e.entity ? ENTITY_ERROR : `corrupt DOCX: ${e.message}` };
    throw e;
  }
}

/** A part the body can be read without: when it is missing nothing is lost; when it is broken, a warning. */
function optionalPart<T>(zip: ZipArchive, name: string, read: (xml: string, part: string) => T, none: T, warnings: Warning[], loss: string): T {
  if (!zip.has(name)) return none;
  try {
    return read(partText(zip, name), name);
  } catch (e) {
    if (!(e instanceof ZipPartError) && !(e instanceof XmlError)) throw e;
    const why = e instanceof XmlError && e.entity ? `${name} uses entities Word never writes` : e.message.replace(/^corrupt DOCX: /, '');
    warnings.push(warning('docx.part_unreadable', `${why}: not read, ${loss}`));
    return none;
  }
}

/** The footnotes and endnotes the body refers to, in the order it refers to them (one each time). */
function appendNotes(zip: ZipArchive, parts: { footnotes: string; endnotes: string }, classify: Classify, layout: Layout, blocks: Block[], warnings: Warning[]): void {
  const notes = new Map<string, Item[]>();
  const refs = layout.refs;
  for (const [type, name] of [['footnote', parts.footnotes], ['endnote', parts.endnotes]] as const) {
    if (!zip.has(name) || !refs.some((r) => r.startsWith(`${type}-`))) continue;
    optionalPart(zip, name, (xml, part) => readNotes(xml, part, type, classify, notes), undefined, warnings, `so the ${type}s are left out`);
  }
  layout.refs = [];
  layout.collectRefs = false;
  for (const ref of refs) {
    const note = notes.get(ref);
    if (note) layout.flow(note, blocks);
  }
}

/** A paragraph's line as the page shows it: whitespace runs collapsed, trimmed, no NUL (not a character of text). */
function visible(line: string): string {
  const s = line.indexOf('\0') >= 0 ? line.replace(/\0/g, '') : line;
  return s.replace(/[ \t\n\r\f]+/g, ' ').trim();
}

/** A table of this few rows whose cell holds a table, or this many blocks, frames the page. */
const LAYOUT_ROWS = 3;
const LAYOUT_BLOCKS = 4;

/** The intermediate form to blocks; collects the notes referred to and the images seen. */
class Layout {
  images = 0;
  refs: string[] = [];
  collectRefs = true;
  /** Tables that follow their outer table as blocks of their own; their text is already in a cell. */
  private readonly copies = new WeakSet<Block>();

  /** Appends the blocks of `items` to `out`; whether a heading by style was among them. */
  flow(items: Item[], out: Block[]): boolean {
    let headed = false;
    for (const item of items) {
      if (item.kind === 'table') {
        headed = this.table(item, out) || headed;
        continue;
      }
      this.images += item.images;
      if (item.refs && this.collectRefs) append(this.refs, item.refs);
      if (item.headingTag && item.present) headed = true;
      for (const line of item.lines) {
        const text = visible(line);
        if (text) out.push(item.heading ? { type: 'paragraph', text, heading: true } : { type: 'paragraph', text });
      }
    }
    return headed;
  }

  /** Appends a table (or, for a layout frame, its content); whether content placed before it held a heading. */
  private table(t: Table, out: Block[]): boolean {
    const headedBefore = t.foster.length ? this.flow(t.foster, out) : false;
    const trs = t.rows;
    // Vertical merges: a continuing cell (w:vMerge) adds a row to the cell above it in the same
    // grid column, counted by the spans of the cells before it in its row.
    const rowSpans = new Map<object, number>();
    const continued = new Set<object>();
    const columns: Record<string, object> = Object.create(null);
    for (const row of trs) {
      let at = 0;
      for (const cell of row.cells) {
        const above = columns[at];
        if (cell.vMerge && above) {
          rowSpans.set(above, (rowSpans.get(above) ?? 1) + 1);
          continued.add(cell);
        } else {
          columns[at] = cell;
        }
        at += cell.colSpan;
      }
    }
    const rows: SpanCell[][] = trs.map(() => []);
    const contents: Block[][] = [];
    const leading = trs.map(() => 0);
    const trailing = trs.map(() => 0);
    let headed = false;
    trs.forEach((row, r) => {
      let i = 0;
      for (const cell of row.cells) {
        if (continued.has(cell)) continue;
        const rowSpan = rowSpans.get(cell) ?? 1;
        const colSpan = cell.colSpan > 0 ? cell.colSpan : 1;
        if (cell.gap) {
          const gap = i === 0 ? leading : trailing;
          for (let k = r; k < Math.min(trs.length, r + rowSpan); k++) gap[k] += colSpan;
        } else {
          const blocks: Block[] = [];
          headed = this.flow(cell.items, blocks) || headed;
          rows[r].push({ text: this.cellText(blocks), rowSpan, colSpan });
          contents.push(blocks);
        }
        i++;
      }
    });
    if (!rows.some((r) => r.length)) return headedBefore;
    const { table } = layoutGrid(rows, leading);
    const width = table.rows[0]?.length ?? 0;
    // A one-column table, or a small one holding headings, frames a part of the page (a
    // "layout table"): its content is the flow of the page, not a grid of data. So is a table
    // of a row or two whose cell holds the page itself.
    const holdsPage = trs.length <= LAYOUT_ROWS && contents.some((bs) => bs.length >= (bs.some((b) => b.type === 'table') ? LAYOUT_BLOCKS : 2 * LAYOUT_BLOCKS));
    if (width <= 1 || (headed && trs.length <= LAYOUT_ROWS) || holdsPage) {
      for (const bs of contents) append(out, bs);
      return headedBefore;
    }
    const notes = raggedNotes(rows, leading, trailing, width);
    if (notes.length) table.notes = [...(table.notes ?? []), ...notes];
    out.push(table);
    // A table nested in a cell is also a table of its own, standing right after its outer one.
    for (const bs of contents) {
      for (const b of bs) {
        if (b.type !== 'table') continue;
        this.copies.add(b);
        out.push(b);
      }
    }
    return headedBefore;
  }

  /** A cell's lines joined by line breaks; a nested table reads row by row, its cells spaced. */
  private cellText(blocks: Block[]): string {
    const lines: string[] = [];
    for (const b of blocks) {
      if (b.type === 'paragraph') lines.push(b.text);
      else if (!this.copies.has(b)) append(lines, tableLines(b));
    }
    return lines.join('\n');
  }
}

function tableLines(t: TableBlock): string[] {
  return t.rows
    .map((row) => row.filter((c) => !c.covered && c.text).map((c) => c.text.replace(/\n/g, ' ')).join(' '))
    .filter(Boolean);
}


