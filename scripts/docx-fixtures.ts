// DOCX test fixtures: any document model written as Word (real vertical merges, gridSpan,
// one paragraph per line of a cell), and the small documents that each show one Word feature
// real tenders use. Word features the `docx` package cannot write (gridBefore/gridAfter) are
// written as WordprocessingML by hand and put into the package in place of its document.xml.
import {
  AlignmentType, Document, FootnoteReferenceRun, HeadingLevel, LevelFormat, Paragraph, Table, TableCell, TableRow, TextRun,
  VerticalMergeType, WidthType, type ISectionOptions,
} from 'docx';
import type { Block, TableBlock } from '../extractors/model.js';
import { isHeading } from '../pipeline/facts/index.js';
import { docxOf } from './fixture-bytes.js';

type Child = Paragraph | Table;

/** A cell's lines as paragraphs; Word has no empty cell, it has a cell with one empty paragraph. */
function cellParagraphs(text: string): Paragraph[] {
  return (text ? text.split('\n') : ['']).map((line) => new Paragraph({ children: [new TextRun(line)] }));
}

/** A model table as a Word table: covered slots become vMerge continuations or lie under a gridSpan. */
export function wordTable(table: TableBlock): Table {
  const width = table.rows[0]?.length ?? 0;
  const rows = table.rows.map((row, r) => {
    const cells: TableCell[] = [];
    for (let c = 0; c < width; ) {
      const slot = row[c];
      if (!slot.covered) {
        cells.push(new TableCell({
          children: cellParagraphs(slot.text),
          columnSpan: slot.colSpan > 1 ? slot.colSpan : undefined,
          verticalMerge: slot.rowSpan > 1 ? VerticalMergeType.RESTART : undefined,
        }));
        c += slot.colSpan;
        continue;
      }
      const origin = slot.origin ?? { row: r, col: c };
      const span = table.rows[origin.row][origin.col].colSpan;
      if (origin.row < r && origin.col === c) {
        cells.push(new TableCell({ children: cellParagraphs(''), columnSpan: span > 1 ? span : undefined, verticalMerge: VerticalMergeType.CONTINUE }));
        c += span;
      } else {
        c++;
      }
    }
    return new TableRow({ children: cells });
  });
  return new Table({ rows, ...widths(width) });
}

/** Column widths in twips over an A4 text width; LibreOffice drops tables from .doc without them. */
function widths(columns: number) {
  const col = Math.floor(9000 / Math.max(1, columns));
  return { width: { size: col * columns, type: WidthType.DXA }, columnWidths: new Array<number>(columns).fill(col) };
}

/**
 * The document's blocks as Word content. Paragraphs the pipeline reads as headings get a Word
 * heading style, as an author's would; nothing else changes, so the DOCX reads like the TXT.
 */
export function wordContent(blocks: Block[]): Child[] {
  const out: Child[] = [];
  for (const b of blocks) {
    if (b.type === 'table') {
      out.push(wordTable(b));
      // Word cannot put two tables next to each other without them merging into one.
      out.push(new Paragraph({}));
    } else {
      out.push(new Paragraph({ children: [new TextRun(b.text)], heading: isHeading(b) ? HeadingLevel.HEADING_2 : undefined }));
    }
  }
  return out;
}

export function wordDocument(children: Child[], extra: Partial<ConstructorParameters<typeof Document>[0]> = {}): Document {
  return new Document({
    creator: 'tender fixtures',
    title: 'tender fixture',
    ...extra,
    sections: [{ children } as ISectionOptions],
  });
}

/** The bytes of the document `build` makes, the same every time (scripts/fixture-bytes.ts). */
export async function docxBytes(build: () => Document, documentXml?: string): Promise<Buffer> {
  return docxOf(build, documentXml ? [{ path: 'word/document.xml', data: documentXml }] : undefined);
}

// ---------- feature fixtures ----------

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const cell = (text: string, opts: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) => new TableCell({ children: cellParagraphs(text), ...opts });
const row = (...cells: TableCell[]) => new TableRow({ children: cells });
const grid = (rows: TableRow[], columns = 0) => new Table({ rows, ...widths(columns || Math.max(...rows.map((r) => r.cells.length))) });
const RESTART = { verticalMerge: VerticalMergeType.RESTART };
const CONTINUE = { verticalMerge: VerticalMergeType.CONTINUE };
const HEADER = ['服务类别', '服务子类', '服务项', '计价单位', '数量', '期限（月）'];

/** Category and subcategory merged down over several rows, a 计价单位 cell merged across two rows' worth of columns. */
function mergedCells(): Document {
  return wordDocument([
    p('（1） 政务云基础服务'),
    grid([
      row(...HEADER.map((h) => cell(h))),
      row(cell('计算服务', RESTART), cell('x86平台云主机服务', RESTART), cell('vCPU（主频不低于2.4GHz）'), cell('1 CPU'), cell('655'), cell('12')),
      row(cell('', CONTINUE), cell('', CONTINUE), cell('内存'), cell('1 GB'), cell('2014'), cell('12')),
      row(cell('', CONTINUE), cell('x86物理服务器租用服务'), cell('x86物理服务器'), cell('1 台'), cell('2'), cell('12')),
      row(cell('存储服务', RESTART), cell('普通性能存储'), cell('普通存储'), cell('1 GB'), cell('104545'), cell('12')),
      row(cell('', CONTINUE), cell('静态存储', { columnSpan: 2 }), cell('1 TB'), cell('9'), cell('12')),
    ]),
  ]);
}

/** A cell of several paragraphs and a line break inside one of them. */
function cellParagraphsDoc(): Document {
  const multi = new TableCell({
    children: [
      p('高性能存储'),
      p('（单盘技术指标：单盘IOPS 3000-20000）'),
      new Paragraph({ children: [new TextRun('第一行'), new TextRun({ text: '第二行', break: 1 })] }),
    ],
  });
  return wordDocument([
    grid([
      row(cell('服务项'), cell('计价单位'), cell('数量')),
      row(multi, cell('1 GB'), cell('9424')),
    ]),
  ]);
}

/** Heading styles (built-in, Chinese-named, outline level) and numbered heading paragraphs. */
function headingsDoc(): Document {
  return wordDocument(
    [
      new Paragraph({ text: '采购需求', heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: '项目概况', numbering: { reference: 'chapters', level: 0 } }),
      p('本项目租用政务云服务，服务期十二个月。'),
      new Paragraph({ text: '技术要求', numbering: { reference: 'chapters', level: 0 } }),
      new Paragraph({ text: '政务云基础服务', style: 'ZhHeading2' }),
      grid([row(cell('服务项'), cell('计价单位'), cell('数量')), row(cell('vCPU'), cell('1 CPU'), cell('8'))]),
      new Paragraph({ text: '安全服务', style: 'OutlineHeading' }),
      grid([row(cell('服务项'), cell('计价单位'), cell('数量')), row(cell('Web应用防火墙'), cell('1 套'), cell('1'))]),
      new Paragraph({ text: '说明文字使用自定义样式。', style: 'Remark' }),
    ],
    {
      numbering: {
        config: [{
          reference: 'chapters',
          levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT }],
        }],
      },
      styles: {
        paragraphStyles: [
          { id: 'ZhHeading2', name: '标题 2', basedOn: 'Normal', run: { bold: true } },
          { id: 'OutlineHeading', name: '1级标题', basedOn: 'Normal', paragraph: { outlineLevel: 1 } },
          { id: 'Remark', name: '正文说明', basedOn: 'Normal' },
        ],
      },
    },
  );
}

/** A table in a cell of another table, and a one-cell frame around a heading and an item table. */
function nestedTableDoc(): Document {
  const inner = grid([row(cell('参数'), cell('取值')), row(cell('主频'), cell('≥2.4GHz')), row(cell('内存'), cell('64G'))]);
  const frame = new Table({
    rows: [row(new TableCell({
      children: [
        new Paragraph({ text: '附表 云资源清单', heading: HeadingLevel.HEADING_3 }),
        grid([row(cell('服务项'), cell('计价单位'), cell('数量')), row(cell('内存'), cell('1 GB'), cell('64'))]),
      ],
    }))],
    ...widths(1),
  });
  return wordDocument([
    p('物理服务器配置'),
    grid([
      row(cell('服务项'), cell('配置'), cell('数量')),
      row(cell('x86物理服务器'), new TableCell({ children: [p('配置如下：'), inner] }), cell('2')),
    ]),
    p(''),
    frame,
  ]);
}

/** 表1 title merged across all columns above the header. */
function titleRowDoc(): Document {
  return wordDocument([
    grid([
      row(cell('表1 政务云服务清单', { columnSpan: 4 })),
      row(cell('序号'), cell('服务项'), cell('计价单位'), cell('数量')),
      row(cell('1'), cell('vCPU'), cell('1 CPU'), cell('60')),
      row(cell('2'), cell('内存'), cell('1 GB'), cell('173')),
    ]),
  ]);
}

/** 计费方式 grouping 计价单位 and 报价单位 over a second header row. */
function groupedHeaderDoc(): Document {
  return wordDocument([
    grid([
      row(cell('序号', RESTART), cell('服务项', RESTART), cell('计费方式', { columnSpan: 2 }), cell('数量', RESTART), cell('期限（月）', RESTART)),
      row(cell('', CONTINUE), cell('', CONTINUE), cell('计价单位'), cell('报价单位'), cell('', CONTINUE), cell('', CONTINUE)),
      row(cell('1'), cell('互联网链路带宽'), cell('1 Mb'), cell('元/月'), cell('270'), cell('12')),
      row(cell('2'), cell('短信服务'), cell('1条'), cell('元/次'), cell('140000'), cell('/')),
    ]),
  ]);
}

/** A footnote marker in a fact line, and the note itself at the end. */
function footnotesDoc(): Document {
  return wordDocument(
    [
      new Paragraph({ children: [new TextRun('项目名称：政务云租赁服务项目'), new FootnoteReferenceRun(1)] }),
      p('预算金额：162.75万元'),
    ],
    { footnotes: { 1: { children: [p('以财政批复为准。')] } } },
  );
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A row in WordprocessingML; `before`/`after` are the empty grid columns it starts/ends with. */
function xmlRow(cells: { text: string; vMerge?: 'restart' | 'continue'; span?: number }[], before = 0, after = 0): string {
  const trPr = before || after
    ? `<w:trPr>${before ? `<w:gridBefore w:val="${before}"/><w:wBefore w:w="${before * 1200}" w:type="dxa"/>` : ''}${after ? `<w:gridAfter w:val="${after}"/><w:wAfter w:w="${after * 1200}" w:type="dxa"/>` : ''}</w:trPr>`
    : '';
  const tcs = cells.map((c) => {
    const pr = `${c.span ? `<w:gridSpan w:val="${c.span}"/>` : ''}${c.vMerge ? `<w:vMerge w:val="${c.vMerge}"/>` : ''}`;
    return `<w:tc><w:tcPr><w:tcW w:w="${1200 * (c.span ?? 1)}" w:type="dxa"/>${pr}</w:tcPr><w:p><w:r><w:t xml:space="preserve">${xmlText(c.text)}</w:t></w:r></w:p></w:tc>`;
  });
  return `<w:tr>${trPr}${tcs.join('')}</w:tr>`;
}

/** Rows that start late (gridBefore) and end early (gridAfter), with a vertical merge across a late row. */
export function gridBeforeAfterXml(): string {
  const rows = [
    xmlRow([{ text: '服务类别' }, { text: '服务项' }, { text: '计价单位' }, { text: '数量' }, { text: '备注' }]),
    xmlRow([{ text: '计算服务', vMerge: 'restart' }, { text: 'vCPU' }, { text: '1 CPU' }, { text: '16' }, { text: '' }]),
    xmlRow([{ text: '', vMerge: 'continue' }, { text: '内存' }, { text: '1 GB' }, { text: '64' }], 0, 1),
    xmlRow([{ text: '本地备份', vMerge: 'restart' }, { text: '1 GB' }, { text: '500' }], 1, 1),
    xmlRow([{ text: '', vMerge: 'continue' }, { text: '1 GB' }, { text: '300' }, { text: '异地' }], 1, 0),
  ];
  const gridCols = '<w:tblGrid>' + '<w:gridCol w:w="1200"/>'.repeat(5) + '</w:tblGrid>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
    `<w:p><w:r><w:t>（1） 存储与计算</w:t></w:r></w:p>` +
    `<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr>${gridCols}${rows.join('')}</w:tbl>` +
    `<w:p/><w:sectPr/></w:body></w:document>`;
}

export async function featureDocx(): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {
    'merged-cells.docx': await docxBytes(mergedCells),
    'cell-paragraphs.docx': await docxBytes(cellParagraphsDoc),
    'headings.docx': await docxBytes(headingsDoc),
    'nested-table.docx': await docxBytes(nestedTableDoc),
    'title-row.docx': await docxBytes(titleRowDoc),
    'grouped-header.docx': await docxBytes(groupedHeaderDoc),
    'footnotes.docx': await docxBytes(footnotesDoc),
    'grid-before-after.docx': await docxBytes(() => wordDocument([p('')]), gridBeforeAfterXml()),
  };
  const plain = out['title-row.docx'];
  out['not-a-zip.docx'] = Buffer.from('这不是一个Word文档，只是改了扩展名的文本。\n', 'utf8');
  out['truncated.docx'] = plain.subarray(0, Math.floor(plain.length / 2));
  out['bomb-declared.docx'] = withDeclaredSize(plain, 'word/document.xml', 300 * 1024 * 1024);
  out['bomb-lying.docx'] = withDeclaredSize(plain, 'word/document.xml', 16);
  return out;
}

/** The package with one part's inflated size in the zip directory replaced: a zip bomb's lie. */
function withDeclaredSize(zip: Buffer, part: string, size: number): Buffer {
  const b = Buffer.from(zip);
  for (let i = 0; i + 46 <= b.length; i++) {
    if (b.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLen = b.readUInt16LE(i + 28);
    if (b.toString('utf8', i + 46, i + 46 + nameLen) === part) {
      b.writeUInt32LE(size, i + 24);
      return b;
    }
  }
  throw new Error(`no ${part} in the package`);
}
