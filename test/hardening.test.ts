// Hostile and odd inputs, and the runs around them: each case a reproduction that once broke tender.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
