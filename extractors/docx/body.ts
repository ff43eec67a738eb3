// WordprocessingML content (a document body, a footnote) read in one pass over its XML into a
// light intermediate form: paragraphs as their lines of raw text, tables as rows of cells with
// their spans and merge marks, each cell holding the same kind of content. docx/direct.ts turns
// that into the document model. There are no objects per run or per text node: text goes
// straight onto the line it belongs to.
//
// What is text, and where it goes, follows what Word shows and what the mammoth-based reader
// this replaces produced, so a document reads the same: inserted text (w:ins) is read and
// deleted text (w:del, w:moveFrom) is not; a paragraph whose mark was deleted runs on into the
// next one; of an mc:AlternateContent only the fallback is read; the paragraphs of a VML text
// box (w:pict) follow the paragraph that anchors it; the first character of a checkbox content
// control (☐/☒) is the box, not text; deleted table rows are left out; anything else (fields'
// instructions, math, properties, unknown extensions) is passed over with its subtree.
//
// Where mammoth read less than Word shows, this reads what Word shows: a simple field's result
// (w:fldSimple: a caption's 表 1), the base text of ruby (w:rubyBase, not its pinyin), a
// carriage return (w:cr) as a line break, a positional tab (w:ptab) as a tab. And a bookmark
// between a table's rows or cells no longer undoes the table's vertical merges.
import { CLOSE, OPEN, TEXT, XmlScanner } from './scanner.js';

// ---------- element ids ----------

const NAMES = [
  'w:body', 'w:p', 'w:pPr', 'w:pStyle', 'w:numPr', 'w:ilvl', 'w:numId', 'w:rPr', 'w:del', 'w:r', 'w:t', 'w:tab', 'w:ptab',
  'w:noBreakHyphen', 'w:softHyphen', 'w:sym', 'w:br', 'w:cr', 'w:hyperlink', 'w:tbl', 'w:tr', 'w:trPr', 'w:gridBefore',
  'w:gridAfter', 'w:tc', 'w:tcPr', 'w:gridSpan', 'w:vMerge', 'w:footnoteReference', 'w:endnoteReference', 'w:bookmarkStart',
  'mc:AlternateContent', 'mc:Fallback', 'w:sdt', 'w:sdtPr', 'w:sdtContent', 'w14:checkbox', 'w:customXml', 'w:ins', 'w:moveTo',
  'w:moveFromRangeStart', 'w:moveFromRangeEnd', 'w:moveToRangeStart', 'w:moveToRangeEnd', 'w:object', 'w:smartTag', 'w:drawing',
  'w:pict', 'v:roundrect', 'v:shape', 'v:textbox', 'w:txbxContent', 'wp:inline', 'wp:anchor', 'a:graphic', 'a:graphicData',
  'pic:pic', 'pic:blipFill', 'a:blip', 'v:imagedata', 'v:group', 'v:rect', 'w:fldSimple', 'w:dir', 'w:bdo', 'w:ruby', 'w:rubyBase',
  // other parts
  'w:footnote', 'w:endnote', 'w:style', 'w:name', 'w:outlineLvl', 'w:abstractNum', 'w:lvl', 'w:numFmt', 'w:numStyleLink', 'w:num',
  'w:abstractNumId', 'rel:Relationship',
] as const;

/** Element ids by canonical name, for XmlScanner. */
export const ELEMENT_IDS: ReadonlyMap<string, number> = new Map(NAMES.map((n, i) => [n, i + 1]));
const elementId = (name: (typeof NAMES)[number]): number => ELEMENT_IDS.get(name)!;

export const W_BODY = elementId('w:body');
const W_P = elementId('w:p');
export const W_PPR = elementId('w:pPr');
export const W_PSTYLE = elementId('w:pStyle');
export const W_NUMPR = elementId('w:numPr');
const W_ILVL = elementId('w:ilvl');
export const W_NUMID = elementId('w:numId');
const W_RPR = elementId('w:rPr');
const W_DEL = elementId('w:del');
const W_T = elementId('w:t');
const W_TAB = elementId('w:tab');
const W_PTAB = elementId('w:ptab');
const W_NOBREAKHYPHEN = elementId('w:noBreakHyphen');
const W_SOFTHYPHEN = elementId('w:softHyphen');
const W_SYM = elementId('w:sym');
const W_BR = elementId('w:br');
const W_CR = elementId('w:cr');
const W_TBL = elementId('w:tbl');
const W_TR = elementId('w:tr');
const W_TRPR = elementId('w:trPr');
const W_GRIDBEFORE = elementId('w:gridBefore');
const W_GRIDAFTER = elementId('w:gridAfter');
const W_TC = elementId('w:tc');
const W_TCPR = elementId('w:tcPr');
const W_GRIDSPAN = elementId('w:gridSpan');
const W_VMERGE = elementId('w:vMerge');
const W_FOOTNOTEREF = elementId('w:footnoteReference');
const W_ENDNOTEREF = elementId('w:endnoteReference');
const W_BOOKMARKSTART = elementId('w:bookmarkStart');
const MC_ALTERNATE = elementId('mc:AlternateContent');
const MC_FALLBACK = elementId('mc:Fallback');
const W_SDT = elementId('w:sdt');
const W_SDTPR = elementId('w:sdtPr');
const W_SDTCONTENT = elementId('w:sdtContent');
const W14_CHECKBOX = elementId('w14:checkbox');
const W_PICT = elementId('w:pict');
const WP_INLINE = elementId('wp:inline');
const WP_ANCHOR = elementId('wp:anchor');
const A_BLIP = elementId('a:blip');
const V_IMAGEDATA = elementId('v:imagedata');
const W_RUBY = elementId('w:ruby');
const W_RUBYBASE = elementId('w:rubyBase');
export const W_FOOTNOTE = elementId('w:footnote');
export const W_ENDNOTE = elementId('w:endnote');
export const W_STYLE = elementId('w:style');
export const W_NAME = elementId('w:name');
export const W_OUTLINELVL = elementId('w:outlineLvl');
export const W_ABSTRACTNUM = elementId('w:abstractNum');
export const W_LVL = elementId('w:lvl');
export const W_NUMFMT = elementId('w:numFmt');
export const W_NUMSTYLELINK = elementId('w:numStyleLink');
export const W_NUM = elementId('w:num');
export const W_ABSTRACTNUMID = elementId('w:abstractNumId');
export const REL_RELATIONSHIP = elementId('rel:Relationship');

/** Elements read through: their content is content of the element around them. */
const THROUGH = new Set(
  (['w:r', 'w:hyperlink', 'w:ins', 'w:moveTo', 'w:smartTag', 'w:customXml', 'w:object', 'w:drawing', 'v:shape', 'v:roundrect',
    'v:group', 'v:rect', 'v:textbox', 'w:txbxContent', 'w:moveFromRangeStart', 'w:moveFromRangeEnd', 'w:moveToRangeStart',
    'w:moveToRangeEnd',
    // Word shows these, mammoth did not read them: a simple field's result (a caption's number), a bidi run.
    'w:fldSimple', 'w:dir', 'w:bdo'] as const).map(elementId),
);

/** The direct-child path from wp:inline/wp:anchor to a picture. */
const PICTURE_PATH = (['a:graphic', 'a:graphicData', 'pic:pic', 'pic:blipFill', 'a:blip'] as const).map(elementId);

// ---------- the intermediate form ----------

/** A paragraph: its lines as written (whitespace not yet collapsed), the last one open. */
export interface Para {
  kind: 'p';
  lines: string[];
  /** Its lines are headings (a heading style, or a numbered paragraph). */
  heading: boolean;
  /** A heading by style (an h1–h6 in HTML terms): a sign that a small table holding it is a layout frame. */
  headingTag: boolean;
  /** Whether it has any content at all (text, a break, an image, a bookmark, a note mark). */
  present: boolean;
  images: number;
  /** Footnotes and endnotes it refers to (`footnote-1`), in order. */
  refs: string[] | null;
  /** Text boxes anchored in it: they follow it. */
  extras: Item[] | null;
}

export interface Table {
  kind: 'table';
  rows: Row[];
  /** Content directly in the table or a row, outside any cell (an HTML parser puts it before the table). */
  foster: Item[];
}

export interface Row {
  cells: Cell[];
}

export interface Cell {
  /** w:gridSpan as written (parseInt; 1 when absent). */
  colSpan: number;
  /** w:vMerge: true to continue the cell above, false to restart, null when absent. */
  vMerge: boolean | null;
  /** Grid columns the row leaves empty (w:gridBefore/w:gridAfter), not a cell of the document. */
  gap: boolean;
  items: Item[];
}

export type Item = Para | Table;

/** A paragraph's style and numbering to: 0 body text, 1 heading by style, 2 numbered (heading). */
export type Classify = (styleId: string | undefined, ilvl: string | undefined, numId: string | undefined) => 0 | 1 | 2;

/** The character a w:sym stands for (Wingdings, Symbol…), or null when it is not known. */
export type SymbolText = (font: string | undefined, char: string | undefined) => string | null;

// ---------- the reader ----------

const CONTAINER = 1;
const PARA = 2;
const TABLE = 3;
const ROW = 4;
const CELL = 5;
const PASS = 6;
const TEXTRUN = 7;
const PPR = 8;
const NUMPR = 9;
const PPR_RPR = 10;
const TRPR = 11;
const TCPR = 12;
const SDT = 13;
const SDTPR = 14;
const ALTERNATE = 15;
const RUBY = 16;
const DRAWING = 17;

/** Tables nested deeper than this are read as the paragraphs of their cells. */
export const MAX_TABLE_DEPTH = 100;

class Frame {
  items: Item[] = [];
  loose: Para | null = null;
  para: Para | null = null;
  table: Table | null = null;
  row: Row | null = null;
  cell: Cell | null = null;
  /** ROW: the frame of its table. */
  owner: Frame | null = null;
  styleId: string | undefined = undefined;
  ilvl: string | undefined = undefined;
  numId: string | undefined = undefined;
  deletedMark = false;
  deleted = false;
  before = 0;
  after = 0;
  beforeAt = 0;
  /** First-child rules (w:pPr of a paragraph, w:pStyle of a w:pPr…): which were seen. */
  seen = 0;
  checkbox = false;
  pending = false;
  matched = 0;
  text = '';
  constructor(readonly kind: number, readonly depth: number) {}
}

const newPara = (): Para => ({ kind: 'p', lines: [''], heading: false, headingTag: false, present: false, images: 0, refs: null, extras: null });

// Bits of Frame.seen.
const SEEN_PPR = 1;
const SEEN_STYLE = 2;
const SEEN_NUMPR = 4;
const SEEN_RPR = 8;
const SEEN_ILVL = 16;
const SEEN_NUMID = 32;
const SEEN_DEL = 64;
const SEEN_TRPR = 128;
const SEEN_TCPR = 256;
const SEEN_SPAN = 512;
const SEEN_VMERGE = 1024;
const SEEN_SDTPR = 2048;
const SEEN_CONTENT = 4096;
const SEEN_CHECKBOX = 8192;
const SEEN_FALLBACK = 16384;

export class BodyReader {
  private frames: Frame[] = [];
  /** The frames content goes into (containers, cells, paragraphs, tables, rows), innermost last. */
  private content: Frame[] = [];
  /** A paragraph whose mark was deleted: its content starts the next paragraph. */
  private carry: Para | null = null;
  private pendingCheckboxes = 0;
  private tables = 0;

  constructor(private readonly sc: XmlScanner, private readonly classify: Classify, private readonly symbol: SymbolText) {}

  /** Reads the children of the element the scanner has just opened, to its end tag. */
  readChildren(): Item[] {
    const sc = this.sc;
    const base = sc.depth;
    this.frames = [];
    this.content = [];
    this.carry = null;
    this.pendingCheckboxes = 0;
    this.tables = 0;
    const root = this.push(CONTAINER, base, true);
    for (;;) {
      const t = sc.next();
      if (t === OPEN) {
        this.open(sc.id);
      } else if (t === CLOSE) {
        if (sc.depth <= base) break;
        const top = this.frames[this.frames.length - 1];
        if (top.depth === sc.depth) this.close(top);
        else if (top.kind === DRAWING && top.matched > 0 && sc.depth === top.depth + top.matched) top.matched--;
      } else if (t === TEXT) {
        this.frames[this.frames.length - 1].text += sc.text;
      } else {
        break;
      }
    }
    this.flushLoose(root);
    return root.items;
  }

  private push(kind: number, depth: number, isContent = false): Frame {
    const f = new Frame(kind, depth);
    this.frames.push(f);
    if (isContent) this.content.push(f);
    return f;
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  private open(id: number): void {
    const sc = this.sc;
    const top = this.top;
    switch (top.kind) {
      case PPR: return this.paragraphProperty(id, top);
      case NUMPR:
        if (id === W_ILVL && !(top.seen & SEEN_ILVL)) {
          top.seen |= SEEN_ILVL;
          this.frames[this.frames.length - 3].ilvl = sc.attr('w:val');
        } else if (id === W_NUMID && !(top.seen & SEEN_NUMID)) {
          top.seen |= SEEN_NUMID;
          this.frames[this.frames.length - 3].numId = sc.attr('w:val');
        }
        return sc.skip();
      case PPR_RPR:
        if (id === W_DEL && !(top.seen & SEEN_DEL)) this.frames[this.frames.length - 3].deletedMark = true;
        if (id === W_DEL) top.seen |= SEEN_DEL;
        return sc.skip();
      case TRPR: {
        const row = this.frames[this.frames.length - 2];
        if (id === W_GRIDBEFORE || id === W_GRIDAFTER) {
          const v = sc.attr('w:val');
          const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
          if (id === W_GRIDBEFORE) row.before = n;
          else row.after = n;
        } else if (id === W_DEL && sc.depth === top.depth + 1 && !(top.seen & SEEN_DEL)) {
          row.deleted = true;
        }
        if (id === W_DEL && sc.depth === top.depth + 1) top.seen |= SEEN_DEL;
        // Read on into the row properties: a gap may sit in a nested element (a tracked change).
        return;
      }
      case TCPR: {
        const cell = this.frames[this.frames.length - 2].cell!;
        if (id === W_GRIDSPAN && !(top.seen & SEEN_SPAN)) {
          top.seen |= SEEN_SPAN;
          const v = sc.attr('w:val');
          cell.colSpan = v ? parseInt(v, 10) : 1;
        } else if (id === W_VMERGE && !(top.seen & SEEN_VMERGE)) {
          top.seen |= SEEN_VMERGE;
          const v = sc.attr('w:val');
          cell.vMerge = v === 'continue' || !v;
        }
        return sc.skip();
      }
      case SDT:
        if (id === W_SDTPR && !(top.seen & SEEN_SDTPR)) {
          top.seen |= SEEN_SDTPR;
          this.push(SDTPR, sc.depth);
          return;
        }
        if (id === W_SDTCONTENT && !(top.seen & SEEN_CONTENT)) {
          top.seen |= SEEN_CONTENT;
          const f = this.push(PASS, sc.depth);
          if (top.checkbox) {
            f.pending = true;
            this.pendingCheckboxes++;
          }
          return;
        }
        return sc.skip();
      case SDTPR:
        if (id === W14_CHECKBOX && !(top.seen & SEEN_CHECKBOX)) this.frames[this.frames.length - 2].checkbox = true;
        if (id === W14_CHECKBOX) top.seen |= SEEN_CHECKBOX;
        return sc.skip();
      case ALTERNATE:
        if (id === MC_FALLBACK && !(top.seen & SEEN_FALLBACK)) {
          top.seen |= SEEN_FALLBACK;
          this.push(PASS, sc.depth);
          return;
        }
        return sc.skip();
      case RUBY:
        if (id === W_RUBYBASE) {
          this.push(PASS, sc.depth);
          return;
        }
        return sc.skip();
      case DRAWING:
        // Pictures only, along the direct-child path to a:blip; nothing in a drawing is text.
        if (sc.depth === top.depth + 1 + top.matched && id === PICTURE_PATH[top.matched]) {
          top.matched++;
          if (id === A_BLIP) {
            if (sc.attr('r:embed') || sc.attr('r:link')) this.image();
            top.matched--;
            return sc.skip();
          }
          return;
        }
        return sc.skip();
      case TEXTRUN:
        return sc.skip();
    }
    this.contentElement(id, top);
  }

  private paragraphProperty(id: number, ppr: Frame): void {
    const sc = this.sc;
    const para = this.frames[this.frames.length - 2];
    if (id === W_PSTYLE && !(ppr.seen & SEEN_STYLE)) {
      ppr.seen |= SEEN_STYLE;
      para.styleId = sc.attr('w:val');
    } else if (id === W_NUMPR && !(ppr.seen & SEEN_NUMPR)) {
      ppr.seen |= SEEN_NUMPR;
      this.push(NUMPR, sc.depth);
      return;
    } else if (id === W_RPR && !(ppr.seen & SEEN_RPR)) {
      ppr.seen |= SEEN_RPR;
      this.push(PPR_RPR, sc.depth);
      return;
    }
    sc.skip();
  }

  private contentElement(id: number, top: Frame): void {
    const sc = this.sc;
    if (THROUGH.has(id)) return;
    switch (id) {
      case W_P: return this.openParagraph();
      case W_PPR:
        if (top.kind === PARA && sc.depth === top.depth + 1 && !(top.seen & SEEN_PPR)) {
          top.seen |= SEEN_PPR;
          this.push(PPR, sc.depth);
          return;
        }
        return sc.skip();
      case W_T:
        this.push(TEXTRUN, sc.depth);
        sc.wantText = true;
        return;
      case W_TAB:
      case W_PTAB:
        this.add('\t', false);
        return sc.skip();
      case W_NOBREAKHYPHEN:
        this.add('\u2011', true);
        return sc.skip();
      case W_SOFTHYPHEN:
        this.add('\u00ad', true);
        return sc.skip();
      case W_SYM: {
        const ch = this.symbol(sc.attr('w:font'), sc.attr('w:char'));
        if (ch) this.add(ch, true);
        return sc.skip();
      }
      case W_BR: {
        const type = sc.attr('w:type');
        // Page and column breaks end no line (a page is not a paragraph).
        if (type === undefined || type === 'textWrapping') this.lineBreak();
        return sc.skip();
      }
      case W_CR:
        this.lineBreak();
        return sc.skip();
      case W_FOOTNOTEREF:
      case W_ENDNOTEREF: {
        const p = this.target();
        (p.refs ??= []).push(`${id === W_FOOTNOTEREF ? 'footnote' : 'endnote'}-${sc.attr('w:id')}`);
        p.present = true;
        return sc.skip();
      }
      case W_BOOKMARKSTART:
        if (sc.attr('w:name') !== '_GoBack') this.target().present = true;
        return sc.skip();
      case W_SDT:
        this.push(SDT, sc.depth);
        return;
      case MC_ALTERNATE:
        this.push(ALTERNATE, sc.depth);
        return;
      case W_RUBY:
        this.push(RUBY, sc.depth);
        return;
      case W_PICT:
        this.push(CONTAINER, sc.depth, true);
        return;
      case WP_INLINE:
      case WP_ANCHOR:
        this.push(DRAWING, sc.depth);
        return;
      case V_IMAGEDATA:
        if (sc.attr('r:id')) this.image();
        return sc.skip();
      case W_TBL: return this.openTable();
      case W_TR: {
        const c = this.content[this.content.length - 1];
        if (c.kind !== TABLE) return;
        const f = this.push(ROW, sc.depth, true);
        f.owner = c;
        f.row = { cells: [] };
        c.table!.rows.push(f.row);
        return;
      }
      case W_TC: {
        const c = this.content[this.content.length - 1];
        if (c.kind !== ROW) return;
        if (c.deleted) return sc.skip();
        const f = this.push(CELL, sc.depth, true);
        f.cell = { colSpan: 1, vMerge: null, gap: false, items: f.items };
        c.row!.cells.push(f.cell);
        return;
      }
      case W_TRPR:
        if (top.kind === ROW && sc.depth === top.depth + 1 && !(top.seen & SEEN_TRPR)) {
          top.seen |= SEEN_TRPR;
          this.push(TRPR, sc.depth);
          return;
        }
        return sc.skip();
      case W_TCPR:
        if (top.kind === CELL && sc.depth === top.depth + 1 && !(top.seen & SEEN_TCPR)) {
          top.seen |= SEEN_TCPR;
          this.push(TCPR, sc.depth);
          return;
        }
        return sc.skip();
      default:
        return sc.skip();
    }
  }

  private close(f: Frame): void {
    this.frames.pop();
    if (this.content[this.content.length - 1] === f) this.content.pop();
    switch (f.kind) {
      case TEXTRUN:
        this.sc.wantText = false;
        if (f.text) this.add(f.text, true);
        return;
      case PARA: return this.closeParagraph(f);
      case CONTAINER: {
        // A text box (w:pict): its content follows the paragraph it is anchored in (one anchored
        // in no paragraph has no place in the text, and is left out).
        this.flushLoose(f);
        const anchor = this.nearestParagraph();
        if (anchor && f.items.length) (anchor.extras ??= []).push(...f.items);
        return;
      }
      case CELL:
        this.flushLoose(f);
        return;
      case TRPR:
        this.frames[this.frames.length - 1].beforeAt = this.frames[this.frames.length - 1].row!.cells.length;
        return;
      case ROW: return this.closeRow(f);
      case TABLE:
        this.tables--;
        this.flushLoose(f);
        return this.emit(f.table!);
      case PASS:
        if (f.pending) this.pendingCheckboxes--;
        return;
    }
  }

  private openParagraph(): void {
    const c = this.content[this.content.length - 1];
    if (c.kind === PARA) this.split(c);
    const f = this.push(PARA, this.sc.depth, true);
    if (this.carry) {
      f.para = this.carry;
      this.carry = null;
    } else {
      f.para = newPara();
    }
  }

  private closeParagraph(f: Frame): void {
    const para = f.para!;
    if (f.deletedMark) {
      this.carry = para;
      return;
    }
    this.mark(para, f);
    const extras = para.extras;
    para.extras = null;
    this.emit(para);
    if (extras) for (const item of extras) this.emit(item);
  }

  private mark(para: Para, f: Frame): void {
    const kind = this.classify(f.styleId, f.ilvl, f.numId);
    para.heading = kind !== 0;
    para.headingTag = kind === 1;
  }

  /** A paragraph that holds a paragraph or a table (invalid, but written): what came before is a paragraph of its own. */
  private split(f: Frame): void {
    const para = f.para!;
    const part = newPara();
    part.lines = para.lines;
    part.present = para.present;
    part.images = para.images;
    part.refs = para.refs;
    this.mark(part, f);
    para.lines = [''];
    para.present = false;
    para.images = 0;
    para.refs = null;
    this.emitBelow(part, f);
  }

  private openTable(): void {
    const sc = this.sc;
    if (this.tables >= MAX_TABLE_DEPTH) return;
    const c = this.content[this.content.length - 1];
    if (c.kind === PARA) this.split(c);
    this.tables++;
    const f = this.push(TABLE, sc.depth, true);
    f.table = { kind: 'table', rows: [], foster: [] };
  }

  private closeRow(f: Frame): void {
    const table = f.owner!.table!;
    const row = f.row!;
    if (f.deleted) {
      table.rows.splice(table.rows.lastIndexOf(row), 1);
      return;
    }
    // A row that starts late or ends early: its empty grid columns, as cells that are not cells.
    if (f.before > 0) row.cells.splice(Math.min(f.beforeAt, row.cells.length), 0, { colSpan: f.before, vMerge: null, gap: true, items: [] });
    if (f.after > 0) row.cells.push({ colSpan: f.after, vMerge: null, gap: true, items: [] });
  }

  /** The paragraph inline content goes on: the open one, or the loose text of a container. */
  private target(): Para {
    const f = this.content[this.content.length - 1];
    if (f.kind === PARA) return f.para!;
    const holder = f.kind === ROW ? f.owner! : f;
    return (holder.loose ??= newPara());
  }

  private add(s: string, isText: boolean): void {
    if (!s) return;
    if (isText && this.pendingCheckboxes > 0 && this.takeCheckbox()) return;
    const p = this.target();
    p.lines[p.lines.length - 1] += s;
    p.present = true;
  }

  /** The first text in a checkbox content control is its box (☐): not text. */
  private takeCheckbox(): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.kind === PASS && f.pending) {
        f.pending = false;
        this.pendingCheckboxes--;
        this.target().present = true;
        return true;
      }
    }
    return false;
  }

  private lineBreak(): void {
    const p = this.target();
    p.lines.push('');
    p.present = true;
  }

  private image(): void {
    const p = this.target();
    p.images++;
    p.present = true;
  }

  private nearestParagraph(): Para | null {
    for (let i = this.content.length - 1; i >= 0; i--) if (this.content[i].kind === PARA) return this.content[i].para;
    return null;
  }

  private flushLoose(f: Frame): void {
    const loose = f.loose;
    if (!loose) return;
    f.loose = null;
    if (f.kind === TABLE) f.table!.foster.push(loose);
    else f.items.push(loose);
  }

  /** A finished paragraph or table into the content around it. */
  private emit(item: Item): void {
    this.emitAt(item, this.content.length - 1);
  }

  /** Into the content around frame `f` (which is open). */
  private emitBelow(item: Item, f: Frame): void {
    this.emitAt(item, this.content.lastIndexOf(f) - 1);
  }

  private emitAt(item: Item, from: number): void {
    for (let i = from; i >= 0; i--) {
      const f = this.content[i];
      if (f.kind === PARA) continue;
      const holder = f.kind === ROW ? f.owner! : f;
      this.flushLoose(holder);
      if (holder.kind === TABLE) holder.table!.foster.push(item);
      else holder.items.push(item);
      return;
    }
  }
}
