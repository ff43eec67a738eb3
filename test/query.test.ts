import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../index.js';
import { loadDataset } from '../dataset/load.js';
import { SERVICES } from '../schemas/records.js';
import { csv, displayWidth, formatNumber, jsonLines, printable, textTable, truncate } from '../cli/table-format.js';
import { runMain, SEEDS } from './helpers.js';


const tender = runMain;

let db: string;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tender-query-'));
  const records = await extract(SEEDS);
  const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x) + '\n').join('');
  writeFileSync(join(dir, 'documents.jsonl'), lines(records.documents));
  writeFileSync(join(dir, 'items.jsonl'), lines(records.items));
  db = join(dir, 'tenders.duckdb');
  const loaded = await loadDataset(dir, db);
  if (!loaded.ok) throw new Error(loaded.error);
});

/** A county bureau that buys whole hosts (云服务器（4核8G）× 20 台), as a text export of Word writes tables. */
const HOSTS_TENDER = [
  '某县2026年政务云租赁服务项目', '项目名称：某县数据资源局2026年政务云租赁服务项目', '采购人：某县数据资源局', '一、云资源需求清单',
  ...[['序号', '资源名称', '单位', '数量', '服务期限（月）'], ['1', '云服务器（4核8G）', '台', '20', '12'], ['2', '云服务器（8核16G，100G系统盘）', '台', '5', '12'], ['3', '云服务器', '台', '2', '12']]
    .map((r) => r.map((c) => `\t${c}`).join('\n') + '\n'),
].join('\n');

describe('tender compare', () => {
  it('lists both seed buyers with their vCPU-months, most first, with units and documents', async () => {
    const r = await tender('compare', '--service', 'compute.vcpu', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'compute.vcpu by agency, most vCPU-months first',
      '',
      'agency                           vCPU  vCPU-months  tenders  documents',
      '------------------------------  -----  -----------  -------  ---------',
      '北京市司法局                    1,211       14,532        1          1',
      '北京市科学技术协会综合服务中心    832        9,744        1          1',
      '',
    ].join('\n'));
  });

  it('compares by lot inside each project, sorted by the metric asked for', async () => {
    const r = await tender('compare', '--service', 'compute.vcpu', '--by', 'lot', '--metric', 'total', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('compute.vcpu by lot, most vCPU first');
    expect(lines.slice(4, 8).map((l) => l.split(/\s{2,}/))).toEqual([
      ['北京市科学技术协会综合服务中心', '北京市科学技术协会综合服务中心2026年云计算服务政务云基础服…', '(no lot)', '832', '9,744', '1', '1'],
      ['北京市司法局', '北京市司法局2025年政务云租赁服务项目', '1 法律服务业务系统', '655', '7,860', '1', '1'],
      ['北京市司法局', '北京市司法局2025年政务云租赁服务项目', '3 法治工作业务系统', '496', '5,952', '1', '1'],
      ['北京市司法局', '北京市司法局2025年政务云租赁服务项目', '2 综合日常业务系统', '60', '720', '1', '1'],
    ]);
  });

  it('shows the billing unit per row where buyers use several, and notes items without a period', async () => {
    const waf = await tender('compare', '--service', 'security.waf', '--db', db);
    expect(waf.stdout.split('\n')[0]).toBe('security.waf by agency, most unit-months first within each unit (IP, set)');
    expect(waf.stdout.split('\n')[2].split(/\s+/)).toEqual(['agency', 'unit', 'total', 'unit-months', 'tenders', 'documents']);
    const tamper = await tender('compare', '--service', 'security.web_tamper', '--db', db);
    expect(tamper.stdout).toContain('北京市司法局      1             -        1          1\n');
    expect(tamper.stdout).toContain('note: 北京市司法局: 1 item without a service period, counted in point but not in point-months');
  });

  it('gives programs JSON lines with numbers', async () => {
    const r = await tender('compare', '--service', 'compute.memory', '--json', '--db', db);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { agency: '北京市司法局', unit: 'GB', total: 3284, unit_months: 39408, tenders: 1, documents: 1, items: 3, items_without_months: 0 },
      { agency: '北京市科学技术协会综合服务中心', unit: 'GB', total: 2448, unit_months: 28704, tenders: 1, documents: 1, items: 3, items_without_months: 0 },
    ]);
  });

  it('counts the vCPU and memory of hosts sold whole beside vCPU bought by the core, and notes hosts of unstated size', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tender-hosts-'));
    writeFileSync(join(d, 'hosts.txt'), HOSTS_TENDER);
    const records = await extract([...SEEDS, join(d, 'hosts.txt')]);
    const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x) + '\n').join('');
    writeFileSync(join(d, 'documents.jsonl'), lines(records.documents));
    writeFileSync(join(d, 'items.jsonl'), lines(records.items));
    const hostsDb = join(d, 'tenders.duckdb');
    const loaded = await loadDataset(d, hostsDb);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(records.items.filter((i) => i.source.endsWith('hosts.txt')).map((i) => i.resources)).toEqual([
      { vcpu: 80, memory_gb: 160, storage_gb: null, bandwidth_mbps: null },
      { vcpu: 40, memory_gb: 80, storage_gb: 500, bandwidth_mbps: null },
      { vcpu: null, memory_gb: null, storage_gb: null, bandwidth_mbps: null },
    ]);
    const vcpu = await tender('compare', '--service', 'compute.vcpu', '--db', hostsDb);
    expect(vcpu.stdout).toBe([
      'compute.vcpu by agency, most vCPU-months first',
      '',
      'agency                           vCPU  vCPU-months  tenders  documents',
      '------------------------------  -----  -----------  -------  ---------',
      '北京市司法局                    1,211       14,532        1          1',
      '北京市科学技术协会综合服务中心    832        9,744        1          1',
      '某县数据资源局                    120        1,440        1          1',
      '',
      'note: 某县数据资源局: 1 item of compute.vcpu of unstated size (a host sold whole without its spec), not counted',
      '',
    ].join('\n'));
    const memory = await tender('compare', '--service', 'compute.memory', '--json', '--db', hostsDb);
    expect(memory.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.agency === '某县数据资源局'))
      .toEqual({ agency: '某县数据资源局', unit: 'GB', total: 240, unit_months: 2880, tenders: 1, documents: 1, items: 2, items_without_months: 0 });
  });

  it('says a service nobody buys has no items', async () => {
    const r = await tender('compare', '--service', 'compute.gpu', '--db', db);
    expect([r.code, r.stdout]).toEqual([0, 'compute.gpu: no items in the dataset\n']);
  });

  it('rejects an unknown service key as a usage error, with the key meant and the valid keys', async () => {
    const r = await tender('compare', '--service', 'compute.cpu', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`tender compare: unknown service "compute.cpu"; did you mean compute.gpu or compute.vcpu? (valid: ${SERVICES.join(', ')})`);
    expect(r.stderr).toContain('usage:');
    const by = await tender('compare', '--service', 'compute.vcpu', '--by', 'city', '--db', db);
    expect([by.code, by.stderr.split('\n')[0]]).toEqual([2, 'tender compare: --by must be one of agency, project, lot, got "city"']);
    const none = await tender('compare', '--db', db);
    expect(none.stderr.split('\n')[0]).toBe(`tender compare: compare needs --service KEY, one of: ${SERVICES.join(', ')}`);
  });
});

describe('tender query', () => {
  const SQL = `SELECT agency, service, total, unit_months, documents FROM v_service_by_agency WHERE service IN ('compute.vcpu', 'network.bandwidth') ORDER BY service, agency`;

  it('prints an aligned table, Chinese characters counted two columns wide', async () => {
    const r = await tender('query', SQL, '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'agency                          service            total  unit_months  documents',
      '------------------------------  -----------------  -----  -----------  ---------',
      '北京市司法局                    compute.vcpu        1211        14532          1',
      '北京市科学技术协会综合服务中心  compute.vcpu         832         9744          1',
      '北京市司法局                    network.bandwidth    320         3840          1',
      '北京市科学技术协会综合服务中心  network.bandwidth    450         5300          1',
      '(4 rows)',
      '',
    ].join('\n'));
    const widths = r.stdout.split('\n').slice(0, 6).map((l) => displayWidth(l));
    expect(new Set(widths).size).toBe(1);
  });

  it('writes JSON lines (counts as numbers) and CSV for programs', async () => {
    const j = await tender('query', SQL, '--json', '--db', db);
    expect(JSON.parse(j.stdout.split('\n')[0])).toEqual({ agency: '北京市司法局', service: 'compute.vcpu', total: 1211, unit_months: 14532, documents: 1 });
    const c = await tender('query', `SELECT 'a,"b"' AS x, NULL AS y, [1, 2] AS z, 2.5 AS w`, '--csv', '--db', db);
    expect(c.stdout).toBe('x,y,z,w\r\n"a,""b""",,"[1,2]",2.5\r\n');
  });

  it('reports SQL errors with DuckDB\'s message and exit 1, and never writes the dataset', async () => {
    const bad = await tender('query', 'SELEC 1', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^tender query: Parser Error: syntax error at or near "SELEC"/);
    const del = await tender('query', 'DELETE FROM items', '--db', db);
    expect(del.code).toBe(1);
    expect(del.stderr).toMatch(/read-only/);
    expect((await tender('query', 'SELECT count(*) AS n FROM items', '--json', '--db', db)).stdout).toBe('{"n":76}\n');
  });

  it('says where no dataset is, and rejects bad usage', async () => {
    const missing = await tender('query', 'SELECT 1', '--db', join(dir, 'nope.duckdb'));
    expect([missing.code, missing.stderr]).toEqual([1, `tender query: no dataset at ${join(dir, 'nope.duckdb')} (run tender extract first, or pass --db FILE)\n`]);
    const both = await tender('query', 'SELECT 1', '--json', '--csv', '--db', db);
    expect([both.code, both.stderr.split('\n')[0]]).toEqual([2, 'tender query: choose one of --json and --csv']);
    const none = await tender('query', '--db', db);
    expect(none.code).toBe(2);
  });
});

describe('tender export --parquet', () => {
  it('writes documents, items and specs as Parquet that reads back row for row', async () => {
    const pq = join(dir, 'parquet');
    const r = await tender('export', '--parquet', pq, '--db', db);
    expect(r.code).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const count = async (f: string) => Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${join(pq, f)}')`)).getRows()[0][0]);
      const source = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
      const sc = await source.connect();
      const specs = Number((await sc.runAndReadAll('SELECT count(*) FROM specs')).getRows()[0][0]);
      sc.closeSync();
      source.closeSync();
      expect([await count('documents.parquet'), await count('items.parquet'), await count('specs.parquet')]).toEqual([2, 76, specs]);
      const cols = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${join(pq, 'items.parquet')}') LIMIT 1`)).columnNames();
      expect(cols).toEqual(expect.arrayContaining(['doc_id', 'table', 'row', 'service', 'billing_unit', 'unit_months', 'tokens']));
      expect(r.stderr).toBe(`${join(pq, 'documents.parquet')}: 2 rows\n${join(pq, 'items.parquet')}: 76 rows\n${join(pq, 'specs.parquet')}: ${specs} rows\n`);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});

describe('the text table', () => {
  it('counts display columns: CJK and fullwidth two, combining marks none', () => {
    expect(displayWidth('北京abc')).toBe(7);
    expect(displayWidth('（１）')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncate('北京市科学技术协会', 9)).toBe('北京市科…');
  });

  it('shows control characters and bidi overrides escaped, so tender text cannot drive the terminal', () => {
    expect(printable('a\x1b[2Jb\nc\td\u202ee')).toBe('a\\x1b[2Jb\\nc\\td\\u202ee');
    const t = textTable([{ name: 'x' }], [['\x1b]0;title\x07']]);
    expect(t).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
  });

  it('formats numbers without float noise, grouped for people', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1337182.3200000001, true)).toBe('1,337,182.32');
    expect(formatNumber(-1234, true)).toBe('-1,234');
  });

  it('writes CSV and JSON lines that programs parse back', () => {
    expect(csv(['a', 'b'], [['x\ny', null]])).toBe('a,b\r\n"x\ny",\r\n');
    expect(jsonLines(['a', 'a'], [[1, 2]])).toBe('{"a":1,"a_2":2}\n');
  });
});

describe('tender query is read-only in fact', () => {
  it.each([
    [`COPY items TO 'OUT/x.csv'`, 'x.csv'],
    [`EXPORT DATABASE 'OUT/exp'`, 'exp'],
    [`ATTACH 'OUT/y.duckdb' (READ_WRITE)`, 'y.duckdb'],
    [`SELECT * FROM read_csv('OUT/../documents.jsonl')`, null],
    ['INSTALL httpfs', null],
    ['SET enable_external_access = true', null],
    ['DELETE FROM items', null],
  ])('%s is refused and writes nothing', async (statement, file) => {
    const out = mkdtempSync(join(tmpdir(), 'tender-sealed-'));
    const r = await tender('query', statement.replace('OUT', out), '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tender query: (Permission Error: Cannot access (file|directory)|Invalid Input Error: Cannot (change configuration option|execute statement))/);
    if (file) expect(existsSync(join(out, file))).toBe(false);
  });

  it('still reads the tables and views', async () => {
    const r = await tender('query', 'SELECT count(*) AS n FROM v_items', '--db', db, '--json');
    expect(JSON.parse(r.stdout)).toEqual({ n: 76 });
  });
});

