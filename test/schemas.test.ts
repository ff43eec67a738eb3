import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../schemas/json-schema.js';
import { Item, Spec } from '../schemas/records.js';

describe('JSON Schema files', () => {
  it('match the zod schemas (run `npm run build && npm run schemas` when this fails)', () => {
    const generated = jsonSchemas();
    expect(readdirSync('schemas/json').sort()).toEqual(Object.keys(generated).sort());
    for (const [file, text] of Object.entries(generated)) expect(readFileSync(`schemas/json/${file}`, 'utf8'), file).toBe(text);
  });

  it('publish the contract vocabularies', () => {
    const item = JSON.parse(jsonSchemas()['item.schema.json']);
    expect(item.properties.billing_unit.properties.unit.enum).toContain('vCPU');
    expect(item.properties.service.enum).toContain('storage.performance');
    expect(item.required).toEqual(expect.arrayContaining(['doc_id', 'unit_months', 'specs', 'tokens']));
  });
});

describe('zod records', () => {
  it('reject a spec without a figure, with the reason', () => {
    const r = Spec.safeParse({ key: 'iops', raw: 'IOPS' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('a spec has a value or a min and max');
  });

  it('reject unknown fields and services', () => {
    expect(Item.safeParse({ service: 'compute.cpu' }).success).toBe(false);
    // A whole item as tender writes it, so that the one field added or changed is all that is wrong.
    const item = { ...JSON.parse(readFileSync('test/expected/seed-items.jsonl', 'utf8').split('\n')[0]), tokens: ['vCPU'] };
    expect(Item.safeParse(item).success).toBe(true);
    const extra = Item.safeParse({ ...item, vendor: '华为' });
    expect(extra.success).toBe(false);
    expect(extra.error!.issues.map((i) => [i.code, i.path, i.message])).toEqual([['unrecognized_keys', [], 'Unrecognized key: "vendor"']]);
    const nested = Item.safeParse({ ...item, billing_unit: { ...item.billing_unit, currency: 'CNY' } });
    expect(nested.error!.issues.map((i) => [i.code, i.path, i.message])).toEqual([['unrecognized_keys', ['billing_unit'], 'Unrecognized key: "currency"']]);
    const service = Item.safeParse({ ...item, service: 'compute.cpu' });
    expect(service.error!.issues.map((i) => [i.code, i.path])).toEqual([['invalid_value', ['service']]]);
  });
});

describe('the published JSON Schemas describe their fields', () => {
  it('every field of a document and an item says what it holds', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['document', 'item']) {
      const schema = JSON.parse(readFileSync(`schemas/json/${file}.schema.json`, 'utf8'));
      const props = Object.entries(schema.properties as Record<string, { description?: string }>);
      expect(props.filter(([, p]) => !p.description).map(([k]) => k)).toEqual([]);
    }
    const doc = JSON.parse(readFileSync('schemas/json/document.schema.json', 'utf8'));
    expect(doc.properties.tender_id.description).toBe('groups the files of one tender: its project code, else buyer + normalised project, else the doc_id');
  });
});

describe('the dataset tables follow the records', () => {
  it('documents has a column per field of a document, items per field of an item but its specs, in the same order', async () => {
    const { DOCUMENT_COLUMNS, ITEM_COLUMNS, SPEC_COLUMNS } = await import('../dataset/db.js');
    const { DocumentRecord, Item, Spec } = await import('../schemas/records.js');
    expect(DOCUMENT_COLUMNS.map(([n]) => n)).toEqual(Object.keys(DocumentRecord.shape));
    expect(ITEM_COLUMNS.map(([n]) => n)).toEqual(Object.keys(Item.shape).filter((k) => k !== 'specs'));
    // A spec row is its item's key, its position, then the spec's own fields.
    const specFields = Object.keys((Spec as unknown as { shape?: Record<string, unknown> }).shape ?? {});
    if (specFields.length) expect(SPEC_COLUMNS.map(([n]) => n).slice(4).sort()).toEqual(specFields.sort());
  });
});
