// Rows as tender reads them back from its own DuckDB dataset and the store's state file: parsed
// with these schemas, not cast, so a dataset written by another version (or changed by hand)
// fails with the column that is off instead of a wrong figure further on. The record shapes
// come from schemas/records.ts; these only pick from them.
import { z } from 'zod';
import { DocumentRecord, ErrorKind, Item, Service } from './records.js';

const count = z.number().int().nonnegative();
const nullableNumber = z.number().nullable();

/** dataset_digests: what each document's rows were loaded from. */
export const DigestRow = z.object({ doc_id: z.string(), source: z.string(), sha256: z.string() });
export type DigestRow = z.infer<typeof DigestRow>;

export const CountRow = z.object({ n: count });
export const StageCounts = z.object({ items: count, specs: count });
export const TableCounts = z.object({ documents: count, items: count, specs: count });
export type TableCounts = z.infer<typeof TableCounts>;

/** A document as dataset/tenders.ts groups it: only named ones are read. */
export const TenderRow = z.object({ doc_id: z.string(), tender_id: z.string(), project_code: z.string().nullable(), agency: z.string(), project: z.string() });
export type TenderRow = z.infer<typeof TenderRow>;

/** What the price estimator needs of a document (dataset/prices.ts). */
export const PriceDocument = z.object({
  doc_id: z.string(),
  source: z.string(),
  agency: z.string().nullable(),
  budget_cny: nullableNumber,
  lots: z.array(z.object({ lot: z.number(), budget_cny: nullableNumber })),
  region: z.object({ province: z.string().nullable(), city: z.string().nullable() }),
  published: z.string().nullable(),
  service_start: z.string().nullable(),
  /** An award notice: its items' prices are stated prices; its spend is its tender's, not a document of its own. */
  award: z.boolean().optional(),
  /** The awarded amounts, where the award notice of this tender is in the dataset. */
  awarded: z.array(z.object({ lot: nullableNumber, amount_cny: nullableNumber })).optional(),
});
export type PriceDocument = z.infer<typeof PriceDocument>;

/** A row of the estimator's document query: the awards of its tender's award notice, or null. */
export const PriceDocumentRow = PriceDocument.omit({ awarded: true }).extend({
  awards: z.array(z.object({ lot: nullableNumber, amount_cny: nullableNumber })).nullable(),
});
export type PriceDocumentRow = z.infer<typeof PriceDocumentRow>;

/** What the price estimator needs of an item. */
export const PriceItem = z.object({
  doc_id: z.string(),
  lot: nullableNumber,
  service: Service,
  months: nullableNumber,
  total: z.number(),
  unit_months: nullableNumber,
  billing_unit: z.object({ size: z.number(), unit: z.string() }),
  resources: z.object({ vcpu: nullableNumber, memory_gb: nullableNumber, storage_gb: nullableNumber, bandwidth_mbps: nullableNumber }),
  price: z.object({
    value_cny: z.number(), per_unit: z.string().nullable(), per_period: z.enum(['month', 'year', 'use']).nullable(), kind: z.enum(['quoted', 'cap', 'budget']),
  }).nullable(),
});
export type PriceItem = z.infer<typeof PriceItem>;

/** A document row: the documents table has the record's columns (dataset/db.ts). */
export const DocumentRow = DocumentRecord;

/** A row of v_purchases as the report draws it. */
export const ReportItemRow = Item.pick({
  doc_id: true, source: true, lot: true, section: true, table: true, row: true, category: true, subcategory: true, item: true,
  service: true, billing_unit: true, quantity: true, months: true, total: true, unit_months: true, resources: true,
}).extend({ counted: z.boolean().nullable().optional(), counted_in: z.string().nullable().optional(), tender_id: z.string().nullable().optional() });

/** A row of price_estimates as the report draws it. */
export const ReportEstimateRow = z.object({
  service: z.string(), unit: z.string(), estimate: nullableNumber, low: nullableNumber, high: nullableNumber, documents: count, note: z.string().nullable(), stated_median: nullableNumber,
});

/** The store's state file (runtime/store.ts): the committed size of each output file. */
export const StoreState = z.object({
  sizes: z.object({ documents: count, items: count, tables: count }),
  clean: z.boolean(),
});
export type StoreState = z.infer<typeof StoreState>;

/** What the store keeps of each document line to tell a file already read. */
export const KnownDocumentLine = z.object({ source: z.string(), doc_id: z.string(), status: z.string(), error_kind: ErrorKind.nullable().optional() });
