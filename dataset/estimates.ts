// The implied unit prices of the whole dataset, refreshed after every load into the table
// price_estimates (one row per grouping, group and service), with each tender's award linked
// in (v_tender_awards) so that an awarded amount stands in for the budget it was bid against.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, Result } from './db.js';
import { firstLine, parseRow, wholeStream } from './db.js';
import { estimateFacts, FactTable, type Estimate, type GroupBy } from './prices.js';
import { PriceDocumentRow, PriceItem, type PriceDocument } from '../schemas/rows.js';

export const GROUPINGS: GroupBy[] = ['all', 'region', 'year', 'agency'];

export const ESTIMATE_COLUMNS = `"by" VARCHAR, "group" VARCHAR, service VARCHAR, unit VARCHAR, estimate DOUBLE, low DOUBLE, high DOUBLE,
  documents INTEGER, identifiable BOOLEAN, note VARCHAR, residual DOUBLE, stated_median DOUBLE, stated_count INTEGER`;

/**
 * The tenders, each with the amounts its award notice gives where the dataset holds one, and the
 * award notices (for the prices they state).
 */
const PICKED = `SELECT d.doc_id, d.source, d.agency, d.budget_cny, d.lots, d.region, CAST(d.published AS VARCHAR) AS published,
      CAST(d.service_start AS VARCHAR) AS service_start, a.awards, d.notice_type = 'award' AS award
    FROM documents d LEFT JOIN v_tender_awards a ON a.tender_doc_id = d.doc_id
    -- A tender counts once: the file of it with the most items (its attachments and copies restate
    -- the purchase), with one award however often the award was scraped. Award notices stand apart.
    QUALIFY row_number() OVER (PARTITION BY d.notice_type = 'award', CASE WHEN d.notice_type = 'award' THEN d.doc_id ELSE d.tender_id END
      ORDER BY d.items DESC, (d.budget_cny IS NOT NULL) DESC, d.source, a.award_doc_id) = 1`;

/** The columns of an item the estimator reads (PriceItem). */
const PRICE_ITEM_COLUMNS = ['source', '"table"', '"row"', 'doc_id', 'lot', 'service', 'months', 'total', 'unit_months', 'billing_unit', 'resources', 'price'];

/**
 * Each counted document and then its items, one stream by doc_id; a document's place among the
 * others by source (`rank`: the bootstrap draws by position and sums round by order, and the rows
 * of a table come back in the order they were loaded, which follows the order files finished in);
 * its items by source, table and row. Neither is held whole, by DuckDB or by us: holding every
 * item or every document of a large dataset at once would make the load's memory grow with it
 * (a join of the items to the counted documents, sorted, runs out of the load's memory at 100,000
 * documents). The items of documents not counted (a tender's other files) come with no document
 * before them, and are passed over.
 *
 * The stream comes in buckets of documents (by a hash of doc_id), each sorted alone: one sort of
 * every item's JSON held the load's whole memory limit and spilled (11 s and 550 MB at 100,000
 * documents). The documents' ranks are over all of them, so the order the buckets come in does
 * not matter (FactTable orders by rank).
 */
const factsStream = (buckets: number, bucket: number) => {
  const mine = (col: string) => (buckets > 1 ? `WHERE hash(${col}) % ${buckets} = ${bucket}` : '');
  // What the stream must give, counted without its sort and JSON (counting the stream ran it twice).
  const count = `SELECT (SELECT count(*) FROM (${PICKED}) p ${mine('p.doc_id')}) + (SELECT count(*) FROM items ${mine('doc_id')})`;
  return { count, sql: `WITH picked AS (${PICKED}), ranked AS (SELECT p.*, row_number() OVER (ORDER BY p.source, p.doc_id) AS rank FROM picked p)
  SELECT j, rank FROM (
    SELECT r.doc_id AS d, false AS item, NULL::VARCHAR AS isource, NULL::INTEGER AS itable, NULL::INTEGER AS irow,
      CAST(to_json(r) AS VARCHAR) AS j, r.rank FROM ranked r ${mine('r.doc_id')}
    UNION ALL
    SELECT i.doc_id, true, i.source, i."table", i."row", CAST(to_json(i) AS VARCHAR), NULL
      FROM (SELECT ${PRICE_ITEM_COLUMNS.join(', ')} FROM items ${mine('doc_id')}) i
  ) ORDER BY d, item, isource, itable, irow` };
};

/** Items per bucket of the facts' stream: at this many, one bucket's sort stays well inside the load's memory limit. */
export const FACTS_BUCKET_ITEMS = 200_000;

const asDocument = ({ awards, ...d }: PriceDocumentRow): PriceDocument => ({ ...d, awarded: (awards ?? []).map((a) => ({ lot: a.lot, amount_cny: a.amount_cny })) });

/** What the estimator needs of the dataset's counted documents and their items (prices.ts, FactTable). */
export async function priceFacts(ds: Dataset, bucketItems = FACTS_BUCKET_ITEMS): Promise<Result<FactTable>> {
  const facts = new FactTable();
  let doc: { value: PriceDocument; rank: number } | null = null;
  let items: PriceItem[] = [];
  let n = 0;
  try {
    const counted = Number((await ds.conn.runAndReadAll('SELECT count(*) FROM items')).getRows()[0][0]);
    const buckets = Math.max(1, Math.ceil(counted / bucketItems));
    for (let bucket = 0; bucket < buckets; bucket++) {
      const { sql, count } = factsStream(buckets, bucket);
      for await (const rows of wholeStream(ds.conn, sql, (r) => r.yieldRows(), count)) {
        for (const [text, rank] of rows) {
          n++;
          if (rank === null) {
            const value = JSON.parse(String(text)) as { doc_id?: unknown };
            if (doc?.value.doc_id !== value.doc_id) continue;
            const parsed = parseRow(PriceItem, value, n, 'items for price estimates');
            if (!parsed.ok) return parsed;
            items.push(parsed.value);
            continue;
          }
          const parsed = parseRow(PriceDocumentRow, JSON.parse(String(text)), n, 'documents for price estimates');
          if (!parsed.ok) return parsed;
          if (doc) facts.add(doc.value, items, doc.rank);
          doc = { value: asDocument(parsed.value), rank: Number(rank) };
          items = [];
        }
      }
      // A bucket's last document has all its items: the next bucket holds none of them.
      if (doc) facts.add(doc.value, items, doc.rank);
      doc = null;
      items = [];
    }
  } catch (e) {
    return { ok: false, error: `cannot read the documents and items for price estimates: ${firstLine(e)}` };
  }
  return { ok: true, value: facts };
}

/**
 * Fit every grouping and replace price_estimates with the result. `alsoSql` is run in the
 * transaction that writes them (the loader's mark that the derived tables follow the rows: one
 * commit, not two).
 */
export async function refreshEstimates(ds: Dataset, alsoSql?: string): Promise<Result<Estimate[]>> {
  const facts = await priceFacts(ds);
  if (!facts.ok) return facts;
  const estimates = GROUPINGS.flatMap((by) => estimateFacts(facts.value, by).estimates);
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
    if (alsoSql) await ds.conn.run(alsoSql);
    await ds.conn.run('COMMIT');
    return { ok: true, value: estimates };
  } catch (e) {
    await ds.conn.run('ROLLBACK').catch(() => undefined);
    return { ok: false, error: `cannot store price estimates: ${firstLine(e)}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
