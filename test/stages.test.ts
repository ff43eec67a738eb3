// Where the time goes: TENDER_STAGE_TIMES, and the one memo the stages share.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonl, SEEDS, tender } from './helpers.js';
import { memo, memoOf, MEMO_KEY_CHARS } from '../pipeline/memo.js';
import { regionOf } from '../pipeline/facts/region.js';
import { timed } from '../pipeline/stages.js';

const dir = mkdtempSync(join(tmpdir(), 'tender-stages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TENDER_STAGE_TIMES', () => {
  it('writes each stage\'s milliseconds, summed over the workers, as one flat JSON object', () => {
    const file = join(dir, 'times.json');
    const r = tender(['extract', ...SEEDS, 'test/fixtures/html/charset-gbk.html', '--out', join(dir, 'out'), '--no-db', '--quiet', '--concurrency', '2'], process.cwd(), { ...process.env, TENDER_STAGE_TIMES: file });
    expect(r.status).toBe(0);
    expect(jsonl(join(dir, 'out', 'documents.jsonl'))).toHaveLength(3);
    const times = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Every file is read, has facts and tables, items and their service, is validated and sent back.
    for (const stage of ['read', 'facts', 'tables', 'items', 'taxonomy', 'segment', 'specs', 'validate', 'records', 'message']) {
      expect(times[stage], stage).toEqual(expect.any(Number));
      expect(times[stage] as number, stage).toBeGreaterThanOrEqual(0);
    }
    expect(Object.values(times).every((v) => typeof v === 'number')).toBe(true);
  });

  it('leaves the stages as they are when unset: no clock is read', () => {
    const f = (a: number) => a + 1;
    expect(process.env.TENDER_STAGE_TIMES).toBeUndefined();
    expect(timed('tables', f)).toBe(f);
  });
});

describe('memo', () => {
  it('works a string out once, a text longer than the bound each time', () => {
    let calls = 0;
    const len = memo((s: string) => { calls++; return s.length; });
    expect([len('内存'), len('内存')]).toEqual([2, 2]);
    expect(calls).toBe(1);
    const long = 'x'.repeat(MEMO_KEY_CHARS + 1);
    expect([len(long), len(long)]).toEqual([MEMO_KEY_CHARS + 1, MEMO_KEY_CHARS + 1]);
    expect(calls).toBe(3);
  });

  it('remembers a result that is undefined or null as a result', () => {
    let calls = 0;
    const none = memo((_s: string) => { calls++; return null; });
    none('a');
    none('a');
    expect(calls).toBe(1);
  });

  it('starts afresh when full', () => {
    let calls = 0;
    const id = memo((s: string) => { calls++; return s; }, 2);
    id('a'); id('b'); id('c'); id('a');
    expect(calls).toBe(4);
  });

  it('works an object out once while it lives (memoOf)', () => {
    let calls = 0;
    const rows = memoOf((t: { rows: string[] }) => { calls++; return t.rows.length; });
    const table = { rows: ['1', '2'] };
    expect([rows(table), rows(table), rows({ rows: [] })]).toEqual([2, 2, 0]);
    expect(calls).toBe(2);
  });
});

describe('region by the gazetteer, read in one walk', () => {
  it('takes the longest name that starts at a place (滨海新区 over 滨海, 吉林省 over 吉林)', () => {
    expect(regionOf(['天津市滨海新区政务服务办公室'])).toEqual({ province: '天津市', city: '天津市' });
    expect(regionOf(['吉林省吉林市财政局'])).toEqual({ province: '吉林省', city: '吉林市' });
  });

  it('goes on after a short form inside another word (杭州路 in a Shanghai address)', () => {
    expect(regionOf(['地址：杭州路100号，上海市杨浦区'])).toEqual({ province: '上海市', city: '上海市' });
  });
});
