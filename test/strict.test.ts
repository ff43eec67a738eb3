// pipeline/ compiles with noUncheckedIndexedAccess (tsconfig.pipeline.json): an index or a capture
// group read there is either proven present or handled. The files it imports from extractors/ are
// checked by that config too, but only pipeline/'s count.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('pipeline/ under noUncheckedIndexedAccess', () => {
  it('has no unchecked index', () => {
    const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.pipeline.json'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stderr).not.toMatch(/error|cannot find/i);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('pipeline/'));
    expect(errors).toEqual([]);
  }, 180_000);
});
