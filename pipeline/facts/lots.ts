// Lots (包/标段): markers in lines and cells, budgets stated per lot, lot tables, and the
// heading and lot each block stands under.
import { slotText, type Block, type TableBlock } from '../../extractors/model.js';
import type { Lot } from '../../schemas/records.js';
import { roleOf } from '../headers.js';
import { CHINESE_NUMERAL, chineseNumber } from '../numbers.js';
import { cleanText, escapeRegExp, halfWidth } from '../text.js';
import { LOT_COUNT_UNITS, LOT_FORM_TITLE_WORDS, LOT_NAME_SENTENCE, LOT_WORDS } from '../vocabulary.js';
import { AMOUNT, CELL_AMOUNT, moneyOf, yuan } from './amounts.js';
import { isHeading, stripNumbering } from './headings.js';
import { BUDGET_LABEL } from './money.js';

/** Where each block stands: its section heading and lot. */
export interface Placement { section: string | null; lot: number | null }


const LOT_NO = `(\\d+|${CHINESE_NUMERAL}+)`;
const LOT_WORD = `(?:${[...LOT_WORDS].sort((a, b) => b.length - a.length).join('|')})`;
/** 第一包, 第3标段 … */
const LOT_ORDINAL = `第\\s*${LOT_NO}\\s*${LOT_WORD}`;
/** 包1, 标段二, 合同包1, 标项一 … */
const LOT_NUMBERED = `${LOT_WORD}\\s*${LOT_NO}`;
const LOT_NAME = '(?:\\s*[:：]\\s*|\\s+)?([^（）()：:，,。；;]*)';
const LOT_PATTERNS = [new RegExp(`${LOT_ORDINAL}${LOT_NAME}`), new RegExp(`${LOT_NUMBERED}(?![\\d万元年月])${LOT_NAME}`)];
/** What follows a lot number in a line that states its money (包1：418万元, 标段一预算金额：…), not its name. */
const LOT_MONEY = /^(?:的)?(?:预算|采购预算|项目预算|最高限价|限价|控制价|金额|合同金额)|^(?:人民币)?\s*[¥￥]?\s*\d[\d,，.]*\s*(?:万元|万|元)/;

/** A lot's name as written, or '' where what stands there is a sentence of the notice, not a name. */
export function lotName(name: string): string {
  const n = name.trim();
  if (!n || n.length > LOT_NAME_SENTENCE.chars || /[。；;！？!?]/.test(n) || LOT_NAME_SENTENCE.leads.some((w) => n.startsWith(w))) return '';
  return n;
}

function lotNumber(text: string): number | null {
  const n = /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
  return n && n > 0 && n < 100 ? n : null;
}

/** The lot a 包号 cell names: `包1`, `第二包`, `2`, `标段三`. */
export function lotIn(cell: string): number | null {
  const n = /(\d+|[一二三四五六七八九十]+)/.exec(halfWidth(cell));
  return n ? lotNumber(n[1]!) : null;
}

/** A lot marker in a title or heading line: `第一包：法律服务业务系统`, `包1：…`, `标段二 …`. */
export function lotMarker(text: string): { lot: number; name: string } | null {
  const t = cleanText(text);
  if (t.length > 80) return null;
  for (const re of LOT_PATTERNS) {
    const m = re.exec(t);
    if (!m) continue;
    // In running text (本项目分为两个包…) a marker is not a lot heading: it must lead the line,
    // follow the numbering, or stand in brackets in a title.
    const before = t.slice(0, m.index);
    const leads = stripNumbering(before) === '' || /[（(【\[]\s*$/.test(before) || /项目\s*$/.test(before);
    if (!leads) continue;
    const lot = lotNumber(m[1]!);
    if (lot === null) continue;
    if (LOT_MONEY.test(m[2] ?? '')) return null;
    let name = (m[2] ?? '').replace(/^(采购内容|名称|包名称)\s*[:：]?/, '').replace(/[)）】\]]+$/, '').trim();
    // 合同包1(政务云计算及存储资源): the name in brackets right after the number.
    if (!name) name = /^\s*[（(]([^（）()]{2,40})[)）]/.exec(t.slice(m.index + m[0].length))?.[1]!.trim() ?? '';
    // A form's or template's title names no lot: 包1 合同模板, 第一包评分标准.
    return { lot, name: LOT_FORM_TITLE_WORDS.some((w) => name.includes(w)) ? '' : lotName(name) };
  }
  return null;
}

const LOT_REF = `(?:${LOT_ORDINAL}|${LOT_NUMBERED})`;
const LOT_BUDGET = new RegExp(
  `${LOT_REF}\\s*(?:[（(][^（）()]{0,30}[)）])?\\s*(?:的)?(?:预算金额|采购预算|项目预算|预算|金额)?\\s*(?:为|[:：])?\\s*((?:人民币)?\\s*[¥￥]?\\s*${AMOUNT}\\s*(?:万元|万|元))`,
  'g',
);

/**
 * Budgets a budget line gives lot by lot: `其中第一包256.80万元，第二包43.20万元`,
 * `（包1：418万元；包2：142万元）`, `标段一预算金额：3,600,000.00元`. `at` is where the first
 * lot is named, so that a budget stated before it is the whole project's.
 */
export function lotBudgets(line: string): { at: number; lots: { lot: number; budget_cny: number }[] } {
  const t = halfWidth(cleanText(line));
  const lots: { lot: number; budget_cny: number }[] = [];
  let at = -1;
  if (!BUDGET_LABEL.test(t)) return { at, lots };
  for (const m of t.matchAll(LOT_BUDGET)) {
    // LOT_REF's two alternatives each capture the number: one of the two groups is set.
    const lot = lotNumber((m[1] ?? m[2])!);
    const money = moneyOf(m[3]!);
    if (lot === null || money === null) continue;
    if (at < 0) at = m.index!;
    lots.push({ lot, budget_cny: money });
  }
  return { at, lots };
}

// ---------- places: sections and lots per block ----------

const LOT_HEADING = new RegExp(`^${LOT_REF}`);

/** A lot marker that starts its line and is all the line says: a heading, not a title with the lot in brackets. */
function isLotHeading(text: string): boolean {
  const body = stripNumbering(text);
  return body.length <= 40 && LOT_HEADING.test(body) && !/[。；;，,]/.test(body);
}

/** For each block, the section heading and lot it stands under. */
export function placeBlocks(blocks: Block[]): Placement[] {
  let section: string | null = null;
  let lot: number | null = null;
  let lastShort: string | null = null;
  return blocks.map((block) => {
    if (block.type === 'table') {
      const place = { section: section ?? lastShort, lot };
      lastShort = null;
      return place;
    }
    const text = cleanText(block.text);
    const marker = text.length <= 80 ? lotMarker(text) : null;
    if (marker) {
      lot = marker.lot;
      // A line that is the lot's own heading (包1：物理服务器租赁服务) is what its tables stand under.
      section = isLotHeading(text) ? stripNumbering(text) : null;
    }
    if (isHeading(block)) section = stripNumbering(text);
    else if (!marker) lastShort = text.length <= 30 && !/[。；;，,]/.test(text) && !/[:：]\s*(?:人民币)?\s*[\d¥￥]/.test(text) ? text : null;
    return { section, lot };
  });
}

const LOT_COUNT = new RegExp(`^\\d+\\s*(?:${LOT_COUNT_UNITS.map(escapeRegExp).join('|')})$`);

/** A lot table (包号 | 包名称 | … | 预算金额) adds lots and their budgets. */
export function lotTable(t: TableBlock, lots: Map<number, Lot>): void {
  const head = t.rows[0]?.map((_, c) => halfWidth(cleanText(slotText(t, 0, c))).replace(/\s+/g, '')) ?? [];
  const lotCol = head.findIndex((h) => roleOf(h) === 'lot');
  if (lotCol < 0) return;
  const nameCol = head.findIndex((h, i) => i !== lotCol && /名称|采购内容|标的/.test(h));
  const budgetCol = head.findIndex((h) => BUDGET_LABEL.test(h));
  const wan = budgetCol >= 0 && /万元/.test(head[budgetCol]!);
  for (let r = 1; r < t.rows.length; r++) {
    const cell = cleanText(slotText(t, r, lotCol));
    // `1项` under 标项 counts the lots (one, not divided); it numbers none.
    if (LOT_COUNT.test(cell)) continue;
    const lot = lotIn(cell);
    if (lot === null) continue;
    const name = nameCol >= 0 ? lotName(cleanText(slotText(t, r, nameCol))) : '';
    let budget: number | null = null;
    if (budgetCol >= 0) {
      const cell = halfWidth(cleanText(slotText(t, r, budgetCol))).replace(/\s/g, '');
      const m = CELL_AMOUNT.exec(cell);
      if (m) budget = yuan(m[1]!, wan || !!m[2]?.startsWith('万'));
    }
    const known = lots.get(lot);
    if (!known) lots.set(lot, { lot, name, budget_cny: budget });
    else {
      if (!known.name && name) known.name = name;
      known.budget_cny ??= budget;
    }
  }
}
