// A synthetic corpus for the benchmark: N tenders varied from the real documents of the
// project (corpus/ and the format fixtures), in all four formats, each with distinct bytes.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { decodeText } from '../extractors/decode.js';
import { prng } from '../scripts/fuzz.js';

export type BenchFormat = 'txt' | 'html' | 'docx' | 'pdf';

/** Vary a text tender: other quantities in the tables and a distinct trailing line. */
function varyText(text: string, i: number, rand: () => number, html: boolean): string {
  const varied = text.replace(/(\t|<td[^>]*>)(\d{1,6})(\r?\n|<\/td>)/g, (m, a: string, n: string, b: string) =>
    rand() < 0.5 ? `${a}${Math.max(1, Math.round(Number(n) * (0.5 + rand())))}${b}` : m);
  const tail = `附件编号：BENCH-${i}`;
  return html ? varied.replace(/<\/body>/i, `<p>${tail}</p></body>`) : `${varied}\n${tail}\n`;
}

/** A zip with a distinct archive comment: same content, different bytes. */
function varyZip(zip: Buffer, i: number): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) return zip;
  const comment = Buffer.from(`bench ${i}`);
  const head = Buffer.from(zip.subarray(0, end + 22));
  head.writeUInt16LE(comment.length, end + 20);
  return Buffer.concat([head, comment]);
}

/** A PDF with a comment after %%EOF: readers ignore it, the hash changes. */
function varyPdf(pdf: Buffer, i: number): Buffer {
  return Buffer.concat([pdf, Buffer.from(`\n%bench ${i}\n`)]);
}

/**
 * A text source as UTF-8, whatever it was written in: the GB18030 fixtures decoded as such (read
 * as UTF-8 they would make undecodable files, cheap failures that inflate the rate), and an HTML
 * page's charset declaration made to say what the bytes now are.
 */
function asUtf8(src: Buffer, html: boolean): string {
  const decoded = decodeText(src);
  if (!decoded.ok) throw new Error(`bench source does not decode: ${decoded.error}`);
  return html ? decoded.text.replace(/(<meta[^>]*charset\s*=\s*["']?)[\w-]+/i, '$1utf-8') : decoded.text;
}

export function formatOfPath(path: string): BenchFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.txt') return 'txt';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.docx') return 'docx';
  if (ext === '.pdf') return 'pdf';
  return null;
}

/**
 * Write `count` tenders of one format into `dir`, cycling through `sources` of that format.
 * Returns the paths written.
 */
export function writeSynthetic(sources: string[], format: BenchFormat, dir: string, count: number, seed = 1): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const inputs = sources.filter((s) => formatOfPath(s) === format).map((s) => readFileSync(s));
  if (!inputs.length) return [];
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = inputs[i % inputs.length];
    const bytes = format === 'docx' ? varyZip(src, i)
      : format === 'pdf' ? varyPdf(src, i)
      : Buffer.from(varyText(asUtf8(src, format === 'html'), i, rand, format === 'html'), 'utf8');
    const file = join(dir, `tender-${String(i).padStart(6, '0')}.${format}`);
    writeFileSync(file, bytes);
    files.push(file);
  }
  return files;
}
