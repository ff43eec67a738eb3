// What makes a generated fixture the same bytes each time it is made, so that regenerating one
// shows in `git diff` only where its content changed. The tools stamp files with the time they
// were made: the docx package (docProps/core.xml and every zip entry), LibreOffice (a PDF's
// /CreationDate and the /ID computed from it), qpdf (a new /ID per run).
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { Packer, type Document } from 'docx';

/** The time every generated fixture says it was made. */
export const FIXTURE_TIME = new Date('2026-01-01T00:00:00Z');

/**
 * `make` run with the clock stopped at FIXTURE_TIME. The docx package and the JSZip inside it
 * call `new Date()` for core.xml and the entries' times and take no date of ours.
 */
export async function atFixtureTime<T>(make: () => Promise<T>): Promise<T> {
  const RealDate = globalThis.Date;
  const fixed = FIXTURE_TIME.getTime();
  class FixtureDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length) super(...(args as [string]));
      else super(fixed);
    }
    static override now(): number {
      return fixed;
    }
  }
  globalThis.Date = FixtureDate as DateConstructor;
  try {
    return await make();
  } finally {
    globalThis.Date = RealDate;
  }
}

/**
 * The bytes of the Word document `build` makes, stamped with FIXTURE_TIME; `overrides` replace
 * parts the package writes (word/document.xml). A Document takes its created and modified times
 * when it is constructed, so it is built here, under the stopped clock, not handed in.
 */
export function docxOf(build: () => Document, overrides?: { path: string; data: string }[]): Promise<Buffer> {
  return atFixtureTime(() => Packer.toBuffer(build(), false, overrides));
}

const PDF_DATE = `D:${FIXTURE_TIME.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;

/**
 * A PDF as LibreOffice printed it, with its time of printing (/CreationDate, /ModDate) set to
 * FIXTURE_TIME, and its /ID and /DocChecksum, which LibreOffice computes with that time, set to a
 * hash of the rest. LibreOffice has no option for either (it ignores SOURCE_DATE_EPOCH). All are
 * rewritten in place at the same length, so the cross-reference offsets stay right.
 */
export function stablePdf(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1')
    .replace(/(\/(?:CreationDate|ModDate)\s*\()D:\d{14}/g, (_m, key: string) => `${key}${PDF_DATE}`);
  // The hex digits of /ID [<…> <…>] and /DocChecksum /…, the parts that hold the time.
  const STAMPS = /(\/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)|(\/DocChecksum\s*\/)([0-9A-Fa-f]+)/g;
  const blank = text.replace(STAMPS, (m) => m.replace(/(?<=[<\/])[0-9A-Fa-f]{8,}/g, (h) => '0'.repeat(h.length)));
  const digest = createHash('md5').update(Buffer.from(blank, 'latin1')).digest('hex').toUpperCase();
  const fit = (n: number) => digest.repeat(Math.ceil(n / digest.length)).slice(0, n);
  const out = Buffer.from(blank.replace(STAMPS, (m) => m.replace(/(?<=[<\/])0{8,}/g, (z) => fit(z.length))), 'latin1');
  if (out.length !== pdf.length) throw new Error('stablePdf changed the length of the PDF');
  return out;
}

/**
 * Where a generator writes: the folder after `--out` (to compare two runs without touching the
 * committed files), else the repository. The paths under it (test/fixtures/…, corpus/) are the same.
 */
export function outRoot(argv: readonly string[], repo: string): string {
  const i = argv.indexOf('--out');
  if (i < 0) return repo;
  const dir = argv[i + 1];
  if (!dir) throw new Error('--out needs a folder');
  return isAbsolute(dir) ? dir : resolve(dir);
}

/** The arguments that are not `--out DIR`. */
export function withoutOut(argv: readonly string[]): string[] {
  const i = argv.indexOf('--out');
  return i < 0 ? [...argv] : [...argv.slice(0, i), ...argv.slice(i + 2)];
}
