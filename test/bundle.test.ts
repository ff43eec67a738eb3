// bin/tender.js runs the bundle of the compiled modules only when it is at least as new as them:
// a tsc run alone (dist/cli/ newer) is run as compiled, never shadowed by an older bundle.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A package with bin/tender.js and a main that says which it is. */
function fakeBuild(which: ('cli' | 'bundle')[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tender-bundle-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync('bin/tender.js', join(root, 'bin/tender.js'));
  writeFileSync(join(root, 'package.json'), '{"type": "module"}');
  for (const w of which) {
    mkdirSync(join(root, 'dist', w), { recursive: true });
    writeFileSync(join(root, 'dist', w, 'main.js'), `export async function main() { process.stdout.write('${w}'); return 0; }\n`);
  }
  return root;
}
const run = (root: string) => spawnSync(process.execPath, [join(root, 'bin/tender.js')], { encoding: 'utf8' });
const at = (root: string, w: string, seconds: number) => utimesSync(join(root, 'dist', w, 'main.js'), seconds, seconds);

describe('which build bin/tender.js runs', () => {
  it('the bundle when it is as new as the compiled modules or newer', () => {
    const root = fakeBuild(['cli', 'bundle']);
    at(root, 'cli', 1_000_000);
    at(root, 'bundle', 1_000_000);
    expect(run(root).stdout).toBe('bundle');
    at(root, 'bundle', 1_000_001);
    expect(run(root).stdout).toBe('bundle');
  });

  it('the compiled modules when they are newer than the bundle, or there is none', () => {
    const root = fakeBuild(['cli', 'bundle']);
    at(root, 'cli', 1_000_001);
    at(root, 'bundle', 1_000_000);
    expect(run(root).stdout).toBe('cli');
    expect(run(fakeBuild(['cli'])).stdout).toBe('cli');
  });

  it('is built with the modules, the pool\'s worker and the dictionaries beside them', () => {
    for (const f of ['main.js', 'worker.js', 'dict/domain.dict.txt']) expect(existsSync(join('dist/bundle', f)), f).toBe(true);
  });
});
