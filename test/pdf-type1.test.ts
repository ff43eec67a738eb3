// The Type 1 glyph reader that keeps only a glyph's advance width (extractors/pdf/load.ts).
import { describe, expect, it } from 'vitest';
import { widthOnly } from '../extractors/pdf/load.js';

/** A stand-in for pdf.js's Type1CharString: its full convert() marks that it ran. */
class FullReader {
  width = 0;
  lsb = 0;
  output: number[] = [];
  seac: number[] | null = null;
  convert(_encoded: Uint8Array): boolean {
    this.output = [-1];
    return false;
  }
}
widthOnly(FullReader as never);
const read = (bytes: number[]) => {
  const r = new FullReader();
  const error = r.convert(Uint8Array.from(bytes));
  return { error, width: r.width, lsb: r.lsb, output: r.output };
};

describe('Type 1 glyph widths without the outline', () => {
  it('reads `sbx wx hsbw` and leaves one endchar', () => {
    // 50 and 600: 50 is one byte (50 + 139); 600 is two (247 + 1, 600 - 256 - 108 = 236).
    expect(read([189, 248, 236, 13, 21, 14])).toEqual({ error: false, width: 600, lsb: 50, output: [14] });
  });
  it('reads negative and four-byte numbers', () => {
    // -200: 251, 200 - 108 = 92; 70000 as a 32-bit integer after 255.
    expect(read([251, 92, 255, 0, 1, 0x11, 0x70, 13])).toEqual({ error: false, width: 70000, lsb: -200, output: [14] });
  });
  it('reads `sbx sby wx wy sbw`', () => {
    expect(read([149, 139, 239, 139, 12, 7, 14])).toEqual({ error: false, width: 100, lsb: 10, output: [14] });
  });
  it('translates in full a program that does not start with its width', () => {
    // `sbx wx_num wx_den div hsbw`: the width is computed, the full reader computes it.
    expect(read([189, 248, 236, 141, 12, 12, 13]).output).toEqual([-1]);
    // A subroutine call first.
    expect(read([140, 10, 13]).output).toEqual([-1]);
    // No program at all: an empty glyph stays empty for pdf.js to see.
    expect(read([]).output).toEqual([-1]);
  });
});
