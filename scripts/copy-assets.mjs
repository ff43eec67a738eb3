// The build's steps after tsc. Its non-code files, copied next to the compiled modules that read
// them (tsc copies only code): the domain dictionary ships inside dist/, found beside segment.js.
// Beside it goes the index of jieba's general dictionary, so that no run, even the first, builds
// it: a run finds it by the dictionary's digest and builds its own when the dictionary is not
// this one. Then the bundle of the command (scripts/bundle.mjs).
import { cpSync, mkdirSync } from 'node:fs';
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

// Last, with every asset in place: the bundle copies the dictionaries beside its chunks.
const { bundle } = await import('./bundle.mjs');
await bundle();
