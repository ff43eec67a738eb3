// The command's modules bundled, for its start-up (issue 17, goal 6). Node 20 resolves, reads and
// compiles each ES module on its own, and keeps no compiled code between runs: a small file's
// `tender extract` loads some 170 modules, 95 of them zod's, and a third of its time before the
// dataset load went there. The compiled dist/ is bundled after tsc into dist/bundle/: the CLI
// (main) and the worker process (worker), our modules and the pure-JS packages every run loads
// (BUNDLED); every other package stays a package, loaded where it was (native code, and what the
// readers load on use). Each dynamic import stays its own chunk, so what loaded on use still does.
//
// The chunks live side by side in dist/bundle/, where the modules' paths relative to themselves
// still hold: ./worker.js (the pool's worker), ../../package.json (the version) and ./dict/
// (the segmenter's dictionaries, copied here). bin/tender.js takes the bundle only when it is at
// least as new as dist/cli/main.js, so a tsc run alone is never shadowed by an older bundle.
//
// The bundler is rolldown, a dev dependency; an install without it (--omit=dev) builds no bundle
// and the command runs the compiled modules as they are.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const OUT = join(dist, 'bundle');
const ENTRIES = { main: join(dist, 'cli/main.js'), worker: join(dist, 'runtime/worker.js') };
/** Packages bundled: pure JS that every run loads. Any other package is imported from node_modules as before. */
const BUNDLED = ['zod', 'commander', 'p-limit', 'yocto-queue'];

/**
 * Packages bundled into the chunk that loads them on use: @duckdb/node-api's JavaScript is some
 * seventy CommonJS files, whose resolving, reading and compiling one by one cost more than the
 * native library they wrap (85 ms against 50 ms bundled). Its native part stays a package.
 */
const ON_USE = ['@duckdb/node-api'];
/** dataset/duckdb.js requires the package (see there why); in the bundle it is imported, and so bundled. */
const DUCKDB_MODULE = join(dist, 'dataset/duckdb.js');
const importDuckdb = {
  name: 'import-duckdb',
  load(id) {
    if (id === DUCKDB_MODULE) return `import * as duckdb from '@duckdb/node-api';\nexport { duckdb };\n`;
  },
};

const packageOf = (id) => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !BUNDLED.includes(packageOf(id)) && !ON_USE.includes(packageOf(id));

export async function bundle() {
  let rolldown;
  try {
    ({ rolldown } = await import('rolldown'));
  } catch {
    rmSync(OUT, { recursive: true, force: true });
    process.stderr.write('build: rolldown not installed, no bundle (the command runs dist/ as compiled)\n');
    return false;
  }
  // Built beside and renamed into place: a bundle half written is never taken.
  const tmp = `${OUT}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const build = await rolldown({ input: ENTRIES, platform: 'node', external, plugins: [importDuckdb], logLevel: 'warn' });
    await build.write({ dir: tmp, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
    await build.close();
    mkdirSync(join(tmp, 'dict'), { recursive: true });
    cpSync(join(dist, 'pipeline/dict'), join(tmp, 'dict'), { recursive: true });
    rmSync(OUT, { recursive: true, force: true });
    renameSync(tmp, OUT);
    return true;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(OUT, { recursive: true, force: true });
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && existsSync(ENTRIES.main)) await bundle();
