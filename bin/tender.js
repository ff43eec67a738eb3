#!/usr/bin/env node
// The CLI runs from the compiled build (npm install runs `prepare`, which builds dist/).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`tender: internal error: ${e?.stack ?? e}\n`); process.exitCode = 70; },
);
