// `tender report [--out out/report.html] [--db FILE]`: the dataset as one HTML file to open anywhere.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DocumentRow, ReportEstimateRow, ReportItemRow } from '../schemas/rows.js';
import { datasetPath, firstLine, openDataset, parseRows, queryRows } from '../dataset/db.js';
import { renderReport } from '../report/render.js';
import { parseArgs, UsageError } from './args.js';

export async function reportCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { out: 'value', db: 'value' });
  if (positionals.length) throw new UsageError(`report takes no positional arguments (got "${positionals[0]}")`);
  const dbPath = datasetPath(flags.db);
  // The report stands next to the dataset it was made from.
  const outFile = typeof flags.out === 'string' ? flags.out : join(dirname(dbPath), 'report.html');

  const ds = await openDataset(dbPath, { readOnly: true });
  if (!ds.ok) {
    process.stderr.write(`tender report: ${ds.error}\n`);
    return 1;
  }
  let html: string;
  let counts: string;
  try {
    const docs = await queryRows(ds.value.conn, `SELECT * FROM documents ORDER BY source`);
    if (!docs.ok) return fail(docs.error);
    // Purchases, not rows: a purchase restated by several files of one tender is counted in one
    // of them (counted_in), and the charts sum counted rows only.
    const items = await queryRows(ds.value.conn, `SELECT doc_id, source, lot, section, "table", "row", category, subcategory,
        item, service, billing_unit, quantity, months, total, unit_months, resources, counted, counted_in, tender_id
      FROM v_purchases ORDER BY source, "table", "row"`);
    if (!items.ok) return fail(items.error);
    // The rows have the records' shape: the tables are made from them (dataset/db.ts).
    const parsedDocs = parseRows(DocumentRow, docs.value, 'documents');
    if (!parsedDocs.ok) return fail(parsedDocs.error);
    const parsedItems = parseRows(ReportItemRow, items.value, 'v_purchases');
    if (!parsedItems.ok) return fail(parsedItems.error);
    const documents = parsedDocs.value;
    const reportItems = parsedItems.value;
    const est = await queryRows(ds.value.conn, `SELECT service, unit, estimate, low, high, documents, note, stated_median FROM price_estimates WHERE "by" = 'all' ORDER BY service`);
    const parsedEst = est.ok ? parseRows(ReportEstimateRow, est.value, 'price_estimates') : null;
    if (parsedEst && !parsedEst.ok) return fail(parsedEst.error);
    const estimates = parsedEst?.value ?? [];
    html = renderReport({ documents, items: reportItems, estimates, origin: dbPath, generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' });
    counts = `${documents.length} documents, ${reportItems.length} items`;
  } finally {
    ds.value.close();
  }
  const tmp = `${outFile}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(tmp, html, 'utf8');
    await rename(tmp, outFile);
  } catch (e) {
    await rm(tmp, { force: true });
    return fail(`cannot write ${outFile}: ${firstLine(e)}`);
  }
  process.stderr.write(`${outFile}: ${counts}\n`);
  return 0;
}

function fail(message: string): 1 {
  process.stderr.write(`tender report: ${firstLine(message)}\n`);
  return 1;
}
