// OCR of pages without usable text: a page that is only an image of a tender (facts and item
// tables), and a page whose text layer is garbled by a broken ToUnicode map.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Records } from '../pipeline/document.js';
import { processFile } from '../runtime/run.js';

const SCANNED = 'test/fixtures/pdf/scanned-table.pdf';
const GARBLED = 'test/fixtures/pdf/garbled-table.pdf';
const cache = mkdtempSync(join(tmpdir(), 'tender-ocr-cache-'));
const auto = { mode: 'auto' as const, pageTimeoutMs: 120_000, cacheDir: cache };
const row = (i: Records['items'][number]) => [i.lot, i.item, i.service, i.quantity, i.billing_unit.raw, i.months];

let scanned: Records;
let garbled: Records;
beforeAll(async () => {
  [scanned, garbled] = await Promise.all([processFile(SCANNED, SCANNED, { ocr: auto }), processFile(GARBLED, GARBLED, { ocr: auto })]);
}, 180_000);

describe('a page that is only an image', () => {
  it('gives its facts, as a text layer would', () => {
    expect(scanned.document).toMatchObject({
      status: 'partial', project: '沈阳市大数据管理局城市大脑算力资源租赁服务项目', agency: '沈阳市大数据管理局', budget_cny: 5600000,
      lots: [{ lot: 1, name: '物理服务器租赁服务', budget_cny: 4180000 }, { lot: 2, name: '数据库及网络服务', budget_cny: 1420000 }],
    });
    expect(scanned.document.warnings[0]).toMatch(/^page 1 read by OCR \(mean confidence 0\.9\d\)$/);
  });

  it('rebuilds its tables from the boxes of the recognised text, and says their items come from OCR', () => {
    expect(scanned.tables.map((t) => [t.kind, t.header])).toEqual([
      ['items', ['序号', '资源名称', '配置要求', '数量/单位', '数量', '租用期限（月）']],
      ['items', ['序号', '资源名称', '配置要求', '数量/单位', '数量', '租用期限（月)']],
    ]);
    expect(scanned.items.map(row)).toEqual([
      [1, '高性能物理服务器', 'compute.bare_metal', 6, '台', 12],
      [1, '通用物理服务器', 'compute.bare_metal', 10, '台', 12],
      [1, 'GPU服务器', 'compute.gpu', 2, '台', 12],
      [1, '物理服务器内存扩容', 'compute.bare_metal.memory', 16, '条', 12],
      [2, '分布式关系型数据库', 'software.database', 2, '套', 12],
    ]);
    expect(scanned.document.warnings).toContain('table 1: read by OCR from page 1 (confidence 0.99): check its figures against the page');
  });

  it('keeps recognised pages by document and page: a re-run reads them from the cache', async () => {
    const files = readdirSync(cache).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(2);
    // An entry changed by hand is what the next run reads: it did not recognise the page again.
    const own = join(mkdtempSync(join(tmpdir(), 'tender-ocr-own-')));
    cpSync(cache, own, { recursive: true });
    for (const f of files) {
      const path = join(own, f);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('沈阳市大数据管理局', '缓存测试管理局'));
    }
    const again = await processFile(SCANNED, SCANNED, { ocr: { ...auto, cacheDir: own } });
    expect(again.document.agency).toBe('缓存测试管理局');
  });

  it('--ocr off leaves it flagged as before', async () => {
    const off = await processFile(SCANNED, SCANNED, {});
    expect(off.document).toMatchObject({ status: 'failed', error: 'no extractable text on its only page (scanned or image-only PDF): OCR needed' });
  });

  it('a page over its time limit stays flagged, with the reason', async () => {
    const slow = await processFile(SCANNED, SCANNED, { ocr: { mode: 'auto', pageTimeoutMs: 1 } });
    expect(slow.document.status).toBe('failed');
    expect(slow.document.warnings).toContain('page 1: OCR timed out after 0.001 s (--ocr-timeout)');
  });
});

describe('a page whose text layer is garbled by a broken ToUnicode map', () => {
  it('is recovered: its item table comes out of the recognised page', () => {
    expect(garbled.document.status).toBe('partial');
    expect(garbled.document.warnings[0]).toMatch(/^page 1 read by OCR/);
    expect(garbled.items.map((i) => [i.category, i.item.replace(/[（）()\s]/g, ''), i.quantity, i.price_unit.per, i.months]).slice(0, 3)).toEqual([
      ['计算服务', 'vCPU', 655, 'month', 12],
      ['计算服务', '内存', 2014, 'month', 12],
      ['网络服务', '互联网带宽BGP，不低于200Mbps', 200, 'month', 12],
    ]);
    expect(garbled.items.map((i) => i.quantity)).toEqual([655, 2014, 200, 2, 5000]);
  });

  it('--ocr off leaves it flagged as before', async () => {
    const off = await processFile(GARBLED, GARBLED, {});
    expect(off.document.status).toBe('failed');
    expect(off.document.error).toBe('text of its only page does not decode (broken font encoding or ToUnicode map): OCR needed');
  });
});

describe('tender extract --ocr', () => {
  it('OCRs in the worker pool, says so as it goes, and keeps its cache with the output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-ocr-cli-'));
    // The cache of the runs above: the worker reads the page from it.
    cpSync(cache, join(dir, 'out', '.ocr-cache'), { recursive: true });
    const r = spawnSync(process.execPath, ['bin/tender.js', 'extract', SCANNED, '--out', join(dir, 'out'), '--no-db'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`ocr     ${SCANNED}: 1 page without usable text`);
    expect(r.stderr).toContain(`partial ${SCANNED}: 5 items, 2 tables`);
  });

  it('rejects an unknown mode', () => {
    const r = spawnSync(process.execPath, ['bin/tender.js', 'extract', SCANNED, '--ocr', 'maybe'], { encoding: 'utf8' });
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, 'tender extract: --ocr must be one of auto, off, force, got "maybe"']);
  });
});
