import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, jsonl } from './helpers.js';


// The CLI may write documents in the order they finish; the library returns input order.
const bySource = <T extends { source: string }>(xs: T[]) => [...xs].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
const byPosition = <T extends { source: string; table: number; row?: number }>(xs: T[]) =>
  [...xs].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.table - b.table || (a.row ?? 0) - (b.row ?? 0)));

describe("import { extract } from 'tender'", () => {
  let out: string;
  let cli: { code: number; stderr: string };
  let resolved: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'tender-api-'));
    // Node resolves a package's own name through its "exports" from inside the package.
    const probe = `console.log(import.meta.resolve('tender'))`;
    [cli, resolved] = await Promise.all([
      new Promise<{ code: number; stderr: string }>((done) => {
        execFile(process.execPath, ['bin/tender.js', 'extract', ...SEEDS, '--out', out, '--quiet', '--no-db'], { encoding: 'utf8' }, (e, _o, stderr) => done({ code: e ? 1 : 0, stderr }));
      }),
      new Promise<string>((done) => {
        execFile(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }, (_e, stdout) => done(stdout.trim()));
      }),
    ]);
  });

  it("resolves 'tender' to the package's own build (dist/index.js) through package.json exports", async () => {
    expect(resolved).toBe(pathToFileURL(resolve('dist/index.js')).href);
    // Here too: the module vitest loads for 'tender' is the build itself, not a copy of the sources.
    const [byName, byPath] = await Promise.all([import('tender'), import('../dist/index.js')]);
    expect(byName.extract).toBe(byPath.extract);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.exports['.'].default).toBe('./dist/index.js');
  });

  it('returns for files the same records the CLI writes', async () => {
    expect(cli.code, cli.stderr).toBe(0);
    const { extract } = await import('tender');
    const r = await extract(SEEDS);
    expect(bySource(r.documents)).toEqual(bySource(jsonl(join(out, 'documents.jsonl'))));
    expect(byPosition(r.items)).toEqual(byPosition(jsonl(join(out, 'items.jsonl'))));
    expect(byPosition(r.tables)).toEqual(byPosition(jsonl(join(out, 'tables.jsonl'))));
    expect(r.items).toHaveLength(76);
    expect(r.missing).toEqual([]);
  });

  it('takes a folder or a single path, in a stable order, and reports paths that do not exist', async () => {
    const { extract } = await import('tender');
    const one = await extract(SEEDS[1]);
    expect(one.documents.map((d) => [d.source, d.agency, d.items])).toEqual([[SEEDS[1], '北京市司法局', 45]]);
    const dir = mkdtempSync(join(tmpdir(), 'tender-api-in-'));
    mkdirSync(join(dir, 'b'));
    copyFileSync(SEEDS[0], join(dir, 'b', 'z.txt'));
    copyFileSync(SEEDS[1], join(dir, 'a.txt'));
    writeFileSync(join(dir, '.hidden.txt'), 'skipped');
    const folder = await extract([dir, join(dir, 'no-such-file.txt')], { concurrency: 2 });
    expect(folder.missing).toEqual([join(dir, 'no-such-file.txt')]);
    expect(folder.documents.map((d) => [d.source, d.items])).toEqual([[join(dir, 'a.txt'), 45], [join(dir, 'b', 'z.txt'), 31]]);
    expect(folder.items.map((i) => i.source)).toEqual([...Array(45).fill(join(dir, 'a.txt')), ...Array(31).fill(join(dir, 'b', 'z.txt'))]);
  });
});
