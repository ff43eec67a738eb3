// Writes the DOCX and HTML test fixtures (they are committed; CI never regenerates them):
//   npx tsc -p tsconfig.build.json && node dist/scripts/make-fixtures.js [--out DIR]
// The same model gives the same bytes (scripts/fixture-bytes.ts); the legacy .doc too, as LibreOffice
// takes its dates from the DOCX's core.xml.
//
// Seeds: each TXT seed tender read by the project's own TXT reader, its model written as DOCX
// and as HTML with the merges the TXT reader resolved made real (an empty cell under a filled
// one in the leading columns is a vertical merge; a one-cell row spans the table), so the
// three formats of one tender must give the same items. Features: test/fixtures/docx and test/fixtures/html.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Block } from '../extractors/model.js';
import { decodeText } from '../extractors/decode.js';
import { findSoffice } from '../extractors/legacy/reader.js';
import { parseTxt } from '../extractors/txt/reader.js';
import { docxBytes, featureDocx, wordContent, wordDocument } from './docx-fixtures.js';
import { encodeGbk, featureHtml, htmlPage } from './html-fixtures.js';
import { outRoot, stablePdf } from './fixture-bytes.js';

export const SEEDS = ['000_039f6a7fe7b5dcbb', '003_a46c9a722c1cc422'];

/** The repository root: the nearest folder up with a package.json (from scripts/ or dist/scripts/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('no package.json above the script');
    dir = up;
  }
  return dir;
}

/** A DOCX printed to PDF by LibreOffice, with a profile of its own (a LibreOffice someone else runs does not swallow the job), its time of printing fixed. */
export function toPdf(docxPath: string, outDir: string): string {
  const profile = `file://${join(outDir, 'lo-profile')}`;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, docxPath], { stdio: 'pipe', timeout: 180_000 });
  const pdf = join(outDir, basename(docxPath).replace(/\.docx$/, '.pdf'));
  if (!existsSync(pdf)) throw new Error(`LibreOffice made no PDF of ${docxPath}`);
  writeFileSync(pdf, stablePdf(readFileSync(pdf)));
  return pdf;
}

export async function seedBlocks(root: string, stem: string): Promise<Block[]> {
  const decoded = decodeText(await readFile(join(root, 'corpus', `${stem}.txt`)));
  if (!decoded.ok) throw new Error(`${stem}.txt: ${decoded.error}`);
  return parseTxt(decoded.text).blocks;
}

/**
 * A legacy Word .doc of a DOCX, made by LibreOffice by way of ODT (its direct DOCX-to-DOC
 * export drops tables the docx package writes). Only where soffice is installed; the .doc is
 * committed, so CI needs no LibreOffice.
 */
async function legacyDoc(docx: string, doc: string): Promise<boolean> {
  const soffice = findSoffice();
  if (!soffice) return false;
  const dir = await mkdtemp(join(tmpdir(), 'tender-fixture-'));
  try {
    const run = (to: string, file: string) =>
      execFileSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', to, '--outdir', dir, file], { stdio: 'ignore', timeout: 180_000 });
    await copyFile(docx, join(dir, 'legacy.docx'));
    run('odt', join(dir, 'legacy.docx'));
    run('doc', join(dir, 'legacy.odt'));
    await copyFile(join(dir, 'legacy.doc'), doc);
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const out = (...p: string[]) => join(outRoot(process.argv.slice(2), root), 'test', 'fixtures', ...p);
  for (const dir of ['seeds', 'docx', 'html']) await mkdir(out(dir), { recursive: true });

  for (const [i, stem] of SEEDS.entries()) {
    const blocks = await seedBlocks(root, stem);
    const first = blocks.find((b) => b.type === 'paragraph');
    const title = first?.type === 'paragraph' ? first.text : stem;
    await writeFile(out('seeds', `${stem}.docx`), await docxBytes(() => wordDocument(wordContent(blocks))));
    // One seed page is UTF-8, the other GBK, as sites publish both.
    const html = i === 0 ? Buffer.from(htmlPage(blocks, 'utf-8', title), 'utf8') : encodeGbk(htmlPage(blocks, 'gb2312', title));
    await writeFile(out('seeds', `${stem}.html`), html);
  }
  for (const [name, bytes] of Object.entries(await featureDocx())) await writeFile(out('docx', name), bytes);
  for (const [name, bytes] of Object.entries(featureHtml())) await writeFile(out('html', name), bytes);
  if (!(await legacyDoc(out('docx', 'merged-cells.docx'), out('docx', 'merged-cells.doc')))) {
    process.stdout.write('soffice not on PATH: test/fixtures/docx/merged-cells.doc kept as it is\n');
  }
  process.stdout.write(`fixtures written under ${resolve(out())}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
