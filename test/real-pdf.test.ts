// The real tender PDFs of ../shared/real (not in the repository): each must come out with an
// honest status, the unreadable ones flagged with their cause, none crashing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block } from '../extractors/model.js';
import { pdfReader } from '../extractors/pdf/reader.js';
import { documentRecords } from '../pipeline/document.js';
import { processFile } from '../runtime/run.js';

const REAL = [join(__dirname, '..', '..', 'shared', 'real'), '/work/shared/real'].find((d) => existsSync(join(d, 'README.md')));
const file = (name: string) => join(REAL ?? '', name);
const textOf = (blocks: Block[]) => blocks.map((b) => (b.type === 'paragraph' ? b.text : b.rows.flat().map((c) => c.text).join('\n'))).join('\n');

describe.skipIf(!REAL)('real tender PDFs', () => {
  it('flags a PDF without a text layer as failed, naming the cause', async () => {
    const r = await processFile(file('yangshan_msa_ship_maint_outlined.pdf'));
    expect(r.document.status).toBe('failed');
    expect(r.document.error).toBe('no extractable text on any of 4 pages (scanned or image-only PDF): OCR needed');
    expect(r.document.warnings).toContain('pages 1-4: no text layer (scanned images?): OCR needed');
  });

  it('flags text from a broken ToUnicode map instead of reading it', async () => {
    const r = await processFile(file('construction_eval_excerpt_garbled.pdf'));
    expect(r.document.status).toBe('failed');
    expect(r.document.error).toMatch(/does not decode.*OCR needed/);
    expect(r.items).toHaveLength(0);
  });

  it('reads the text pages of a partly scanned PDF and flags the scanned ones', async () => {
    const r = await processFile(file('yulin_hitech_safety_env_partscanned.pdf'));
    expect(r.document.status).toBe('partial');
    expect(r.document.warnings).toContain('pages 61-75: no text layer (scanned images?): OCR needed');
    expect(r.document.agency).toBe('榆林高新控股集团有限公司');
    expect(r.document.tables).toBeGreaterThan(5);
  });

  it.each([
    ['beijing_songshan_catering_template2024.pdf', 825000],
    ['crv_vanguard_flexible_labor.pdf', null],
    ['luodian_school_canteen_labor.pdf', 1741200],
    ['pku_cashl_journals.pdf', null],
    ['yangxi_tax_aux_services.pdf', 5860000],
  ])('reads %s in full', async (name, budget) => {
    const read = await pdfReader.read(readFileSync(file(name)), { source: name });
    if (!read.ok) throw new Error(read.error);
    // Stray spaces between Chinese characters (crv) and letter-spaced labels (luodian) are gone.
    expect(textOf(read.doc.blocks)).not.toMatch(/[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]/);
    const r = documentRecords(read.doc, { doc_id: '0123456789abcdef', source: name, format: 'pdf' });
    expect(r.document.status).toBe('ok');
    expect(r.document.warnings.filter((w) => /OCR|decode|parsed/.test(w))).toEqual([]);
    expect(r.document.tables).toBeGreaterThan(5);
    if (budget !== null) expect(r.document.budget_cny).toBe(budget);
    // Blank price forms give no items made of empty cells.
    expect(r.items.every((i) => i.item.trim() !== '' && i.quantity > 0)).toBe(true);
  });
});
