// HTML to the document model, shared by the HTML reader and the DOCX reader (mammoth writes
// HTML). The page is read the way a browser lays it out: block elements and <br> end a line,
// each line is a paragraph, whitespace collapses, script/style/hidden content is not text,
// and tables go through layoutGrid so merged cells keep their origin.
import type { CheerioAPI } from 'cheerio';
import { append } from '../extremes.js';
import { layoutGrid, type SpanCell } from '../grid.js';
import { warning, type Block, type TableBlock, type Warning } from '../model.js';

/** The parts of a parsed node the walk needs (domhandler's node shapes). */
export interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
  parent?: HtmlNode | null;
}

export interface HtmlBlockOptions {
  /** Word through mammoth: a numbered paragraph becomes <ol><li> and loses the text of its
   * number, which is what marks it as a heading in TXT; such items are marked as headings. */
  numberedListsAreHeadings?: boolean;
  /** Text of a cell that stands for grid slots holding no cell (see docx/mammoth-xml.ts). */
  emptySlotsMark?: string;
}

// Not text a reader of the page sees.
const SKIP = new Set([
  'head', 'title', 'meta', 'link', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg',
  'math', 'canvas', 'select', 'option', 'optgroup', 'datalist', 'input', 'button', 'textarea', 'map', 'audio', 'video',
]);

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'ul', 'caption', 'tr', 'td', 'th',
]);

/** Tables that follow their outer table as blocks of their own; their text is already in a cell. */
const NESTED_COPIES = new WeakSet<Block>();

const isTag = (n: HtmlNode): boolean => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const nameOf = (n: HtmlNode): string => (n.name ?? '').toLowerCase();

const MAX_DEPTH = 400;

/** The text of a subtree, iteratively, skipping what is not text. */
function flatText(root: HtmlNode): string {
  let out = '';
  const stack: HtmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data ?? '';
    else if (isTag(n) && !SKIP.has(nameOf(n)) && !hidden(n)) {
      if (nameOf(n) === 'br') out += ' ';
      for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]);
    }
  }
  return out;
}

/** The first element named `name` in document order (what a selector's first match is). */
export function firstElement(root: HtmlNode, name: string): HtmlNode | null {
  const stack: HtmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== root && isTag(n) && n.name === name) return n;
    for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]);
  }
  return null;
}

/** All the text under a node, as the DOM's textContent (comments aside). */
export function textOf(root: HtmlNode): string {
  let out = '';
  const stack: HtmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data ?? '';
    else if (n.type !== 'comment') for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]);
  }
  return out;
}

const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

function hidden(n: HtmlNode): boolean {
  const a = n.attribs;
  if (!a) return false;
  return a.hidden !== undefined || (!!a.style && HIDING_STYLE.test(a.style));
}

/** The blocks of a parsed page (its body). */
export function htmlBlocks($: CheerioAPI, opts: HtmlBlockOptions = {}): Block[] {
  return htmlBlocksOf(($('body')[0] ?? $.root()[0]) as unknown as HtmlNode, opts);
}

/** The blocks under a parsed node (a page's body). */
export function htmlBlocksOf(body: HtmlNode, opts: HtmlBlockOptions = {}): Block[] {
  const flow = new Flow(opts);
  flow.visitChildren(body);
  flow.flush();
  return flow.blocks;
}

class Flow {
  readonly blocks: Block[] = [];
  private line = '';
  /** Per open block element, whether its lines are headings. */
  private readonly headingStack: boolean[] = [];
  private pre = 0;
  /** Whether an h1–h6 element was read: a sign of page structure, unlike a numbered list. */
  sawHeadingTag = false;

  constructor(private readonly opts: HtmlBlockOptions) {}

  visitChildren(n: HtmlNode, depth = 0): void {
    for (const c of n.children ?? []) this.visit(c, depth + 1);
  }

  private visit(n: HtmlNode, depth = 0): void {
    if (n.type === 'text') return this.text(n.data ?? '');
    if (!isTag(n)) return;
    const name = nameOf(n);
    if (SKIP.has(name) || hidden(n)) return;
    // Broken pages can nest thousands of unclosed elements; past a sane depth the rest of the
    // subtree is read as plain text, without recursion, instead of overflowing the stack.
    if (depth > MAX_DEPTH) return this.text(flatText(n));
    if (name === 'br') return this.flush();
    if (name === 'table') {
      this.flush();
      return this.table(n, depth);
    }
    if (!BLOCK.has(name)) return this.visitChildren(n, depth);
    this.flush();
    const parentHeading = this.headingStack[this.headingStack.length - 1] ?? false;
    const numbered = name === 'li' && !!this.opts.numberedListsAreHeadings && nameOf(n.parent ?? { type: '' }) === 'ol';
    const headingTag = /^h[1-6]$/.test(name);
    if (headingTag) this.sawHeadingTag = true;
    this.headingStack.push(headingTag || numbered || (name !== 'li' && parentHeading));
    if (name === 'pre') this.pre++;
    this.visitChildren(n, depth);
    this.flush();
    if (name === 'pre') this.pre--;
    this.headingStack.pop();
  }

  private text(data: string): void {
    if (!this.pre) {
      this.line += data.replace(/[ \t\n\r\f]+/g, ' ');
      return;
    }
    data.split(/\r\n|\r|\n/).forEach((part, i) => {
      if (i > 0) this.flush();
      this.line += part;
    });
  }

  flush(): void {
    const text = this.line.replace(/ {2,}/g, ' ').trim();
    this.line = '';
    if (!text) return;
    const heading = this.headingStack[this.headingStack.length - 1] ?? false;
    this.blocks.push(heading ? { type: 'paragraph', text, heading: true } : { type: 'paragraph', text });
  }

  private table(n: HtmlNode, depth: number): void {
    const mark = this.opts.emptySlotsMark;
    const trs = rowsOf(n);
    for (const caption of (n.children ?? []).filter((c) => isTag(c) && nameOf(c) === 'caption')) {
      const sub = new Flow(this.opts);
      sub.visitChildren(caption, depth + 1);
      sub.flush();
      append(this.blocks, sub.blocks);
    }
    const rows: SpanCell[][] = trs.map(() => []);
    const contents: Block[][] = [];
    let headed = false;
    const leading: number[] = trs.map(() => 0);
    const trailing: number[] = trs.map(() => 0);
    trs.forEach((tr, r) => {
      const tds = (tr.children ?? []).filter((c) => isTag(c) && (nameOf(c) === 'td' || nameOf(c) === 'th') && !hidden(c));
      tds.forEach((td, i) => {
        const sub = new Flow(this.opts);
        sub.visitChildren(td, depth + 2);
        sub.flush();
        headed ||= sub.sawHeadingTag;
        const text = cellText(sub.blocks);
        const rowSpan = spanAttr(td, 'rowspan', trs.length - r);
        const colSpan = spanAttr(td, 'colspan', 1);
        if (mark !== undefined && text === mark) {
          const gap = i === 0 ? leading : trailing;
          for (let k = r; k < Math.min(trs.length, r + rowSpan); k++) gap[k] += colSpan;
          return;
        }
        rows[r].push({ text, rowSpan, colSpan });
        contents.push(sub.blocks);
      });
    });
    if (!rows.some((r) => r.length)) return;
    const { table } = layoutGrid(rows, leading);
    const width = table.rows[0]?.length ?? 0;
    // A one-column table, or a small one holding headings, frames a part of the page (a
    // "layout table"): its content is the flow of the page, not a grid of data.
    // So is a table of a row or two whose cell holds the page itself (a portal's navigation
    // column beside the notice, with its paragraphs and tables).
    const holdsPage = trs.length <= LAYOUT_ROWS && contents.some((bs) => bs.length >= (bs.some((b) => b.type === 'table') ? LAYOUT_BLOCKS : 2 * LAYOUT_BLOCKS));
    if (width <= 1 || (headed && trs.length <= 3) || holdsPage) {
      for (const bs of contents) append(this.blocks, bs);
      return;
    }
    const notes = raggedNotes(rows, leading, trailing, width);
    if (notes.length) table.notes = [...(table.notes ?? []), ...notes];
    this.blocks.push(table);
    // A table nested in a cell is also a table of its own, standing right after its outer one.
    for (const bs of contents) {
      for (const b of bs) {
        if (b.type !== 'table') continue;
        NESTED_COPIES.add(b);
        this.blocks.push(b);
      }
    }
  }
}

/** A table of this few rows whose cell holds a table, or this many blocks, frames the page. */
const LAYOUT_ROWS = 3;
const LAYOUT_BLOCKS = 4;

/** Rows of a table, not of tables nested in it (the parser puts rows into tbody). */
function rowsOf(table: HtmlNode): HtmlNode[] {
  const out: HtmlNode[] = [];
  for (const c of table.children ?? []) {
    if (!isTag(c) || hidden(c)) continue;
    const name = nameOf(c);
    if (name === 'tr') out.push(c);
    else if (name === 'thead' || name === 'tbody' || name === 'tfoot') {
      for (const tr of c.children ?? []) if (isTag(tr) && nameOf(tr) === 'tr' && !hidden(tr)) out.push(tr);
    }
  }
  return out;
}

/** rowspan="0" means "to the end of the table"; junk means 1, as in browsers. */
function spanAttr(n: HtmlNode, attr: string, toEnd: number): number {
  const raw = n.attribs?.[attr];
  if (raw === undefined) return 1;
  const v = parseInt(raw, 10);
  if (v === 0 && attr === 'rowspan') return Math.max(1, toEnd);
  return Number.isFinite(v) && v > 0 ? v : 1;
}

/** A cell's lines joined by line breaks; a nested table reads row by row, its cells spaced. */
function cellText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph') lines.push(b.text);
    else if (!NESTED_COPIES.has(b)) append(lines, tableLines(b));
  }
  return lines.join('\n');
}

function tableLines(t: TableBlock): string[] {
  return t.rows
    .map((row) => row.filter((c) => !c.covered && c.text).map((c) => c.text.replace(/\n/g, ' ')).join(' '))
    .filter(Boolean);
}

/** Rows that fill fewer or more grid columns than the table has (padded with empty cells). */
export function raggedNotes(rows: SpanCell[][], leading: number[], trailing: number[], width: number): Warning[] {
  const filled = rows.map((_, r) => leading[r] + trailing[r]);
  rows.forEach((cells, r) => {
    for (const c of cells) {
      for (let k = r; k < Math.min(rows.length, r + (c.rowSpan ?? 1)); k++) filled[k] += c.colSpan ?? 1;
    }
  });
  const notes: Warning[] = [];
  filled.forEach((n, r) => {
    if (rows[r].length && n !== width) notes.push(warning('table.row_padded', `row ${r + 1} fills ${n} of ${width} columns (padded with empty cells)`));
  });
  return notes;
}
