// `tender export`: the dataset as files people and programs open. --parquet DIR for Spark,
// Trino or pandas (the tables as they are); --csv DIR and --xlsx FILE for a spreadsheet (flat
// columns, items with their buyer, project, region and whether they are counted).
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { datasetPath, firstLine, queryRows, type Result } from '../dataset/db.js';
import { queryTable, tablesJsonl, type Cell, type ExportTable, type TableSource } from '../dataset/export-rows.js';
import { parseArgs, UsageError } from './args.js';
import { csvRecord, neutralised, shownName } from './table-format.js';
import { withDataset } from './with-dataset.js';

// A stable row order makes two exports of the same dataset byte-comparable.
const TABLES: Record<string, string> = {
  documents: 'source',
  items: 'doc_id, "table", "row"',
  specs: 'doc_id, "table", "row", position',
};

// The flat exports read items from v_purchases: each item with its tender, buyer, project,
// region, and whether it is the one counted for its tender (counted, counted_in).
const FLAT_FROM: Record<string, string> = {
  documents: 'documents',
  items: 'v_purchases',
  specs: 'specs',
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

const fail = (message: string): Result<never> => ({ ok: false, error: message });

/** Write with `produce` to a file beside `final`, then rename it into place; a reader never sees half a file. */
async function writeAside<T>(final: string, produce: (tmp: string) => Promise<Result<T>>): Promise<Result<T>> {
  const tmp = `${final}.${process.pid}.tmp`;
  let error: string;
  try {
    const r = await produce(tmp);
    if (r.ok) {
      await rename(tmp, final);
      return r;
    }
    error = r.error;
  } catch (e) {
    error = firstLine(e);
  }
  await rm(tmp, { force: true });
  return fail(`cannot write ${shownName(final)}: ${error}`);
}

async function makeDir(dir: string): Promise<Result<void>> {
  try {
    await mkdir(dir, { recursive: true });
    return { ok: true, value: undefined };
  } catch (e) {
    return fail(`cannot create ${shownName(dir)}: ${firstLine(e)}`);
  }
}

/** What a Hive-partitioned Parquet export splits each table by, from the row's document. */
export const PARTITIONS = {
  province: `coalesce(d.region.province, 'unknown')`,
  year: `coalesce(CAST(year(coalesce(d.published, d.service_start)) AS VARCHAR), 'unknown')`,
  format: 'd.format',
} as const;
export type Partition = keyof typeof PARTITIONS;

/** Each table as a folder `DIR/<table>/<key>=<value>/…parquet`, for Spark, Trino or DuckDB over object storage. */
async function exportPartitioned(conn: DuckDBConnection, dir: string, by: Partition): Promise<Result<void>> {
  const made = await makeDir(dir);
  if (!made.ok) return made;
  for (const [table, order] of Object.entries(TABLES)) {
    const final = join(dir, table);
    // Written aside and renamed, so a reader never opens half a folder.
    const tmp = `${final}.${process.pid}.tmp`;
    const from = table === 'documents' ? 'documents t JOIN documents d ON d.doc_id = t.doc_id' : `${table} t JOIN documents d ON d.doc_id = t.doc_id`;
    await rm(tmp, { recursive: true, force: true });
    const q = await queryRows(conn, `COPY (SELECT t.*, ${PARTITIONS[by]} AS ${by} FROM ${from} ORDER BY ${order.split(', ').map((c) => `t.${c}`).join(', ')})
      TO ${sqlString(resolve(tmp))} (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (${by}))`);
    if (!q.ok) {
      await rm(tmp, { recursive: true, force: true });
      return fail(`cannot write ${shownName(final)}: ${firstLine(q.error)}`);
    }
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    process.stderr.write(`${shownName(final)}/: ${Number(q.value.rows[0]?.[0] ?? 0)} rows by ${by}\n`);
  }
  return { ok: true, value: undefined };
}

async function exportParquet(conn: DuckDBConnection, dir: string): Promise<Result<void>> {
  const made = await makeDir(dir);
  if (!made.ok) return made;
  for (const [table, order] of Object.entries(TABLES)) {
    const final = join(dir, `${table}.parquet`);
    const r = await writeAside(final, async (tmp) => {
      const q = await queryRows(conn, `COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(resolve(tmp))} (FORMAT PARQUET, COMPRESSION ZSTD)`);
      return q.ok ? { ok: true, value: Number(q.value.rows[0]?.[0] ?? 0) } : fail(firstLine(q.error));
    });
    if (!r.ok) return r;
    process.stderr.write(`${shownName(final)}: ${r.value} rows\n`);
  }
  return { ok: true, value: undefined };
}

/** A file written with backpressure; `failed` rejects on the stream's first error, `end` resolves once the file is closed. */
interface Sink {
  out: WriteStream;
  failed: Promise<never>;
  write(s: string): Promise<void>;
  end(): Promise<void>;
}

function fileSink(path: string): Sink {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.on('error', reject));
  failed.catch(() => {});
  const closed = () => new Promise<void>((r) => (out.closed ? r() : out.once('close', () => r())));
  return {
    out,
    failed,
    async write(s) {
      if (!out.write(s)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    },
    async end() {
      if (!out.writableEnded) out.end();
      await Promise.race([closed(), failed]);
    },
  };
}

const BOM = '\ufeff';

async function writeCsv(tmp: string, table: ExportTable, bom: boolean): Promise<Result<number>> {
  const sink = fileSink(tmp);
  let rows = 0;
  try {
    await sink.write((bom ? BOM : '') + csvRecord(table.columns.map((c) => c.name)));
    for await (const batch of table.batches) {
      rows += batch.length;
      await sink.write(batch.map(csvRecord).join(''));
    }
    await sink.end();
    return { ok: true, value: rows };
  } catch (e) {
    sink.out.destroy();
    return fail(firstLine(e));
  }
}

async function exportCsv(sources: TableSource[], dir: string, bom: boolean): Promise<Result<void>> {
  const made = await makeDir(dir);
  if (!made.ok) return made;
  for (const source of sources) {
    const table = await source();
    if (!table.ok) return table;
    const final = join(dir, `${table.value.name}.csv`);
    const r = await writeAside(final, (tmp) => writeCsv(tmp, table.value, bom));
    if (!r.ok) return r;
    process.stderr.write(`${shownName(final)}: ${r.value} rows\n`);
  }
  return { ok: true, value: undefined };
}

// Excel's limits: a cell holds 32,767 characters, a sheet 1,048,576 rows (the header is one).
const XLSX_MAX_TEXT = 32_767;
const XLSX_MAX_ROWS = 1_048_576;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function xlsxText(s: string): string {
  const t = neutralised(s);
  return t.length > XLSX_MAX_TEXT ? `${t.slice(0, XLSX_MAX_TEXT - 1)}…` : t;
}

/** A value as a typed spreadsheet cell: numbers stay numbers (negative ones too), dates dates, text neutralised. */
function xlsxValue(v: Cell, kind: ExportTable['columns'][number]['kind']): string | number | boolean | Date | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean') return v;
  if (kind === 'date') {
    const m = ISO_DATE.exec(v);
    // Excel's dates start in 1900.
    if (m && Number(m[1]) >= 1900) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return xlsxText(v);
}

/**
 * exceljs's streaming writer does not wait for the zip: a sheet's stream writes on into the
 * entry's pipe however far the compression lags, and 300k rows would pile up in memory. Between
 * batches, wait until that pipe has taken what it holds. (exceljs 4 internals: `stream.pipes`;
 * without them the export still works, only without the wait.)
 */
async function zipCaughtUp(sheet: object, failed: Promise<never>): Promise<void> {
  type Pipe = { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean }; once?: (e: string, f: () => void) => void };
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) return;
  for (const pipe of pipes as Pipe[]) {
    // archiver's PassThrough comes from readable-stream 2, which has no writableNeedDrain.
    const full = pipe.writableNeedDrain ?? pipe._writableState?.needDrain;
    if (full && typeof pipe.once === 'function') {
      await Promise.race([new Promise<void>((r) => pipe.once!('drain', () => r())), failed]);
    }
  }
}

async function writeXlsx(tmp: string, sources: TableSource[]): Promise<Result<{ name: string; rows: number }[]>> {
  const sink = fileSink(tmp);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.out, useStyles: true, useSharedStrings: false });
  const counts: { name: string; rows: number }[] = [];
  try {
    for (const source of sources) {
      const opened = await source();
      if (!opened.ok) {
        sink.out.destroy();
        return opened;
      }
      const table = opened.value;
      const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = table.columns.map((c) => ({ width: Math.max(c.kind === 'text' ? 16 : 10, Math.min(40, c.name.length + 2)) }));
      const header = sheet.addRow(table.columns.map((c) => c.name));
      header.font = { bold: true };
      header.commit();
      if (table.columns.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
      let rows = 0;
      for await (const batch of table.batches) {
        for (const values of batch) {
          if (++rows >= XLSX_MAX_ROWS) throw new Error(`${table.name} has more rows than an Excel sheet holds (${XLSX_MAX_ROWS - 1})`);
          const row = sheet.addRow(values.map((v, i) => xlsxValue(v, table.columns[i].kind)));
          table.columns.forEach((c, i) => {
            if (c.kind === 'date' && row.getCell(i + 1).value instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
          });
          row.commit();
        }
        await zipCaughtUp(sheet, sink.failed);
      }
      sheet.commit();
      counts.push({ name: table.name, rows });
    }
    // The workbook ends the stream itself; the file is whole once it is closed.
    await Promise.race([workbook.commit(), sink.failed]);
    await sink.end();
    return { ok: true, value: counts };
  } catch (e) {
    sink.out.destroy();
    return fail(firstLine(e));
  }
}

async function exportXlsx(sources: TableSource[], file: string): Promise<Result<void>> {
  const made = await makeDir(dirname(file));
  if (!made.ok) return made;
  const r = await writeAside(file, (tmp) => writeXlsx(tmp, sources));
  if (!r.ok) return r;
  const total = r.value.reduce((n, c) => n + c.rows, 0);
  process.stderr.write(`${shownName(file)}: ${total} rows (${r.value.map((c) => `${c.name} ${c.rows}`).join(', ')})\n`);
  return { ok: true, value: undefined };
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { parquet: 'value', 'partition-by': 'value', csv: 'value', 'no-bom': 'bool', xlsx: 'value', db: 'value' });
  if (positionals.length) throw new UsageError(`export takes no positional arguments (got "${positionals[0]}")`);
  const parquet = typeof flags.parquet === 'string' ? flags.parquet : undefined;
  const csvDir = typeof flags.csv === 'string' ? flags.csv : undefined;
  const xlsx = typeof flags.xlsx === 'string' ? flags.xlsx : undefined;
  for (const [name, v] of [['parquet', parquet], ['csv', csvDir], ['xlsx', xlsx]] as const) {
    if (v === '') throw new UsageError(`--${name} needs a value`);
  }
  if (!parquet && !csvDir && !xlsx) throw new UsageError('export needs --parquet DIR, --csv DIR or --xlsx FILE (or several)');
  if (flags['no-bom'] === true && !csvDir) throw new UsageError('--no-bom is for --csv');
  const by = flags['partition-by'];
  if (by !== undefined && !parquet) throw new UsageError('--partition-by is for --parquet');
  if (by !== undefined && !Object.hasOwn(PARTITIONS, String(by))) throw new UsageError(`--partition-by must be one of ${Object.keys(PARTITIONS).join(', ')}, got "${String(by)}"`);
  const dbPath = datasetPath(flags.db);

  return withDataset('export', dbPath, { readOnly: true }, async (ds) => {
    const conn = ds.conn;
    const tablesPath = join(dirname(dbPath), 'tables.jsonl');
    const flat: TableSource[] = [
      ...Object.entries(FLAT_FROM).map(([name, from]) => queryTable(conn, name, `SELECT * FROM ${from} ORDER BY ${TABLES[name]}`)),
      tablesJsonl(tablesPath),
    ];
    if ((csvDir || xlsx) && !existsSync(tablesPath)) {
      process.stderr.write(`tender export: no ${shownName(tablesPath)} beside the dataset: the tables export has no rows\n`);
    }
    const steps: (() => Promise<Result<void>>)[] = [];
    if (parquet) steps.push(() => (by ? exportPartitioned(conn, parquet, by as Partition) : exportParquet(conn, parquet)));
    if (csvDir) steps.push(() => exportCsv(flat, csvDir, flags['no-bom'] !== true));
    if (xlsx) steps.push(() => exportXlsx(flat, xlsx));
    for (const step of steps) {
      const r = await step();
      if (!r.ok) {
        process.stderr.write(`tender export: ${r.error}\n`);
        return 1;
      }
    }
    return 0;
  });
}
