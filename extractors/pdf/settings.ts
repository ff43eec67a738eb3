// The PDF reader's tolerances, in one place, grouped by the step that uses them (as pdfplumber's
// TableSettings). Lengths are in ems of the text concerned unless named otherwise: a tolerance
// that holds for 9 pt text holds for 14 pt text. Points are PDF points (1/72 inch) on the page
// as seen, y growing downwards. Shares are fractions of a count (0.5 = half of them).
export const PDF_SETTINGS = {
  /** Where a glyph sits around its baseline, and how wide it is, when only its run's extent is known. */
  glyphs: {
    /** Ems. A CJK glyph's top stands this far above the baseline… */
    ascent: 0.85,
    /** …its vertical middle this far… */
    middle: 0.35,
    /** …and its bottom this far below it. */
    descent: 0.15,
    /** Ems. A run's width is shared out among its characters as one em for each Chinese
     * character, this for each other character (a Latin letter, a digit)… */
    latinWidth: 0.55,
    /** …and this for a space (the table reader's cut of a run gives a space a letter's width). */
    spaceWidth: 0.3,
  },

  /** Reading the page's drawing operators (ops.ts). */
  drawing: {
    /** Points. A stroked segment whose ends differ by no more than this across it is a horizontal or vertical rule. */
    straight: 0.5,
    /** Points. A filled four-cornered path is a rectangle when every corner is this close to its bounding box's. */
    corner: 0.5,
    /** Points. A filled rectangle no thicker than this is a rule, not a shaded cell. */
    thinFill: 3,
    /** Share of the text matrix's scale. Text skewed or turned by less than this is upright. */
    skew: 0.05,
    /** Ems. A positioning gap inside a shown string wider than this separates words or columns: the run is cut there. */
    runBreak: 0.2,
  },

  /** Joining ruling lines (rules.ts). */
  rules: {
    /** Points. Ruling lines as drawn stop a hair short of each other, are stroked twice or
     * cell by cell; within this they are one line. */
    snap: 2,
    /** Points. Fragments this short or shorter (a dot, a stroke's cap) are no part of a rule. */
    minFragment: 0.5,
  },

  /** Runs to lines (text.ts). */
  lines: {
    /** Ems. Runs whose vertical middles are this close are one line: less than half the gap
     * between single-spaced lines, more than a superscript or a larger symbol is off. */
    mid: 0.45,
    /** Points. The same glyphs drawn twice this close (fake bold) are one run. */
    echo: 1.5,
  },

  /** Runs to words. */
  words: {
    /** Ems. A gap between two runs of Latin text wider than this is a space the PDF did not draw. */
    gap: 0.2,
  },

  /** Runs to columns. */
  columns: {
    /** Ems. A gap between runs wider than this separates table columns, not words. A word space
     * is at most half an em (a Chinese font's ASCII space), two of them an em; Word pads a cell
     * by 0.19 cm on either side, so columns printed without lines can stand 1.1 em apart. */
    gap: 1.05,
  },

  /** Lines of a table cell: where the layout wrapped them and where the author broke them (text.ts). */
  cells: {
    /** Ems. Widths inside a line are estimated from glyph classes (an em per Chinese character,
     * about half for Latin), not from font metrics: a line counts as filling its cell when the
     * next piece of text would overshoot the cell by more than this. */
    wrapSlack: 0.15,
    /** Ems. The piece of text a filled line had no room for, when it is not known yet: narrower
     * than any Chinese character, about one Latin letter, so a line that ends short of the
     * cell's edge by less than a letter is taken as wrapped. */
    anyGlyph: 0.5,
  },

  /** Lines to paragraphs (text.ts). */
  paragraphs: {
    /** Points. Successive lines whose sizes differ by more than this do not tell the body's line pitch. */
    pitchSize: 0.5,
    /** Points. Line pitches are counted rounded to this. */
    pitchBin: 1,
    /** Points. Font sizes are counted rounded to this when finding the body text's size. */
    sizeBin: 0.5,
    /** Points. One-character lines set this close in x are a title set vertically. */
    verticalTitle: 1,
    /** Share of the line's size. A line whose size differs more than this from the one above starts a new paragraph. */
    sizeChange: 0.15,
    /** Ems. A line that ends a sentence continues into the next only if it ends this close to the body's right edge… */
    fullAfterStop: 1,
    /** …any other line this close. */
    full: 2,
    /** Ems. A line starting this much right of the one above and of the body's left edge is indented. */
    indent: 0.8,
    /** Ems. An indented line within this of where the value after a label starts hangs under it. */
    hang: 0.8,
    /** A line more than this many body pitches (plus `pitchPad` points) below the one above… */
    maxPitches: 1.35,
    pitchPad: 1,
    /** …and more than this many ems below it, starts a new paragraph… */
    minGap: 2,
    /** …as does one more than this many ems below, whatever the pitch. */
    maxGap: 3,
    /** Ems. A clause number set apart from its text (`1.1   采购人…`) by more than this is a label. */
    clauseGap: 0.5,
    /** Characters. A colon this far into a line or further ends no label. */
    labelChars: 16,
    /** Characters. Lines this long or longer tell where the body's edges are. */
    edgeLine: 8,
    /** Share of the long lines. The body's right edge is where this share of them end, or further left. */
    rightEdge: 0.9,
  },

  /** Headings, running headers and footers (doc.ts). */
  margins: {
    /** Share of the page height. The top and bottom bands where running headers and footers sit. */
    band: 0.13,
    /** Lines. How many lines from the top and from the bottom of a page may be in its bands. */
    bandLines: 3,
    /** Pages. A band line repeated on at least this many pages… */
    runningPages: 2,
    /** …and on at least this share of the pages with text is a running header or footer… */
    runningShare: 0.3,
    /** …as is one repeated on this many pages set smaller than this share of the body size. */
    smallPages: 3,
    smallSize: 0.95,
    /** Characters. A heading is a one-line paragraph no longer than this… */
    headingChars: 40,
    /** …set at least this share of the body size. */
    headingSize: 1.15,
  },

  /** What a page holds (doc.ts, load.ts). */
  pages: {
    /** Characters, spaces aside. A page with this many is a page of text. */
    textChars: 20,
    /** Characters, spaces aside. A page needs this many before the images on it stop counting
     * (a logo or a seal on a page of text is never taken for a scan). */
    imagesIgnored: 40,
    /** Share of the page area. Images covering this much make a page with next to no text a scan. */
    scanCover: 0.3,
    /** Painted paths. A page with no text and this many is text converted to outlines. */
    outlinedPaths: 50,
    /** Glyphs. A page with this many glyphs that map to no character… */
    unmappedGlyphs: 20,
    /** …making up this share of its glyphs has lost its text. */
    unmappedShare: 0.3,
    /** Characters. A page turned sideways has at least this many set at one quarter turn… */
    turnedChars: 20,
    /** …and more than this share of all its characters. */
    turnedShare: 0.6,
  },

  /** Ruled tables (table.ts). */
  tables: {
    /** Points. Rules shorter than this are ticks and underlines, no part of a grid. */
    minRule: 3,
    /** Points. Rule positions this close are one grid line. */
    gridSnap: 3,
    /** Share of a cell's side. A border drawn along less than this is missing: the cells either side are one. */
    borderCoverage: 0.5,
    /** Rules. Beyond this many horizontal × vertical pairs (glyphs drawn as outlines give
     * thousands of tiny strokes) no table is worth the quadratic search. */
    maxPairs: 4_000_000,
    /** Points. A run whose middle is this far outside the grid still belongs to it. */
    edgeSlack: 1,
    /** Points. A column line crossing a run this far inside its ends cuts it in two. */
    cutInside: 0.5,
  },

  /** A table going on over a page break (merge.ts). */
  continuation: {
    /** Rows. At most this many leading rows are a header the next page repeats… */
    headerRows: 3,
    /** …with at least this many filled cells among them. */
    headerCells: 2,
    /** Points. Without a repeated header, column lines this close on both pages are the same table's. */
    columnShift: 4,
  },

  /** Tables drawn without lines (borderless.ts). */
  borderless: {
    /** Ems. A gap between lines wider than this ends a run of table lines. */
    lineGap: 1.5,
    /** Lines. A run of fewer lines split into columns, or a table of fewer rows with two cells
     * filled, is not a table. */
    minRows: 3,
    /** Points. A lone piece under a column may start this far left of it (or half its own width, if more)… */
    overhang: 2,
    /** …and end this far right of it. */
    overrun: 40,
    /** Ems. A white column this wide through all split lines is a gutter between columns. */
    gutter: 1.0,
    /** Share of the rows. This many with dot leaders make a table of contents… */
    leaderRows: 0.5,
    /** …this many of the first cells clause numbers (two columns), clauses hanging from their numbers… */
    clauseNumbers: 0.8,
    /** …and this many of the cells going on mid-sentence, prose with blanks to fill in. */
    midSentence: 0.25,
    /** Share of the filled cells. This many single characters are a label set with wide letter spacing. */
    spacedLetters: 0.3,
    /** Points. Baseline steps are counted rounded to this when finding the line pitch. */
    pitchBin: 0.5,
    /** Baseline steps between the lines of one cell are the table's line pitch; the next line of
     * a cell lies within this many pitches below the last. A single line set in the middle of a
     * two-line row is 1.5 pitches above the next row. */
    nextLine: 1.25,
    /** Ems. The line pitch of single-spaced text, for a run of lines too short to show its own. */
    singlePitch: 1.2,
    /** Ems. Lines closer than this (baseline to baseline) are not two steps of the pitch but
     * lines of different cells set in the middle of their row. */
    minPitch: 0.9,
    /** Share of the line pitch. Baselines this close are on the same line; a cell set in the
     * middle of a two-line row sits half a pitch lower, a hair more than this. */
    sameLine: 0.4,
  },

  /** Is the text real text (quality.ts)? */
  quality: {
    /** Undecoded glyphs each `(cid:N)` leftover counts for. */
    cidWeight: 4,
    /** Characters. Text with at least this many undecoded glyphs… */
    brokenChars: 5,
    /** …making up this share of the visible characters did not decode. */
    brokenShare: 0.1,
    /** Letters. Fewer than this say nothing about the font's mapping. */
    minLetters: 10,
    /** Share of the letters. Fewer common hanzi than this is garbage… */
    commonShare: 0.15,
    /** …as is fewer than this… */
    doubtfulShare: 0.5,
    /** …with at least this share of the letters outside the CJK Unified Ideographs block. */
    foreignShare: 0.2,
  },
} as const;
