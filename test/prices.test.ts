// Prices stated on items, and the prices a dataset implies.
import { describe, expect, it } from 'vitest';
import { capInText, cellAmount } from '../pipeline/prices.js';
import { grid, itemsOf } from './grid.js';

const priced = (rows: string[][]) => itemsOf(grid(rows)).map((i) => [i.item, i.price]);

describe('prices stated on items', () => {
  it('a unit price column is a quoted price per billing unit and period', () => {
    expect(priced([
      ['序号', '服务名称', '单位', '数量', '单价（元/月）', '总价（元）'],
      ['1', 'vCPU', '核', '64', '35.00', '26,880.00'],
      ['2', '内存', 'GB', '256', '¥12.5', '38400'],
    ])).toEqual([
      ['vCPU', { value_cny: 35, per_unit: '核', per_period: 'month', kind: 'quoted' }],
      ['内存', { value_cny: 12.5, per_unit: 'GB', per_period: 'month', kind: 'quoted' }],
    ]);
  });

  it('a total only is a quoted price of the row; a row budget in 万元 is a budget; a 最高限价 column is a cap', () => {
    expect(priced([['序号', '服务名称', '单位', '数量', '合价（元）'], ['1', '对象存储', 'TB', '50', '60000']]))
      .toEqual([['对象存储', { value_cny: 60000, per_unit: null, per_period: null, kind: 'quoted' }]]);
    expect(priced([['序号', '标的名称', '单位', '数量', '预算金额（万元）'], ['1', '政务云租赁服务', '项', '1', '231.5']]))
      .toEqual([['政务云租赁服务', { value_cny: 2315000, per_unit: null, per_period: null, kind: 'budget' }]]);
    expect(priced([['序号', '服务项', '计价单位', '数量', '最高单价（元/月）'], ['1', '互联网带宽', '1Mbps', '100', '45']]))
      .toEqual([['互联网带宽', { value_cny: 45, per_unit: '1Mbps', per_period: 'month', kind: 'cap' }]]);
  });

  it('a ceiling written in a cell or a clause', () => {
    expect(priced([['序号', '服务项', '单位', '数量', '备注'], ['1', '短信服务', '条', '100000', '单价控制价0.05元/条']]))
      .toEqual([['短信服务', { value_cny: 0.05, per_unit: '条', per_period: null, kind: 'cap' }]]);
    expect(capInText('驻场运维人员最高限价230元/人/月')).toEqual({ value_cny: 230, per_unit: '人', per_period: 'month', kind: 'cap' });
    expect(capInText('本项目最高限价为1.2万元')).toEqual({ value_cny: 12000, per_unit: null, per_period: null, kind: 'cap' });
  });

  it('a blank price form gives no price', () => {
    expect(priced([['序号', '服务名称', '单位', '数量', '单价（元）', '总价（元）'], ['1', 'vCPU', '核', '64', '', ''], ['2', '内存', 'GB', '256', '/', '/']]))
      .toEqual([['vCPU', null], ['内存', null]]);
    expect([cellAmount('', false), cellAmount('详见报价表', false), cellAmount('12.5', true)]).toEqual([null, null, 125000]);
  });
});

describe('implied unit prices', async () => {
  const { estimate, regressionUnits, nnls } = await import('../dataset/prices.js');
  type Doc = import('../dataset/prices.js').PriceDocument;
  type It = import('../dataset/prices.js').PriceItem;
  const TRUTH: Record<string, number> = { 'compute.vcpu': 30, 'compute.memory': 12, 'storage.standard': 0.5, 'network.bandwidth': 20 };
  // mulberry32: draws independent enough that the made-up tenders are not collinear by accident.
  const rand = ((a) => () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  })(20261202);
  const normal = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());

  /** Tenders whose budgets are made from known prices plus noise: what the estimator must recover. */
  function synthetic(n: number, memoryPerVcpu: number | null, noise = 0.05): { docs: Doc[]; items: It[] } {
    const docs: Doc[] = [];
    const items: It[] = [];
    for (let d = 0; d < n; d++) {
      const doc_id = d.toString(16).padStart(16, '0');
      const months = [12, 24, 36][d % 3];
      const vcpu = Math.round(50 + rand() * 950);
      const q: Record<string, number> = {
        'compute.vcpu': vcpu,
        'compute.memory': memoryPerVcpu === null ? Math.round(100 + rand() * 3900) : vcpu * memoryPerVcpu,
        'storage.standard': Math.round(1000 + rand() * 99000),
        'network.bandwidth': Math.round(100 + rand() * 2400),
      };
      let budget = 0;
      for (const [service, total] of Object.entries(q)) {
        budget += TRUTH[service] * total * months;
        const r = { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null } as It['resources'];
        if (service === 'compute.vcpu') r.vcpu = total;
        if (service === 'compute.memory') r.memory_gb = total;
        if (service === 'storage.standard') r.storage_gb = total;
        if (service === 'network.bandwidth') r.bandwidth_mbps = total;
        items.push({ doc_id, lot: null, service: service as It['service'], months, total, unit_months: total * months, billing_unit: { size: 1, unit: 'x' }, resources: r, price: null });
      }
      docs.push({ doc_id, source: `t${d}.txt`, agency: `局${d}`, budget_cny: Math.round(budget * (1 + noise * normal())), lots: [], region: { province: null, city: null }, published: null, service_start: null });
    }
    return { docs, items };
  }

  it('recovers the prices that made the budgets: the truth within the 95% interval, the estimate within a few percent', () => {
    // Ten made-up datasets of 40 tenders, budgets from known prices with 5% noise.
    const covered: Record<string, number> = {};
    const error: Record<string, number> = {};
    for (let run = 0; run < 10; run++) {
      const { docs, items } = synthetic(40, null);
      const fit = estimate(regressionUnits(docs, items), items);
      for (const e of fit.estimates) {
        const truth = TRUTH[e.service];
        expect([e.service, e.identifiable, e.documents]).toEqual([e.service, true, 40]);
        if (e.low! <= truth && truth <= e.high!) covered[e.service] = (covered[e.service] ?? 0) + 1;
        error[e.service] = (error[e.service] ?? 0) + Math.abs(e.estimate! - truth) / truth / 10;
      }
      expect(fit.estimates.find((e) => e.service === 'compute.vcpu')!.unit).toBe('vCPU');
    }
    for (const service of Object.keys(TRUTH)) {
      expect(covered[service], service).toBeGreaterThanOrEqual(8);
      expect(error[service], service).toBeLessThan(0.1);
    }
  });

  it('says so when the data cannot tell two prices apart (memory always twice the vCPU)', () => {
    const { docs, items } = synthetic(30, 2);
    const fit = estimate(regressionUnits(docs, items), items);
    const got = Object.fromEntries(fit.estimates.map((e) => [e.service, e]));
    for (const s of ['compute.vcpu', 'compute.memory']) {
      expect(got[s]).toMatchObject({ identifiable: false, estimate: null, note: 'bought in the same proportion as other services in every document: its price cannot be told apart from theirs' });
    }
    expect(got['storage.standard'].identifiable).toBe(true);
  });

  it('non-negative least squares keeps every price at or above zero', () => {
    expect(nnls([[1, 0], [0, 1], [1, 1]], [2, -1, 1]).map((v) => Math.round(v * 1000) / 1000)).toEqual([1.5, 0]);
  });
});

describe('tender prices on tenders made from known prices', () => {
  it('prints yuan per vCPU-month with its interval, around the price that made the budgets, and keeps the estimates in the dataset', async () => {
    const { readdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { extract } = await import('../index.js');
    const { loadDataset } = await import('../dataset/load.js');
    const { main } = await import('../cli/main.js');
    const files = readdirSync('corpus').filter((f) => f.startsWith('synthetic_price_')).map((f) => join('corpus', f));
    expect(files).toHaveLength(24);
    const dir = mkdtempSync(join(tmpdir(), 'tender-prices-'));
    const records = await extract(files, { ocr: 'off' });
    writeFileSync(join(dir, 'documents.jsonl'), records.documents.map((d) => JSON.stringify(d) + '\n').join(''));
    writeFileSync(join(dir, 'items.jsonl'), records.items.map((i) => JSON.stringify(i) + '\n').join(''));
    const loaded = await loadDataset(dir);
    if (!loaded.ok) throw new Error(loaded.error);
    let out = '';
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
    try {
      expect(await main(['prices', '--service', 'compute.vcpu', '--db', join(dir, 'tenders.duckdb'), '--json'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const [vcpu] = out.trim().split('\n').map((l) => JSON.parse(l));
    // The budgets were made at 32 yuan per vCPU-month (scripts/make-price-corpus.ts), with noise.
    expect(vcpu).toMatchObject({ service: 'compute.vcpu', unit: 'vCPU', documents: 24, identifiable: true });
    expect(vcpu.low <= 32 && 32 <= vcpu.high).toBe(true);
    expect(Math.abs(vcpu.estimate - 32) / 32).toBeLessThan(0.1);
    // The facts read in buckets of a few documents' items give the estimates read in one.
    const { openDataset } = await import('../dataset/db.js');
    const { priceFacts } = await import('../dataset/estimates.js');
    const { estimateFacts } = await import('../dataset/prices.js');
    const ds = await openDataset(join(dir, 'tenders.duckdb'), { readOnly: true });
    if (!ds.ok) throw new Error(ds.error);
    const whole = await priceFacts(ds.value);
    const bucketed = await priceFacts(ds.value, 20);
    ds.value.close();
    if (!whole.ok || !bucketed.ok) throw new Error('price facts not read');
    expect(bucketed.value.documents).toBe(24);
    for (const by of ['all', 'agency'] as const) expect(estimateFacts(bucketed.value, by).estimates).toEqual(estimateFacts(whole.value, by).estimates);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(join(dir, 'tenders.duckdb'));
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(`SELECT service FROM price_estimates WHERE "by" = 'all' AND identifiable ORDER BY service`)).getRows().map((r) => r[0]);
    expect(rows).toEqual(expect.arrayContaining(['compute.memory', 'compute.vcpu', 'network.bandwidth']));
    conn.closeSync();
    db.closeSync();
  });
});
