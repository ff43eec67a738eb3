// Money: the budget and the 最高限价 of the document and of each lot.
import type { DocModel, TableBlock } from '../../extractors/model.js';
import type { Lot } from '../../schemas/records.js';
import { cleanText, escapeRegExp, halfWidth } from '../text.js';
import { LABELS, WHOLE_BUDGET_WORDS } from '../vocabulary.js';
import { amountsIn } from './amounts.js';
import { cleanValue, fieldsIn } from './labels.js';
import type { FactLine } from './lines.js';
import { lotBudgets, lotMarker, lotName, lotTable, type Placement } from './lots.js';


export const BUDGET_LABEL = new RegExp([...LABELS.budget].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'));

/** A budget stated in a line, in yuan: only under a budget label, never a cap, deposit, threshold or unit price. */
export function budgetIn(line: string): number | null {
  return amountsIn(line).find((a) => a.kind === 'budget')?.yuan ?? null;
}

/** A 最高限价 / 控制价 stated in a line, in yuan. */
export function capIn(line: string): number | null {
  return amountsIn(line).find((a) => a.kind === 'cap')?.yuan ?? null;
}

/**
 * The budget and cap of the document and its lots: lots named by their first marker that has a
 * name, each with the budget stated in its part; the document's budget under a label outside any
 * lot (else the sum of its lots'), its cap one stated outside any lot's part (else its only lot's).
 */
export function findMoney(doc: DocModel, lines: FactLine[], placements: Placement[]): { budget_cny: number | null; price_cap_cny: number | null; lots: Lot[] } {
  const lots = new Map<number, Lot>();
  let docBudget: number | null = null;
  const caps: { yuan: number; lot: number | null }[] = [];
  const lotOf = (lot: number): Lot => {
    if (!lots.has(lot)) lots.set(lot, { lot, name: '', budget_cny: null });
    return lots.get(lot)!;
  };
  let li = 0;
  doc.blocks.forEach((block, i) => {
    if (block.type === 'paragraph') {
      const marker = lotMarker(cleanText(block.text));
      if (marker) {
        const known = lotOf(marker.lot);
        if (!known.name && marker.name) known.name = marker.name;
      }
    }
    for (let line = lines[li]; line?.at === i; line = lines[++li]) {
      // A table of one header row over one row of values is read last: it may be a lot's.
      if (line.from === 'head') continue;
      const text = line.text;
      const lot = placements[i]?.lot ?? null;
      const amounts = amountsIn(text);
      for (const a of amounts) if (a.kind === 'cap') caps.push({ yuan: a.yuan, lot: a.lot ?? lot });
      const budget = amounts.find((a) => a.kind === 'budget');
      if (!budget) continue;
      const inline = lotBudgets(text);
      if (inline.lots.length) {
        for (const { lot: n, budget_cny } of inline.lots) lotOf(n).budget_cny ??= budget_cny;
        // 预算金额：300万元，其中第一包…: the sum before the first lot is the project's.
        const label = BUDGET_LABEL.exec(halfWidth(text));
        if (label && label.index < inline.at) docBudget ??= budget.yuan;
        continue;
      }
      if (lot !== null && lots.has(lot) && !WHOLE_BUDGET_WORDS.some((w) => text.includes(w))) {
        lots.get(lot)!.budget_cny ??= budget.yuan;
      } else {
        docBudget ??= budget.yuan;
      }
    }
  });
  for (const t of doc.blocks) if (t.type === 'table') lotTable(t, lots);
  const noLotBudget = () => ![...lots.values()].some((l) => l.budget_cny !== null);
  for (const line of lines) {
    if (line.from !== 'head') continue;
    for (const a of amountsIn(line.text)) {
      if (a.kind === 'budget' && docBudget === null && noLotBudget()) docBudget = a.yuan;
      if (a.kind === 'cap') caps.push({ yuan: a.yuan, lot: a.lot ?? placements[line.at]?.lot ?? null });
    }
  }
  // A sum of funds stated for the project (自筹资金36.5万元) when no budget label gives one.
  if (docBudget === null && noLotBudget()) {
    for (const line of lines) {
      const funds = amountsIn(line.text).find((a) => a.kind === 'funds');
      if (funds) {
        docBudget = funds.yuan;
        break;
      }
    }
  }
  // The name a 包名称 / 标段名称 label gives a document's one lot.
  if (lots.size === 1) {
    const only = [...lots.values()][0]!;
    if (!only.name) {
      const names = new Set(lines.flatMap((l) => fieldsIn(l.text).filter((f) => f.kind === 'lot_name').map((f) => lotName(cleanValue(f.value)))).filter(Boolean));
      if (names.size === 1) only.name = [...names][0]!;
    }
  }
  const lotList = [...lots.values()].sort((a, b) => a.lot - b.lot);
  if (docBudget === null && lotList.length && lotList.every((l) => l.budget_cny !== null)) {
    docBudget = Math.round(lotList.reduce((s, l) => s + l.budget_cny!, 0) * 100) / 100;
  }
  // The document's cap is one stated outside any lot's part, or the cap of its only lot.
  const cap = caps.find((c) => c.lot === null) ?? (lots.size <= 1 && new Set(caps.map((c) => c.lot)).size === 1 ? caps[0] : undefined);
  return { budget_cny: docBudget, price_cap_cny: cap?.yuan ?? null, lots: lotList };
}
