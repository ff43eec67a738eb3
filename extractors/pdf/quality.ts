// Is a page's text real text? A font with a broken or missing ToUnicode map decodes to
// characters that look like CJK (and Hangul, Canadian syllabics, rare ideographs…) but are not
// Chinese. Real Chinese prose is nearly all common hanzi: on the tender PDFs measured, pages of
// good text have 96-100% of their non-ASCII letters among the 3755 level-1 hanzi of GB 2312,
// pages from a broken map 0-1%. The threshold sits far from both.
import { COMMON_HANZI } from './hanzi.js';
import { PDF_SETTINGS } from './settings.js';

const Q = PDF_SETTINGS.quality;

let common: Set<string> | null = null;
const commonSet = (): Set<string> => (common ??= new Set(COMMON_HANZI));

/**
 * Punctuation, symbols and layout characters that say nothing about the font's mapping, and
 * kana and Hangul syllables, so that Japanese or Korean passages are not taken for garbage.
 */
const NEUTRAL = /[\s\x20-\x7e\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2100-\u27bf\u3000-\u30ff\uac00-\ud7af\ufe30-\ufe4f\uff00-\uffef]/u;
/** What unmapped glyphs decode to: private use, the replacement character, C0 controls. */
const BROKEN = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f]/u;

export interface TextQuality {
  /** Characters that carry meaning beyond ASCII and punctuation. */
  letters: number;
  /** Of them, common hanzi. */
  common: number;
  /** Characters that are certainly undecoded glyphs, and `(cid:N)` leftovers. */
  broken: number;
  /** Of the letters, those outside the CJK Unified Ideographs block. */
  foreign: number;
}

/** Kinds of a UTF-16 unit, as the per-character tests below would find: not yet known, a letter,
 * a common hanzi, neutral, broken. */
const UNKNOWN = 0;
const LETTER = 1;
const COMMON = 2;
const NEUTRAL_KIND = 3;
const BROKEN_KIND = 4;
let kinds: Uint8Array | null = null;

/** The kind of one character (a code point, as `for…of` yields them), through the regexes above. */
function kindOf(ch: string): number {
  if (BROKEN.test(ch)) return BROKEN_KIND;
  if (NEUTRAL.test(ch)) return NEUTRAL_KIND;
  return commonSet().has(ch) ? COMMON : LETTER;
}

export function textQuality(text: string): TextQuality {
  // Each unit's kind is found once per process and remembered: a page's text is read unit by
  // unit rather than as one string per character.
  const known = (kinds ??= new Uint8Array(0x10000));
  const q: TextQuality = { letters: 0, common: 0, broken: (text.match(/\(cid:\d+\)/g) ?? []).length * Q.cidWeight, foreign: 0 };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    let kind: number;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        // Past the BMP: none of the ranges tested, so a letter outside the ideograph block.
        const ch = text.slice(i, i + 2);
        cp = ch.codePointAt(0)!;
        kind = kindOf(ch);
        i++;
      } else kind = known[cp] || (known[cp] = kindOf(text[i]!));
    } else kind = known[cp] || (known[cp] = kindOf(text[i]!));
    if (kind === BROKEN_KIND) {
      q.broken++;
      continue;
    }
    if (kind === NEUTRAL_KIND) continue;
    q.letters++;
    if (kind === COMMON) q.common++;
    if (cp < 0x4e00 || cp > 0x9fff) q.foreign++;
  }
  return q;
}

/** Text that did not decode: undecoded glyphs, or letters that are mostly not Chinese a person writes. */
export function isGarbled(q: TextQuality, visible: number): boolean {
  if (q.broken >= Q.brokenChars && q.broken >= Q.brokenShare * Math.max(visible, 1)) return true;
  if (q.letters < Q.minLetters) return false;
  const share = q.common / q.letters;
  // Traditional Chinese shares only part of its characters with the simplified list, so a
  // middling share alone is not damning; garbage also strays outside the ideograph block.
  return share < Q.commonShare || (share < Q.doubtfulShare && q.foreign >= Q.foreignShare * q.letters);
}
