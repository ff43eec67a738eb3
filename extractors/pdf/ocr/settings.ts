// Every tolerance of OCR in one place.
export const OCR_SETTINGS = {
  /** Pages are rendered at this resolution: 150 dpi reads 10.5 pt text without errors, at a quarter of 300 dpi's cost. */
  dpi: 150,
  /** Recognition reads each run of text scaled to this height in pixels (what the models were trained on). */
  lineHeight: 48,
  /** Runs the engine is less sure of than this are noise (stamps, specks, table rules, a photo's texture). */
  minConfidence: 0.6,
  /** A page read less surely than this on average holds no text the engine can read (a photo, a
   * pattern, glyphs the renderer could not draw): it stays unreadable instead of passing noise off as text. */
  minPageConfidence: 0.65,
  /** A recognised run's box is about one em high: the glyphs' top sits this far above the baseline (as in pdf/types.ts). */
  ascent: 0.85,
  /** A page that reads fewer characters than this upright is tried turned a quarter either way (scanned sideways). */
  uprightChars: 20,
  /** A page whose recognised text is this unsure on average is reported as doubtful. */
  doubtful: 0.8,
} as const;
