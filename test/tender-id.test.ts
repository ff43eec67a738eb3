// One tender, many files: the files of one tender share a tender_id, and a purchase restated by
// several of them is counted once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../index.js';
import { CHECKPOINT_ASIDE_ITEMS, loadDataset } from '../dataset/load.js';
import { foldProject, tenderId } from '../pipeline/tender-id.js';

describe('tender_id', () => {
  it('is the project code where one is stated, else buyer + project however written, else the file', () => {
    const doc = (project_code: string | null, agency: string | null, project: string | null) => ({ doc_id: '0123456789abcdef', project_code, agency, project });
    expect(tenderId(doc('ZJQT-2026-FW-018', 'A', 'P'))).toBe(tenderId(doc('ＺＪＱＴ-2026-FW-018 ', null, null)));
    expect(tenderId(doc(null, '某局', '某局2026年政务云服务项目'))).toBe(tenderId(doc(null, '某局', '某局2026年政务云服务（第一包：基础资源）')));
    expect(tenderId(doc(null, '某局', '某局2026年政务云服务项目'))).not.toBe(tenderId(doc(null, '某局', '某局2027年政务云服务项目')));
    expect(tenderId(doc(null, null, '某项目'))).toBe('0123456789abcdef');
    expect(foldProject('某局 2026年政务云（二次）采购项目')).toBe('某局2026年政务云');
  });
});

describe('one tender, many files', async () => {
  // The same tender as its TXT, its DOCX attachment and its HTML notice page; and another tender.
  const files = ['corpus/003_a46c9a722c1cc422.txt', 'test/fixtures/seeds/003_a46c9a722c1cc422.docx', 'test/fixtures/seeds/003_a46c9a722c1cc422.html', 'corpus/000_039f6a7fe7b5dcbb.txt'];
  const records = await extract(files, { ocr: 'off' });
  const dir = mkdtempSync(join(tmpdir(), 'tender-one-'));
  writeFileSync(join(dir, 'documents.jsonl'), records.documents.map((d) => JSON.stringify(d) + '\n').join(''));
  writeFileSync(join(dir, 'items.jsonl'), records.items.map((i) => JSON.stringify(i) + '\n').join(''));
  const loaded = await loadDataset(dir);
  if (!loaded.ok) throw new Error(loaded.error);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const query = async (sql: string) => {
    const db = await DuckDBInstance.create(join(dir, 'tenders.duckdb'));
    const conn = await db.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  };

  it('groups the three files of one tender under one tender_id; documents stay one per file', () => {
    const ids = records.documents.map((d) => d.tender_id);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    expect(records.documents).toHaveLength(4);
  });

  it('counts each purchase once, in the file that read the tender most completely, and says which', async () => {
    const rows = await query(`SELECT source, count(*) FILTER (WHERE counted) AS counted, count(*) AS items, min(counted_in) AS counted_in
      FROM v_purchases GROUP BY source ORDER BY source`);
    const counted = rows.reduce((n, r) => n + Number(r.counted), 0);
    expect(counted).toBe(45 + 31);
    const of003 = rows.filter((r) => String(r.source).includes('003_'));
    expect(of003.map((r) => Number(r.items))).toEqual([45, 45, 45]);
    expect(of003.filter((r) => Number(r.counted) === 45)).toHaveLength(1);
    const vcpu = await query(`SELECT agency, sum(resources.vcpu) AS vcpu, count(DISTINCT tender_id) AS tenders, count(DISTINCT doc_id) AS files
      FROM v_purchases WHERE counted AND service = 'compute.vcpu' GROUP BY agency ORDER BY agency`);
    expect(vcpu).toEqual([
      { agency: '北京市司法局', vcpu: 1211, tenders: '1', files: '1' },
      { agency: '北京市科学技术协会综合服务中心', vcpu: 832, tenders: '1', files: '1' },
    ]);
    const tenders = await query(`SELECT files, items FROM v_tenders ORDER BY files`);
    expect(tenders.map((t) => [Number(t.files), Number(t.items)])).toEqual([[1, 31], [3, 45]]);
  });
});

describe('an attachment that states no code', async () => {
  // Files made from one record: two that state a code under one name, one without a code beside each
  // name, and a name stated under two codes (a re-tender: its uncoded file cannot be placed).
  const [base] = (await extract(['corpus/000_039f6a7fe7b5dcbb.txt'], { ocr: 'off' })).documents;
  const doc = (n: number, project_code: string | null, project: string) => {
    const d = { ...base, doc_id: `${n}`.padStart(16, 'a'), source: `f${n}.txt`, project_code, agency: '某市某局', project, items: 0 };
    return { ...d, tender_id: tenderId(d) };
  };
  const docs = [doc(1, 'CODE-1', '政务云服务项目'), doc(2, null, '政务云服务项目'), doc(3, 'CODE-3', '安全服务项目'), doc(4, 'CODE-4', '安全服务项目'), doc(5, null, '安全服务项目'), doc(6, null, '运维服务项目')];
  const dir = mkdtempSync(join(tmpdir(), 'tender-uncoded-'));
  writeFileSync(join(dir, 'documents.jsonl'), docs.map((d) => JSON.stringify(d) + '\n').join(''));
  writeFileSync(join(dir, 'items.jsonl'), '');
  const loaded = await loadDataset(dir);

  it('joins the tender of the one code stated under its buyer and project, and no other', async () => {
    if (!loaded.ok) throw new Error(loaded.error);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(join(dir, 'tenders.duckdb'));
    const conn = await db.connect();
    const ids = Object.fromEntries((await conn.runAndReadAll('SELECT source, tender_id FROM documents')).getRows().map(([s, t]) => [String(s), String(t)]));
    conn.closeSync();
    db.closeSync();
    expect(ids).toEqual({
      'f1.txt': docs[0].tender_id, 'f2.txt': docs[0].tender_id,
      'f3.txt': docs[2].tender_id, 'f4.txt': docs[3].tender_id, 'f5.txt': docs[4].tender_id,
      'f6.txt': docs[5].tender_id,
    });
    expect(new Set(Object.values(ids)).size).toBe(5);
  });
});

describe('an attachment that states no code, in a load that checkpoints beside the grouping', async () => {
  // Enough items that the load checkpoints on a connection of its own while the groups are read
  // and updated: the update waits for the checkpoint, and both land.
  const read = await extract(['corpus/000_039f6a7fe7b5dcbb.txt'], { ocr: 'off' });
  const [base] = read.documents;
  const perDoc = read.items.length;
  const files = Math.ceil(CHECKPOINT_ASIDE_ITEMS / perDoc) + 1;
  const doc = (n: number, project_code: string | null, project: string) => {
    const d = { ...base, doc_id: `${n}`.padStart(16, 'b'), source: `g${n}.txt`, project_code, agency: '某市某局', project, items: perDoc };
    return { ...d, tender_id: tenderId(d) };
  };
  const docs = [doc(1, 'CODE-1', '政务云服务项目'), doc(2, null, '政务云服务项目'), ...Array.from({ length: files - 2 }, (_, i) => doc(i + 3, `CODE-${i + 3}`, `第${i + 3}号项目`))];
  const dir = mkdtempSync(join(tmpdir(), 'tender-aside-'));
  writeFileSync(join(dir, 'documents.jsonl'), docs.map((d) => JSON.stringify(d) + '\n').join(''));
  writeFileSync(join(dir, 'items.jsonl'), docs.flatMap((d) => read.items.map((i) => JSON.stringify({ ...i, doc_id: d.doc_id, source: d.source }) + '\n')).join(''));
  const loaded = await loadDataset(dir);

  it('groups the uncoded file with its coded one and keeps every row and estimate', async () => {
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.items).toBe(files * perDoc);
    expect(loaded.value.items).toBeGreaterThanOrEqual(CHECKPOINT_ASIDE_ITEMS);
    expect(loaded.value.skipped).toEqual([]);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(join(dir, 'tenders.duckdb'));
    const conn = await db.connect();
    const ids = Object.fromEntries((await conn.runAndReadAll(`SELECT source, tender_id FROM documents WHERE source IN ('g1.txt', 'g2.txt')`)).getRows().map(([s, t]) => [String(s), String(t)]));
    const [[items, estimates, current]] = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM price_estimates),
      (SELECT count(*) FROM dataset_meta WHERE key = 'derived_current')`)).getRows();
    conn.closeSync();
    db.closeSync();
    expect(ids).toEqual({ 'g1.txt': docs[0].tender_id, 'g2.txt': docs[0].tender_id });
    expect(Number(items)).toBe(files * perDoc);
    expect(Number(estimates)).toBeGreaterThan(0);
    expect(Number(current)).toBe(1);
  });
});
