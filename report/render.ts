// The HTML report: records in, one self-contained HTML string out (inline CSS and JS; no
// network). It holds 10,000 documents and their 300,000 items: the records travel as a compact
// JSON data island (report/island.ts) that the page's one script (report/script.ts) decodes and
// draws from, the tables a page at a time; the charts are drawn here too, unfiltered, by the same
// code (report/core.ts), so they show at first paint, and the script redraws them for a filter.
//
// Every piece of document text is untrusted: in the HTML it goes through esc(), in the island
// it is JSON with no `<` left. The one script is ours, and the Content-Security-Policy allows only
// it (by hash), so even a missed escape could not run a document's script.
import { createHash } from 'node:crypto';
import { CHARTS } from './charts.js';
import { core } from './core.js';
import { encodeIsland, islandJson } from './island.js';
import { SCRIPT } from './script.js';
import type { ReportInput } from './types.js';

export type { ReportEstimate, ReportInput, ReportItem } from './types.js';
export type { ChartSpec, Series } from './charts.js';
export { CHARTS } from './charts.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values alike. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const NO_AGENCY = '(agency not found)';

const STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--fg); margin: 0; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; } h3 { font-size: 15px; margin: 0 0 6px; }
.muted, .note { color: var(--muted); } .note { font-size: 12px; margin: 6px 0 0; }
nav a { margin-right: 14px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 14px 0; }
.stat { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; }
.stat b { display: block; font-size: 20px; }
.filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); display: flex; gap: 14px; align-items: center; flex-wrap: wrap; padding: 8px 0; margin: 0 0 8px; }
.filters input, .filters select, .filters button { font: inherit; padding: 2px 6px; }
.filters input { width: 16em; } .filters select { max-width: 22em; }
body.filtered .filters { background: #fff8c5; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 0 0 12px; background: #fff; min-width: 0; }
figure.card { margin: 0; } figcaption { margin-bottom: 8px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
figcaption .more { margin-left: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 0 0 6px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; }
.rows { display: grid; grid-template-columns: fit-content(38%) minmax(0, 1fr) max-content; gap: 4px 10px; align-items: center; font-size: 12px; }
.rows .row { display: contents; }
.rows .row:hover > * { background: var(--bg); }
.rows .row.other .bar { opacity: .45; }
.lbl { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: right; font: inherit; color: inherit; background: none; border: 0; padding: 0; min-width: 0; }
button.lbl { cursor: pointer; } button.lbl:hover { text-decoration: underline; } .lbl.other { color: var(--muted); font-style: italic; }
.track { display: flex; height: 18px; min-width: 0; }
.bar { flex: none; height: 100%; min-width: 2px; }
.val { color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
.track.p { position: relative; display: block; height: 18px; border-left: 1px solid var(--line); }
.track.p .iv { position: absolute; top: 7px; height: 4px; background: #4e79a7; border-radius: 2px; min-width: 2px; }
.track.p .dot { position: absolute; top: 3px; width: 12px; height: 12px; margin-left: -6px; border-radius: 50%; background: #e15759; min-width: 0; }
.track.p .stated { position: absolute; top: 1px; width: 2px; height: 16px; margin-left: -1px; background: #1f2328; }
.legend .k-dot { border-radius: 50%; background: #e15759; } .legend .k-iv { height: 4px; vertical-align: 3px; background: #4e79a7; } .legend .k-stated { width: 2px; background: #1f2328; }
.empty { color: var(--muted); font-style: italic; }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid th { background: var(--bg); position: sticky; top: 0; white-space: nowrap; }
.ptable th[data-col] { cursor: pointer; user-select: none; }
.ptable th[aria-sort=ascending]::after { content: " ▲"; } .ptable th[aria-sort=descending]::after { content: " ▼"; }
.scroll { overflow-x: auto; }
table.grid td.n, table.grid th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
#items td:first-child { min-width: 9em; } #items td:nth-child(2) { min-width: 6em; } #items td:nth-child(3) { min-width: 8em; }
td.src { max-width: 22em; overflow-wrap: anywhere; color: var(--muted); }
td.item div { max-width: 34em; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
tr.dup td { color: var(--muted); } .no { color: #9a6700; white-space: nowrap; } .yes { color: #1a7f37; }
td.buyers { font-size: 12px; } td.buyers details { display: inline; } td.buyers b { font-weight: 600; }
button.link { font: inherit; color: #0969da; background: none; border: 0; padding: 0; cursor: pointer; } button.link:hover { text-decoration: underline; }
.pager { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 6px 0; font-size: 13px; }
.pager button, .pager select { font: inherit; }
.st { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: #6e7781; }
.st-ok { background: #1a7f37; } .st-partial { background: #9a6700; } .st-failed { background: #cf222e; } .st-skipped { background: #8c959f; }
.error { color: #cf222e; }
#why-table td:nth-child(2) { max-width: 24em; }
`;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

export function renderReport(input: ReportInput): string {
  const { documents, items } = input;
  const estimates = input.estimates ?? [];
  const C = core();
  const island = encodeIsland(documents, items, CHARTS, estimates, C);
  // The unfiltered charts, drawn by the same code as the page's script redraws them with.
  const model = C.decode(island);
  const all = C.filterData(model, {});
  const charts = C.chartsView(model, all, {});
  const prices = C.pricesView(estimates, {});

  const status = { ok: 0, partial: 0, failed: 0, skipped: 0 };
  for (const d of documents) status[d.status] = (status[d.status] ?? 0) + 1;
  const agencyNames = new Set(documents.map((d) => d.agency ?? NO_AGENCY));
  if (island.nd > documents.length) agencyNames.add(NO_AGENCY);
  const agencies = [...agencyNames].sort();
  const services = [...new Set(items.map((i) => i.service))].sort();
  const tenders = new Set(documents.map((d) => d.tender_id)).size;
  const counted = items.reduce((n, i) => n + (i.counted === false ? 0 : 1), 0);
  const warnings = documents.reduce((n, d) => n + d.warnings.length, 0);
  const options = (xs: string[]) => xs.map((x) => `<option value="${esc(x)}">${esc(x)}</option>`).join('');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const origin = input.origin ? ` from ${esc(input.origin)}` : '';
  const when = input.generatedAt ? ` · generated ${esc(input.generatedAt)}` : '';
  const n = (x: number) => x.toLocaleString('en-US');
  const stat = (v: number, label: string) => `<div class="stat"><b>${n(v)}</b>${label}</div>`;
  const needsScript = '<p class="muted">Drawn by the page\'s script (JavaScript is off?).</p>';
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
<p class="muted">${n(documents.length)} document${documents.length === 1 ? '' : 's'}${origin}${when}</p>
<nav><a href="#charts">services by agency</a><a href="#why">why not counted</a><a href="#prices">prices</a><a href="#documents">documents</a><a href="#all-items">items</a><a href="#warnings">warnings</a></nav>
<div class="stats">
${stat(documents.length, 'documents')}
${stat(status.ok, 'ok')}
${stat(status.partial, 'partial')}
${stat(status.failed, 'failed')}
${stat(status.skipped, 'skipped')}
${stat(tenders, 'tenders')}
${stat(agencyNames.size, 'agencies')}
${stat(items.length, 'items')}
${stat(counted, 'purchases counted')}
${stat(warnings, 'warnings')}
</div>
</header>
<div class="filters" id="filters">
<label>search <input id="f-q" type="search" placeholder="text in any column"></label>
<label>agency <select id="f-agency"><option value="">all</option>${options(agencies)}</select></label>
<label>service <select id="f-service"><option value="">all</option>${options(services)}</select></label>
<label>purchases <select id="f-counted"><option value="">all</option><option value="yes">counted</option><option value="no">counted in another file</option></select></label>
<button id="f-clear" type="button">clear</button>
<span class="muted"><span id="f-docs">${n(documents.length)}</span> of ${n(documents.length)} documents · <span id="f-shown">${n(items.length)}</span> of ${n(items.length)} items</span>
</div>
<section id="charts"><h2>Main services by agency</h2>
<p class="muted">Bars compare unit-months: the quantity bought times the months of service (100 vCPU for 12 months = 1,200 vCPU-months), summed over each agency's tenders, each purchase counted once per tender (in the file that reads the tender most completely). The filter above applies to the charts too; click an agency to show only it.</p>
<div class="charts" id="charts-grid">
${charts.cards}
</div>
</section>
<section id="why"><h2>Why not counted</h2>
<p class="muted">Items of the charts' services left out of a chart, why, and whose they are.</p>
<div id="why-body">${charts.why}</div>
</section>
<section id="prices"><h2>Implied prices</h2>
<p class="muted">Yuan per unit-month, estimated over the whole dataset from budgets (or awards) and the quantities bought (non-negative least squares); each row on its own scale. A service filter shows its row only.</p>
<div id="prices-body">${prices}</div>
</section>
<section id="documents"><h2>Documents</h2>
<div class="ptable" id="docs-table">${needsScript}</div>
</section>
<section id="all-items"><h2>Items</h2>
<p class="muted">Greyed: a purchase another file of its tender restates and counts (<em>counted</em> names it). Click a column to sort.</p>
<div class="ptable" id="items-table">${needsScript}</div>
</section>
<section id="warnings"><h2>Warnings</h2>
<div class="ptable" id="warn-table">${needsScript}</div>
</section>
<script type="application/json" id="data">${islandJson(island)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
