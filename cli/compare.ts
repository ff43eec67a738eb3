// `tender compare --service KEY [--by agency|project|lot] [--metric total|unit_months]`:
// who buys how much of one service, in the service's unit, from the dataset.
import { SERVICES, type Service } from '../schemas/records.js';
import { datasetPath, queryRows, type Rows } from '../dataset/db.js';
import { parseArgs, unknownWord, UsageError } from './args.js';
import { csv, formatNumber, jsonLines, outputFormat, textTable, type Column } from './table-format.js';
import { firstLine } from '../pipeline/text.js';
import { withDataset } from './with-dataset.js';

const BY = ['agency', 'project', 'lot'] as const;
type By = (typeof BY)[number];
const METRICS = ['total', 'unit_months'] as const;
type Metric = (typeof METRICS)[number];

// The grouping columns per --by; a lot is only meaningful inside its project.
const KEYS: Record<By, { select: string; columns: string[] }> = {
  agency: { select: 'd.agency AS agency', columns: ['agency'] },
  project: { select: 'd.agency AS agency, d.project AS project', columns: ['agency', 'project'] },
  lot: { select: 'd.agency AS agency, d.project AS project, i.lot AS lot, l.name AS lot_name', columns: ['agency', 'project', 'lot'] },
};

const MISSING: Record<string, string> = { agency: '(agency not found)', project: '(project not found)', lot: '(no lot)' };

export interface Comparison {
  service: Service;
  by: By;
  metric: Metric;
  rows: Rows;
  /** Per agency, items of the service whose size in the compared unit is unknown (left out). */
  unsized?: { agency: string; items: number }[];
}

/**
 * Services counted by a resource rather than in their billing unit, so that a buyer of whole
 * hosts (云服务器（4核8G）× 20 台) stands beside a buyer of vCPU: the items' `resources`, from
 * every service that carries that resource.
 */
export const BY_RESOURCE: Partial<Record<Service, { resource: string; unit: string; services: Service[] }>> = {
  'compute.vcpu': { resource: 'vcpu', unit: 'vCPU', services: ['compute.vcpu', 'compute.gpu'] },
  'compute.memory': { resource: 'memory_gb', unit: 'GB', services: ['compute.memory', 'compute.vcpu', 'compute.gpu'] },
};

const sqlList = (xs: string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');

function compareSql(by: By, metric: Metric, service: Service): string {
  const keys = KEYS[by];
  const order = keys.columns.map((c) => `${c} NULLS LAST`).join(', ');
  const r = BY_RESOURCE[service];
  const amount = r ? `i.resources.${r.resource}` : 'i.total';
  return `SELECT ${keys.select}, ${r ? `'${r.unit}'` : 'i.billing_unit.unit'} AS unit,
      sum(${amount}) AS total, sum(${amount} * i.months) AS unit_months,
      count(DISTINCT i.tender_id) AS tenders, count(DISTINCT i.doc_id) AS documents, count(*) AS items,
      count(*) FILTER (WHERE i.months IS NULL) AS items_without_months
    FROM v_purchases i JOIN documents d ON d.doc_id = i.doc_id
    ${by === 'lot' ? 'LEFT JOIN v_lots l ON l.doc_id = i.doc_id AND l.lot = i.lot' : ''}
    WHERE i.counted AND ${r ? `i.service IN (${sqlList(r.services)}) AND ${amount} IS NOT NULL` : 'i.service = $1'}
    GROUP BY ALL
    ORDER BY unit, ${metric} DESC NULLS LAST, ${order}`;
}

/** Items of a resource service whose size no record states (a host sold whole without its cores): not counted. */
function unsizedSql(service: Service): string | null {
  const r = BY_RESOURCE[service];
  if (!r) return null;
  return `SELECT coalesce(d.agency, '${MISSING.agency}') AS agency, count(*) AS n FROM v_purchases i JOIN documents d ON d.doc_id = i.doc_id
    WHERE i.counted AND i.service = $1 AND i.resources.${r.resource} IS NULL GROUP BY ALL ORDER BY agency`;
}

/**
 * Where buyers bill one service in several units (vCPU, and some by the machine), the unit
 * most of them use comes first: that block is the comparison people came for.
 */
function mainUnitFirst(r: Rows): Rows {
  const u = r.columns.indexOf('unit');
  const count = new Map<string, number>();
  for (const row of r.rows) count.set(String(row[u]), (count.get(String(row[u])) ?? 0) + 1);
  const rank = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([unit]) => unit);
  // Array.prototype.sort is stable: within a unit the SQL order (by the metric) stays.
  const rows = [...r.rows].sort((a, b) => rank.indexOf(String(a[u])) - rank.indexOf(String(b[u])));
  return { ...r, rows };
}

function label(column: string, row: Record<string, unknown>): string {
  const v = row[column];
  if (v === null || v === undefined) return MISSING[column];
  if (column === 'lot') return row.lot_name ? `${String(v)} ${String(row.lot_name)}` : String(v);
  return String(v);
}

/** The text table people read; exported for the test of its exact layout. */
export function renderComparison(c: Comparison): string {
  const { columns, rows } = c.rows;
  const objs = rows.map((r) => Object.fromEntries(columns.map((k, i) => [k, r[i]])) as Record<string, unknown>);
  if (!objs.length && !c.unsized?.length) return `${c.service}: no items in the dataset\n`;
  const units = [...new Set(objs.map((o) => String(o.unit)))];
  const single = units.length === 1;
  const unitOf = (u: string) => (single ? u : 'unit');
  const totalName = single ? units[0] : 'total';
  const monthsName = `${unitOf(units[0])}-months`;
  const keys = KEYS[c.by].columns;
  const header: Column[] = [
    ...keys.map((k) => ({ name: k })),
    ...(single ? [] : [{ name: 'unit' }]),
    { name: totalName, align: 'right' as const },
    { name: monthsName, align: 'right' as const },
    { name: 'tenders', align: 'right' as const },
    { name: 'documents', align: 'right' as const },
  ];
  const body = objs.map((o) => [
    ...keys.map((k) => label(k, o)),
    ...(single ? [] : [String(o.unit)]),
    formatNumber(Number(o.total), true),
    o.unit_months === null ? '-' : formatNumber(Number(o.unit_months), true),
    String(o.tenders),
    String(o.documents),
  ]);
  const sortedBy = c.metric === 'total' ? totalName : monthsName;
  const lines = [`${c.service} by ${c.by}, most ${sortedBy} first${single ? '' : ` within each unit (${units.join(', ')})`}`, '', textTable(header, body).trimEnd()];
  const without = objs.filter((o) => Number(o.items_without_months) > 0);
  if (without.length) {
    lines.push('');
    for (const o of without) {
      const n = Number(o.items_without_months);
      lines.push(`note: ${keys.map((k) => label(k, o)).join(' · ')}: ${n} item${n > 1 ? 's' : ''} without a service period, counted in ${single ? totalName : 'total'} but not in ${monthsName}`);
    }
  }
  for (const u of c.unsized ?? []) {
    if (lines[lines.length - 1] !== '' && !lines[lines.length - 1].startsWith('note:')) lines.push('');
    lines.push(`note: ${u.agency}: ${u.items} item${u.items > 1 ? 's' : ''} of ${c.service} of unstated size (a host sold whole without its spec), not counted`);
  }
  return `${lines.join('\n')}\n`;
}

export async function compareCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { service: 'value', by: 'value', metric: 'value', db: 'value', json: 'bool', csv: 'bool' });
  if (positionals.length) throw new UsageError(`compare takes no positional arguments (got "${positionals[0]}")`);
  const service = flags.service;
  if (typeof service !== 'string') throw new UsageError(`compare needs --service KEY, one of: ${SERVICES.join(', ')}`);
  if (!(SERVICES as readonly string[]).includes(service)) throw unknownWord('service', service, SERVICES);
  const by = (flags.by ?? 'agency') as string;
  if (!(BY as readonly string[]).includes(by)) throw new UsageError(`--by must be one of ${BY.join(', ')}, got "${by}"`);
  const metric = (flags.metric ?? 'unit_months') as string;
  if (!(METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric must be one of ${METRICS.join(', ')}, got "${metric}"`);
  const format = outputFormat(flags, (m) => new UsageError(m));
  const dbPath = datasetPath(flags.db);

  return withDataset('compare', dbPath, { readOnly: true }, async (ds) => {
    const sql = compareSql(by as By, metric as Metric, service as Service);
    const r = await queryRows(ds.conn, sql, sql.includes('$1') ? [service] : []);
    if (!r.ok) {
      process.stderr.write(`tender compare: ${firstLine(r.error)}\n`);
      return 1;
    }
    const c: Comparison = { service: service as Service, by: by as By, metric: metric as Metric, rows: mainUnitFirst(r.value) };
    const unsized = unsizedSql(c.service);
    if (unsized) {
      const u = await queryRows(ds.conn, unsized, [service]);
      if (u.ok) c.unsized = u.value.rows.map(([agency, n]) => ({ agency: String(agency), items: Number(n) }));
    }
    if (format === 'json') process.stdout.write(jsonLines(c.rows.columns, c.rows.rows));
    else if (format === 'csv') process.stdout.write(csv(c.rows.columns, c.rows.rows));
    else process.stdout.write(renderComparison(c));
    return 0;
  });
}
