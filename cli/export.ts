// `tender export --parquet DIR`: the dataset's tables as Parquet for Spark, Trino or pandas.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { datasetPath, firstLine, openDataset, queryRows } from '../dataset/db.js';
import { parseArgs, UsageError } from './args.js';

// A stable row order makes two exports of the same dataset byte-comparable.
const TABLES: Record<string, string> = {
  documents: 'source',
  items: 'doc_id, "table", "row"',
  specs: 'doc_id, "table", "row", position',
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { parquet: 'value', db: 'value' });
  if (positionals.length) throw new UsageError(`export takes no positional arguments (got "${positionals[0]}")`);
  if (typeof flags.parquet !== 'string') throw new UsageError('export needs --parquet DIR');
  const dir = flags.parquet;
  const dbPath = datasetPath(flags.db);

  const ds = await openDataset(dbPath, { readOnly: true });
  if (!ds.ok) {
    process.stderr.write(`tender export: ${ds.error}\n`);
    return 1;
  }
  try {
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      process.stderr.write(`tender export: cannot create ${dir}: ${firstLine(e)}\n`);
      return 1;
    }
    for (const [table, order] of Object.entries(TABLES)) {
      const final = join(dir, `${table}.parquet`);
      // Written aside and renamed, so a reader never opens half a file.
      const tmp = `${final}.${process.pid}.tmp`;
      const r = await queryRows(ds.value.conn, `COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(resolve(tmp))} (FORMAT PARQUET, COMPRESSION ZSTD)`);
      if (!r.ok) {
        await rm(tmp, { force: true });
        process.stderr.write(`tender export: cannot write ${final}: ${firstLine(r.error)}\n`);
        return 1;
      }
      try {
        await rename(tmp, final);
      } catch (e) {
        await rm(tmp, { force: true });
        process.stderr.write(`tender export: cannot write ${final}: ${firstLine(e)}\n`);
        return 1;
      }
      const count = r.value.rows[0]?.[0] ?? 0;
      process.stderr.write(`${final}: ${String(count)} rows\n`);
    }
    return 0;
  } finally {
    ds.value.close();
  }
}
