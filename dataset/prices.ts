// Implied unit prices: most tenders state a budget for the whole document or lot, not a price
// per item. Across many tenders, budget = Σ unit-months(service) × price(service) + other
// spend; non-negative least squares over the services that carry the spend gives a price per
// unit-month for each, a bootstrap over documents its interval, and a test of each column
// against the others says when the data cannot tell a price apart (a service always bought
// with another in the same proportion). Pure functions over records; the dataset stores them.
import type { Service } from '../schemas/records.js';
import type { PriceDocument, PriceItem } from '../schemas/rows.js';
import { prng } from './random.js';

// What the estimator needs of a document and of an item: schemas/rows.ts, which parses the dataset's rows.
export type { PriceDocument, PriceItem } from '../schemas/rows.js';

export type GroupBy = 'all' | 'region' | 'year' | 'agency';

export interface Estimate {
  by: GroupBy;
  group: string;
  service: string;
  /** What a unit-month is counted in (vCPU, GB, Mbps, or the service's billing unit). */
  unit: string;
  /** Yuan per unit-month; null when the data cannot identify it. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Documents (or lots) whose spend the estimate stands on. */
  documents: number;
  identifiable: boolean;
  note: string | null;
  /** Relative error of the fit over its documents (root mean square of (fit − budget) / budget). */
  residual: number | null;
  /** Prices the tenders state for this service, per unit-month: their median and count. */
  stated_median: number | null;
  stated_count: number;
}

export interface Fit {
  estimates: Estimate[];
  /** Documents the model fits badly: their fitted spend is off by more than half. */
  outliers: { key: string; budget: number; fitted: number }[];
}

/** The settings of the estimator, in one place. */
export const ESTIMATOR = {
  /** A service is modelled when this many documents buy it; the rest is pooled as "other". */
  minDocuments: 3,
  /** Documents needed per price estimated: fewer, and the least common services are pooled. */
  documentsPerPrice: 3,
  /** A document most of whose items match no cloud service (cleaning, goods) says nothing of cloud prices. */
  maxOtherShare: 0.5,
  bootstrap: 200,
  /** A column explained this well by the others (R²) cannot be told apart from them. */
  collinear: 0.999,
  /** Off by more than this share of its budget, a document is listed as badly fit. */
  outlier: 0.5,
  seed: 20_261_202,
} as const;

/** The unit a service's unit-months are counted in, and an item's unit-months of it. */
const RESOURCE: Partial<Record<string, { unit: string; of: (i: PriceItem) => number | null }>> = {
  'compute.vcpu': { unit: 'vCPU', of: (i) => i.resources.vcpu },
  'compute.memory': { unit: 'GB', of: (i) => i.resources.memory_gb },
  'network.bandwidth': { unit: 'Mbps', of: (i) => i.resources.bandwidth_mbps },
};

/** Unit-months of one item, per service column: whole hosts give vCPU and memory both. */
function termsOf(i: PriceItem): [string, number][] | null {
  if (i.months === null) return null;
  if (i.service === 'compute.vcpu' || i.service === 'compute.gpu') {
    const out: [string, number][] = [];
    if (i.resources.vcpu) out.push(['compute.vcpu', i.resources.vcpu * i.months]);
    if (i.resources.memory_gb) out.push(['compute.memory', i.resources.memory_gb * i.months]);
    if (out.length) return out;
  }
  const r = RESOURCE[i.service];
  if (r) {
    const v = r.of(i);
    return v ? [[i.service, v * i.months]] : null;
  }
  if (i.service.startsWith('storage.') && i.resources.storage_gb) return [[i.service, i.resources.storage_gb * i.months]];
  return i.unit_months ? [[i.service, i.unit_months]] : null;
}

export function unitOf(service: string, items: PriceItem[]): string {
  if (RESOURCE[service]) return RESOURCE[service]!.unit;
  if (service.startsWith('storage.')) return 'GB';
  const units = new Map<string, number>();
  for (const i of items) if (i.service === service) units.set(i.billing_unit.unit, (units.get(i.billing_unit.unit) ?? 0) + 1);
  return [...units].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'item';
}

/** One row of the regression: a document or a lot with its spend and its unit-months by service. */
export interface Unit { key: string; budget: number; terms: Map<string, number>; other: number }

/** The documents and lots whose spend (award, else budget) and purchases are both known. */
export function regressionUnits(docs: PriceDocument[], items: PriceItem[]): Unit[] {
  const byDoc = new Map<string, PriceItem[]>();
  for (const i of items) (byDoc.get(i.doc_id) ?? byDoc.set(i.doc_id, []).get(i.doc_id)!).push(i);
  return docs.flatMap((d) => unitsOf(d, byDoc.get(d.doc_id) ?? []));
}

/** One document's rows of the regression (one, or one per lot with a budget), from its items. */
function unitsOf(d: PriceDocument, its: PriceItem[]): Unit[] {
  const out: Unit[] = [];
  if (!its.length || d.award) return out;
  const spendOf = (lot: number | null): number | null => {
    const award = d.awarded?.find((a) => a.lot === lot && a.amount_cny !== null)?.amount_cny ?? (lot === null ? d.awarded?.reduce<number | null>((s, a) => (a.amount_cny === null ? s : (s ?? 0) + a.amount_cny), null) : null);
    if (award) return award;
    return lot === null ? d.budget_cny : d.lots.find((l) => l.lot === lot)?.budget_cny ?? null;
  };
  const lotBudgets = d.lots.filter((l) => l.budget_cny !== null);
  const groups = lotBudgets.length && its.every((i) => i.lot !== null) ? lotBudgets.map((l) => l.lot as number | null) : [null];
  for (const lot of groups) {
    const spend = spendOf(lot);
    if (!spend || spend <= 0) continue;
    const mine = lot === null ? its : its.filter((i) => i.lot === lot);
    if (mine.filter((i) => i.service === 'other').length > ESTIMATOR.maxOtherShare * mine.length) continue;
    const terms = new Map<string, number>();
    let other = 0;
    for (const i of mine) {
      const t = termsOf(i);
      if (!t) other++;
      else for (const [s, v] of t) terms.set(s, (terms.get(s) ?? 0) + v);
    }
    if (!terms.size) continue;
    out.push({ key: lot === null ? d.source : `${d.source}#${lot}`, budget: spend, terms, other });
  }
  return out;
}

/**
 * What the items of the documents tell the estimate of any group they fall in, so that neither the
 * items nor the documents need be kept: each document's rows of the regression, its items'
 * billing units by service (for the services counted in the unit most of their items use), the
 * prices they state per billing unit and month (each with its billing unit: kept where the
 * group's unit for the service is it), and the groups it falls in. Column by column, every name
 * held once: a dataset of a million documents is tens of megabytes here, not gigabytes of objects.
 */
export class FactTable {
  /** Per document, where its regression rows, billing counts and stated prices start (one past the last document: the ends). */
  private readonly docUnits = [0];
  private readonly docBills = [0];
  private readonly docPrices = [0];
  private readonly groups: Record<Exclude<GroupBy, 'all'>, (string | null)[]> = { region: [], year: [], agency: [] };
  /** Regression rows; the terms of row u are termService/termValue from unitTerms[u] to unitTerms[u + 1], in the order the items first give them. */
  readonly unitKey: string[] = [];
  readonly unitBudget: number[] = [];
  readonly unitOther: number[] = [];
  readonly unitTerms = [0];
  readonly termService: string[] = [];
  readonly termValue: number[] = [];
  /** [service, billing unit, items] in the order the items first use each. */
  readonly billService: string[] = [];
  readonly billUnit: string[] = [];
  readonly billCount: number[] = [];
  readonly priceService: string[] = [];
  readonly priceUnit: string[] = [];
  readonly priceValue: number[] = [];
  private readonly names = new Map<string, string>();

  get documents(): number {
    return this.docUnits.length - 1;
  }

  /** Each document's place in the order the estimate takes them (`rank`), when they are added in another. */
  private readonly ranks: number[] = [];

  /**
   * A document and its items (in their fixed order); `d` null for items bought together outside
   * any document. `rank` orders the documents for the estimate; they are taken as added without it.
   */
  add(d: PriceDocument | null, its: PriceItem[], rank?: number): void {
    this.addFacts(d ? unitsOf(d, its) : [], its, d, rank);
  }

  addFacts(units: Unit[], its: PriceItem[], d: PriceDocument | null = null, rank = this.documents): void {
    this.ranks.push(rank);
    for (const u of units) {
      this.unitKey.push(u.key);
      this.unitBudget.push(u.budget);
      this.unitOther.push(u.other);
      for (const [service, v] of u.terms) {
        this.termService.push(this.name(service));
        this.termValue.push(v);
      }
      this.unitTerms.push(this.termService.length);
    }
    const bills = this.docBills[this.docBills.length - 1];
    for (const i of its) {
      if (countedUnit(i.service)) {
        let b = bills;
        while (b < this.billService.length && !(this.billService[b] === i.service && this.billUnit[b] === i.billing_unit.unit)) b++;
        if (b < this.billService.length) this.billCount[b]++;
        else {
          this.billService.push(this.name(i.service));
          this.billUnit.push(this.name(i.billing_unit.unit));
          this.billCount.push(1);
        }
      }
      const p = i.price;
      if (!p || !p.per_unit || (p.kind !== 'quoted' && p.kind !== 'cap')) continue;
      const months = p.per_period === 'month' ? 1 : p.per_period === 'year' ? 12 : null;
      if (!months || !i.billing_unit.size) continue;
      this.priceService.push(this.name(i.service));
      this.priceUnit.push(this.name(i.billing_unit.unit));
      this.priceValue.push(p.value_cny / i.billing_unit.size / months);
    }
    this.docUnits.push(this.unitKey.length);
    this.docBills.push(this.billService.length);
    this.docPrices.push(this.priceService.length);
    for (const by of ['region', 'year', 'agency'] as const) this.groups[by].push(d ? this.nameOrNull(groupOf(d, by)) : null);
  }

  /** The documents in the order the estimate takes them. */
  ordered(): number[] {
    return [...this.ranks.keys()].sort((a, b) => this.ranks[a] - this.ranks[b]);
  }

  /** The group document k falls in, for `--by`. */
  groupOf(k: number, by: GroupBy): string | null {
    return by === 'all' ? 'all' : this.groups[by][k];
  }

  /** The regression rows of documents `docs`, in order. */
  unitsOf(docs: number[]): number[] {
    const out: number[] = [];
    for (const k of docs) for (let u = this.docUnits[k]; u < this.docUnits[k + 1]; u++) out.push(u);
    return out;
  }

  /** A group's unit per service and its stated prices, from the facts of its documents in order. */
  groupFacts(docs: number[]): GroupFacts {
    // By service, the billing units in the order the group's items first use them: the most used
    // wins, the first of those that tie.
    const counts = new Map<string, Map<string, number>>();
    for (const k of docs) {
      for (let b = this.docBills[k]; b < this.docBills[k + 1]; b++) {
        const s = this.billService[b];
        const m = counts.get(s) ?? counts.set(s, new Map()).get(s)!;
        m.set(this.billUnit[b], (m.get(this.billUnit[b]) ?? 0) + this.billCount[b]);
      }
    }
    const units = new Map<string, string>();
    const unitOfService = (service: string): string => {
      if (RESOURCE[service]) return RESOURCE[service]!.unit;
      if (service.startsWith('storage.')) return 'GB';
      let unit = units.get(service);
      if (unit === undefined) units.set(service, (unit = [...(counts.get(service) ?? [])].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'item'));
      return unit;
    };
    // A host's price (台, 8核16G) is a bundle, not a price per vCPU: only prices per the unit the service is counted in.
    const stated = new Map<string, number[]>();
    for (const k of docs) {
      for (let p = this.docPrices[k]; p < this.docPrices[k + 1]; p++) {
        const s = this.priceService[p];
        if (this.priceUnit[p] === unitOfService(s)) (stated.get(s) ?? stated.set(s, []).get(s)!).push(this.priceValue[p]);
      }
    }
    return { unitOf: unitOfService, stated };
  }

  private name(s: string): string {
    let v = this.names.get(s);
    if (v === undefined) this.names.set(s, (v = s));
    return v;
  }

  private nameOrNull(s: string | null): string | null {
    return s === null ? null : this.name(s);
  }
}

/** Whether a service's unit is told by its items (else it is the resource's or GB). */
const countedUnit = (service: string) => !RESOURCE[service] && !service.startsWith('storage.');

/** A group's unit per service and its stated prices. */
interface GroupFacts { unitOf(service: string): string; stated: Map<string, number[]> }

/**
 * A matrix of m rows and n columns, row after row in one array (`a`), and its entries that are not
 * zero row by row (those of row i are `at[i]` to `at[i + 1]` of `cols` and `vals`): the estimator's
 * matrices have a row per document, and a document buys a few of the services modelled.
 */
export interface Matrix { a: Float64Array; m: number; n: number; at: Int32Array; cols: Int32Array; vals: Float64Array }

export function matrix(rows: number[][]): Matrix {
  const m = rows.length;
  const n = rows[0]?.length ?? 0;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) a.set(rows[i], i * n);
  return sparse(a, m, n);
}

/** The matrix of m rows and n columns `a` holds row after row, with its entries that are not zero found. */
export function sparse(a: Float64Array, m: number, n: number): Matrix {
  let nz = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== 0) nz++;
  const at = new Int32Array(m + 1);
  const cols = new Int32Array(nz);
  const vals = new Float64Array(nz);
  for (let i = 0, p = 0; i < m; i++) {
    at[i] = p;
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j];
      if (v !== 0) { cols[p] = j; vals[p++] = v; }
    }
    at[i + 1] = p;
  }
  return { a, m, n, at, cols, vals };
}

/**
 * Non-negative least squares (Lawson–Hanson): x ≥ 0 minimising ‖Ax − b‖. Each step solves the
 * normal equations of a subset of the columns and takes its gradient: both need only AᵀA and Aᵀb,
 * summed once (normalOf), so a step costs the number of columns, not the rows of A (the bootstrap runs
 * this hundreds of times over every document).
 */
export function nnls(A: number[][], b: number[]): number[] {
  const M = matrix(A);
  return nnlsNormal(normalOf(M, allRows(M.m), b), M.n);
}

const allRows = (m: number) => Int32Array.from({ length: m }, (_, k) => k);

/** nnls from the normal equations of A (normalOf, AᵀA of n columns and Aᵀb), which it leaves as they are. */
function nnlsNormal({ gram, atb }: Normal, n: number): number[] {
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const w = new Float64Array(n);
  // Aᵀ(b − Ax) as Aᵀb − AᵀA·x (as in Bro and de Jong's fast NNLS): a step costs n² instead of
  // m·n, the same to rounding, far under the 1e-10 a column must gain to enter.
  const gradient = () => {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += gram[j * n + i] * x[i];
      w[j] = atb[j] - s;
    }
    return w;
  };
  const solve = (cols: number[]): number[] => solveNormal(gram, n, cols, cols.map((i) => atb[i]));
  for (let iter = 0; iter < 3 * n + 10; iter++) {
    const w = gradient();
    let best = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && w[j] > 1e-10 && (best < 0 || w[j] > w[best])) best = j;
    if (best < 0) break;
    passive.add(best);
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const cols = [...passive];
      const z = solve(cols);
      if (z.every((v) => v > 0)) {
        cols.forEach((j, k) => { x[j] = z[k]; });
        break;
      }
      let alpha = Infinity;
      cols.forEach((j, k) => { if (z[k] <= 0) alpha = Math.min(alpha, x[j] / (x[j] - z[k])); });
      cols.forEach((j, k) => { x[j] += alpha * (z[k] - x[j]); });
      for (const j of cols) if (x[j] <= 1e-12) { x[j] = 0; passive.delete(j); }
    }
  }
  return x;
}

/**
 * Solve the normal equations M x = v, M the rows and columns `sub` of the n × n matrix G (AᵀA), v
 * the right-hand side (Aᵀb; changed in place), with a small ridge against singular systems:
 * Gaussian elimination with partial pivoting, rows swapped by their order only.
 */
function solveNormal(G: Float64Array, n: number, sub: number[], v: number[]): number[] {
  const k = sub.length;
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) M[i * k + j] = G[sub[i] * n + sub[j]];
  let scale = 1e-300;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(M[i * k + i]));
  for (let i = 0; i < k; i++) M[i * k + i] += 1e-12 * scale;
  // row[c]: where the c-th row of the system now is in M.
  const row = Int32Array.from({ length: k }, (_, i) => i);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[row[r] * k + c]) > Math.abs(M[row[p] * k + c])) p = r;
    [row[c], row[p]] = [row[p], row[c]];
    [v[c], v[p]] = [v[p], v[c]];
    const pc = row[c] * k;
    if (Math.abs(M[pc + c]) < 1e-300) continue;
    for (let r = c + 1; r < k; r++) {
      const pr = row[r] * k;
      const f = M[pr + c] / M[pc + c];
      for (let q = c; q < k; q++) M[pr + q] -= f * M[pc + q];
      v[r] -= f * v[c];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    const pr = row[r] * k;
    let s = v[r];
    for (let q = r + 1; q < k; q++) s -= M[pr + q] * x[q];
    x[r] = Math.abs(M[pr + r]) < 1e-300 ? 0 : s / M[pr + r];
  }
  return x;
}

/**
 * R² of column j of A explained by the others (least squares): near 1 means it cannot be told
 * apart. The normal equations of the others are AᵀA without row and column j, and Aᵀy its
 * column j, so one AᵀA serves every column (each entry the same sum, in the same order, as over
 * the columns copied out).
 */
function explained({ a, m, n }: Matrix, gram: Float64Array, j: number): number {
  if (n < 2) return 0;
  const others = [...Array(n).keys()].filter((k) => k !== j);
  const beta = solveNormal(gram, n, others, others.map((p) => gram[p * n + j]));
  let ss = 0;
  let res = 0;
  for (let i = 0; i < m; i++) {
    const at = i * n;
    let fit = 0;
    others.forEach((k, t) => { fit += a[at + k] * beta[t]; });
    const y = a[at + j];
    ss += y * y;
    res += (y - fit) ** 2;
  }
  return ss ? 1 - res / ss : 1;
}

/**
 * AᵀA and Aᵀb over the rows `idx` (in that order, repeats allowed), each entry summed over the
 * rows in order. Only the entries that are not zero are multiplied: the products left out are
 * zeros, which add nothing to a sum of products of entries ≥ 0. AᵀA is symmetric and its (i, j)
 * and (j, i) sums are the same products in the same order: it is summed above the diagonal only.
 */
interface Normal { gram: Float64Array; atb: Float64Array }

function normalOf({ n, at, cols, vals }: Matrix, idx: ArrayLike<number>, b: ArrayLike<number>): Normal {
  const gram = new Float64Array(n * n);
  const atb = new Float64Array(n);
  for (let k = 0; k < idx.length; k++) {
    const r = idx[k];
    const bk = b[r];
    const end = at[r + 1];
    for (let p = at[r]; p < end; p++) {
      const i = cols[p];
      const ai = vals[p];
      const gi = i * n;
      for (let q = p; q < end; q++) gram[gi + cols[q]] += ai * vals[q];
      atb[i] += ai * bk;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
  return { gram, atb };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (at - lo);
};

/**
 * Half the width of a 95% interval: the bootstrap's spread, inflated for the prices fitted
 * (√(n/(n−p))) and taken at Student's t (≈ 1.96 + 2.4/df): percentile intervals of a few dozen
 * documents cover the truth too seldom.
 */
function halfWidth(draws: number[], n: number, p: number): number {
  if (draws.length < 2) return Infinity;
  const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1));
  const df = Math.max(1, n - p);
  return (1.96 + 2.4 / df) * sd * Math.sqrt(n / df);
}

/** Fit one group of documents. */
export function estimate(units: Unit[], items: PriceItem[], by: GroupBy = 'all', group = 'all'): Fit {
  const t = new FactTable();
  t.addFacts(units, items);
  return fitGroup(t, t.unitsOf([0]), t.groupFacts([0]), by, group);
}

/** Fit the regression rows `units` of `t`, with their group's facts. */
function fitGroup(t: FactTable, units: number[], facts: GroupFacts, by: GroupBy, group: string): Fit {
  const m = units.length;
  const counts = new Map<string, number>();
  for (const u of units) for (let p = t.unitTerms[u]; p < t.unitTerms[u + 1]; p++) counts.set(t.termService[p], (counts.get(t.termService[p]) ?? 0) + 1);
  // The services that carry the spend: bought by enough documents, the most common first, no
  // more than the documents can tell apart; the rest is pooled.
  const services = [...counts].filter(([, n]) => n >= ESTIMATOR.minDocuments)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(1, Math.floor(m / ESTIMATOR.documentsPerPrice)))
    .map(([s]) => s).sort();
  const column = new Map(services.map((s, j) => [s, j]));
  // The rest of the spend, one term: items the model does not price, by their count (a service
  // pooled counts as one).
  const width = services.length + 1;
  const rows = new Float64Array(m * width);
  units.forEach((u, i) => {
    let other = t.unitOther[u];
    for (let p = t.unitTerms[u]; p < t.unitTerms[u + 1]; p++) {
      const j = column.get(t.termService[p]);
      if (j === undefined) other++;
      else rows[i * width + j] = t.termValue[p];
    }
    rows[i * width + services.length] = other;
  });
  const columns = [...services, 'other'];
  const useful = columns.map((_, j) => units.some((_, i) => rows[i * width + j] > 0));
  const cols = columns.map((_, j) => j).filter((j) => useful[j]);
  const scale = cols.map((j) => {
    let max = -Infinity;
    for (let i = 0; i < m; i++) max = Math.max(max, rows[i * width + j]);
    return max;
  });
  // Budgets err in proportion to their size: each row weighed by its budget, so that the large
  // tenders do not decide every price and the errors are alike (weighted least squares).
  const A = new Float64Array(m * cols.length);
  units.forEach((u, i) => cols.forEach((j, k) => { A[i * cols.length + k] = rows[i * width + j] / scale[k] / t.unitBudget[u]; }));
  const b = units.map(() => 1);
  const { stated } = facts;
  const M = sparse(A, m, cols.length);
  // Every sum over the rows of a draw (row indices, in order, repeats allowed) runs in that order,
  // so the result is the same to the bit as with the rows copied out.
  const fitOf = (normal: Normal) => nnlsNormal(normal, cols.length).map((v, k) => v / scale[k]);
  const enough = m > cols.length;
  // All the rows' normal equations: the fit's, and the collinearity test's.
  const all = normalOf(M, allRows(m), b);
  const x = m ? fitOf(all) : [];
  const rand = prng(ESTIMATOR.seed);
  const boot: number[][] = cols.map(() => []);
  if (enough) {
    const pick = new Int32Array(units.length);
    for (let t = 0; t < ESTIMATOR.bootstrap; t++) {
      for (let i = 0; i < pick.length; i++) pick[i] = Math.floor(rand() * units.length);
      const xb = fitOf(normalOf(M, pick, b));
      xb.forEach((v, k) => boot[k].push(v));
    }
  }
  const fitted = units.map((u, i) => {
    let sum = 0;
    for (let k = 0; k < cols.length; k++) sum = sum + A[i * cols.length + k] * x[k] * scale[k];
    return sum * t.unitBudget[u];
  });
  const rel = units.map((u, i) => (fitted[i] - t.unitBudget[u]) / t.unitBudget[u]);
  const residual = m ? Math.sqrt(rel.reduce((s, r) => s + r * r, 0) / m) : null;
  const collinear = cols.map((_, k) => (m > 1 ? explained(M, all.gram, k) : 1) > ESTIMATOR.collinear);
  const estimates: Estimate[] = cols.filter((j) => columns[j] !== 'other').map((j) => {
    const k = cols.indexOf(j);
    const service = columns[j];
    const sp = stated.get(service) ?? [];
    const identifiable = enough && !collinear[k];
    const note = !enough ? `${m} documents for ${cols.length} prices: too few to estimate`
      : collinear[k] ? 'bought in the same proportion as other services in every document: its price cannot be told apart from theirs' : null;
    return {
      by, group, service, unit: facts.unitOf(service),
      estimate: identifiable ? x[k] : null,
      low: identifiable ? Math.max(0, x[k] - halfWidth(boot[k], m, cols.length)) : null,
      high: identifiable ? x[k] + halfWidth(boot[k], m, cols.length) : null,
      documents: counts.get(service) ?? 0, identifiable, note, residual,
      stated_median: sp.length ? quantile(sp, 0.5) : null, stated_count: sp.length,
    };
  });
  const outliers = units.map((u, i) => ({ key: t.unitKey[u], budget: t.unitBudget[u], fitted: fitted[i] })).filter((o, i) => Math.abs(rel[i]) > ESTIMATOR.outlier);
  return { estimates, outliers };
}

/** The group a document falls in, for `--by`. */
export function groupOf(d: PriceDocument, by: GroupBy): string | null {
  if (by === 'all') return 'all';
  if (by === 'region') return d.region.province;
  if (by === 'agency') return d.agency;
  return (d.published ?? d.service_start)?.slice(0, 4) ?? null;
}

/** Estimates for every group of the documents of `t`. */
export function estimateFacts(t: FactTable, by: GroupBy): Fit {
  const groups = new Map<string, number[]>();
  for (const k of t.ordered()) {
    const g = t.groupOf(k, by);
    if (g !== null) (groups.get(g) ?? groups.set(g, []).get(g)!).push(k);
  }
  const out: Fit = { estimates: [], outliers: [] };
  for (const [g, ks] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const fit = fitGroup(t, t.unitsOf(ks), t.groupFacts(ks), by, g);
    for (const e of fit.estimates) out.estimates.push(e);
    for (const o of fit.outliers) out.outliers.push(o);
  }
  return out;
}
