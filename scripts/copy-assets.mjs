// The build's non-code files, copied next to the compiled modules that read them (tsc copies
// only code): the domain dictionary ships inside dist/, found beside segment.js.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = ['pipeline/dict/domain.dict.txt'];
for (const asset of ASSETS) {
  mkdirSync(dirname(join(root, 'dist', asset)), { recursive: true });
  cpSync(join(root, asset), join(root, 'dist', asset));
}
