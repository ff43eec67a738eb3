import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../index.js';
import { loadDataset } from '../dataset/load.js';
import { main } from '../cli/main.js';
import { core } from '../report/core.js';
import { encodeIsland, type Island } from '../report/island.js';
import { CHARTS, esc, renderReport, type ReportItem } from '../report/render.js';
import type { DocumentRecord } from '../schemas/records.js';

const SEED = 'corpus/000_039f6a7fe7b5dcbb.txt';
const OTHER_SEED = 'corpus/003_a46c9a722c1cc422.txt';

// Each payload, if it ran, would leave a mark the dumped DOM shows: a changed title or an attribute.
// A project name ends at its clause (a comma), so this payload says its attribute without one.
const PROJECT_PAYLOAD = `<script>document.title='pwned-project'</script>北京市科学技术协会综合服务中心2026年云计算服务项目<img src=x onerror="document.body.dataset.pwned='project'">`;
const ITEM_PAYLOAD = `内存<script>document.title='pwned-item'</script><img src=x onerror="document.body.setAttribute('data-pwned','item')"></td></tr></table><svg onload="document.body.setAttribute('data-pwned','svg')"></svg><iframe srcdoc="<script>parent.document.title='pwned-frame'</script>"></iframe> \u2028 --> ]]>`;

/** A tender whose project name and one item carry script: a copy of a seed with two lines changed. */
function evilTender(dir: string): string {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  if (!lines[3].startsWith('1) 项目名称：') || lines[40] !== '\t内存') throw new Error(`${SEED} changed: update evilTender()`);
  lines[3] = `1) 项目名称：${PROJECT_PAYLOAD}`;
  lines[40] = `\t${ITEM_PAYLOAD}`;
  const path = join(dir, 'evil.txt');
  writeFileSync(path, lines.join('\n'));
  return path;
}

function chromiumPath(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (!r.error && r.status === 0) return name;
  }
  return null;
}

/** Headless Chromium, offline and with a fresh profile, as the issue prescribes. */
function chromium(bin: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'tender-chromium-'));
  const base = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`];
  return new Promise((resolve) => {
    execFile(bin, [...base, ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 }, (e, stdout, stderr) => {
      resolve({ stdout, stderr, code: e ? Number((e as { code?: number }).code ?? 1) : 0 });
    });
  });
}

describe('renderReport', () => {
  const doc: DocumentRecord = {
    doc_id: '0123456789abcdef', source: 'in/<b>x</b>.txt', format: 'txt', status: 'partial', error: null, error_kind: null,
    warnings: ['table 1: <script>alert(1)</script>'], warning_codes: ['item.service_other'], project: '<script>p()</script>', agency: 'A&B <i>局</i>', budget_cny: 1000, price_cap_cny: null, tender_id: '0123456789abcdef',
    project_code: null, notice_type: 'tender', published: null, region: { province: null, city: null }, awards: [],
    lots: [{ lot: 1, name: '<img src=x onerror=alert(2)>', budget_cny: null }], service_start: null, service_end: null, tables: 1, items: 1,
  };
  const item: ReportItem = {
    doc_id: doc.doc_id, source: doc.source, lot: 1, section: '"><svg onload=alert(3)>', table: 1, row: 1, category: null, subcategory: null,
    item: "vCPU'\"<script>alert(4)</script>", service: 'compute.vcpu', billing_unit: { raw: '1<b>核', size: 1, unit: 'vCPU' },
    quantity: 10, months: 12, total: 10, unit_months: 120, resources: { vcpu: 10, memory_gb: null, storage_gb: null, bandwidth_mbps: null },
  };
  const html = renderReport({ documents: [doc], items: [item], generatedAt: '2025-01-01 00:00 UTC' });
  const island = (h: string) => /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(h)![1];

  it('escapes every piece of document text: no tag, attribute or script of theirs survives', () => {
    // Two script elements: ours, and the data island, which is JSON and never runs.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<svg onload|<b>x|<i>局|alert\(\d\)<\/script>/);
    // In the HTML (chart labels, the agency filter), escaped…
    expect(html).toContain(esc('A&B <i>局</i>'));
    // …and in the island, JSON with no `<`, `>` or `&` left, so nothing of theirs can close it.
    const data = island(html);
    expect(data).not.toMatch(/[<>&]/);
    const strings = (JSON.parse(data) as Island).s;
    for (const s of [item.item, item.section, item.billing_unit.raw, doc.agency, doc.project, doc.source, doc.warnings[0], doc.lots[0].name]) expect(strings).toContain(s);
    expect(esc(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('allows only its own script, by hash, and loads nothing from the network', () => {
    const script = html.match(/<script>([\s\S]*)<\/script>/)![1];
    expect(script).not.toMatch(/<\/script|<!--/i);
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain(`default-src 'none'`);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('draws a bar per agency with its unit-months, in the card\'s width', () => {
    expect(html).toMatch(/<div class="chart" id="chart-vcpu" data-bars="1" data-agencies="1" data-total="120"/);
    expect(html).toContain('120 vCPU-months');
    expect(html).toMatch(/<span class="bar" style="width:100\.000%;background:#4e79a7"/);
    expect(html).not.toMatch(/<svg[^>]* width="\d+"/);
    expect(renderReport({ documents: [doc], items: [item], generatedAt: 'x' })).toBe(renderReport({ documents: [doc], items: [item], generatedAt: 'x' }));
  });

  // Two files of one tender (a notice and its attachment) restate a purchase: it counts once.
  const notice: DocumentRecord = { ...doc, doc_id: '1111111111111111', source: 'in/notice.html', agency: '某局', status: 'ok', warnings: [], tender_id: 't1', lots: [] };
  const attachment: DocumentRecord = { ...notice, doc_id: '2222222222222222', source: 'in/attachment.pdf', status: 'partial' };
  const other: DocumentRecord = { ...notice, doc_id: '3333333333333333', source: 'in/other.txt', agency: '另一局', tender_id: 't2' };
  const vcpu = (d: DocumentRecord, row: number, extra: Partial<ReportItem> = {}): ReportItem => ({
    ...item, doc_id: d.doc_id, source: d.source, lot: null, section: null, row, item: 'vCPU', billing_unit: { raw: '核', size: 1, unit: 'vCPU' }, ...extra,
  });
  const host = { item: '云服务器', service: 'compute.vcpu' as const, billing_unit: { raw: '台', size: 1, unit: 'machine' as const }, quantity: 4, total: 4, unit_months: 48 };
  const tenderItems: ReportItem[] = [
    vcpu(notice, 1, { counted: true, counted_in: notice.source }),
    vcpu(attachment, 1, { counted: false, counted_in: notice.source }),
    vcpu(attachment, 2, { months: null, unit_months: null, counted: true, counted_in: attachment.source }),
    vcpu(other, 1, { ...host, resources: { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null } }),
    vcpu(other, 2, { ...host, item: '云服务器（4核8G）', resources: { vcpu: 16, memory_gb: 32, storage_gb: null, bandwidth_mbps: null } }),
  ];
  const tender = renderReport({ documents: [notice, attachment, other], items: tenderItems });

  it('sums a purchase once per tender, and says why the items it leaves out are left out, and whose they are', () => {
    // 10 vCPU × 12 months in the notice (the attachment restates it), 16 vCPU × 12 in the other's host.
    expect(tender).toMatch(/<div class="chart" id="chart-vcpu" data-bars="2" data-agencies="2" data-total="312"/);
    expect(tender).toContain('<tr data-chart="vcpu" data-reason="dup" data-items="1"><td>vCPU</td><td>counted in another file of the same tender');
    expect(tender).toMatch(/data-reason="size" data-items="1"><td>vCPU<\/td><td>billed per machine with no vCPU stated[^<]*<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="buyers"><button type="button" class="link" data-agency="另一局">另一局<\/button> <b>1<\/b>/);
    expect(tender).toMatch(/data-reason="months" data-items="1"><td>vCPU<\/td><td>no service period[^<]*<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="buyers"><button type="button" class="link" data-agency="某局">某局/);
    expect(tender).toContain('Left out: 1 item counted in another file of their tender · 1 item of unstated vCPU · 1 item without a service period');
  });

  it('renders an empty dataset', () => {
    const empty = renderReport({ documents: [], items: [] });
    expect(empty.match(/No counted items of this service\./g)).toHaveLength(4);
    expect(empty).toContain('<span id="f-shown">0</span>');
  });

  it('keeps every value through the data island: what it leaves out follows from the rest', () => {
    const odd: ReportItem[] = [
      ...tenderItems,
      // A total that is not quantity × size, unit-months without months, resources of its own, a file not in the report.
      vcpu(other, 3, { quantity: 3, total: 7, months: 6, unit_months: null, resources: { vcpu: 1, memory_gb: 2, storage_gb: 3, bandwidth_mbps: 4 }, counted: false, counted_in: 'elsewhere.pdf' }),
      vcpu(other, 4, { ...host, item: '云服务器（4核8G）', quantity: 2.5, total: 2.5, unit_months: 30, resources: { vcpu: 10, memory_gb: 20, storage_gb: null, bandwidth_mbps: null } }),
      vcpu(other, 5, { item: '内存', service: 'compute.memory', billing_unit: { raw: '条', size: 2, unit: 'module' }, quantity: 3, total: 6, months: 12, unit_months: 72.5, resources: { vcpu: null, memory_gb: 192, storage_gb: null, bandwidth_mbps: null } }),
      // An item whose document is not in the report.
      { ...vcpu(other, 6), doc_id: 'ffffffffffffffff', source: 'in/lost.txt' },
    ];
    const C = core();
    const island = encodeIsland([notice, attachment, other], odd, CHARTS, [], C);
    const M = C.decode(JSON.parse(JSON.stringify(island))) as Record<string, ArrayLike<number> & { [i: number]: number }> & { S: string[]; iRes: Float64Array[] };
    const value = (v: number) => (Number.isNaN(v) ? null : v);
    const docs = [notice, attachment, other];
    expect(odd.map((_, i) => M.iD[i])).toEqual([0, 1, 1, 2, 2, 2, 2, 2, 3]);
    odd.forEach((it, i) => {
      const k = M.iK[i];
      const d = M.iD[i];
      expect({
        source: M.S[M.dSrc[d]], item: M.S[M.kItem[k]], service: M.S[M.kSvc[k]], raw: M.S[M.kRaw[k]], unit: M.S[M.kUnit[k]], size: M.kSize[k],
        quantity: M.iQ[i], months: value(M.iM[i]), total: M.iTot[i], unit_months: value(M.iUm[i]), table: M.iT[i], row: M.iR[i],
        resources: { vcpu: value(M.iRes[0][i]), memory_gb: value(M.iRes[1][i]), storage_gb: value(M.iRes[2][i]), bandwidth_mbps: value(M.iRes[3][i]) },
        counted: M.iC[i] === 0, counted_in: M.iC[i] > 0 ? docs[M.iC[i] - 1].source : M.iC[i] < 0 ? 'elsewhere' : it.counted_in ?? it.source,
      }, `item ${i}`).toEqual({
        source: it.source, item: it.item, service: it.service, raw: it.billing_unit.raw, unit: it.billing_unit.unit, size: it.billing_unit.size,
        quantity: it.quantity, months: it.months, total: it.total, unit_months: it.unit_months, table: it.table, row: it.row, resources: it.resources,
        counted: it.counted !== false, counted_in: it.counted_in === 'elsewhere.pdf' ? 'elsewhere' : it.counted_in ?? it.source,
      });
    });
    expect(island.nd).toBe(4);
  });
});

describe('tender report in headless Chromium', () => {
  const bin = chromiumPath();
  let dir: string;
  let reportFile: string;
  let written: { code: number; stderr: string };
  let vcpuItems: number;
  let payloadExtracted: boolean;
  let dom: { stdout: string; stderr: string; code: number };
  let filtered: { stdout: string; stderr: string; code: number };
  let payload: { stdout: string; stderr: string; code: number };
  let shot: { stdout: string; stderr: string; code: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tender-report-'));
    mkdirSync(join(dir, 'out'));
    const records = await extract([evilTender(dir), OTHER_SEED]);
    payloadExtracted = records.documents.some((d) => d.project === PROJECT_PAYLOAD) && records.items.some((i) => i.item === ITEM_PAYLOAD);
    vcpuItems = records.items.filter((i) => i.service === 'compute.vcpu').length;
    const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x) + '\n').join('');
    writeFileSync(join(dir, 'out', 'documents.jsonl'), lines(records.documents));
    writeFileSync(join(dir, 'out', 'items.jsonl'), lines(records.items));
    const loaded = await loadDataset(join(dir, 'out'));
    if (!loaded.ok) throw new Error(loaded.error);
    reportFile = join(dir, 'out', 'report.html');
    let stderr = '';
    const err = process.stderr.write;
    process.stderr.write = ((s: string | Uint8Array) => { stderr += String(s); return true; }) as typeof process.stderr.write;
    try {
      written = { code: await main(['report', '--db', join(dir, 'out', 'tenders.duckdb'), '--out', reportFile]), stderr };
    } finally {
      process.stderr.write = err;
    }
    if (!bin) return;
    const url = pathToFileURL(reportFile).href;
    [dom, filtered, payload, shot] = await Promise.all([
      chromium(bin, ['--dump-dom', url]),
      chromium(bin, ['--dump-dom', `${url}#service=compute.vcpu`]),
      // The item with the payload, found by the text filter: the table draws it.
      chromium(bin, ['--dump-dom', `${url}#q=pwned-item`]),
      chromium(bin, ['--window-size=1400,2200', '--hide-scrollbars', `--screenshot=${join(dir, 'report.png')}`, url]),
    ]);
  });

  it('writes one self-contained file from the dataset', () => {
    expect(payloadExtracted).toBe(true);
    expect(written).toEqual({ code: 0, stderr: `${reportFile}: 2 documents, 76 items\n` });
    const html = readFileSync(reportFile, 'utf8');
    expect(html).not.toMatch(/<link\b|\bsrc="|url\(/);
  });

  if (!bin) {
    it.skip('renders in headless Chromium: skipped, chromium is not installed (CI installs it with .ci/system-deps)', () => {});
    return;
  }

  const charts = (html: string) => Object.fromEntries([...html.matchAll(/<div class="chart" id="chart-(\w+)"[^>]*>/g)].map((m) => [m[1], {
    bars: Number(/data-bars="(\d+)"/.exec(m[0])?.[1]), drawn: Number(/data-drawn="(\d+)"/.exec(m[0])?.[1]), total: Number(/data-total="([\d.]+)"/.exec(m[0])?.[1]),
  }]));
  const itemRows = (html: string) => [...html.matchAll(/<tr data-service="([^"]+)"( class="dup")?>/g)].map((r) => r[1]);

  it('draws every chart bar, and runs no script from a document', () => {
    for (const run of [dom, filtered, payload]) expect(run.code, run.stderr).toBe(0);
    const drawn = charts(dom.stdout);
    expect(Object.keys(drawn)).toEqual(['vcpu', 'memory', 'storage', 'bandwidth']);
    for (const [id, c] of Object.entries(drawn)) {
      expect(c.bars, id).toBeGreaterThanOrEqual(2);
      expect(c.drawn, id).toBe(c.bars);
    }
    expect(dom.stdout).toMatch(/<table class="grid" id="why-table"/);
    for (const html of [dom.stdout, payload.stdout]) {
      // Nothing the payloads would have done happened…
      expect(html).toContain('<title>tender report</title>');
      expect(html).not.toMatch(/data-pwned=/);
      expect(html).not.toMatch(/<title>[^<]*pwned/);
      // …because they were never elements: one script of ours and its data, no img, svg onload or iframe of theirs…
      expect(html.match(/<script\b/g)).toHaveLength(2);
      expect(html.match(/<script type="application\/json" id="data">/g)).toHaveLength(1);
      expect(html).not.toMatch(/<img\b|<iframe\b|<svg onload/);
    }
    // …but text, shown as written: the item in the items table, the project in the documents table.
    expect(itemRows(payload.stdout)).toHaveLength(1);
    expect(payload.stdout).toContain('&lt;script&gt;document.title=\'pwned-item\'&lt;/script&gt;&lt;img src=x onerror="document.body.setAttribute(\'data-pwned\',\'item\')"&gt;');
    expect(payload.stdout).toContain('&lt;script&gt;document.title=\'pwned-project\'&lt;/script&gt;');
  });

  it('filters the items table and the charts from the link (#service=…) with its script', () => {
    const all = itemRows(dom.stdout);
    expect(dom.stdout).toContain('<span id="f-shown">76</span>');
    expect(all).toHaveLength(50);
    expect(dom.stdout).toContain('rows 1–50 of 76 · page 1 of 2');
    const html = filtered.stdout;
    expect(html).toContain(`<span id="f-shown">${vcpuItems}</span>`);
    expect(itemRows(html)).toEqual(Array(Math.min(vcpuItems, 50)).fill('compute.vcpu'));
    // The charts are redrawn from the filtered items: vCPU bought as vCPU and in hosts stays, no storage is left.
    const before = charts(dom.stdout);
    const after = charts(html);
    expect(after.vcpu.total).toBe(before.vcpu.total);
    expect(after.vcpu.drawn).toBe(after.vcpu.bars);
    expect(after.storage.bars).toBe(0);
    expect(after.bandwidth.bars).toBe(0);
    expect(html).toContain('No counted items of this service in this filter.');
  });

  it('takes a screenshot', () => {
    expect(shot.code, shot.stderr).toBe(0);
    const png = readFileSync(join(dir, 'report.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(50_000);
  });
});
