// The HTML report: records in, one self-contained HTML string out (inline CSS, SVG and JS; no
// network). Every piece of document text is untrusted and goes through esc(); the one script is
// ours, and the Content-Security-Policy allows only it (by hash), so even a missed escape could
// not run a document's script.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { DocumentRecord, Item, Resources, Service } from '../schemas/records.js';

export type ReportItem = Pick<Item,
  'doc_id' | 'source' | 'lot' | 'section' | 'table' | 'row' | 'category' | 'subcategory' | 'item' |
  'service' | 'billing_unit' | 'quantity' | 'months' | 'total' | 'unit_months' | 'resources'>;

/** An implied unit price (dataset/prices.ts), as the report draws it. */
export interface ReportEstimate {
  service: string;
  unit: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  documents: number;
  note: string | null;
  stated_median: number | null;
}

export interface ReportInput {
  documents: DocumentRecord[];
  items: ReportItem[];
  /** Implied prices over the whole dataset, where the dataset has any. */
  estimates?: ReportEstimate[];
  /** Shown in the header; passed in so the same records always render the same HTML. */
  generatedAt?: string;
  /** Where the records came from, e.g. the database path. */
  origin?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values alike. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 4;
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

// Bars need labels of a predictable width; CJK characters are about twice as wide as Latin.
function cut(s: string, maxUnits: number): string {
  let units = 0;
  let out = '';
  for (const ch of s) {
    const u = ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
    if (units + u > maxUnits) return `${out}…`;
    out += ch;
    units += u;
  }
  return out;
}

const NO_AGENCY = '(agency not found)';

/** A bar segment: the items of some services, counted by one of their resources. Whole hosts
 * (云服务器（4核8G）× 20 台) count in the vCPU and memory charts through their resources. */
interface Series { services: Service[]; label: string; color: string; whole?: boolean }
interface ChartSpec { id: string; title: string; unit: string; resource: keyof Resources; series: Series[] }

const HOSTS: Service[] = ['compute.vcpu', 'compute.gpu'];

const STORAGE: Series[] = [
  { services: ['storage.standard'], label: 'standard', color: '#4e79a7' },
  { services: ['storage.performance'], label: 'high-performance', color: '#e15759' },
  { services: ['storage.object'], label: 'object', color: '#76b7b2' },
  { services: ['storage.file'], label: 'file', color: '#edc948' },
  { services: ['storage.centralized'], label: 'centralized', color: '#9c755f' },
  { services: ['storage.backup'], label: 'backup', color: '#b07aa1' },
  { services: ['storage.offsite_backup'], label: 'off-site backup', color: '#ff9da7' },
];

export const CHARTS: ChartSpec[] = [
  { id: 'vcpu', title: 'vCPU', unit: 'vCPU', resource: 'vcpu', series: [
    { services: ['compute.vcpu'], label: 'vCPU', color: '#4e79a7' },
    { services: HOSTS, label: 'in whole hosts', color: '#a0cbe8', whole: true },
  ] },
  { id: 'memory', title: 'Memory', unit: 'GB', resource: 'memory_gb', series: [
    { services: ['compute.memory'], label: 'memory', color: '#59a14f' },
    { services: HOSTS, label: 'in whole hosts', color: '#8cd17d', whole: true },
  ] },
  { id: 'storage', title: 'Storage by tier', unit: 'GB', resource: 'storage_gb', series: STORAGE },
  { id: 'bandwidth', title: 'Internet bandwidth', unit: 'Mbps', resource: 'bandwidth_mbps', series: [{ services: ['network.bandwidth'], label: 'bandwidth', color: '#f28e2b' }] },
];

interface Bar { agency: string; values: number[]; sum: number; docs: number }

/** A whole host is billed in machines or hosts, not in the chart's own unit. */
function seriesOf(spec: ChartSpec, it: ReportItem): number {
  return spec.series.findIndex((x) => x.services.includes(it.service) && (x.whole ? it.billing_unit.unit !== spec.unit : it.billing_unit.unit === spec.unit || !spec.series.some((y) => y.whole)));
}

function chartData(spec: ChartSpec, items: ReportItem[], agencyOf: Map<string, string>): { bars: Bar[]; skipped: { noMonths: number; otherUnit: number } } {
  const byAgency = new Map<string, { values: number[]; docs: Set<string> }>();
  const skipped = { noMonths: 0, otherUnit: 0 };
  for (const it of items) {
    const s = seriesOf(spec, it);
    if (s < 0) continue;
    const amount = it.resources?.[spec.resource] ?? null;
    if (amount === null) { skipped.otherUnit++; continue; }
    if (it.months === null) { skipped.noMonths++; continue; }
    const agency = agencyOf.get(it.doc_id) ?? NO_AGENCY;
    let e = byAgency.get(agency);
    if (!e) byAgency.set(agency, (e = { values: spec.series.map(() => 0), docs: new Set() }));
    e.values[s] += amount * it.months;
    e.docs.add(it.doc_id);
  }
  const bars = [...byAgency].map(([agency, e]) => ({ agency, values: e.values, sum: e.values.reduce((a, b) => a + b, 0), docs: e.docs.size }))
    .filter((b) => b.sum > 0)
    .sort((a, b) => b.sum - a.sum || (a.agency < b.agency ? -1 : 1));
  return { bars, skipped };
}

function chartSvg(spec: ChartSpec, bars: Bar[]): string {
  const W = 760;
  const LABEL = 250;
  const VALUE = 170;
  const ROW = 30;
  const stacked = spec.series.length > 1;
  const used = stacked ? spec.series.filter((_, i) => bars.some((b) => b.values[i] > 0)) : [];
  const legendH = stacked ? 28 : 0;
  const H = legendH + bars.length * ROW + 8;
  const max = bars.reduce((m, b) => Math.max(m, b.sum), -Infinity);
  const scale = (W - LABEL - VALUE) / max;
  const unit = `${spec.unit}-months`;
  const parts: string[] = [];
  let lx = 8;
  for (const s of used) {
    parts.push(`<rect x="${lx}" y="6" width="12" height="12" fill="${s.color}"></rect><text x="${lx + 17}" y="16" class="legend">${esc(s.label)}</text>`);
    lx += 34 + s.label.length * 7;
  }
  bars.forEach((b, r) => {
    const y = legendH + r * ROW + 4;
    const segs: string[] = [];
    let x = LABEL;
    b.values.forEach((v, i) => {
      if (v <= 0) return;
      const w = Math.max(1, v * scale);
      const s = spec.series[i];
      segs.push(`<rect class="bar" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${s.color}"><title>${esc(b.agency)} · ${esc(s.label)}: ${esc(num(v))} ${esc(unit)}</title></rect>`);
      x += w;
    });
    parts.push(`<g class="row"><title>${esc(b.agency)}: ${esc(num(b.sum))} ${esc(unit)} from ${b.docs} document${b.docs > 1 ? 's' : ''}</title>`
      + `<text x="${LABEL - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(cut(b.agency, 34))}</text>`
      + segs.join('')
      + `<text x="${(x + 6).toFixed(1)}" y="${y + 15}" class="value">${esc(num(b.sum))} ${esc(unit)}</text></g>`);
  });
  return `<svg class="chart" id="chart-${spec.id}" data-bars="${bars.reduce((n, b) => n + b.values.filter((v) => v > 0).length, 0)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)} by agency, ${esc(unit)}">${parts.join('')}</svg>`;
}

function chartSection(spec: ChartSpec, items: ReportItem[], agencyOf: Map<string, string>): string {
  const { bars, skipped } = chartData(spec, items, agencyOf);
  const notes: string[] = [];
  if (skipped.noMonths) notes.push(`${skipped.noMonths} item${skipped.noMonths > 1 ? 's' : ''} without a service period left out`);
  if (skipped.otherUnit) notes.push(`${skipped.otherUnit} item${skipped.otherUnit > 1 ? 's' : ''} of unknown ${esc(spec.unit)} (billed in another unit, no size stated) left out`);
  const body = bars.length ? chartSvg(spec, bars) : '<p class="empty">No items of this service.</p>';
  return `<figure class="card"><figcaption><strong>${esc(spec.title)}</strong> <span class="muted">${esc(spec.unit)}-months by agency</span></figcaption>${body}${notes.length ? `<p class="note">${notes.join(' · ')}</p>` : ''}</figure>`;
}

function documentsTable(docs: DocumentRecord[]): string {
  const rows = docs.map((d) => `<tr>
<td class="src" title="${esc(d.source)}">${esc(d.source)}</td>
<td><span class="st st-${esc(d.status)}">${esc(d.status)}</span></td>
<td>${esc(d.agency ?? '')}</td>
<td>${esc(d.project ?? '')}</td>
<td class="n">${d.budget_cny === null ? '' : esc(num(d.budget_cny))}</td>
<td>${d.service_start || d.service_end ? `${esc(d.service_start ?? '?')} – ${esc(d.service_end ?? '?')}` : ''}</td>
<td class="n">${d.lots.length || ''}</td>
<td class="n">${d.tables}</td>
<td class="n">${d.items}</td>
<td class="n">${d.warnings.length ? `<a href="#warn-${esc(d.doc_id)}">${d.warnings.length}</a>` : ''}</td>
<td>${esc(d.error ?? '')}</td></tr>`).join('\n');
  return `<table class="grid"><thead><tr><th>source</th><th>status</th><th>agency</th><th>project</th><th>budget ¥</th><th>service period</th><th>lots</th><th>tables</th><th>items</th><th>warnings</th><th>error</th></tr></thead><tbody>
${rows}</tbody></table>`;
}

function itemsTable(items: ReportItem[], agencyOf: Map<string, string>, lotName: Map<string, string>): string {
  const agencies = [...new Set(items.map((i) => agencyOf.get(i.doc_id) ?? NO_AGENCY))].sort();
  const services = [...new Set(items.map((i) => i.service))].sort();
  const options = (xs: string[]) => xs.map((x) => `<option value="${esc(x)}">${esc(x)}</option>`).join('');
  const rows = items.map((i) => {
    const agency = agencyOf.get(i.doc_id) ?? NO_AGENCY;
    const lot = i.lot === null ? '' : `${i.lot}${lotName.get(`${i.doc_id}/${i.lot}`) ? ` ${lotName.get(`${i.doc_id}/${i.lot}`)}` : ''}`;
    const unit = i.billing_unit.unit;
    return `<tr data-agency="${esc(agency)}" data-service="${esc(i.service)}">`
      + `<td>${esc(agency)}</td><td>${esc(lot)}</td><td>${esc(i.section ?? '')}</td>`
      + `<td class="item" title="${esc(i.item)}"><div>${esc(i.item)}</div></td>`
      + `<td><code>${esc(i.service)}</code></td>`
      + `<td class="n" data-v="${i.quantity}">${esc(num(i.quantity))}</td><td>${esc(i.billing_unit.raw)}</td>`
      + `<td class="n" data-v="${i.total}">${esc(num(i.total))} ${esc(unit)}</td>`
      + `<td class="n" data-v="${i.months ?? ''}">${i.months === null ? '' : esc(num(i.months))}</td>`
      + `<td class="n" data-v="${i.unit_months ?? ''}">${i.unit_months === null ? '' : esc(num(i.unit_months))}</td>`
      + `<td class="src" title="${esc(i.source)}, table ${i.table}, row ${i.row}">${esc(basename(i.source))} · t${i.table} r${i.row}</td></tr>`;
  }).join('\n');
  return `<div class="filters">
<label>search <input id="f-q" type="search" placeholder="text in any column"></label>
<label>agency <select id="f-agency"><option value="">all</option>${options(agencies)}</select></label>
<label>service <select id="f-service"><option value="">all</option>${options(services)}</select></label>
<button id="f-clear" type="button">clear</button>
<span class="muted"><span id="f-shown">${items.length}</span> of ${items.length} items</span>
</div>
<table class="grid" id="items"><thead><tr><th>agency</th><th>lot</th><th>section</th><th>item</th><th>service</th><th class="n">quantity</th><th>billing unit</th><th class="n">total</th><th class="n">months</th><th class="n">unit-months</th><th>source</th></tr></thead><tbody>
${rows}</tbody></table>`;
}

function warningsSection(docs: DocumentRecord[]): string {
  const withNotes = docs.filter((d) => d.warnings.length || d.error);
  if (!withNotes.length) return '<p class="empty">No document has warnings.</p>';
  return withNotes.map((d) => `<div class="card" id="warn-${esc(d.doc_id)}"><h3><span class="st st-${esc(d.status)}">${esc(d.status)}</span> ${esc(d.source)}</h3>
${d.error ? `<p class="error">${esc(d.error)}</p>` : ''}${d.warnings.length ? `<ul>${d.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}</div>`).join('\n');
}

// Our only script: filtering and sorting of the items table (state kept in the URL hash so a
// filtered view can be linked), and a check that the charts were laid out (data-drawn).
const SCRIPT = `(function () {
  'use strict';
  var charts = document.querySelectorAll('svg.chart');
  for (var c = 0; c < charts.length; c++) {
    var bars = charts[c].querySelectorAll('rect.bar'), drawn = 0;
    for (var b = 0; b < bars.length; b++) {
      var box = bars[b].getBoundingClientRect();
      if (box.width > 0 && box.height > 0) drawn++;
    }
    charts[c].setAttribute('data-drawn', String(drawn));
  }
  var table = document.getElementById('items');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var q = document.getElementById('f-q'), agency = document.getElementById('f-agency'), service = document.getElementById('f-service');
  var shown = document.getElementById('f-shown');
  function apply() {
    var needle = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r, i) {
      var ok = (!needle || text[i].indexOf(needle) >= 0) && (!agency.value || r.dataset.agency === agency.value) && (!service.value || r.dataset.service === service.value);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = String(n);
    var p = new URLSearchParams();
    if (q.value) p.set('q', q.value);
    if (agency.value) p.set('agency', agency.value);
    if (service.value) p.set('service', service.value);
    var h = p.toString();
    try { history.replaceState(null, '', h ? '#' + h : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
  }
  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) { select.value = value; return; }
  }
  var init = new URLSearchParams(location.hash.slice(1));
  q.value = init.get('q') || '';
  pick(agency, init.get('agency') || '');
  pick(service, init.get('service') || '');
  q.addEventListener('input', apply);
  agency.addEventListener('change', apply);
  service.addEventListener('change', apply);
  document.getElementById('f-clear').addEventListener('click', function () { q.value = ''; agency.value = ''; service.value = ''; apply(); });
  var heads = table.tHead.rows[0].cells, dir = {};
  for (var h = 0; h < heads.length; h++) (function (col) {
    heads[col].addEventListener('click', function () {
      dir[col] = -(dir[col] || -1);
      var numeric = heads[col].classList.contains('n');
      var key = function (r) { var c = r.cells[col]; return numeric ? (c.dataset.v === '' ? -Infinity : Number(c.dataset.v)) : c.textContent; };
      rows.slice().sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir[col]; })
        .forEach(function (r) { body.appendChild(r); });
    });
  })(h);
  apply();
})();`;

const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--fg); margin: 0; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; } h3 { font-size: 15px; margin: 0 0 6px; }
.muted, .note { color: var(--muted); } .note { font-size: 12px; margin: 4px 0 0; }
nav a { margin-right: 14px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.stat { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.stat b { display: block; font-size: 20px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(780px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 0 0 12px; background: #fff; }
figure.card { margin: 0; } figcaption { margin-bottom: 6px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.chart text { font-size: 12px; fill: var(--fg); } svg.chart text.value { fill: var(--muted); } svg.chart .row:hover rect { opacity: .8; }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid th { background: var(--bg); position: sticky; top: 0; cursor: default; white-space: nowrap; }
#items th { cursor: pointer; }
#items td:first-child { min-width: 9em; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.src { max-width: 22em; overflow-wrap: anywhere; color: var(--muted); }
td.item div { max-width: 34em; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.st { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: #6e7781; }
.st-ok { background: #1a7f37; } .st-partial { background: #9a6700; } .st-failed { background: #cf222e; }
.error { color: #cf222e; }
.filters { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin: 0 0 10px; }
.filters input, .filters select { font: inherit; padding: 2px 6px; }
`;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/**
 * Yuan per unit-month of each service the data can price: a dot at the estimate, a line over
 * its 95% interval, each row on its own scale (a vCPU-month and a GB-month differ a thousandfold).
 */
function pricesSection(estimates: ReportEstimate[]): string {
  const shown = estimates.filter((e) => e.estimate !== null && e.high !== null && e.high > 0);
  if (!shown.length) return '<p class="muted">No service can be priced yet: it takes documents with both a budget (or an award) and the quantities bought.</p>';
  const W = 760;
  const LABEL = 300;
  const ROW = 28;
  const span = W - LABEL - 140;
  const rows = shown.map((e, r) => {
    const top = e.high! * 1.1;
    const x = (v: number) => LABEL + (v / top) * span;
    const y = r * ROW + 14;
    return `<text x="8" y="${y + 4}" class="label">${esc(e.service)} · per ${esc(e.unit)}-month</text>`
      + `<line x1="${x(e.low!).toFixed(1)}" x2="${x(e.high!).toFixed(1)}" y1="${y}" y2="${y}" stroke="#4e79a7" stroke-width="3"></line>`
      + `<circle cx="${x(e.estimate!).toFixed(1)}" cy="${y}" r="5" fill="#e15759"><title>${esc(e.service)}: ${esc(num(e.estimate!))} yuan (${esc(num(e.low!))}–${esc(num(e.high!))}), ${e.documents} documents</title></circle>`
      + `<text x="${W - 130}" y="${y + 4}" class="value">${esc(num(e.estimate!))} 元 (${e.documents})</text>`;
  });
  const notes = estimates.filter((e) => e.note).map((e) => `<li>${esc(e.service)}: ${esc(e.note)}</li>`).join('');
  return `<p class="muted">Estimated from budgets (or awards) and the quantities bought (non-negative least squares); the line is a 95% bootstrap interval; in brackets, the documents behind it.</p>
<svg class="chart" id="chart-prices" data-bars="${shown.length}" width="${W}" height="${shown.length * ROW + 8}" role="img" aria-label="implied prices">${rows.join('')}</svg>${notes ? `<ul class="muted">${notes}</ul>` : ''}`;
}

export function renderReport(input: ReportInput): string {
  const { documents, items } = input;
  const agencyOf = new Map<string, string>();
  const lotName = new Map<string, string>();
  for (const d of documents) {
    agencyOf.set(d.doc_id, d.agency ?? NO_AGENCY);
    for (const l of d.lots) lotName.set(`${d.doc_id}/${l.lot}`, l.name);
  }
  const status = { ok: 0, partial: 0, failed: 0, skipped: 0 };
  for (const d of documents) status[d.status]++;
  const agencies = new Set(documents.map((d) => d.agency ?? NO_AGENCY)).size;
  const warnings = documents.reduce((n, d) => n + d.warnings.length, 0);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const origin = input.origin ? ` from ${esc(input.origin)}` : '';
  const when = input.generatedAt ? ` · generated ${esc(input.generatedAt)}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>tender report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>tender report</h1>
<p class="muted">${documents.length} document${documents.length === 1 ? '' : 's'}${origin}${when}</p>
<nav><a href="#documents">documents</a><a href="#charts">services by agency</a><a href="#prices">prices</a><a href="#all-items">items</a><a href="#warnings">warnings</a></nav>
<div class="stats">
<div class="stat"><b>${documents.length}</b>documents</div>
<div class="stat"><b>${status.ok}</b>ok</div>
<div class="stat"><b>${status.partial}</b>partial</div>
<div class="stat"><b>${status.failed}</b>failed</div>
<div class="stat"><b>${agencies}</b>agencies</div>
<div class="stat"><b>${items.length}</b>items</div>
<div class="stat"><b>${warnings}</b>warnings</div>
</div>
</header>
<section id="documents"><h2>Documents</h2>
${documentsTable(documents)}
</section>
<section id="charts"><h2>Main services by agency</h2>
<p class="muted">Bars compare unit-months: the quantity bought times the months of service (100 vCPU for 12 months = 1,200 vCPU-months), summed over each agency's documents.</p>
<div class="charts">
${CHARTS.map((c) => chartSection(c, items, agencyOf)).join('\n')}
</div>
</section>
<section id="prices"><h2>Implied prices</h2>
${pricesSection(input.estimates ?? [])}
</section>
<section id="all-items"><h2>Items</h2>
${itemsTable(items, agencyOf, lotName)}
</section>
<section id="warnings"><h2>Warnings</h2>
${warningsSection(documents)}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
