// Small text helpers shared by every stage.

const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

export const isCjk = (ch: string | undefined): boolean => !!ch && CJK.test(ch);

/** Full-width ASCII (digits, letters, punctuation) and the ideographic space to ASCII. */
export function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * Cell or paragraph text as one line: inner line breaks joined (no space between Chinese,
 * one space between Latin words), a space next to a Chinese character dropped (PDF and Word
 * layouts pad with them: `2026 年` → `2026年`), other runs of whitespace collapsed to one space.
 */
export function cleanText(text: string): string {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  let out = '';
  for (const line of lines) {
    if (out && !isCjk(out[out.length - 1]) && !isCjk(line[0])) out += ' ';
    out += line;
  }
  return out
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ (?=[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])|(?<=[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]) /g, '')
    .trim();
}

/** Key for comparing labels: full-width folded, no whitespace, lower case. */
export function labelKey(s: string): string {
  return halfWidth(s).replace(/\s+/g, '').toLowerCase();
}
