import type { DocumentRecord, Item } from '../schemas/records.js';
import type { Estimate } from '../dataset/prices.js';

/** An item as the report draws it: a row of `v_purchases` (items, each counted once per tender). */
export type ReportItem = Pick<Item,
  'doc_id' | 'source' | 'lot' | 'section' | 'table' | 'row' | 'category' | 'subcategory' | 'item' |
  'service' | 'billing_unit' | 'quantity' | 'months' | 'total' | 'unit_months' | 'resources'> & {
  /** False where another file of the same tender restates this purchase and counts it; absent means counted. */
  counted?: boolean | null;
  /** The source of the file that counts the purchase. */
  counted_in?: string | null;
  tender_id?: string | null;
};

/** An implied unit price (dataset/prices.ts), as the report draws it. */
export type ReportEstimate = Pick<Estimate, 'service' | 'unit' | 'estimate' | 'low' | 'high' | 'documents' | 'note' | 'stated_median'>;

export interface ReportInput {
  documents: DocumentRecord[];
  items: ReportItem[];
  /** Implied prices over the whole dataset, where the dataset has any. */
  estimates?: ReportEstimate[];
  /** Shown in the header; passed in so the same records always render the same HTML. */
  generatedAt?: string;
  /** Where the records came from, e.g. the database path. */
  origin?: string;
}
