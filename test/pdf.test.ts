import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slotText, type DocModel, type TableBlock } from '../extractors/model.js';
import { chunks, findBorderlessTables, looksTabular } from '../extractors/pdf/borderless.js';
import { assemble, marginLines, pageRanges, pageState } from '../extractors/pdf/doc.js';
import { openError, sideways } from '../extractors/pdf/load.js';
import { walkOps } from '../extractors/pdf/ops.js';
import { appendRows, continueMerges, continuesTable, isCutRow, joinCutRow, removeRow, repeatedHeaderRows } from '../extractors/pdf/merge.js';
import { isGarbled, textQuality } from '../extractors/pdf/quality.js';
import { coverage, joinRules } from '../extractors/pdf/rules.js';
import { findRuledTables, splitRun, type PageTable } from '../extractors/pdf/table.js';
import { asCellLine, bodyEdges, continues, groupLines, joinCellLines, joinLines, joinRuns, lineBreak, makeLine, tidy, type FlowLine } from '../extractors/pdf/text.js';
import type { PageContent, Rule, TextItem } from '../extractors/pdf/types.js';
import { pdfReader } from '../extractors/pdf/reader.js';
import { layoutGrid } from '../extractors/grid.js';
import { processFile } from '../runtime/run.js';

const texts = (t: TableBlock) => t.rows.map((row, r) => row.map((_, c) => slotText(t, r, c)));
/** A run of text at (x, baseline) in a 10 pt font, one em per CJK character, half an em otherwise. */
const run = (text: string, x: number, base: number, size = 10): TextItem => {
  const width = [...text].reduce((w, ch) => w + (/[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]/.test(ch) ? size : size / 2), 0);
  return { text, x0: x, x1: x + width, base, size, upright: true };
};
const h = (pos: number, from: number, to: number): Rule => ({ pos, from, to });
const v = h;
const page = (n: number, items: TextItem[], extra: Partial<PageContent> = {}): PageContent => ({
  page: n, width: 595, height: 842, items, hRules: [], vRules: [], imageCover: 0, paths: 0, glyphs: 0, unmapped: 0, ...extra,
});

describe('PDF text cleanup', () => {
  it('drops spaces next to Chinese characters but keeps them between Latin words', () => {
    expect(tidy('2026 年 3 月')).toBe('2026年3月');
    expect(tidy('预 算 金 额')).toBe('预算金额');
    expect(tidy('Web  application firewall')).toBe('Web application firewall');
  });

  it('puts a space between runs only where a gap separates Latin words', () => {
    expect(joinRuns([run('x86', 0, 10), run('物理服务器', 16, 10)])).toBe('x86物理服务器');
    expect(joinRuns([run('Web', 0, 10), run('WAF', 20, 10)])).toBe('Web WAF');
    expect(joinRuns([run('2.4', 0, 10), run('GHz', 15, 10)])).toBe('2.4GHz');
  });

  it('groups runs into lines by their vertical middle and drops fake-bold echoes', () => {
    const lines = groupLines([run('第二行', 0, 40), run('第一行', 0, 20), run('右边', 100, 20.5), run('第一行', 0.4, 20.3)]);
    expect(lines.map((l) => l.text)).toEqual(['第一行右边', '第二行']);
  });

  it('joins the lines of a paragraph without inventing spaces', () => {
    expect(joinLines('项目名称：北京市', '政务云项目')).toBe('项目名称：北京市政务云项目');
    expect(joinLines('编号M4400000707530', '946001')).toBe('编号M4400000707530946001');
    expect(joinLines('provides the', 'service')).toBe('provides the service');
  });
});

describe('PDF cell lines', () => {
  // A line of a cell; the run's width counts an em per Chinese character, half an em otherwise.
  const cl = (text: string, base = 100, x = 50) => asCellLine(makeLine([run(text, x, base)]));
  it('joins lines the layout wrapped between Chinese characters, keeps the author\'s breaks', () => {
    expect(lineBreak(cl('服务子'), cl('类', 114), 33)).toBe('');
    expect(lineBreak(cl('服务期'), cl('（月）', 114), 33)).toBe('');
    expect(lineBreak(cl('名称：某单位'), cl('地址：某路', 114), 200)).toBe('\n');
    expect(joinCellLines([cl('互联网带宽'), cl('（', 114), cl('BGP，不', 128)], 55)).toBe('互联网带宽（BGP，不');
  });
  it('joins a word cut where the cell ends, keeps the space of a break at a space', () => {
    expect(lineBreak(cl('vCP'), cl('U', 114), 19)).toBe('');
    expect(lineBreak(cl('Mbp'), cl('s）', 114), 19)).toBe('');
    expect(lineBreak(cl('SSL '), cl('VPN', 114), 24)).toBe(' ');
    expect(lineBreak(cl('1 '), cl('Mbps', 114), 14)).toBe(' ');
    // No space drawn and the word would have fitted whole: words broken at a space.
    expect(lineBreak(cl('provides the'), cl('service', 114), 60)).toBe(' ');
    expect(lineBreak(cl('（www.creditchina'), cl('.gov.cn）', 114), 90)).toBe('');
  });
  it('starts a list entry on a line of its own however full the line before it', () => {
    expect(lineBreak(cl('1.是否均在最高限价内；'), cl('2.评标委员会', 114), 110)).toBe('\n');
    expect(lineBreak(cl('□中型企业'), cl('□小微企业', 114), 55)).toBe('\n');
    expect(lineBreak(cl('主频不低于'), cl('2.4GHz', 114), 55)).toBe('');
  });
  it('keeps every break when the width of the cell is not known', () => {
    expect(lineBreak(cl('服务子'), cl('类', 114), null)).toBe('\n');
  });
});

describe('PDF paragraphs', () => {
  const flow = (text: string, x: number, base: number, pg = 1, size = 10): FlowLine => ({ ...makeLine([run(text, x, base, size)]), page: pg });
  const full = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十';
  const edges = bodyEdges([{ page: 1, width: 595, lines: [flow(full, 90, 100)] }, { page: 2, width: 595, lines: [flow(full, 90, 100)] }]);

  it('goes on after a line that runs to the right edge', () => {
    expect(continues(flow(full, 90, 100), flow('续行。', 90, 115), edges, 15)).toBe(true);
  });
  it('stops after a short line, before a numbered line, an indented line or a wide gap', () => {
    expect(continues(flow('短行', 90, 100), flow('下一行', 90, 115), edges, 15)).toBe(false);
    expect(continues(flow(full, 90, 100), flow('2、第二条', 90, 115), edges, 15)).toBe(false);
    expect(continues(flow(full, 90, 100), flow('新段落开头', 110, 115), edges, 15)).toBe(false);
    expect(continues(flow(full, 90, 100), flow('远处一行', 90, 160), edges, 15)).toBe(false);
  });
  it('goes on over a page break', () => {
    expect(continues(flow(full, 90, 780, 1), flow('下页续行', 90, 80, 2), edges, 15)).toBe(true);
  });
  it('joins a title set vertically, one character per line', () => {
    expect(continues(flow('竞', 290, 100, 1, 30), flow('争', 290, 154, 1, 30), edges, 15)).toBe(true);
  });
  it('follows a value hanging under its label', () => {
    const label: FlowLine = { ...makeLine([run('采购人：', 90, 100), run('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六', 130, 100)]), page: 1 };
    expect(continues(label, flow('管理处）', 130, 115), edges, 15)).toBe(true);
    expect(continues(label, flow('管理处）', 160, 115), edges, 15)).toBe(false);
  });
});

describe('PDF ruling lines', () => {
  it('snaps near positions and joins touching fragments', () => {
    const joined = joinRules([h(100, 0, 50), h(100.8, 49, 120), h(101.5, 121.5, 200), h(300, 0, 10)]);
    expect(joined).toHaveLength(2);
    expect(joined[0].from).toBe(0);
    expect(joined[0].to).toBe(200);
    expect(Math.abs(joined[0].pos - 100.7)).toBeLessThan(1);
  });
  it('measures how much of a span the rules cover', () => {
    expect(coverage([h(10, 0, 40), h(10, 60, 100)], 10, 0, 100)).toBeCloseTo(0.8);
    expect(coverage([h(10, 0, 100)], 20, 0, 100)).toBe(0);
  });
  it('reads strokes, thin fills and cell boxes from an operator list', () => {
    const OPS = { save: 10, restore: 11, transform: 12, constructPath: 91, stroke: 20, fill: 22, fillStroke: 24, eoFill: 23, closeStroke: 21, eoFillStroke: 25, closeFillStroke: 26, closeEOFillStroke: 27, setFillRGBColor: 59, setStrokeRGBColor: 58, paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, beginGroup: 76, endGroup: 77, paintImageXObject: 85 };
    const view: [number, number, number, number, number, number] = [1, 0, 0, -1, 0, 842];
    const path = (...xs: number[]) => [new Float32Array(xs)];
    const d = walkOps(
      [OPS.constructPath, OPS.constructPath, OPS.setFillRGBColor, OPS.constructPath, OPS.transform, OPS.paintImageXObject],
      [
        [OPS.stroke, path(0, 10, 800, 1, 200, 800), null],
        [OPS.fill, path(0, 10, 700, 1, 200, 700, 1, 200, 700.5, 1, 10, 700.5, 3), null],
        ['#ffffff'],
        [OPS.fill, path(0, 0, 0, 1, 595, 0, 1, 595, 842, 1, 0, 842, 3), null],
        [595, 0, 0, 421, 0, 0],
        [],
      ],
      OPS, view, 595 * 842, () => undefined,
    );
    expect(d.hRules.map((r) => Math.round(r.pos))).toEqual([42, 142]);
    expect(d.vRules).toHaveLength(0);
    expect(d.imageCover).toBeCloseTo(0.5);
  });
});

describe('PDF text from the operator list', () => {
  const OPS = { beginText: 31, setCharSpacing: 33, setWordSpacing: 34, setHScale: 35, setLeading: 36, setFont: 37, setTextRise: 39, moveText: 40, setLeadingMoveText: 41, setTextMatrix: 42, nextLine: 43, showText: 44, save: 10, restore: 11, transform: 12 };
  const view: [number, number, number, number, number, number] = [1, 0, 0, -1, 0, 842];
  const g = (unicode: string, width = 1000) => ({ unicode, width, isSpace: unicode === ' ' });

  it('places runs by the text matrix, splits them at wide gaps and follows line moves', () => {
    const { items } = walkOps(
      [OPS.beginText, OPS.setFont, OPS.setTextMatrix, OPS.showText, OPS.setLeadingMoveText, OPS.showText, OPS.nextLine, OPS.setCharSpacing, OPS.showText],
      [[], ['F1', 10], [[1, 0, 0, 1, 100, 700]], [[g('服'), g('务'), -500, g('项')]], [0, -14], [[g('⼀'), g('行')]], [], [2], [[g('A', 500), g('B', 500)]]],
      OPS, view, 595 * 842, () => ({}),
    );
    expect(items.map((i) => [i.text, i.x0, i.x1, i.base, i.size, i.upright])).toEqual([
      ['服务', 100, 120, 142, 10, true],
      ['项', 125, 135, 142, 10, true],
      ['一行', 100, 120, 156, 10, true],
      ['AB', 100, 112, 170, 10, true],
    ]);
  });

  it('tells which way the text of a page runs', () => {
    const { turns } = walkOps(
      [OPS.transform, OPS.beginText, OPS.setFont, OPS.showText],
      [[0, 1, -1, 0, 595, 0], [], ['F1', 10], [[g('横'), g('向'), g('排'), g('版')]]],
      OPS, view, 595 * 842, () => ({}),
    );
    expect(turns).toEqual([0, 0, 0, 4]);
    expect(sideways([0, 0, 0, 40])).toBe(3);
    expect(sideways([300, 0, 0, 40])).toBe(0);
    expect(sideways([0, 5, 0, 0])).toBe(0);
  });

  it('applies the current transformation and marks rotated text', () => {
    const { items } = walkOps(
      [OPS.save, OPS.transform, OPS.beginText, OPS.setFont, OPS.showText, OPS.restore, OPS.transform, OPS.beginText, OPS.setFont, OPS.showText],
      [[], [2, 0, 0, 2, 50, 50], [], ['F1', 10], [[g('大')]], [], [0, 1, -1, 0, 300, 300], [], ['F1', 10], [[g('侧')]]],
      OPS, view, 595 * 842, () => ({}),
    );
    expect(items.map((i) => [i.text, i.x0, i.x1, i.base, i.size, i.upright])).toEqual([
      ['大', 50, 70, 792, 20, true],
      ['侧', 300, 300, 542, 10, false],
    ]);
  });
});

describe('PDF ruled tables', () => {
  // A 3-column, 3-row grid; in row 2 the line between columns 2 and 3 is missing (a column span),
  // and in column 1 the line between rows 2 and 3 is missing (a row span).
  const xs = [50, 150, 250, 350];
  const ys = [100, 120, 140, 160];
  const hRules = [h(100, 50, 350), h(120, 50, 350), h(140, 150, 350), h(160, 50, 350)];
  const vRules = [v(50, 100, 160), v(150, 100, 160), v(250, 100, 120), v(250, 140, 160), v(350, 100, 160)];
  const items = [
    run('服务项', 55, 114), run('单位', 155, 114), run('数量', 255, 114),
    run('计算服务', 55, 134), run('vCPU 1 CPU', 155, 134),
    run('内存', 155, 154), run('2014', 255, 154),
    run('表外文字', 55, 200),
  ];
  const { tables, rest } = findRuledTables(items, hRules, vRules);

  it('finds the grid and leaves text outside it alone', () => {
    expect(tables).toHaveLength(1);
    expect(rest.map((i) => i.text)).toEqual(['表外文字']);
    expect(tables[0].cols.map(Math.round)).toEqual(xs);
    expect(tables[0].top).toBe(ys[0]);
  });
  it('turns missing inner lines into spans', () => {
    const t = tables[0].table;
    expect(texts(t)).toEqual([['服务项', '单位', '数量'], ['计算服务', 'vCPU 1 CPU', 'vCPU 1 CPU'], ['计算服务', '内存', '2014']]);
    expect(t.rows[1][0].rowSpan).toBe(2);
    expect(t.rows[1][1].colSpan).toBe(2);
  });
  it('cuts a run that crosses a cell border', () => {
    const parts = splitRun(run('单位数量', 155, 10), [175]);
    expect(parts.map((p) => p.text)).toEqual(['单位', '数量']);
    const t = findRuledTables([run('单位数量', 130, 114)], [h(100, 50, 250), h(120, 50, 250)], [v(50, 100, 120), v(150, 100, 120), v(250, 100, 120)]);
    expect(texts(t.tables[0].table)).toEqual([['单位', '数量']]);
  });
  it('stands in the rule ends for outer borders left open', () => {
    const t = findRuledTables([run('甲', 60, 114), run('乙', 160, 114), run('丙', 60, 134), run('丁', 160, 134)], [h(100, 50, 250), h(120, 50, 250), h(140, 50, 250)], [v(150, 100, 140)]);
    expect(texts(t.tables[0].table)).toEqual([['甲', '乙'], ['丙', '丁']]);
  });
  it('keeps lines of a cell apart with a newline', () => {
    const t = findRuledTables([run('第一行', 55, 112), run('第二行', 55, 126), run('值', 155, 112)], [h(100, 50, 250), h(130, 50, 250)], [v(50, 100, 130), v(150, 100, 130), v(250, 100, 130)]);
    expect(texts(t.tables[0].table)).toEqual([['第一行\n第二行', '值']]);
  });
  it('reads the wrapped lines of a cell as one text', () => {
    // 序号 | 服务子类 (30 pt of text) | 计价单位 (65 pt): 服务子类 wraps, 名称/地址 are the author's two lines.
    const t = findRuledTables(
      [run('序号', 55, 112), run('服务子', 90, 112), run('类', 90, 126), run('计价单位', 130, 119), run('1', 55, 144), run('内存', 90, 144), run('名称：甲', 130, 144), run('地址：乙', 130, 158)],
      [h(100, 50, 200), h(132, 50, 200), h(166, 50, 200)],
      [v(50, 100, 166), v(85, 100, 166), v(125, 100, 166), v(200, 100, 166)],
    );
    expect(texts(t.tables[0].table)).toEqual([['序号', '服务子类', '计价单位'], ['1', '内存', '名称：甲\n地址：乙']]);
  });
  it('ignores a box around text and a grid without text', () => {
    expect(findRuledTables([run('框内', 60, 114)], [h(100, 50, 250), h(120, 50, 250)], [v(50, 100, 120), v(250, 100, 120)]).tables).toHaveLength(0);
    expect(findRuledTables([], hRules, vRules).tables).toHaveLength(0);
  });
});

describe('PDF borderless tables', () => {
  const row = (base: number, cells: string[]) => makeLine(cells.map((c, i) => run(c, 50 + i * 120, base)));
  it('splits lines at wide gaps', () => {
    expect(chunks(row(100, ['服务项', '数量'])).map((c) => c.map((i) => i.text).join(''))).toEqual(['服务项', '数量']);
  });
  it('reads aligned columns of three or more lines as a table', () => {
    const lines = [makeLine([run('前文一段', 50, 80)]), row(100, ['服务项', '计价单位', '数量']), row(115, ['vCPU', '1 CPU', '655']), row(130, ['内存', '1 GB', '2014']), makeLine([run('后文', 50, 160)])];
    const pieces = findBorderlessTables(lines);
    expect(pieces.map((p) => p.kind)).toEqual(['line', 'table', 'line']);
    const t = pieces[1].kind === 'table' ? pieces[1].table.table : null;
    expect(texts(t!)).toEqual([['服务项', '计价单位', '数量'], ['vCPU', '1 CPU', '655'], ['内存', '1 GB', '2014']]);
  });
  it('does not take a contents page, numbered clauses or prose with blanks for a table', () => {
    expect(looksTabular([['服务项', '数量'], ['vCPU', '655'], ['内存', '2014']])).toBe(true);
    expect(looksTabular([['第一章', '投标邀请..........2'], ['第二章', '投标人须知..........6'], ['第三章', '资格审查..........22']])).toBe(false);
    expect(looksTabular([['1.1', '采购人：指依法进行政府采购的国家机关'], ['1.2', '投标人：指向采购人提供服务的法人'], ['1.3', '联合体：指两个以上的自然人']])).toBe(false);
    expect(looksTabular([['万元，属于', '；'], ['，从业人员', '人，营业收入为万元，资产总额为'], ['万元，属于', '；']])).toBe(false);
  });
  // Eight narrow columns at the left edges a Word table without lines puts them (10 pt text,
  // 0.19 cm cell padding): 服务项 takes two characters.
  const X = [77.5, 111.5, 165.5, 209.5, 244.5, 288.5, 332.5, 371.5];
  const HEADER = ['序号', '服务类别', '服务子类', '服务项', '计价单位', '报价单位', '数量', '服务期（月）'];
  const grid8 = (spec: [number, string[]][]) => groupLines(spec.flatMap(([base, cells]) => cells.flatMap((t, i) => (t ? [run(t, X[i], base)] : []))));
  const tableIn = (lines: ReturnType<typeof groupLines>) => {
    const got = findBorderlessTables(lines).filter((p) => p.kind === 'table');
    expect(got).toHaveLength(1);
    return got[0].kind === 'table' ? texts(got[0].table.table) : [];
  };
  it('reads a header whose wrapped lines come under its first line as one row', () => {
    expect(tableIn(grid8([
      [98, ['序号', '服务类别', '服务子', '服务', '计价单', '报价单', '数量', '服务期']],
      [112.5, ['', '', '类', '项', '位', '位', '', '（月）']],
      [127, ['1', '计算服务', '云主机', 'vCP', '1 CPU', '元/月', '655', '12']],
      [141.5, ['', '', '', 'U', '', '', '', '']],
      [156, ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12']],
      [170.5, ['3', '网络服务', '互联网', '带宽', '1 Mbps', '元/月', '200', '12']],
    ]))).toEqual([
      HEADER,
      ['1', '计算服务', '云主机', 'vCPU', '1 CPU', '元/月', '655', '12'],
      ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12'],
      ['3', '网络服务', '互联网', '带宽', '1 Mbps', '元/月', '200', '12'],
    ]);
  });
  it('reads rows whose short cells stand in the middle of their tallest cell', () => {
    expect(tableIn(grid8([
      [98, ['', '', '服务子', '服务', '计价单', '报价单', '', '服务期']],
      [105.25, ['序号', '服务类别', '', '', '', '', '数量', '']],
      [112.5, ['', '', '类', '项', '位', '位', '', '（月）']],
      [127, ['', '', '', 'vCP', '', '', '', '']],
      [134.25, ['1', '计算服务', '云主机', '', '1 CPU', '元/月', '655', '12']],
      [141.5, ['', '', '', 'U', '', '', '', '']],
      [156, ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12']],
      [170.5, ['3', '网络服务', '互联网', '带宽', '1 Mbps', '元/月', '200', '12']],
    ]))).toEqual([
      HEADER,
      ['1', '计算服务', '云主机', 'vCPU', '1 CPU', '元/月', '655', '12'],
      ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12'],
      ['3', '网络服务', '互联网', '带宽', '1 Mbps', '元/月', '200', '12'],
    ]);
  });
  it('starts a row where a line fills every column, however narrow the columns above it', () => {
    // Each header fills its column, so each could have wrapped; the line under it fills them all.
    const rows = tableIn(grid8([
      [98, ['序号', '服务类别', '服务子', '服务', '计价单', '报价单', '数量', '服务期']],
      [112.5, ['1', '计算服务', '云主机', '内存', '1 GB', '元/月', '20', '12']],
      [127, ['2', '计算服务', '云主机', '硬盘', '1 GB', '元/月', '50', '12']],
    ]));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['1', '计算服务', '云主机', '内存', '1 GB', '元/月', '20', '12']);
  });
  it('does not take letter-spaced labels for columns', () => {
    const lines = [row(100, ['甲', '方：某单位']), row(115, ['乙', '方：']), row(130, ['日', '期：'])];
    expect(findBorderlessTables(lines).every((p) => p.kind === 'line')).toBe(true);
  });
});

describe('PDF tables across pages', () => {
  const grid = (rows: string[][]): TableBlock => layoutGrid(rows.map((r) => r.map((text) => ({ text })))).table;
  const pt = (rows: string[][], cols = [0, 100, 200, 300]): PageTable => ({ table: grid(rows), cols, x0: 0, x1: 300, top: 0, bottom: 100 });
  const header = ['服务项', '计价单位', '数量'];

  it('recognises a repeated header and the same columns', () => {
    const a = pt([header, ['vCPU', '1 CPU', '8']]);
    expect(repeatedHeaderRows(a.table, pt([header, ['内存', '1 GB', '16']]).table)).toBe(1);
    expect(continuesTable(a, pt([['内存', '1 GB', '16']]))).toBe(true);
    expect(continuesTable(a, pt([['内存', '1 GB', '16']], [0, 150, 200, 300]))).toBe(false);
    expect(continuesTable(a, pt([['内存', '1 GB']], [0, 150, 300]))).toBe(false);
  });
  it('appends rows without the repeated header, keeping each row\'s page', () => {
    const a = { ...grid([header, ['vCPU', '1 CPU', '8']]), rowPages: [1, 1] };
    const b = { ...grid([header, ['内存', '1 GB', '16']]), rowPages: [2, 2] };
    const t = appendRows(a, b, 1);
    expect(texts(t)).toEqual([header, ['vCPU', '1 CPU', '8'], ['内存', '1 GB', '16']]);
    expect(t.rowPages).toEqual([1, 1, 2]);
  });
  it('joins a row cut by the page break, and only such a row', () => {
    const t = { ...grid([header, ['云主机', '1 CPU', '655'], ['（续）主频不低于2.4GHz', '', '']]), rowPages: [1, 1, 2] };
    expect(isCutRow(t, 2)).toBe(false);
    const cut = { ...grid([['序号', '服务项', '数量'], ['1', '云主机', '655'], ['', '主频不低于2.4GHz', '']]), rowPages: [1, 1, 2] };
    expect(isCutRow(cut, 2)).toBe(true);
    const joined = joinCutRow(cut, 2);
    expect(texts(joined)).toEqual([['序号', '服务项', '数量'], ['1', '云主机\n主频不低于2.4GHz', '655']]);
    expect(joined.rowPages).toEqual([1, 1]);
    // Under a merged first column a fresh row fills its own columns: not a cut.
    const fresh = grid([['类别', '服务项', '数量'], ['计算', 'vCPU', '8'], ['', '内存', '16']]);
    expect(isCutRow(fresh, 2)).toBe(false);
    const twoMerged = grid([['类别', '子类', '服务项', '数量'], ['计算', '云主机', 'vCPU', '8'], ['', '', '内存', '16']]);
    expect(isCutRow(twoMerged, 2)).toBe(false);
  });
  it('joins a merged cell split by the page break back into one', () => {
    const a = layoutGrid([[{ text: '类别' }, { text: '服务项' }], [{ text: '计算服务', rowSpan: 2 }, { text: 'vCPU' }], [{ text: '内存' }]]).table;
    const b = layoutGrid([[{ text: '', rowSpan: 2 }, { text: '云硬盘' }], [{ text: '快照' }]]).table;
    const t = continueMerges(appendRows(a, b, 0), 3);
    expect(texts(t)).toEqual([['类别', '服务项'], ['计算服务', 'vCPU'], ['计算服务', '内存'], ['计算服务', '云硬盘'], ['计算服务', '快照']]);
    expect(t.rows[1][0].rowSpan).toBe(4);
    expect(t.rows[4][0]).toMatchObject({ covered: true, origin: { row: 1, col: 0 } });
  });

  it('removes a row through spans', () => {
    const t = layoutGrid([[{ text: 'A', rowSpan: 3 }, { text: 'b1' }], [{ text: 'b2' }], [{ text: 'b3' }]]).table;
    const r = removeRow(t, 1);
    expect(texts(r)).toEqual([['A', 'b1'], ['A', 'b3']]);
    expect(r.rows[0][0].rowSpan).toBe(2);
    const top = removeRow(t, 0);
    expect(texts(top)).toEqual([['', 'b2'], ['', 'b3']]);
    expect(top.rows[0][0].rowSpan).toBe(2);
  });
});

describe('PDF page quality', () => {
  it('tells Chinese text from the garbage of a broken ToUnicode map', () => {
    const good = textQuality('北京市科学技术协会综合服务中心2026年云计算服务政务云基础服务项目，预算金额162.75万元。');
    const bad = textQuality('ᆿᒼᐸ⋵⊕ђ䐥᭯ᔰᐛぁ᯳ᐛᤑḽᮽԬ ᆹᒶᐲޡޜ䍴ⓀӔ᱃ѝᗳ ୶୶࣑ ḷ䇴ᇑ');
    expect(isGarbled(good, 40)).toBe(false);
    expect(isGarbled(bad, 40)).toBe(true);
    expect(isGarbled(textQuality('(cid:12)(cid:34)(cid:56)(cid:78)(cid:90)'), 40)).toBe(true);
    expect(isGarbled(textQuality('Only English text, 2026 and numbers.'), 36)).toBe(false);
    expect(isGarbled(textQuality('クラウドサービスの調達について、仕様書を確認してください。'), 30)).toBe(false);
    expect(isGarbled(textQuality('本採購案之預算金額為新臺幣壹佰萬元，履約期限為十二個月。'), 28)).toBe(false);
  });
  it('names page ranges', () => {
    expect(pageRanges([61, 62, 63, 75, 64])).toBe('pages 61-64, 75');
    expect(pageRanges([3])).toBe('page 3');
  });
  it('calls a page with an image and no text scanned, and an empty page blank', () => {
    expect(pageState(page(1, [], { imageCover: 0.9 }), 2, false)).toBe('scanned');
    expect(pageState(page(1, [], { paths: 800 }), 0, false)).toBe('scanned');
    expect(pageState(page(1, []), 0, false)).toBe('blank');
    expect(pageState(page(1, []), 300, true)).toBe('garbled');
  });
  it('drops running headers and page numbers', () => {
    const work = [1, 2, 3].map((n) => ({ page: page(n, []), tables: [], lines: [makeLine([run('某某项目招标文件', 200, 40, 8)]), makeLine([run(`正文内容${'甲乙丙'[n - 1]}`, 90, 100)]), makeLine([run(`- ${n} -`, 290, 820, 8)])] }));
    const dropped = marginLines(work);
    expect([...dropped].map((l) => l.text).sort()).toEqual(['- 1 -', '- 2 -', '- 3 -', '某某项目招标文件', '某某项目招标文件', '某某项目招标文件'].sort());
  });
  it('reports pages without text and fails a document with none', () => {
    const text = page(1, [run('第一页的正文内容，足够长的一段文字用于判断。', 90, 100)]);
    const partial = assemble({ pages: [text, page(2, [run('2', 290, 820)], { imageCover: 1 })], failed: [], numPages: 2 });
    expect(partial.warnings).toEqual([{ code: 'pdf.no_text_layer', message: 'page 2: no text layer (scanned images?): OCR needed' }]);
    expect(partial.unreadable).toMatchObject({ parts: 1, total: 2 });
    const unmapped = assemble({ pages: [text, page(2, [run('第二页', 90, 100)], { glyphs: 400, unmapped: 397 })], failed: [], numPages: 2 });
    expect(unmapped.warnings).toEqual([{ code: 'pdf.garbled_text', message: 'page 2: text does not decode (broken font encoding or ToUnicode map): OCR needed' }]);
    const none = assemble({ pages: [page(1, [], { imageCover: 1 }), page(2, [], { imageCover: 1 })], failed: [], numPages: 2 });
    expect(none.unreadable).toEqual({ parts: 2, total: 2, reason: 'no extractable text on any of 2 pages (scanned or image-only PDF): OCR needed' });
    expect(none.blocks).toEqual([]);
    expect(assemble({ pages: [page(1, []), page(2, [])], failed: [], numPages: 2 }).unreadable).toEqual({ parts: 2, total: 2, reason: 'no text on any of its 2 pages (a blank PDF?)' });
  });
  it('words open errors in one line', () => {
    expect(openError({ name: 'PasswordException', message: 'No password given' })).toBe('encrypted PDF: needs a password');
    expect(openError({ name: 'InvalidPDFException', message: 'Invalid PDF structure.' })).toBe('corrupt PDF: Invalid PDF structure.');
  });
});

const fixture = (...p: string[]) => readFileSync(join(__dirname, 'fixtures', ...p));
async function read(...p: string[]): Promise<DocModel> {
  const r = await pdfReader.read(fixture(...p), { source: p.join('/') });
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}
const tablesOf = (d: DocModel) => d.blocks.filter((b): b is TableBlock => b.type === 'table');

describe('PDF reader on LibreOffice fixtures', () => {
  it('joins a table over two pages and drops the repeated header', async () => {
    const d = await read('pdf', 'repeated-header.pdf');
    const [t] = tablesOf(d);
    expect(tablesOf(d)).toHaveLength(1);
    expect(t.rows).toHaveLength(61);
    expect(texts(t).filter((r) => r[0] === '序号')).toHaveLength(1);
    expect(texts(t)[60].slice(0, 1)).toEqual(['60']);
    expect(t.rowPages?.[0]).toBe(1);
    expect(t.rowPages?.[60]).toBeGreaterThan(1);
    expect(d.blocks[0]).toMatchObject({ type: 'paragraph', text: '（1）政务云基础服务' });
  });

  it('joins a row cut by the page break', async () => {
    const [t] = tablesOf(await read('pdf', 'cut-row.pdf'));
    expect(t.rows).toHaveLength(3);
    const cell = slotText(t, 1, 1);
    expect(cell).toContain('技术要求第1条');
    expect(cell).toContain('技术要求第14条');
    expect(texts(t)[1].slice(2)).toEqual(['1 CPU', '655']);
    expect(t.rowPages).toEqual([1, 1, 2]);
  });

  it('reads a table without ruling lines from its columns', async () => {
    const [t] = tablesOf(await read('pdf', 'borderless.pdf'));
    expect(texts(t)).toEqual([
      ['服务项', '计价单位', '数量', '期限（月）'],
      ['vCPU', '1 CPU', '655', '12'],
      ['内存', '1 GB', '2014', '12'],
      ['普通存储', '1 GB', '104545', '12'],
      ['互联网带宽', '1 Mbps', '270', '12'],
    ]);
  });

  it('reads merged cells from the lines that are not drawn', async () => {
    const [t] = tablesOf(await read('pdf', 'spans.pdf'));
    expect(texts(t)).toEqual([
      ['服务类别', '服务子类', '服务项', '计价单位', '数量'],
      ['计算服务', '云主机', 'vCPU', '1 CPU', '8'],
      ['计算服务', '云主机', '内存', '1 GB', '16'],
      ['计算服务', '物理机', '物理机', '1台', '2'],
      ['存储服务', '普通存储', '普通存储', '1 GB', '500'],
    ]);
  });

  const WRAPPED = [
    ['序号', '服务类别', '服务子类', '服务项', '计价单位', '报价单位', '数量', '服务期（月）'],
    ['1', '计算服务', '云主机', 'vCPU', '1 CPU', '元/月', '655', '12'],
    ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12'],
    ['3', '网络服务', '互联网', '互联网带宽（BGP，不低于200Mbps）', '1 Mbps', '元/月', '200', '12'],
    ['4', '安全服务', '远程接入', 'SSL VPN', '1套', '元/年', '2', '12'],
    ['5', '存储服务', '块存储', '高性能云硬盘', '1 GB', '元/月', '5000', '12'],
  ];
  it.each(['wrapped-header.pdf', 'wrapped-header-borderless.pdf', 'wrapped-centred-borderless.pdf'])('reads the cells that wrap in %s whole', async (name) => {
    const d = await read('pdf', name);
    const [t] = tablesOf(d);
    expect(tablesOf(d)).toHaveLength(1);
    expect(texts(t)).toEqual(WRAPPED);
    expect(d.blocks.filter((b) => b.type === 'paragraph').map((b) => (b.type === 'paragraph' ? b.text : ''))).toHaveLength(2);
  });

  it('writes the unwrapped labels as the header in tables.jsonl', () => {
    const out = mkdtempSync(join(tmpdir(), 'tender-wrap-'));
    try {
      const files = ['wrapped-header.pdf', 'wrapped-header-borderless.pdf', 'wrapped-centred-borderless.pdf'].map((f) => join(__dirname, 'fixtures', 'pdf', f));
      execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'tender.js'), 'extract', ...files, '--out', out, '--no-db', '--quiet', '--force'], { stdio: 'pipe' });
      const tables = readFileSync(join(out, 'tables.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; kind: string; header: string[]; rows: string[][] });
      expect(tables).toHaveLength(3);
      for (const t of tables) {
        expect(t.kind).toBe('items');
        expect(t.header).toEqual(WRAPPED[0]);
        expect(t.rows.slice(0, 2)).toEqual(WRAPPED.slice(1, 3));
      }
      const items = readFileSync(join(out, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { item: string; service: string });
      expect(items.map((i) => i.item)).toEqual([...WRAPPED.slice(1).map((r) => r[3]), ...WRAPPED.slice(1).map((r) => r[3]), ...WRAPPED.slice(1).map((r) => r[3])]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('decodes a Chinese font without a ToUnicode map through the bundled CMaps', async () => {
    const d = await read('pdf', 'cmap-only.pdf');
    expect(d.blocks).toEqual([
      { type: 'paragraph', text: '项目名称：字体没有ToUnicode映射表', page: 1 },
      { type: 'paragraph', text: '预算金额：12.5万元', page: 1 },
    ]);
    expect(d.unreadable).toBeUndefined();
  });

  it('flags CJK-looking garbage from a broken ToUnicode map instead of reading it', async () => {
    const d = await read('pdf', 'broken-tounicode.pdf');
    expect(d.blocks).toEqual([]);
    expect(d.warnings).toEqual([{ code: 'pdf.garbled_text', message: 'page 1: text does not decode (broken font encoding or ToUnicode map): OCR needed' }]);
    expect(d.unreadable).toEqual({ parts: 1, total: 1, reason: 'text of its only page does not decode (broken font encoding or ToUnicode map): OCR needed' });
  });

  it('reads a page whose content is set sideways', async () => {
    const d = await read('pdf', 'sideways.pdf');
    expect(d.blocks.map((b) => (b.type === 'paragraph' ? b.text : ''))).toEqual(['项目名称：横向排版的页面', '预算金额：8万元']);
  });

  it('reports a page that is only an image', async () => {
    const d = await read('pdf', 'image-page.pdf');
    expect(d.warnings).toEqual([{ code: 'pdf.no_text_layer', message: 'page 2: no text layer (scanned images?): OCR needed' }]);
    expect(d.unreadable).toMatchObject({ parts: 1, total: 2 });
    expect(d.blocks.map((b) => (b.type === 'paragraph' ? b.text : ''))).toEqual(['（5）第一页有文字', '项目名称：图片页测试项目', '预算金额：10万元']);
  });

  it('fails a PDF of images only, an encrypted PDF, a truncated and a random file', async () => {
    const d = await read('pdf', 'scanned-only.pdf');
    expect(d.unreadable).toEqual({ parts: 2, total: 2, reason: 'no extractable text on any of 2 pages (scanned or image-only PDF): OCR needed' });
    expect(await pdfReader.read(fixture('pdf', 'encrypted.pdf'), { source: 'x' })).toEqual({ ok: false, kind: 'encrypted', error: 'encrypted PDF: needs a password' });
    const whole = fixture('seeds', '003_a46c9a722c1cc422.pdf');
    const cut = await pdfReader.read(whole.subarray(0, Math.floor(whole.length * 0.6)), { source: 'x' });
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.error).toMatch(/^corrupt PDF: [^\n]+$/);
    const tail = await pdfReader.read(fixture('pdf', 'spans.pdf').subarray(0, -40), { source: 'x' });
    expect(tail.ok && tail.doc.unreadable).toEqual({ parts: 0, total: 1, reason: 'truncated PDF (no %%EOF at the end): read what pdf.js could recover, pages may be missing' });
    expect(tail.ok && tablesOf(tail.doc)).toHaveLength(1);
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251));
    expect(await pdfReader.read(noise, { source: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^corrupt PDF: /) });
    const headed = Buffer.concat([Buffer.from('%PDF-1.7\n'), noise]);
    expect(await pdfReader.read(headed, { source: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^corrupt PDF: /) });
  });

  it('gives the seed tenders as PDF the same items as the TXT', async () => {
    for (const [stem, n] of [['000_039f6a7fe7b5dcbb', 31], ['003_a46c9a722c1cc422', 45]] as const) {
      const pdf = await processFile(join(__dirname, 'fixtures', 'seeds', `${stem}.pdf`));
      const txt = await processFile(join(__dirname, '..', 'corpus', `${stem}.txt`));
      expect(pdf.document.status).toBe('ok');
      expect(pdf.items).toHaveLength(n);
      const key = (i: { item: string; quantity: number; service: string }) => `${i.item.replace(/\s+/g, '')}|${i.quantity}|${i.service}`;
      expect(pdf.items.map(key)).toEqual(txt.items.map(key));
      expect(pdf.items.every((i) => typeof i.page === 'number' && i.page >= 1)).toBe(true);
      expect({ project: pdf.document.project, agency: pdf.document.agency, budget: pdf.document.budget_cny })
        .toEqual({ project: txt.document.project, agency: txt.document.agency, budget: txt.document.budget_cny });
    }
  });
});
