// The report's core, as JavaScript source: decoding the data island, the filter, and the charts
// and panels drawn from the filtered data. One implementation serves both sides: the page's
// script embeds it (report/script.ts), and renderReport runs it here in Node to draw the
// unfiltered charts into the HTML, so they show at first paint, before any script has run.
//
// It is plain browser JavaScript in a string (no backticks or dollar-braces inside, so the
// template literal holds it verbatim). Every piece of document text goes through esc(); maps keyed
// by document text are Maps, never objects, so a buyer named __proto__ is just a buyer.
import type { Island } from './island.js';

export const CORE = String.raw`
var NO_AGENCY = '(agency not found)';
var TOP_BARS = 15;
var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(v) { return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
function num(n) {
  if (!isFinite(n)) return String(n);
  var abs = Math.abs(n), digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 4;
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}
function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }
function round6(n) { return Math.round(n * 1e6) / 1e6; }
function basename(p) { var i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')); return i >= 0 ? p.slice(i + 1) : p; }

// What the island leaves out because it follows from the rest (pipeline/items.ts and
// pipeline/resources.ts): the encoder stores a value only where it differs from these.
function predictTotal(q, size) { return round6(q * size); }
function predictUnitMonths(total, months) { return months !== months ? NaN : round6(total * months); }
// An item billed in vCPU, GB or Mbps buys its total of one resource; one billed in pieces (hosts,
// modules, disks) buys what one piece has (per, from its kind) times the pieces.
function predictResources(service, unit, total, pieces, per) {
  var r = [NaN, NaN, NaN, NaN];
  if (unit === 'vCPU') r[0] = total;
  else if (unit === 'GB') {
    if (service === 'compute.memory' || service === 'compute.bare_metal.memory') r[1] = total;
    else if (service.indexOf('storage.') === 0 || service === 'compute.bare_metal.disk') r[2] = total;
  } else if (unit === 'Mbps') { if (service.indexOf('network.') === 0) r[3] = total; }
  else if (per) { for (var j = 0; j < 4; j++) if (per[j] !== null) r[j] = round6(per[j] * pieces); }
  return r;
}
var RESOURCES = ['vcpu', 'memory_gb', 'storage_gb', 'bandwidth_mbps'];

// A column is a plain array, {r: [value, count, …]} (runs) or {d: [step, count, …]} (runs of differences).
function column(c, n, T, nullValue) {
  var out = new T(n), i = 0, j, v, k;
  if (Array.isArray(c)) {
    for (i = 0; i < n; i++) { v = c[i]; out[i] = v === null ? nullValue : v; }
  } else if (c.r) {
    for (j = 0; j < c.r.length; j += 2) { v = c.r[j] === null ? nullValue : c.r[j]; for (k = c.r[j + 1]; k > 0; k--) out[i++] = v; }
  } else {
    var at = 0;
    for (j = 0; j < c.d.length; j += 2) { for (k = c.d[j + 1]; k > 0; k--) { at += c.d[j]; out[i++] = at; } }
  }
  return out;
}

function decode(X) {
  var S = X.s, nd = X.nd, ni = X.ni, nk = X.k.length / 6;
  var M = { S: S, charts: X.charts, est: X.est, nd: nd, ni: ni, nk: nk, lower: null, rank: null };
  var D = X.d, I = X.i;
  M.dSrc = column(D.src, nd, Int32Array, -1); M.dSt = column(D.st, nd, Int32Array, -1);
  M.dAg = column(D.ag, nd, Int32Array, -1); M.dPr = column(D.pr, nd, Int32Array, -1);
  M.dBu = column(D.bu, nd, Float64Array, NaN); M.dSs = column(D.ss, nd, Int32Array, -1); M.dSe = column(D.se, nd, Int32Array, -1);
  M.dTb = column(D.tb, nd, Int32Array, 0); M.dIt = column(D.it, nd, Int32Array, 0); M.dTn = column(D.tn, nd, Int32Array, -1);
  M.dEr = column(D.er, nd, Int32Array, -1);
  var wn = column(D.wn, nd, Int32Array, 0), ln = column(D.ln, nd, Int32Array, 0), d;
  M.wAt = new Int32Array(nd + 1); M.lAt = new Int32Array(nd + 1);
  for (d = 0; d < nd; d++) { M.wAt[d + 1] = M.wAt[d] + wn[d]; M.lAt[d + 1] = M.lAt[d] + ln[d]; }
  M.w = column(D.w, M.wAt[nd], Int32Array, -1); M.l = column(D.l, 2 * M.lAt[nd], Int32Array, -1);
  M.kItem = new Int32Array(nk); M.kSvc = new Int32Array(nk); M.kRaw = new Int32Array(nk); M.kUnit = new Int32Array(nk); M.kSize = new Float64Array(nk);
  var kPer = [];
  for (var k = 0; k < nk; k++) {
    M.kItem[k] = X.k[6 * k]; M.kSvc[k] = X.k[6 * k + 1]; M.kRaw[k] = X.k[6 * k + 2]; M.kUnit[k] = X.k[6 * k + 3]; M.kSize[k] = X.k[6 * k + 4];
    kPer.push(X.k[6 * k + 5] ? X.rt[X.k[6 * k + 5] - 1] : null);
  }
  M.iD = column(I.d, ni, Int32Array, -1); M.iK = column(I.k, ni, Int32Array, -1);
  M.iQ = column(I.q, ni, Float64Array, NaN); M.iM = column(I.m, ni, Float64Array, NaN);
  M.iLot = column(I.lot, ni, Int32Array, 0); M.iSec = column(I.sec, ni, Int32Array, -1);
  M.iT = column(I.t, ni, Int32Array, 0); M.iR = column(I.r, ni, Int32Array, 0); M.iC = column(I.c, ni, Int32Array, 0);
  var tot = column(I.tot, ni, Float64Array, NaN), um = column(I.um, ni, Float64Array, NaN), res = column(I.res, ni, Int32Array, 0);
  M.iTot = tot; M.iUm = um;
  M.iRes = [new Float64Array(ni), new Float64Array(ni), new Float64Array(ni), new Float64Array(ni)];
  for (var i = 0; i < ni; i++) {
    k = M.iK[i];
    if (tot[i] !== tot[i]) tot[i] = predictTotal(M.iQ[i], M.kSize[k]);
    if (um[i] !== um[i]) um[i] = predictUnitMonths(tot[i], M.iM[i]);
    else if (um[i] === -1) um[i] = NaN;
    var r = res[i] === 0 ? predictResources(S[M.kSvc[k]], S[M.kUnit[k]], tot[i], M.iQ[i] * M.kSize[k], kPer[k]) : X.rt[res[i] - 1];
    for (var j = 0; j < 4; j++) M.iRes[j][i] = r[j] === null ? NaN : r[j];
  }
  // Which series of each chart an item's kind falls in (-1: none). A whole host is billed in
  // pieces (machines, hosts, sets), not in vCPU, GB or Mbps.
  M.kSer = M.charts.map(function (c) {
    var a = new Int8Array(nk), whole = c.series.some(function (y) { return y.whole; });
    for (var k = 0; k < nk; k++) {
      var svc = S[M.kSvc[k]], unit = S[M.kUnit[k]], pieces = unit !== 'vCPU' && unit !== 'GB' && unit !== 'Mbps';
      a[k] = c.series.findIndex(function (x) { return x.services.indexOf(svc) >= 0 && (x.whole ? pieces : unit === c.unit || !whole); });
    }
    return a;
  });
  M.tenderFiles = new Map();
  for (d = 0; d < nd; d++) M.tenderFiles.set(M.dTn[d], (M.tenderFiles.get(M.dTn[d]) || 0) + 1);
  return M;
}

function agencyOf(M, d) { return M.dAg[d] >= 0 ? M.S[M.dAg[d]] : NO_AGENCY; }
function lotName(M, d, lot) {
  for (var j = M.lAt[d]; j < M.lAt[d + 1]; j++) if (M.l[2 * j] === lot) return M.S[M.l[2 * j + 1]];
  return '';
}

/** F: {q, agency, service, counted ('' | 'yes' | 'no')}. An item passes when its buyer and service
 * do and the text is in the item, its section, lot, billing unit or its document; a document when
 * its buyer does and, with a service or counted filter, it has an item that passes. */
function filterData(M, F) {
  var S = M.S, q = String(F.q || '').trim().toLowerCase(), nd = M.nd, ni = M.ni, d, i, k, j;
  var dOk = new Uint8Array(nd), dText = new Uint8Array(nd), kOk = new Uint8Array(M.nk), kText = new Uint8Array(M.nk), sm = null;
  if (q) {
    if (!M.lower) M.lower = S.map(function (s) { return String(s).toLowerCase(); });
    sm = new Uint8Array(S.length);
    for (j = 0; j < S.length; j++) sm[j] = M.lower[j].indexOf(q) >= 0 ? 1 : 0;
  }
  var hit = function (x) { return x >= 0 && sm[x] === 1; };
  for (d = 0; d < nd; d++) {
    dOk[d] = !F.agency || agencyOf(M, d) === F.agency ? 1 : 0;
    if (!q) continue;
    var t = hit(M.dSrc[d]) || hit(M.dAg[d]) || hit(M.dPr[d]) || hit(M.dSt[d]) || hit(M.dEr[d]) || (M.dAg[d] < 0 && NO_AGENCY.indexOf(q) >= 0);
    for (j = M.wAt[d]; !t && j < M.wAt[d + 1]; j++) t = hit(M.w[j]);
    dText[d] = t ? 1 : 0;
  }
  for (k = 0; k < M.nk; k++) {
    kOk[k] = !F.service || S[M.kSvc[k]] === F.service ? 1 : 0;
    if (q) kText[k] = hit(M.kItem[k]) || hit(M.kSvc[k]) || hit(M.kRaw[k]) ? 1 : 0;
  }
  var im = new Uint8Array(ni), dHas = new Uint8Array(nd), dm = new Uint8Array(nd), n = 0, m = 0;
  for (i = 0; i < ni; i++) {
    d = M.iD[i]; k = M.iK[i];
    if (!dOk[d] || !kOk[k]) continue;
    if (F.counted && (M.iC[i] === 0) !== (F.counted === 'yes')) continue;
    if (q && !kText[k] && !dText[d] && !hit(M.iSec[i])) {
      var lot = M.iLot[i], name = lot ? lotName(M, d, lot) : '';
      if (!name || name.toLowerCase().indexOf(q) < 0) continue;
    }
    im[i] = 1; dHas[d] = 1; n++;
  }
  var byItems = !!(F.service || F.counted);
  for (d = 0; d < nd; d++) {
    if (dOk[d] && (dHas[d] || (!byItems && (!q || dText[d])))) { dm[d] = 1; m++; }
  }
  return { im: im, dm: dm, ni: n, nd: m };
}

function isFiltered(F) { return !!(String(F.q || '').trim() || F.agency || F.service || F.counted); }

/** Sums of each chart over the items that pass, counted purchases only, and what was left out and why. */
function aggregate(M, view) {
  var charts = M.charts, S = M.S, nc = charts.length, c;
  var bars = [], left = [];
  for (c = 0; c < nc; c++) { bars.push(new Map()); left.push({ dup: null, size: null, months: null }); }
  var leave = function (c, why, a, d, k) {
    var e = left[c][why];
    if (!e) e = left[c][why] = { n: 0, by: new Map(), units: new Set(), files: new Set() };
    e.n++; e.by.set(a, (e.by.get(a) || 0) + 1); e.units.add(S[M.kUnit[k]]); e.files.add(d);
  };
  var resIdx = charts.map(function (c) { return RESOURCES.indexOf(c.resource); });
  for (var i = 0; i < M.ni; i++) {
    if (!view.im[i]) continue;
    var k = M.iK[i], d = M.iD[i], a = M.dAg[d];
    for (c = 0; c < nc; c++) {
      var s = M.kSer[c][k];
      if (s < 0) continue;
      if (M.iC[i] !== 0) { leave(c, 'dup', a, d, k); continue; }
      var amount = M.iRes[resIdx[c]][i];
      if (amount !== amount) { leave(c, 'size', a, d, k); continue; }
      var months = M.iM[i];
      if (months !== months) { leave(c, 'months', a, d, k); continue; }
      var e = bars[c].get(a);
      if (!e) bars[c].set(a, e = { a: a, values: charts[c].series.map(function () { return 0; }), docs: 0, last: -1, tenders: new Set() });
      e.values[s] += amount * months;
      if (e.last !== d) { e.docs++; e.last = d; e.tenders.add(M.dTn[d]); }
    }
  }
  return charts.map(function (spec, c) {
    var list = [];
    bars[c].forEach(function (e) {
      var sum = 0;
      for (var j = 0; j < e.values.length; j++) sum += e.values[j];
      if (sum > 0) list.push({ agency: e.a >= 0 ? S[e.a] : NO_AGENCY, values: e.values, sum: sum, docs: e.docs, tenders: e.tenders.size });
    });
    list.sort(function (x, y) { return y.sum - x.sum || (x.agency < y.agency ? -1 : x.agency > y.agency ? 1 : 0); });
    return { spec: spec, bars: list, left: left[c] };
  });
}

var REASONS = {
  dup: function () { return 'counted in another file of the same tender (the purchase is restated there)'; },
  size: function (spec, units) { return 'billed per ' + units + ' with no ' + spec.unit + ' stated: its size is unknown' + (spec.series.some(function (s) { return s.whole; }) ? ' (hosts of unstated size)' : ''); },
  months: function () { return 'no service period: quantity without months, so no unit-months'; },
};
var REASON_ORDER = ['dup', 'size', 'months'];

// The row of the agencies beyond the top ones is not to scale (it would dwarf the rest): its bar
// is the full width, split by series.
function bar(spec, b, scale, unit, other) {
  var segs = '';
  if (other) scale = 100 / b.sum;
  for (var i = 0; i < b.values.length; i++) {
    var v = b.values[i];
    if (v <= 0) continue;
    var s = spec.series[i];
    segs += '<span class="bar" style="width:' + (v * scale).toFixed(3) + '%;background:' + esc(s.color) + '" title="' + esc(b.agency) + ' · ' + esc(s.label) + ': ' + esc(num(v)) + ' ' + esc(unit) + '"></span>';
  }
  var label = other
    ? '<span class="lbl other">' + esc(b.agency) + '</span>'
    : '<button type="button" class="lbl" data-agency="' + esc(b.agency) + '" title="show only ' + esc(b.agency) + '">' + esc(b.agency) + '</button>';
  return '<div class="row' + (other ? ' other' : '') + '" title="' + esc(b.agency) + ': ' + esc(num(b.sum)) + ' ' + esc(unit) + ' from ' + plural(b.docs, 'document') + ', ' + plural(b.tenders, 'tender') + (other ? ' (this bar is not to scale)' : '') + '">'
    + label + '<span class="track">' + segs + '</span><span class="val">' + esc(num(b.sum)) + ' ' + esc(unit) + (other ? ' in all' : '') + '</span></div>';
}

function chartCard(agg, all, filtered) {
  var spec = agg.spec, unit = spec.unit + '-months', bars = agg.bars, shown = bars, rest = null, i, j;
  if (!all && bars.length > TOP_BARS + 1) {
    shown = bars.slice(0, TOP_BARS);
    rest = { agency: plural(bars.length - TOP_BARS, 'other agency', 'other agencies'), values: spec.series.map(function () { return 0; }), sum: 0, docs: 0, tenders: 0 };
    for (i = TOP_BARS; i < bars.length; i++) {
      for (j = 0; j < rest.values.length; j++) rest.values[j] += bars[i].values[j];
      rest.sum += bars[i].sum; rest.docs += bars[i].docs; rest.tenders += bars[i].tenders;
    }
  }
  var rows = shown.slice();
  if (rest) rows.push(rest);
  var max = 0, total = 0, segs = 0;
  rows.forEach(function (b) { if (b !== rest && b.sum > max) max = b.sum; total += b.sum; b.values.forEach(function (v) { if (v > 0) segs++; }); });
  var html = '';
  if (spec.series.length > 1) {
    html += '<div class="legend">';
    spec.series.forEach(function (s, i) {
      if (rows.some(function (b) { return b.values[i] > 0; })) html += '<span><i style="background:' + esc(s.color) + '"></i>' + esc(s.label) + '</span>';
    });
    html += '</div>';
  }
  html += '<div class="rows">' + rows.map(function (b) { return bar(spec, b, 100 / max, unit, b === rest); }).join('') + '</div>';
  if (!rows.length) html = '<p class="empty">No counted items of this service' + (filtered ? ' in this filter' : '') + '.</p>';
  var notes = [], L = agg.left;
  if (L.dup) notes.push(plural(L.dup.n, 'item') + ' counted in another file of their tender');
  if (L.size) notes.push(plural(L.size.n, 'item') + ' of unstated ' + esc(spec.unit));
  if (L.months) notes.push(plural(L.months.n, 'item') + ' without a service period');
  var more = bars.length > TOP_BARS + 1
    ? '<button type="button" class="more" data-chart="' + esc(spec.id) + '">' + (all ? 'show the top ' + TOP_BARS : 'show all ' + bars.length + ' agencies') + '</button>' : '';
  return '<figure class="card" id="card-' + esc(spec.id) + '"><figcaption><strong>' + esc(spec.title) + '</strong> <span class="muted">' + esc(unit) + ' by agency</span>' + more + '</figcaption>'
    + '<div class="chart" id="chart-' + esc(spec.id) + '" data-bars="' + segs + '" data-agencies="' + bars.length + '" data-total="' + round6(total) + '" role="img" aria-label="' + esc(spec.title) + ' by agency, ' + esc(unit) + '">' + html + '</div>'
    + (notes.length ? '<p class="note">Left out: ' + notes.join(' · ') + ' (<a href="#why">why</a>).</p>' : '') + '</figure>';
}

var BUYERS_INLINE = 8;
function buyerList(S, by) {
  var list = [];
  by.forEach(function (n, a) { list.push({ name: a >= 0 ? S[a] : NO_AGENCY, n: n }); });
  list.sort(function (x, y) { return y.n - x.n || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0); });
  return list;
}
function buyerHtml(list) {
  return list.map(function (b) { return '<button type="button" class="link" data-agency="' + esc(b.name) + '">' + esc(b.name) + '</button> <b>' + b.n + '</b>'; }).join(' · ');
}
/** The commonest buyers inline; the rest on opening (the page's script fills the list in, see buyersBeyond). */
function buyers(S, by, key) {
  var list = buyerList(S, by), html = buyerHtml(list.slice(0, BUYERS_INLINE));
  if (list.length > BUYERS_INLINE) html += ' <details data-why="' + esc(key) + '"><summary>' + plural(list.length - BUYERS_INLINE, 'more buyer') + '</summary></details>';
  return { html: html, n: list.length };
}
function buyersBeyond(M, aggs, key) {
  var at = key.indexOf('/'), id = key.slice(0, at), why = key.slice(at + 1);
  for (var c = 0; c < aggs.length; c++) {
    var e = aggs[c].spec.id === id && aggs[c].left[why];
    if (e) return buyerHtml(buyerList(M.S, e.by).slice(BUYERS_INLINE));
  }
  return '';
}

function whyPanel(M, aggs, filtered) {
  var rows = '', total = 0;
  aggs.forEach(function (agg) {
    REASON_ORDER.forEach(function (why) {
      var e = agg.left[why];
      if (!e) return;
      total += e.n;
      var units = [];
      e.units.forEach(function (u) { units.push(u); });
      var b = buyers(M.S, e.by, agg.spec.id + '/' + why);
      rows += '<tr data-chart="' + esc(agg.spec.id) + '" data-reason="' + why + '" data-items="' + e.n + '"><td>' + esc(agg.spec.title) + '</td><td>' + esc(REASONS[why](agg.spec, units.sort().join(', '))) + '</td>'
        + '<td class="n">' + e.n + '</td><td class="n">' + e.files.size + '</td><td class="n">' + b.n + '</td><td class="buyers">' + b.html + '</td></tr>';
    });
  });
  if (!rows) return '<p class="empty" id="why-none">Every item of the charts\' services' + (filtered ? ' in this filter' : '') + ' is in its chart.</p>';
  return '<table class="grid" id="why-table" data-items="' + total + '"><thead><tr><th>chart</th><th>why not counted</th><th class="n">items</th><th class="n">files</th><th class="n">buyers</th><th>items per buyer</th></tr></thead><tbody>' + rows + '</tbody></table>';
}

/** Yuan per unit-month of each service the data can price: a dot at the estimate, a line over its
 * 95% interval, a tick at the median of the prices the documents state; each row on its own scale
 * (a vCPU-month and a GB-month differ a thousandfold). */
function pricesView(est, F) {
  var all = est.filter(function (e) { return !F.service || e.service === F.service; });
  var shown = all.filter(function (e) { return e.estimate !== null && e.high !== null && e.high > 0; });
  var html;
  if (!est.length) html = '<p class="muted">No service can be priced yet: it takes documents with both a budget (or an award) and the quantities bought.</p>';
  else if (!shown.length) html = '<p class="muted">No implied price' + (F.service ? ' for ' + esc(F.service) : '') + '.</p>';
  else {
    var pct = function (v, top) { return (Math.max(0, v) / top * 100).toFixed(2) + '%'; };
    html = '<div class="pchart" id="chart-prices" data-bars="' + shown.length + '" role="img" aria-label="implied prices"><div class="rows">' + shown.map(function (e) {
      var top = Math.max(e.high, e.stated_median || 0) * 1.1, low = e.low === null ? e.estimate : e.low;
      var tip = e.service + ': ' + num(e.estimate) + ' yuan per ' + e.unit + '-month (95% ' + num(low) + '–' + num(e.high) + '), ' + plural(e.documents, 'document') + (e.stated_median !== null ? '; documents state ' + num(e.stated_median) + ' (median)' : '');
      return '<div class="row" title="' + esc(tip) + '"><span class="lbl"><code>' + esc(e.service) + '</code> <span class="muted">per ' + esc(e.unit) + '-month</span></span>'
        + '<span class="track p"><span class="iv" style="left:' + pct(low, top) + ';width:' + ((Math.max(0, e.high) - Math.max(0, low)) / top * 100).toFixed(2) + '%"></span>'
        + (e.stated_median !== null ? '<span class="stated" style="left:' + pct(e.stated_median, top) + '" title="stated median ' + esc(num(e.stated_median)) + '"></span>' : '')
        + '<span class="bar dot" style="left:' + pct(e.estimate, top) + '"></span></span>'
        + '<span class="val">' + esc(num(e.estimate)) + ' 元 <span class="muted">(' + esc(num(low)) + '–' + esc(num(e.high)) + ') · ' + plural(e.documents, 'doc')
        + (e.stated_median !== null ? ' · stated ' + esc(num(e.stated_median)) : '') + '</span></span></div>';
    }).join('') + '</div><div class="legend"><span><i class="k-dot"></i>estimate</span><span><i class="k-iv"></i>95% bootstrap interval</span><span><i class="k-stated"></i>median stated price</span></div></div>';
  }
  var notes = all.filter(function (e) { return e.note; }).map(function (e) { return '<li><code>' + esc(e.service) + '</code>: ' + esc(e.note) + '</li>'; }).join('');
  return html + (notes ? '<ul class="muted">' + notes + '</ul>' : '');
}

function chartsView(M, view, opts) {
  var aggs = aggregate(M, view), filtered = !!opts.filtered;
  return {
    cards: aggs.map(function (a) { return chartCard(a, opts.all ? opts.all.has(a.spec.id) : false, filtered); }).join('\n'),
    why: whyPanel(M, aggs, filtered),
    aggs: aggs,
  };
}
`;

/** What Node needs of the core. */
export interface Core {
  predictTotal(q: number, size: number): number;
  predictUnitMonths(total: number, months: number): number;
  predictResources(service: string, unit: string, total: number, pieces: number, per: (number | null)[] | null): number[];
  decode(island: Island): unknown;
  filterData(model: unknown, filter: Filter): unknown;
  chartsView(model: unknown, view: unknown, opts: { filtered?: boolean }): { cards: string; why: string };
  pricesView(estimates: Island['est'], filter: Filter): string;
}

export interface Filter { q?: string; agency?: string; service?: string; counted?: '' | 'yes' | 'no' }

let loaded: Core | undefined;

/** The core, evaluated once: our own constant source, no input reaches it as code. */
export function core(): Core {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  loaded ??= new Function(`'use strict';\n${CORE}\nreturn { predictTotal, predictUnitMonths, predictResources, decode, filterData, chartsView, pricesView };`)() as Core;
  return loaded;
}
