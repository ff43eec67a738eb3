// The page's only script: the core (report/core.ts) and the page around it. It decodes the data
// island, reads the filter from the link (#q=…&agency=…&service=…&counted=…), redraws the charts
// and the why-not-counted panel from the filtered items, and draws the tables a page at a time,
// sorted by the column clicked. Plain browser JavaScript in a string, like the core.
import { CORE } from './core.js';

const PAGE = String.raw`
var $ = function (id) { return document.getElementById(id); };
var M = decode(JSON.parse($('data').textContent));
var S = M.S;
var qIn = $('f-q'), agSel = $('f-agency'), svSel = $('f-service'), ctSel = $('f-counted');
var showAll = new Set();
var view = null;

function readHash() {
  var p = new URLSearchParams(location.hash.slice(1));
  return { q: p.get('q') || '', agency: p.get('agency') || '', service: p.get('service') || '', counted: p.get('counted') || '' };
}
function pick(select, value) {
  for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) { select.value = value; return; }
  select.value = '';
}
function setControls(F) { qIn.value = F.q; pick(agSel, F.agency); pick(svSel, F.service); pick(ctSel, F.counted); }
function current() { return { q: qIn.value, agency: agSel.value, service: svSel.value, counted: ctSel.value }; }
function writeHash(F) {
  var p = new URLSearchParams();
  if (F.q) p.set('q', F.q);
  if (F.agency) p.set('agency', F.agency);
  if (F.service) p.set('service', F.service);
  if (F.counted) p.set('counted', F.counted);
  var h = p.toString();
  try { history.replaceState(null, '', h ? '#' + h : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
}

// Strings sort by their rank in the string table, sorted once, on the first sort by text.
function rank(x) {
  if (x < 0) return -1;
  if (!M.rank) {
    var order = S.map(function (_, i) { return i; });
    order.sort(function (a, b) { return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : a - b; });
    M.rank = new Float64Array(S.length);
    for (var r = 0; r < order.length; r++) M.rank[order[r]] = r;
  }
  return M.rank[x];
}
var numKey = function (v) { return v !== v ? -1e308 : v; };
var cell = function (v, digits) { return v !== v ? '' : esc(num(v)); };
var srcOf = function (d) { return S[M.dSrc[d]]; };

/** A table drawn a page at a time from row numbers: cols [{label, n (numeric), cls, key(i), html(i)}]. */
function Table(root, id, cols, n, size, attrs, none) {
  var rows = new Int32Array(0), page = 0, by = -1, dir = 1, keys = [];
  root.innerHTML = '<div class="pager"></div><div class="scroll"><table class="grid" id="' + id + '"><thead><tr>'
    + cols.map(function (c, j) { return '<th data-col="' + j + '"' + (c.n ? ' class="n"' : '') + ' title="sort by ' + esc(c.label) + '">' + esc(c.label) + '</th>'; }).join('')
    + '</tr></thead><tbody></tbody></table></div><div class="pager"></div>';
  var body = root.querySelector('tbody'), heads = root.querySelectorAll('th'), pagers = root.querySelectorAll('.pager');
  function key(j) {
    if (!keys[j]) { var a = new Float64Array(n); for (var i = 0; i < n; i++) a[i] = numKey(cols[j].key(i)); keys[j] = a; }
    return keys[j];
  }
  function sort() {
    if (by < 0) { rows.sort(); return; }
    var k = key(by), s = dir;
    rows.sort(function (a, b) { return (k[a] - k[b]) * s || a - b; });
  }
  function draw() {
    var pages = Math.max(1, Math.ceil(rows.length / size));
    if (page >= pages) page = pages - 1;
    if (page < 0) page = 0;
    var from = page * size, to = Math.min(rows.length, from + size), html = '';
    for (var r = from; r < to; r++) {
      var i = rows[r];
      html += '<tr' + (attrs ? attrs(i) : '') + '>';
      for (var j = 0; j < cols.length; j++) html += '<td' + (cols[j].n ? ' class="n"' : cols[j].cls ? ' class="' + cols[j].cls + '"' : '') + '>' + cols[j].html(i) + '</td>';
      html += '</tr>';
    }
    body.innerHTML = html || '<tr class="none"><td colspan="' + cols.length + '">' + (none || 'No row matches the filter.') + '</td></tr>';
    var sizes = [20, 50, 100, 200, 500].map(function (x) { return '<option' + (x === size ? ' selected' : '') + '>' + x + '</option>'; }).join('');
    var p = '<button type="button" data-act="first"' + (page ? '' : ' disabled') + '>«</button><button type="button" data-act="prev"' + (page ? '' : ' disabled') + '>‹ prev</button>'
      + ' <span class="pos">' + (rows.length ? 'rows ' + (from + 1).toLocaleString('en-US') + '–' + to.toLocaleString('en-US') + ' of ' + rows.length.toLocaleString('en-US') : 'no rows') + ' · page ' + (page + 1) + ' of ' + pages + '</span> '
      + '<button type="button" data-act="next"' + (page < pages - 1 ? '' : ' disabled') + '>next ›</button><button type="button" data-act="last"' + (page < pages - 1 ? '' : ' disabled') + '>»</button>'
      + ' <label>rows per page <select data-act="size">' + sizes + '</select></label>';
    for (var q = 0; q < pagers.length; q++) pagers[q].innerHTML = p;
    for (var h = 0; h < heads.length; h++) {
      if (h === by) heads[h].setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending'); else heads[h].removeAttribute('aria-sort');
    }
    root.setAttribute('data-rows', String(rows.length));
    root.setAttribute('data-page', String(page + 1));
  }
  root.addEventListener('click', function (e) {
    var t = e.target.closest('[data-act], th[data-col]');
    if (!t || t.tagName === 'SELECT') return;
    if (t.hasAttribute('data-col')) {
      var j = Number(t.getAttribute('data-col'));
      if (by === j) dir = -dir; else { by = j; dir = cols[j].n ? -1 : 1; }
      sort(); page = 0; draw();
      return;
    }
    var act = t.getAttribute('data-act');
    if (act === 'first') page = 0; else if (act === 'prev') page--; else if (act === 'next') page++; else if (act === 'last') page = 1e9;
    draw();
  });
  root.addEventListener('change', function (e) {
    if (e.target.getAttribute('data-act') !== 'size') return;
    var first = page * size;
    size = Number(e.target.value); page = Math.floor(first / size); draw();
  });
  return { set: function (idx) { rows = idx; page = 0; sort(); draw(); } };
}

function indexes(mask, also) {
  var n = 0, i;
  for (i = 0; i < mask.length; i++) if (mask[i] && (!also || also(i))) n++;
  var out = new Int32Array(n);
  for (i = 0, n = 0; i < mask.length; i++) if (mask[i] && (!also || also(i))) out[n++] = i;
  return out;
}

var status = function (d) { var st = M.dSt[d] >= 0 ? S[M.dSt[d]] : ''; return '<span class="st st-' + esc(st) + '">' + esc(st) + '</span>'; };
var warningsOf = function (d) { var out = []; for (var j = M.wAt[d]; j < M.wAt[d + 1]; j++) out.push(S[M.w[j]]); return out; };
var str = function (x) { return x >= 0 ? esc(S[x]) : ''; };

var docs = Table($('docs-table'), 'documents', [
  { label: 'source', cls: 'src', key: function (d) { return rank(M.dSrc[d]); }, html: function (d) { return '<span title="' + esc(srcOf(d)) + '">' + esc(srcOf(d)) + '</span>'; } },
  { label: 'status', key: function (d) { return rank(M.dSt[d]); }, html: status },
  { label: 'agency', key: function (d) { return rank(M.dAg[d]); }, html: function (d) { return str(M.dAg[d]); } },
  { label: 'project', key: function (d) { return rank(M.dPr[d]); }, html: function (d) { return str(M.dPr[d]); } },
  { label: 'budget ¥', n: 1, key: function (d) { return M.dBu[d]; }, html: function (d) { return cell(M.dBu[d]); } },
  { label: 'service period', key: function (d) { return rank(M.dSs[d] >= 0 ? M.dSs[d] : M.dSe[d]); }, html: function (d) { return M.dSs[d] >= 0 || M.dSe[d] >= 0 ? (M.dSs[d] >= 0 ? str(M.dSs[d]) : '?') + ' – ' + (M.dSe[d] >= 0 ? str(M.dSe[d]) : '?') : ''; } },
  { label: 'lots', n: 1, key: function (d) { return M.lAt[d + 1] - M.lAt[d]; }, html: function (d) { return String(M.lAt[d + 1] - M.lAt[d] || ''); } },
  { label: 'tables', n: 1, key: function (d) { return M.dTb[d]; }, html: function (d) { return String(M.dTb[d]); } },
  { label: 'items', n: 1, key: function (d) { return M.dIt[d]; }, html: function (d) { return String(M.dIt[d]); } },
  { label: 'files of tender', n: 1, key: function (d) { return M.tenderFiles.get(M.dTn[d]); }, html: function (d) { var f = M.tenderFiles.get(M.dTn[d]); return f > 1 ? '<span title="tender ' + str(M.dTn[d]) + '">' + f + '</span>' : ''; } },
  { label: 'warnings', n: 1, key: function (d) { return M.wAt[d + 1] - M.wAt[d]; }, html: function (d) { var w = warningsOf(d); return w.length ? '<span title="' + esc(w.join('\n')) + '">' + w.length + '</span>' : ''; } },
  { label: 'error', cls: 'error', key: function (d) { return rank(M.dEr[d]); }, html: function (d) { return str(M.dEr[d]); } },
], M.nd, 50);

var items = Table($('items-table'), 'items', [
  { label: 'agency', key: function (i) { return rank(M.dAg[M.iD[i]]); }, html: function (i) { return esc(agencyOf(M, M.iD[i])); } },
  { label: 'lot', n: 0, key: function (i) { return M.iLot[i]; }, html: function (i) { var l = M.iLot[i]; if (!l) return ''; var name = lotName(M, M.iD[i], l); return l + (name ? ' ' + esc(name) : ''); } },
  { label: 'section', key: function (i) { return rank(M.iSec[i]); }, html: function (i) { return str(M.iSec[i]); } },
  { label: 'item', cls: 'item', key: function (i) { return rank(M.kItem[M.iK[i]]); }, html: function (i) { var t = esc(S[M.kItem[M.iK[i]]]); return '<div title="' + t + '">' + t + '</div>'; } },
  { label: 'service', key: function (i) { return rank(M.kSvc[M.iK[i]]); }, html: function (i) { return '<code>' + str(M.kSvc[M.iK[i]]) + '</code>'; } },
  { label: 'quantity', n: 1, key: function (i) { return M.iQ[i]; }, html: function (i) { return cell(M.iQ[i]); } },
  { label: 'billing unit', key: function (i) { return rank(M.kRaw[M.iK[i]]); }, html: function (i) { return str(M.kRaw[M.iK[i]]); } },
  { label: 'total', n: 1, key: function (i) { return M.iTot[i]; }, html: function (i) { return cell(M.iTot[i]) + ' ' + str(M.kUnit[M.iK[i]]); } },
  { label: 'months', n: 1, key: function (i) { return M.iM[i]; }, html: function (i) { return cell(M.iM[i]); } },
  { label: 'unit-months', n: 1, key: function (i) { return M.iUm[i]; }, html: function (i) { return cell(M.iUm[i]); } },
  { label: 'counted', key: function (i) { return M.iC[i]; }, html: function (i) {
    var c = M.iC[i];
    if (c === 0) return '<span class="yes" title="counted in this file">✓</span>';
    if (c < 0) return '<span class="no">in another file</span>';
    return '<span class="no" title="counted in ' + esc(srcOf(c - 1)) + '">in ' + esc(basename(srcOf(c - 1))) + '</span>';
  } },
  { label: 'source', cls: 'src', key: function (i) { return i; }, html: function (i) { var s = srcOf(M.iD[i]); return '<span title="' + esc(s) + ', table ' + M.iT[i] + ', row ' + M.iR[i] + '">' + esc(basename(s)) + ' · t' + M.iT[i] + ' r' + M.iR[i] + '</span>'; } },
], M.ni, 50, function (i) { return ' data-service="' + str(M.kSvc[M.iK[i]]) + '"' + (M.iC[i] !== 0 ? ' class="dup"' : ''); });

var warnings = Table($('warn-table'), 'warnings-list', [
  { label: 'status', key: function (d) { return rank(M.dSt[d]); }, html: status },
  { label: 'source', cls: 'src', key: function (d) { return rank(M.dSrc[d]); }, html: function (d) { return esc(srcOf(d)); } },
  { label: 'agency', key: function (d) { return rank(M.dAg[d]); }, html: function (d) { return str(M.dAg[d]); } },
  { label: 'warnings', n: 0, key: function (d) { return M.wAt[d + 1] - M.wAt[d] + (M.dEr[d] >= 0 ? 1e6 : 0); }, html: function (d) {
    var w = warningsOf(d);
    return (M.dEr[d] >= 0 ? '<p class="error">' + str(M.dEr[d]) + '</p>' : '') + (w.length ? '<ul>' + w.map(function (x) { return '<li>' + esc(x) + '</li>'; }).join('') + '</ul>' : '');
  } },
], M.nd, 20, null, 'No document (that the filter shows) has warnings or an error.');
var noted = function (d) { return M.wAt[d + 1] > M.wAt[d] || M.dEr[d] >= 0; };

function markDrawn() {
  var charts = document.querySelectorAll('.chart, .pchart');
  for (var c = 0; c < charts.length; c++) {
    var bars = charts[c].querySelectorAll('.bar'), drawn = 0;
    for (var b = 0; b < bars.length; b++) {
      var box = bars[b].getBoundingClientRect();
      if (box.width > 0 && box.height > 0) drawn++;
    }
    charts[c].setAttribute('data-drawn', String(drawn));
  }
}

var aggs = null;
function drawCharts(F) {
  var v = chartsView(M, view, { all: showAll, filtered: isFiltered(F) });
  aggs = v.aggs;
  $('charts-grid').innerHTML = v.cards;
  $('why-body').innerHTML = v.why;
  $('prices-body').innerHTML = pricesView(M.est, F);
  markDrawn();
}

function update(write, redraw) {
  var F = current();
  view = filterData(M, F);
  aggs = null;
  if (redraw !== false) drawCharts(F);
  docs.set(indexes(view.dm));
  items.set(indexes(view.im));
  warnings.set(indexes(view.dm, noted));
  $('f-shown').textContent = view.ni.toLocaleString('en-US');
  $('f-docs').textContent = view.nd.toLocaleString('en-US');
  document.body.classList.toggle('filtered', isFiltered(F));
  if (write) writeHash(F);
}

var timer = 0;
qIn.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { update(true); }, 150); });
[agSel, svSel, ctSel].forEach(function (s) { s.addEventListener('change', function () { update(true); }); });
$('f-clear').addEventListener('click', function () { qIn.value = ''; agSel.value = ''; svSel.value = ''; ctSel.value = ''; update(true); });
// A link that names a filter applies it; one to a section (#prices) scrolls there and keeps the filter.
window.addEventListener('hashchange', function () {
  if (location.hash.length > 1 && location.hash.indexOf('=') < 0) return;
  setControls(readHash()); update(false);
});
// The long lists of buyers of the why-not-counted panel are drawn when opened.
document.addEventListener('toggle', function (e) {
  var t = e.target;
  if (!t.open || !t.hasAttribute || !t.hasAttribute('data-why') || t.querySelector('.rest')) return;
  if (!aggs) aggs = aggregate(M, view);
  var rest = document.createElement('span');
  rest.className = 'rest';
  rest.innerHTML = ' ' + buyersBeyond(M, aggs, t.getAttribute('data-why'));
  t.appendChild(rest);
}, true);

document.addEventListener('click', function (e) {
  var t = e.target.closest('[data-agency], button[data-chart], a[href^="#"]');
  if (!t) return;
  if (t.tagName === 'A') {
    var to = document.getElementById(t.getAttribute('href').slice(1));
    if (to) { e.preventDefault(); to.scrollIntoView(); }
    return;
  }
  if (t.hasAttribute('data-agency')) { pick(agSel, t.getAttribute('data-agency')); update(true); return; }
  var id = t.getAttribute('data-chart');
  if (showAll.has(id)) showAll.delete(id); else showAll.add(id);
  drawCharts(current());
});

setControls(readHash());
// The unfiltered charts are in the HTML already; a filter in the link redraws them.
update(false, isFiltered(current()));
if (!isFiltered(current())) markDrawn();
document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
`;

export const SCRIPT = `(function () {\n'use strict';\n${CORE}\n${PAGE}\n})();`;
