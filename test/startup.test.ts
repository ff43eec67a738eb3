// Start-up and the dataset load: the segmenter that is given its dictionary a text at a time
// cuts as jieba with the whole dictionary; a second load changes nothing; a corrupt state file
// is rebuilt from the files; one small file read in the command's own process gives the records
// a worker gives.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { GENERAL_DICT, Lexicon, Segmenter, domainDictionary } from '../pipeline/segment.js';
import { jsonl, SEEDS, tender } from './helpers.js';

const work = () => mkdtempSync(join(tmpdir(), 'tender-startup-'));

describe('the segmenter given words a text at a time', () => {
  const dict = readFileSync(GENERAL_DICT);

  it('cuts every line of the corpus, and random pieces of it, exactly as jieba with the whole dictionary', () => {
    const full = Jieba.withDict(dict);
    full.loadDict(Buffer.from(domainDictionary().join('\n') + '\n'));
    const seg = new Segmenter(new Lexicon(dict), domainDictionary());
    const texts: string[] = [];
    for (const f of readdirSync('corpus').filter((f) => /\.(txt|html)$/.test(f))) texts.push(...readFileSync(join('corpus', f), 'utf8').split('\n'));
    const all = texts.join('');
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const at = Math.floor(rand() * all.length);
      texts.push(all.slice(at, at + 1 + Math.floor(rand() * 40)));
    }
    const differ = texts.filter((t) => JSON.stringify(seg.cut(t, true)) !== JSON.stringify(full.cut(t, true)));
    expect(texts.length).toBeGreaterThan(5000);
    expect(differ).toEqual([]);
  });

  it('keeps the whole dictionary\'s total, which decides between a word and its parts', () => {
    // 甲乙 (freq 2) against 甲 + 乙 (1000 each): the word wins iff 2 > 1000 × 1000 / total.
    const lexicon = (rest: number) => new Lexicon(Buffer.from(`乙 1000 n\n甲 1000 n\n甲乙 2 n\n龘 ${rest} n\n`));
    expect(lexicon(1_000_000 - 2002).total).toBe(1_000_000);
    expect(new Segmenter(lexicon(1_000_000 - 2002), []).cut('甲乙', false)).toEqual(['甲乙']);
    expect(new Segmenter(lexicon(0), []).cut('甲乙', false)).toEqual(['甲', '乙']);
    // A second text adds words: the stand-in for the rest is lowered, the total stays.
    const seg = new Segmenter(lexicon(1_000_000 - 2002), []);
    expect(seg.cut('甲', false)).toEqual(['甲']);
    expect(seg.cut('乙甲乙', false)).toEqual(['乙', '甲乙']);
    expect(seg.total).toBe(1_000_000);
  });

  it('reads a word of the overlay over the general dictionary\'s frequency', () => {
    const general = new Lexicon(Buffer.from('云 100 n\n云主机 5 n\n主机 100 n\n'));
    expect(general.freqOf('云主机')).toBe(5);
    expect(general.freqOf('主')).toBeNull();
    expect(new Segmenter(general, ['云主机 50000 n']).total).toBe(100 + 100 + 50000);
  });
});

describe('the dataset load', () => {
  it('a second extract of the same folder loads nothing and leaves every table as it was', () => {
    const dir = work();
    mkdirSync(join(dir, 'in'));
    for (const s of SEEDS) copyFileSync(s, join(dir, 'in', s.split('/').pop()!));
    const first = tender(['extract', 'in', '--out', 'out', '--quiet'], dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^dataset: 2 documents, \d+ items, \d+ specs loaded this run · /m);
    const dump = () => tender(['query', '--db', 'out/tenders.duckdb', '--json',
      `SELECT (SELECT list(d ORDER BY doc_id) FROM documents d) AS documents, (SELECT list(i ORDER BY doc_id, "table", "row") FROM items i) AS items,
        (SELECT list(e ORDER BY "by", "group", service) FROM price_estimates e) AS estimates, (SELECT list(g ORDER BY doc_id) FROM dataset_digests g) AS digests`], dir).stdout;
    const before = dump();
    const again = tender(['extract', 'in', '--out', 'out', '--quiet'], dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^dataset: 0 documents, 0 items, 0 specs loaded this run, 2 unchanged · /m);
    expect(dump()).toBe(before);
    expect(JSON.parse(before).items.length).toBeGreaterThan(10);
  });

  it('a state file that is corrupt is rebuilt from the files\' complete lines: nothing is read again or lost', () => {
    const dir = work();
    copyFileSync(SEEDS[0], join(dir, 'a.txt'));
    expect(tender(['extract', 'a.txt', '--out', 'out', '--quiet', '--no-db'], dir).status).toBe(0);
    const items = jsonl(join(dir, 'out', 'items.jsonl'));
    for (const state of ['{"sizes": {"documents": "many"}}', 'not json', '{}']) {
      writeFileSync(join(dir, 'out', '.tender-state.json'), state);
      const r = tender(['extract', 'a.txt', '--out', 'out', '--quiet', '--no-db'], dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('documents: 0 ok, 0 partial, 0 failed, 1 unchanged');
      expect(jsonl(join(dir, 'out', 'items.jsonl'))).toEqual(items);
      expect(JSON.parse(readFileSync(join(dir, 'out', '.tender-state.json'), 'utf8'))).toMatchObject({ clean: true, sizes: { documents: expect.any(Number) } });
    }
  });
});

describe('one small file', () => {
  it('read in the command\'s own process gives the records a worker gives', () => {
    const dir = work();
    copyFileSync(SEEDS[1], join(dir, 'a.txt'));
    // An explicit --timeout asks for a worker; without it the one file is read in-process.
    expect(tender(['extract', 'a.txt', '--out', 'here', '--quiet', '--no-db'], dir).status).toBe(0);
    expect(tender(['extract', 'a.txt', '--out', 'pool', '--quiet', '--no-db', '--timeout', '60'], dir).status).toBe(0);
    for (const f of ['documents.jsonl', 'items.jsonl', 'tables.jsonl']) expect(jsonl(join(dir, 'here', f))).toEqual(jsonl(join(dir, 'pool', f)));
    expect(jsonl(join(dir, 'here', 'items.jsonl')).length).toBeGreaterThan(10);
  });
});
