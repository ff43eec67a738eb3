#!/usr/bin/env node
// The CLI runs from the compiled build (npm install runs `prepare`, which builds dist/).
import { statSync } from 'node:fs';
import module from 'node:module';

// Compiling the modules is a good part of a small run's start-up. Node 22.1+ can keep the
// compiled code on disk (in $NODE_COMPILE_CACHE, else the temp folder; a folder it cannot write
// only means no cache); Node 20 has no such thing and compiles every time. The modules must be
// imported after this, so main is imported below rather than at the top.
module.enableCompileCache?.();

// `tender query … | head`: the reader has gone, so stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e?.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

// The bundle of the compiled modules (scripts/bundle.mjs) loads in a fraction of their time; it is
// taken only when it is at least as new as them, so a tsc run alone is never shadowed by an older one.
const builtAt = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const BUNDLE = '../dist/bundle/main.js';
const COMPILED = '../dist/cli/main.js';
const { main } = await import(builtAt(BUNDLE) >= builtAt(COMPILED) && builtAt(BUNDLE) > 0 ? BUNDLE : COMPILED);
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`tender: internal error: ${e?.stack ?? e}\n`); process.exitCode = 70; },
);
