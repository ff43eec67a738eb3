#!/usr/bin/env node
// The CLI runs from the compiled build (npm install runs `prepare`, which builds dist/).
import { main } from '../dist/cli/main.js';

// `tender query … | head`: the reader has gone, so stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e?.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`tender: internal error: ${e?.stack ?? e}\n`); process.exitCode = 70; },
);
