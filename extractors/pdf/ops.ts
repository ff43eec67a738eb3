// A page's operator list, walked once the way pdf.js's canvas would paint it, for what the
// reader needs: the text runs with their positions (text state as in PDF 32000 §9.3-9.4), the
// straight lines drawn (strokes, thin fills, cell boxes), how much of the page images cover and
// how many paths are painted. Reading text here rather than through getTextContent() saves
// pdf.js a second pass over every content stream.
import type { PageMarks, Rule, TextItem } from './types.js';
import { maxOf, minOf } from '../extremes.js';
import { PDF_SETTINGS } from './settings.js';

const D = PDF_SETTINGS.drawing;

export type Matrix = [number, number, number, number, number, number];

/** What the walk needs of a pdf.js font object. */
export interface FontInfo {
  fontMatrix?: ArrayLike<number>;
  vertical?: boolean;
}

/** A glyph as pdf.js puts it in a showText operation. */
interface Glyph {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

export interface PageOps extends PageMarks {
  /** Characters set at 0, 90, 180 and 270 degrees (clockwise, on the page as seen). */
  turns: [number, number, number, number];
}

export const mul = (m: Matrix, n: ArrayLike<number>): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const FONT_MATRIX = [0.001, 0, 0, 0.001, 0, 0];
const WHITE = '#ffffff';
/** Kangxi radicals, CJK radicals and compatibility ideographs some fonts map to, and ligatures. */
const COMPAT = /[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb4f]/g;
const HAS_COMPAT = /[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb4f]/;
const normalised = (text: string): string => (HAS_COMPAT.test(text) ? text.replace(COMPAT, (c) => c.normalize('NFKC')) : text);

interface TextState {
  font: FontInfo | null;
  size: number;
  dir: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

interface GState {
  ctm: Matrix;
  fill: string;
  stroke: string;
  text: TextState;
}

export function walkOps(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: Record<string, number>,
  view: Matrix,
  area: number,
  fonts: (id: string) => FontInfo | undefined,
): PageOps {
  const items: TextItem[] = [];
  const hRules: Rule[] = [];
  const vRules: Rule[] = [];
  let imageCover = 0;
  let paths = 0;
  const turns: [number, number, number, number] = [0, 0, 0, 0];
  let shown = 0;
  let unmapped = 0;
  const stack: GState[] = [];
  let gs: GState = {
    ctm: view, fill: '#000000', stroke: '#000000',
    text: { font: null, size: 0, dir: 1, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 },
  };
  // The text object's matrices are not part of the graphics state.
  let tm: Matrix = IDENTITY;
  let x = 0;
  let y = 0;
  let lineX = 0;
  let lineY = 0;
  // The state is changed in place; `save` pushes a copy, so a restore brings back the old one.
  const save = () => stack.push({ ...gs, text: { ...gs.text } });
  const moveText = (tx: number, ty: number) => {
    x = lineX += tx;
    y = lineY += ty;
  };

  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const images = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintSolidColorImageMask, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObjectGroup]);
  const addLine = (ax: number, ay: number, bx: number, by: number) => {
    if (Math.abs(ay - by) <= D.straight) hRules.push({ pos: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
    else if (Math.abs(ax - bx) <= D.straight) vRules.push({ pos: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
  };
  const addBox = (pts: number[][]) => box(pts, hRules, vRules);

  const showText = (glyphs: ArrayLike<Glyph | number>) => {
    const t = gs.text;
    if (!t.font || t.size === 0) return;
    const fm = t.font.fontMatrix ?? FONT_MATRIX;
    const widthScale = t.size * fm[0];
    const h = t.hScale * t.dir;
    const m = mul(gs.ctm, tm);
    const size = t.size * Math.hypot(m[2], m[3]);
    const upright = !t.font.vertical && Math.abs(m[1]) < D.skew * Math.abs(m[0]) && Math.abs(m[2]) < D.skew * Math.abs(m[3]) && m[0] * h > 0 && m[3] < 0;
    // Which way the baseline runs, for pages set sideways; mirrored text does not count.
    const turn = m[0] * m[3] - m[1] * m[2] < 0 && !t.font.vertical ? ((Math.round(Math.atan2(m[1] * h, m[0] * h) / (Math.PI / 2)) % 4) + 4) % 4 : -1;
    let chars = 0;
    const at = (adv: number): [number, number] => {
      const px = x + adv * h;
      const py = y + t.rise;
      return [m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]];
    };
    let adv = 0;
    let run: { text: string; from: number; to: number } | null = null;
    const flush = () => {
      if (run && run.text) {
        const [x0, base] = at(run.from);
        const [x1] = at(run.to);
        items.push({ text: normalised(run.text), x0: Math.min(x0, x1), x1: Math.max(x0, x1), base, size, upright });
      }
      run = null;
    };
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i];
      if (typeof g === 'number') {
        const shift = (-g * t.size) / 1000;
        if (Math.abs(shift) > D.runBreak * t.size) flush();
        adv += shift;
        continue;
      }
      if (!g) continue;
      const width = (g.width ?? 0) * widthScale;
      const spacing = (g.isSpace ? t.wordSpacing : 0) + t.charSpacing;
      if (t.font.vertical) {
        // Vertical writing: each glyph on its own, kept out of lines and tables.
        flush();
        run = { text: g.unicode ?? '', from: adv, to: adv };
        flush();
        adv += width + spacing * t.dir;
        continue;
      }
      if (!run) run = { text: '', from: adv, to: adv };
      run.text += g.unicode ?? '';
      chars++;
      shown++;
      if (!g.unicode) unmapped++;
      run.to = adv + width;
      adv += width + spacing * t.dir;
    }
    flush();
    if (turn >= 0) turns[turn] += chars;
    if (t.font.vertical) y -= adv;
    else x += adv * h;
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        save();
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform:
        gs.ctm = mul(gs.ctm, args as number[]);
        break;
      case OPS.paintFormXObjectBegin: {
        save();
        const m = args?.[0];
        if (Array.isArray(m) || ArrayBuffer.isView(m)) gs.ctm = mul(gs.ctm, m as ArrayLike<number>);
        break;
      }
      case OPS.beginGroup: {
        save();
        const m = (args?.[0] as { matrix?: ArrayLike<number> } | undefined)?.matrix;
        if (m) gs.ctm = mul(gs.ctm, m);
        break;
      }
      case OPS.paintFormXObjectEnd:
      case OPS.endGroup:
        gs = stack.pop() ?? gs;
        break;
      case OPS.setFillRGBColor:
        gs.fill = String(args?.[0] ?? '');
        break;
      case OPS.setStrokeRGBColor:
        gs.stroke = String(args?.[0] ?? '');
        break;
      case OPS.beginText:
        tm = IDENTITY;
        x = y = lineX = lineY = 0;
        break;
      case OPS.setFont: {
        const size = Number(args?.[1] ?? 0);
        const t = gs.text;
        t.font = fonts(String(args?.[0])) ?? null;
        t.size = Math.abs(size);
        t.dir = size < 0 ? -1 : 1;
        break;
      }
      case OPS.setTextMatrix:
        {
          // pdf.js hands the matrix over as a Float32Array: copied by hand (Array.from is slow on one).
          const a = args?.[0] as ArrayLike<number>;
          tm = [a[0], a[1], a[2], a[3], a[4], a[5]];
        }
        x = y = lineX = lineY = 0;
        break;
      case OPS.moveText:
        moveText(Number(args?.[0]), Number(args?.[1]));
        break;
      case OPS.setLeadingMoveText:
        gs.text.leading = Number(args?.[1]);
        moveText(Number(args?.[0]), Number(args?.[1]));
        break;
      case OPS.nextLine:
        moveText(0, gs.text.leading);
        break;
      case OPS.setLeading:
        gs.text.leading = -Number(args?.[0]);
        break;
      case OPS.setCharSpacing:
        gs.text.charSpacing = Number(args?.[0]);
        break;
      case OPS.setWordSpacing:
        gs.text.wordSpacing = Number(args?.[0]);
        break;
      case OPS.setHScale:
        gs.text.hScale = Number(args?.[0]) / 100;
        break;
      case OPS.setTextRise:
        gs.text.rise = Number(args?.[0]);
        break;
      case OPS.showText:
        showText((args?.[0] ?? []) as ArrayLike<Glyph | number>);
        break;
      case OPS.constructPath: {
        const op = args?.[0] as number;
        const buf = (args?.[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
        if (!buf) break;
        paths++;
        const stroked = strokes.has(op) && gs.stroke !== WHITE;
        const filled = fills.has(op) && gs.fill !== WHITE;
        if (stroked || filled) walkPath(buf, gs.ctm, stroked ? addLine : null, filled ? addBox : null);
        break;
      }
      default:
        if (images.has(fn)) {
          const m = gs.ctm;
          imageCover += Math.abs(m[0] * m[3] - m[1] * m[2]) / area;
        }
    }
  }
  return { items, hRules, vRules, imageCover: Math.min(1, imageCover), paths, glyphs: shown, unmapped, turns };
}

/** A filled axis-aligned rectangle: a thin one is a line, a larger one a shaded cell with four edges. */
function box(pts: number[][], hRules: Rule[], vRules: Rule[]): void {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [minOf(xs, (v) => v), maxOf(xs, (v) => v), minOf(ys, (v) => v), maxOf(ys, (v) => v)];
  const c = D.corner;
  if (!pts.every((p) => (Math.abs(p[0] - x0) < c || Math.abs(p[0] - x1) < c) && (Math.abs(p[1] - y0) < c || Math.abs(p[1] - y1) < c))) return;
  if (y1 - y0 <= D.thinFill) hRules.push({ pos: (y0 + y1) / 2, from: x0, to: x1 });
  else if (x1 - x0 <= D.thinFill) vRules.push({ pos: (x0 + x1) / 2, from: y0, to: y1 });
  else {
    hRules.push({ pos: y0, from: x0, to: x1 }, { pos: y1, from: x0, to: x1 });
    vRules.push({ pos: x0, from: y0, to: y1 }, { pos: x1, from: y0, to: y1 });
  }
}

/** pdf.js path buffer: 0 moveTo x y, 1 lineTo x y, 2 curveTo x1 y1 x2 y2 x y, 3 closePath. */
function walkPath(buf: ArrayLike<number>, m: Matrix, line: ((ax: number, ay: number, bx: number, by: number) => void) | null, boxOf: ((pts: number[][]) => void) | null): void {
  const at = (px: number, py: number) => [m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]];
  let start: number[] | null = null;
  let cur: number[] | null = null;
  let pts: number[][] = [];
  let straight = true;
  const endSub = () => {
    if (boxOf && straight && pts.length >= 4 && pts.length <= 5) boxOf(pts.slice(0, 4));
    pts = [];
    straight = true;
  };
  for (let k = 0; k < buf.length;) {
    const code = buf[k++];
    if (code === 0) {
      endSub();
      cur = start = at(buf[k], buf[k + 1]);
      pts.push(cur);
      k += 2;
    } else if (code === 1) {
      const p = at(buf[k], buf[k + 1]);
      if (cur && line) line(cur[0], cur[1], p[0], p[1]);
      cur = p;
      pts.push(p);
      k += 2;
    } else if (code === 2) {
      cur = at(buf[k + 4], buf[k + 5]);
      straight = false;
      k += 6;
    } else if (code === 3) {
      if (cur && start && line) line(cur[0], cur[1], start[0], start[1]);
      cur = start;
    } else break;
  }
  endSub();
}
