// Word segmentation behind one small interface, so the engine can be swapped.
// @node-rs/jieba is prebuilt (nodejieba's plain npm install compiles C++ and fails on a
// fresh machine) and loaded once per process with our domain dictionary on top.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analysed } from './text.js';
import { memo } from './memo.js';

let jieba: Jieba | null = null;

/** The domain dictionary: one word per line (optionally "word freq tag"), `#` comments. */

function domainDict(): Buffer {
  const lines = readFileSync(domainDictPath(), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    // jieba's dictionary format is "word freq tag" with no spaces inside the word; a high
    // frequency makes our terms win over the general dictionary's splits.
    .map((l) => (/\s\d+(\s\w+)?$/.test(l) ? l : `${l.replace(/\s+/g, '')} 50000 n`));
  return Buffer.from(lines.join('\n') + '\n');
}

/** Beside this module: in the source tree, and in dist/, where the build copies it (scripts/copy-assets.mjs). */
const DOMAIN_DICT = new URL('./dict/domain.dict.txt', import.meta.url);
const domainDictPath = () => fileURLToPath(DOMAIN_DICT);

function engine(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    j.loadDict(domainDict());
    jieba = j;
  }
  return jieba;
}

const PUNCTUATION = /^[\p{P}\p{S}\s]+$/u;
// Cell texts repeat across rows and documents (内存, 1 GB, 计算服务): cut each text once.
const cut = memo((text: string) => engine().cut(text, true).map((t) => t.trim()).filter((t) => t && !PUNCTUATION.test(t)));

/** Words of `text`, without whitespace and punctuation tokens. */
export function segment(whole: string): string[] {
  const text = analysed(whole);
  return text.trim() ? [...cut(text)] : [];
}
