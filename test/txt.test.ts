import { describe, expect, it } from 'vitest';
import { decodeText } from '../extractors/decode.js';
import { slotText, type TableBlock } from '../extractors/model.js';
import { groupSpans, parseTxt, txtReader } from '../extractors/txt/reader.js';

const texts = (t: TableBlock) => t.rows.map((row, r) => row.map((_, c) => slotText(t, r, c)));

describe('TXT table rebuild', () => {
  const sample = [
    '（1） 政务云基础服务',
    '\t服务类别', '\t服务子类', '\t服务项', '\t数量', '',
    '\t计算服务', '\tx86平台云主机服务', '\tvCPU（主频不低于2.4GHz）', '\t655', '',
    '\t', '\t', '\t内存', '\t2014', '',
    '\t存储服务', '\t高性能存储', '\t高性能存储（单盘技术指标：', '单盘IOPS 3000-20000）', '\t9424', '',
    '', '3  采购目标',
  ].join('\n');
  const { blocks } = parseTxt(sample);

  it('keeps paragraphs and tables in order', () => {
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    expect(blocks[2]).toEqual({ type: 'paragraph', text: '3  采购目标' });
  });

  it('joins a continuation line to its cell', () => {
    const t = blocks[1] as TableBlock;
    expect(t.rows[3][2].text).toBe('高性能存储（单盘技术指标：\n单盘IOPS 3000-20000）');
  });

  it('reads empty leading cells under filled ones as vertical merges', () => {
    const t = blocks[1] as TableBlock;
    expect(t.rows[2][0]).toEqual({ text: '', rowSpan: 1, colSpan: 1, covered: true, origin: { row: 1, col: 0 } });
    expect(t.rows[2][1].origin).toEqual({ row: 1, col: 1 });
    expect(t.rows[1][0].rowSpan).toBe(2);
    expect(t.rows[2][2].covered).toBe(false);
    expect(texts(t)[2]).toEqual(['计算服务', 'x86平台云主机服务', '内存', '2014']);
  });

  it('pads rows of unequal length and notes them', () => {
    const { blocks: b } = parseTxt(['\t名称', '\t单位', '\t数量', '', '\t云主机', '\t台', '', '\t带宽', '\tMbps', '\t100', '\t备注', ''].join('\n'));
    const t = b[0] as TableBlock;
    expect(t.rows.every((r) => r.length === 4)).toBe(true);
    expect(texts(t)[1]).toEqual(['云主机', '台', '', '']);
    expect(t.notes).toEqual([{ code: 'table.row_cells', message: 'row 2 has 2 cells, header has 3' }, { code: 'table.row_cells', message: 'row 3 has 4 cells, header has 3' }]);
  });

  it('spans a one-cell row across the table (a 备注 or 合计 line Word wrote once)', () => {
    const { blocks: b } = parseTxt(['\t名称', '\t单位', '\t数量', '', '\t云主机', '\t台', '\t2', '', '\t备注：数量为预估量', ''].join('\n'));
    const t = b[0] as TableBlock;
    expect(t.rows[2][0]).toMatchObject({ text: '备注：数量为预估量', colSpan: 3, covered: false });
    expect(t.rows[2].slice(1).every((c) => c.covered && c.origin?.row === 2 && c.origin.col === 0)).toBe(true);
    expect(t.notes).toBeUndefined();
  });

  it('rebuilds a grouped two-row header: the short row spans the sub-labels under it', () => {
    const lines = [
      '\t序号', '\t服务项目', '\t计费方式', '\t数量', '\t服务期（月）', '',
      '\t', '\t', '\t计价单位', '\t报价单位', '\t', '\t', '',
      '\t1', '\tvCPU', '\t1核', '\t元/月', '\t860', '\t12', '',
    ];
    const t = parseTxt(lines.join('\n')).blocks[0] as TableBlock;
    expect(t.rows[0].map((c) => [c.text, c.rowSpan, c.colSpan, c.covered])).toEqual([
      ['序号', 2, 1, false], ['服务项目', 2, 1, false], ['计费方式', 1, 2, false], ['', 1, 1, true], ['数量', 2, 1, false], ['服务期（月）', 2, 1, false],
    ]);
    expect(texts(t)[1]).toEqual(['序号', '服务项目', '计价单位', '报价单位', '数量', '服务期（月）']);
    expect(t.rows[1].map((c) => c.covered)).toEqual([true, true, false, false, true, true]);
    expect(texts(t)[2]).toEqual(['1', 'vCPU', '1核', '元/月', '860', '12']);
    expect(t.notes).toBeUndefined();
  });

  it('groups sub-labels only where the rows line up', () => {
    expect(groupSpans(['序号', '名称', '数量', '期限'], ['', '', '单位', '数量', ''])).toEqual([1, 1, 2, 1]);
    expect(groupSpans(['名称', '计费方式'], ['', '计价单位', '报价单位'])).toEqual([1, 2]);
    // A data row under a short row does not line up: no spans guessed.
    expect(groupSpans(['云主机', '台'], ['带宽', 'Mbps', '100', '备注'])).toBeNull();
    expect(groupSpans(['a', 'b', 'c'], ['a', 'b', 'c'])).toBeNull();
  });

  it('strips Word bookmark markers', () => {
    const { blocks: b } = parseTxt('1、 [bookmark: _Toc14624]采购标的\n[bookmark: _GoBack]项目时间');
    expect(b).toEqual([{ type: 'paragraph', text: '1、 采购标的' }, { type: 'paragraph', text: '项目时间' }]);
  });
});

describe('TXT encodings', () => {
  const text = '项目名称：测试项目';
  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8'],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
    ['GB18030', Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6, 0xa3, 0xba, 0xb2, 0xe2, 0xca, 0xd4, 0xcf, 0xee, 0xc4, 0xbf]), 'gb18030'],
  ])('%s', (_, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text, encoding });
  });

  it('fails an empty file and undecodable bytes with a clear reason', async () => {
    expect(decodeText(Buffer.alloc(0))).toEqual({ ok: false, kind: 'empty', error: 'empty file' });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8]))).toEqual({ ok: false, kind: 'corrupt', error: 'undecodable text: invalid utf-16le after its byte-order mark' });
    expect(decodeText(Buffer.from([0x80, 0x80, 0xff, 0xff, 0x30]))).toEqual({ ok: false, kind: 'corrupt', error: 'undecodable text: neither UTF-8, UTF-16 with BOM nor GB18030' });
    expect(await txtReader.read(Buffer.from([0, 1, 2, 3, 0, 0, 0, 0x41]), { source: 'x.txt' })).toEqual({ ok: false, kind: 'corrupt', error: 'undecodable text: looks like binary data, not text' });
  });
});
