import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredCharset, htmlReader, readHtml } from '../extractors/html/reader.js';
import { loadReader } from '../extractors/registry.js';
import type { Block, DocModel, TableBlock } from '../extractors/model.js';
import { processFile } from '../runtime/run.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'html');
const fixture = (name: string) => join(FIXTURES, name);

function read(name: string): DocModel {
  const r = readHtml(readFileSync(fixture(name)));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

function readString(html: string): DocModel {
  const r = readHtml(Buffer.from(html, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

/** A table as text: a covered slot shows its origin (^row,col), a spanning origin its spans. */
function sketch(t: TableBlock): string[][] {
  return t.rows.map((row) =>
    row.map((c) => (c.covered ? `^${c.origin!.row},${c.origin!.col}` : `${c.text}${c.rowSpan > 1 || c.colSpan > 1 ? ` [${c.rowSpan}x${c.colSpan}]` : ''}`)),
  );
}

const outline = (blocks: Block[]) => blocks.map((b) => (b.type === 'table' ? sketch(b) : b));

const SPANS_TABLE = [
  ['服务类别', '服务子类', '服务项', '计价单位', '报价单位', '数量', '期限（月）'],
  ['计算服务 [3x1]', 'x86平台云主机服务 [2x1]', 'vCPU（主频不低于2.4GHz）', '1 CPU', '元/月', '655', '12'],
  ['^1,0', '^1,1', '内存', '1 GB', '元/月', '2014', '12'],
  ['^1,0', 'x86物理服务器租用服务', 'x86物理服务器', '1 台', '元/月', '2', '12'],
  ['存储服务', '静态存储 [1x2]', '^4,1', '1 TB', '元/月', '9', '12'],
];

describe('HTML tables', () => {
  it('resolves rowspan and colspan into the grid', () => {
    const doc = read('table-spans.html');
    expect(outline(doc.blocks)).toEqual([{ type: 'paragraph', text: '（1） 政务云基础服务', heading: true }, SPANS_TABLE]);
    expect(doc.warnings).toEqual([]);
  });

  it('fills rowspan categories down into items', async () => {
    const { document, items } = await processFile(fixture('table-spans.html'));
    expect(document).toMatchObject({ format: 'html', status: 'ok' });
    expect(items.map((i) => [i.category, i.subcategory, i.item, i.quantity, i.section])).toEqual([
      ['计算服务', 'x86平台云主机服务', 'vCPU（主频不低于2.4GHz）', 655, '政务云基础服务'],
      ['计算服务', 'x86平台云主机服务', '内存', 2014, '政务云基础服务'],
      ['计算服务', 'x86物理服务器租用服务', 'x86物理服务器', 2, '政务云基础服务'],
      ['存储服务', '静态存储', '静态存储', 9, '政务云基础服务'],
    ]);
  });

  it('turns <br> and paragraphs inside a cell into "\\n"', () => {
    expect(outline(read('cell-breaks.html').blocks)).toEqual([
      [
        ['服务项', '计价单位', '数量'],
        ['高性能存储\n（单盘技术指标：\n单盘IOPS 3000-20000）', '1 GB', '9424'],
        ['通过备份策略实现文件、\n操作系统、数据库的本地备份', '1GB', '44,681.83'],
      ],
    ]);
  });

  it('pads short rows and notes them', async () => {
    const doc = read('ragged-rows.html');
    const t = doc.blocks[0] as TableBlock;
    expect(sketch(t)[1]).toEqual(['vCPU', '1 CPU', '8', '']);
    expect(t.notes).toEqual([{ code: 'table.row_padded', message: 'row 2 fills 3 of 4 columns (padded with empty cells)' }]);
    const { document } = await processFile(fixture('ragged-rows.html'));
    expect(document.warnings).toContain('table 1: row 2 fills 3 of 4 columns (padded with empty cells)');
  });

  it('reads a page framed by a one-column layout table as the page it frames', () => {
    expect(outline(read('layout-table.html').blocks)).toEqual([
      { type: 'paragraph', text: '北京市司法局2025年政务云租赁服务项目采购公告', heading: true },
      { type: 'paragraph', text: '项目名称：北京市司法局2025年政务云租赁服务项目' },
      { type: 'paragraph', text: '（2） 政务云扩展服务', heading: true },
      [
        ['服务项', '计价单位', '数量'],
        ['主机杀毒服务', '1台', '113'],
      ],
    ]);
  });

  it('reads a nested table into its cell and as a table of its own', () => {
    const doc = readString('<table><tr><td>服务项</td><td>配置</td></tr><tr><td>服务器</td><td>如下：<table><tr><td>CPU</td><td>2路</td></tr></table></td></tr></table>');
    expect(outline(doc.blocks)).toEqual([
      [
        ['服务项', '配置'],
        ['服务器', '如下：\nCPU 2路'],
      ],
      [['CPU', '2路']],
    ]);
  });

  it('reads a caption as the paragraph before its table, and header cells as cells', () => {
    const doc = readString('<table><caption>表1 资源清单</caption><thead><tr><th>服务项</th><th>数量</th></tr></thead><tbody><tr><td>内存</td><td>64</td></tr></tbody></table>');
    expect(outline(doc.blocks)).toEqual([{ type: 'paragraph', text: '表1 资源清单' }, [['服务项', '数量'], ['内存', '64']]]);
  });

  it('takes a rowspan of 0 to the end of the table and junk spans as 1', () => {
    const doc = readString('<table><tr><td rowspan="0">类</td><td colspan="x">a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>');
    expect(outline(doc.blocks)).toEqual([[['类 [3x1]', 'a'], ['^0,0', 'b'], ['^0,0', 'c']]]);
  });
});

describe('HTML text', () => {
  it('reads text across inline styles, fonts and &nbsp;, and skips hidden elements', () => {
    expect(outline(read('inline-styles.html').blocks)).toEqual([
      { type: 'paragraph', text: '项目名称：政务云租赁服务项目' },
      { type: 'paragraph', text: '预算金额：162.75万元' },
      [
        ['服务项', '计价单位', '数量'],
        ['vCPU', '1 CPU', '292'],
      ],
    ]);
  });

  it('ignores the content of <script>, <style>, <noscript> and <template>', () => {
    const doc = read('script-style.html');
    expect(outline(doc.blocks)).toEqual([
      { type: 'paragraph', text: '正文第一段' },
      [
        ['服务项', '数量'],
        ['内存', '64'],
      ],
    ]);
  });

  it('keeps full-width digits as written, and the pipeline reads them as numbers', async () => {
    const t = read('fullwidth-digits.html').blocks[0] as TableBlock;
    expect(sketch(t)[1]).toEqual(['vCPU', '１ CPU', '２９２', '１２']);
    const { items } = await processFile(fixture('fullwidth-digits.html'));
    expect(items.map((i) => [i.item, i.quantity, i.billing_unit.size, i.billing_unit.unit, i.months, i.total])).toEqual([
      ['vCPU', 292, 1, 'vCPU', 12, 292],
      ['高性能存储', 0.3, 100, 'GB', 12, 30],
    ]);
  });

  it('splits lines at <br> outside tables and marks h1–h6 as headings', () => {
    const doc = readString('<body><div>第一行<br>第二行<br><br>  第三行 </div><h4>  三、 技术要求 </h4><ol><li>不是标题</li></ol></body>');
    expect(doc.blocks).toEqual([
      { type: 'paragraph', text: '第一行' },
      { type: 'paragraph', text: '第二行' },
      { type: 'paragraph', text: '第三行' },
      { type: 'paragraph', text: '三、 技术要求', heading: true },
      { type: 'paragraph', text: '不是标题' },
    ]);
  });
});

describe('HTML charsets', () => {
  const GBK_PAGE = [
    { type: 'paragraph', text: '项目名称：北京市司法局2025年政务云租赁服务项目' },
    { type: 'paragraph', text: '（1） 政务云基础服务', heading: true },
    SPANS_TABLE,
  ];

  it('decodes a GB2312 page declared by http-equiv', () => {
    expect(outline(read('charset-gb2312.html').blocks)).toEqual(GBK_PAGE);
  });

  it('decodes a GBK page declared by <meta charset>', () => {
    expect(outline(read('charset-gbk.html').blocks)).toEqual(GBK_PAGE);
  });

  it('decodes an undeclared GBK page (not UTF-8, so GB18030)', () => {
    expect(outline(read('charset-undeclared-gbk.html').blocks)).toEqual(GBK_PAGE);
  });

  it('follows the byte-order mark', () => {
    expect(read('charset-utf8-bom.html').blocks).toEqual([{ type: 'paragraph', text: '带字节顺序标记的页面' }]);
    expect(read('charset-utf16-bom.html').blocks).toEqual([{ type: 'paragraph', text: 'UTF-16 页面' }]);
  });

  it('finds the declared charset', () => {
    const b = (s: string) => Buffer.from(s, 'latin1');
    expect(declaredCharset(b('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'))).toBe('gb2312');
    expect(declaredCharset(b("<META CHARSET='GBK'>"))).toBe('GBK');
    expect(declaredCharset(b('<?xml version="1.0" encoding="GB18030"?><html>'))).toBe('GB18030');
    expect(declaredCharset(b('<html><head><title>x</title></head>'))).toBeUndefined();
  });

  it('reads a UTF-8 page that still declares gb2312 as UTF-8, and says so', () => {
    const doc = readString('<meta charset="gb2312"><p>政务云</p>');
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: '政务云' }]);
    expect(doc.warnings).toEqual([{ code: 'html.charset_mismatch', message: 'the page declares charset gb2312 but is utf-8; read as utf-8' }]);
  });
});

describe('HTML that cannot be read', () => {
  it('registers .html and .htm', async () => {
    expect(await loadReader('notice.HTM')).toBe(htmlReader);
    expect(await loadReader('notice.html')).toBe(htmlReader);
  });

  it('fails binary data named .html', () => {
    const r = readHtml(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 0, 0]));
    expect(r).toEqual({ ok: false, kind: 'corrupt', error: 'undecodable text: looks like binary data, not text' });
  });

  it('reads a page of 10 000 unclosed nested elements without overflowing the stack', () => {
    const doc = readString(`<body>${'<div><span>'.repeat(5_000)}深处的文字</body>`);
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: '深处的文字' }]);
  });

  it('fails a page with no text (a script-rendered shell) with the reason', async () => {
    const r = readHtml(Buffer.from('<html><body><div id="app"></div><script src="app.js"></script></body></html>'));
    expect(r).toEqual({
      ok: true,
      doc: { blocks: [], warnings: [], unreadable: { parts: 1, total: 1, reason: 'no text in the HTML page (content loaded by a script? save the page after it has rendered)' } },
    });
  });
});
