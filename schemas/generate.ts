// Writes schemas/json/*.schema.json; test/schemas.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemas } from './json-schema.js';

const here = dirname(fileURLToPath(import.meta.url));
// Runs from dist/schemas/ after a build, or from schemas/ under a TS runner.
const target = join(here, here.includes(`${'dist'}`) ? '../../schemas/json' : 'json');
mkdirSync(target, { recursive: true });
for (const [file, text] of Object.entries(jsonSchemas())) writeFileSync(join(target, file), text);
console.log(`wrote ${Object.keys(jsonSchemas()).length} schemas to ${target}`);
