// Numbers as tenders write them: thousands separators, full-width digits, Chinese numerals
// (十二, 三百) and the capital numerals of money (壹佰万元整).
import { halfWidth } from './text.js';

/** A decimal number at the start of `s` (after optional spaces), with what follows it. */
export function leadingNumber(s: string): { value: number; text: string; rest: string } | null {
  const t = halfWidth(s).trim();
  const m = /^[+]?(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?/.exec(t) ?? /^[+]?()(\.\d+)/.exec(t);
  if (!m) return null;
  const text = (m[1] + (m[2] ?? '')).replace(/[,，]/g, '');
  const value = Number(text.startsWith('.') ? `0${text}` : text);
  if (!Number.isFinite(value)) return null;
  return { value, text, rest: t.slice(m[0].length).trim() };
}

/** The whole cell as one number, or null when it holds anything else. */
export function parseNumber(s: string): number | null {
  const n = leadingNumber(s);
  return n && n.rest === '' ? n.value : null;
}

/** Multiply a decimal string by 10^pow exactly (162.747796 × 10^4 = 1627477.96, no float noise). */
export function scaleDecimal(text: string, pow: number): number {
  const [int = '', frac = ''] = text.split('.');
  const digits = int + frac;
  const point = int.length + pow;
  const padded = point >= digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const s = point >= digits.length ? padded : `${padded.slice(0, point)}.${padded.slice(point)}`;
  return Number(s);
}

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 貳: 2, 两: 2, 兩: 2, 三: 3, 叁: 3, 參: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 陸: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const LARGE: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

export const CHINESE_NUMERAL = '[零〇一壹二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億]';

const NUMERAL = new RegExp(`^${CHINESE_NUMERAL}+$`);
const MONEY = new RegExp(`(${CHINESE_NUMERAL}+)[元圆](?:(${CHINESE_NUMERAL})角)?(?:(${CHINESE_NUMERAL})分)?`);

/** 十二 → 12, 三百零五 → 305, 壹佰万 → 1000000; null when `s` is not a numeral. */
export function chineseNumber(s: string): number | null {
  if (!s || !NUMERAL.test(s)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of s) {
    const d = DIGITS[ch], small = SMALL[ch], large = LARGE[ch];
    if (d !== undefined) {
      digit = d;
    } else if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
    } else if (large !== undefined) {
      section += digit ?? 0;
      total = (total + section) * large;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** Capital-numeral money (人民币壹佰万元整, 叁拾捌万陆仟元伍角) in yuan. */
export function chineseMoney(s: string): number | null {
  const m = MONEY.exec(s);
  if (!m) return null;
  const yuan = chineseNumber(m[1]!);
  if (yuan === null) return null;
  const jiao = m[2] ? chineseNumber(m[2]) ?? 0 : 0;
  const fen = m[3] ? chineseNumber(m[3]) ?? 0 : 0;
  return Math.round((yuan + jiao / 10 + fen / 100) * 100) / 100;
}

/** A number written either way: "12", "1,097", "十二". */
export function anyNumber(s: string): number | null {
  return parseNumber(s) ?? chineseNumber(s.trim());
}
