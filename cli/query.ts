// `tender query "SQL" [--db FILE] [--json|--csv]`: SQL over the dataset, for people or programs.
import { datasetPath, queryRows } from '../dataset/db.js';
import { parseArgs, UsageError } from './args.js';
import { alignFor, cellText, csv, jsonLines, outputFormat, textTable } from './table-format.js';
import { withDataset } from './with-dataset.js';

export async function queryCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { db: 'value', json: 'bool', csv: 'bool' });
  if (positionals.length !== 1) throw new UsageError('query takes one SQL statement, quoted: tender query "SELECT * FROM v_service_by_agency"');
  const format = outputFormat(flags, (m) => new UsageError(m));
  const sql = positionals[0] === '-' ? await readStdin() : positionals[0];
  const dbPath = datasetPath(flags.db);

  return withDataset('query', dbPath, { sealed: true }, async (ds) => {
    const r = await queryRows(ds.conn, sql);
    if (!r.ok) {
      process.stderr.write(`tender query: ${r.error}\n`);
      return 1;
    }
    const { columns, types, rows } = r.value;
    if (format === 'json') process.stdout.write(jsonLines(columns, rows));
    else if (format === 'csv') process.stdout.write(csv(columns, rows));
    else {
      const table = textTable(columns.map((name, i) => ({ name, align: alignFor(types[i]) })), rows.map((row) => row.map(cellText)));
      process.stdout.write(`${table}(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
    }
    return 0;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
