// Writes the OCR test fixtures (committed; CI never regenerates them):
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-ocr-fixtures.js [--out DIR]
// test/fixtures/pdf/scanned-table.pdf: page 1 of a corpus tender (facts and two item tables),
// rendered to an image and wrapped in a PDF of its own, so the page has no text layer at all,
// as a scan or a web page printed with outlined glyphs has none.
// test/fixtures/pdf/garbled-table.pdf: the wrapped-header fixture (an item table, fonts embedded
// by LibreOffice) with every ToUnicode map sent to other ideographs, as a broken map garbles
// text: the page draws right, its text layer reads as CJK-looking garbage. Needs qpdf.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openRenderer } from '../extractors/pdf/ocr/render.js';
import { repoRoot } from './make-fixtures.js';
import { outRoot } from './fixture-bytes.js';

/** A one-page PDF showing a JPEG over the whole page (A4 in points). */
export function imagePdf(jpeg: Buffer, width: number, height: number, pageW = 595.28, pageH = 841.89): Buffer {
  const objects: (string | Buffer)[][] = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageW} ${pageH}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`],
    [`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, '\nendstream'],
  ];
  const content = `q ${pageW} 0 0 ${pageH} 0 0 cm /Im0 Do Q`;
  objects.push([`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0].length;
  objects.forEach((obj, i) => {
    offsets.push(at);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), ...obj.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)), Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * A PDF whose ToUnicode maps send every code to a different, rare ideograph: the glyphs
 * drawn are untouched, the text extracted is garbage.
 */
export function garbleToUnicode(pdf: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tender-garble-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', join(dir, 'in.pdf'), join(dir, 'qdf.pdf')]);
    let text = readFileSync(join(dir, 'qdf.pdf')).toString('latin1');
    // In a CMap, <src> <dst> (bfchar) and <lo> <hi> <dst> (bfrange) end in the destination's UTF-16.
    text = text.replace(/(beginbf(?:char|range)[\s\S]*?endbf(?:char|range))/g, (block) =>
      block.replace(/<([0-9a-fA-F]{4})>(\s*(?:\n|$))/g, (_m, hex: string, end: string) => {
        const code = 0x9fa0 - (parseInt(hex, 16) % 0x0700);
        return `<${code.toString(16).toUpperCase().padStart(4, '0')}>${end}`;
      }));
    writeFileSync(join(dir, 'garbled.qdf'), Buffer.from(text, 'latin1'));
    execFileSync('fix-qdf', [join(dir, 'garbled.qdf')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fixed = execFileSync('fix-qdf', [join(dir, 'garbled.qdf')]);
    writeFileSync(join(dir, 'fixed.pdf'), fixed);
    // qpdf gives a file a new /ID each run unless the ID is made from its content.
    execFileSync('qpdf', ['--deterministic-id', join(dir, 'fixed.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const renderer = openRenderer(readFileSync(join(root, 'corpus', 'shenyang_bigdata_baremetal_2026.pdf')));
  const shot = await renderer.render(1);
  await renderer.close();
  if (!shot) throw new Error('page 1 did not render');
  const image = sharp(shot.png).flatten({ background: '#ffffff' });
  const { width, height } = await image.metadata();
  const jpeg = await image.jpeg({ quality: 80 }).toBuffer();
  const pdfDir = join(outRoot(process.argv.slice(2), root), 'test', 'fixtures', 'pdf');
  mkdirSync(pdfDir, { recursive: true });
  const out = join(pdfDir, 'scanned-table.pdf');
  writeFileSync(out, imagePdf(jpeg, width!, height!));
  console.log(`wrote ${out} (${jpeg.length} bytes of image)`);
  const garbled = join(pdfDir, 'garbled-table.pdf');
  writeFileSync(garbled, garbleToUnicode(readFileSync(join(root, 'test', 'fixtures', 'pdf', 'wrapped-header.pdf'))));
  console.log(`wrote ${garbled}`);
}

await main();
