// `tender prices [--service KEY] [--by all|region|year|agency] [--db FILE] [--json|--csv]`: what
// public buyers pay per unit-month of each service, estimated from budgets (or awards) and the
// quantities bought, with a 95% bootstrap interval, beside the prices tenders state themselves.
import { SERVICES } from '../schemas/records.js';
import { datasetPath } from '../dataset/db.js';
import { priceFacts } from '../dataset/estimates.js';
import { estimateFacts, type Estimate, type GroupBy } from '../dataset/prices.js';
import { parseArgs, unknownWord, UsageError } from './args.js';
import { csv, formatNumber, jsonLines, outputFormat, textTable } from './table-format.js';
import { withDataset } from './with-dataset.js';

const BY: GroupBy[] = ['all', 'region', 'year', 'agency'];

const money = (v: number | null) => (v === null ? '-' : v >= 100 ? formatNumber(Math.round(v), true) : formatNumber(Number(v.toPrecision(3))));

export async function pricesCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { service: 'value', by: 'value', db: 'value', json: 'bool', csv: 'bool' });
  if (positionals.length) throw new UsageError(`prices takes no positional arguments (got "${positionals[0]}")`);
  const service = flags.service;
  if (service !== undefined && (typeof service !== 'string' || !(SERVICES as readonly string[]).includes(service))) {
    throw unknownWord('service', String(service), SERVICES);
  }
  const by = (flags.by ?? 'all') as GroupBy;
  if (!BY.includes(by)) throw new UsageError(`--by must be one of ${BY.join(', ')}, got "${String(flags.by)}"`);
  const format = outputFormat(flags, (m) => new UsageError(m));
  return withDataset('prices', datasetPath(flags.db), { sealed: true }, async (ds) => {
    const facts = await priceFacts(ds);
    if (!facts.ok) {
      process.stderr.write(`tender prices: ${facts.error}\n`);
      return 1;
    }
    const fit = estimateFacts(facts.value, by);
    const rows = fit.estimates.filter((e) => !service || e.service === service);
    const columns: (keyof Estimate)[] = ['by', 'group', 'service', 'unit', 'estimate', 'low', 'high', 'documents', 'identifiable', 'note', 'residual', 'stated_median', 'stated_count'];
    if (format === 'json') process.stdout.write(jsonLines(columns, rows.map((e) => columns.map((c) => e[c]))));
    else if (format === 'csv') process.stdout.write(csv(columns, rows.map((e) => columns.map((c) => e[c]))));
    else process.stdout.write(render(rows, fit.outliers, by, service as string | undefined));
    return 0;
  });
}

function render(rows: Estimate[], outliers: { key: string; budget: number; fitted: number }[], by: GroupBy, service?: string): string {
  if (!rows.length) return `${service ?? 'prices'}: no documents with both a budget and items of ${service ?? 'any service'} in the dataset\n`;
  const head = [
    ...(by === 'all' ? [] : [{ name: by }]),
    { name: 'service' }, { name: 'yuan per unit-month', align: 'right' as const }, { name: '95% interval', align: 'right' as const },
    { name: 'documents', align: 'right' as const }, { name: 'stated by tenders', align: 'right' as const },
  ];
  const body = rows.map((e) => [
    ...(by === 'all' ? [] : [e.group]),
    `${e.service} (per ${e.unit}-month)`,
    e.estimate === null ? '-' : money(e.estimate),
    e.low === null ? '-' : `${money(e.low)}–${money(e.high)}`,
    String(e.documents),
    e.stated_count ? `${money(e.stated_median)} (${e.stated_count})` : '-',
  ]);
  const lines = ['Implied prices from budgets (or awards) and the quantities bought, non-negative least squares', '', textTable(head, body, { maxWidth: 80 }).trimEnd()];
  const notes = rows.filter((e) => e.note);
  if (notes.length) lines.push('', ...notes.map((e) => `note: ${e.service}${by === 'all' ? '' : ` (${e.group})`}: ${e.note}`));
  const fits = [...new Set(rows.map((e) => e.residual))].filter((r): r is number => r !== null);
  if (fits.length && by === 'all') lines.push('', `fit: the model's spend is off its documents' budgets by ${Math.round(fits[0] * 100)}% (root mean square)`);
  if (outliers.length) lines.push('', 'documents the model fits badly (spend off its budget by more than half):', ...outliers.map((o) => `  ${o.key}: budget ${money(o.budget)}, fitted ${money(o.fitted)}`));
  return `${lines.join('\n')}\n`;
}
