import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { docxReader } from '../extractors/docx/reader.js';
import { readDocxDirect } from '../extractors/docx/direct.js';
import { readDocxWithMammoth } from '../extractors/docx/mammoth.js';
import { markEmptySlots, EMPTY_SLOTS_MARK, outlineStyleMap } from '../extractors/docx/mammoth-xml.js';
import { MAX_INFLATED_BYTES, openZip } from '../extractors/docx/zip.js';
import { htmlBlocks } from '../extractors/html/blocks.js';
import { formatOf, loadReader } from '../extractors/registry.js';
import { findSoffice, LEGACY_ERROR, legacyReader, legacyReaderWith, readLegacy } from '../extractors/legacy/reader.js';
import type { Block, DocModel, TableBlock } from '../extractors/model.js';
import { processFile } from '../runtime/run.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'docx');
const fixture = (name: string) => join(FIXTURES, name);

async function read(name: string): Promise<DocModel> {
  const r = await docxReader.read(readFileSync(fixture(name)), { source: name });
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

async function readError(name: string): Promise<string> {
  const r = await docxReader.read(readFileSync(fixture(name)), { source: name });
  if (r.ok) throw new Error(`${name} was read`);
  return r.error;
}

/** A table as text: a covered slot shows its origin (^row,col), a spanning origin its spans. */
function sketch(t: TableBlock): string[][] {
  return t.rows.map((row) =>
    row.map((c) => (c.covered ? `^${c.origin!.row},${c.origin!.col}` : `${c.text}${c.rowSpan > 1 || c.colSpan > 1 ? ` [${c.rowSpan}x${c.colSpan}]` : ''}`)),
  );
}

const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');

describe('DOCX tables', () => {
  it('resolves vertical and horizontal merges into the grid, covered slots pointing at their origin', async () => {
    const doc = await read('merged-cells.docx');
    expect(doc.blocks[0]).toEqual({ type: 'paragraph', text: '（1） 政务云基础服务' });
    expect(sketch(tables(doc.blocks)[0])).toEqual([
      ['服务类别', '服务子类', '服务项', '计价单位', '数量', '期限（月）'],
      ['计算服务 [3x1]', 'x86平台云主机服务 [2x1]', 'vCPU（主频不低于2.4GHz）', '1 CPU', '655', '12'],
      ['^1,0', '^1,1', '内存', '1 GB', '2014', '12'],
      ['^1,0', 'x86物理服务器租用服务', 'x86物理服务器', '1 台', '2', '12'],
      ['存储服务 [2x1]', '普通性能存储', '普通存储', '1 GB', '104545', '12'],
      ['^4,0', '静态存储 [1x2]', '^5,1', '1 TB', '9', '12'],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it('fills merged categories down into items exactly as for TXT', async () => {
    const { items } = await processFile(fixture('merged-cells.docx'));
    expect(items.map((i) => [i.category, i.subcategory, i.item, i.quantity, i.section])).toEqual([
      ['计算服务', 'x86平台云主机服务', 'vCPU（主频不低于2.4GHz）', 655, '政务云基础服务'],
      ['计算服务', 'x86平台云主机服务', '内存', 2014, '政务云基础服务'],
      ['计算服务', 'x86物理服务器租用服务', 'x86物理服务器', 2, '政务云基础服务'],
      ['存储服务', '普通性能存储', '普通存储', 104545, '政务云基础服务'],
      ['存储服务', '静态存储', '静态存储', 9, '政务云基础服务'],
    ]);
  });

  it('joins the paragraphs of a cell and its line breaks with "\\n"', async () => {
    const doc = await read('cell-paragraphs.docx');
    expect(sketch(tables(doc.blocks)[0])).toEqual([
      ['服务项', '计价单位', '数量'],
      ['高性能存储\n（单盘技术指标：单盘IOPS 3000-20000）\n第一行\n第二行', '1 GB', '9424'],
    ]);
  });

  it('keeps a title row merged across all columns out of the header and the items', async () => {
    const doc = await read('title-row.docx');
    expect(sketch(tables(doc.blocks)[0])).toEqual([
      ['表1 政务云服务清单 [1x4]', '^0,0', '^0,0', '^0,0'],
      ['序号', '服务项', '计价单位', '数量'],
      ['1', 'vCPU', '1 CPU', '60'],
      ['2', '内存', '1 GB', '173'],
    ]);
    const { items, tables: records } = await processFile(fixture('title-row.docx'));
    expect(records[0].header).toEqual(['序号', '服务项', '计价单位', '数量']);
    expect(items.map((i) => [i.row, i.seq, i.item, i.billing_unit.unit, i.quantity])).toEqual([
      [1, '1', 'vCPU', 'vCPU', 60],
      [2, '2', '内存', 'GB', 173],
    ]);
  });

  it('reads a two-row grouped header (计费方式 over 计价单位 | 报价单位)', async () => {
    const doc = await read('grouped-header.docx');
    expect(sketch(tables(doc.blocks)[0])).toEqual([
      ['序号 [2x1]', '服务项 [2x1]', '计费方式 [1x2]', '^0,2', '数量 [2x1]', '期限（月） [2x1]'],
      ['^0,0', '^0,1', '计价单位', '报价单位', '^0,4', '^0,5'],
      ['1', '互联网链路带宽', '1 Mb', '元/月', '270', '12'],
      ['2', '短信服务', '1条', '元/次', '140000', '/'],
    ]);
    const { items } = await processFile(fixture('grouped-header.docx'));
    expect(items.map((i) => [i.item, i.billing_unit.raw, i.price_unit.per, i.quantity, i.months])).toEqual([
      ['互联网链路带宽', '1 Mb', 'month', 270, 12],
      ['短信服务', '1条', 'use', 140000, null],
    ]);
  });

  it('lays out rows that start late or end early (w:gridBefore / w:gridAfter) in their own columns', async () => {
    const doc = await read('grid-before-after.docx');
    const t = tables(doc.blocks)[0];
    expect(sketch(t)).toEqual([
      ['服务类别', '服务项', '计价单位', '数量', '备注'],
      ['计算服务 [2x1]', 'vCPU', '1 CPU', '16', ''],
      ['^1,0', '内存', '1 GB', '64', ''],
      ['', '本地备份 [2x1]', '1 GB', '500', ''],
      ['', '^3,1', '1 GB', '300', '异地'],
    ]);
    // The gaps are no cells at all, not empty cells covering anything; and not reported as ragged.
    expect(t.rows[3][0]).toEqual({ text: '', rowSpan: 1, colSpan: 1, covered: false });
    expect(t.notes).toBeUndefined();
    const { items } = await processFile(fixture('grid-before-after.docx'));
    expect(items.map((i) => [i.item, i.billing_unit.raw, i.quantity])).toEqual([
      ['vCPU', '1 CPU', 16],
      ['内存', '1 GB', 64],
      ['本地备份', '1 GB', 500],
      ['本地备份', '1 GB', 300],
    ]);
  });

  it('reads a table nested in a cell into the cell and as a table of its own; a one-cell frame is unwrapped', async () => {
    const doc = await read('nested-table.docx');
    expect(doc.blocks.map((b) => (b.type === 'table' ? sketch(b) : b))).toEqual([
      { type: 'paragraph', text: '物理服务器配置' },
      [
        ['服务项', '配置', '数量'],
        ['x86物理服务器', '配置如下：\n参数 取值\n主频 ≥2.4GHz\n内存 64G', '2'],
      ],
      [
        ['参数', '取值'],
        ['主频', '≥2.4GHz'],
        ['内存', '64G'],
      ],
      { type: 'paragraph', text: '附表 云资源清单', heading: true },
      [
        ['服务项', '计价单位', '数量'],
        ['内存', '1 GB', '64'],
      ],
    ]);
    const { items } = await processFile(fixture('nested-table.docx'));
    expect(items.map((i) => [i.table, i.item, i.quantity, i.section])).toEqual([
      [1, 'x86物理服务器', 2, '物理服务器配置'],
      [3, '内存', 64, '附表云资源清单'],
    ]);
  });
});

describe('DOCX headings and messages', () => {
  it('marks heading styles (built-in, 标题 N, outline level) and numbered paragraphs as headings', async () => {
    const doc = await read('headings.docx');
    expect(doc.blocks.filter((b) => b.type === 'paragraph')).toEqual([
      { type: 'paragraph', text: '采购需求', heading: true },
      { type: 'paragraph', text: '项目概况', heading: true },
      { type: 'paragraph', text: '本项目租用政务云服务，服务期十二个月。' },
      { type: 'paragraph', text: '技术要求', heading: true },
      { type: 'paragraph', text: '政务云基础服务', heading: true },
      { type: 'paragraph', text: '安全服务', heading: true },
      { type: 'paragraph', text: '说明文字使用自定义样式。' },
    ]);
    const { items } = await processFile(fixture('headings.docx'));
    expect(items.map((i) => [i.item, i.section])).toEqual([
      ['vCPU', '政务云基础服务'],
      ['Web应用防火墙', '安全服务'],
    ]);
  });

  it("leaves Word's style names out of the warnings: a custom style is formatting, not a problem", async () => {
    const doc = await read('headings.docx');
    expect(doc.warnings).toEqual([]);
    const { document } = await processFile(fixture('headings.docx'));
    expect(document.warnings).toEqual([]);
    expect(document.status).toBe('ok');
  });

  it('does not take a small table for a layout frame because a cell holds a numbered list', () => {
    const $ = cheerio.load('<table><tr><td>服务项</td><td>要求</td></tr><tr><td>主机</td><td><ol><li>主频</li><li>内存</li></ol></td></tr></table>');
    const blocks = htmlBlocks($, { numberedListsAreHeadings: true });
    expect(blocks.map((b) => (b.type === 'table' ? sketch(b) : b))).toEqual([[['服务项', '要求'], ['主机', '主频\n内存']]]);
  });

  it('drops footnote markers and back links, and keeps the notes as plain paragraphs', async () => {
    const doc = await read('footnotes.docx');
    expect(doc.blocks).toEqual([
      { type: 'paragraph', text: '项目名称：政务云租赁服务项目' },
      { type: 'paragraph', text: '预算金额：162.75万元' },
      { type: 'paragraph', text: '以财政批复为准。' },
    ]);
  });

  it('maps paragraph styles with an outline level to headings by name', () => {
    const styles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:styleId="a1"><w:name w:val="1级标题"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="a2"><w:name w:val="正文"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
      <w:style w:type="character" w:styleId="a3"><w:name w:val="标题字符"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="a4"><w:name w:val="节 &amp; 条"/><w:pPr><w:outlineLvl w:val="7"/></w:pPr></w:style>
    </w:styles>`;
    expect(outlineStyleMap(styles)).toEqual(["p[style-name='1级标题'] => h1:fresh", "p[style-name='节 & 条'] => h6:fresh"]);
  });
});

describe('DOCX gridBefore/gridAfter markers', () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const cell = (span: number) => `<w:tc><w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr><w:p><w:r><w:t>${EMPTY_SLOTS_MARK}</w:t></w:r></w:p></w:tc>`;

  it('fills each gap with a marker cell of its span, after the row properties and before the row end', () => {
    const xml = `<w:document ${W}><w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/><w:gridAfter w:val="1"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:document>`;
    expect(markEmptySlots(xml)).toBe(
      `<w:document ${W}><w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/><w:gridAfter w:val="1"/></w:trPr>${cell(2)}<w:tc><w:p/></w:tc>${cell(1)}</w:tr></w:tbl></w:document>`,
    );
  });

  it('keeps nested rows apart', () => {
    const inner = '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>';
    const xml = `<w:document ${W}><w:tbl><w:tr><w:tc>${inner}<w:p/></w:tc><w:trPr/></w:tr></w:tbl></w:document>`;
    const out = markEmptySlots(xml);
    expect(out).toContain(`<w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell(1)}<w:tc><w:p/></w:tc></w:tr></w:tbl>`);
    expect(out.split(EMPTY_SLOTS_MARK).length).toBe(2);
  });

  it('leaves parts without gaps untouched', () => {
    const xml = `<w:document ${W}><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:document>`;
    expect(markEmptySlots(xml)).toBe(xml);
  });
});

describe('DOCX that cannot be read', () => {
  it('fails a file that is not a zip archive', async () => {
    expect(await readError('not-a-zip.docx')).toBe('corrupt DOCX: not a zip archive');
  });

  it('fails a truncated download', async () => {
    expect(await readError('truncated.docx')).toBe('corrupt DOCX: broken zip directory (truncated download?)');
  });

  it('refuses a package whose directory says it inflates to over 200 MB, before inflating anything', async () => {
    expect(MAX_INFLATED_BYTES).toBe(200 * 1024 * 1024);
    expect(await readError('bomb-declared.docx')).toBe('DOCX too large: it inflates to 300 MB, over the 200 MB limit (refused as a possible zip bomb)');
  });

  it('refuses a part that inflates to more than its directory says', async () => {
    expect(await readError('bomb-lying.docx')).toBe('corrupt DOCX: part word/document.xml inflates to more than its zip directory says (refused as a possible zip bomb)');
  });

  it('reads the zip directory itself', () => {
    const opened = openZip(readFileSync(fixture('merged-cells.docx')));
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.zip.has('word/document.xml')).toBe(true);
    expect(opened.zip.has('WORD/Document.xml')).toBe(true);
    expect(opened.zip.read('word/document.xml').toString('utf8')).toContain('计算服务');
  });

  it('records the failure with the error, the run goes on', async () => {
    const { document, items } = await processFile(fixture('not-a-zip.docx'));
    expect(document).toMatchObject({ format: 'docx', status: 'failed', error: 'corrupt DOCX: not a zip archive', tables: 0, items: 0 });
    expect(items).toEqual([]);
  });

  it('names a password-protected document as such', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('EncryptedPackage', 'utf16le')]);
    const r = await docxReader.read(ole, { source: 'secret.docx' });
    expect(r).toEqual({ ok: false, kind: 'encrypted', error: 'password-protected DOCX: remove the password in Word and save it again' });
  });
});

describe('legacy .doc and .wps', () => {
  const doc = readFileSync(fixture('merged-cells.doc'));

  it('reads .doc and .wps as format docx', async () => {
    expect(await loadReader('a.doc')).toBe(legacyReader);
    expect(await loadReader('b.WPS')).toBe(legacyReader);
    expect(formatOf('a.doc')).toBe('docx');
    expect(formatOf('b.WPS')).toBe('docx');
  });

  it('fails with the conversion command when soffice is not installed', async () => {
    const noSoffice = legacyReaderWith({ findSoffice: () => null });
    expect(await noSoffice.read(doc, { source: 'merged-cells.doc' })).toEqual({ ok: false, kind: 'unsupported', error: LEGACY_ERROR });
    expect(LEGACY_ERROR).toBe('legacy Word .doc: convert it to .docx (soffice --headless --convert-to docx FILE)');
  });

  it('looks soffice up on PATH', async () => {
    expect(findSoffice('')).toBeNull();
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await legacyReader.read(doc, { source: 'x.wps' })).toEqual({ ok: false, kind: 'unsupported', error: LEGACY_ERROR });
      // A .doc renamed to .docx takes the same way.
      expect(await docxReader.read(doc, { source: 'renamed.docx' })).toEqual({ ok: false, kind: 'unsupported', error: LEGACY_ERROR });
    } finally {
      process.env.PATH = saved;
    }
  });

  it('reads a DOCX or an HTML page that was only named .doc, without soffice', async () => {
    const noSoffice = { findSoffice: () => null };
    const asDocx = await readLegacy(readFileSync(fixture('merged-cells.docx')), { source: 'x.doc' }, noSoffice);
    expect(asDocx.ok && tables(asDocx.doc.blocks).length).toBe(1);
    const html = Buffer.from('<html><body><p>项目名称：测试项目</p></body></html>');
    expect(await readLegacy(html, { source: 'x.doc' }, noSoffice)).toEqual({ ok: true, doc: { blocks: [{ type: 'paragraph', text: '项目名称：测试项目' }], warnings: [] } });
  });

  describe.skipIf(process.platform === 'win32')('with a stand-in for soffice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tender-fake-soffice-'));
    const fake = (name: string, body: string) => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const hangs = fake('hangs', 'sleep 30');
    const fails = fake('fails', 'echo "Error: source file could not be loaded" >&2; exit 1');
    const pid = join(dir, 'pid');
    const spawnsChild = fake('spawns', `sleep 30 & echo $! > ${pid}; wait`);
    /** A killed process stays a zombie until reaped, and some containers' init never reaps. */
    const alive = (p: number): boolean => {
      if (existsSync('/proc')) return existsSync(`/proc/${p}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${p}/status`, 'utf8'));
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };

    it('gives up after the time limit and ends the conversion', async () => {
      const started = Date.now();
      // The conversion ends before the file's own limit (90% of it), so the reader, not the pool, ends LibreOffice.
      const r = await legacyReaderWith({ findSoffice: () => spawnsChild }).read(doc, { source: 'x.doc', timeoutMs: 300 });
      expect(r).toEqual({ ok: false, kind: 'timeout', error: 'legacy Word .doc: LibreOffice did not convert it within 0.27 s' });
      expect(Date.now() - started).toBeLessThan(5000);
      // The whole process group is ended, not only the wrapper script.
      const child = Number(readFileSync(pid, 'utf8'));
      await new Promise((res) => setTimeout(res, 100));
      expect(alive(child)).toBe(false);
      expect(await legacyReaderWith({ findSoffice: () => hangs }).read(doc, { source: 'x.doc', timeoutMs: 200 })).toMatchObject({ ok: false });
    });

    it('reports what LibreOffice said when it writes no DOCX', async () => {
      const r = await legacyReaderWith({ findSoffice: () => fails }).read(doc, { source: 'x.doc' });
      expect(r).toEqual({ ok: false, kind: 'corrupt', error: 'legacy Word .doc: LibreOffice could not convert it (Error: source file could not be loaded)' });
    });

    it('cleans up', () => {
      rmSync(dir, { recursive: true, force: true });
    });
  });

  it.skipIf(!findSoffice())('converts with LibreOffice where it is installed, to the same items as the DOCX', { timeout: 180_000 }, async () => {
    const fromDoc = await processFile(fixture('merged-cells.doc'));
    const fromDocx = await processFile(fixture('merged-cells.docx'));
    expect(fromDoc.document).toMatchObject({ format: 'docx', status: 'ok', error: null });
    const strip = ({ source, doc_id, page, ...rest }: Record<string, unknown>) => rest;
    expect(fromDoc.items.map(strip)).toEqual(fromDocx.items.map(strip));
  });
});

// ---------- the direct reader, on WordprocessingML written by hand ----------

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS = `xmlns:w="${WORD_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"`;
const t = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const wp = (content: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;
const wtc = (content: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${content.startsWith('<') ? content : wp(t(content))}</w:tc>`;
const wtr = (cells: string[], trPr = '') => `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
const wtbl = (rows: string[]) => `<w:tbl><w:tblPr/>${rows.join('')}</w:tbl>`;
const pStyle = (id: string) => `<w:pStyle w:val="${id}"/>`;
const numPr = (numId: number, ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
const RESTART_V = '<w:vMerge w:val="restart"/>';
const CONTINUE_V = '<w:vMerge/>';

/** A package whose document body (and any other part: styles, numbering, notes) is the XML given. */
async function wordXml(body: string, parts: Record<string, string> = {}, { prefix = 'w', ns = WORD_NS, doctype = '' } = {}): Promise<Buffer> {
  const { Packer, Paragraph } = await import('docx');
  const { wordDocument } = await import('../scripts/docx-fixtures.js');
  const q = `${prefix}:`;
  const declarations = NS.replace(`xmlns:w="${WORD_NS}"`, `xmlns:${prefix}="${ns}"`);
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${doctype}<${q}document ${declarations}><${q}body>${body}<${q}sectPr/></${q}body></${q}document>`;
  const overrides = [{ path: 'word/document.xml', data: document }, ...Object.entries(parts).map(([path, data]) => ({ path, data }))];
  return Packer.toBuffer(wordDocument([new Paragraph('')]), false, overrides);
}

async function direct(body: string, parts: Record<string, string> = {}, options: Parameters<typeof wordXml>[2] = {}): Promise<DocModel> {
  const r = readDocxDirect(await wordXml(body, parts, options));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

const shown = (blocks: Block[]) => blocks.map((b) => (b.type === 'table' ? sketch(b) : b.heading ? `# ${b.text}` : b.text));

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${NS}>
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
  <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="zh3"><w:name w:val="标题 3"/></w:style>
  <w:style w:type="paragraph" w:styleId="zh4"><w:name w:val="标题4"/></w:style>
  <w:style w:type="paragraph" w:styleId="h8"><w:name w:val="Heading 8"/></w:style>
  <w:style w:type="paragraph" w:styleId="level1"><w:name w:val="1级标题"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="quoted"><w:name w:val="Chapter's title"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="body9"><w:name w:val="正文文本"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>
  <w:style w:type="paragraph" w:styleId="chapter"><w:name w:val="章"/></w:style>
</w:styles>`;
const lvl = (i: number, fmt: string, extra = '') => `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${extra}<w:lvlText w:val="%${i + 1}."/></w:lvl>`;
const NUMBERING_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${NS}>
  <w:abstractNum w:abstractNumId="0">${[0, 1, 2, 3, 4, 5].map((i) => lvl(i, 'decimal')).join('')}</w:abstractNum>
  <w:abstractNum w:abstractNumId="1">${lvl(0, 'bullet')}</w:abstractNum>
  <w:abstractNum w:abstractNumId="2">${lvl(0, 'chineseCounting', '<w:pStyle w:val="chapter"/>')}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>`;
const notesXml = (kind: 'footnote' | 'endnote', notes: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind}s ${NS}><w:${kind} w:type="separator" w:id="-1">${wp('<w:r><w:separator/></w:r>')}</w:${kind}><w:${kind} w:type="continuationSeparator" w:id="0">${wp('<w:r><w:continuationSeparator/></w:r>')}</w:${kind}>${notes}</w:${kind}s>`;

describe('DOCX read straight from WordprocessingML (docx/direct.ts)', () => {
  it('merges down by grid column (w:vMerge restart/continue, a bare w:vMerge continues) and across (w:gridSpan)', async () => {
    const doc = await direct(wtbl([
      wtr([wtc('服务类别'), wtc('服务项'), wtc('数量')]),
      wtr([wtc('计算服务', RESTART_V), wtc('云主机', '<w:gridSpan w:val="2"/>')]),
      wtr([wtc('', '<w:vMerge w:val="continue"/>'), wtc('内存'), wtc('64')]),
      wtr([wtc('', CONTINUE_V), wtc('存储', '<w:gridSpan w:val="2"/>')]),
      wtr([wtc('备注'), wtc('', CONTINUE_V + '<w:gridSpan w:val="2"/>')]),
    ]));
    expect(shown(doc.blocks)).toEqual([[
      ['服务类别', '服务项', '数量'],
      ['计算服务 [3x1]', '云主机 [1x2]', '^1,1'],
      ['^1,0', '内存', '64'],
      ['^1,0', '存储 [2x2]', '^3,1'],
      // A continuation of a cell that spans columns: its grid column is counted over the spans before it.
      ['备注', '^3,1', '^3,1'],
    ]]);
    expect(doc.warnings).toEqual([]);
  });

  it('keeps the merges of a table that has bookmarks between its rows and cells', async () => {
    const doc = await direct(wtbl([
      '<w:bookmarkStart w:id="1" w:name="表1"/>',
      wtr([wtc('计算服务', RESTART_V), wtc('vCPU')]),
      `<w:tr><w:bookmarkStart w:id="2" w:name="行"/>${wtc('', CONTINUE_V)}${wtc('内存')}<w:bookmarkEnd w:id="2"/></w:tr>`,
      '<w:bookmarkEnd w:id="1"/>',
    ]));
    expect(shown(doc.blocks)).toEqual([[['计算服务 [2x1]', 'vCPU'], ['^0,0', '内存']]]);
  });

  it('lays out rows that start late (w:gridBefore), with a vertical merge counted from the gap, and that end early (w:gridAfter)', async () => {
    const doc = await direct(wtbl([
      wtr([wtc('类别'), wtc('服务项'), wtc('数量')]),
      wtr([wtc('本地备份', RESTART_V), wtc('500')], '<w:gridBefore w:val="1"/>'),
      wtr([wtc('', CONTINUE_V), wtc('300')], '<w:gridBefore w:val="1"/>'),
      wtr([wtc('合计')], '<w:gridAfter w:val="2"/>'),
    ]));
    const table = tables(doc.blocks)[0];
    expect(sketch(table)).toEqual([['类别', '服务项', '数量'], ['', '本地备份 [2x1]', '500'], ['', '^1,1', '300'], ['合计', '', '']]);
    expect(table.notes).toBeUndefined();
  });

  it('reads a table nested in a cell into the cell, row by row, and each nested table again after its outer one', async () => {
    const inner = wtbl([wtr([wtc('主频'), wtc('≥2.4GHz')]), wtr([wtc('内存'), wtc('64G')])]);
    const middle = wtbl([wtr([wtc('x86'), wtc(inner)]), wtr([wtc('ARM'), wtc('鲲鹏')])]);
    const doc = await direct(wtbl([wtr([wtc('服务器'), wtc(wp(t('配置如下：')) + middle)]), wtr([wtc('数量'), wtc('2')])]));
    expect(shown(doc.blocks)).toEqual([
      [['服务器', '配置如下：\nx86 主频 ≥2.4GHz 内存 64G\nARM 鲲鹏'], ['数量', '2']],
      [['x86', '主频 ≥2.4GHz\n内存 64G'], ['ARM', '鲲鹏']],
      [['主频', '≥2.4GHz'], ['内存', '64G']],
    ]);
  });

  it('unwraps layout frames: a one-column table, and a small table holding a heading', async () => {
    const doc = await direct(
      wtbl([wtr([wtc('第一段')]), wtr([wtc('第二段')])]) +
      wtbl([wtr([wtc(wp(t('附表'), pStyle('Heading1')) + wp(t('说明'))), wtc('旁注')]), wtr([wtc('a'), wtc('b')])]),
      { 'word/styles.xml': STYLES_XML },
    );
    expect(shown(doc.blocks)).toEqual(['第一段', '第二段', '# 附表', '说明', '旁注', 'a', 'b']);
  });

  it('marks headings by style id, by name (heading N, 标题 N, 标题N, to level 9), by a style outline level, and numbered paragraphs of an ordered list', async () => {
    const doc = await direct([
      wp(t('采购需求'), pStyle('Heading1')),
      wp(t('项目概况'), pStyle('2')),
      wp(t('服务内容'), pStyle('zh3')),
      wp(t('技术要求'), pStyle('zh4')),
      wp(t('第八级'), pStyle('h8')),
      wp(t('一级标题样式'), pStyle('level1')),
      wp(t('带引号的样式名'), pStyle('quoted')),
      wp(t('大纲级别 9 是正文'), pStyle('body9')),
      wp(t('段落自身的大纲级别不算'), '<w:outlineLvl w:val="0"/>'),
      wp(t('编号一'), numPr(1, 0)),
      wp(t('编号五级'), numPr(1, 4)),
      wp(t('编号六级不算'), numPr(1, 5)),
      wp(t('项目符号不算'), numPr(2, 0)),
      wp(t('按样式编号的章'), pStyle('chapter')),
      wp(t('注释样式编号不算'), pStyle('FootnoteText') + numPr(1, 0)),
      wp(t('编号 0 不算'), numPr(0, 0)),
      wp(`${t('标题第一行')}<w:r><w:br/></w:r>${t('标题第二行')}`, pStyle('Heading1')),
    ].join(''), { 'word/styles.xml': STYLES_XML, 'word/numbering.xml': NUMBERING_XML });
    expect(shown(doc.blocks)).toEqual([
      '# 采购需求', '# 项目概况', '# 服务内容', '# 技术要求', '# 第八级', '# 一级标题样式', '# 带引号的样式名', '大纲级别 9 是正文',
      '段落自身的大纲级别不算', '# 编号一', '# 编号五级', '编号六级不算', '项目符号不算', '# 按样式编号的章', '注释样式编号不算', '编号 0 不算',
      '# 标题第一行', '# 标题第二行',
    ]);
  });

  it('drops note markers and puts the notes referred to after the body, in the order referred to, once per reference', async () => {
    const ref = (kind: string, id: number) => `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:${kind}Reference w:id="${id}"/></w:r>`;
    const doc = await direct(
      wp(t('预算金额：162.75万元') + ref('footnote', 2)) + wp(t('服务期：12个月') + ref('endnote', 1) + ref('footnote', 1)) + wp(t('同上') + ref('footnote', 2)),
      {
        'word/footnotes.xml': notesXml('footnote',
          `<w:footnote w:id="1">${wp(`<w:r><w:footnoteRef/></w:r>${t(' 自合同签订之日起。')}`, pStyle('FootnoteText'))}</w:footnote>` +
          `<w:footnote w:id="2">${wp(t('以财政批复为准。'))}</w:footnote><w:footnote w:id="3">${wp(t('未引用的脚注'))}</w:footnote>`),
        'word/endnotes.xml': notesXml('endnote', `<w:endnote w:id="1">${wp(t('尾注：含税。'))}</w:endnote>`),
        'word/styles.xml': STYLES_XML,
      },
    );
    expect(shown(doc.blocks)).toEqual(['预算金额：162.75万元', '服务期：12个月', '同上', '以财政批复为准。', '尾注：含税。', '自合同签订之日起。', '以财政批复为准。']);
  });

  it('ends a line at w:br and w:cr, not at a page or column break; a tab is a space, whitespace collapses', async () => {
    const doc = await direct(
      wp(`${t('第一行')}<w:r><w:br/></w:r>${t('第二行')}<w:r><w:cr/></w:r>${t('第三行')}`) +
      wp(`${t('分页')}<w:r><w:br w:type="page"/></w:r>${t('之后')}<w:r><w:br w:type="column"/></w:r>${t('分栏')}`) +
      wp(`${t('名称')}<w:r><w:tab/></w:r>${t('  政务云\t  服务  ')}<w:r><w:noBreakHyphen/></w:r>${t('一期\u00a0')}`) +
      wtbl([wtr([wtc(wp(`${t('单元格')}<w:r><w:br/></w:r>${t('换行')}`) + wp(t('第二段'))), wtc('x')]), wtr([wtc('y'), wtc('z')])]),
    );
    expect(shown(doc.blocks)).toEqual(['第一行', '第二行', '第三行', '分页之后分栏', '名称 政务云 服务 ‑一期', [['单元格\n换行\n第二段', 'x'], ['y', 'z']]]);
  });

  it('reads inserted text, not deleted text; a paragraph whose mark was deleted runs on into the next; a deleted row is left out', async () => {
    const deletedMark = '<w:rPr><w:del w:id="9" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr>';
    const doc = await direct(
      wp(`${t('数量：')}<w:del w:id="1" w:author="a"><w:r><w:delText>100</w:delText></w:r></w:del><w:ins w:id="2" w:author="a">${t('120')}</w:ins>`) +
      wp(t('服务期'), deletedMark) + wp(t('：12个月')) +
      wtbl([wtr([wtc('a'), wtc('b')]), wtr([wtc('删'), wtc('除')], '<w:del w:id="3" w:author="a"/>'), wtr([wtc('c'), wtc('d')])]),
    );
    expect(shown(doc.blocks)).toEqual(['数量：120', '服务期：12个月', [['a', 'b'], ['c', 'd']]]);
  });

  it('reads a text box after the paragraph it is anchored in, an mc:AlternateContent through its fallback only, and no checkbox glyph as text', async () => {
    const box = (inner: string) => `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;
    const checkbox = (glyph: string) => `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent>${t(glyph)}</w:sdtContent></w:sdt>`;
    const doc = await direct(
      wp(t('正文') + box(wp(t('文本框里的段落'))) + t('接着正文')) +
      wp(`<w:r><mc:AlternateContent><mc:Choice Requires="wps">${t('新格式')}</mc:Choice><mc:Fallback>${t('旧格式')}</mc:Fallback></mc:AlternateContent></w:r>`) +
      wp(`${checkbox('☒')}${t('是 ')}${checkbox('☐')}${t('否')}`) +
      `<w:sdt><w:sdtPr/><w:sdtContent>${wp(t('内容控件里的段落'))}</w:sdtContent></w:sdt>`,
    );
    expect(shown(doc.blocks)).toEqual(['正文接着正文', '文本框里的段落', '旧格式', '是 否', '内容控件里的段落']);
  });

  it('resolves namespaces, not prefixes: WordprocessingML bound to another prefix, and the Strict namespace', async () => {
    const body = wp(t('项目名称')) + wtbl([wtr([wtc('a'), wtc('b')]), wtr([wtc('c')], '<w:gridBefore w:val="1"/>')]);
    const want = ['项目名称', [['a', 'b'], ['', 'c']]];
    const ns0 = await direct(body.replace(/<(\/?)w:/g, '<$1ns0:').replace(/ w:/g, ' ns0:'), {}, { prefix: 'ns0' });
    expect(shown(ns0.blocks)).toEqual(want);
    const strict = await direct(body, {}, { ns: 'http://purl.oclc.org/ooxml/wordprocessingml/main' });
    expect(shown(strict.blocks)).toEqual(want);
  });

  it('refuses a part that declares entities, used or not, and names the place a part is not well-formed', async () => {
    const laughs = readDocxDirect(await wordXml(wp(t('x')), {}, { doctype: '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>' }));
    expect(laughs).toEqual({ ok: false, error: 'corrupt DOCX: its XML uses entities Word never writes (refused: entity expansion)' });
    const broken = readDocxDirect(await wordXml(wp(t('x')).replace('</w:p>', '</w:r>')));
    expect(broken.ok ? '' : broken.error).toMatch(/^corrupt DOCX: word\/document\.xml is not well-formed XML \(<\/w:r> closing <w:p> at character \d+\)$/);
  });

  it('reads the body when the styles part is broken, with a warning', async () => {
    const doc = await direct(wp(t('采购需求'), pStyle('Heading1')) + wp(t('正文')), { 'word/styles.xml': STYLES_XML.slice(0, 300) });
    expect(shown(doc.blocks)).toEqual(['# 采购需求', '正文']);
    expect(doc.warnings).toEqual([{ code: 'docx.part_unreadable', message: expect.stringMatching(/^word\/styles\.xml is not well-formed XML \(.*\): not read, so headings are known by style id only$/) }]);
  });

  it('reads a table nested thousands deep without recursion, as the paragraphs of its innermost cells past 100 levels', async () => {
    const deep = 5000;
    const doc = await direct(`${'<w:tbl><w:tr><w:tc>'.repeat(deep)}${wp(t('最深处'))}${'</w:tc></w:tr></w:tbl>'.repeat(deep)}` + wp(t('之后')));
    expect(shown(doc.blocks)).toEqual(['最深处', '之后']);
  });

  it('reads every fixture and corpus DOCX to the same blocks as the mammoth reader it replaced', { timeout: 120_000 }, async () => {
    const dirs = [FIXTURES, join(import.meta.dirname, 'fixtures', 'seeds'), join(import.meta.dirname, '..', 'corpus')];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.docx')).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThanOrEqual(19);
    for (const file of files) {
      const bytes = readFileSync(file);
      const [want, got] = [await readDocxWithMammoth(bytes), readDocxDirect(bytes)];
      const view = (r: typeof got) => (r.ok ? { blocks: r.doc.blocks, unreadable: r.doc.unreadable } : r.error);
      expect(view(got), file).toEqual(view(want));
    }
  });
});

const REAL = '/work/shared/real';

describe.skipIf(!existsSync(REAL))('real DOCX tenders (where the shared set is present)', () => {
  it('reads a document without tables as ok with zero tables and items', async () => {
    const { document } = await processFile(join(REAL, 'yinchuan_guofang_logo_notables.docx'));
    expect(document).toMatchObject({ status: 'ok', error: null, tables: 0, items: 0 });
  });

  it('reads heavy gridSpan merges without a crash', async () => {
    const { document, tables: records } = await processFile(join(REAL, 'luojing_town_security_mgmt.docx'));
    expect(document.status).toBe('ok');
    expect(records.length).toBeGreaterThan(10);
    expect(records.every((t) => t.rows.every((r) => r.length === (t.header.length || r.length)))).toBe(true);
  });
});

describe('what reading a DOCX loads', () => {
  it('reads with the direct reader alone: mammoth, cheerio and their dependencies stay unloaded', async () => {
    const { execFileSync } = await import('node:child_process');
    // The compiled modules as the command runs them, in a process of their own (this one has loaded mammoth for the tests above).
    const script = `
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const { processBytes } = await import(${JSON.stringify(join(process.cwd(), 'dist/runtime/run.js'))});
      const file = ${JSON.stringify(join(process.cwd(), 'test/fixtures/seeds/003_a46c9a722c1cc422.docx'))};
      const r = await processBytes(readFileSync(file), file, file, {});
      const packages = new Set(Object.keys(createRequire(import.meta.url).cache).map((p) => p.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean));
      console.log(JSON.stringify({ status: r.document.status, items: r.items.length, packages: [...packages].sort() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(out.status).toBe('ok');
    expect(out.items).toBeGreaterThan(0);
    // CommonJS packages only (the cache holds no ES modules): the segmenter's, and nothing of mammoth's.
    expect(out.packages.filter((p: string) => !p.startsWith('@node-rs/jieba'))).toEqual([]);
  });
});
