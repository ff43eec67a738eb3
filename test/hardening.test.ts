// Hostile and odd inputs, and the runs around them: each case a reproduction that once broke tender.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/tender.js');
const SEED = resolve('corpus/000_039f6a7fe7b5dcbb.txt');
const jsonl = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const extract = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, 'extract', ...args, '--no-db', '--ocr', 'off'], { cwd, encoding: 'utf8' });

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tender-hard-'));
  mkdirSync(join(dir, 'in'));
  copyFileSync(SEED, join(dir, 'in', 'a.txt'));
  return dir;
}

describe('one writer per output folder', () => {
  it('a second run on a folder another live run holds says which process holds it and writes nothing', () => {
    const dir = folder();
    const holder = spawn('sleep', ['30']);
    try {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', '.tender-lock'), JSON.stringify({ pid: holder.pid, host: hostname(), started: '2026-12-02T10:00:00.000Z', command: 'extract in' }));
      const r = extract(['in', '--out', 'out'], dir);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(`tender: out/ is being written by another tender run (process ${holder.pid}, since 2026-12-02T10:00:00.000Z: tender extract in); wait for it to finish, or remove out/.tender-lock if that process is gone`);
      expect(existsSync(join(dir, 'out', 'documents.jsonl'))).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock whose process is gone, and leaves none behind', () => {
    const dir = folder();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', '.tender-lock'), JSON.stringify({ pid: Number(gone), host: hostname(), started: 'x', command: 'extract in' }));
    const r = extract(['in', '--out', 'out'], dir);
    expect(r.status).toBe(0);
    expect(jsonl(join(dir, 'out', 'documents.jsonl')).map((d) => d.source)).toEqual(['in/a.txt']);
    expect(existsSync(join(dir, 'out', '.tender-lock'))).toBe(false);
  });

  it('two runs started together: one writes, the other refuses; every record once', async () => {
    const dir = folder();
    for (const n of ['b', 'c', 'd']) copyFileSync(SEED, join(dir, 'in', `${n}.txt`));
    const run = () => new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [BIN, 'extract', 'in', '--out', 'out', '--no-db', '--ocr', 'off', '--quiet'], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += String(d); });
      child.on('close', (code) => done({ code, stderr }));
    });
    const results = await Promise.all([run(), run()]);
    const codes = results.map((r) => r.code).sort();
    // Either the second started after the first finished (both 0), or it found the lock (1).
    expect(codes[0]).toBe(0);
    if (codes[1] === 1) expect(results.find((r) => r.code === 1)!.stderr).toMatch(/is being written by another tender run/);
    const docs = jsonl(join(dir, 'out', 'documents.jsonl'));
    expect(docs.map((d) => d.source).sort()).toEqual(['in/a.txt', 'in/b.txt', 'in/c.txt', 'in/d.txt']);
    expect(jsonl(join(dir, 'out', 'items.jsonl'))).toHaveLength(4 * 31);
  });
});

describe('one record must not block the dataset', () => {
  it('a lone surrogate (&#xD800;) in a DOCX item name is replaced with a warning, and the dataset loads', async () => {
    const { Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun } = await import('docx');
    const JSZip = (await import('jszip')).default;
    const cell = (t: string) => new TableCell({ children: [new Paragraph({ children: [new TextRun(t)] })] });
    const table = new Table({ rows: [['序号', '服务项', '计价单位', '数量'], ['1', 'vCPUMARKER', '1核', '64'], ['2', '内存', '1GB', '256']].map((r) => new TableRow({ children: r.map(cell) })) });
    const zip = await JSZip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('项目名称：某局政务云项目'), table] }] })));
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file('word/document.xml', xml.replace('MARKER', '&#xD800;'));
    const dir = mkdtempSync(join(tmpdir(), 'tender-surrogate-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'bad.docx'), await zip.generateAsync({ type: 'nodebuffer' }));
    copyFileSync(SEED, join(dir, 'in', 'good.txt'));
    const r = spawnSync(process.execPath, [BIN, 'extract', 'in', '--out', 'out', '--ocr', 'off', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toMatch(/dataset: 2 documents, 33 items/);
    expect(r.status).toBe(0);
    const doc = jsonl(join(dir, 'out', 'documents.jsonl')).find((d) => d.source === 'in/bad.docx');
    expect(doc.warnings).toContain('1 character that are not text (lone surrogates, non-characters, control codes) replaced by U+FFFD');
    expect(jsonl(join(dir, 'out', 'items.jsonl')).find((i) => i.source === 'in/bad.docx').item).toBe('vCPU\ufffd');
  });

  it('a bad line already in the store is loaded around, then moved to quarantine.jsonl and its document read again', () => {
    const dir = folder();
    expect(extract(['in', '--out', 'out'], dir).status).toBe(0);
    // An older tender wrote a line the dataset cannot take: a lone surrogate escaped in JSON.
    const items = join(dir, 'out', 'items.jsonl');
    const lines = readFileSync(items, 'utf8').split('\n');
    lines[1] = lines[1].replace('"item":"内存"', '"item":"内存\\ud800"');
    writeFileSync(items, lines.join('\n'));
    // As that tender left it: no state file of ours to cut the edited file back to.
    rmSync(join(dir, 'out', '.tender-state.json'));
    copyFileSync(resolve('corpus/003_a46c9a722c1cc422.txt'), join(dir, 'in', 'b.txt'));
    const r = spawnSync(process.execPath, [BIN, 'extract', 'in', '--out', 'out', '--ocr', 'off', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dataset: 1 documents, 45 items');
    expect(r.stderr).toContain('dataset: not loaded: out/items.jsonl:2: text with a lone UTF-16 surrogate (document 1665580639c62039 skipped)');
    expect(r.stderr).toContain('tender: 38 lines that could not be loaded moved to out/quarantine.jsonl (1 document to be read again)');
    const quarantined = jsonl(join(dir, 'out', 'quarantine.jsonl'));
    expect(quarantined.filter((q) => q.reason === 'text with a lone UTF-16 surrogate').map((q) => q.file)).toEqual(['items.jsonl']);
    expect(quarantined.every((q) => JSON.parse(q.line).doc_id === '1665580639c62039')).toBe(true);
    const again = spawnSync(process.execPath, [BIN, 'extract', 'in', '--out', 'out', '--ocr', 'off', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/dataset: 1 documents, 31 items, \d+ specs loaded, 1 unchanged · out\/tenders\.duckdb holds 2 documents, 76 items/);
  });
});
