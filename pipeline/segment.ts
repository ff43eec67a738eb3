// Word segmentation behind one small interface, so the engine can be swapped.
// @node-rs/jieba is prebuilt (nodejieba's plain npm install compiles C++ and fails on a
// fresh machine), with our domain dictionary on top of its general one.
//
// Building jieba with the whole general dictionary (350,000 words into its trie) takes
// longer than reading a small tender, and every worker paid it. Jieba's cut of a text consults
// only the words that occur in that text, and the dictionary's total frequency (each word's
// weight is ln(freq / total)). So the engine starts empty and, before it cuts a text, is given
// the dictionary words found in that text, read off the sorted dictionary file by binary search,
// plus one word that matches no text carrying the frequency of all the words not yet given:
// the total is the whole dictionary's, and the cut is exactly what the full engine gives.
import { Jieba } from '@node-rs/jieba';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { analysed } from './text.js';
import { memo } from './memo.js';
import { cachedIndex, userCacheDir, type LexiconIndex } from './lexicon-cache.js';

/** The domain dictionary: one word per line (optionally "word freq tag"), `#` comments. */
function domainLines(): string[] {
  return readFileSync(domainDictPath(), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    // jieba's dictionary format is "word freq tag" with no spaces inside the word; a high
    // frequency makes our terms win over the general dictionary's splits.
    .map((l) => (/\s\d+(\s\w+)?$/.test(l) ? l : `${l.replace(/\s+/g, '')} 50000 n`));
}

/** Beside this module: in the source tree, and in dist/, where the build copies it (scripts/copy-assets.mjs). */
const DOMAIN_DICT = new URL('./dict/domain.dict.txt', import.meta.url);
const domainDictPath = () => fileURLToPath(DOMAIN_DICT);

/** jieba's general dictionary: "word freq tag" lines sorted by word (UTF-16 code units). */
export const GENERAL_DICT = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');

/** Where the build leaves the general dictionary's index (scripts/copy-assets.mjs): beside the domain dictionary. */
export const BUILT_INDEX_DIR = fileURLToPath(new URL('./dict/', import.meta.url));

/** The general dictionary with its index from the build or the user's cache, else built (and cached). */
export function generalLexicon(cache = { readFrom: [BUILT_INDEX_DIR, userCacheDir()], writeTo: userCacheDir() }): Lexicon {
  const bytes = readFileSync(GENERAL_DICT);
  return new Lexicon(bytes, cachedIndex(bytes, indexLexicon, cache));
}

/**
 * Stands for the words not given to the engine: jieba cuts only runs of Han characters,
 * letters, digits and +#&._%-, so a word of snowmen is never found in a text.
 */
const REST_WORD = '☃☃';

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** The length in bytes of the UTF-8 character that starts with `lead`. */
const charLength = (lead: number) => (lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4);

/** The UTF-8 character at `i` as one number: its bytes, in order. */
function firstChar(bytes: Uint8Array, i: number): number {
  const n = Math.min(charLength(bytes[i]!), bytes.length - i);
  let key = 0;
  for (let k = 0; k < n; k++) key = key * 256 + bytes[i + k]!;
  return key;
}

/**
 * One pass over a sorted "word freq tag" dictionary: the total of the second fields, and where
 * each first character's lines start and end, in the order of the characters' keys.
 */
export function indexLexicon(bytes: Uint8Array): LexiconIndex {
  const byFirst = new Map<number, [start: number, end: number]>();
  let total = 0;
  let field = 0;
  let f = 0;
  let prev = -1;
  let range: [number, number] | null = null;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (i === 0 || bytes[i - 1] === NEWLINE) {
      const key = firstChar(bytes, i);
      if (key !== prev) {
        if (range) range[1] = i;
        range = [i, bytes.length];
        byFirst.set(key, range);
        prev = key;
      }
    }
    if (c === NEWLINE) {
      total += f;
      field = 0;
      f = 0;
    } else if (c === SPACE) field++;
    else if (field === 1 && c >= 48 && c <= 57) f = f * 10 + (c - 48);
  }
  const firsts = new Uint32Array(byFirst.size * 3);
  [...byFirst].sort((a, b) => a[0] - b[0]).forEach(([key, [start, end]], k) => firsts.set([key, start, end], k * 3));
  return { total: total + f, firsts };
}

/**
 * A "word freq tag" dictionary sorted by word, searched in place in its UTF-8 bytes (whose order
 * is the order of code points): no string of 350,000 lines is ever made. Its index is the one
 * pass above, or that pass's result read back from the cache (pipeline/lexicon-cache.ts), and is
 * searched as it is: making nothing of it keeps a cached start at reading the file.
 */
export class Lexicon {
  /** The sum of the frequencies of all its words. */
  readonly total: number;
  /** Per first character (its UTF-8 bytes as one number), by that number: where its lines start and end. */
  private readonly firsts: Uint32Array;

  constructor(private readonly bytes: Buffer, index: LexiconIndex = indexLexicon(bytes)) {
    this.total = index.total;
    this.firsts = index.firsts;
  }

  /** The lines whose word starts with the character `key`, or null. */
  private linesOf(key: number): [start: number, end: number] | null {
    const t = this.firsts;
    let a = 0;
    let b = t.length / 3;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (t[m * 3]! < key) a = m + 1;
      else b = m;
    }
    return a * 3 < t.length && t[a * 3] === key ? [t[a * 3 + 1]!, t[a * 3 + 2]!] : null;
  }

  /** The byte of the word of the line starting at `line`, `d` bytes in; -1 past its end. */
  private at(line: number, d: number): number {
    const i = line + d;
    if (i >= this.bytes.length) return -1;
    const c = this.bytes[i]!;
    return c === SPACE || c === NEWLINE ? -1 : c;
  }

  private lineStart(i: number): number {
    return i === 0 ? 0 : this.bytes.lastIndexOf(NEWLINE, i - 1) + 1;
  }

  private nextLine(line: number): number {
    const j = this.bytes.indexOf(NEWLINE, line);
    return j < 0 ? this.bytes.length + 1 : j + 1;
  }

  /** The first line in [a, b) (line starts) whose byte at depth d is not below c (strict: above c). */
  private bound(a: number, b: number, d: number, c: number, strict: boolean): number {
    while (a < b) {
      const m = Math.max(a, this.lineStart((a + b) >>> 1));
      const k = this.at(m, d);
      if (strict ? k <= c : k < c) a = this.nextLine(m);
      else b = m;
    }
    return a;
  }

  private line(start: number): string {
    return this.bytes.toString('utf8', start, Math.min(this.bytes.length, this.nextLine(start) - 1)).trim();
  }

  /** Each dictionary line whose word starts the UTF-8 bytes `s` at `from`, as "word freq tag". */
  prefixesAt(s: Uint8Array, from: number, out: (line: string) => void): void {
    const range = this.linesOf(firstChar(s, from));
    if (!range) return;
    let [lo, hi] = range;
    const first = charLength(s[from]!);
    if (this.at(lo, first) === -1) out(this.line(lo));
    for (let d = first; from + d < s.length && lo < hi; d++) {
      const c = s[from + d]!;
      // Within [lo, hi) every word shares the first d bytes: narrow by the next one.
      lo = this.bound(lo, hi, d, c, false);
      hi = this.bound(lo, hi, d, c, true);
      // A word of exactly d + 1 bytes sorts first in what is left; only whole characters end one.
      if (lo < hi && this.at(lo, d + 1) === -1) out(this.line(lo));
    }
  }

  /** The frequency of `word`, or null when the dictionary does not hold it. */
  freqOf(word: string): number | null {
    let found: string | null = null;
    this.prefixesAt(Buffer.from(word, 'utf8'), 0, (l) => { if (l.slice(0, l.indexOf(' ')) === word) found = l; });
    return found === null ? null : Number((found as string).split(/\s+/)[1] ?? 0);
  }
}

const freqOfLine = (l: string) => Number(l.split(/\s+/)[1] ?? 0);
const wordOfLine = (l: string) => l.split(/\s+/)[0] ?? '';

/** jieba with its dictionary given a text at a time; cuts exactly as jieba with the whole dictionary. */
export class Segmenter {
  private readonly jieba = new Jieba();
  /** The words the engine holds, and the sum of their frequencies. */
  private readonly given = new Set<string>();
  private givenFreq = 0;
  /** The overlay's words by word, as "word freq tag" (its frequency wins over the general one). */
  private readonly overlay = new Map<string, string>();
  /** The total frequency of the general dictionary with the overlay loaded over it. */
  readonly total: number;

  constructor(private readonly general: Lexicon, overlay: string[]) {
    let total = general.total;
    for (const l of overlay) {
      const w = wordOfLine(l);
      const had = this.overlay.has(w) ? freqOfLine(this.overlay.get(w)!) : general.freqOf(w);
      total += freqOfLine(l) - (had ?? 0);
      this.overlay.set(w, l);
    }
    this.total = total;
  }

  /** Give the engine every dictionary word found in `text` it does not hold yet. */
  private prepare(text: string): void {
    const fresh: string[] = [];
    const take = (line: string) => {
      const w = wordOfLine(line);
      if (this.given.has(w)) return;
      const l = this.overlay.get(w) ?? line;
      this.given.add(w);
      this.givenFreq += freqOfLine(l);
      fresh.push(l);
    };
    const bytes = Buffer.from(text, 'utf8');
    // A word starts where a character does: not on a UTF-8 continuation byte.
    for (let i = 0; i < bytes.length; i++) if ((bytes[i]! & 0xc0) !== 0x80) this.general.prefixesAt(bytes, i, take);
    for (const [w, l] of this.overlay) if (!this.given.has(w) && text.includes(w)) take(l);
    if (!fresh.length) return;
    // jieba sets the frequency of a word it holds and sums its records into the total.
    fresh.push(`${REST_WORD} ${this.total - this.givenFreq} x`);
    this.jieba.loadDict(Buffer.from(fresh.join('\n') + '\n'));
  }

  cut(text: string, hmm: boolean): string[] {
    this.prepare(text);
    return this.jieba.cut(text, hmm);
  }
}

/**
 * Searching the dictionary costs per character cut, building the whole engine once: a process
 * that has cut this many characters (a batch's worker) builds it and cuts with it from then on.
 * Both cut alike; a run of one small file never gets this far.
 */
const SEARCH_BUDGET_CHARS = 20_000;

let searched: Segmenter | null = null;
let searchedChars = 0;
let whole: Jieba | null = null;

function engineCut(text: string): string[] {
  if (whole) return whole.cut(text, true);
  searchedChars += text.length;
  if (searchedChars > SEARCH_BUDGET_CHARS) {
    const dict = readFileSync(GENERAL_DICT);
    whole = Jieba.withDict(dict);
    whole.loadDict(Buffer.from(domainLines().join('\n') + '\n'));
    searched = null;
    return whole.cut(text, true);
  }
  searched ??= new Segmenter(generalLexicon(), domainLines());
  return searched.cut(text, true);
}

/** The domain dictionary's lines as jieba loads them (for tests). */
export const domainDictionary = domainLines;

const PUNCTUATION = /^[\p{P}\p{S}\s]+$/u;
// Cell texts repeat across rows and documents (内存, 1 GB, 计算服务): cut each text once.
const cut = memo((text: string) => engineCut(text).map((t) => t.trim()).filter((t) => t && !PUNCTUATION.test(t)));

/** Words of `text`, without whitespace and punctuation tokens. */
export function segment(whole: string): string[] {
  const text = analysed(whole);
  return text.trim() ? [...cut(text)] : [];
}
