// JSON Schema of each published record, derived from the zod schemas so the two never drift.
import { z } from 'zod';
import { RECORD_SCHEMAS } from './records.js';

export function jsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(RECORD_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12' });
    out[`${name}.schema.json`] = JSON.stringify({ $id: `tender/${name}.schema.json`, title: name, ...json }, null, 2) + '\n';
  }
  return out;
}
