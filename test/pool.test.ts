// The worker pool: files read in worker processes, a worker that has grown replaced between files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../runtime/pool.js';
import { docIdOf, processBytes } from '../runtime/run.js';
import { SEEDS } from './helpers.js';

describe('worker pool', () => {
  it('retires a worker past its recycle mark between files, and the records are those read in-process', async () => {
    const pool = new WorkerPool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 2048, recycleMb: 1 });
    try {
      for (const path of [...SEEDS, SEEDS[0]!]) {
        const bytes = readFileSync(path);
        const got = await pool.run(Buffer.from(bytes), path, path, docIdOf(bytes));
        const want = await processBytes(Buffer.from(bytes), path, path);
        expect(got.document.status).toBe('ok');
        expect(got.items).toEqual(want.items);
        expect(got.document).toEqual(want.document);
      }
      // Every worker is over 1 MB: each file was read by a fresh one.
      expect(pool.retired).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('keeps a worker under its mark for the next file', async () => {
    const pool = new WorkerPool({ size: 1, timeoutMs: 60_000, maxMemoryMb: 2048, recycleMb: 2048 });
    try {
      for (const path of SEEDS) await pool.run(readFileSync(path), path, path, docIdOf(readFileSync(path)));
      expect(pool.retired).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
