import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../index.js';
import { loadDataset } from '../dataset/load.js';
import { csv, csvField, csvRecord } from '../cli/table-format.js';
import { runMain, SEEDS, type Ran } from './helpers.js';

const INJECTED = '=HYPERLINK("http://x.example","click")';

const tender = runMain;

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++; }
    else field += c;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

const BOM = [0xef, 0xbb, 0xbf];

let dir: string;
let db: string;
let counts: { documents: number; items: number; specs: number; tables: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tender-export-'));
  const records = await extract(SEEDS);
  // Tender text is untrusted: a project name a spreadsheet would run as a formula, and a spec
  // with a genuine negative number (and its raw text starting with "-").
  records.documents[0].project = INJECTED;
  records.items[0].specs.push({ key: 'iops', op: '>=', value: -5, raw: '-5' });
  const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x) + '\n').join('');
  writeFileSync(join(dir, 'documents.jsonl'), lines(records.documents));
  writeFileSync(join(dir, 'items.jsonl'), lines(records.items));
  writeFileSync(join(dir, 'tables.jsonl'), lines(records.tables));
  db = join(dir, 'tenders.duckdb');
  const loaded = await loadDataset(dir, db);
  if (!loaded.ok) throw new Error(loaded.error);
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  const n = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRows()[0][0]);
  counts = {
    documents: await n('SELECT count(*) FROM documents'),
    items: await n('SELECT count(*) FROM items'),
    specs: await n('SELECT count(*) FROM specs'),
    tables: records.tables.length,
  };
  conn.closeSync();
  instance.closeSync();
  expect(counts.documents).toBe(2);
  expect(counts.items).toBeGreaterThan(0);
  expect(counts.tables).toBeGreaterThan(0);
});

describe('tender export --csv --xlsx --parquet', () => {
  let run: Ran;
  let csvDir: string;
  let xlsx: string;
  const read = (name: string) => readFileSync(join(csvDir, name));
  const rows = (name: string) => parseCsv(read(name).toString('utf8').replace(/^\ufeff/, ''));

  beforeAll(async () => {
    csvDir = join(dir, 'csv');
    xlsx = join(dir, 'book', 'tenders.xlsx');
    run = await tender('export', '--parquet', join(dir, 'pq'), '--csv', csvDir, '--xlsx', xlsx, '--db', db);
  });

  it('writes all three in one run and says FILE: N rows for each file', () => {
    expect(run.code).toBe(0);
    const { documents, items, specs, tables } = counts;
    expect(run.stderr).toBe([
      `${join(dir, 'pq', 'documents.parquet')}: ${documents} rows`,
      `${join(dir, 'pq', 'items.parquet')}: ${items} rows`,
      `${join(dir, 'pq', 'specs.parquet')}: ${specs} rows`,
      `${join(csvDir, 'documents.csv')}: ${documents} rows`,
      `${join(csvDir, 'items.csv')}: ${items} rows`,
      `${join(csvDir, 'specs.csv')}: ${specs} rows`,
      `${join(csvDir, 'tables.csv')}: ${tables} rows`,
      `${xlsx}: ${documents + items + specs + tables} rows (documents ${documents}, items ${items}, specs ${specs}, tables ${tables})`,
      '',
    ].join('\n'));
    // Written aside and renamed: nothing half-written is left behind.
    expect(readdirSync(csvDir).sort()).toEqual(['documents.csv', 'items.csv', 'specs.csv', 'tables.csv']);
    expect(readdirSync(join(dir, 'book'))).toEqual(['tenders.xlsx']);
  });

  it('starts each CSV with a UTF-8 BOM, so Excel reads the Chinese', () => {
    for (const f of ['documents.csv', 'items.csv', 'specs.csv', 'tables.csv']) expect([...read(f).subarray(0, 3)]).toEqual(BOM);
    expect(read('documents.csv').toString('utf8')).toContain('北京市司法局');
  });

  it('has one CSV record per row of the dataset, a header first, every record as wide as it', () => {
    for (const [f, n] of [['documents.csv', counts.documents], ['items.csv', counts.items], ['specs.csv', counts.specs], ['tables.csv', counts.tables]] as const) {
      const r = rows(f);
      expect(r.length - 1).toBe(n);
      expect(new Set(r.map((x) => x.length))).toEqual(new Set([r[0].length]));
    }
  });

  it('gives items the columns an analyst filters on, flat', () => {
    const [header, ...body] = rows('items.csv');
    expect(header).toEqual(expect.arrayContaining([
      'doc_id', 'source', 'service', 'quantity', 'total', 'unit_months',
      'billing_unit_raw', 'billing_unit_size', 'billing_unit_unit', 'price_unit_raw', 'price_unit_currency', 'price_unit_per',
      'resources_vcpu', 'resources_memory_gb', 'price_value_cny', 'price_kind', 'tokens',
      'tender_id', 'agency', 'project', 'region_province', 'region_city', 'counted', 'counted_in',
    ]));
    expect(header).not.toContain('billing_unit');
    expect(header).not.toContain('region');
    const col = (name: string) => body.map((r) => r[header.indexOf(name)]);
    expect(new Set(col('agency'))).toEqual(new Set(['北京市司法局', '北京市科学技术协会综合服务中心']));
    expect(new Set(col('region_province'))).toEqual(new Set(['北京市']));
    expect(new Set(col('counted'))).toEqual(new Set(['true']));
    expect(col('project')).toContain(`'${INJECTED}`);
    // Lists are JSON text.
    expect(JSON.parse(col('tokens')[0])).toEqual(expect.any(Array));
  });

  it('flattens documents: region in two columns, lists as JSON text', () => {
    const [header, ...body] = rows('documents.csv');
    expect(header).toEqual(expect.arrayContaining(['doc_id', 'project', 'agency', 'tender_id', 'region_province', 'region_city', 'warnings', 'awards', 'lots', 'published']));
    for (const r of body) for (const c of ['warnings', 'awards', 'lots']) expect(JSON.parse(r[header.indexOf(c)])).toEqual(expect.any(Array));
  });

  it('neutralises a formula in CSV but keeps a negative number a number', () => {
    const text = read('documents.csv').toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    const [header, ...body] = rows('specs.csv');
    const neg = body.find((r) => r[header.indexOf('raw')] === "'-5");
    expect(neg?.[header.indexOf('value')]).toBe('-5');
  });

  it('reads tables.jsonl beside the dataset: one row per table, header as JSON, rows counted', () => {
    const [header, ...body] = rows('tables.csv');
    expect(header).toEqual(['doc_id', 'source', 'table', 'page', 'lot', 'section', 'kind', 'header', 'rows']);
    const tables = readFileSync(join(dir, 'tables.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { doc_id: string; table: number; header: string[]; rows: string[][] });
    expect(body.map((r) => [r[0], Number(r[2]), JSON.parse(r[7]) as string[], Number(r[8])])).toEqual(tables.map((t) => [t.doc_id, t.table, t.header, t.rows.length]));
  });

  it('writes one workbook, a sheet per table, with typed cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['documents', 'items', 'specs', 'tables']);
    const sheet = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const col = (c: string) => {
        const out: unknown[] = [];
        ws.eachRow((row, n) => { if (n > 1) out.push(row.getCell(header.indexOf(c) + 1).value); });
        return out;
      };
      return { ws, header, col };
    };
    for (const [name, n] of Object.entries(counts)) expect(sheet(name).ws.actualRowCount - 1).toBe(n);

    const docs = sheet('documents');
    expect(docs.col('project')).toContain(`'${INJECTED}`);
    expect(docs.col('budget_cny').filter((v) => v !== null).every((v) => typeof v === 'number')).toBe(true);
    // Dates are dates (shown yyyy-mm-dd), not text.
    const start = docs.col('service_start').filter((v) => v !== null);
    expect(start.length).toBeGreaterThan(0);
    expect(start.every((v) => v instanceof Date)).toBe(true);
    const csvStart = rows('documents.csv').slice(1).map((r) => r[rows('documents.csv')[0].indexOf('service_start')]).filter(Boolean);
    expect(start.map((d) => (d as Date).toISOString().slice(0, 10))).toEqual(csvStart);

    const items = sheet('items');
    expect(items.header).toEqual(expect.arrayContaining(['agency', 'project', 'region_province', 'region_city', 'tender_id', 'counted', 'counted_in']));
    for (const c of ['quantity', 'total', 'table', 'row']) expect(items.col(c).every((v) => typeof v === 'number')).toBe(true);
    expect(items.col('counted').every((v) => v === true)).toBe(true);
    expect(items.col('project')).toContain(`'${INJECTED}`);

    const specs = sheet('specs');
    const i = specs.col('raw').indexOf("'-5");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(specs.col('value')[i]).toBe(-5);
  });

  it('leaves the BOM out with --no-bom', async () => {
    const out = join(dir, 'csv-nobom');
    const r = await tender('export', '--csv', out, '--no-bom', '--db', db);
    expect(r.code).toBe(0);
    for (const f of ['documents.csv', 'items.csv', 'specs.csv', 'tables.csv']) {
      const b = readFileSync(join(out, f));
      expect([...b.subarray(0, 3)]).not.toEqual(BOM);
      expect(b.subarray(0, 6).toString()).toBe('doc_id');
      // The same bytes as the default but the BOM.
      expect(b.equals(read(f).subarray(3))).toBe(true);
    }
  });
});

describe('tender export without tables.jsonl', () => {
  it('says so on stderr and writes the tables export with a header and no rows', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tender-export-bare-'));
    writeFileSync(join(other, 'documents.jsonl'), readFileSync(join(dir, 'documents.jsonl')));
    writeFileSync(join(other, 'items.jsonl'), readFileSync(join(dir, 'items.jsonl')));
    const otherDb = join(other, 'tenders.duckdb');
    const loaded = await loadDataset(other, otherDb);
    if (!loaded.ok) throw new Error(loaded.error);
    const out = join(other, 'csv');
    const r = await tender('export', '--csv', out, '--xlsx', join(other, 'x.xlsx'), '--db', otherDb);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(`tender export: no ${join(other, 'tables.jsonl')} beside the dataset: the tables export has no rows`);
    expect(r.stderr).toContain(`${join(out, 'tables.csv')}: 0 rows\n`);
    expect(readFileSync(join(out, 'tables.csv'), 'utf8')).toBe('\ufeffdoc_id,source,table,page,lot,section,kind,header,rows\r\n');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(other, 'x.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['documents', 'items', 'specs', 'tables']);
  });
});

describe('tender export errors', () => {
  it('is a usage error (exit 2) without a format, with a missing value, or --no-bom without --csv', async () => {
    const none = await tender('export', '--db', db);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe('tender export: export needs --parquet DIR, --csv DIR or --xlsx FILE (or several)');
    const missing = await tender('export', '--csv');
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, 'tender export: --csv needs a value']);
    const swallowed = await tender('export', '--csv', '--xlsx', 'x.xlsx');
    expect([swallowed.code, swallowed.stderr.split('\n')[0]]).toEqual([2, 'tender export: --csv needs a value']);
    const empty = await tender('export', '--csv=', '--db', db);
    expect([empty.code, empty.stderr.split('\n')[0]]).toEqual([2, 'tender export: --csv needs a value']);
    const bom = await tender('export', '--xlsx', join(dir, 'y.xlsx'), '--no-bom', '--db', db);
    expect([bom.code, bom.stderr.split('\n')[0]]).toEqual([2, 'tender export: --no-bom is for --csv']);
    expect(existsSync(join(dir, 'y.xlsx'))).toBe(false);
  });

  it('fails with one line and exit 1 when a file cannot be written, leaving nothing half-written', async () => {
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, 'a file, not a folder');
    const r = await tender('export', '--csv', join(blocked, 'csv'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tender export: cannot create /);
    const dirAsFile = join(dir, 'csv');
    const x = await tender('export', '--xlsx', dirAsFile, '--db', db);
    expect(x.code).toBe(1);
    expect(x.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(x.stderr).toMatch(/^tender export: cannot write /);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stops at a broken line of tables.jsonl with one line naming it, and leaves the old file in place', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'tender-export-broken-'));
    for (const f of ['documents.jsonl', 'items.jsonl']) writeFileSync(join(broken, f), readFileSync(join(dir, f)));
    writeFileSync(join(broken, 'tables.jsonl'), readFileSync(join(dir, 'tables.jsonl'), 'utf8') + '{"doc_id": "x"\n');
    const brokenDb = join(broken, 'tenders.duckdb');
    const loaded = await loadDataset(broken, brokenDb);
    if (!loaded.ok) throw new Error(loaded.error);
    const book = join(broken, 'old.xlsx');
    writeFileSync(book, 'the previous export');
    const r = await tender('export', '--xlsx', book, '--db', brokenDb);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.startsWith(`tender export: cannot write ${book}: `)).toBe(true);
    expect(r.stderr).toContain(`tables.jsonl line ${counts.tables + 1}: not JSON`);
    expect(readFileSync(book, 'utf8')).toBe('the previous export');
    expect(readdirSync(broken).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says which dataset is missing, exit 1', async () => {
    const r = await tender('export', '--csv', join(dir, 'nowhere'), '--db', join(dir, 'none.duckdb'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tender export: no dataset at ${join(dir, 'none.duckdb')} (run tender extract first, or pass --db FILE)\n`);
  });
});

describe('the shared CSV helper', () => {
  it('neutralises formula text, quotes per RFC 4180, leaves numbers alone', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "\"'\rx\""]);
    expect([-1, 2.5, true, null, 'a,b', 'say "hi"'].map(csvField)).toEqual(['-1', '2.5', 'true', '', '"a,b"', '"say ""hi"""']);
    expect(csvRecord(['a', -3])).toBe('a,-3\r\n');
    expect(csv(['a', 'b'], [['x', 1], ['y', 2]])).toBe('a,b\r\nx,1\r\ny,2\r\n');
  });
});

describe('export --parquet --partition-by', () => {
  it('writes each table as Hive partitions by the document\'s province that DuckDB reads back whole', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tender-parts-'));
    const r = await tender('export', '--parquet', out, '--partition-by', 'province', '--db', db);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'items'))).toEqual(['province=%E5%8C%97%E4%BA%AC%E5%B8%82']);
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    const rows = (await conn.runAndReadAll(`SELECT province, count(*) AS n FROM read_parquet('${join(out, 'items')}/*/*.parquet', hive_partitioning = true) GROUP BY ALL`)).getRows();
    conn.closeSync();
    duck.closeSync();
    expect(rows.map(([p, n]) => [p, Number(n)])).toEqual([['北京市', counts.items]]);
    const bad = await tender('export', '--parquet', out, '--partition-by', 'city', '--db', db);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'tender export: --partition-by must be one of province, year, format, got "city"']);
  });
});
