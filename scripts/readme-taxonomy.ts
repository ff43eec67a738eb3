// Rewrites the taxonomy reference in README.md from the rules (pipeline/taxonomy.ts), so the
// reference is never out of date: test/taxonomy.test.ts fails when it is.
//
//   npx tsc -p tsconfig.build.json && node dist/scripts/readme-taxonomy.js
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { taxonomyTable } from '../pipeline/taxonomy.js';
import { SERVICES } from '../schemas/records.js';
import { repoRoot } from './make-fixtures.js';

export const TAXONOMY_START = '<!-- taxonomy: written by scripts/readme-taxonomy.ts -->';
export const TAXONOMY_END = '<!-- /taxonomy -->';

/** README's text with its taxonomy section rewritten. */
export function withTaxonomy(readme: string): string {
  const a = readme.indexOf(TAXONOMY_START);
  const b = readme.indexOf(TAXONOMY_END);
  if (a < 0 || b < a) throw new Error('README.md has no taxonomy markers');
  return `${readme.slice(0, a)}${TAXONOMY_START}\n${taxonomyTable(SERVICES)}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = join(repoRoot(), 'README.md');
  writeFileSync(file, withTaxonomy(readFileSync(file, 'utf8')));
  console.log(`${file}: taxonomy rewritten`);
}
