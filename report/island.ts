// The data island: every document and item of the report as compact JSON in a
// <script type="application/json">, which the page's script decodes (CORE's decode()) and draws
// from. 300,000 items must fit in a few megabytes, so:
// - every string once, in a table ordered by use (the commonest get the shortest numbers);
// - items by column, each column plain, in runs (value, count) or in runs of differences,
//   whichever is shortest: a document's items share its lot, table and months, rows count up;
// - an item's text, service, billing unit and size as one "kind" (the same line recurs across
//   tenders);
// - what follows from the rest (total = quantity × size, unit-months = total × months, the
//   resources of an item billed in vCPU, GB or Mbps) left out where it does follow, checked
//   against the very functions that restore it.
import type { DocumentRecord } from '../schemas/records.js';
import type { ChartSpec } from './charts.js';
import type { Core } from './core.js';
import type { ReportEstimate, ReportItem } from './types.js';

export type Column = (number | null)[] | { r: (number | null)[] } | { d: number[] };

export interface Island {
  v: 1;
  /** Strings, referred to by index. */
  s: string[];
  nd: number;
  ni: number;
  charts: ChartSpec[];
  est: ReportEstimate[];
  /** Kinds, six numbers each: item text, service, billing unit as written, unit (strings), size, and
   * 1 + the index in rt of what one piece has (0: nothing known). */
  k: number[];
  /** Resources as stated where they do not follow from the total: [vcpu, memory_gb, storage_gb, bandwidth_mbps]. */
  rt: (number | null)[][];
  /** Documents: source, status, agency, project, budget, service start and end, tables, items, tender,
   * error, warning count, warnings, lot count, lots as (lot, name) pairs. Strings as indexes, -1 for none. */
  d: Record<'src' | 'st' | 'ag' | 'pr' | 'bu' | 'ss' | 'se' | 'tb' | 'it' | 'tn' | 'er' | 'wn' | 'w' | 'ln' | 'l', Column>;
  /** Items: document, kind, quantity, months, lot (0 for none), section, table, row; c: 0 where counted,
   * else 1 + the document that counts it (-1: a file not in the report); tot, um: null where they follow,
   * um -1 for none; res: 0 where the resources follow, else 1 + an index into rt. */
  i: Record<'d' | 'k' | 'q' | 'm' | 'lot' | 'sec' | 't' | 'r' | 'c' | 'tot' | 'um' | 'res', Column>;
}

/** Units an item's resources are its total of (pipeline/resources.ts); the rest are pieces. */
const BILLED_AS_RESOURCE = new Set(['vCPU', 'GB', 'Mbps']);

const width = (v: number | null) => (v === null ? 4 : String(v).length) + 1;

/** The shortest of the three encodings. */
export function encodeColumn(values: (number | null)[]): Column {
  let plain = 0;
  let ints = true;
  for (const v of values) {
    plain += width(v);
    if (v === null || !Number.isSafeInteger(v)) ints = false;
  }
  const runs = (xs: (number | null)[]) => {
    const out: (number | null)[] = [];
    let size = 0;
    for (let i = 0; i < xs.length;) {
      let j = i + 1;
      while (j < xs.length && xs[j] === xs[i]) j++;
      out.push(xs[i], j - i);
      size += width(xs[i]) + width(j - i);
      i = j;
    }
    return { out, size };
  };
  const r = runs(values);
  let best: Column = values;
  let bestSize = plain;
  if (r.size + 6 < bestSize) [best, bestSize] = [{ r: r.out }, r.size + 6];
  if (ints && values.length) {
    const steps = values.map((v, i) => (v as number) - (i ? (values[i - 1] as number) : 0));
    const d = runs(steps);
    if (d.size + 6 < bestSize) best = { d: d.out as number[] };
  }
  return best;
}

class Strings {
  private ids = new Map<string, number>();
  readonly list: string[] = [];
  readonly uses: number[] = [];
  id(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      this.ids.set(s, (id = this.list.length));
      this.list.push(s);
      this.uses.push(0);
    }
    this.uses[id]++;
    return id;
  }
  /** The strings by use, commonest first (ties in order of appearance), and the new index of each old one. */
  ordered(): { list: string[]; index: Int32Array } {
    const order = this.list.map((_, i) => i).sort((a, b) => this.uses[b] - this.uses[a] || a - b);
    const index = new Int32Array(order.length);
    order.forEach((old, i) => { index[old] = i; });
    return { list: order.map((i) => this.list[i]), index };
  }
}

const remap = (xs: number[], index: Int32Array) => xs.map((x) => (x < 0 ? x : index[x]));

export function encodeIsland(documents: DocumentRecord[], items: ReportItem[], charts: ChartSpec[], estimates: ReportEstimate[], core: Core): Island {
  const S = new Strings();
  const docs = documents.slice();
  const docIndex = new Map<string, number>();
  const bySource = new Map<string, number>();
  docs.forEach((d, i) => {
    if (!docIndex.has(d.doc_id)) docIndex.set(d.doc_id, i);
    if (!bySource.has(d.source)) bySource.set(d.source, i);
  });
  // An item whose document is missing still shows, under a stand-in for its file.
  const docOf = (it: ReportItem): number => {
    let i = docIndex.get(it.doc_id);
    if (i === undefined) {
      i = docs.length;
      docs.push({
        doc_id: it.doc_id, source: it.source, format: 'txt', status: 'failed', error: 'document record missing', error_kind: 'internal', warnings: [], warning_codes: [], project: null, agency: null,
        budget_cny: null, price_cap_cny: null, project_code: null, tender_id: it.tender_id ?? it.doc_id, notice_type: 'other', published: null,
        region: { province: null, city: null }, awards: [], lots: [], service_start: null, service_end: null, tables: 0, items: 0,
      });
      docIndex.set(it.doc_id, i);
      if (!bySource.has(it.source)) bySource.set(it.source, i);
    }
    return i;
  };
  // Items grouped by document, in the order given within each.
  const withDoc = items.map((it, i) => ({ it, d: docOf(it), i }));
  withDoc.sort((a, b) => a.d - b.d || a.i - b.i);

  const D = { src: [] as number[], st: [] as number[], ag: [] as number[], pr: [] as number[], bu: [] as (number | null)[], ss: [] as number[], se: [] as number[],
    tb: [] as number[], it: [] as number[], tn: [] as number[], er: [] as number[], wn: [] as number[], w: [] as number[], ln: [] as number[], l: [] as number[] };
  for (const d of docs) {
    D.src.push(S.id(d.source)); D.st.push(S.id(d.status)); D.ag.push(S.id(d.agency)); D.pr.push(S.id(d.project));
    D.bu.push(d.budget_cny); D.ss.push(S.id(d.service_start)); D.se.push(S.id(d.service_end));
    D.tb.push(d.tables); D.it.push(d.items); D.tn.push(S.id(d.tender_id ?? d.doc_id)); D.er.push(S.id(d.error));
    D.wn.push(d.warnings.length);
    for (const w of d.warnings) D.w.push(S.id(w));
    D.ln.push(d.lots.length);
    for (const l of d.lots) D.l.push(l.lot, S.id(l.name));
  }

  // Kinds first, each with what one piece of it has where it is billed in pieces (a host's cores,
  // memory and disk), from the first of its items that says.
  const kinds = new Map<string, number>();
  const kindRows: number[][] = [];
  const kindUses: number[] = [];
  const kindPer: ((number | null)[] | null)[] = [];
  const tuples = new Map<string, number>();
  const rt: (number | null)[][] = [];
  const tuple = (t: (number | null)[]) => {
    const key = JSON.stringify(t);
    let i = tuples.get(key);
    if (i === undefined) { tuples.set(key, (i = rt.length)); rt.push(t); }
    return i;
  };
  const resourcesOf = (it: ReportItem) => [it.resources.vcpu, it.resources.memory_gb, it.resources.storage_gb, it.resources.bandwidth_mbps];
  const kindOf = withDoc.map(({ it }) => {
    const row = [S.id(it.item), S.id(it.service), S.id(it.billing_unit.raw), S.id(it.billing_unit.unit), it.billing_unit.size];
    const key = row.join('\u0000');
    let k = kinds.get(key);
    if (k === undefined) {
      kinds.set(key, (k = kindRows.length));
      kindRows.push(row);
      kindUses.push(0);
      kindPer.push(null);
    }
    kindUses[k]++;
    const pieces = it.quantity * it.billing_unit.size;
    if (kindPer[k] === null && !BILLED_AS_RESOURCE.has(it.billing_unit.unit) && pieces > 0 && resourcesOf(it).some((v) => v !== null)) {
      kindPer[k] = resourcesOf(it).map((v) => (v === null ? null : v / pieces));
    }
    return k;
  });

  const I = { d: [] as number[], k: [] as number[], q: [] as number[], m: [] as (number | null)[], lot: [] as number[], sec: [] as number[], t: [] as number[],
    r: [] as number[], c: [] as number[], tot: [] as (number | null)[], um: [] as (number | null)[], res: [] as number[] };
  const same = (actual: number | null, predicted: number) => (actual === null ? Number.isNaN(predicted) : actual === predicted);
  withDoc.forEach(({ it, d }, n) => {
    const k = kindOf[n];
    I.d.push(d); I.k.push(k); I.q.push(it.quantity); I.m.push(it.months); I.lot.push(it.lot ?? 0); I.sec.push(S.id(it.section));
    I.t.push(it.table); I.r.push(it.row);
    I.c.push(it.counted === false ? (it.counted_in != null && bySource.has(it.counted_in) ? bySource.get(it.counted_in)! + 1 : -1) : 0);
    const total = core.predictTotal(it.quantity, it.billing_unit.size);
    I.tot.push(same(it.total, total) ? null : it.total);
    const um = core.predictUnitMonths(it.total, it.months ?? NaN);
    I.um.push(same(it.unit_months, um) ? null : it.unit_months === null ? -1 : it.unit_months);
    const predicted = core.predictResources(it.service, it.billing_unit.unit, it.total, it.quantity * it.billing_unit.size, kindPer[k]);
    const actual = resourcesOf(it);
    I.res.push(actual.every((v, j) => same(v, predicted[j])) ? 0 : tuple(actual) + 1);
  });

  // The commonest kinds and strings get the shortest numbers.
  const kOrder = kindRows.map((_, i) => i).sort((a, b) => kindUses[b] - kindUses[a] || a - b);
  const kIndex = new Int32Array(kOrder.length);
  kOrder.forEach((old, i) => { kIndex[old] = i; });
  const { list, index } = S.ordered();
  const k: number[] = [];
  for (const old of kOrder) {
    const [item, svc, raw, unit, size] = kindRows[old];
    const per = kindPer[old];
    k.push(index[item], index[svc], index[raw], index[unit], size, per ? tuple(per) + 1 : 0);
  }
  for (const key of ['src', 'st', 'ag', 'pr', 'ss', 'se', 'tn', 'er', 'w'] as const) D[key] = remap(D[key], index);
  D.l = D.l.map((x, i) => (i % 2 && x >= 0 ? index[x] : x));
  I.sec = remap(I.sec, index);
  I.k = I.k.map((x) => kIndex[x]);

  const enc = <K extends string>(cols: Record<K, (number | null)[]>) =>
    Object.fromEntries(Object.entries(cols).map(([name, v]) => [name, encodeColumn(v as (number | null)[])])) as Record<K, Column>;
  return { v: 1, s: list, nd: docs.length, ni: withDoc.length, charts, est: estimates, k, rt, d: enc(D), i: enc(I) };
}

const JSON_IN_HTML: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON to stand inside a <script> element: no `<` at all, so no `</script>` or `<!--` of a document's can end or bend it. */
export function islandJson(island: Island): string {
  return JSON.stringify(island).replace(/[<>&\u2028\u2029]/g, (c) => JSON_IN_HTML[c]);
}
