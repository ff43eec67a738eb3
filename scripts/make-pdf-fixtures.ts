// Writes the PDF test fixtures (committed; CI has no LibreOffice and never regenerates them):
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-pdf-fixtures.js [NAME...] [--out DIR]
// NAMEs (fixture names such as `wrapped-header`, or `seeds`) write only those. The time LibreOffice
// stamps a PDF with is fixed after printing (scripts/fixture-bytes.ts), so a PDF whose document did
// not change comes out the same; encrypted.pdf never does: AES-256 (R6) draws random salts.
// Needs LibreOffice (`soffice`) and, for the encrypted fixture, qpdf (Debian packages
// libreoffice-writer-nogui, fonts-noto-cjk, qpdf).
//
// test/fixtures/pdf/: small Word documents built with the `docx` package, printed to PDF by
// LibreOffice, each showing one thing the PDF reader must handle. test/fixtures/seeds/: the
// seed tenders' DOCX versions printed to PDF (when a seed's DOCX is missing, one is built here
// from its TXT through the project's TXT reader).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import {
  AlignmentType, BorderStyle, Document, ImageRun, PageBreak, Paragraph, Table, TableBorders, TableCell, TableLayoutType, TableRow,
  TextRun, VerticalAlignTable, VerticalMergeType, WidthType, type ISectionOptions,
} from 'docx';
import { decodeText } from '../extractors/decode.js';
import type { Block } from '../extractors/model.js';
import { parseTxt } from '../extractors/txt/reader.js';
import { repoRoot, SEEDS, toPdf } from './make-fixtures.js';
import { docxOf, outRoot, withoutOut } from './fixture-bytes.js';


type Child = Paragraph | Table;
const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const cellOf = (text: string, opts: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) =>
  new TableCell({ children: text.split('\n').map(p), ...opts });
const rowOf = (cells: (string | TableCell)[], opts: Partial<ConstructorParameters<typeof TableRow>[0]> = {}) =>
  new TableRow({ children: cells.map((c) => (typeof c === 'string' ? cellOf(c) : c)), ...opts });
const table = (rows: TableRow[], opts: Partial<ConstructorParameters<typeof Table>[0]> = {}) =>
  new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, ...opts });
const doc = (children: Child[]) => new Document({ creator: 'tender fixtures', sections: [{ children } as ISectionOptions] });

const HEADER = ['序号', '服务项', '计价单位', '数量', '期限（月）'];
const ITEMS = ['vCPU', '内存', '普通存储', '高性能存储', '互联网带宽', '公网IP', '负载均衡', 'Web应用防火墙', '本地备份', '数据库审计'];
const UNITS = ['1 CPU', '1 GB', '1 GB', '1 GB', '1 Mbps', '1 IP', '1 个', '1 套', '1 GB', '1 套'];

/** A table of 60 item rows over two pages, its header row repeated on the second page. */
function repeatedHeader(): Document {
  const rows = [rowOf(HEADER, { tableHeader: true })];
  for (let i = 1; i <= 60; i++) rows.push(rowOf([String(i), `${ITEMS[i % 10]}（第${i}项）`, UNITS[i % 10], String(i * 10), '12']));
  return doc([p('（1） 政务云基础服务'), table(rows), p('以上为全部服务项。')]);
}

/** A table starting low on the page whose tall second row is cut by the page break. */
function cutRow(): Document {
  const filler = Array.from({ length: 30 }, (_, i) => p(`第${i + 1}段：本段是填充文字，用来把表格推到页面底部附近。`));
  const long = Array.from({ length: 14 }, (_, i) => `技术要求第${i + 1}条：主频不低于2.4GHz`).join('\n');
  return doc([
    ...filler,
    p('（2） 计算服务'),
    table([
      rowOf(['服务项', '技术要求', '计价单位', '数量']),
      rowOf(['云主机', long, '1 CPU', '655']),
      rowOf(['内存', '不少于1GB', '1 GB', '2014']),
    ]),
    p('表后说明。'),
  ]);
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** Columns kept apart by white space only: no ruling lines at all. */
function borderless(): Document {
  const noCell = { borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER } };
  const rows = [
    ['服务项', '计价单位', '数量', '期限（月）'],
    ['vCPU', '1 CPU', '655', '12'],
    ['内存', '1 GB', '2014', '12'],
    ['普通存储', '1 GB', '104545', '12'],
    ['互联网带宽', '1 Mbps', '270', '12'],
  ].map((r) => rowOf(r.map((t) => cellOf(t, noCell))));
  return doc([p('（3） 无框线表格'), p('下表没有任何框线。'), table(rows, { borders: TableBorders.NONE }), p('表格结束。')]);
}

/** Cells merged down and across, read from the inner lines that are not drawn. */
function spans(): Document {
  const restart = { verticalMerge: VerticalMergeType.RESTART };
  const cont = { verticalMerge: VerticalMergeType.CONTINUE };
  return doc([
    p('（4） 合并单元格'),
    table([
      rowOf(['服务类别', '服务子类', '服务项', '计价单位', '数量']),
      rowOf([cellOf('计算服务', restart), cellOf('云主机', restart), 'vCPU', '1 CPU', '8']),
      rowOf([cellOf('', cont), cellOf('', cont), '内存', '1 GB', '16']),
      rowOf([cellOf('', cont), cellOf('物理机', { columnSpan: 2 }), '1 台', '2']),
      rowOf([cellOf('存储服务'), cellOf('普通存储', { columnSpan: 2 }), '1 GB', '500']),
    ]),
  ]);
}

// Narrow columns whose text wraps inside its cell. Widths in twips (1/20 pt); the text is
// 10 pt Noto Sans CJK SC, so 200 twips hold one Chinese character, and LibreOffice pads each
// cell by 0.19 cm (108 twips) left and right. 服务项 holds two characters but not `vCPU`, so
// that word and `200Mbps` break mid-word; 服务子类, 计价单位, 报价单位 hold three.
const WRAP_HEADER = ['序号', '服务类别', '服务子类', '服务项', '计价单位', '报价单位', '数量', '服务期（月）'];
const WRAP_WIDTHS = [680, 1080, 880, 700, 880, 880, 780, 880];
const WRAP_ROWS = [
  ['1', '计算服务', '云主机', 'vCPU', '1 CPU', '元/月', '655', '12'],
  ['2', '计算服务', '云主机', '内存', '1 GB', '元/月', '2014', '12'],
  ['3', '网络服务', '互联网', '互联网带宽（BGP，不低于200Mbps）', '1 Mbps', '元/月', '200', '12'],
  ['4', '安全服务', '远程接入', 'SSL VPN', '1 套', '元/年', '2', '12'],
  ['5', '存储服务', '块存储', '高性能云硬盘', '1 GB', '元/月', '5000', '12'],
];

/** The wrap fixtures' table: every header cell centred both ways, data cells as Word sets them
 * (top left) or, with `centred`, in the middle of their row. */
function wrappedTable(borders: boolean, centred = false): Table {
  const none = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
  const cell = (text: string, width: number, head: boolean) => new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: [new Paragraph({ alignment: head ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun(text)] })],
    ...(head || centred ? { verticalAlign: VerticalAlignTable.CENTER } : {}),
    ...(borders ? {} : { borders: none }),
  });
  const rows = [WRAP_HEADER, ...WRAP_ROWS].map((r, i) => new TableRow({ children: r.map((t, c) => cell(t, WRAP_WIDTHS[c], i === 0)) }));
  return new Table({
    rows, columnWidths: WRAP_WIDTHS, layout: TableLayoutType.FIXED,
    width: { size: WRAP_WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    ...(borders ? {} : { borders: TableBorders.NONE }),
  });
}

const wrapDoc = (children: Child[]) => new Document({
  creator: 'tender fixtures',
  styles: { default: { document: { run: { font: { ascii: 'Noto Sans CJK SC', eastAsia: 'Noto Sans CJK SC', hAnsi: 'Noto Sans CJK SC' }, size: 20 } } } },
  sections: [{ children } as ISectionOptions],
});

/** A ruled item table whose header and item cells wrap inside their narrow columns. */
function wrappedHeader(): Document {
  return wrapDoc([p('（6） 表头换行的表格'), wrappedTable(true), p('表格结束。')]);
}

/** The same table without ruling lines: rows told from the text lines alone. */
function wrappedHeaderBorderless(): Document {
  return wrapDoc([p('（7） 表头换行的无框线表格'), wrappedTable(false), p('表格结束。')]);
}

/** Without ruling lines, every cell set in the middle of its row: a tall cell's first lines come
 * before the rest of its row. */
function wrappedCentredBorderless(): Document {
  return wrapDoc([p('（8） 单元格垂直居中的无框线表格'), wrappedTable(false, true), p('表格结束。')]);
}

/** A grey PNG with dark stripes, standing in for a scanned page. */
export function stripesPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (y >> 4) % 3 === 0 && x % 50 < 40 ? 40 : 235;
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const scan = () => new Paragraph({ children: [new ImageRun({ type: 'png', data: stripesPng(600, 800), transformation: { width: 600, height: 800 } })] });

/** A page of text, then a page that is only an image (a scanned page has no text layer). */
function imagePage(): Document {
  return doc([p('（5） 第一页有文字'), p('项目名称：图片页测试项目'), p('预算金额：10万元'), new Paragraph({ children: [new PageBreak()] }), scan()]);
}

/** Only images: nothing to read anywhere. */
function scannedOnly(): Document {
  return doc([scan(), new Paragraph({ children: [new PageBreak()] }), scan()]);
}

/**
 * A PDF written by hand whose Chinese text uses the non-embedded STSong-Light font with the
 * predefined UniGB-UCS2-H CMap and no ToUnicode map: pdf.js decodes it only with its CMap files.
 */
export function cmapOnlyPdf(lines: string[], turn = ''): Buffer {
  const hex = (s: string) => [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0')).join('').toUpperCase();
  return songPdf('/UniGB-UCS2-H', lines.map(hex), null, turn);
}

/**
 * The same font with Identity-H codes and a ToUnicode map that sends them to rare ideographs
 * and Canadian syllabics: text that extracts as CJK-looking garbage, as a broken map gives.
 */
export function brokenToUnicodePdf(lines: number): Buffer {
  const codes = Array.from({ length: lines }, (_, l) => Array.from({ length: 24 }, (_, i) => ((l * 97 + i * 37) % 500) + 1).map((c) => c.toString(16).padStart(4, '0').toUpperCase()).join(''));
  const map = [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Broken-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange',
    '2 beginbfrange', '<0001> <00FF> <3400>', '<0100> <01FF> <1400>', 'endbfrange',
    'endcmap', 'CMapName currentdict /CIDInit /ProcSet findresource pop end end',
  ].join('\n');
  return songPdf('/Identity-H', codes, map);
}

function songPdf(encoding: string, hexLines: string[], toUnicode: string | null, turn = ''): Buffer {
  const content = [...(turn ? [`${turn} cm`] : []), 'BT', '/F1 14 Tf', '72 520 Td', '18 TL', ...hexLines.map((h, i) => `${i ? 'T* ' : ''}<${h}> Tj`), 'ET'].join('\n');
  const stream = (body: string) => `<< /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding ${encoding} /DescendantFonts [5 0 R]${toUnicode ? ' /ToUnicode 8 0 R' : ''} >>`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
    stream(content),
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
    ...(toUnicode ? [stream(toUnicode)] : []),
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A seed tender as Word, from its TXT through the TXT reader (when no DOCX fixture exists yet). */
function seedDocx(blocks: Block[]): Document {
  const children: Child[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph') {
      children.push(p(b.text));
      continue;
    }
    const rows = b.rows.map((r) => new TableRow({
      children: r.flatMap((c, i) => {
        if (c.covered) {
          // Only the slots under a vertical merge's origin carry a continuation cell.
          const o = c.origin!;
          return o.col === i && b.rows[o.row][o.col].rowSpan > 1 ? [cellOf('', { verticalMerge: VerticalMergeType.CONTINUE, columnSpan: b.rows[o.row][o.col].colSpan })] : [];
        }
        return [cellOf(c.text, { ...(c.rowSpan > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}), ...(c.colSpan > 1 ? { columnSpan: c.colSpan } : {}) })];
      }),
    }));
    children.push(table(rows));
  }
  return doc(children);
}


async function main(only: Set<string>): Promise<void> {
  const want = (name: string) => !only.size || only.has(name);
  const root = repoRoot();
  const fixtures = join(outRoot(process.argv.slice(2), root), 'test', 'fixtures');
  const work = mkdtempSync(join(tmpdir(), 'pdf-fixtures-'));
  try {
    const features: [string, () => Document][] = [
      ['repeated-header', repeatedHeader],
      ['cut-row', cutRow],
      ['borderless', borderless],
      ['spans', spans],
      ['image-page', imagePage],
      ['scanned-only', scannedOnly],
      ['wrapped-header', wrappedHeader],
      ['wrapped-header-borderless', wrappedHeaderBorderless],
      ['wrapped-centred-borderless', wrappedCentredBorderless],
    ];
    execFileSync('mkdir', ['-p', join(fixtures, 'pdf'), join(fixtures, 'seeds')]);
    for (const [name, d] of features) {
      if (!want(name)) continue;
      const docx = join(work, `${name}.docx`);
      writeFileSync(docx, await docxOf(d));
      writeFileSync(join(fixtures, 'pdf', `${name}.pdf`), readFileSync(toPdf(docx, work)));
      console.log(`test/fixtures/pdf/${name}.pdf`);
    }
    const written: [string, () => Buffer][] = [
      ['cmap-only', () => cmapOnlyPdf(['项目名称：字体没有ToUnicode映射表', '预算金额：12.5万元'])],
      ['broken-tounicode', () => brokenToUnicodePdf(6)],
      // Text turned a quarter on an upright page, as landscape content printed sideways is.
      ['sideways', () => cmapOnlyPdf(['项目名称：横向排版的页面', '预算金额：8万元'], '0 1 -1 0 595 0')],
    ];
    for (const [name, make] of written) {
      if (!want(name)) continue;
      writeFileSync(join(fixtures, 'pdf', `${name}.pdf`), make());
      console.log(`test/fixtures/pdf/${name}.pdf`);
    }
    if (want('encrypted')) {
      execFileSync('qpdf', ['--encrypt', 'secret', 'owner-secret', '256', '--', join(fixtures, 'pdf', 'spans.pdf'), join(fixtures, 'pdf', 'encrypted.pdf')]);
      console.log('test/fixtures/pdf/encrypted.pdf');
    }

    for (const stem of want('seeds') ? SEEDS : []) {
      let docx = join(root, 'test', 'fixtures', 'seeds', `${stem}.docx`);
      if (!existsSync(docx)) {
        const decoded = decodeText(readFileSync(join(root, 'corpus', `${stem}.txt`)));
        if (!decoded.ok) throw new Error(`${stem}.txt: ${decoded.error}`);
        docx = join(work, `${stem}.docx`);
        writeFileSync(docx, await docxOf(() => seedDocx(parseTxt(decoded.text).blocks)));
        console.log(`(${stem}: no DOCX fixture yet, built one from the TXT)`);
      }
      writeFileSync(join(fixtures, 'seeds', `${stem}.pdf`), readFileSync(toPdf(docx, work)));
      console.log(`test/fixtures/seeds/${stem}.pdf`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(new Set(withoutOut(process.argv.slice(2)))).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
