// The format registry is the one place formats are named: extensions, messages, sniffing and the
// contract's `format` vocabulary come from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS, formatOf, loadReader, READERS, sniffFormat, SUPPORTED_EXTENSIONS, unsupportedMessage } from '../extractors/registry.js';
import { Format } from '../schemas/records.js';

describe('format registry', () => {
  it('gives the contract its format vocabulary', () => {
    expect(FORMATS).toEqual(['docx', 'pdf', 'txt', 'html']);
    expect(Format.options).toEqual(FORMATS);
    const contract = readFileSync(new URL('../../shared/CONTRACT.md', import.meta.url), 'utf8');
    for (const f of FORMATS) expect(contract).toContain(`\`${f}\``);
  });

  it('lists every extension once, and each loads a reader', async () => {
    const exts = SUPPORTED_EXTENSIONS();
    expect(exts).toEqual(['.docx', '.doc', '.wps', '.pdf', '.txt', '.html', '.htm']);
    expect(new Set(exts).size).toBe(exts.length);
    for (const r of READERS) expect(typeof (await r.load()).read).toBe('function');
    expect(await loadReader('notes.md')).toBeUndefined();
  });

  it('names a path by its extension, case-insensitively, and falls back to txt', () => {
    expect(formatOf('a/B.PDF')).toBe('pdf');
    expect(formatOf('x.htm')).toBe('html');
    expect(formatOf('old.wps')).toBe('docx');
    expect(formatOf('README')).toBe('txt');
  });

  it('tells a skipped file what tender reads', () => {
    expect(unsupportedMessage('in/bundle.zip')).toBe('unsupported file type .zip (tender reads .docx, .pdf, .txt, .html)');
    expect(unsupportedMessage('Makefile')).toBe('unsupported file type (no extension) (tender reads .docx, .pdf, .txt, .html)');
  });

  it('sniffs a file no extension names from its first bytes', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toBe('docx');
    expect(sniffFormat(Buffer.from('\n  <!DOCTYPE html><html>'))).toBe('html');
    expect(sniffFormat(Buffer.from('项目名称：某某云服务'))).toBe('txt');
  });
});
