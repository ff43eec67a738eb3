// Batch runs: isolation of bad files, limits, incremental and resumable output, fuzzing.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../runtime/run.js';
import { fuzzSources, writeFuzzCorpus } from '../scripts/fuzz.js';
import { jsonl } from './helpers.js';

const BIN = join(process.cwd(), 'bin/tender.js');
const SEED_A = join(process.cwd(), 'corpus/000_039f6a7fe7b5dcbb.txt');
const SEED_B = join(process.cwd(), 'corpus/003_a46c9a722c1cc422.txt');
const tender = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, 'extract', ...args, '--no-db', '--ocr', 'off'], { cwd, encoding: 'utf8' });
const workdir = () => mkdtempSync(join(tmpdir(), 'tender-batch-'));

/** The output is consistent: one document line per source, and exactly its items and tables. */
function expectConsistent(out: string): { docs: any[]; items: any[] } {
  const docs = jsonl(join(out, 'documents.jsonl'));
  const items = jsonl(join(out, 'items.jsonl'));
  const tables = jsonl(join(out, 'tables.jsonl'));
  const sources = docs.map((d) => d.source);
  expect(new Set(sources).size).toBe(sources.length);
  for (const d of docs) {
    expect(items.filter((i) => i.source === d.source && i.doc_id === d.doc_id).length, d.source).toBe(d.items);
    expect(tables.filter((t) => t.source === d.source && t.doc_id === d.doc_id).length, d.source).toBe(d.tables);
  }
  expect(items.filter((i) => !docs.some((d) => d.source === i.source && d.doc_id === i.doc_id))).toEqual([]);
  return { docs, items };
}

describe('isolation and limits', () => {
  it('fails a file that takes too long, with the reason, and goes on', () => {
    const dir = workdir();
    copyFileSync(SEED_A, join(dir, 'a.txt'));
    const r = tender(['a.txt', '--timeout', '0.05'], dir);
    expect(r.status).toBe(1);
    expect(jsonl(join(dir, 'out/documents.jsonl')).map((d) => [d.status, d.error])).toEqual([['failed', 'timed out after 0.05 s (--timeout)']]);
  });

  it('fails a file that blows the memory limit, and the next file still reads', () => {
    const dir = workdir();
    const rows = Array.from({ length: 300_000 }, (_, i) => `\t云主机${i}\n\t台\n\t${i}\n`).join('\n');
    writeFileSync(join(dir, 'big.txt'), `\t名称\n\t单位\n\t数量\n\n${rows}`);
    copyFileSync(SEED_A, join(dir, 'small.txt'));
    const r = tender(['big.txt', 'small.txt', '--max-memory', '200', '--concurrency', '1'], dir);
    expect(r.status).toBe(1);
    const docs = jsonl(join(dir, 'out/documents.jsonl'));
    // The heap limit or the watch on the worker's whole resident memory, whichever it reaches first.
    expect(docs.find((d) => d.source === 'big.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ran out of memory \(over 200 MB( resident, --max-memory)?\) while parsing$/) });
    expect(docs.find((d) => d.source === 'small.txt')).toMatchObject({ status: 'ok', items: 31 });
  });

  it('refuses a file over the size limit before reading it', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'huge.txt'), Buffer.alloc(2 * 1024 * 1024, 0x41));
    const r = tender(['huge.txt', '--max-file-mb', '1'], dir);
    expect(r.status).toBe(1);
    expect(jsonl(join(dir, 'out/documents.jsonl'))[0]).toMatchObject({ status: 'failed', error: 'file too large: 2 MB, over the 1 MB limit (--max-file-mb)' });
  });

  it('records an unsupported file as skipped, with the reason, without failing the run', () => {
    const dir = workdir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'prices.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(join(dir, 'in', 'bundle.zip'), Buffer.from('PK\x03\x04rest', 'latin1'));
    copyFileSync(SEED_A, join(dir, 'in', 'a.txt'));
    const r = tender(['in'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('2 skipped (not a type tender reads)');
    expect(jsonl(join(dir, 'out/documents.jsonl')).map((d) => [d.source, d.status, d.error]).sort()).toEqual([
      ['in/a.txt', 'ok', null],
      ['in/bundle.zip', 'skipped', 'unsupported file type .zip (tender reads .docx, .pdf, .txt, .html)'],
      ['in/prices.xls', 'skipped', 'unsupported file type .xls (tender reads .docx, .pdf, .txt, .html)'],
    ]);
  });

  it('ends with the failures grouped by reason, the duplicates capped with the rest in a file, and the items explained', () => {
    const dir = workdir();
    mkdirSync(join(dir, 'in'));
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, 'in', `broken${i}.docx`), `not a zip at all ${i}`);
    writeFileSync(join(dir, 'in', 'empty.txt'), '');
    for (let i = 0; i < 5; i++) copyFileSync(SEED_A, join(dir, 'in', `copy${i}.txt`));
    const r = spawnSync(process.execPath, [BIN, 'extract', 'in', '--ocr', 'off'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('documents: 5 ok, 0 partial, 13 failed · items: 155 read this run · ');
    expect(r.stderr).toContain('\nfailed  12 × docx: corrupt DOCX: not a zip archive\nfailed  1 × txt: empty file\n');
    expect(r.stderr).toMatch(/dataset: 14 documents, 31 items, \d+ specs loaded this run · out\/tenders\.duckdb now holds 14 documents, 31 items, \d+ specs · 4 duplicate files skipped \(same bytes as another path\): in\/copy1\.txt, in\/copy2\.txt, in\/copy3\.txt, … \(all 4 in out\/duplicates\.txt\)/);
    expect(readFileSync(join(dir, 'out', 'duplicates.txt'), 'utf8')).toBe('in/copy1.txt\nin/copy2.txt\nin/copy3.txt\nin/copy4.txt\n');
    // Programs read the kind of each failure, not its words.
    const kinds = new Map(jsonl(join(dir, 'out/documents.jsonl')).map((d) => [d.source, d.error_kind]));
    expect([kinds.get('in/broken0.docx'), kinds.get('in/empty.txt'), kinds.get('in/copy0.txt')]).toEqual(['corrupt', 'empty', null]);
  });

  it('gives every warning a stable code, in the same order', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'ragged.txt'), '\t服务项\n\t单位\n\t数量\n\n\tvCPU\n\t核\n\t8\n\t多余\n\n\t内存\n\tGB\n\t十六\n\t多余\n');
    const r = tender(['ragged.txt'], dir);
    const [doc] = jsonl(join(dir, 'out/documents.jsonl'));
    expect(r.stderr).toContain('ragged.txt');
    expect(doc.warnings.length).toBeGreaterThan(0);
    expect(doc.warning_codes).toHaveLength(doc.warnings.length);
    expect(doc.warning_codes[0]).toBe('table.row_cells');
    expect(doc.warnings[0]).toBe('table 1: row 2 has 4 cells, header has 3');
  });

  it('says when a file vanished before it could be read', async () => {
    const { document } = await processFile('/nonexistent/vanished.txt');
    expect(document).toMatchObject({ status: 'failed', error: 'file not found (it vanished during the run?)', source: '/nonexistent/vanished.txt' });
  });
});

describe('incremental and resumable runs', () => {
  it('skips files already in the output, re-reads them with --force, never duplicates', () => {
    const dir = workdir();
    copyFileSync(SEED_A, join(dir, 'a.txt'));
    copyFileSync(SEED_B, join(dir, 'b.txt'));
    expect(tender(['a.txt', 'b.txt'], dir).status).toBe(0);
    const first = expectConsistent(join(dir, 'out'));
    const again = tender(['a.txt', 'b.txt'], dir);
    expect(again.stderr).toContain('documents: 0 ok, 0 partial, 0 failed, 2 unchanged');
    const forced = tender(['a.txt', 'b.txt', '--force'], dir);
    expect(forced.stderr).toContain('documents: 2 ok, 0 partial, 0 failed · items: 76');
    const after = expectConsistent(join(dir, 'out'));
    expect(after.items.length).toBe(first.items.length);
    expect(after.docs.length).toBe(2);
  });

  it('replaces the records of a file that changed', () => {
    const dir = workdir();
    copyFileSync(SEED_A, join(dir, 'a.txt'));
    tender(['a.txt'], dir);
    const old = jsonl(join(dir, 'out/documents.jsonl'))[0];
    writeFileSync(join(dir, 'a.txt'), readFileSync(SEED_A, 'utf8').replace('\t292\n', '\t300\n'));
    tender(['a.txt'], dir);
    const { docs, items } = expectConsistent(join(dir, 'out'));
    expect(docs).toHaveLength(1);
    expect(docs[0].doc_id).not.toBe(old.doc_id);
    expect(items.filter((i) => i.service === 'compute.vcpu').map((i) => i.quantity)).toEqual([300, 420, 120]);
  });

  it('carries on after a run torn mid-write (a crash leaves a half-written document)', () => {
    const dir = workdir();
    copyFileSync(SEED_A, join(dir, 'a.txt'));
    copyFileSync(SEED_B, join(dir, 'b.txt'));
    tender(['a.txt'], dir);
    // What a kill between the items and the documents line leaves: items of b, no document.
    appendFileSync(join(dir, 'out/items.jsonl'), '{"doc_id":"0000000000000000","source":"b.txt","item":"half');
    const r = tender(['a.txt', 'b.txt'], dir);
    expect(r.stderr).toContain('documents: 1 ok, 0 partial, 0 failed, 1 unchanged');
    const { docs, items } = expectConsistent(join(dir, 'out'));
    expect(docs.map((d) => d.source).sort()).toEqual(['a.txt', 'b.txt']);
    expect(items).toHaveLength(76);
  });

  it('stops cleanly on SIGINT and the next run carries on', async () => {
    const dir = workdir();
    mkdirSync(join(dir, 'in'));
    // Files big enough that the run is still going when the signal lands.
    const body = readFileSync(SEED_B, 'utf8').repeat(8);
    for (let i = 0; i < 60; i++) writeFileSync(join(dir, 'in', `t${String(i).padStart(3, '0')}.txt`), `${body}\n附件${i}\n`);
    const child = spawn(process.execPath, [BIN, 'extract', 'in', '--no-db', '--concurrency', '1', '--ocr', 'off'], { cwd: dir });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && /ok +in\/t\d+/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('tender: interrupted (SIGINT); the output is consistent: run the same command again to carry on');
    const partial = expectConsistent(join(dir, 'out'));
    expect(partial.docs.length).toBeLessThan(60);
    const rest = tender(['in'], dir);
    expect(rest.status).toBe(0);
    expect(rest.stderr).toContain(`${partial.docs.length} unchanged`);
    const { docs, items } = expectConsistent(join(dir, 'out'));
    expect(docs).toHaveLength(60);
    expect(items).toHaveLength(60 * 8 * 45);
  }, 180_000);
});

describe('fuzzing', () => {
  it('survives a few hundred corrupt files with one documents line each', () => {
    const dir = workdir();
    const sources = fuzzSources(['corpus', 'test/fixtures']);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    const files = writeFuzzCorpus(sources, join(dir, 'in'), 300, 7);
    const r = spawnSync(process.execPath, [BIN, 'extract', 'in', '--no-db', '--quiet', '--timeout', '20', '--ocr', 'off'], { cwd: dir, encoding: 'utf8' });
    expect([0, 1]).toContain(r.status);
    const docs = jsonl(join(dir, 'out/documents.jsonl'));
    expect(docs).toHaveLength(files.length);
    expect(new Set(docs.map((d) => d.source)).size).toBe(files.length);
    expect(docs.filter((d) => /a bug in tender/.test(d.error ?? '')).map((d) => `${d.source}: ${d.error}`)).toEqual([]);
  }, 240_000);
});
