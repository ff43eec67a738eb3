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

/** What walkOps does with an operator, by its number. */
const enum Op { Other, Save, Restore, Transform, FormBegin, GroupBegin, FormEnd, FillRGB, StrokeRGB, BeginText, SetFont, TextMatrix,
  MoveText, LeadingMoveText, NextLine, SetLeading, CharSpacing, WordSpacing, HScale, TextRise, ShowText, Path, Image }

let kindsFor: Record<string, number> | null = null;
let kinds: Uint8Array = new Uint8Array(0);

/** Each operator number's Op, for one switch over small constants rather than a chain of lookups in OPS. */
function opKinds(OPS: Record<string, number>): Uint8Array {
  if (kindsFor === OPS) return kinds;
  const named: [string, Op][] = [
    ['save', Op.Save], ['restore', Op.Restore], ['transform', Op.Transform], ['paintFormXObjectBegin', Op.FormBegin], ['beginGroup', Op.GroupBegin],
    ['paintFormXObjectEnd', Op.FormEnd], ['endGroup', Op.FormEnd], ['setFillRGBColor', Op.FillRGB], ['setStrokeRGBColor', Op.StrokeRGB],
    ['beginText', Op.BeginText], ['setFont', Op.SetFont], ['setTextMatrix', Op.TextMatrix], ['moveText', Op.MoveText],
    ['setLeadingMoveText', Op.LeadingMoveText], ['nextLine', Op.NextLine], ['setLeading', Op.SetLeading], ['setCharSpacing', Op.CharSpacing],
    ['setWordSpacing', Op.WordSpacing], ['setHScale', Op.HScale], ['setTextRise', Op.TextRise], ['showText', Op.ShowText], ['constructPath', Op.Path],
    ['paintImageXObject', Op.Image], ['paintInlineImageXObject', Op.Image], ['paintImageMaskXObject', Op.Image], ['paintImageXObjectRepeat', Op.Image],
    ['paintImageMaskXObjectRepeat', Op.Image], ['paintSolidColorImageMask', Op.Image], ['paintInlineImageXObjectGroup', Op.Image], ['paintImageMaskXObjectGroup', Op.Image],
  ];
  const top = Math.max(0, ...Object.values(OPS).filter((v) => Number.isInteger(v) && v >= 0 && v < 4096));
  const out = new Uint8Array(top + 1);
  // The first name to claim a number keeps it, as the first matching case of a switch would.
  for (const [name, kind] of [...named].reverse()) {
    const v = OPS[name];
    if (Number.isInteger(v) && v >= 0 && v <= top) out[v] = kind;
  }
  kindsFor = OPS;
  kinds = out;
  return out;
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
  const save = () => {
    const t = gs.text;
    stack.push({
      ctm: gs.ctm, fill: gs.fill, stroke: gs.stroke,
      text: { font: t.font, size: t.size, dir: t.dir, charSpacing: t.charSpacing, wordSpacing: t.wordSpacing, hScale: t.hScale, leading: t.leading, rise: t.rise },
    });
  };
  const moveText = (tx: number, ty: number) => {
    x = lineX += tx;
    y = lineY += ty;
  };

  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const kind = opKinds(OPS);
  const addLine = (ax: number, ay: number, bx: number, by: number) => {
    if (Math.abs(ay - by) <= D.straight) hRules.push({ pos: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
    else if (Math.abs(ax - bx) <= D.straight) vRules.push({ pos: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
  };
  const addBox = (pts: number[][]) => box(pts, hRules, vRules);

  // Text shown under the same matrices as the string before it (most strings of a page) is
  // placed with the product already made.
  let ctmOf: Matrix | null = null;
  let tmOf: Matrix | null = null;
  let m: Matrix = IDENTITY;
  let scaleOf = 0;

  const showText = (glyphs: ArrayLike<Glyph | number>) => {
    const t = gs.text;
    const font = t.font;
    if (!font || t.size === 0) return;
    const fm = font.fontMatrix ?? FONT_MATRIX;
    const widthScale = t.size * fm[0];
    const h = t.hScale * t.dir;
    if (gs.ctm !== ctmOf || tm !== tmOf) {
      ctmOf = gs.ctm;
      tmOf = tm;
      m = mul(gs.ctm, tm);
      scaleOf = Math.hypot(m[2], m[3]);
    }
    const [m0, m1, m2, m3, m4, m5] = m;
    const size = t.size * scaleOf;
    const vertical = !!font.vertical;
    const upright = !font.vertical && Math.abs(m1) < D.skew * Math.abs(m0) && Math.abs(m2) < D.skew * Math.abs(m3) && m0 * h > 0 && m3 < 0;
    // Which way the baseline runs, for pages set sideways; mirrored text does not count.
    const turn = m0 * m3 - m1 * m2 < 0 && !font.vertical ? ((Math.round(Math.atan2(m1 * h, m0 * h) / (Math.PI / 2)) % 4) + 4) % 4 : -1;
    const py = y + t.rise;
    const runBreak = D.runBreak * t.size;
    const spaceSpacing = t.wordSpacing + t.charSpacing;
    const charSpacing = 0 + t.charSpacing;
    let chars = 0;
    let adv = 0;
    // The run being gathered: its text and where it starts and ends along the baseline.
    let open = false;
    let text = '';
    let from = 0;
    let to = 0;
    const flush = () => {
      if (open && text) {
        const px0 = x + from * h;
        const px1 = x + to * h;
        const x0 = m0 * px0 + m2 * py + m4;
        const base = m1 * px0 + m3 * py + m5;
        const x1 = m0 * px1 + m2 * py + m4;
        items.push({ text: normalised(text), x0: Math.min(x0, x1), x1: Math.max(x0, x1), base, size, upright });
      }
      open = false;
    };
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i];
      if (typeof g === 'number') {
        const shift = (-g * t.size) / 1000;
        if (Math.abs(shift) > runBreak) flush();
        adv += shift;
        continue;
      }
      if (!g) continue;
      const width = (g.width ?? 0) * widthScale;
      const spacing = g.isSpace ? spaceSpacing : charSpacing;
      const unicode = g.unicode;
      if (vertical) {
        // Vertical writing: each glyph on its own, kept out of lines and tables.
        flush();
        open = true;
        text = unicode ?? '';
        from = to = adv;
        flush();
        adv += width + spacing * t.dir;
        continue;
      }
      if (!open) {
        open = true;
        text = '';
        from = to = adv;
      }
      if (unicode) text += unicode;
      else unmapped++;
      chars++;
      shown++;
      to = adv + width;
      adv += width + spacing * t.dir;
    }
    flush();
    if (turn >= 0) turns[turn] += chars;
    if (vertical) y -= adv;
    else x += adv * h;
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (kind[fn] ?? Op.Other) {
      case Op.Save:
        save();
        break;
      case Op.Restore:
        gs = stack.pop() ?? gs;
        break;
      case Op.Transform:
        gs.ctm = mul(gs.ctm, args as number[]);
        break;
      case Op.FormBegin: {
        save();
        const mat = args?.[0];
        if (Array.isArray(mat) || ArrayBuffer.isView(mat)) gs.ctm = mul(gs.ctm, mat as ArrayLike<number>);
        break;
      }
      case Op.GroupBegin: {
        save();
        const mat = (args?.[0] as { matrix?: ArrayLike<number> } | undefined)?.matrix;
        if (mat) gs.ctm = mul(gs.ctm, mat);
        break;
      }
      case Op.FormEnd:
        gs = stack.pop() ?? gs;
        break;
      case Op.FillRGB:
        gs.fill = String(args?.[0] ?? '');
        break;
      case Op.StrokeRGB:
        gs.stroke = String(args?.[0] ?? '');
        break;
      case Op.BeginText:
        tm = IDENTITY;
        x = y = lineX = lineY = 0;
        break;
      case Op.SetFont: {
        const size = Number(args?.[1] ?? 0);
        const t = gs.text;
        t.font = fonts(String(args?.[0])) ?? null;
        t.size = Math.abs(size);
        t.dir = size < 0 ? -1 : 1;
        break;
      }
      case Op.TextMatrix:
        {
          // pdf.js hands the matrix over as a Float32Array: copied by hand (Array.from is slow on one).
          const a = args?.[0] as ArrayLike<number>;
          tm = [a[0], a[1], a[2], a[3], a[4], a[5]];
        }
        x = y = lineX = lineY = 0;
        break;
      case Op.MoveText:
        moveText(Number(args?.[0]), Number(args?.[1]));
        break;
      case Op.LeadingMoveText:
        gs.text.leading = Number(args?.[1]);
        moveText(Number(args?.[0]), Number(args?.[1]));
        break;
      case Op.NextLine:
        moveText(0, gs.text.leading);
        break;
      case Op.SetLeading:
        gs.text.leading = -Number(args?.[0]);
        break;
      case Op.CharSpacing:
        gs.text.charSpacing = Number(args?.[0]);
        break;
      case Op.WordSpacing:
        gs.text.wordSpacing = Number(args?.[0]);
        break;
      case Op.HScale:
        gs.text.hScale = Number(args?.[0]) / 100;
        break;
      case Op.TextRise:
        gs.text.rise = Number(args?.[0]);
        break;
      case Op.ShowText:
        showText((args?.[0] ?? []) as ArrayLike<Glyph | number>);
        break;
      case Op.Path: {
        const op = args?.[0] as number;
        const buf = (args?.[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
        if (!buf) break;
        paths++;
        const stroked = strokes.has(op) && gs.stroke !== WHITE;
        const filled = fills.has(op) && gs.fill !== WHITE;
        if (stroked || filled) walkPath(buf, gs.ctm, stroked ? addLine : null, filled ? addBox : null);
        break;
      }
      case Op.Image: {
        const mat = gs.ctm;
        imageCover += Math.abs(mat[0] * mat[3] - mat[1] * mat[2]) / area;
        break;
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
