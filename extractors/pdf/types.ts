// Plain data the PDF reader works on once pdf.js is done: positioned text and ruling lines of
// a page, in points with the origin at the page's top-left corner (y grows downwards). Every
// step after loading is a pure function of these, testable without a PDF.
import { PDF_SETTINGS } from './settings.js';

const GLYPH = PDF_SETTINGS.glyphs;

export interface TextItem {
  text: string;
  /** Left and right edge of the run. */
  x0: number;
  x1: number;
  /** Baseline. */
  base: number;
  /** Font size (the em height). */
  size: number;
  /** False for rotated or vertical runs (stamps, side notes): kept out of tables and lines. */
  upright: boolean;
}

/** A drawn horizontal (pos = y, from..to along x) or vertical (pos = x, from..to along y) line. */
export interface Rule {
  pos: number;
  from: number;
  to: number;
}

/** What one pass over a page's operators finds: text runs, ruling lines, and the marks that
 * tell a scan or outlined text from a page with real text. */
export interface PageMarks {
  items: TextItem[];
  hRules: Rule[];
  vRules: Rule[];
  /** Share of the page area painted by images (a scan covers most of it). */
  imageCover: number;
  /** Painted paths: text converted to outlines shows up as hundreds of them. */
  paths: number;
  /** Glyphs shown, and those of them that map to no character at all. */
  glyphs: number;
  unmapped: number;
}

export interface PageContent extends PageMarks {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
}

/** Vertical middle of a run's glyphs (CJK glyphs sit about 0.8 em above the baseline). */
export const midY = (it: TextItem): number => it.base - GLYPH.middle * it.size;
export const topY = (it: TextItem): number => it.base - GLYPH.ascent * it.size;
export const bottomY = (it: TextItem): number => it.base + GLYPH.descent * it.size;
