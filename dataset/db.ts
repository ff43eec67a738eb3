// The DuckDB dataset: tables documents, items and specs (the output contract), and views for
// the comparisons people ask for. Opening returns a value, never throws for a bad or busy file.
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, DuckDBDecimalValue, DuckDBInstance, DuckDBResult, DuckDBValueConverter, Json } from '@duckdb/node-api';
import { duckdb } from './duckdb.js';
import type { ZodType } from 'zod';
import { TableCounts } from '../schemas/rows.js';
import { firstLine } from '../pipeline/text.js';

export const DB_FILE = 'tenders.duckdb';

/** The database a run writing to `outDir` loads. */
export function dbPathFor(outDir: string): string {
  return join(outDir, DB_FILE);
}

/** The dataset a reading command opens: its --db, else $TENDER_DB, else out/tenders.duckdb. */
export function datasetPath(flag: string | boolean | undefined): string {
  return typeof flag === 'string' ? flag : process.env.TENDER_DB || dbPathFor('out');
}

/** Bumped when a table changes shape: an older file then gets a clear message instead of odd errors. */
export const SCHEMA_VERSION = 5;

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

type Columns = [name: string, type: string, constraint?: string][];

/** The fields of documents.jsonl, in table order. */
export const DOCUMENT_COLUMNS: Columns = [
  ['doc_id', 'VARCHAR', 'PRIMARY KEY'],
  ['source', 'VARCHAR', 'NOT NULL UNIQUE'],
  ['format', 'VARCHAR', 'NOT NULL'],
  ['status', 'VARCHAR', 'NOT NULL'],
  ['error', 'VARCHAR'],
  ['error_kind', 'VARCHAR'],
  ['warnings', 'VARCHAR[]', 'NOT NULL'],
  ['warning_codes', 'VARCHAR[]', 'NOT NULL'],
  ['project', 'VARCHAR'],
  ['agency', 'VARCHAR'],
  ['budget_cny', 'DOUBLE'],
  ['price_cap_cny', 'DOUBLE'],
  ['project_code', 'VARCHAR'],
  ['tender_id', 'VARCHAR', 'NOT NULL'],
  ['notice_type', 'VARCHAR', 'NOT NULL'],
  ['published', 'DATE'],
  ['region', 'STRUCT(province VARCHAR, city VARCHAR)', 'NOT NULL'],
  ['awards', 'STRUCT(lot INTEGER, supplier VARCHAR, amount_cny DOUBLE, rate DOUBLE)[]', 'NOT NULL'],
  ['lots', 'STRUCT(lot INTEGER, name VARCHAR, budget_cny DOUBLE)[]', 'NOT NULL'],
  ['service_start', 'DATE'],
  ['service_end', 'DATE'],
  ['tables', 'INTEGER', 'NOT NULL'],
  ['items', 'INTEGER', 'NOT NULL'],
];

/** The fields of items.jsonl but specs, which get a table of their own (one row each). */
export const ITEM_COLUMNS: Columns = [
  ['doc_id', 'VARCHAR', 'NOT NULL'],
  ['source', 'VARCHAR', 'NOT NULL'],
  ['lot', 'INTEGER'],
  ['section', 'VARCHAR'],
  ['table', 'INTEGER', 'NOT NULL'],
  ['row', 'INTEGER', 'NOT NULL'],
  ['page', 'INTEGER'],
  ['seq', 'VARCHAR'],
  ['category', 'VARCHAR'],
  ['subcategory', 'VARCHAR'],
  ['item', 'VARCHAR', 'NOT NULL'],
  ['service', 'VARCHAR', 'NOT NULL'],
  ['billing_unit', 'STRUCT(raw VARCHAR, size DOUBLE, unit VARCHAR)', 'NOT NULL'],
  ['price_unit', 'STRUCT(raw VARCHAR, currency VARCHAR, per VARCHAR)', 'NOT NULL'],
  ['quantity', 'DOUBLE', 'NOT NULL'],
  ['months', 'DOUBLE'],
  ['total', 'DOUBLE', 'NOT NULL'],
  ['unit_months', 'DOUBLE'],
  ['resources', 'STRUCT(vcpu DOUBLE, memory_gb DOUBLE, storage_gb DOUBLE, bandwidth_mbps DOUBLE)', 'NOT NULL'],
  ['price', 'STRUCT(value_cny DOUBLE, per_unit VARCHAR, per_period VARCHAR, kind VARCHAR)'],
  ['tokens', 'VARCHAR[]', 'NOT NULL'],
];

/** A spec as items.jsonl holds it; absent fields read as NULL. */
export const SPEC_STRUCT = 'STRUCT(key VARCHAR, op VARCHAR, value DOUBLE, min DOUBLE, max DOUBLE, unit VARCHAR, qualifier VARCHAR, raw VARCHAR)';

export const SPEC_COLUMNS: Columns = [
  ['doc_id', 'VARCHAR', 'NOT NULL'],
  ['table', 'INTEGER', 'NOT NULL'],
  ['row', 'INTEGER', 'NOT NULL'],
  ['position', 'INTEGER', 'NOT NULL'],
  ['key', 'VARCHAR', 'NOT NULL'],
  ['op', 'VARCHAR'],
  ['value', 'DOUBLE'],
  ['min', 'DOUBLE'],
  ['max', 'DOUBLE'],
  ['unit', 'VARCHAR'],
  ['qualifier', 'VARCHAR'],
  ['raw', 'VARCHAR', 'NOT NULL'],
];

const ddl = (table: string, columns: Columns, key?: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (\n  ${[...columns.map(([n, t, c]) => `"${n}" ${t}${c ? ` ${c}` : ''}`), ...(key ? [`PRIMARY KEY (${key})`] : [])].join(',\n  ')}\n)`;

const TABLES = [
  ddl('documents', DOCUMENT_COLUMNS),
  ddl('items', ITEM_COLUMNS, 'doc_id, "table", "row"'),
  ddl('specs', SPEC_COLUMNS, 'doc_id, "table", "row", position'),
  // What each document's rows were loaded from, so a run that changed nothing rewrites nothing.
  `CREATE TABLE IF NOT EXISTS dataset_digests (doc_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS dataset_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  // Implied unit prices, refreshed after each load (dataset/estimates.ts).
  `CREATE TABLE IF NOT EXISTS price_estimates ("by" VARCHAR, "group" VARCHAR, service VARCHAR, unit VARCHAR, estimate DOUBLE, low DOUBLE,
    high DOUBLE, documents INTEGER, identifiable BOOLEAN, note VARCHAR, residual DOUBLE, stated_median DOUBLE, stated_count INTEGER)`,
];

/** Views, recreated on every load so an older database gets the current definitions. */
export const VIEWS: Record<string, string> = {
  // One tender, many files (a notice page and its attachments, one file under two names): a
  // purchase is counted once per tender. Items of the files of one tender are the same purchase
  // when lot, service, quantity and months agree (the nth such item of each file with the nth of
  // the others: two like rows in one file are two purchases); the file that read the tender most
  // completely (most items, then read ok) counts it, and counted_in says which.
  v_purchases: `SELECT i.* EXCLUDE (occurrence), d.tender_id, d.agency, d.project, d.region,
      row_number() OVER w = 1 AS counted, first_value(i.source) OVER w AS counted_in
    FROM (SELECT *, row_number() OVER (PARTITION BY doc_id, lot, service, quantity, months ORDER BY "table", "row") AS occurrence FROM items) i
    JOIN documents d ON d.doc_id = i.doc_id
    WINDOW w AS (PARTITION BY d.tender_id, i.lot, i.service, i.quantity, i.months, i.occurrence
      ORDER BY d.items DESC, d.status = 'ok' DESC, i.source, i."table", i."row")`,
  v_items: `SELECT p.*, p.billing_unit.unit AS unit FROM v_purchases p`,
  // Summing across billing units would add vCPU to IP addresses, hence the unit in the key.
  v_service_by_agency: `SELECT d.agency, i.service, i.billing_unit.unit AS unit,
      sum(i.quantity) AS quantity, sum(i.total) AS total, sum(i.unit_months) AS unit_months,
      count(DISTINCT i.doc_id) AS documents, count(DISTINCT i.tender_id) AS tenders, count(*) AS items
    FROM v_purchases i JOIN documents d ON d.doc_id = i.doc_id WHERE i.counted
    GROUP BY ALL ORDER BY d.agency, i.service, unit`,
  v_storage_by_tier: `SELECT d.agency, substr(i.service, 9) AS tier,
      sum(i.total) AS gb, sum(i.unit_months) AS gb_months,
      count(DISTINCT i.doc_id) AS documents, count(DISTINCT i.tender_id) AS tenders, count(*) AS items
    FROM v_purchases i JOIN documents d ON d.doc_id = i.doc_id
    WHERE i.counted AND i.service LIKE 'storage.%' AND i.billing_unit.unit = 'GB'
    GROUP BY ALL ORDER BY d.agency, tier`,
  // What each buyer buys in all, whole hosts included: the items' resources, and × months.
  v_resources_by_agency: `SELECT d.agency,
      sum(i.resources.vcpu) AS vcpu, sum(i.resources.vcpu * i.months) AS vcpu_months,
      sum(i.resources.memory_gb) AS memory_gb, sum(i.resources.memory_gb * i.months) AS memory_gb_months,
      sum(i.resources.storage_gb) AS storage_gb, sum(i.resources.storage_gb * i.months) AS storage_gb_months,
      sum(i.resources.bandwidth_mbps) AS bandwidth_mbps, sum(i.resources.bandwidth_mbps * i.months) AS bandwidth_mbps_months,
      count(DISTINCT i.doc_id) AS documents, count(DISTINCT i.tender_id) AS tenders, count(*) AS items
    FROM v_purchases i JOIN documents d ON d.doc_id = i.doc_id
    WHERE i.counted AND (i.service IN ('compute.vcpu', 'compute.gpu', 'compute.memory', 'network.bandwidth') OR i.service LIKE 'storage.%')
    GROUP BY ALL ORDER BY d.agency`,
  // Each tender's files with its award notice: one tender_id (the same project_code, else the same agency and project).
  v_tender_awards: `SELECT t.doc_id AS tender_doc_id, t.source AS tender_source, t.tender_id, t.project_code, t.agency, t.project,
      t.budget_cny, a.doc_id AS award_doc_id, a.source AS award_source, a.awards,
      list_sum([w.amount_cny FOR w IN a.awards IF w.amount_cny IS NOT NULL]) AS awarded_cny
    FROM documents t JOIN documents a
      ON a.notice_type = 'award' AND t.notice_type <> 'award' AND a.tender_id = t.tender_id`,
  // One row per tender: its files, the file with the most items, and its budget (the largest its files state).
  v_tenders: `SELECT tender_id, any_value(project_code) AS project_code, any_value(agency) AS agency, any_value(project) AS project,
      any_value(region) AS region, count(*) AS files, list(source ORDER BY source) AS sources, arg_max(source, items) AS fullest,
      max(budget_cny) AS budget_cny, max(items) AS items, bool_or(notice_type = 'award') AS awarded
    FROM documents GROUP BY tender_id`,
  v_agencies: `SELECT agency, count(*) AS documents, count(DISTINCT tender_id) AS tenders, sum(budget_cny) AS budget_cny, sum(items) AS items,
      count(*) FILTER (WHERE status <> 'ok') AS not_ok
    FROM documents GROUP BY agency ORDER BY agency`,
  v_lots: `SELECT doc_id, unnest(lots, recursive := true) FROM documents`,
  v_specs: `SELECT d.agency, i.service, s.*
    FROM specs s
    JOIN items i ON i.doc_id = s.doc_id AND i."table" = s."table" AND i."row" = s."row"
    JOIN documents d ON d.doc_id = s.doc_id`,
};

export interface Dataset {
  conn: DuckDBConnection;
  path: string;
  /** Another connection to the same database, for work that runs beside `conn`'s (closed with the dataset). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

// DuckDB messages carry a type prefix and sometimes a caret diagram; the first line is the reason.
export { firstLine };

/**
 * Open (or, for writing, create) a dataset. Read-only opens let several `tender query` runs
 * share the file and never change it.
 */
/**
 * What a query may do on a sealed dataset: read its tables, nothing else. No files read or
 * written (COPY … TO, read_csv, ATTACH, EXPORT DATABASE), no extensions installed or loaded,
 * and the settings locked so that a query cannot turn any of it back on.
 */
const SEALED = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  allow_community_extensions: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  lock_configuration: 'true',
};

export async function openDataset(path: string, opts: { readOnly?: boolean; sealed?: boolean; settings?: Record<string, string>; templateDir?: string } = {}): Promise<Result<Dataset>> {
  if ((opts.readOnly || opts.sealed) && !existsSync(path)) {
    return { ok: false, error: `no dataset at ${path} (run tender extract first, or pass --db FILE)` };
  }
  let instance: DuckDBInstance;
  const settings = opts.sealed ? SEALED : opts.readOnly ? { access_mode: 'READ_ONLY' } : opts.settings ?? {};
  try {
    let copied = false;
    if (!opts.readOnly && !opts.sealed) {
      await mkdir(dirname(path), { recursive: true });
      if (!existsSync(path)) copied = await fromTemplate(path, opts.templateDir);
    }
    try {
      instance = await duckdb.DuckDBInstance.create(path, settings);
    } catch (e) {
      if (!copied) throw e;
      // A template this DuckDB cannot open (damaged on disk): the dataset is made as without one.
      await rm(path, { force: true });
      instance = await duckdb.DuckDBInstance.create(path, settings);
    }
  } catch (e) {
    return { ok: false, error: `cannot open ${path}: ${firstLine(e)}` };
  }
  const conn = await instance.connect();
  const others: DuckDBConnection[] = [];
  const dataset: Dataset = {
    conn,
    path,
    async connect() {
      const other = await instance.connect();
      others.push(other);
      return other;
    },
    close() {
      for (const other of others) other.closeSync();
      conn.closeSync();
      instance.closeSync();
    },
  };
  if (!opts.readOnly && !opts.sealed) {
    const ready = await ensureSchema(conn, path);
    if (!ready.ok) {
      dataset.close();
      return ready;
    }
  }
  return { ok: true, value: dataset };
}

/**
 * What the tables and views are, in one digest: a dataset that records the current one needs no
 * DDL on opening (a dozen statements, some 50 ms of a small run), one made by another build of
 * tender gets the current views. The DuckDB version is in it for the template's sake: a file
 * written by one DuckDB is opened by another, but only one that wrote it is copied from.
 */
export const SCHEMA_DIGEST = createHash('sha256')
  .update(JSON.stringify([SCHEMA_VERSION, TABLES, VIEWS, duckdb.version()]))
  .digest('hex')
  .slice(0, 16);

async function ensureSchema(conn: DuckDBConnection, path: string): Promise<Result<void>> {
  try {
    const meta = new Map<string, string>();
    try {
      const rows = (await conn.runAndReadAll(`SELECT key, value FROM dataset_meta WHERE key IN ('schema_version', 'schema_digest')`)).getRows();
      for (const [k, v] of rows) meta.set(String(k), String(v));
    } catch {
      // a dataset made just now: no tables yet
    }
    const version = meta.get('schema_version');
    if (version !== undefined && version !== String(SCHEMA_VERSION)) {
      return { ok: false, error: `${path} has dataset schema ${version}, this tender writes schema ${SCHEMA_VERSION}: delete the file and run tender extract again` };
    }
    if (meta.get('schema_digest') === SCHEMA_DIGEST) return { ok: true, value: undefined };
    for (const ddl of TABLES) await conn.run(ddl);
    if (version === undefined) await conn.run(`INSERT INTO dataset_meta VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
    for (const [name, sql] of Object.entries(VIEWS)) await conn.run(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
    await conn.run(`INSERT OR REPLACE INTO dataset_meta VALUES ('schema_digest', $1)`, [SCHEMA_DIGEST]);
    return { ok: true, value: undefined };
  } catch (e) {
    return { ok: false, error: `cannot prepare ${path}: ${firstLine(e)}` };
  }
}

/**
 * Empty datasets of the current schema, made by the build (scripts/copy-assets.mjs): a new
 * dataset is a copy of one, and opens with its tables and views in place. The folder is
 * dist/dataset-templates/, the same path from the compiled modules and from the bundle's chunks.
 */
export const TEMPLATE_DIR = fileURLToPath(new URL('../dataset-templates/', import.meta.url));
const templatePath = (dir: string) => join(dir, `empty-${SCHEMA_DIGEST}.duckdb`);

/** Start `path` as a copy of the template, where there is one (true); where not, DuckDB makes the file. */
async function fromTemplate(path: string, dir = TEMPLATE_DIR): Promise<boolean> {
  // COPYFILE_EXCL: a file that appeared meanwhile is another run's dataset, never overwritten.
  return copyFile(templatePath(dir), path, constants.COPYFILE_EXCL).then(() => true, () => false);
}

/** Make the template of the current schema in `dir` (at build time); written beside and renamed, so never seen half made. */
export async function writeTemplate(dir = TEMPLATE_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = templatePath(dir);
  const tmp = `${target}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  const instance = await duckdb.DuckDBInstance.create(tmp);
  try {
    const conn = await instance.connect();
    const ready = await ensureSchema(conn, tmp);
    if (!ready.ok) throw new Error(ready.error);
    await conn.run('CHECKPOINT');
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
  await rm(`${tmp}.wal`, { force: true });
  await rename(tmp, target);
  return target;
}

/** A query result as plain JSON values, in column order. */
export interface Rows {
  columns: string[];
  /** DuckDB type names, e.g. VARCHAR, DOUBLE, BIGINT, VARCHAR[]. */
  types: string[];
  rows: Json[][];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// Counts and sums of integers come back as bigint; JSON has no bigint, and a program reading
// `"documents": "2"` would compare strings. Safe integers become numbers, larger ones strings.
const { DuckDBTypeId, JsonDuckDBValueConverter } = duckdb;
const plain: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT: {
      const b = value as bigint;
      return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b.toString();
    }
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toDouble();
    default:
      return JsonDuckDBValueConverter(value, type, converter);
  }
};

export async function queryRows(conn: DuckDBConnection, sql: string, params?: (string | number | boolean | null)[]): Promise<Result<Rows>> {
  try {
    const reader = await conn.runAndReadAll(sql, params);
    return {
      ok: true,
      value: {
        columns: reader.columnNames(),
        types: reader.columnTypes().map((t) => t.toString()),
        rows: reader.convertRows(plain),
      },
    };
  } catch (e) {
    // The whole message here: a parser error's caret diagram points at the mistake.
    return { ok: false, error: String((e as Error)?.message ?? e).trim() };
  }
}

/** Rows as objects (column names assumed distinct, as in the views and tables). */
export function objects(r: Rows): Record<string, Json>[] {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}

/**
 * Rows as objects, each parsed with `schema`: a row off it (a dataset written by another version,
 * or changed by hand) is an error value naming the query's rows and the column, not a cast.
 */
export function parseRows<T>(schema: ZodType<T>, r: Rows, what: string): Result<T[]> {
  const out: T[] = [];
  const rows = objects(r);
  for (let i = 0; i < rows.length; i++) {
    const parsed = parseRow(schema, rows[i], i + 1, what);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** Row `n` (1-based) of `what` parsed with `schema`; the first problem, in words, when it is off. */
export function parseRow<T>(schema: ZodType<T>, row: unknown, n: number, what: string): Result<T> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${what}: row ${n} does not have the expected shape: ${issue.path.join('.') || 'row'}: ${issue.message}` };
}

/**
 * The rows of `sql` as DuckDB streams them, batch by batch (`read` takes them off the result), and
 * an error when they do not all come. DuckDB's C API ends a stream that fails (out of its memory,
 * say) as it ends one that is done — duckdb_fetch_chunk gives NULL for both — and the Node client
 * yields no error: a price estimate or an export would stand on part of the rows without a word.
 * So the rows are counted first (by `countSql` where a cheaper query gives the same count), and a
 * stream that ends short throws.
 */
export async function* wholeStream<T>(conn: DuckDBConnection, sql: string, read: (result: DuckDBResult) => AsyncIterable<T[]>, countSql = `SELECT count(*) FROM (${sql}) AS whole`): AsyncGenerator<T[]> {
  const counted = (await conn.runAndReadAll(countSql)).getRows()[0][0];
  const expected = Number(counted);
  let n = 0;
  for await (const batch of read(await conn.stream(sql))) {
    n += batch.length;
    yield batch;
  }
  if (n !== expected) throw new Error(`DuckDB's stream stopped after ${n} of ${expected} rows (a failure it does not report: out of memory, or an error in the query)`);
}

/** Row counts of the contract's tables. */
export async function tableCounts(conn: DuckDBConnection): Promise<Result<{ documents: number; items: number; specs: number }>> {
  const r = await queryRows(conn, `SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM specs) AS specs`);
  if (!r.ok) return r;
  const counts = parseRows(TableCounts, r.value, 'table counts');
  return counts.ok ? { ok: true, value: counts.value[0] } : counts;
}
