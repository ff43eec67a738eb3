// The bench's result: one line per goal (the work, tender's figure, the yardstick's figure in the
// same run, their ratio, the goal and whether it is met), written as JSON and shown as a table on
// the terminal and in the README (scripts/readme-bench.ts).

export interface BenchLine {
  /** Stable key: what a later run of the same line replaces. */
  id: string;
  work: string;
  tender: string;
  baseline: string;
  /** The ratio the goal is about, in the goal's own direction; null where not measured. */
  ratio: number | null;
  ratioText: string;
  goal: string;
  /** null: not measured (skipped, a yardstick missing). */
  pass: boolean | null;
  /** A goal that is shown, not held to (the 1 → 2 worker speed-up). */
  informational?: boolean;
}

export interface StageShares {
  /** What the stage times were summed over, e.g. "1,000 TXT". */
  work: string;
  /** Milliseconds per stage, summed over all workers, as `tender extract` wrote them. */
  ms: Record<string, number>;
  /** Wall seconds × workers of the same run: what the stages' sum is a part of. */
  workerSeconds: number;
}

export interface BenchResult {
  date: string;
  node: string;
  cores: number;
  workers: number;
  runs: number;
  /** The machine's 15-minute load average when the run ended: how busy the shared cores were. */
  load?: number;
  lines: BenchLine[];
  /** Per format; null where the run wrote no stage times (TENDER_STAGE_TIMES not supported). */
  stages: Record<string, StageShares | null>;
  /** The memory bench's sizes, smallest first (bench/memory.ts). */
  memory?: MemoryPoint[];
}

export interface MemoryPoint { docs: number; peakMb: number; seconds: number; mib: number }

export function mark(l: BenchLine): string {
  if (l.pass === null) return '–';
  const m = l.pass ? '✓' : '✗';
  return l.informational ? `${m} (info)` : m;
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 1.234 → "1.23": three figures or so, as a person reads them. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export const COLUMNS = ['work', 'tender', 'baseline', 'ratio', 'goal', 'met'];

const row = (l: BenchLine) => [l.work, l.tender, l.baseline, l.ratioText, l.goal, mark(l)];

/** Display width: a CJK character or a fullwidth sign takes two columns of a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** The lines as an aligned plain-text table. */
export function textTable(lines: BenchLine[]): string {
  const rows = [COLUMNS, ...lines.map(row)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
  return rows.map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c] - width(cell))).join('  ').trimEnd()).join('\n');
}

/** The lines as a Markdown table (a `|` in a cell escaped). */
export function markdownTable(lines: BenchLine[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${row(l).map(cell).join(' | ')} |`),
  ].join('\n');
}

/** "parse 41%, tables 30%, …": each stage's part of the summed stage time, largest first. */
export function stageShares(s: StageShares | null, format: string): string {
  if (!s) return `stage shares (${format}): not available`;
  const total = Object.values(s.ms).reduce((a, b) => a + b, 0);
  if (!(total > 0)) return `stage shares (${format}): not available`;
  const parts = Object.entries(s.ms).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)}%`);
  const covered = s.workerSeconds > 0 ? ` (the stages account for ${((100 * total) / 1000 / s.workerSeconds).toFixed(0)}% of worker time)` : '';
  return `stage shares (${format}, ${s.work}): ${parts.join(', ')}${covered}`;
}

/**
 * Read the JSON object `{"stage": ms, …}` that `tender extract` writes under
 * TENDER_STAGE_TIMES=FILE; null when the file is missing or is not such an object.
 */
export function parseStageTimes(text: string | null): Record<string, number> | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, number> = {};
  for (const [k, ms] of Object.entries(v)) if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out[k] = ms;
  return Object.keys(out).length ? out : null;
}

/** Two stage-time objects added stage by stage (the runs of one line summed). */
export function addStageTimes(a: Record<string, number> | null, b: Record<string, number> | null): Record<string, number> | null {
  if (!a) return b;
  if (!b) return a;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The lines of `next` replacing those of `prev` with the same id, the others kept in order. */
export function mergeLines(prev: BenchLine[], next: BenchLine[]): BenchLine[] {
  const ids = new Set(next.map((l) => l.id));
  const kept = prev.filter((l) => !ids.has(l.id));
  const order = [...prev.map((l) => l.id), ...next.map((l) => l.id)];
  return [...kept, ...next].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}
