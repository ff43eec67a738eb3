// Small text helpers shared by every stage.
import { memo } from './memo.js';

/** Chinese characters, CJK punctuation and full-width forms, as the inside of a regex character class. */
export const CJK_CLASS = '\\u2e80-\\u2fff\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const CJK = new RegExp(`[${CJK_CLASS}]`);

export const isCjk = (ch: string | undefined): boolean => !!ch && CJK.test(ch);

/**
 * A capture group that takes part in every match of its pattern (one outside any `?`, `*` or
 * `|`), so it is never undefined there; a group that may not take part is read as `m[i]`.
 */
export const group = (m: RegExpMatchArray, i: number): string => m[i] ?? '';

/** Full-width ASCII (digits, letters, punctuation) and the ideographic space to ASCII. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

export function halfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  // Chinese text is full of full-width punctuation: copy runs, convert single characters.
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0xff01 || c > 0xff5e) && c !== 0x3000) continue;
    out += s.slice(from, i) + (c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0));
    from = i + 1;
  }
  return out + s.slice(from);
}

// The same cell text is cleaned by several stages and repeats across rows: clean it once.
export const cleanText: (text: string) => string = memo((text) => cleanUncached(text));

function cleanUncached(text: string): string {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  let out = '';
  for (const line of lines) {
    const last = out.charAt(out.length - 1);
    const first = line.charAt(0);
    if (out && !isCjk(last) && !isCjk(first) && !brokenToken(last, first)) out += ' ';
    out += line;
  }
  return out
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ (?=[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])|(?<=[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]) /g, '')
    .trim();
}

/** A URL, phone number or range cut by a narrow cell (`www.creditchina` | `.gov.cn`,
 * `0755-` | `36994788`) joins without a space; two Latin words do not. */
function brokenToken(last: string, first: string): boolean {
  const part = /[0-9A-Za-z./:_@-]/;
  return part.test(last) && part.test(first) && (/[0-9./:_@-]/.test(last) || /[0-9./:_@-]/.test(first));
}

/** Key for comparing labels: full-width folded, no whitespace, lower case. */
export const labelKey: (s: string) => string = memo((s) => halfWidth(s).replace(/\s+/g, '').toLowerCase());

/**
 * How much of one cell the stages analyse (segmentation, service, specs, column evidence): a
 * 120 MB cell would otherwise spend minutes and gigabytes in native code that no time or
 * memory limit can stop. The whole text is kept; only this prefix is read.
 */
export const MAX_ANALYSED_CHARS = 4000;

/** The analysed prefix of a text, never cutting a surrogate pair in two. */
export function analysed(text: string): string {
  if (text.length <= MAX_ANALYSED_CHARS) return text;
  const cut = text.slice(0, MAX_ANALYSED_CHARS);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The first line of an error's message (or of a string): what a one-line report shows. */
export function firstLine(e: unknown): string {
  const text = typeof e === 'string' ? e : String((e as Error)?.message ?? e);
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).trim();
}

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
