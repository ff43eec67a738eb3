// What the PDF reader leaves out of pdf.js's font reading (extractors/pdf/load.ts): Type 1 outlines, their decryption past the width, and TrueType glyph repair.
import { describe, expect, it } from 'vitest';
import { Sealed, wellOrdered, widthOnly } from '../extractors/pdf/load.js';

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

describe('Type 1 glyph programs decrypted as far as asked', () => {
  /** Charstring decryption as pdf.js's decrypt() does it (Type 1 Font Format 7.2). */
  const reference = (data: number[], lenIV: number): number[] => {
    let r = 4330;
    const out: number[] = [];
    data.forEach((v, i) => {
      if (i >= lenIV) out.push((v ^ (r >> 8)) & 0xff);
      r = ((v + r) * 52845 + 22719) & 0xffff;
    });
    return out;
  };
  const bytes = Array.from({ length: 90 }, (_, i) => (i * 37 + 11) & 0xff);
  it('opens the whole program, or its first bytes, as the full decryption has them', () => {
    const sealed = new Sealed(Uint8Array.from(bytes), 4);
    expect([...sealed.open()]).toEqual(reference(bytes, 4));
    expect([...sealed.open(40)]).toEqual(reference(bytes, 4).slice(0, 40));
    expect([...new Sealed(Uint8Array.from(bytes.slice(0, 10)), 4).open(40)]).toEqual(reference(bytes.slice(0, 10), 4));
  });
});

describe('TrueType glyph tables whose repair can be left out', () => {
  const short = (offsets: number[]) => Uint8Array.from(offsets.flatMap((o) => [(o >> 9) & 0xff, (o >> 1) & 0xff]));
  const long = (offsets: number[]) => Uint8Array.from(offsets.flatMap((o) => [o >>> 24, (o >> 16) & 0xff, (o >> 8) & 0xff, o & 0xff]));
  it('takes offsets that never decrease, empty glyphs at 0 included (a subset font)', () => {
    expect(wellOrdered(short([0, 20, 20, 60]), 3, false, 60)).toBe(true);
    expect(wellOrdered(long([0, 21, 21, 61]), 3, true, 61)).toBe(true);
    expect(wellOrdered(short([0, 0, 20, 60]), 3, false, 60)).toBe(true);
    expect(wellOrdered(long([0, 0, 0, 0]), 3, true, 60)).toBe(true);
  });
  it('leaves the rest to pdf.js: out of order, an offset past 2^31, no glyph, a short table', () => {
    expect(wellOrdered(short([0, 40, 20, 60]), 3, false, 60)).toBe(false);
    expect(wellOrdered(short([0, 20, 0, 60]), 3, false, 60)).toBe(false);
    expect(wellOrdered(long([0x80000000, 20, 40, 60]), 3, true, 60)).toBe(false);
    expect(wellOrdered(short([0]), 0, false, 60)).toBe(false);
    expect(wellOrdered(short([0, 20]), 3, false, 60)).toBe(false);
  });
});
