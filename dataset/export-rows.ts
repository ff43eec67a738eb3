// Rows for the flat exports (CSV, XLSX): every value a string, number, boolean or NULL, a chunk
// at a time, so a dataset of 300k items never sits in memory. Structs become one column per
// field (region → region_province, region_city), lists JSON text (warnings, lots, awards).
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { duckdb } from './duckdb.js';
import { firstLine, wholeStream, type Result } from './db.js';

const { DuckDBTypeId } = duckdb;

export type Cell = string | number | boolean | null;

/** How a column reads in a spreadsheet: a date column holds ISO text (YYYY-MM-DD). */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'date';

export interface ExportColumn {
  name: string;
  kind: ColumnKind;
}

export interface ExportTable {
  /** The file (name.csv) or sheet name. */
  name: string;
  columns: ExportColumn[];
  /** Rows a chunk at a time; iterate once. */
  batches: AsyncIterable<Cell[][]>;
}

/** Opens a table for one pass over its rows; CSV and XLSX each open it afresh. */
export type TableSource = () => Promise<Result<ExportTable>>;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Flat {
  expr: string;
  name: string;
  kind: ColumnKind;
}

function flatten(expr: string, name: string, type: DuckDBType, out: Flat[]): void {
  switch (type.typeId) {
    case DuckDBTypeId.STRUCT:
      type.entryNames.forEach((entry, i) => flatten(`struct_extract(${expr}, ${literal(entry)})`, `${name}_${entry}`, type.entryTypes[i], out));
      return;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.UNION:
      out.push({ expr: `CAST(to_json(${expr}) AS VARCHAR)`, name, kind: 'text' });
      return;
    case DuckDBTypeId.BOOLEAN:
      out.push({ expr, name, kind: 'boolean' });
      return;
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      out.push({ expr, name, kind: 'number' });
      return;
    case DuckDBTypeId.DECIMAL:
      out.push({ expr: `CAST(${expr} AS DOUBLE)`, name, kind: 'number' });
      return;
    case DuckDBTypeId.DATE:
      // As text: any date DuckDB holds, none out of a JS Date's range; the XLSX writer makes it a date.
      out.push({ expr: `CAST(${expr} AS VARCHAR)`, name, kind: 'date' });
      return;
    case DuckDBTypeId.VARCHAR:
      out.push({ expr, name, kind: 'text' });
      return;
    default:
      out.push({ expr: `CAST(${expr} AS VARCHAR)`, name, kind: 'text' });
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** A query's rows, flattened, streamed from DuckDB a chunk (2,048 rows) at a time. */
export function queryTable(conn: DuckDBConnection, name: string, sql: string): TableSource {
  return async () => {
    let flat: Flat[];
    try {
      const prepared = await conn.prepare(sql);
      flat = [];
      for (let i = 0; i < prepared.columnCount; i++) flatten(ident(prepared.columnName(i)), prepared.columnName(i), prepared.columnType(i), flat);
      prepared.destroySync();
    } catch (e) {
      return { ok: false, error: `cannot read ${name}: ${firstLine(e)}` };
    }
    const select = `SELECT ${flat.map((f) => `${f.expr} AS ${ident(f.name)}`).join(', ')} FROM (${sql}) AS t`;
    async function* batches(): AsyncGenerator<Cell[][]> {
      try {
        for await (const chunk of wholeStream(conn, select, (r) => r.yieldRowsJs())) yield chunk.map((r) => r.map(cell));
      } catch (e) {
        throw new Error(`cannot read ${name}: ${firstLine(e)}`);
      }
    }
    return { ok: true, value: { name, columns: flat.map(({ name: n, kind }) => ({ name: n, kind })), batches: batches() } };
  };
}

/** The columns of the tables export: tables.jsonl has each table's cells, the export its shape. */
export const TABLE_EXPORT_COLUMNS: ExportColumn[] = [
  { name: 'doc_id', kind: 'text' },
  { name: 'source', kind: 'text' },
  { name: 'table', kind: 'number' },
  { name: 'page', kind: 'number' },
  { name: 'lot', kind: 'number' },
  { name: 'section', kind: 'text' },
  { name: 'kind', kind: 'text' },
  { name: 'header', kind: 'text' },
  { name: 'rows', kind: 'number' },
];

const BATCH = 2048;

const scalar = (v: unknown): Cell => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null);

/**
 * One row per table of tables.jsonl (header as JSON text, rows as a count), read a line at a
 * time; no file gives no rows. A line that is not a JSON object stops the export: its rows
 * would otherwise be missing without a word.
 */
export function tablesJsonl(path: string): TableSource {
  return async () => {
    async function* batches(): AsyncGenerator<Cell[][]> {
      if (!existsSync(path)) return;
      const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
      let n = 0;
      let batch: Cell[][] = [];
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        let t: Record<string, unknown>;
        try {
          t = JSON.parse(line) as Record<string, unknown>;
        } catch (e) {
          throw new Error(`${path} line ${n}: not JSON (${firstLine(e)})`);
        }
        if (!t || typeof t !== 'object' || Array.isArray(t)) throw new Error(`${path} line ${n}: not a table record`);
        batch.push([
          scalar(t.doc_id), scalar(t.source), scalar(t.table), scalar(t.page), scalar(t.lot), scalar(t.section), scalar(t.kind),
          Array.isArray(t.header) ? JSON.stringify(t.header) : null,
          Array.isArray(t.rows) ? t.rows.length : null,
        ]);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    }
    return { ok: true, value: { name: 'tables', columns: TABLE_EXPORT_COLUMNS, batches: batches() } };
  };
}
