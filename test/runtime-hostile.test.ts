// Hostile and odd inputs, and the runs around them: each case a reproduction that once broke tender.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonl } from './helpers.js';

const BIN = resolve('bin/tender.js');
const SEED = resolve('corpus/000_039f6a7fe7b5dcbb.txt');
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
    expect(again.stderr).toMatch(/dataset: 1 documents, 31 items, \d+ specs loaded this run, 1 unchanged · out\/tenders\.duckdb now holds 2 documents, 76 items/);
  });
});

describe('limits that hold', () => {
  it('a 30-million-character cell is read for its first characters only, with a warning, within the limits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-cell-'));
    writeFileSync(join(dir, 'huge.txt'), `项目名称：超长单元格测试项目\n\t服务项\n\t计价单位\n\t数量\n\n\t${'云主机'.repeat(10_000_000)}\n\t台\n\t2\n`);
    const r = extract(['huge.txt', '--out', 'out', '--timeout', '30'], dir);
    expect(r.status).toBe(0);
    const [doc] = jsonl(join(dir, 'out', 'documents.jsonl'));
    expect(doc.warnings).toEqual(['table 1: row 1 has a cell of 30,000,000 characters; its first 4,000 are read for the service, specs and words, the rest kept as text']);
    const [item] = jsonl(join(dir, 'out', 'items.jsonl'));
    expect([item.item.length, item.service, item.quantity, item.tokens.length <= 4000]).toEqual([30_000_000, 'compute.vcpu', 2, true]);
  });

  it('a --timeout Node timers cannot hold is a usage error', () => {
    const r = extract(['in', '--timeout', '3000000'], folder());
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, 'tender extract: --timeout must be at most 2147483 seconds, got "3000000"']);
  });

  it('caps gridBefore like a span: a DOCX of a few KB does not build a grid of a billion slots', async () => {
    const { docxBytes, gridBeforeAfterXml, wordDocument } = await import('../scripts/docx-fixtures.js');
    const { Paragraph } = await import('docx');
    const xml = gridBeforeAfterXml().replace(/<w:gridBefore w:val="1"\/>/, '<w:gridBefore w:val="1000000000"/>');
    expect(xml).toContain('1000000000');
    const dir = mkdtempSync(join(tmpdir(), 'tender-grid-'));
    writeFileSync(join(dir, 'grid.docx'), await docxBytes(() => wordDocument([new Paragraph('')]), xml));
    const r = extract(['grid.docx', '--out', 'out', '--timeout', '30'], dir);
    expect(r.status).toBe(0);
    const [table] = jsonl(join(dir, 'out', 'tables.jsonl'));
    expect(table.header.length).toBeLessThanOrEqual(1005);
  });

  it('reads a styles part of thousands of unclosed styles in one pass', async () => {
    const { outlineStyleMap } = await import('../extractors/docx/mammoth-xml.js');
    const styles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${'<w:style w:type="paragraph" w:styleId="x"><w:name w:val="x"/>'.repeat(5000)}`
      + '<w:style w:type="paragraph" w:styleId="h"><w:name w:val="一级标题"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>';
    const started = process.hrtime.bigint();
    expect(outlineStyleMap(styles)).toEqual(["p[style-name='一级标题'] => h1:fresh"]);
    // A quadratic scan of this part takes minutes; one pass, milliseconds. Bounded loosely, not timed finely.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });

  it('caps HTML spans that would build a grid of millions of slots, with a warning', async () => {
    const { readHtml } = await import('../extractors/html/reader.js');
    const rows = Array.from({ length: 3000 }, (_, i) => `<tr><td colspan="1000">${i}</td><td>x</td></tr>`).join('');
    const read = readHtml(Buffer.from(`<table><tr><td>序号</td><td>名称</td></tr>${rows}</table>`));
    if (!read.ok) throw new Error(read.error);
    const table = read.doc.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows[0].length).toBe(666);
    expect(table?.type === 'table' && table.notes).toContainEqual({ code: 'table.spans_capped', message: 'its spans would make 1,001 columns of 3,001 rows; cut to 666 columns' });
  });
});

describe('the files scrapers produce', () => {
  it('reads a Chinese file name in GBK, follows a link to a file, and reports a dangling link and a FIFO without hanging', () => {
    const dir = folder();
    const gbk = Buffer.concat([Buffer.from(join(dir, 'in') + '/'), Buffer.from([0xd5, 0xfe, 0xce, 0xf1, 0xd4, 0xc6]), Buffer.from('.txt')]); // 政务云.txt in GBK
    writeFileSync(gbk, readFileSync(resolve('corpus/003_a46c9a722c1cc422.txt')));
    symlinkSync(join(dir, 'in', 'a.txt'), join(dir, 'in', 'link.txt'));
    symlinkSync(join(dir, 'in', 'gone.txt'), join(dir, 'in', 'dangling.txt'));
    expect(spawnSync('mkfifo', [join(dir, 'in', 'pipe.txt')]).status).toBe(0);
    const r = extract(['in', '--out', 'out', '--timeout', '20'], dir);
    const docs = jsonl(join(dir, 'out', 'documents.jsonl'));
    expect(docs.map((d) => [d.source, d.status, d.error, d.items]).sort()).toEqual([
      ['in/a.txt', 'ok', null, 31],
      ['in/dangling.txt', 'failed', 'dangling symbolic link: its target does not exist', 0],
      ['in/link.txt', 'ok', null, 31],
      ['in/pipe.txt', 'skipped', 'a FIFO (named pipe): not read', 0],
      ['in/政务云.txt', 'ok', null, 45],
    ]);
    expect(r.status).toBe(1);
  });

  it('reads a UTF-8 file cut in the middle of its last character, with a warning', () => {
    const dir = folder();
    const bytes = Buffer.concat([readFileSync(SEED), Buffer.from('云', 'utf8').subarray(0, 2)]);
    writeFileSync(join(dir, 'in', 'a.txt'), bytes);
    expect(extract(['in', '--out', 'out'], dir).status).toBe(0);
    const [doc] = jsonl(join(dir, 'out', 'documents.jsonl'));
    expect(doc).toMatchObject({ status: 'ok', items: 31 });
    expect(doc.warnings).toContain('the file ends in the middle of a character (cut short?): its last 2 bytes dropped');
  });

  it('does not read a file that timed out again on every run, unless --retry-failed', () => {
    const dir = folder();
    expect(extract(['in', '--out', 'out', '--timeout', '0.001'], dir).status).toBe(1);
    expect(jsonl(join(dir, 'out', 'documents.jsonl'))[0].error).toMatch(/^timed out after/);
    const again = extract(['in', '--out', 'out'], dir);
    expect(again.stderr).toContain('documents: 0 ok, 0 partial, 0 failed, 1 unchanged');
    const retried = extract(['in', '--out', 'out', '--retry-failed'], dir);
    expect(retried.status).toBe(0);
    expect(jsonl(join(dir, 'out', 'documents.jsonl'))).toMatchObject([{ source: 'in/a.txt', status: 'ok', items: 31 }]);
  });
});

describe('child processes and temp files', () => {
  const gone = (pid: number) => { try { process.kill(pid, 0); return false; } catch { return true; } };
  const waitFor = async (ok: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (ok()) return true;
    return ok();
  };

  it('LibreOffice does not outlive a tender killed with -9, and leaves no temp folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-soffice-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'in'));
    mkdirSync(join(dir, 'tmp'));
    // A stand-in LibreOffice that never finishes, and starts a helper of its own as soffice.bin does.
    writeFileSync(join(dir, 'bin', 'soffice'), `#!/bin/sh\nsleep 120 &\necho $! > "${join(dir, 'helper.pid')}"\nwait\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'in', 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(504).fill(0)]));
    const child = spawn(process.execPath, [BIN, 'extract', 'in', '--no-db', '--ocr', 'off'], {
      cwd: dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, TMPDIR: join(dir, 'tmp') }, stdio: 'ignore',
    });
    expect(await waitFor(() => existsSync(join(dir, 'helper.pid')))).toBe(true);
    const helper = Number(readFileSync(join(dir, 'helper.pid'), 'utf8'));
    child.kill('SIGKILL');
    expect(await waitFor(() => gone(helper))).toBe(true);
    expect(await waitFor(() => readdirSync(join(dir, 'tmp')).filter((f) => f.startsWith('tender-legacy-')).length === 0)).toBe(true);
  });

  it('a run sweeps what a killed run left: its LibreOffice process group and its temp folder', async () => {
    const { sweepLeftovers } = await import('../extractors/legacy/temp.js');
    const tmp = mkdtempSync(join(tmpdir(), 'tender-sweep-'));
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const orphan = spawn('sleep', ['120'], { detached: true, stdio: 'ignore' });
    const left = join(tmp, `tender-legacy-${dead}-abc123`);
    mkdirSync(left);
    writeFileSync(join(left, 'pgid'), String(orphan.pid));
    const mine = join(tmp, `tender-legacy-${process.pid}-def456`);
    mkdirSync(mine);
    expect(sweepLeftovers(tmp)).toBe(1);
    expect(await waitFor(() => gone(orphan.pid!))).toBe(true);
    expect(existsSync(left)).toBe(false);
    // A live run's conversion is left alone.
    expect(existsSync(mine)).toBe(true);
  });
});

describe('errors a person can act on', () => {
  it('an --out that is a file, or under one, is one line and exit 1 before any work', () => {
    const dir = folder();
    const r = extract(['in', '--out', 'in/a.txt'], dir);
    expect([r.status, r.stderr.trim()]).toEqual([1, 'tender: in/a.txt/: it is a file, not a folder (--out)']);
    const under = extract(['in', '--out', 'in/a.txt/out'], dir);
    expect([under.status, under.stderr.trim()]).toEqual([1, 'tender: in/a.txt/out/: a file stands where a folder should be']);
  });

  const mounted = (dir: string, size = '1200k') => spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
  it('an --out on a full disk is one line and exit 1 before any work', (ctx) => {
    const dir = folder();
    copyFileSync(SEED, join(dir, 'in', 'a.txt'));
    mkdirSync(join(dir, 'out'));
    if (!mounted(join(dir, 'out'), '100k')) return ctx.skip();
    try {
      const r = extract(['in', '--out', 'out', '--quiet'], dir);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toMatch(/^tender: out\/: no space left on device \(\d+ KB free\)$/);
      expect(readdirSync(join(dir, 'out'))).toEqual([]);
    } finally {
      spawnSync('umount', [join(dir, 'out')]);
    }
  });

  it('a disk that fills mid-run is one line and exit 1; what was committed stays, and nothing is half-written', (ctx) => {
    const dir = folder();
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, 'in', `copy${i}.txt`), `${readFileSync(resolve('corpus/003_a46c9a722c1cc422.txt'), 'utf8')}\n${i}\n`);
    mkdirSync(join(dir, 'out'));
    if (!mounted(join(dir, 'out'))) return ctx.skip();
    try {
      const r = extract(['in', '--out', 'out', '--quiet'], dir);
      expect([r.status, r.stderr.trim()]).toEqual([1, 'tender: out/: no space left on device (the records written before it are kept; run again to carry on)']);
      const state = JSON.parse(readFileSync(join(dir, 'out', '.tender-state.json'), 'utf8'));
      // What the state commits is whole lines; a next run cuts anything after them.
      for (const kind of ['documents', 'items', 'tables']) {
        const committed = readFileSync(join(dir, 'out', `${kind}.jsonl`)).subarray(0, state.sizes[kind]).toString('utf8');
        expect(committed === '' || committed.endsWith('\n')).toBe(true);
        for (const line of committed.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
      }
      expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp') || f === '.tender-lock')).toEqual([]);
    } finally {
      spawnSync('umount', [join(dir, 'out')]);
    }
  });

  it('prints file names with their control characters escaped', () => {
    const dir = folder();
    copyFileSync(SEED, join(dir, 'in', 'evil\x1b[31mname\x07.txt'));
    const r = spawnSync(process.execPath, [BIN, 'extract', 'in', '--out', 'out', '--no-db', '--ocr', 'off'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain('ok      in/evil\\x1b[31mname\\x07.txt: 31 items, 6 tables');
    expect(r.stderr).not.toContain('\x1b[31m');
  });

  it('CSV output marks text a spreadsheet would run as a formula', async () => {
    const { csv } = await import('../cli/table-format.js');
    expect(csv(['a', 'b'], [['=HYPERLINK("http://x")', -5], ['+1', '@SUM(A1)'], ['-2', 'plain']])).toBe(
      'a,b\r\n"\'=HYPERLINK(""http://x"")",-5\r\n\'+1,\'@SUM(A1)\r\n\'-2,plain\r\n');
  });
});

describe('markup built to break parsers', () => {
  it('HTML nested 100,000 deep is read as text past 500 levels, quickly', async () => {
    const { readHtml } = await import('../extractors/html/reader.js');
    const read = readHtml(Buffer.from(`${'<div>'.repeat(100_000)}项目名称：深层嵌套${'</div>'.repeat(100_000)}`));
    if (!read.ok) throw new Error(read.error);
    expect(read.doc.blocks).toEqual([{ type: 'paragraph', text: '项目名称：深层嵌套' }]);
    expect(read.doc.warnings).toEqual([{ code: 'html.nesting_capped', message: 'markup nested 100,000 elements deep: read as text past 500 levels' }]);
  });

  it('a DOCX whose XML declares entities (a billion laughs) is refused in words', async () => {
    const { mutateMarkup } = await import('../scripts/fuzz.js');
    const { Document, Packer, Paragraph } = await import('docx');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('项目名称：X')] }] })));
    const xml = await zip.file('word/document.xml')!.async('string');
    let laughs = '';
    for (let seed = 1; !laughs.includes('<!ENTITY'); seed++) laughs = mutateMarkup(xml, ((s) => () => (s = (s * 9301 + 49297) % 233280) / 233280)(seed), 'docx');
    zip.file('word/document.xml', laughs);
    const { docxReader } = await import('../extractors/docx/reader.js');
    const r = await docxReader.read(await zip.generateAsync({ type: 'nodebuffer' }), { source: 'laughs.docx' });
    expect(r).toEqual({ ok: false, error: 'corrupt DOCX: its XML uses entities Word never writes (refused: entity expansion)' });
  });
});
