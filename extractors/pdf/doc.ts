// Pages of positioned text and rules to the document model: tables found on each page, page
// headers, footers and numbers dropped, paragraphs rebuilt across lines and pages, tables
// joined across page breaks, and pages without readable text reported instead of read.
import { warning, type Block, type DocModel, type ParagraphBlock, type TableBlock, type Warning } from '../model.js';
import { OCR_SETTINGS } from './ocr/settings.js';
import { findBorderlessTables, type Piece } from './borderless.js';
import { appendRows, continueMerges, continuesTable, isCutRow, joinCutRow, repeatedHeaderRows } from './merge.js';
import { isGarbled, textQuality } from './quality.js';
import { findRuledTables, type PageTable } from './table.js';
import { bodyEdges, bodySize, continues, groupLines, joinLines, usualPitch, type FlowLine, type Line } from './text.js';
import type { PageContent } from './types.js';
import { PDF_SETTINGS } from './settings.js';

const G = PDF_SETTINGS.margins;
const S = PDF_SETTINGS.pages;

/** Pages recognised less surely than this are named in the warning (see extractors/pdf/ocr/settings.ts). */
const OCR_DOUBTFUL = OCR_SETTINGS.doubtful;

export type PageState = 'text' | 'scanned' | 'garbled' | 'blank' | 'error';

interface PageWork {
  page: PageContent;
  tables: PageTable[];
  lines: Line[];
}

const PAGE_NUMBER = /^(?:[-—–_~·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-—–_~·•\s]*|[-—–\s]*[ivxlcIVXLC]{1,6}[-—–\s]*|page\s*\d+(?:\s*(?:of|\/)\s*\d+)?)$/i;

/** Text as a key for spotting a header repeated on many pages (page numbers vary). */
const bandKey = (text: string): string => text.replace(/\s+/g, '').replace(/\d+/g, '#');

/** Lines in the top or bottom margin band of a page: where running headers and footers sit. */
function bandLines(w: PageWork): Line[] {
  const h = w.page.height;
  const first = w.lines.slice(0, G.bandLines).filter((l) => l.bottom < G.band * h);
  const last = w.lines.slice(-G.bandLines).filter((l) => l.top > (1 - G.band) * h);
  return [...new Set([...first, ...last])];
}

/** Running headers, footers and page numbers: lines to drop, per page. */
export function marginLines(work: PageWork[]): Set<Line> {
  const drop = new Set<Line>();
  const pagesOf = new Map<string, number>();
  const bands = work.map(bandLines);
  bands.forEach((lines) => {
    for (const k of new Set(lines.map((l) => bandKey(l.text)))) pagesOf.set(k, (pagesOf.get(k) ?? 0) + 1);
  });
  const withText = work.filter((w) => w.lines.length).length;
  const body = bodySize(work.flatMap((w) => w.lines));
  bands.forEach((lines) => {
    for (const l of lines) {
      const n = pagesOf.get(bandKey(l.text)) ?? 0;
      // Running headers may cover only one part of the document; set in small type they
      // are told from a form title that starts a few pages.
      const running = (n >= G.runningPages && n >= G.runningShare * withText) || (n >= G.smallPages && l.size < G.smallSize * body);
      if (running || PAGE_NUMBER.test(l.text.trim())) drop.add(l);
    }
  });
  return drop;
}

const visibleChars = (s: string): number => s.replace(/\s+/g, '').length;

/** What a page holds, once its margins are gone. */
export function pageState(p: PageContent, visible: number, garbled: boolean): PageState {
  if (garbled) return 'garbled';
  if (visible >= S.textChars) return 'text';
  if (p.imageCover >= S.scanCover || (visible === 0 && p.paths >= S.outlinedPaths)) return 'scanned';
  return visible === 0 ? 'blank' : 'text';
}

/** "page 3", "pages 61-75", "pages 2, 5-7". */
export function pageRanges(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'page' : 'pages'} ${parts.join(', ')}`;
}

export interface AssembleInput {
  pages: PageContent[];
  /** Pages pdf.js could not parse at all. */
  failed: { page: number; error: string }[];
  numPages: number;
  /** Pages whose text was recognised from their image (OCR), with the mean confidence. */
  recognised?: Map<number, number>;
  /** Why pages could not be recognised, one line each. */
  ocrProblems?: string[];
}

/** What each page holds: text, or a scan, garbled text, nothing, or a parse error. */
export function pageStates(input: AssembleInput): Map<number, PageState> {
  return analyse(input).states;
}

function analyse(input: AssembleInput): { work: PageWork[]; states: Map<number, PageState> } {
  const work: PageWork[] = input.pages.map((page) => {
    const { tables, rest } = findRuledTables(page.items, page.hRules, page.vRules);
    return { page, tables, lines: groupLines(rest.filter((i) => i.upright)) };
  });
  const margins = marginLines(work);
  const states = new Map<number, PageState>();
  for (const w of work) {
    w.lines = w.lines.filter((l) => !margins.has(l));
    const text = [...w.lines.map((l) => l.text), ...w.tables.flatMap((t) => t.table.rows.flat().map((c) => c.text))].join('');
    const all = w.page.items.map((i) => i.text).join('');
    // Glyphs that map to no character at all are text lost as surely as garbage.
    const lost = w.page.unmapped >= S.unmappedGlyphs && w.page.unmapped >= S.unmappedShare * w.page.glyphs;
    states.set(w.page.page, pageState(w.page, visibleChars(text), lost || isGarbled(textQuality(all), visibleChars(all))));
  }
  for (const f of input.failed) states.set(f.page, 'error');
  return { work, states };
}

export function assemble(input: AssembleInput): DocModel {
  const { work, states } = analyse(input);
  const readable = work.filter((w) => states.get(w.page.page) === 'text' || states.get(w.page.page) === 'blank');
  const blocks = buildBlocks(readable);
  // A table read from page images says so: its figures are as sure as the recognition.
  if (input.recognised?.size) {
    for (const b of blocks) {
      if (b.type !== 'table') continue;
      const pages = [...new Set((b.rowPages ?? []).filter((p): p is number => p !== null && input.recognised!.has(p)))];
      if (!pages.length) continue;
      const mean = pages.reduce((s, p) => s + input.recognised!.get(p)!, 0) / pages.length;
      b.notes = [...(b.notes ?? []), warning('table.ocr_read', `read by OCR from ${pageRanges(pages)} (confidence ${mean.toFixed(2)}): check its figures against the page`)];
    }
  }
  const { warnings, unreadable } = report(states, input);
  const recognised = recognisedNote(states, input);
  if (recognised) warnings.unshift(warning('pdf.ocr_read', recognised));
  // Pages OCR went over and found no text (a photo, a stamp, an empty scan) are said so, not dropped.
  const empty = [...(input.recognised ?? new Map<number, number>()).keys()].filter((p) => states.get(p) !== 'text');
  if (empty.length) warnings.push(warning('pdf.ocr_empty', `${pageRanges(empty)}: OCR found no readable text`));
  warnings.push(...(input.ocrProblems ?? []).map((p) => warning('pdf.ocr_failed', p)));
  return { blocks, warnings, ...(unreadable ? { unreadable } : {}), ...(recognised ? { recognised } : {}) };
}

/** `pages 1-4 read by OCR (mean confidence 0.97)`, for the pages OCR made readable. */
function recognisedNote(states: Map<number, PageState>, input: AssembleInput): string | null {
  const read = [...(input.recognised ?? new Map<number, number>())].filter(([page]) => states.get(page) === 'text');
  if (!read.length) return null;
  const mean = read.reduce((s, [, c]) => s + c, 0) / read.length;
  const doubtful = read.filter(([, c]) => c < OCR_DOUBTFUL).map(([p]) => p);
  return `${pageRanges(read.map(([p]) => p))} read by OCR (mean confidence ${mean.toFixed(2)}${doubtful.length ? `; ${pageRanges(doubtful)} below ${OCR_DOUBTFUL}` : ''})`;
}

function report(states: Map<number, PageState>, input: AssembleInput): { warnings: Warning[]; unreadable?: DocModel['unreadable'] } {
  const warnings: Warning[] = [];
  const of = (s: PageState) => [...states].filter(([, v]) => v === s).map(([k]) => k);
  const scanned = of('scanned');
  const garbled = of('garbled');
  const errors = input.failed;
  if (scanned.length) warnings.push(warning('pdf.no_text_layer', `${pageRanges(scanned)}: no text layer (scanned images?): OCR needed`));
  if (garbled.length) warnings.push(warning('pdf.garbled_text', `${pageRanges(garbled)}: text does not decode (broken font encoding or ToUnicode map): OCR needed`));
  for (const e of errors) warnings.push(warning('pdf.page_error', `page ${e.page}: could not be parsed (${e.error})`));
  const total = input.numPages;
  const bad = scanned.length + garbled.length + errors.length;
  const good = of('text').length;
  if (good === 0) {
    let reason: string;
    const all = total === 1 ? 'its only page' : `all ${total} pages`;
    if (garbled.length && !scanned.length && !errors.length) reason = `text of ${all} does not decode (broken font encoding or ToUnicode map): OCR needed`;
    else if (errors.length && !scanned.length && !garbled.length) reason = `corrupt PDF: ${all} could not be parsed`;
    else if (!scanned.length && !garbled.length && !errors.length && input.recognised?.size) reason = `no text on ${total === 1 ? 'its only page' : `any of its ${total} pages`}, in a text layer or by OCR`;
    else if (!scanned.length && !garbled.length && !errors.length) reason = `no text on ${total === 1 ? 'its only page' : `any of its ${total} pages`} (a blank PDF?)`;
    else reason = `no extractable text on ${total === 1 ? 'its only page' : `any of ${total} pages`} (scanned or image-only PDF): OCR needed`;
    return { warnings, unreadable: { parts: total, total, reason } };
  }
  if (!bad) return { warnings };
  const kinds = [
    scanned.length ? `${scanned.length} without a text layer` : '',
    garbled.length ? `${garbled.length} with undecodable text` : '',
    errors.length ? `${errors.length} unparseable` : '',
  ].filter(Boolean).join(', ');
  return { warnings, unreadable: { parts: bad, total, reason: `${bad} of ${total} pages unreadable (${kinds})` } };
}

type Entry = { kind: 'line'; line: FlowLine } | { kind: 'table'; table: PageTable; page: number };

/** Per page, lines and tables in reading order (top to bottom). */
function pageEntries(w: PageWork): Entry[] {
  const pieces: Piece[] = findBorderlessTables(w.lines);
  const tables = [...w.tables, ...pieces.flatMap((p) => (p.kind === 'table' ? [p.table] : []))];
  const lines = pieces.flatMap((p) => (p.kind === 'line' ? [p.line] : []));
  const out: { top: number; e: Entry }[] = [
    ...lines.map((line) => ({ top: line.top, e: { kind: 'line', line: { ...line, page: w.page.page } } as Entry })),
    ...tables.map((table) => ({ top: table.top, e: { kind: 'table', table, page: w.page.page } as Entry })),
  ];
  return out.sort((a, b) => a.top - b.top).map((x) => x.e);
}

const withPages = (t: PageTable, page: number): PageTable => ({ ...t, table: { ...t.table, rowPages: t.table.rows.map(() => page) } });

/** Tables that run on over a page break, joined: entries in, entries out. */
export function joinAcrossPages(entries: Entry[]): Entry[] {
  const out: Entry[] = [];
  const firsts = new Set<Entry>();
  let page = -1;
  for (const e of entries) {
    if (pageOf(e) !== page) firsts.add(e);
    page = pageOf(e);
  }
  for (const e of entries) {
    const prev = out[out.length - 1];
    if (e.kind === 'table' && prev?.kind === 'table' && e.page === prev.page + 1 && firsts.has(e) && continuesTable(prev.table, e.table)) {
      const skip = repeatedHeaderRows(prev.table.table, e.table.table);
      let table = appendRows(prev.table.table, withPages(e.table, e.page).table, skip);
      const seam = prev.table.table.rows.length;
      if (isCutRow(table, seam)) table = joinCutRow(table, seam);
      table = continueMerges(table, seam);
      out[out.length - 1] = { ...prev, page: e.page, table: { ...e.table, table, top: prev.table.top } };
      continue;
    }
    out.push(e.kind === 'table' ? { ...e, table: withPages(e.table, e.page) } : e);
  }
  return out;
}

const pageOf = (e: Entry): number => (e.kind === 'table' ? e.page : e.line.page);

function buildBlocks(work: PageWork[]): Block[] {
  const entries = joinAcrossPages(work.flatMap(pageEntries).filter((e) => !(e.kind === 'line' && /^续表/.test(e.line.text))));
  const lines = entries.flatMap((e) => (e.kind === 'line' ? [e.line] : []));
  const metrics = bodyEdges(work.map((w) => ({ page: w.page.page, width: w.page.width, lines: w.lines })));
  const pitch = usualPitch(lines);
  const body = bodySize(lines);
  const blocks: Block[] = [];
  let para: FlowLine[] = [];
  const flush = () => {
    if (para.length) blocks.push(paragraph(para, body));
    para = [];
  };
  for (const e of entries) {
    if (e.kind === 'table') {
      flush();
      blocks.push(e.table.table as TableBlock);
      continue;
    }
    const last = para[para.length - 1];
    if (last && !continues(last, e.line, metrics, pitch)) flush();
    para.push(e.line);
  }
  flush();
  return blocks.filter((b) => b.type === 'table' || b.text);
}

function paragraph(lines: FlowLine[], body: number): ParagraphBlock {
  const text = lines.map((l) => l.text).reduce((a, b) => joinLines(a, b));
  const heading = lines.length === 1 && text.length <= G.headingChars && body > 0 && lines[0].size >= G.headingSize * body;
  return { type: 'paragraph', text, page: lines[0].page, ...(heading ? { heading } : {}) };
}
