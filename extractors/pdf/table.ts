// Ruled tables rebuilt from the lines drawn on a page: the rules that touch each other form a
// table; their positions give the grid; an inner border that is missing merges the cells on
// either side (a row or column span); each text run goes to the cell that contains it.
import { layoutGrid, type SpanCell } from '../grid.js';
import { maxOf, minOf } from '../extremes.js';
import type { TableBlock } from '../model.js';
import { coverage, joinRules, SNAP } from './rules.js';
import { isCjk } from '../../pipeline/text.js';
import { cellLines, joinCellLines, type CellLine } from './text.js';
import { midY, type Rule, type TextItem } from './types.js';
import { PDF_SETTINGS } from './settings.js';

const T = PDF_SETTINGS.tables;

export interface PageTable {
  table: TableBlock;
  /** Column boundaries, left to right (n + 1 for n columns), to recognise a table going on. */
  cols: number[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** Positions closer than `tol` become one (their mean). */
export function clusterPositions(values: number[], tol = T.gridSnap): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length && v - group[0] > tol) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const touches = (h: Rule, v: Rule, tol: number): boolean =>
  v.pos >= h.from - tol && v.pos <= h.to + tol && h.pos >= v.from - tol && h.pos <= v.to + tol;

/** Groups of horizontal and vertical rules that touch each other: each a table candidate. */
export function ruleGroups(h: Rule[], v: Rule[], tol = SNAP): { h: Rule[]; v: Rule[] }[] {
  const uf = new UnionFind(h.length + v.length);
  for (let i = 0; i < h.length; i++) for (let j = 0; j < v.length; j++) if (touches(h[i], v[j], tol)) uf.union(i, h.length + j);
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  const at = (root: number) => groups.get(root) ?? groups.set(root, { h: [], v: [] }).get(root)!;
  h.forEach((r, i) => at(uf.find(i)).h.push(r));
  v.forEach((r, j) => at(uf.find(h.length + j)).v.push(r));
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 1);
}

interface Region {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** Cells of the grid xs × ys, merged wherever the border between two of them is not drawn. */
export function gridRegions(xs: number[], ys: number[], h: Rule[], v: Rule[]): Region[] {
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const uf = new UnionFind(nr * nc);
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && coverage(v, xs[c + 1], ys[r], ys[r + 1]) < T.borderCoverage) uf.union(r * nc + c, r * nc + c + 1);
      if (r + 1 < nr && coverage(h, ys[r + 1], xs[c], xs[c + 1]) < T.borderCoverage) uf.union(r * nc + c, (r + 1) * nc + c);
    }
  }
  const byRoot = new Map<number, Region>();
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = uf.find(r * nc + c);
      const g = byRoot.get(root);
      if (!g) byRoot.set(root, { r0: r, r1: r, c0: c, c1: c });
      else {
        g.r1 = Math.max(g.r1, r);
        g.c0 = Math.min(g.c0, c);
        g.c1 = Math.max(g.c1, c);
      }
    }
  }
  return [...byRoot.values()];
}

/** Drops grid lines no cell starts at (an underline inside a cell, a stray tick). */
function compress(xs: number[], ys: number[], regions: Region[]): { xs: number[]; ys: number[]; regions: Region[] } {
  const rowStarts = new Set(regions.map((g) => g.r0));
  const colStarts = new Set(regions.map((g) => g.c0));
  const keepR = ys.map((_, i) => i === 0 || i === ys.length - 1 || rowStarts.has(i));
  const keepC = xs.map((_, i) => i === 0 || i === xs.length - 1 || colStarts.has(i));
  const mapR = remap(keepR);
  const mapC = remap(keepC);
  return {
    xs: xs.filter((_, i) => keepC[i]),
    ys: ys.filter((_, i) => keepR[i]),
    regions: regions.map((g) => ({ r0: mapR[g.r0], r1: mapR[g.r1 + 1] - 1, c0: mapC[g.c0], c1: mapC[g.c1 + 1] - 1 })),
  };
}

function remap(keep: boolean[]): number[] {
  const out: number[] = [];
  let n = -1;
  for (const k of keep) {
    if (k) n++;
    out.push(Math.max(0, n));
  }
  return out;
}

const charWeight = (ch: string): number => (isCjk(ch) ? 1 : PDF_SETTINGS.glyphs.latinWidth);

/** A run cut where it crosses the given x positions, assuming glyph widths in proportion to their kind. */
export function splitRun(it: TextItem, cuts: number[]): TextItem[] {
  const inside = cuts.filter((x) => x > it.x0 + T.cutInside && x < it.x1 - T.cutInside);
  if (!inside.length) return [it];
  const chars = [...it.text];
  const total = chars.reduce((s, ch) => s + charWeight(ch), 0) || 1;
  const scale = (it.x1 - it.x0) / total;
  const out: TextItem[] = [];
  let pos = it.x0;
  let cur: TextItem | null = null;
  let part = 0;
  for (const ch of chars) {
    const w = charWeight(ch) * scale;
    const centre = pos + w / 2;
    const p = inside.filter((x) => x <= centre).length;
    if (!cur || p !== part) {
      if (cur) out.push(cur);
      cur = { ...it, text: '', x0: pos, x1: pos };
      part = p;
    }
    cur.text += ch;
    cur.x1 = pos + w;
    pos += w;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Text of one cell: its lines top to bottom, joined where the layout wrapped them, with "\n"
 * where the author broke the line. `room` is the width text can take in the cell; without it
 * every line break is kept.
 */
export function cellText(items: TextItem[], room: number | null = null, spacesShown = false): string {
  return joinCellLines(cellLines(items), room, spacesShown);
}

/**
 * The padding between a ruled cell's borders and its text: the least gap left of any cell's
 * text, as the text of some cell starts at the padding (left-aligned, or filling its cell).
 */
function cellPadding(cells: { x0: number; lines: CellLine[] }[]): number {
  let pad = Infinity;
  for (const c of cells) for (const l of c.lines) pad = Math.min(pad, l.line.x0 - c.x0);
  return Number.isFinite(pad) ? Math.max(0, pad) : 0;
}

/**
 * Tables from a page's rules and text. Returns the tables, top to bottom, and the runs that
 * are in none of them.
 */
export function findRuledTables(items: TextItem[], hRules: Rule[], vRules: Rule[]): { tables: PageTable[]; rest: TextItem[] } {
  const h = joinRules(hRules).filter((r) => r.to - r.from >= T.minRule);
  const v = joinRules(vRules).filter((r) => r.to - r.from >= T.minRule);
  if (h.length * v.length > T.maxPairs) return { tables: [], rest: items };
  let rest = items;
  const tables: PageTable[] = [];
  for (const g of ruleGroups(h, v)) {
    const got = tableOfGroup(g.h, g.v, rest);
    if (!got) continue;
    tables.push(got.table);
    rest = got.rest;
  }
  tables.sort((a, b) => a.top - b.top);
  return { tables, rest };
}

function tableOfGroup(h: Rule[], v: Rule[], items: TextItem[]): { table: PageTable; rest: TextItem[] } | null {
  // Outer borders may be left open: the ends of the rules stand in for them.
  let xs = clusterPositions([...v.map((r) => r.pos), minOf(h, (r) => r.from), maxOf(h, (r) => r.to)]);
  let ys = clusterPositions([...h.map((r) => r.pos), minOf(v, (r) => r.from), maxOf(v, (r) => r.to)]);
  if (xs.length < 3 || ys.length < 2) return null;
  const c = compress(xs, ys, gridRegions(xs, ys, h, v));
  xs = c.xs;
  ys = c.ys;
  const regions = c.regions;
  if (xs.length < 3 || regions.length < 2) return null;

  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const top = ys[0];
  const bottom = ys[ys.length - 1];
  // The region each grid cell belongs to (the last to claim it), by row * columns + column; -1 for none.
  const nc = xs.length - 1;
  const slot = new Int32Array((ys.length - 1) * nc).fill(-1);
  regions.forEach((g, i) => {
    for (let r = g.r0; r <= g.r1; r++) for (let col = g.c0; col <= g.c1; col++) if (r >= 0 && r < ys.length - 1 && col >= 0 && col < nc) slot[r * nc + col] = i;
  });
  const cuts = xs.slice(1, -1);
  const texts: TextItem[][] = regions.map(() => []);
  const rest: TextItem[] = [];
  const indexIn = (bounds: number[], p: number) => {
    for (let i = 0; i < bounds.length - 2; i++) if (p < bounds[i + 1]) return i;
    return bounds.length - 2;
  };
  for (const it of items) {
    const my = midY(it);
    const mx = (it.x0 + it.x1) / 2;
    if (!it.upright || my < top - T.edgeSlack || my > bottom + T.edgeSlack || mx < x0 - T.edgeSlack || mx > x1 + T.edgeSlack) {
      rest.push(it);
      continue;
    }
    const r = indexIn(ys, my);
    for (const part of splitRun(it, cuts)) {
      const col = indexIn(xs, (part.x0 + part.x1) / 2);
      const i = r >= 0 && col >= 0 ? slot[r * nc + col] : -1;
      if (i >= 0) texts[i].push(part);
    }
  }
  const lines = texts.map((t, i) => ({ x0: xs[regions[i].c0], lines: cellLines(t) }));
  const pad = cellPadding(lines);
  const spaces = lines.some((c) => c.lines.some((l) => l.trailing));
  const cellTexts = lines.map((c, i) => joinCellLines(c.lines, xs[regions[i].c1 + 1] - xs[regions[i].c0] - 2 * pad, spaces));
  if (cellTexts.every((t) => !t)) return null;

  const rows: SpanCell[][] = ys.slice(0, -1).map(() => []);
  regions
    .map((g, i) => ({ g, text: cellTexts[i] }))
    .sort((a, b) => a.g.r0 - b.g.r0 || a.g.c0 - b.g.c0)
    .forEach(({ g, text }) => rows[g.r0].push({ text, rowSpan: g.r1 - g.r0 + 1, colSpan: g.c1 - g.c0 + 1 }));
  const { table } = layoutGrid(rows);
  return { table: { table, cols: xs, x0, x1, top, bottom }, rest };
}
