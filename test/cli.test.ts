import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, jsonl, tender } from './helpers.js';


describe('tender extract on the seed tenders', () => {
  let out: string;
  let run: ReturnType<typeof tender>;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tender-e2e-'));
    run = tender(['extract', ...SEEDS, '--out', out, '--concurrency', '2']);
  });

  it('exits 0 with a summary', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/documents: 2 ok, 0 partial, 0 failed · items: 76 read this run · [\d.]+ s/);
  });

  it('writes every one of the 76 items field by field as expected', () => {
    // Documents finish in any order; within a document, items keep table and row order.
    const order = (a: any, b: any) => a.source.localeCompare(b.source) || a.table - b.table || a.row - b.row;
    const expected = jsonl('test/expected/seed-items.jsonl').sort(order);
    const items = jsonl(join(out, 'items.jsonl')).sort(order);
    expect(items).toHaveLength(76);
    items.forEach((item, i) => {
      const { tokens, ...rest } = item;
      expect(rest, `item ${i + 1}: ${item.item}`).toEqual(expected[i]);
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.filter((t: string) => !item.item.includes(t))).toEqual([]);
    });
  });

  it('writes one document line per file and a line per table, no temporary files left', () => {
    expect(jsonl(join(out, 'documents.jsonl')).map((d) => [d.source, d.status, d.items]).sort()).toEqual([
      [SEEDS[0], 'ok', 31], [SEEDS[1], 'ok', 45],
    ]);
    expect(jsonl(join(out, 'tables.jsonl'))).toHaveLength(13);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('tender extract with bad input', () => {
  it('records a failed file with its reason, goes on with the others, exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-bad-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'empty.txt'), '');
    writeFileSync(join(dir, 'in', 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'in', '.hidden.txt'), 'ignored');
    copyFileSync(SEEDS[0], join(dir, 'in', 'good.txt'));
    const r = tender(['extract', 'in', '--out', 'out'], dir);
    expect(r.status).toBe(1);
    const docs = jsonl(join(dir, 'out', 'documents.jsonl'));
    expect(docs.map((d) => [d.source, d.status, d.error]).sort()).toEqual([
      ['in/binary.txt', 'failed', 'undecodable text: looks like binary data, not text'],
      ['in/empty.txt', 'failed', 'empty file'],
      ['in/good.txt', 'ok', null],
    ]);
    expect(r.stderr).toContain('failed  in/empty.txt: empty file');
    expect(r.stderr).toContain('documents: 1 ok, 0 partial, 2 failed · items: 31');
  });

  it('keeps the previous output when a run cannot start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-keep-'));
    copyFileSync(SEEDS[0], join(dir, 'a.txt'));
    expect(tender(['extract', 'a.txt'], dir).status).toBe(0);
    const before = readFileSync(join(dir, 'out', 'items.jsonl'), 'utf8');
    expect(tender(['extract', 'a.txt', '--concurrency', '0'], dir).status).toBe(2);
    expect(readFileSync(join(dir, 'out', 'items.jsonl'), 'utf8')).toBe(before);
  });

  it.each([
    [['extract'], 'tender extract: extract needs at least one file or folder'],
    [['extract', 'corpus', '--bogus'], 'tender extract: unknown option --bogus'],
    [['extract', 'corpus', '--concurrency', 'x'], 'tender extract: --concurrency must be an integer ≥ 1, got "x"'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['extrat', 'corpus'], "error: unknown command 'extrat'"],
    [['compare', '--service', 'compute.vpcu'], 'tender compare: unknown service "compute.vpcu"; did you mean compute.vcpu? (valid: compute.bare_metal, compute.bare_metal.disk, compute.bare_metal.memory, compute.gpu, compute.memory, compute.vcpu, storage.backup, storage.centralized, storage.file, storage.object, storage.offsite_backup, storage.performance, storage.standard, network.bandwidth, network.dedicated_line, network.load_balancer, network.public_ip, network.remote_access, network.vpn, security.anti_ddos, security.antivirus, security.apt, security.db_audit, security.host_protection, security.log_audit, security.vuln_scan, security.waf, security.web_tamper, software.database, software.middleware, software.os, ops.migration, ops.monitoring, other.sms, other)'],
  ])('usage error %j exits 2', (args, message) => {
    const r = tender(args);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });

  it('names a path that does not exist', () => {
    const r = tender(['extract', 'no/such/dir', '--out', mkdtempSync(join(tmpdir(), 'tender-none-'))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tender: no/such/dir: no such file or folder');
  });
});

describe('npm start', () => {
  it('is tender extract corpus --out out', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.scripts.start).toBe('node bin/tender.js extract corpus --out out');
    expect(pkg.bin).toEqual({ tender: 'bin/tender.js' });
    expect(existsSync('bin/tender.js')).toBe(true);
    expect(execFileSync(process.execPath, ['bin/tender.js', '--help'], { encoding: 'utf8' })).toContain('extract [PATH...]');
  });
});

describe('command line conventions', () => {
  it('prints each command\'s help with -h and --help, anywhere among its arguments, and exits 0', () => {
    for (const args of [['extract', '--help'], ['extract', 'corpus', '-h'], ['help', 'extract']]) {
      const r = tender(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: tender extract PATH... [--out DIR]');
      expect(r.stdout).toContain('  --retry-failed         read again the files that failed\n');
    }
    const prices = tender(['prices', '-h']);
    expect([prices.status, prices.stdout.split('\n')[0]]).toEqual([0, 'Usage: tender prices [--service KEY] [--by all|region|year|agency] [--db FILE] [--json|--csv]']);
  });

  it('says its version', () => {
    const r = tender(['--version']);
    expect([r.status, r.stdout.trim()]).toEqual([0, JSON.parse(readFileSync('package.json', 'utf8')).version]);
  });

  it('suggests the command meant', () => {
    expect(tender(['extrat', 'corpus']).stderr).toContain('(Did you mean extract?)');
  });

  it('ends quietly when the reader of its output goes away (| head)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/tender.js --help | head -c 10 >/dev/null; "${process.execPath}" bin/tender.js prices --help | head -n 1`], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stdout.trim()).toBe('Usage: tender prices [--service KEY] [--by all|region|year|agency] [--db FILE] [--json|--csv]');
  });

  it('reads the dataset TENDER_DB names when no --db is given', () => {
    const r = spawnSync(process.execPath, ['bin/tender.js', 'query', 'SELECT 1'], { encoding: 'utf8', env: { ...process.env, TENDER_DB: '/no/such/tenders.duckdb' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/no/such/tenders.duckdb');
  });

  it('refuses an --out that is a file before any work, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-outfile-'));
    copyFileSync(SEEDS[0], join(dir, 'a.txt'));
    writeFileSync(join(dir, 'out'), 'x');
    const r = tender(['extract', 'a.txt', '--out', 'out'], dir);
    expect([r.status, r.stderr]).toEqual([1, 'tender: out/: it is a file, not a folder (--out)\n']);
  });
});

describe('tender inspect', () => {
  it('prints each table\'s kind, the role of each column with its evidence, and why each row was or was not an item', () => {
    const r = tender(['inspect', 'corpus/hangzhou_univ_cloud_2026.txt']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('corpus/hangzhou_univ_cloud_2026.txt (txt): ok · 3 tables · 10 items');
    expect(lines).toContain('table 3 · section "投标文件格式": items (a quantity column beside a name or unit column) · a price form');
    expect(lines).toContain('  5    服务期限（年）  months        header words 服务期限(months 3.9); content int 90%, decimal 10%');
    expect(lines).toContain('  not counted: a price form that repeats the items of the purchase list; its rows are not counted again');
    expect(lines).toContain('  row   2: item  "通用型云主机" → compute.vcpu × 40 台, 12 months');
    expect(lines).toContain('  row  12: skip  a total or a note (合计, 小计, 备注)');
    expect(lines.some((l) => /^table 2 .*: staffing \(people to provide/.test(l))).toBe(true);
  });

  it('gives the same as JSON for programs', () => {
    const r = tender(['inspect', 'corpus/hangzhou_univ_cloud_2026.txt', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.items).toBe(10);
    expect(out.tables[0].columns.map((c: { role: string }) => c.role)).toEqual(['seq', 'item', 'spec', 'billing_unit', 'quantity', 'months']);
    expect(out.tables[0].rows[0]).toEqual({ row: 3, data_row: 1, item: true, why: '"通用型云主机" → compute.vcpu × 40 台, 12 months' });
  });

  it('says why a file cannot be read, and takes one file', () => {
    const r = tender(['inspect', 'no/such.docx']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('no/such.docx (docx): failed — file not found (it vanished during the run?) · 0 tables · 0 items');
    expect(tender(['inspect']).stderr.split('\n')[0]).toBe('tender inspect: inspect takes one FILE');
  });
});

describe('the published package', () => {
  it('holds the built CLI, the dictionary, the schemas and the licence, and no tests or corpus', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/tender.js', 'dist/cli/main.js', 'dist/index.js', 'dist/pipeline/dict/domain.dict.txt', 'schemas/json/document.schema.json', 'LICENSE', 'README.md']));
    expect(files.filter((f) => /^(test|corpus|scripts|bench|dist\/test|dist\/scripts|dist\/bench)\//.test(f))).toEqual([]);
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
  });
});
