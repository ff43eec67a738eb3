// Who won and for how much: an award notice's suppliers (中标供应商, 成交供应商), the sum per lot
// (中标金额, 成交金额, in 元 or 万元) and a 下浮率 where the price is a discount. Read from
// award tables (包号 | 供应商名称 | 中标金额) and from labelled fields in document order, a
// supplier taking the sum and rate stated beside it.
import { slotText, type TableBlock } from '../../extractors/model.js';
import type { Award } from '../../schemas/records.js';
import { AMOUNT, CELL_AMOUNT, amountsIn, yuan } from './amounts.js';
import { roleOf } from '../headers.js';
import { cleanValue, fieldsIn, isOrganisation, labelCell, rejection, unitOfNote, type SourceLine } from './labels.js';
import { lotIn, lotMarker } from './index.js';
import { cleanText, escapeRegExp, halfWidth } from '../text.js';
import { RATE_INLINE } from '../vocabulary.js';

/** A line with the block it comes from and the lot that block stands under. */
export interface AwardLine extends SourceLine { at: number; lot: number | null }

const PERCENT = /(\d+(?:\.\d+)?)\s*[%％]/;
const RATE_WORDS = new RegExp(`(?:${RATE_INLINE.map(escapeRegExp).join('|')})(?:率|比例)?\\s*(?:为|是)?\\s*[:：]?\\s*(\\d+(?:\\.\\d+)?)\\s*[%％]`);

/** A rate as a fraction: `8%` → 0.08, `8.5％` → 0.085. */
export function rateOf(text: string): number | null {
  const m = PERCENT.exec(halfWidth(text));
  if (!m) return null;
  const v = Number(m[1]);
  return v > 0 && v < 100 ? Math.round(v * 1e4) / 1e6 : null;
}

/** The suppliers a supplier field names: one organisation, or several joined by 、 / ； (a framework award). */
export function suppliersIn(value: string): string[] {
  const v = cleanValue(value);
  if (!v || rejection(v)) return [];
  if (isOrganisation(v)) return [v];
  const parts = v.split(/[、；;，,]/).map((x) => cleanValue(x)).filter(Boolean);
  return parts.length > 1 && parts.every(isOrganisation) ? parts : [];
}

// ---------- award tables ----------

const SUPPLIER_HEAD = /供应商|中标人|成交人|中标单位|成交单位|中选单位|中选人|候选人/;
const AMOUNT_HEAD = /金额|总价|报价|价格|中标价|成交价/;
const RATE_HEAD = /下浮|优惠率|折扣|让利|费率/;

interface Columns { supplier: number; amount: number; rate: number; lot: number; wan: boolean }

/** The columns of an award table (包号 | 供应商名称 | 中标金额（万元） | 下浮率), or null for another table. */
function awardColumns(head: string[]): Columns | null {
  const supplier = head.findIndex((h) => (labelCell(h)?.kind === 'supplier' || SUPPLIER_HEAD.test(h)) && !/地址|电话|联系/.test(h));
  if (supplier < 0) return null;
  const amount = head.findIndex((h, i) => i !== supplier && (labelCell(h)?.kind === 'award' || AMOUNT_HEAD.test(h)) && !/单价|限价|预算|控制价/.test(h));
  const rate = head.findIndex((h, i) => i !== supplier && RATE_HEAD.test(h));
  if (amount < 0 && rate < 0) return null;
  const lot = head.findIndex((h, i) => i !== supplier && roleOf(h) === 'lot');
  const note = amount >= 0 ? /[（(]([^（）()]*)[)）]/.exec(head[amount]!)?.[1] ?? null : null;
  return { supplier, amount, rate, lot, wan: unitOfNote(note) === 'wan' || /万元/.test(head[amount] ?? '') };
}

/** The awards an award table lists, one a row; null when the table is none. */
export function awardTable(t: TableBlock, lot: number | null): Award[] | null {
  const head = t.rows[0]?.map((_, c) => halfWidth(cleanText(slotText(t, 0, c))).replace(/\s+/g, '')) ?? [];
  const cols = awardColumns(head);
  if (!cols) return null;
  const out: Award[] = [];
  for (let r = 1; r < t.rows.length; r++) {
    const cell = (c: number) => (c >= 0 ? cleanText(slotText(t, r, c)) : '');
    const amountCell = halfWidth(cell(cols.amount)).replace(/\s/g, '');
    const m = CELL_AMOUNT.exec(amountCell);
    const amount = m && !/^[^/]*\//.test(amountCell.slice(m[0].length)) ? yuan(m[1]!, cols.wan || !!m[2]?.startsWith('万')) : null;
    const rate = cols.rate >= 0 ? rateOf(cell(cols.rate)) : rateOf(amountCell);
    const rowLot = cols.lot >= 0 ? lotIn(cell(cols.lot)) : lot;
    for (const supplier of suppliersIn(cell(cols.supplier))) out.push({ lot: rowLot, supplier, amount_cny: amount, rate });
  }
  return out;
}

// ---------- labelled fields ----------

interface Open { lot: number | null; supplier: string | null; amount_cny: number | null; rate: number | null }

/**
 * The awards the labelled fields of the lines state, in document order: a supplier opens an
 * award; the sum and the rate stated next (before another supplier, in the same lot) are its,
 * as are a sum and rate stated just before it that no supplier took.
 */
export function awardFields(lines: readonly AwardLine[]): Award[] {
  const out: Open[] = [];
  let open: Open | null = null;
  // The lot a 第N包 line names holds for the lines after it, as it does for the blocks under it.
  let markedLot: number | null = null;
  for (const line of lines) {
    const marker = lotMarker(line.text);
    if (marker) markedLot = marker.lot;
    const lot = line.lot ?? markedLot;
    if (open && open.lot !== lot && lot !== null) open = null;
    const events: { at: number; kind: 'supplier' | 'amount' | 'rate'; suppliers?: string[]; yuan?: number; rate?: number }[] = [];
    for (const f of fieldsIn(line.text)) {
      if (f.kind === 'supplier') {
        const s = suppliersIn(f.value);
        if (s.length) events.push({ at: f.at, kind: 'supplier', suppliers: s });
      } else if (f.kind === 'rate') {
        const r = rateOf(f.value);
        if (r !== null) events.push({ at: f.at, kind: 'rate', rate: r });
      }
    }
    for (const a of amountsIn(line.text)) if (a.kind === 'award') events.push({ at: a.at, kind: 'amount', yuan: a.yuan });
    if (!events.some((e) => e.kind === 'rate')) {
      const r = RATE_WORDS.exec(halfWidth(line.text));
      if (r) events.push({ at: r.index, kind: 'rate', rate: rateOf(`${r[1]}%`)! });
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      if (e.kind === 'supplier') {
        // A supplier event is only made for a non-empty list.
        const [first, ...more] = e.suppliers!;
        if (open && open.supplier === null) open.supplier = first!;
        else out.push((open = { lot, supplier: first!, amount_cny: null, rate: null }));
        // A framework award's other suppliers share the first one's lot, and no sum.
        for (const s of more) out.push({ lot, supplier: s, amount_cny: null, rate: null });
      } else if (e.kind === 'amount') {
        if (open && open.amount_cny === null) open.amount_cny = e.yuan!;
        else out.push((open = { lot, supplier: null, amount_cny: e.yuan!, rate: null }));
      } else if (open && open.rate === null) open.rate = e.rate!;
      else out.push((open = { lot, supplier: null, amount_cny: null, rate: e.rate! }));
    }
  }
  return out.filter((a): a is Award => a.supplier !== null);
}

/** One award per lot and supplier: a table and the fields that restate it name it once, with what either knows. */
export function mergeAwards(awards: readonly Award[]): Award[] {
  const out: Award[] = [];
  for (const a of awards) {
    const same = out.find((b) => b.supplier === a.supplier && (b.lot === a.lot || b.lot === null || a.lot === null));
    if (!same) {
      out.push({ ...a });
      continue;
    }
    same.lot ??= a.lot;
    same.amount_cny ??= a.amount_cny;
    same.rate ??= a.rate;
  }
  return out;
}
