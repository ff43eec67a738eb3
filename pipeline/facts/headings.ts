// Numbering and headings: what a paragraph's number is, and whether it heads a section.
import type { Block } from '../../extractors/model.js';
import { CHINESE_NUMERAL } from '../numbers.js';
import { cleanText } from '../text.js';

const NUMBERING = new RegExp(
  [
    `^[（(]\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^(?:\\d+|${CHINESE_NUMERAL}+)\\s*[)）]`,
    `^第\\s*(?:\\d+|${CHINESE_NUMERAL}+)\\s*[章节部分篇条]`,
    `^${CHINESE_NUMERAL}+\\s*[、.．]`,
    `^\\d+(?:\\s*[.．]\\s*\\d+)*\\s*[、.．]?(?=\\s|[\\u4e00-\\u9fff“"《（(])`,
    '^[①-⑳]',
    '^[一-十]\\s+',
  ].join('|'),
);

/** `（1） 政务云基础服务` → `政务云基础服务`; `1.2.3 xx` → `xx`. */
export function stripNumbering(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 3; i++) {
    const next = t.replace(NUMBERING, '').trim();
    if (next === t) break;
    t = next;
  }
  return t;
}

/** A paragraph that reads as a heading: short, numbered (or marked by the reader), no sentence punctuation. */
export function isHeading(block: Block): boolean {
  if (block.type !== 'paragraph') return false;
  const text = cleanText(block.text);
  if (!text || text.length > 60) return false;
  const body = stripNumbering(text);
  if (!body || body.length > 45) return false;
  if (/[。；;，,：:]/.test(body.replace(/[：:]$/, ''))) return false;
  if (/^[\d.\s%]+$/.test(body)) return false;
  return block.heading === true || body !== text;
}
