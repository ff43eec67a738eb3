// @duckdb/node-api, required rather than imported. It is CommonJS re-exporting some seventy
// files, and Node's ESM loader runs its export scanner (cjs-module-lexer) over each of them to
// find named exports: an `import` of it costs about three times a plain require. Types come
// from the package as usual (`import type`), values from here.
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

export const duckdb: typeof DuckDB = createRequire(import.meta.url)('@duckdb/node-api');
