// Ruling lines as drawn are fragments: a border stroked cell by cell, double lines, a rectangle
// per cell, lines that stop a hair short of each other. Snapping and joining them (within about
// 2 pt) gives the long lines a table grid is read from.
import { PDF_SETTINGS } from './settings.js';
import { append } from '../extremes.js';
import type { Rule } from './types.js';

export const SNAP = PDF_SETTINGS.rules.snap;

/** Rules snapped to common positions and joined where they touch or overlap. */
export function joinRules(rules: Rule[], tol = SNAP): Rule[] {
  const sorted = rules.filter((r) => r.to - r.from > PDF_SETTINGS.rules.minFragment).sort((a, b) => a.pos - b.pos);
  const out: Rule[] = [];
  let i = 0;
  while (i < sorted.length) {
    // One cluster of positions within tol of the running mean.
    const cluster: Rule[] = [sorted[i]];
    let sum = sorted[i].pos;
    let j = i + 1;
    while (j < sorted.length && sorted[j].pos - sum / cluster.length <= tol) {
      cluster.push(sorted[j]);
      sum += sorted[j].pos;
      j++;
    }
    append(out, mergeSpans(cluster, tol));
    i = j;
  }
  return out;
}

function mergeSpans(cluster: Rule[], tol: number): Rule[] {
  const spans = [...cluster].sort((a, b) => a.from - b.from);
  const out: Rule[] = [];
  let cur: Rule | null = null;
  let weight = 0;
  for (const s of spans) {
    const len = s.to - s.from;
    if (cur && s.from <= cur.to + tol) {
      cur.pos = (cur.pos * weight + s.pos * len) / (weight + len);
      weight += len;
      cur.to = Math.max(cur.to, s.to);
    } else {
      if (cur) out.push(cur);
      cur = { ...s };
      weight = len;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** How much of the interval [from, to] the rules at `pos` cover, 0..1. */
export function coverage(rules: Rule[], pos: number, from: number, to: number, tol = SNAP): number {
  const len = to - from;
  if (len <= 0) return 1;
  const parts = rules
    .filter((r) => Math.abs(r.pos - pos) <= tol && r.to > from && r.from < to)
    .map((r) => [Math.max(from, r.from), Math.min(to, r.to)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = from;
  for (const [a, b] of parts) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / len;
}
