// Prices an item's row states: a unit or total price a bidder quoted (or an award gives), a
// budget for the row, or a ceiling written in a cell or a clause (单价控制价12.55元/条,
// 最高限价230元/人/月). Null where none is stated: a blank price form gives none.
import type { Price, PricePer } from '../schemas/records.js';
import { group, halfWidth } from './text.js';
import { round } from './units.js';
import { PRICE_WORDS } from './vocabulary.js';

/** A sum in a price cell: `1,200.00`, `¥1200`, `12.5万元`; in 万元 when the cell or its header says so. */
export function cellAmount(text: string, headerWan: boolean): number | null {
  const t = halfWidth(text).replace(/\s+/g, '').replace(/^[¥￥]|^人民币/, '');
  const m = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|万|元)?(?:\/.*)?$/.exec(t);
  if (!m) return null;
  const v = Number(group(m, 1).replace(/,/g, ''));
  if (!Number.isFinite(v) || v <= 0) return null;
  const wan = m[2] ? m[2].startsWith('万') : headerWan;
  return round(v * (wan ? 10_000 : 1));
}

const perOf = (s: string | undefined): PricePer | null => (!s ? null : /月/.test(s) ? 'month' : /年/.test(s) ? 'year' : /次/.test(s) ? 'use' : null);

const CAP_CLAUSE = new RegExp(
  `(?:${PRICE_WORDS.capClause.join('|')})\\s*(?:为|:|：)?\\s*(?:人民币)?\\s*[¥￥]?\\s*(\\d+(?:\\.\\d+)?)\\s*(万元|元)((?:\\s*/\\s*[^/\\s，,。；;）)]{1,6}){0,2})`,
);

/** A ceiling stated in running text: `单价控制价12.55元/条` → 12.55 per 条; `最高限价230元/人/月` → 230 per 人 per month. */
export function capInText(text: string): Price | null {
  const m = CAP_CLAUSE.exec(halfWidth(text));
  if (!m) return null;
  const value = Number(m[1]) * (m[2] === '万元' ? 10_000 : 1);
  const parts = group(m, 3).split('/').map((p) => p.trim()).filter(Boolean);
  const period = parts.find((p) => perOf(p));
  const unit = parts.find((p) => p !== period) ?? null;
  return { value_cny: round(value), per_unit: unit, per_period: perOf(period), kind: 'cap' };
}

export interface PriceCells {
  unitPrice: string;
  totalPrice: string;
  budget: string;
  /** The headers of those columns, for their unit (万元) and their kind (最高限价 is a cap). */
  unitHeader: string;
  totalHeader: string;
  budgetHeader: string;
  /** Text of the row that may state a ceiling (its name, spec and note cells). */
  text: string;
  /** The billing unit and price period the row is priced in. */
  billingRaw: string;
  per: PricePer | null;
}

const wanIn = (h: string) => /万元/.test(halfWidth(h));

/** The price a row states, the most specific first: a unit price, a row budget or ceiling, a total, a ceiling in its text. */
export function priceOf(c: PriceCells): Price | null {
  const unit = cellAmount(c.unitPrice, wanIn(c.unitHeader));
  if (unit !== null) {
    const kind = PRICE_WORDS.capHeader.test(c.unitHeader) ? 'cap' : 'quoted';
    return { value_cny: unit, per_unit: c.billingRaw || null, per_period: c.per, kind };
  }
  const budget = cellAmount(c.budget, wanIn(c.budgetHeader));
  if (budget !== null) {
    const kind = PRICE_WORDS.capHeader.test(c.budgetHeader) ? 'cap' : 'budget';
    // 最高单价, 预算单价: a ceiling or budget per billing unit, not for the row.
    return /单价/.test(c.budgetHeader) ? { value_cny: budget, per_unit: c.billingRaw || null, per_period: c.per, kind } : { value_cny: budget, per_unit: null, per_period: null, kind };
  }
  const total = cellAmount(c.totalPrice, wanIn(c.totalHeader));
  if (total !== null) return { value_cny: total, per_unit: null, per_period: null, kind: 'quoted' };
  return c.text ? capInText(c.text) : null;
}
