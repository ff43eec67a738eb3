// The general dictionary's index kept on disk: read back it is the index the pass over the
// dictionary builds; it is found by the dictionary's bytes, never another's; a damaged file or a
// folder that cannot be written costs only the build.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERAL_DICT, Lexicon, Segmenter, domainDictionary, generalLexicon, indexLexicon } from '../pipeline/segment.js';
import { SEEDS } from './helpers.js';
import { cachedIndex, digestOf, indexFileName, userCacheDir, type LexiconIndex } from '../pipeline/lexicon-cache.js';

const work = () => mkdtempSync(join(tmpdir(), 'tender-lexicon-'));
/** The build, counted. */
function counting() {
  const calls: number[] = [];
  return { calls, build: (b: Uint8Array): LexiconIndex => { calls.push(b.length); return indexLexicon(b); } };
}
const small = (rest: number) => Buffer.from(`乙 1000 n\n甲 1000 n\n甲乙 2 n\n龘 ${rest} n\n`);

describe('the general dictionary\'s index on disk', () => {
  it('read back is the index built, and cuts as a lexicon built afresh', () => {
    const dir = work();
    const dict = readFileSync(GENERAL_DICT);
    const built = indexLexicon(dict);
    generalLexicon({ readFrom: [], writeTo: dir });
    const { calls, build } = counting();
    const read = cachedIndex(dict, build, { readFrom: [dir], writeTo: dir });
    expect(calls).toEqual([]);
    expect(read.total).toBe(built.total);
    expect([...read.firsts]).toEqual([...built.firsts]);
    const texts = readFileSync(SEEDS[0], 'utf8').split('\n').filter(Boolean);
    const cached = new Segmenter(generalLexicon({ readFrom: [dir], writeTo: dir }), domainDictionary());
    const fresh = new Segmenter(new Lexicon(dict), domainDictionary());
    expect(texts.length).toBeGreaterThan(20);
    for (const t of texts) expect(cached.cut(t, true)).toEqual(fresh.cut(t, true));
  });

  it('is found by the dictionary\'s bytes: two dictionaries in one folder keep their own', () => {
    const dir = work();
    const { calls, build } = counting();
    const dirs = { readFrom: [dir], writeTo: dir };
    expect(cachedIndex(small(1_000_000 - 2002), build, dirs).total).toBe(1_000_000);
    expect(cachedIndex(small(0), build, dirs).total).toBe(2002);
    expect(cachedIndex(small(1_000_000 - 2002), build, dirs).total).toBe(1_000_000);
    expect(cachedIndex(small(0), build, dirs).total).toBe(2002);
    expect(calls).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual([indexFileName(digestOf(small(0))), indexFileName(digestOf(small(1_000_000 - 2002)))].sort());
  });

  it('looks in each folder in turn and writes only where it is told', () => {
    const [first, second, target] = [work(), work(), work()];
    const dict = small(5);
    cachedIndex(dict, indexLexicon, { readFrom: [], writeTo: second });
    const { calls, build } = counting();
    expect(cachedIndex(dict, build, { readFrom: [first, second], writeTo: target }).total).toBe(2007);
    expect(calls).toEqual([]);
    expect(readdirSync(first)).toEqual([]);
    expect(readdirSync(target)).toEqual([]);
  });

  it('builds again, and mends the file, when it was changed, cut short or is not an index', () => {
    const dir = work();
    const dict = small(7);
    const file = join(dir, indexFileName(digestOf(dict)));
    cachedIndex(dict, indexLexicon, { readFrom: [dir], writeTo: dir });
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1] ^= 1;
    for (const bad of [flipped, good.subarray(0, good.length - 4), Buffer.from('not an index'), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      const { calls, build } = counting();
      const index = cachedIndex(dict, build, { readFrom: [dir], writeTo: dir });
      expect(calls).toEqual([dict.length]);
      expect(index.total).toBe(2009);
      expect([...index.firsts]).toEqual([...indexLexicon(dict).firsts]);
      expect(readFileSync(file)).toEqual(good);
    }
  });

  it('gives the index when the folder cannot be written, and leaves nothing behind', () => {
    const dir = work();
    writeFileSync(join(dir, 'a-file'), '');
    const blocked = join(dir, 'a-file', 'cache');
    const { calls, build } = counting();
    expect(cachedIndex(small(9), build, { readFrom: [blocked], writeTo: blocked }).total).toBe(2011);
    expect(calls).toHaveLength(1);
    expect(existsSync(blocked)).toBe(false);
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('lives in $TENDER_CACHE_DIR, else $XDG_CACHE_HOME/tender, else ~/.cache/tender; a relative path is not taken', () => {
    expect(userCacheDir({ TENDER_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(userCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'tender'));
    expect(userCacheDir({ TENDER_CACHE_DIR: 'c', XDG_CACHE_HOME: 'x' })).toBe(join(homedir(), '.cache', 'tender'));
    expect(userCacheDir({ XDG_CACHE_HOME: '' })).toBe(join(homedir(), '.cache', 'tender'));
  });
});
