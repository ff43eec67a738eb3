// The report at scale: 10,000 documents and ~300,000 items, synthesized here (no DuckDB), rendered
// by renderReport and opened in headless Chromium, driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: no port, no dependency). The file must stay under 10 MB and paint
// within 3 s; its paged tables show a page of rows, and a filter in the link narrows the table
// and the charts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, type ReportEstimate, type ReportItem } from '../report/render.js';
import type { DocumentRecord, Resources, Service, Unit } from '../schemas/records.js';

const DOCS = 10_000;
const MAX_BYTES = 10 * 1024 * 1024;

function chromiumPath(): string | null {
  for (const name of ['/usr/bin/chromium', 'chromium', 'chromium-browser']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (!r.error && r.status === 0) return name;
  }
  return null;
}

/** A deterministic generator (mulberry32), so every run renders the same report. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kind { item: string; service: Service; raw: string; unit: Unit; size: number; host?: [number, number, number] | null; most: number }

const BASES: Kind[] = [
  { item: 'vCPU', service: 'compute.vcpu', raw: '1 CPU', unit: 'vCPU', size: 1, most: 2000 },
  { item: '内存', service: 'compute.memory', raw: '1 GB', unit: 'GB', size: 1, most: 8000 },
  { item: '云服务器（4核8G）', service: 'compute.vcpu', raw: '台', unit: 'machine', size: 1, host: [4, 8, 100], most: 60 },
  { item: '云服务器（16核64G）', service: 'compute.vcpu', raw: '台', unit: 'machine', size: 1, host: [16, 64, 500], most: 30 },
  { item: '云服务器', service: 'compute.vcpu', raw: '台', unit: 'machine', size: 1, host: null, most: 40 },
  { item: 'GPU云服务器（32核256G）', service: 'compute.gpu', raw: '台', unit: 'machine', size: 1, host: [32, 256, 2000], most: 8 },
  { item: '高性能云硬盘', service: 'storage.performance', raw: '1 GB', unit: 'GB', size: 1, most: 50_000 },
  { item: '普通云硬盘', service: 'storage.standard', raw: '100GB', unit: 'GB', size: 100, most: 500 },
  { item: '对象存储', service: 'storage.object', raw: 'TB', unit: 'GB', size: 1024, most: 200 },
  { item: '文件存储', service: 'storage.file', raw: '1 GB', unit: 'GB', size: 1, most: 20_000 },
  { item: '备份存储', service: 'storage.backup', raw: 'TB', unit: 'GB', size: 1024, most: 100 },
  { item: '存储设备', service: 'storage.centralized', raw: '套', unit: 'set', size: 1, most: 4 },
  { item: '互联网带宽', service: 'network.bandwidth', raw: 'Mbps', unit: 'Mbps', size: 1, most: 1000 },
  { item: '弹性公网IP', service: 'network.public_ip', raw: '个', unit: 'IP', size: 1, most: 50 },
  { item: '负载均衡', service: 'network.load_balancer', raw: '个', unit: 'item', size: 1, most: 10 },
  { item: 'Web应用防火墙', service: 'security.waf', raw: '套', unit: 'set', size: 1, most: 5 },
  { item: '数据库审计', service: 'security.db_audit', raw: '套', unit: 'set', size: 1, most: 5 },
  { item: '主机安全防护', service: 'security.host_protection', raw: '点', unit: 'point', size: 1, most: 300 },
  { item: '操作系统', service: 'software.os', raw: '套', unit: 'license', size: 1, most: 200 },
  { item: '关系型数据库', service: 'software.database', raw: '套', unit: 'license', size: 1, most: 20 },
  { item: '短信服务', service: 'other.sms', raw: '万条', unit: 'message', size: 10_000, most: 100 },
  { item: '云监控服务', service: 'ops.monitoring', raw: '项', unit: 'item', size: 1, most: 3 },
];
const FLAVOURS = ['', '（主频不低于2.4GHz）', '（Linux）', '（Windows）', '（高可用）', '（同城灾备）', '（政务外网区）', '（互联网区）', '（按需扩容）', '（国产化）', '（三年服务）', '（含运维）'];
const PROVINCES = ['北京市', '上海市', '广东省', '浙江省', '江苏省', '四川省', '湖北省', '山东省', '河南省', '福建省', '陕西省', '云南省'];
const CITIES = ['', '杭州市', '成都市', '武汉市', '济南市', '郑州市', '福州市', '西安市', '昆明市', '广州市', '深圳市', '南京市', '苏州市', '宁波市', '青岛市'];
const OFFICES = ['大数据管理局', '财政局', '教育局', '卫生健康委员会', '公安局', '人力资源和社会保障局', '自然资源局', '生态环境局', '交通运输局', '政务服务中心', '医疗保障局', '市场监督管理局'];
const SECTIONS = [null, '政务云基础服务', '安全服务', '灾备服务', '运维服务'];

function resourcesOf(k: Kind, quantity: number, total: number): Resources {
  const none: Resources = { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null };
  if (k.unit === 'vCPU') return { ...none, vcpu: total };
  if (k.unit === 'GB') return k.service === 'compute.memory' ? { ...none, memory_gb: total } : { ...none, storage_gb: total };
  if (k.unit === 'Mbps') return { ...none, bandwidth_mbps: total };
  if (k.host) return { vcpu: k.host[0] * quantity, memory_gb: k.host[1] * quantity, storage_gb: k.host[2] * quantity, bandwidth_mbps: null };
  return none;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function synthesize(): { documents: DocumentRecord[]; items: ReportItem[]; estimates: ReportEstimate[] } {
  const r = random(20250101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const kinds: Kind[] = BASES.flatMap((b) => FLAVOURS.map((f) => ({ ...b, item: b.item + f })));
  const agencies = [...new Set(Array.from({ length: 900 }, () => pick(PROVINCES) + pick(CITIES) + pick(OFFICES)))];
  const documents: DocumentRecord[] = [];
  const items: ReportItem[] = [];
  for (let d = 0; d < DOCS; d++) {
    const doc_id = d.toString(16).padStart(16, '0');
    const source = `corpus/batch${Math.floor(d / 1000)}/${String(d).padStart(5, '0')}_${doc_id.slice(8)}.${pick(['pdf', 'docx', 'txt', 'html'])}`;
    const previous = documents[d - 1];
    // One file in seven restates the tender of the file before it (a notice and its attachment).
    const restates = previous && previous.status === 'ok' && previous.tender_id === previous.doc_id && r() < 0.15;
    const x = r();
    const status = restates ? 'partial' : x < 0.85 ? 'ok' : x < 0.95 ? 'partial' : x < 0.98 ? 'failed' : 'skipped';
    const agency = restates ? previous.agency : r() < 0.02 ? null : pick(agencies);
    const lots = r() < 0.3 ? Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({ lot: i + 1, name: `${pick(['基础', '安全', '灾备'])}服务包${i + 1}`, budget_cny: null })) : [];
    const reads = status === 'ok' || status === 'partial';
    const n = reads ? 30 + Math.floor(r() * 4) : 0;
    const months = pick([12, 12, 12, 24, 36, 6]);
    const section = pick(SECTIONS);
    for (let j = 0; j < n; j++) {
      const k = restates ? kinds[(d * 7 + j * 13) % kinds.length] : pick(kinds);
      const quantity = Math.max(1, Math.round(r() * k.most));
      const total = round6(quantity * k.size);
      const m = r() < 0.05 ? null : months;
      // One item in twenty says something of its own.
      const item = r() < 0.05 ? `${k.item}（${agency ?? ''}专属配置${j}）` : k.item;
      items.push({
        doc_id, source, lot: lots.length ? 1 + (j % lots.length) : null, section, table: 1 + Math.floor(j / 10), row: 1 + (j % 10),
        category: null, subcategory: null, item, service: k.service, billing_unit: { raw: k.raw, size: k.size, unit: k.unit },
        quantity, months: m, total, unit_months: m === null ? null : round6(total * m), resources: resourcesOf(k, quantity, total),
        counted: !restates, counted_in: restates ? previous.source : source, tender_id: restates ? previous.tender_id : doc_id,
      });
    }
    const warnings = r() < 0.15 ? Array.from({ length: 1 + Math.floor(r() * 2) }, (_, i) => `table ${i + 1}: ${1 + Math.floor(r() * 4)} item(s) matched no service and are "other": "${pick(OFFICES)}配套服务"`) : [];
    documents.push({
      doc_id, source, format: source.endsWith('pdf') ? 'pdf' : source.endsWith('docx') ? 'docx' : source.endsWith('txt') ? 'txt' : 'html',
      status, error: status === 'failed' ? 'PDF has no text layer and OCR found no table' : status === 'skipped' ? 'unsupported file type' : null,
      error_kind: status === 'failed' ? 'unreadable' : status === 'skipped' ? 'unsupported' : null,
      warnings, warning_codes: warnings.map(() => 'item.service_other'), project: `${agency ?? '某单位'}${2024 + (d % 3)}年政务云服务项目（第${d}号）`, agency, budget_cny: reads ? Math.round(r() * 5e6) : null, price_cap_cny: null,
      project_code: null, tender_id: restates ? previous.tender_id : doc_id, notice_type: 'tender', published: null, region: { province: null, city: null }, awards: [],
      lots, service_start: r() < 0.5 ? '2025-01-01' : null, service_end: r() < 0.5 ? '2025-12-31' : null, tables: Math.ceil(n / 10), items: n,
    });
  }
  const estimates: ReportEstimate[] = [
    { service: 'compute.vcpu', unit: 'vCPU', estimate: 52.3, low: 41.2, high: 66.8, documents: 812, note: null, stated_median: 55 },
    { service: 'compute.memory', unit: 'GB', estimate: 21.7, low: 15.1, high: 27.9, documents: 790, note: 'collinear with compute.vcpu', stated_median: null },
    { service: 'storage.performance', unit: 'GB', estimate: 0.92, low: 0.61, high: 1.4, documents: 640, note: null, stated_median: 1.1 },
    { service: 'network.bandwidth', unit: 'Mbps', estimate: 38, low: 20, high: 70, documents: 300, note: null, stated_median: null },
    { service: 'security.waf', unit: 'set', estimate: null, low: null, high: null, documents: 12, note: 'too few documents', stated_median: null },
  ];
  return { documents, items, estimates };
}

/** Chromium over the DevTools protocol on a pipe: fd 3 in, fd 4 out, NUL-delimited JSON. */
class Browser {
  private proc: ChildProcess;
  private buf = '';
  private next = 0;
  private pending = new Map<number, (m: { result?: Record<string, unknown>; error?: { message: string } }) => void>();
  private listeners: ((m: { method?: string; sessionId?: string }) => void)[] = [];
  readonly profile = mkdtempSync(join(tmpdir(), 'tender-cdp-'));

  constructor(bin: string) {
    this.proc = spawn(bin, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--remote-debugging-pipe', `--user-data-dir=${this.profile}`, '--window-size=1400,1000', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    (this.proc.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      this.buf += chunk.toString('utf8');
      for (let i; (i = this.buf.indexOf('\0')) >= 0;) {
        const m = JSON.parse(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
        const done = m.id !== undefined && this.pending.get(m.id);
        if (done) { this.pending.delete(m.id); done(m); } else for (const f of this.listeners) f(m);
      }
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {})));
      (this.proc.stdio[3] as Writable).write(JSON.stringify({ id, method, params, sessionId }) + '\0');
    });
  }

  /** Opens url in a new tab and resolves once it has loaded, with the tab's session. */
  async open(url: string): Promise<string> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    const loaded = new Promise<void>((resolve) => this.listeners.push((m) => { if (m.method === 'Page.loadEventFired' && m.sessionId === sessionId) resolve(); }));
    await this.send('Page.navigate', { url }, sessionId);
    await loaded;
    return sessionId;
  }

  async eval<T>(sessionId: string, expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    await Promise.race([this.send('Browser.close').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** What the page shows, read in the page: timings, the charts' sums and the tables' rows. */
const PROBE = `(async () => {
  const fcp = () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
  for (let i = 0; i < 100 && !fcp(); i++) await new Promise((r) => setTimeout(r, 50));
  const chart = (id) => { const c = document.getElementById('chart-' + id); return { bars: Number(c.dataset.bars), drawn: Number(c.dataset.drawn), total: Number(c.dataset.total), agencies: Number(c.dataset.agencies) }; };
  const rows = (id) => [...document.querySelectorAll('#' + id + ' tbody tr')];
  const why = Object.fromEntries([...document.querySelectorAll('#why-table tbody tr')].map((r) => [r.dataset.chart + '/' + r.dataset.reason, Number(r.dataset.items)]));
  return {
    firstPaint: performance.getEntriesByType('paint').find((e) => e.name === 'first-paint')?.startTime ?? null,
    firstContentfulPaint: fcp()?.startTime ?? null,
    ready: Number(document.documentElement.dataset.ready),
    load: performance.getEntriesByType('navigation')[0].loadEventEnd,
    charts: Object.fromEntries(['vcpu', 'memory', 'storage', 'bandwidth', 'prices'].map((id) => [id, chart(id)])),
    shown: Number(document.getElementById('f-shown').textContent.replace(/,/g, '')),
    docsShown: Number(document.getElementById('f-docs').textContent.replace(/,/g, '')),
    itemRows: rows('items').length,
    itemServices: [...new Set(rows('items').map((r) => r.dataset.service))],
    itemsTotal: Number(document.getElementById('items-table').dataset.rows),
    docRows: rows('documents').length,
    docsTotal: Number(document.getElementById('docs-table').dataset.rows),
    why,
    scripts: document.scripts.length,
  };
})()`;

type Probe = {
  firstPaint: number | null; firstContentfulPaint: number | null; ready: number; load: number;
  charts: Record<string, { bars: number; drawn: number; total: number; agencies: number }>;
  shown: number; docsShown: number; itemRows: number; itemServices: string[]; itemsTotal: number; docRows: number; docsTotal: number;
  why: Record<string, number>; scripts: number;
};

describe('the report at 10,000 documents', () => {
  const bin = chromiumPath();
  const dir = mkdtempSync(join(tmpdir(), 'tender-report-scale-'));
  const file = join(dir, 'report.html');
  let data: ReturnType<typeof synthesize>;
  let bytes = 0;
  let renderMs = 0;

  beforeAll(() => {
    data = synthesize();
    const t0 = performance.now();
    const html = renderReport({ ...data, generatedAt: '2025-01-01 00:00 UTC', origin: 'synthetic' });
    renderMs = performance.now() - t0;
    writeFileSync(file, html);
    bytes = statSync(file).size;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds them all in under 10 MB', () => {
    expect(data.documents).toHaveLength(DOCS);
    expect(data.items.length).toBeGreaterThan(290_000);
    console.log(`report of ${DOCS} documents, ${data.items.length} items: ${(bytes / 1048576).toFixed(2)} MB (${bytes} bytes), rendered in ${Math.round(renderMs)} ms`);
    expect(bytes).toBeLessThan(MAX_BYTES);
  });

  if (!bin) {
    it.skip('opens in headless Chromium: skipped, chromium is not installed (/usr/bin/chromium; CI installs it with .ci/system-deps)', () => {});
    return;
  }

  let browser: Browser;
  let all: Probe;
  let vcpu: Probe;
  let sorted: { first: string; max: string; sortedBy: string | null };
  beforeAll(async () => {
    browser = new Browser(bin);
    const url = pathToFileURL(file).href;
    const page = await browser.open(url);
    all = await browser.eval<Probe>(page, PROBE);
    const filtered = await browser.open(`${url}#service=compute.vcpu`);
    vcpu = await browser.eval<Probe>(filtered, PROBE);
    // Sort the filtered items by quantity, largest first (a numeric column sorts descending first).
    sorted = await browser.eval(filtered, `(() => {
      const th = [...document.querySelectorAll('#items th')].find((t) => t.textContent === 'quantity');
      th.click();
      const col = [...th.parentNode.children].indexOf(th);
      return { first: document.querySelector('#items tbody tr').children[col].textContent, max: '', sortedBy: th.getAttribute('aria-sort') };
    })()`);
    await browser.close();
  }, 60_000);

  // How fast is the bench's to say (a timed assertion fails on a busy machine, not on a slow page):
  // here, that the page paints and gets ready, filtered and not, and the times for the log.
  it('paints and gets ready, whole and filtered, with its two scripts', () => {
    console.log(`10,000 documents in Chromium: first paint ${all.firstPaint?.toFixed(0)} ms, first contentful paint ${all.firstContentfulPaint?.toFixed(0)} ms, `
      + `tables and charts ready ${all.ready} ms, load event ${all.load.toFixed(0)} ms; with #service=compute.vcpu ready ${vcpu.ready} ms`);
    expect(all.firstContentfulPaint).not.toBeNull();
    expect(all.firstContentfulPaint!).toBeGreaterThan(0);
    expect(all.ready).toBeGreaterThan(0);
    expect(vcpu.firstContentfulPaint).not.toBeNull();
    expect(vcpu.ready).toBeGreaterThan(0);
    expect(all.scripts).toBe(2);
  });

  it('shows a page of rows of the tables, not all of them', () => {
    expect(all.itemRows).toBe(50);
    expect(all.itemsTotal).toBe(data.items.length);
    expect(all.shown).toBe(data.items.length);
    expect(all.docRows).toBe(50);
    expect(all.docsTotal).toBe(DOCS);
    for (const id of ['vcpu', 'memory', 'storage', 'bandwidth', 'prices']) {
      expect(all.charts[id].bars, id).toBeGreaterThan(0);
      expect(all.charts[id].drawn, id).toBe(all.charts[id].bars);
    }
  });

  it('sums counted purchases only, and says why the rest are left out, per buyer', () => {
    // The vCPU chart: vCPU billed as vCPU, and hosts (of compute.vcpu or compute.gpu) billed in pieces.
    const inVcpu = (i: ReportItem) => (i.service === 'compute.vcpu' && i.billing_unit.unit === 'vCPU')
      || ((i.service === 'compute.vcpu' || i.service === 'compute.gpu') && !['vCPU', 'GB', 'Mbps'].includes(i.billing_unit.unit));
    const counted = data.items.filter((i) => i.counted !== false);
    const sum = (xs: ReportItem[]) => xs.reduce((s, i) => s + (i.resources.vcpu !== null && i.months !== null ? i.resources.vcpu * i.months : 0), 0);
    const expected = sum(counted.filter(inVcpu));
    expect(Math.abs(all.charts.vcpu.total - expected) / expected).toBeLessThan(1e-9);
    expect(all.why['vcpu/dup']).toBe(data.items.filter((i) => inVcpu(i) && i.counted === false).length);
    expect(all.why['vcpu/size']).toBe(counted.filter((i) => inVcpu(i) && i.resources.vcpu === null).length);
    expect(all.why['vcpu/months']).toBe(counted.filter((i) => inVcpu(i) && i.resources.vcpu !== null && i.months === null).length);
    expect(all.why['vcpu/dup']).toBeGreaterThan(0);
  });

  it('narrows the table and the charts to a service from the link (#service=compute.vcpu)', () => {
    const vcpuItems = data.items.filter((i) => i.service === 'compute.vcpu');
    expect(vcpu.shown).toBe(vcpuItems.length);
    expect(vcpu.itemsTotal).toBe(vcpuItems.length);
    expect(vcpu.itemRows).toBe(50);
    expect(vcpu.itemServices).toEqual(['compute.vcpu']);
    expect(vcpu.docsShown).toBeLessThan(all.docsShown);
    // vCPU bought as vCPU and in whole hosts of compute.vcpu, not in GPU hosts; no storage at all.
    const expected = vcpuItems.filter((i) => i.counted !== false).reduce((s, i) => s + (i.resources.vcpu !== null && i.months !== null ? i.resources.vcpu * i.months : 0), 0);
    expect(Math.abs(vcpu.charts.vcpu.total - expected) / expected).toBeLessThan(1e-9);
    expect(vcpu.charts.vcpu.total).toBeLessThan(all.charts.vcpu.total);
    expect(vcpu.charts.memory.total).toBeLessThan(all.charts.memory.total);
    expect(vcpu.charts.storage.bars).toBe(0);
    expect(vcpu.charts.vcpu.drawn).toBe(vcpu.charts.vcpu.bars);
    expect(vcpu.charts.prices.bars).toBe(1);
  });

  it('sorts by a column header click', () => {
    const max = Math.max(...data.items.filter((i) => i.service === 'compute.vcpu').map((i) => i.quantity));
    expect(sorted.sortedBy).toBe('descending');
    expect(sorted.first).toBe(max.toLocaleString('en-US'));
  });
});
