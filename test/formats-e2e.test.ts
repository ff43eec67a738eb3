// One tender as TXT, DOCX and HTML must give the same records: the readers differ, the document
// model they produce does not.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../runtime/run.js';

const ROOT = join(import.meta.dirname, '..');
const SEEDS = ['000_039f6a7fe7b5dcbb', '003_a46c9a722c1cc422'];

/** Every contract field but where the item came from. */
const comparable = ({ source, doc_id, page, ...rest }: Record<string, unknown>) => rest;

const facts = (d: Record<string, unknown>) => {
  const { doc_id, source, format, warnings, ...rest } = d;
  return rest;
};

describe.each(SEEDS)('seed %s as DOCX and HTML', (stem) => {
  const txt = processFile(join(ROOT, 'corpus', `${stem}.txt`));

  it.each(['docx', 'html'])('%s gives the same items as the TXT', async (format) => {
    const want = await txt;
    const got = await processFile(join(ROOT, 'test', 'fixtures', 'seeds', `${stem}.${format}`));
    expect(got.document).toMatchObject({ format, status: 'ok', error: null });
    expect(want.items.length).toBeGreaterThan(20);
    expect(got.items.map(comparable)).toEqual(want.items.map(comparable));
  });

  it.each(['docx', 'html'])('%s gives the same document facts as the TXT', async (format) => {
    const want = await txt;
    const got = await processFile(join(ROOT, 'test', 'fixtures', 'seeds', `${stem}.${format}`));
    expect(facts(got.document)).toEqual(facts(want.document));
  });
});
