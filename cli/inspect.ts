// `tender inspect FILE [--json]`: what tender made of one document, table by table: the kind of
// each table and why, the role of each column with its evidence (header words, content), and
// for each row why it was or was not an item. The tool to run when a document comes out wrong.
import { resolve } from 'node:path';
import type { TableTrace } from '../pipeline/document.js';
import { processFile } from '../runtime/run.js';
import { parseArgs, UsageError } from './args.js';
import { textTable } from './table-format.js';

const money = (n: number | null) => (n === null ? '-' : `${n.toLocaleString('en-US')} 元`);

function tableText(t: TableTrace): string {
  const a = t.analysis;
  const where = [t.page ? `page ${t.page}` : null, t.section ? `section "${t.section}"` : null, t.lot ? `lot ${t.lot}` : null].filter(Boolean).join(' · ');
  const lines = [`table ${t.table}${where ? ` · ${where}` : ''}: ${a.kind} (${a.kindReason})${a.priceForm ? ' · a price form' : ''}${a.goods ? ' · goods' : ''}`];
  if (!a.headerRows.length) return `${lines[0]}\n  no header row found\n`;
  lines.push(`  header row${a.headerRows.length > 1 ? 's' : ''} ${a.headerRows.map((r) => r + 1).join(', ')}; data from row ${a.dataStart + 1}`);
  const cols = a.evidence.map((e) => [String(e.col + 1), a.header[e.col] || '(none)', e.role, e.why]);
  lines.push(textTable([{ name: 'col' }, { name: 'header' }, { name: 'role' }, { name: 'evidence' }], cols, { maxWidth: 120 }).trimEnd().replace(/^/gm, '  '));
  if (t.dropped) lines.push(`  not counted: ${t.dropped}`);
  if (a.kind === 'items') {
    for (const d of t.rows) lines.push(`  row ${String(d.r + 1).padStart(3)}: ${d.item ? 'item ' : 'skip '} ${d.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function inspectCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { json: 'bool' });
  if (positionals.length !== 1) throw new UsageError('inspect takes one FILE');
  const file = positionals[0];
  const trace: TableTrace[] = [];
  const { document: d, items } = await processFile(resolve(file), file, { trace });
  if (flags.json) {
    const tables = trace.map((t) => ({
      table: t.table, page: t.page, section: t.section, lot: t.lot, kind: t.analysis.kind, why: t.analysis.kindReason,
      price_form: t.analysis.priceForm, goods: t.analysis.goods, header: t.analysis.header, header_rows: t.analysis.headerRows,
      columns: t.analysis.evidence.map((e) => ({ col: e.col + 1, header: t.analysis.header[e.col], role: e.role, why: e.why, header_words: e.header.words, content: e.content.types })),
      rows: t.rows.map((r) => ({ row: r.r + 1, data_row: r.row, item: r.item, why: r.reason })), dropped: t.dropped,
    }));
    process.stdout.write(`${JSON.stringify({ document: d, tables, items: items.length })}\n`);
    return d.status === 'failed' ? 1 : 0;
  }
  const out = [
    `${file} (${d.format}): ${d.status}${d.error ? ` — ${d.error}` : ''} · ${d.tables} tables · ${d.items} items`,
    `  project: ${d.project ?? '-'}`,
    `  agency:  ${d.agency ?? '-'}`,
    `  budget:  ${money(d.budget_cny)} · cap: ${money(d.price_cap_cny)}`,
    `  lots:    ${d.lots.length ? d.lots.map((l) => `${l.lot} ${l.name || '(no name)'}${l.budget_cny === null ? '' : ` ${money(l.budget_cny)}`}`).join('; ') : '-'}`,
    ...d.warnings.map((w) => `  warning: ${w}`),
    '',
    ...trace.map(tableText),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return d.status === 'failed' ? 1 : 0;
}
