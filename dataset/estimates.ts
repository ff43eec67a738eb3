// The implied unit prices of the whole dataset, refreshed after every load into the table
// price_estimates (one row per grouping, group and service), with each tender's award linked
// in (v_tender_awards) so that an awarded amount stands in for the budget it was bid against.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, Result } from './db.js';
import { firstLine, objectRows, parseRow, parseRows, queryRows } from './db.js';
import { docFacts, estimateFacts, type DocFacts, type Estimate, type GroupBy } from './prices.js';
import { PriceDocumentRow, PriceItem, type PriceDocument } from '../schemas/rows.js';

export const GROUPINGS: GroupBy[] = ['all', 'region', 'year', 'agency'];

export const ESTIMATE_COLUMNS = `"by" VARCHAR, "group" VARCHAR, service VARCHAR, unit VARCHAR, estimate DOUBLE, low DOUBLE, high DOUBLE,
  documents INTEGER, identifiable BOOLEAN, note VARCHAR, residual DOUBLE, stated_median DOUBLE, stated_count INTEGER`;

/** The tenders, each with the amounts its award notice gives where the dataset holds one, and the award notices (for the prices they state). */
export async function priceDocuments(ds: Dataset): Promise<Result<PriceDocument[]>> {
  const r = await queryRows(ds.conn, `SELECT d.doc_id, d.source, d.agency, d.budget_cny, d.lots, d.region, CAST(d.published AS VARCHAR) AS published,
      CAST(d.service_start AS VARCHAR) AS service_start, a.awards, d.notice_type = 'award' AS award
    FROM documents d LEFT JOIN v_tender_awards a ON a.tender_doc_id = d.doc_id
    -- A tender counts once: the file of it with the most items (its attachments and copies restate
    -- the purchase), with one award however often the award was scraped. Award notices stand apart.
    QUALIFY row_number() OVER (PARTITION BY d.notice_type = 'award', CASE WHEN d.notice_type = 'award' THEN d.doc_id ELSE d.tender_id END
      ORDER BY d.items DESC, (d.budget_cny IS NOT NULL) DESC, d.source, a.award_doc_id) = 1
    -- In a fixed order: the bootstrap draws by position and sums round by order, and the rows of a
    -- table come back in the order they were loaded, which follows the order files finished in.
    ORDER BY d.source`);
  if (!r.ok) return r;
  const rows = parseRows(PriceDocumentRow, r.value, 'documents for price estimates');
  if (!rows.ok) return rows;
  return { ok: true, value: rows.value.map(({ awards, ...d }) => ({ ...d, awarded: (awards ?? []).map((a) => ({ lot: a.lot, amount_cny: a.amount_cny })) })) };
}

/** The columns of an item the estimator reads (PriceItem). */
const PRICE_ITEM_COLUMNS = 'source, "table", "row", doc_id, lot, service, months, total, unit_months, billing_unit, resources, price';
const PRICE_ITEMS_WHAT = 'items for price estimates';

export async function priceItems(ds: Dataset): Promise<Result<PriceItem[]>> {
  // In a fixed order, as the documents.
  return objectRows(ds.conn, `SELECT ${PRICE_ITEM_COLUMNS} FROM items`, 'source, "table", "row"', PriceItem, PRICE_ITEMS_WHAT);
}

/**
 * What each document's items tell the estimator (`docs[k]`'s in the k-th place), its items read
 * one document at a time as DuckDB streams them: holding every item of a large dataset at once
 * would make the load's memory grow with it. A document's items come in the order priceItems
 * gives them (by source, table and row), which the sums of the estimate follow.
 */
export async function priceFacts(ds: Dataset, docs: PriceDocument[]): Promise<Result<DocFacts[]>> {
  const at = new Map(docs.map((d, k) => [d.doc_id, k]));
  const facts = docs.map((d) => docFacts(d, []));
  let current = null as { k: number | undefined; docId: string; items: PriceItem[] } | null;
  const close = () => {
    if (current?.k !== undefined) facts[current.k] = docFacts(docs[current.k], current.items);
  };
  let n = 0;
  try {
    const result = await ds.conn.stream(`SELECT CAST(to_json(t) AS VARCHAR) AS j FROM (SELECT ${PRICE_ITEM_COLUMNS} FROM items) t
      ORDER BY t.doc_id, t.source, t."table", t."row"`);
    for await (const rows of result.yieldRows()) {
      for (const [text] of rows) {
        n++;
        const parsed = parseRow(PriceItem, JSON.parse(String(text)), n, PRICE_ITEMS_WHAT);
        if (!parsed.ok) return parsed;
        const item = parsed.value;
        if (current?.docId !== item.doc_id) {
          close();
          current = { k: at.get(item.doc_id), docId: item.doc_id, items: [] };
        }
        // Items of a document the estimate does not count (a tender's other files) are not kept.
        if (current.k !== undefined) current.items.push(item);
      }
    }
  } catch (e) {
    return { ok: false, error: String((e as Error)?.message ?? e).trim() };
  }
  close();
  return { ok: true, value: facts };
}

/**
 * Fit every grouping and replace price_estimates with the result. `whileFitting` runs once the
 * rows the fit needs are read and before the result is written (no statement of ours is open
 * then): the loader checkpoints the rows it loaded there, on DuckDB's threads, while the fit takes
 * this one.
 */
export async function refreshEstimates(ds: Dataset, whileFitting?: () => Promise<unknown>): Promise<Result<Estimate[]>> {
  const docs = await priceDocuments(ds);
  if (!docs.ok) return docs;
  const facts = await priceFacts(ds, docs.value);
  if (!facts.ok) return facts;
  const background = whileFitting?.();
  const estimates = GROUPINGS.flatMap((by) => estimateFacts(facts.value, docs.value, by).estimates);
  await background;
  const dir = await mkdtemp(join(tmpdir(), 'tender-estimates-'));
  try {
    const file = join(dir, 'estimates.jsonl');
    await writeFile(file, estimates.map((e) => JSON.stringify(e)).join('\n') + '\n');
    await ds.conn.run('BEGIN TRANSACTION');
    await ds.conn.run('DELETE FROM price_estimates');
    if (estimates.length) {
      await ds.conn.run(`INSERT INTO price_estimates SELECT * FROM read_json($1, format = 'newline_delimited', columns = {
        'by': 'VARCHAR', 'group': 'VARCHAR', 'service': 'VARCHAR', 'unit': 'VARCHAR', 'estimate': 'DOUBLE', 'low': 'DOUBLE', 'high': 'DOUBLE',
        'documents': 'INTEGER', 'identifiable': 'BOOLEAN', 'note': 'VARCHAR', 'residual': 'DOUBLE', 'stated_median': 'DOUBLE', 'stated_count': 'INTEGER'})`, [file]);
    }
    await ds.conn.run('COMMIT');
    return { ok: true, value: estimates };
  } catch (e) {
    await ds.conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: `cannot store price estimates: ${firstLine(e)}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
