// Words found in a text by its jieba tokens: a word matches inside one token (our dictionary
// keeps 主机负载均衡 whole) or over a run of them (本地|备份); a Latin word must stand on its
// own, so IP matches 内网IP but not APT, while VPN still matches SSL|VPN.
import { segment as segmentText } from './segment.js';
import { timed } from './stages.js';
import { analysed, halfWidth } from './text.js';

/** Tokens of a text, lower-cased and joined, with the offsets where tokens start and end. */
const segment = timed('segment', segmentText);

export interface Spelled { tokens: string[]; joined: string; bounds: Set<number> }

export function spelled(text: string): Spelled {
  const tokens = segment(halfWidth(analysed(text))).map((t) => t.toLowerCase().replace(/\s+/g, ''));
  const bounds = new Set<number>([0]);
  let joined = '';
  for (const t of tokens) {
    joined += t;
    bounds.add(joined.length);
  }
  return { tokens, joined, bounds };
}

const ALNUM = /[a-z0-9]/;
const LATIN = /^[a-z0-9.]+$/;

/** Offsets at which `word` (lower case) stands in the tokens. */
export function occurrences(t: Spelled, word: string): number[] {
  const latin = LATIN.test(word);
  const out: number[] = [];
  for (let at = t.joined.indexOf(word); at >= 0; at = t.joined.indexOf(word, at + 1)) {
    if (latin) {
      const end = at + word.length;
      const freeBefore = t.bounds.has(at) || !ALNUM.test(t.joined[at - 1] ?? '');
      const freeAfter = t.bounds.has(end) || !ALNUM.test(t.joined[end] ?? '');
      if (!freeBefore || !freeAfter) continue;
    }
    out.push(at);
  }
  return out;
}

export function spells(t: Spelled, word: string): boolean {
  return occurrences(t, word).length > 0;
}
