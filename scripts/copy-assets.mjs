// The build's steps after tsc. Its non-code files, copied next to the compiled modules that read
// them (tsc copies only code): the domain dictionary ships inside dist/, found beside segment.js.
// Beside it goes the index of jieba's general dictionary, so that no run, even the first, builds
// it: a run finds it by the dictionary's digest and builds its own when the dictionary is not
// this one. Then an empty dataset to copy new ones from, and the bundle of the command
// (scripts/bundle.mjs).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = ['pipeline/dict/domain.dict.txt'];
for (const asset of ASSETS) {
  mkdirSync(dirname(join(root, 'dist', asset)), { recursive: true });
  cpSync(join(root, asset), join(root, 'dist', asset));
}

const { BUILT_INDEX_DIR, generalLexicon } = await import('../dist/pipeline/segment.js');
// Read from nowhere, so it is built afresh from the installed dictionary.
generalLexicon({ readFrom: [], writeTo: BUILT_INDEX_DIR });

// An empty dataset of the current schema, that a new dataset starts as a copy of (dataset/db.ts).
const { TEMPLATE_DIR, writeTemplate } = await import('../dist/dataset/db.js');
rmSync(TEMPLATE_DIR, { recursive: true, force: true });
await writeTemplate(TEMPLATE_DIR);

// Last, with every asset in place: the bundle copies the dictionaries beside its chunks.
const { bundle } = await import('./bundle.mjs');
await bundle();
