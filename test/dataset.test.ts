import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAfterExtract, loadDataset } from '../dataset/load.js';
import { SCHEMA_DIGEST, SCHEMA_VERSION, VIEWS, objects, openDataset, queryRows, wholeStream, writeTemplate } from '../dataset/db.js';
import { SEEDS, jsonl } from './helpers.js';

interface Run { status: number; stderr: string }
// Asynchronous, so independent runs overlap: each start of the CLI costs seconds on a busy machine.
const tender = (args: string[], cwd = process.cwd()) => new Promise<Run>((resolve) => {
  execFile(process.execPath, [join(process.cwd(), 'bin/tender.js'), ...args], { cwd, encoding: 'utf8' }, (e, _stdout, stderr) => {
    resolve({ status: e ? Number((e as { code?: number }).code ?? 70) : 0, stderr });
  });
});

/** Rows of a query, read-only, the database closed again so the CLI can write it next. */
async function sql(db: string, q: string): Promise<Record<string, unknown>[]> {
  const ds = await openDataset(db, { readOnly: true });
  if (!ds.ok) throw new Error(ds.error);
  try {
    const r = await queryRows(ds.value.conn, q);
    if (!r.ok) throw new Error(r.error);
    return objects(r.value);
  } finally {
    ds.value.close();
  }
}

const COUNTS = `SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM specs) AS specs,
  (SELECT count(*) FROM (SELECT DISTINCT doc_id, "table", "row" FROM items)) AS distinct_items`;

describe('tender extract loads the dataset', () => {
  let out: string;
  let first: Run;
  let second: Run;
  let afterFirst: Record<string, unknown>;
  let specsInJsonl: number;
  let bad: string;
  let badNoDb: Run;
  let badDb: Run;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'tender-db-'));
    bad = mkdtempSync(join(tmpdir(), 'tender-baddb-'));
    writeFileSync(join(bad, 'tenders.duckdb'), 'not a database, just text '.repeat(200));
    await Promise.all([
      (async () => {
        first = await tender(['extract', ...SEEDS, '--out', out, '--quiet']);
        afterFirst = (await sql(join(out, 'tenders.duckdb'), COUNTS))[0];
        specsInJsonl = jsonl(join(out, 'items.jsonl')).reduce((n, i) => n + i.specs.length, 0);
        second = await tender(['extract', ...SEEDS, '--out', out, '--quiet']);
      })(),
      (async () => {
        badNoDb = await tender(['extract', SEEDS[0], '--out', bad, '--quiet', '--no-db']);
        badDb = await tender(['extract', SEEDS[0], '--out', bad, '--quiet']);
      })(),
    ]);
  });

  it('loads documents, items and one row per spec, and says so in one line', () => {
    expect(first.status).toBe(0);
    expect(afterFirst).toEqual({ documents: 2, items: 76, specs: specsInJsonl, distinct_items: 76 });
    expect(specsInJsonl).toBeGreaterThan(30);
    expect(first.stderr).toContain(`dataset: 2 documents, 76 items, ${specsInJsonl} specs loaded this run · ${join(out, 'tenders.duckdb')} now holds 2 documents, 76 items, ${specsInJsonl} specs\n`);
  });

  it('leaves every row count unchanged when run again on the same files, rewriting nothing', async () => {
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`dataset: 0 documents, 0 items, 0 specs loaded this run, 2 unchanged · ${join(out, 'tenders.duckdb')} now holds 2 documents, 76 items, ${specsInJsonl} specs\n`);
    expect((await sql(join(out, 'tenders.duckdb'), COUNTS))[0]).toEqual(afterFirst);
  });

  it('holds the records as written: documents field by field, items without their specs, specs by position', async () => {
    const db = join(out, 'tenders.duckdb');
    const docs = jsonl(join(out, 'documents.jsonl')).sort((a, b) => (a.source < b.source ? -1 : 1));
    expect(await sql(db, 'SELECT * FROM documents ORDER BY source')).toEqual(docs);
    const items = jsonl(join(out, 'items.jsonl')).sort((a, b) => a.source.localeCompare(b.source) || a.table - b.table || a.row - b.row);
    expect(await sql(db, 'SELECT * FROM items ORDER BY source, "table", "row"')).toEqual(items.map(({ specs, ...rest }) => rest));
    const specs = items.flatMap((i) => i.specs.map((s: Record<string, unknown>, k: number) => ({
      doc_id: i.doc_id, table: i.table, row: i.row, position: k + 1,
      op: null, value: null, min: null, max: null, unit: null, qualifier: null, ...s,
    })));
    expect(await sql(db, `SELECT s.* FROM specs s JOIN documents d USING (doc_id) ORDER BY d.source, "table", "row", position`)).toEqual(specs);
  });

  it('has the views, e.g. vCPU by agency and storage by tier', async () => {
    const db = join(out, 'tenders.duckdb');
    expect(await sql(db, `SELECT agency, unit, quantity, total, unit_months, documents, items FROM v_service_by_agency WHERE service = 'compute.vcpu' ORDER BY agency`)).toEqual([
      { agency: '北京市司法局', unit: 'vCPU', quantity: 1211, total: 1211, unit_months: 14532, documents: 1, items: 3 },
      { agency: '北京市科学技术协会综合服务中心', unit: 'vCPU', quantity: 832, total: 832, unit_months: 9744, documents: 1, items: 3 },
    ]);
    expect(await sql(db, `SELECT tier, gb, gb_months FROM v_storage_by_tier WHERE agency = '北京市科学技术协会综合服务中心' ORDER BY tier`)).toEqual([
      { tier: 'backup', gb: 14500, gb_months: 166000 },
      { tier: 'performance', gb: 2054, gb_months: 21600 },
      { tier: 'standard', gb: 86524, gb_months: 1025240 },
    ]);
    expect((await sql(db, `SELECT count(*) AS n FROM v_lots WHERE doc_id = 'de544d997a33166b'`))[0].n).toBe(3);
  });

  it('--no-db skips the load: a broken database is not even opened', () => {
    expect(badNoDb.status).toBe(0);
    expect(badNoDb.stderr).not.toMatch(/dataset/);
  });

  it('a database that cannot be opened is one line of error and exit 1, the JSON lines are kept', () => {
    expect(badDb.status).toBe(1);
    const lines = badDb.stderr.split('\n').filter((l) => l.startsWith('tender:'));
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`tender: dataset not updated (the JSON lines are written): cannot open ${join(bad, 'tenders.duckdb')}: `)).toBe(true);
    expect(jsonl(join(bad, 'documents.jsonl'))).toHaveLength(1);
    expect(jsonl(join(bad, 'items.jsonl'))).toHaveLength(31);
  });
});

describe('loadDataset', () => {
  // Two versions of one file: the second run's JSON lines hold the changed file.
  const doc = (doc_id: string, items: number) => ({
    doc_id, source: 'in/tender.txt', format: 'txt', status: 'ok', error: null, error_kind: null, warnings: [], warning_codes: [], project: 'P', agency: 'A',
    budget_cny: null, price_cap_cny: null, project_code: null, tender_id: doc_id, notice_type: 'tender', published: null,
    region: { province: null, city: null }, awards: [], lots: [], service_start: '2025-01-01', service_end: null, tables: 1, items,
  });
  const item = (doc_id: string, row: number, quantity: number) => ({
    doc_id, source: 'in/tender.txt', lot: null, section: null, table: 1, row, page: null, seq: null, category: null, subcategory: null,
    item: 'vCPU', service: 'compute.vcpu', billing_unit: { raw: '1核', size: 1, unit: 'vCPU' }, price_unit: { raw: '元/月', currency: 'CNY', per: 'month' },
    quantity, months: 12, total: quantity, unit_months: quantity * 12,
    specs: [{ key: 'cpu_ghz', op: '>=', value: 2.4, raw: '≥2.4GHz' }],
    resources: { vcpu: quantity, memory_gb: null, storage_gb: null, bandwidth_mbps: null }, price: null, tokens: ['vCPU'],
  });
  const write = (dir: string, docs: object[], items: object[]) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'documents.jsonl'), docs.map((d) => JSON.stringify(d) + '\n').join(''));
    writeFileSync(join(dir, 'items.jsonl'), items.map((d) => JSON.stringify(d) + '\n').join(''));
  };

  it('replaces a changed file\'s older version (same source, new doc_id), keeping other documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-load-'));
    const db = join(dir, 'tenders.duckdb');
    const other = { ...doc('bbbbbbbbbbbbbbbb', 0), source: 'in/other.txt' };
    write(join(dir, 'run1'), [doc('aaaaaaaaaaaaaaaa', 2), other], [item('aaaaaaaaaaaaaaaa', 1, 10), item('aaaaaaaaaaaaaaaa', 2, 20)]);
    const r1 = await loadDataset(join(dir, 'run1'), db);
    expect(r1).toEqual({ ok: true, value: { documents: 2, items: 2, specs: 2, unchanged: 0, duplicates: [], total: { documents: 2, items: 2, specs: 2 }, skipped: [] } });

    // The same records again: nothing to do.
    const again = await loadDataset(join(dir, 'run1'), db);
    expect(again.ok && [again.value.documents, again.value.unchanged]).toEqual([0, 2]);

    write(join(dir, 'run2'), [doc('cccccccccccccccc', 1)], [item('cccccccccccccccc', 1, 5)]);
    const r2 = await loadDataset(join(dir, 'run2'), db);
    expect(r2.ok && r2.value.total).toEqual({ documents: 2, items: 1, specs: 1 });
    expect(await sql(db, 'SELECT doc_id, source FROM documents ORDER BY source')).toEqual([
      { doc_id: 'cccccccccccccccc', source: 'in/tender.txt' }, { doc_id: 'bbbbbbbbbbbbbbbb', source: 'in/other.txt' },
    ].sort((a, b) => (a.source < b.source ? -1 : 1)));
    expect(await sql(db, 'SELECT doc_id, quantity FROM items')).toEqual([{ doc_id: 'cccccccccccccccc', quantity: 5 }]);
    expect(await sql(db, `SELECT count(*) AS n FROM specs WHERE doc_id = 'aaaaaaaaaaaaaaaa'`)).toEqual([{ n: 0 }]);
    expect(await sql(db, `SELECT service_start FROM documents WHERE doc_id = 'cccccccccccccccc'`)).toEqual([{ service_start: '2025-01-01' }]);
  });

  it('keeps one document for the same bytes under two paths (the path that sorts first) and says which it skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-dup-'));
    const a = { ...doc('aaaaaaaaaaaaaaaa', 1), source: 'in/a.txt' };
    const b = { ...doc('aaaaaaaaaaaaaaaa', 1), source: 'in/b.txt' };
    // Written in the order the files finished, b first.
    write(dir, [b, a], [{ ...item('aaaaaaaaaaaaaaaa', 1, 10), source: 'in/b.txt' }, { ...item('aaaaaaaaaaaaaaaa', 1, 10), source: 'in/a.txt' }]);
    let said = '';
    const code = await loadAfterExtract(dir, { write: (s: string) => { said += s; return true; } } as NodeJS.WritableStream);
    expect(code).toBe(0);
    expect(said).toBe(`dataset: 1 documents, 1 items, 1 specs loaded this run · ${join(dir, 'tenders.duckdb')} now holds 1 documents, 1 items, 1 specs · 1 duplicate file skipped (same bytes as another path): in/b.txt\n`);
    expect(await sql(join(dir, 'tenders.duckdb'), 'SELECT d.source, i.source AS item_source FROM documents d JOIN items i USING (doc_id)')).toEqual([{ source: 'in/a.txt', item_source: 'in/a.txt' }]);
  });

  it('loads around a broken JSON line, a record off the contract and items without their document, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-loadbad-'));
    const db = join(dir, 'tenders.duckdb');
    const other = { ...doc('bbbbbbbbbbbbbbbb', 1), source: 'in/other.txt' };
    write(join(dir, 'a'), [doc('aaaaaaaaaaaaaaaa', 1), other], [item('aaaaaaaaaaaaaaaa', 1, 10), { ...item('bbbbbbbbbbbbbbbb', 1, 10), source: 'in/other.txt' }]);
    writeFileSync(join(dir, 'a', 'items.jsonl'), readFileSync(join(dir, 'a', 'items.jsonl'), 'utf8') + '{"doc_id": \n');
    const a = await loadDataset(join(dir, 'a'), db);
    expect(a.ok && [a.value.documents, a.value.items, a.value.skipped]).toEqual([2, 2, [`${join(dir, 'a', 'items.jsonl')}:3: not a JSON line (skipped)`]]);

    // A record off the contract puts its whole document aside; the other one loads.
    write(join(dir, 'b'), [doc('cccccccccccccccc', 1), { ...other, doc_id: 'dddddddddddddddd' }],
      [{ ...item('cccccccccccccccc', 1, 10), service: 'compute.cpu' }, { ...item('dddddddddddddddd', 1, 7), source: 'in/other.txt' }]);
    const b = await loadDataset(join(dir, 'b'), db);
    expect(b.ok && b.value.skipped).toEqual([expect.stringMatching(/items\.jsonl:1: service: .* \(document cccccccccccccccc skipped\)$/)]);
    expect(await sql(db, `SELECT doc_id, quantity FROM items WHERE doc_id IN ('cccccccccccccccc', 'dddddddddddddddd')`)).toEqual([{ doc_id: 'dddddddddddddddd', quantity: 7 }]);

    write(join(dir, 'c'), [doc('aaaaaaaaaaaaaaaa', 1)], [item('eeeeeeeeeeeeeeee', 1, 10)]);
    const c = await loadDataset(join(dir, 'c'), db);
    expect(c.ok && c.value.skipped).toEqual(['items of document eeeeeeeeeeeeeeee have no document record (skipped)']);

    expect(await loadDataset(join(dir, 'nothing-here'), db)).toEqual({ ok: false, error: `${join(dir, 'nothing-here', 'documents.jsonl')} not found (run tender extract first)` });
  });

  it('reads the store in chunks that cut lines and characters in two, and loads the same as read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-chunks-'));
    const other = { ...doc('bbbbbbbbbbbbbbbb', 1), source: 'in/其他.txt', project: '云服务租赁' };
    const items = (q: number) => [
      item('aaaaaaaaaaaaaaaa', 1, 10), { ...item('bbbbbbbbbbbbbbbb', 1, q), source: 'in/其他.txt', item: '云主机（vCPU）' }, item('aaaaaaaaaaaaaaaa', 2, 20),
    ];
    // Windows line ends, a blank line and a broken one, as a store edited by hand may hold.
    const store = (name: string, q: number) => {
      write(join(dir, name), [doc('aaaaaaaaaaaaaaaa', 2), other], []);
      writeFileSync(join(dir, name, 'items.jsonl'), `${items(q).map((i) => JSON.stringify(i)).join('\r\n')}\r\n\r\n{"doc_id": \r\n`);
    };
    store('v1', 5);
    const rows = `SELECT d.doc_id, d.source, d.project, i."row", i.item, i.quantity, (SELECT sha256 FROM dataset_digests g WHERE g.doc_id = d.doc_id) AS sha
      FROM documents d JOIN items i USING (doc_id) ORDER BY d.doc_id, i."row"`;
    const broken = `${join(dir, 'v1', 'items.jsonl')}:5: not a JSON line (skipped)`;
    const whole = await loadDataset(join(dir, 'v1'), join(dir, 'whole.duckdb'));
    // 7 bytes: every line spans chunks, and a Chinese character (3 bytes) is cut at some boundary.
    const cut = await loadDataset(join(dir, 'v1'), join(dir, 'cut.duckdb'), { chunkBytes: 7 });
    expect(cut).toEqual({ ok: true, value: { documents: 2, items: 3, specs: 3, unchanged: 0, duplicates: [], total: { documents: 2, items: 3, specs: 3 }, skipped: [broken] } });
    expect(whole).toEqual(cut);
    const loaded = await sql(join(dir, 'cut.duckdb'), rows);
    expect(loaded.map((r) => [r.doc_id, r.source, r.project, r.row, r.item, r.quantity])).toEqual([
      ['aaaaaaaaaaaaaaaa', 'in/tender.txt', 'P', 1, 'vCPU', 10], ['aaaaaaaaaaaaaaaa', 'in/tender.txt', 'P', 2, 'vCPU', 20],
      ['bbbbbbbbbbbbbbbb', 'in/其他.txt', '云服务租赁', 1, '云主机（vCPU）', 5],
    ]);
    expect(await sql(join(dir, 'whole.duckdb'), rows)).toEqual(loaded);

    // One document's item changed: it alone is read again and replaced, the broken line told once.
    store('v2', 6);
    const next = await loadDataset(join(dir, 'v2'), join(dir, 'cut.duckdb'), { chunkBytes: 7 });
    expect(next).toEqual({ ok: true, value: { documents: 1, items: 1, specs: 1, unchanged: 1, duplicates: [], total: { documents: 2, items: 3, specs: 3 }, skipped: [broken.replace('v1', 'v2')] } });
    const after = await sql(join(dir, 'cut.duckdb'), rows);
    expect(after.map((r) => r.quantity)).toEqual([10, 20, 6]);
    expect(after.slice(0, 2)).toEqual(loaded.slice(0, 2));
    expect(after[2].sha).not.toBe(loaded[2].sha);
    // Read whole, the same store gives the same digests: the next load of it changes nothing.
    const same = await loadDataset(join(dir, 'v2'), join(dir, 'cut.duckdb'));
    expect(same.ok && [same.value.documents, same.value.unchanged]).toEqual([0, 2]);
  });

  it('digests a document from the bytes of its lines, whatever its path\'s length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-digest-lines-'));
    // A path of 700 bytes: its key is past the start of the line the scan reads it from.
    const source = `in/${'采购需求'.repeat(58)}.txt`;
    const d = { ...doc('cccccccccccccccc', 2), source };
    const its = [{ ...item('cccccccccccccccc', 1, 3), source }, { ...item('cccccccccccccccc', 2, 4), source, item: '云主机（vCPU）' }];
    mkdirSync(dir, { recursive: true });
    const docLine = JSON.stringify(d);
    const itemLines = its.map((i) => JSON.stringify(i));
    writeFileSync(join(dir, 'documents.jsonl'), `${docLine}\n`);
    writeFileSync(join(dir, 'items.jsonl'), `${itemLines.join('\n')}\n`);
    const r = await loadDataset(dir, join(dir, 'tenders.duckdb'));
    expect(r.ok ? [r.value.documents, r.value.items, r.value.skipped] : r.error).toEqual([1, 2, []]);
    const { createHash } = await import('node:crypto');
    const hex = (h: ReturnType<typeof createHash>) => h.digest('hex');
    const items = createHash('sha256');
    for (const l of itemLines) items.update(`${l}\n`);
    const expected = hex(createHash('sha256').update(`${hex(createHash('sha256').update(`${docLine}\n`))}\n${hex(items)}`));
    expect(await sql(join(dir, 'tenders.duckdb'), 'SELECT source, sha256 FROM dataset_digests')).toEqual([{ source, sha256: expected }]);
  });

  it('tells a line of wide spaces as no JSON line and loads the rest, where DuckDB\'s reader would refuse the whole file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-wide-space-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'documents.jsonl'), `${JSON.stringify(doc('dddddddddddddddd', 1))}\n\u3000\u3000\n`);
    writeFileSync(join(dir, 'items.jsonl'), `\u00a0\n${JSON.stringify(item('dddddddddddddddd', 1, 2))}\n  \t\n`);
    const r = await loadDataset(dir, join(dir, 'tenders.duckdb'));
    expect(r.ok ? [r.value.documents, r.value.items, r.value.skipped] : r.error).toEqual([1, 1, [
      `${join(dir, 'documents.jsonl')}:2: not a JSON line (skipped)`, `${join(dir, 'items.jsonl')}:1: not a JSON line (skipped)`,
    ]]);
  });

  it('loads a fresh dataset as one made before it: the same rows and digests, either way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-fresh-'));
    const other = { ...doc('bbbbbbbbbbbbbbbb', 1), source: 'in/other.txt' };
    write(join(dir, 'out'), [doc('aaaaaaaaaaaaaaaa', 2), other],
      [item('aaaaaaaaaaaaaaaa', 1, 10), item('aaaaaaaaaaaaaaaa', 2, 20), { ...item('bbbbbbbbbbbbbbbb', 1, 7), source: 'in/other.txt' }]);
    // Made before: the load cannot insert while it reads the store, and goes the usual way.
    const made = await openDataset(join(dir, 'made.duckdb'));
    if (made.ok) made.value.close();
    const fresh = await loadDataset(join(dir, 'out'), join(dir, 'fresh.duckdb'));
    const usual = await loadDataset(join(dir, 'out'), join(dir, 'made.duckdb'));
    expect(fresh).toEqual({ ok: true, value: { documents: 2, items: 3, specs: 3, unchanged: 0, duplicates: [], total: { documents: 2, items: 3, specs: 3 }, skipped: [] } });
    expect(usual).toEqual(fresh);
    const rows = `SELECT (SELECT list(d ORDER BY doc_id) FROM documents d) AS d, (SELECT list(i ORDER BY doc_id, "row") FROM items i) AS i,
      (SELECT list(s ORDER BY doc_id, "row") FROM specs s) AS s, (SELECT list(g ORDER BY doc_id) FROM dataset_digests g) AS g`;
    expect(await sql(join(dir, 'made.duckdb'), rows)).toEqual(await sql(join(dir, 'fresh.duckdb'), rows));
  });

  it('leaves out alone a document DuckDB cannot take (a date on the contract\'s pattern that is no date), loading the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-refused-'));
    const docs = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'].map((id, k) => ({ ...doc(id, 1), source: `in/${k}.txt` }));
    docs[1].service_start = '2025-02-30';
    write(dir, docs, docs.map((d) => ({ ...item(d.doc_id, 1, 10), source: d.source })));
    const r = await loadDataset(dir, join(dir, 'tenders.duckdb'));
    expect(r.ok && [r.value.documents, r.value.items, r.value.total]).toEqual([2, 2, { documents: 2, items: 2, specs: 2 }]);
    expect(r.ok && r.value.skipped).toEqual([expect.stringMatching(/^document bbbbbbbbbbbbbbbb \(in\/1\.txt\) could not be loaded: .*2025-02-30/)]);
    expect(await sql(join(dir, 'tenders.duckdb'), 'SELECT doc_id FROM documents ORDER BY doc_id')).toEqual([{ doc_id: 'aaaaaaaaaaaaaaaa' }, { doc_id: 'cccccccccccccccc' }]);
  });

  it('digests a document whose items are in two places of items.jsonl the same every time: loaded again, it is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-scattered-'));
    const other = { ...doc('bbbbbbbbbbbbbbbb', 1), source: 'in/other.txt' };
    write(dir, [doc('aaaaaaaaaaaaaaaa', 2), other],
      [item('aaaaaaaaaaaaaaaa', 1, 10), { ...item('bbbbbbbbbbbbbbbb', 1, 7), source: 'in/other.txt' }, item('aaaaaaaaaaaaaaaa', 2, 20)]);
    const db = join(dir, 'tenders.duckdb');
    const first = await loadDataset(dir, db);
    expect(first.ok && [first.value.documents, first.value.items]).toEqual([2, 3]);
    const again = await loadDataset(dir, db, { chunkBytes: 7 });
    expect(again.ok && [again.value.documents, again.value.unchanged]).toEqual([0, 2]);
  });

  it('returns BIGINT counts that the query layer turns into numbers', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const r = await queryRows(conn, 'SELECT count(*) AS n, sum(x) AS s, 12345678901234567890::HUGEINT AS big, 1.25::DECIMAL(5,2) AS d FROM range(4) t(x)');
    conn.closeSync();
    instance.closeSync();
    expect(r.ok && r.value.rows).toEqual([[4, 6, '12345678901234567890', 1.25]]);
  });

  it('says so when DuckDB stops a stream part way, where its client would end it quietly', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // One thread: where the stream stops is then the same each time the query runs.
    await conn.run('SET threads = 1');
    // Fails at the millionth row, chunks after the first were streamed: the stream just ends.
    const sql = `SELECT CASE WHEN i < 1000000 THEN i ELSE error('boom') END AS v FROM range(3000000) t(i)`;
    let quiet = 0;
    for await (const rows of (await conn.stream(sql)).yieldRows()) quiet += rows.length;
    let whole = 0;
    const read = async () => { for await (const rows of wholeStream(conn, sql, (r) => r.yieldRows())) whole += rows.length; };
    await expect(read()).rejects.toThrow(new RegExp(`^DuckDB's stream stopped after ${quiet} of 3000000 rows \\(a failure it does not report`));
    let n = 0;
    for await (const rows of wholeStream(conn, 'SELECT * FROM range(5000)', (r) => r.yieldRows())) n += rows.length;
    conn.closeSync();
    instance.closeSync();
    expect([quiet > 0 && quiet < 1000000, whole, n]).toEqual([true, quiet, 5000]);
  });

  describe('a new dataset, copied from the empty one the build makes', () => {
    const CATALOG = `SELECT (SELECT list(table_name || ': ' || sql ORDER BY table_name) FROM duckdb_tables()) AS tables,
      (SELECT list(view_name || ': ' || sql ORDER BY view_name) FROM duckdb_views() WHERE NOT internal) AS views,
      (SELECT list(key || '=' || value ORDER BY key) FROM dataset_meta) AS meta`;

    it('has the tables, views and schema of one made statement by statement, and loads the same', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tender-template-'));
      const template = await writeTemplate(join(dir, 'templates'));
      expect(template).toBe(join(dir, 'templates', `empty-${SCHEMA_DIGEST}.duckdb`));
      const copied = await openDataset(join(dir, 'copied.duckdb'), { templateDir: join(dir, 'templates') });
      const made = await openDataset(join(dir, 'made.duckdb'), { templateDir: join(dir, 'none') });
      for (const ds of [copied, made]) if (ds.ok) ds.value.close();
      const catalog = await sql(join(dir, 'made.duckdb'), CATALOG);
      expect(catalog[0].meta).toEqual([`schema_digest=${SCHEMA_DIGEST}`, `schema_version=${SCHEMA_VERSION}`]);
      expect((catalog[0].views as string[]).map((v) => v.split(':')[0])).toEqual(Object.keys(VIEWS).sort());
      expect(await sql(join(dir, 'copied.duckdb'), CATALOG)).toEqual(catalog);
      write(join(dir, 'out'), [doc('aaaaaaaaaaaaaaaa', 1)], [item('aaaaaaaaaaaaaaaa', 1, 10)]);
      expect(await loadDataset(join(dir, 'out'), join(dir, 'made.duckdb'))).toEqual(await loadDataset(join(dir, 'out'), join(dir, 'copied.duckdb')));
    });

    it('makes the dataset statement by statement when the template is damaged', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tender-template-bad-'));
      const template = await writeTemplate(join(dir, 'templates'));
      writeFileSync(template, readFileSync(template).subarray(0, 5000));
      const ds = await openDataset(join(dir, 'new.duckdb'), { templateDir: join(dir, 'templates') });
      expect(ds.ok).toBe(true);
      if (ds.ok) ds.value.close();
      expect(await sql(join(dir, 'new.duckdb'), `SELECT list(key || '=' || value ORDER BY key) AS meta FROM dataset_meta`))
        .toEqual([{ meta: [`schema_digest=${SCHEMA_DIGEST}`, `schema_version=${SCHEMA_VERSION}`] }]);
    });

    it('gives a dataset of another build the current views, and leaves one of another schema version untouched with the reason', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tender-digest-'));
      const db = join(dir, 'old.duckdb');
      const made = await openDataset(db);
      if (!made.ok) throw new Error(made.error);
      // What an earlier build left: a view it did not have, and its own digest.
      await made.value.conn.run('DROP VIEW v_specs');
      await made.value.conn.run(`UPDATE dataset_meta SET value = 'another' WHERE key = 'schema_digest'`);
      made.value.close();
      const again = await openDataset(db);
      if (again.ok) again.value.close();
      expect(await sql(db, `SELECT (SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_specs') AS v, (SELECT value FROM dataset_meta WHERE key = 'schema_digest') AS d`))
        .toEqual([{ v: 1, d: SCHEMA_DIGEST }]);

      const older = join(dir, 'older.duckdb');
      const instance = await DuckDBInstance.create(older);
      const conn = await instance.connect();
      await conn.run(`CREATE TABLE dataset_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL); INSERT INTO dataset_meta VALUES ('schema_version', '4')`);
      conn.closeSync();
      instance.closeSync();
      expect(await openDataset(older)).toEqual({ ok: false,
        error: `${older} has dataset schema 4, this tender writes schema ${SCHEMA_VERSION}: delete the file and run tender extract again` });
      expect(await sql(older, `SELECT list(table_name) AS t FROM duckdb_tables()`)).toEqual([{ t: ['dataset_meta'] }]);
    });
  });
});

