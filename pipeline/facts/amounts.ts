// Sums of money a line states under a money label (预算金额, 最高限价, 自筹资金 …): the label, then
// only what may stand between a label and its amount (为, 人民币, （元）, ：), then the amount.
// Anything else between them (在, 的, 不超过) means the label is talked about, not stated.
import { CHINESE_NUMERAL, chineseMoney, chineseNumber, scaleDecimal } from '../numbers.js';
import { unitOfNote } from './labels.js';
import { escapeRegExp, halfWidth } from '../text.js';
import { BUDGET_PERIODS, LABELS, LOT_WORDS, MONEY_CONNECTORS, THRESHOLD_AFTER } from '../vocabulary.js';
import { memo } from '../memo.js';

export type MoneyKind = 'budget' | 'cap' | 'funds' | 'award';

export interface Amount {
  kind: MoneyKind;
  label: string;
  /** In yuan. */
  yuan: number;
  /** Where the label starts in the (half-width) line. */
  at: number;
  /** The lot the amount is given for when the value names one (`包1-860000.00元`). */
  lot: number | null;
}

const KINDS: MoneyKind[] = ['budget', 'cap', 'funds', 'award'];
const KIND_OF = new Map<string, MoneyKind>();
for (const k of KINDS) for (const w of LABELS[k]) if (!KIND_OF.has(w)) KIND_OF.set(w, k);
const LABEL = new RegExp([...KIND_OF.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
const ANY_LABEL = new RegExp(LABEL.source);

/** A sum as tenders write it: 3,860,000.00, 398.6000000 (after half-width folding). */
export const AMOUNT = '(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';

const CONNECT = new RegExp(
  `^(?:\\s+|[:：]|[（(]([^（）()]{0,14})[)）]|${[...MONEY_CONNECTORS, '大写', '小写'].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`,
);
const LOT_WORD = `(?:${[...LOT_WORDS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`;
const LOT_REF = new RegExp(`^(?:第\\s*(\\d+|${CHINESE_NUMERAL}+)\\s*${LOT_WORD}|${LOT_WORD}\\s*(\\d+|${CHINESE_NUMERAL}+))\\s*[-—:：]?\\s*`);
const FIGURE = new RegExp(`^[¥￥]?\\s*(${AMOUNT})\\s*(?:(万元|万|元)|[（(]\\s*(万元|元)\\s*[)）])?`);
const CAPITAL = new RegExp(`^${CHINESE_NUMERAL}`);
const CAPITAL_MONEY = new RegExp(`^${CHINESE_NUMERAL}+[元圆](?:${CHINESE_NUMERAL}角)?(?:${CHINESE_NUMERAL}分)?整?`);
/** A cell that is an amount: 人民币¥1,000.00万元, 398.6. */
export const CELL_AMOUNT = new RegExp(`^(?:人民币)?[¥￥]?(${AMOUNT})(万元|万|元)?`);
const ANY_MONEY = new RegExp(`[¥￥]?\\s*(${AMOUNT})\\s*(万元|万|元)|[¥￥]\\s*(${AMOUNT})`);
const AFTER_REJECT = new RegExp(
  `^\\s*(?:[/／](?!\\s*(?:${BUDGET_PERIODS.map(escapeRegExp).join('|')}))|每(?!\\s*(?:${BUDGET_PERIODS.map(escapeRegExp).join('|')}))|${THRESHOLD_AFTER.map(escapeRegExp).join('|')})`,
);

/** An amount in yuan: `3,860,000.00` → 3860000; in 万元, exactly scaled (398.6 → 3986000). */
export function yuan(amount: string, wan: boolean): number {
  const digits = amount.replace(/,/g, '');
  return wan ? scaleDecimal(digits, 4) : Number(digits);
}

/** The amount that `rest` (what follows a money label) states, or null when the label is not followed by one. */
function amountAfter(rest: string): { yuan: number; lot: number | null } | null {
  let t = rest;
  let unit: 'yuan' | 'wan' | null = null;
  for (let i = 0; i < 8; i++) {
    const m = CONNECT.exec(t);
    if (!m || !m[0]) break;
    if (m[1] !== undefined) unit = unitOfNote(m[1]) ?? unit;
    t = t.slice(m[0].length);
  }
  let lot: number | null = null;
  const ref = LOT_REF.exec(t);
  if (ref) {
    // Each alternative of LOT_REF captures the number: one of the two groups is set.
    const n = (ref[1] ?? ref[2])!;
    lot = /^\d+$/.test(n) ? Number(n) : chineseNumber(n);
    t = t.slice(ref[0].length);
  }
  const f = FIGURE.exec(t);
  let value: number | null = null;
  let after = '';
  if (f && (f[2] || f[3] || /^[¥￥]/.test(t) || unit)) {
    const u = f[2] ?? f[3];
    value = yuan(f[1]!, u ? u.startsWith('万') : unit === 'wan');
    after = t.slice(f[0].length);
  } else if (CAPITAL.test(t)) {
    const m = CAPITAL_MONEY.exec(t);
    if (m) {
      value = chineseMoney(m[0]);
      after = t.slice(m[0].length);
    }
  }
  if (value === null || AFTER_REJECT.test(after)) return null;
  return { yuan: value, lot };
}

// The same lines are read for budget, cap and funds, and repeat across documents: read each once.
const read = memo((line: string) => readAmounts(line));
const NO_AMOUNT: Amount[] = [];
const FIGURE_CHAR = new RegExp(`[0-9０-９]|${CHINESE_NUMERAL}`);

/** Every amount a line states under a budget, cap, funds or award label, in order. */
export function amountsIn(line: string): Amount[] {
  return !ANY_LABEL.test(line) || !FIGURE_CHAR.test(line) ? NO_AMOUNT : read(line);
}

function readAmounts(line: string): Amount[] {
  const t = halfWidth(line);
  const out: Amount[] = [];
  for (const m of t.matchAll(LABEL)) {
    const got = amountAfter(t.slice(m.index! + m[0].length));
    if (got) out.push({ kind: KIND_OF.get(m[0])!, label: m[0], yuan: got.yuan, at: m.index!, lot: got.lot });
  }
  return out;
}

/** The first sum of money in `text` (`398.6000000 万元`, `3,860,000.00元`, `¥1,000,000.00`), in yuan, labelled or not. */
export function moneyOf(text: string): number | null {
  const m = ANY_MONEY.exec(halfWidth(text));
  if (!m) return null;
  return m[1] !== undefined ? yuan(m[1], m[2]!.startsWith('万')) : yuan(m[3]!, false);
}
