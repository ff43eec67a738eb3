// Rewrites every file the tests compare the pipeline's output with, from the pipeline as it is:
//
//   npm run golden          (builds, then runs dist/scripts/golden.js)
//
// Then `git diff` shows what a change did to the output; commit what is right, fix what is not.
//   test/expected/seed-items.jsonl   the seed tenders' items field by field (test/cli.test.ts)
//   test/expected/layouts.*.jsonl    the layout corpus's gold in the scorer's format: a field the
//                                    scorer still accepts is kept as the gold has it (a spec list
//                                    it judges by, a null it does not judge); a field it rejects,
//                                    an item no longer read and an item newly read are rewritten
//   schemas/json/*.schema.json       the JSON Schemas of the zod records (test/schemas.test.ts)
//   README.md taxonomy section       the service rules (test/taxonomy.test.ts)
// Nothing here reads the clock or the machine: the same pipeline writes the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processFile } from '../runtime/run.js';
import type { DocumentRecord, Item } from '../schemas/records.js';
import { jsonSchemas } from '../schemas/json-schema.js';
import { repoRoot } from './make-fixtures.js';
import { withTaxonomy } from './readme-taxonomy.js';

/** The seed tenders of test/helpers.ts, as the CLI test runs them (paths relative to the repository). */
const SEED_SOURCES = ['corpus/000_039f6a7fe7b5dcbb.txt', 'corpus/003_a46c9a722c1cc422.txt'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One JSON value as the scorer's gold is written (Python's json.dumps: `", "` and `": "`, characters as they are). */
export function goldJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(goldJson).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${goldJson(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

// ---------- the scorer's view of an item and a document (mirrors ../shared/eval/score.mjs) ----------

const norm = (s: unknown) => String(s ?? '').normalize('NFKC').replace(/\s+/g, '').replace(/[“”"'‘’]/g, '').toLowerCase();
const sameNum = (a: unknown, b: unknown) => (a === null && b === null) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));
const anyOf = <T>(g: T | T[]): T[] => (Array.isArray(g) ? g : [g]);
function bigrams(s: string): Set<string> {
  const t = norm(s);
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}
function jaccard(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (!A.size && !B.size) return 1;
  let n = 0;
  for (const x of A) if (B.has(x)) n++;
  return n / (A.size + B.size - n);
}

type GoldItem = Record<string, Json>;
type GoldSpec = { key: string; op?: string; value?: number; min?: number; max?: number };

/** An item as the gold writes it. */
export function goldItem(i: Item): GoldItem {
  const specs: Json[] = i.specs.map((s) => {
    const o: Record<string, Json> = { key: s.key };
    if (s.op !== undefined) o.op = s.op;
    for (const k of ['value', 'min', 'max'] as const) if (s[k] !== undefined) o[k] = s[k]!;
    return o;
  });
  return {
    source: basename(i.source), category: i.category, subcategory: i.subcategory, item: i.item,
    billing_unit: i.billing_unit.raw, unit_size: i.billing_unit.size, unit: i.billing_unit.unit, price_per: i.price_unit.per,
    quantity: i.quantity, months: i.months, service: i.service, specs, section: i.section, lot: i.lot,
  };
}

/** Does the gold's value of `field` accept the item's (null: the gold does not judge it)? */
const ACCEPTS: Record<string, (g: GoldItem, p: GoldItem) => boolean | null> = {
  service: (g, p) => p.service === g.service,
  quantity: (g, p) => sameNum(p.quantity, g.quantity),
  months: (g, p) => sameNum(p.months, g.months),
  unit: (g, p) => sameNum(p.unit_size, g.unit_size) && anyOf(g.unit).includes(p.unit),
  price_per: (g, p) => (g.price_per === null ? null : p.price_per === g.price_per),
  category: (g, p) => (g.category === null ? null : norm(p.category) === norm(g.category)),
  subcategory: (g, p) => anyOf(g.subcategory).some((s) => norm(s) === norm(p.subcategory)),
  item: (g, p) => norm(p.item) === norm(g.item),
  lot: (g, p) => (p.lot ?? null) === (g.lot ?? null),
  section: (g, p) => !!g.section && !!p.section && (norm(p.section).includes(norm(g.section)) || norm(g.section).includes(norm(p.section))),
  specs: (g, p) => {
    const gs = (g.specs ?? []) as GoldSpec[];
    if (!gs.length) return null;
    const ps = p.specs as GoldSpec[];
    return gs.every((x) => ps.some((s) => s.key === x.key && (['value', 'min', 'max'] as const).every((k) => x[k] === undefined || sameNum(s[k] ?? null, x[k]))));
  },
};
/** The gold fields each check stands for, rewritten together when it fails. */
const FIELDS_OF: Record<string, string[]> = { unit: ['billing_unit', 'unit_size', 'unit'] };

/** The gold of one document's items brought to what the pipeline gives: pairs as the scorer pairs them. */
export function regenerateItems(gold: GoldItem[], pred: GoldItem[]): GoldItem[] {
  const pairs: [number, number, number][] = [];
  gold.forEach((g, gi) => pred.forEach((p, pi) => {
    const j = jaccard(String(g.item), String(p.item));
    let score = norm(g.item) === norm(p.item) ? 3 : 2 * j;
    if (sameNum(p.quantity, g.quantity)) score += 2;
    if ((p.lot ?? null) === (g.lot ?? null)) score += 1;
    if (sameNum(p.months, g.months)) score += 0.5;
    if (ACCEPTS.section(g, p)) score += 0.5;
    if (j >= 0.3 && score >= 3) pairs.push([score, gi, pi]);
  }));
  // Ties go to the earlier line, so that the same output always pairs the same way.
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const partner = new Map<number, number>();
  const used = new Set<number>();
  for (const [, gi, pi] of pairs) {
    if (partner.has(gi) || used.has(pi)) continue;
    partner.set(gi, pi);
    used.add(pi);
  }
  const goldOf = new Map([...partner].map(([gi, pi]) => [pi, gi]));
  // In the pipeline's order: a gold line where its item is read, a new line where a new item is.
  return pred.map((p, pi) => {
    const gi = goldOf.get(pi);
    if (gi === undefined) return p;
    const g = gold[gi];
    let kept = g;
    for (const [check, accepts] of Object.entries(ACCEPTS)) {
      if (accepts(g, p) !== false) continue;
      kept = { ...kept };
      for (const f of FIELDS_OF[check] ?? [check]) kept[f] = p[f];
    }
    // A line the scorer accepts whole is the same object, written back as it was.
    return kept;
  });
}

type GoldDoc = Record<string, Json>;

/** A document's gold brought to what the pipeline gives, each fact kept where the scorer accepts it. */
export function regenerateDocument(g: GoldDoc, d: DocumentRecord, items: number): GoldDoc {
  const out = { ...g };
  const before = JSON.stringify(out);
  if (!anyOf(g.agency).some((a) => norm(a) === norm(d.agency))) out.agency = [d.agency];
  if (!anyOf(g.project).some((x) => norm(x) === norm(d.project))) out.project = d.project;
  if (!sameNum(d.budget_cny, g.budget_cny)) out.budget_cny = d.budget_cny;
  const lots = d.lots.map((l) => [l.lot, l.name] as Json[]);
  const goldLots = (g.lots ?? []) as [number, string][];
  const sameLots = JSON.stringify(lots.map(([n, name]) => [n, norm(name)])) === JSON.stringify(goldLots.map(([n, name]) => [n, norm(name)]));
  // One lot: the scorer also takes [] or the project's name for it.
  const oneLot = goldLots.length <= 1 && lots.length === 1 && lots[0][0] === 1
    && ['', ...anyOf(g.project).map(norm), ...((g.lot_names ?? []) as string[]).map(norm), ...goldLots.map(([, name]) => norm(name))].includes(norm(lots[0][1]));
  if (!sameLots && !oneLot) out.lots = lots;
  if (g.items !== null && g.items !== items) out.items = items;
  return JSON.stringify(out) === before ? g : out;
}

/** The records of a gold file, each remembered with its line as written (Python writes 3.0 where JSON.stringify writes 3). */
const asWritten = new WeakMap<object, string>();
function lines(file: string): Record<string, Json>[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const record = JSON.parse(l) as Record<string, Json>;
    asWritten.set(record, l);
    return record;
  });
}
const goldLine = (r: Record<string, Json>) => asWritten.get(r) ?? goldJson(r);

async function main(): Promise<void> {
  const root = repoRoot();
  process.chdir(root);
  const written: string[] = [];
  const write = (file: string, text: string) => {
    const before = (() => { try { return readFileSync(file, 'utf8'); } catch { return null; } })();
    writeFileSync(file, text);
    written.push(`${file}${before === text ? '' : ' (changed)'}`);
  };

  const seedItems: string[] = [];
  for (const source of SEED_SOURCES) {
    for (const { tokens: _tokens, ...item } of (await processFile(source)).items) seedItems.push(JSON.stringify(item));
  }
  write('test/expected/seed-items.jsonl', `${seedItems.join('\n')}\n`);

  const goldDocs = lines('test/expected/layouts.documents.jsonl');
  const goldItems = lines('test/expected/layouts.items.jsonl');
  const docs: string[] = [];
  const items: string[] = [];
  for (const g of goldDocs) {
    const source = String(g.source);
    const records = await processFile(join('corpus', source), source);
    const pred = records.items.map(goldItem);
    docs.push(goldLine(regenerateDocument(g, records.document, pred.length)));
    items.push(...regenerateItems(goldItems.filter((x) => x.source === source), pred).map(goldLine));
  }
  write('test/expected/layouts.documents.jsonl', `${docs.join('\n')}\n`);
  write('test/expected/layouts.items.jsonl', `${items.join('\n')}\n`);

  for (const [file, text] of Object.entries(jsonSchemas())) write(join('schemas', 'json', file), text);
  write('README.md', withTaxonomy(readFileSync('README.md', 'utf8')));
  for (const f of written) console.log(f);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
