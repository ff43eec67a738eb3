// The PDF reader's tolerances, in one place. Lengths are in ems of the text concerned unless
// named otherwise: a tolerance that holds for 9 pt text holds for 14 pt text.
export const PDF_SETTINGS = {
  /** Points. Ruling lines as drawn stop a hair short of each other, are stroked twice or
   * cell by cell; within this they are one line. */
  ruleSnap: 2,
  /** Runs whose vertical middles are this close are one line: less than half the gap between
   * single-spaced lines, more than a superscript or a larger symbol is off. */
  lineMid: 0.45,
  /** A gap between two runs of Latin text wider than this is a space the PDF did not draw. */
  wordGap: 0.2,
  /** A gap between runs wider than this separates table columns, not words. A word space is
   * at most half an em (a Chinese font's ASCII space), two of them an em; Word pads a cell by
   * 0.19 cm on either side, so columns printed without lines can stand 1.1 em apart. */
  columnGap: 1.05,
  /** Widths inside a line are estimated from glyph classes (an em per Chinese character, about
   * half for Latin), not from font metrics: a line counts as filling its cell when the next
   * piece of text would overshoot the cell by more than this. */
  wrapSlack: 0.15,
  /** The piece of text a filled line had no room for, when it is not known yet: narrower than
   * any Chinese character, about one Latin letter, so a line that ends short of the cell's
   * edge by less than a letter is taken as wrapped. */
  anyGlyph: 0.5,
  /** Baseline steps between the lines of one cell are the table's line pitch; the next line of
   * a cell lies within this many pitches below the last. A single line set in the middle of a
   * two-line row is 1.5 pitches above the next row. */
  nextLine: 1.25,
  /** The line pitch of single-spaced text, for a run of lines too short to show its own. */
  singlePitch: 1.2,
  /** Lines closer than this many ems (baseline to baseline) are not two steps of the pitch but
   * lines of different cells set in the middle of their row. */
  minPitch: 0.9,
  /** Baselines within this share of the line pitch are on the same line; a cell set in the middle
   * of a two-line row sits half a pitch lower, a hair more than this. */
  sameLine: 0.4,
} as const;
