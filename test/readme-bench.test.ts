// The bench's result formatting and the README table made from it (the bench itself runs
// outside the tests: `npm run bench`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeLines, markdownTable, parseStageTimes, stageShares, textTable, type BenchLine, type BenchResult } from '../bench/report.js';
import { memoryLine } from '../bench/memory.js';
import { BENCH_END, BENCH_START, benchSection, withBench } from '../scripts/readme-bench.js';

const pdf: BenchLine = {
  id: 'pdf-seeds', work: '42 seed PDFs (816 pages), 2 workers', tender: '130 pages/s', baseline: 'pdftotext -layout, 2 processes: 410 pages/s',
  ratio: 3.15, ratioText: '3.15× slower', goal: '≤ 2.5× slower', pass: false,
};
const startup: BenchLine = {
  id: 'startup', work: 'one 3.0 KB TXT, start to end (7 runs)', tender: '0.25 s', baseline: 'node -e 0: 0.09 s',
  ratio: 2.8, ratioText: '2.80×', goal: '≤ 3×', pass: true,
};
const plumber: BenchLine = {
  id: 'pdf-pdfplumber', work: '8 real PDFs (479 pages), 2 workers', tender: 'skipped: pdfplumber not installed', baseline: 'pdfplumber extract_tables()',
  ratio: null, ratioText: '-', goal: '≥ 4× faster', pass: null,
};
const result: BenchResult = {
  date: '2026-03-02T10:00:00.000Z', node: 'v20.20.2', cores: 2, workers: 2, runs: 3, lines: [pdf, plumber, startup],
  stages: { txt: { work: '1,000 TXT × 3 runs', ms: { tables: 300, read: 100, facts: 600 }, workerSeconds: 2 }, html: null },
  memory: [{ docs: 1000, peakMb: 480, seconds: 10, mib: 2.4 }, { docs: 10000, peakMb: 500, seconds: 80, mib: 24 }],
};

describe('the bench result as tables', () => {
  it('writes the README section: where it ran, one row per goal with ✓, ✗ or – for not measured, the stage shares, the memory sizes', () => {
    expect(benchSection(result)).toBe([
      'Measured 2026-03-02 on a 2-core machine shared with other work, Node v20.20.2, 2 workers; each figure the median of 3 paired runs, whole processes, start-up included; the ratio is the median of the pairs\' own ratios, so on a busy machine it can differ from the ratio of the two medians.',
      '',
      '| work | tender | baseline | ratio | goal | met |',
      '|---|---|---|---|---|---|',
      '| 42 seed PDFs (816 pages), 2 workers | 130 pages/s | pdftotext -layout, 2 processes: 410 pages/s | 3.15× slower | ≤ 2.5× slower | ✗ |',
      '| 8 real PDFs (479 pages), 2 workers | skipped: pdfplumber not installed | pdfplumber extract_tables() | - | ≥ 4× faster | – |',
      '| one 3.0 KB TXT, start to end (7 runs) | 0.25 s | node -e 0: 0.09 s | 2.80× | ≤ 3× | ✓ |',
      '',
      '- stage shares (TXT, 1,000 TXT × 3 runs): facts 60%, tables 30%, read 10% (the stages account for 50% of worker time)',
      '- stage shares (HTML): not available',
      '- memory: 1,000 documents 480 MB (100 docs/s); 10,000 documents 500 MB (125 docs/s)',
    ].join('\n'));
  });

  it('says how busy the machine was when the result records it', () => {
    expect(benchSection({ ...result, load: 13.64 }).split('\n')[0]).toMatch(/^Measured 2026-03-02 on a 2-core machine shared with other work \(load average 13\.6\), Node v20\.20\.2, 2 workers;/);
  });

  it('rewrites only what stands between the markers, and says so when they are missing', () => {
    const readme = `# t\n\n## Performance\n\nintro\n\n${BENCH_START}\nold table\n${BENCH_END}\n\nafter\n`;
    const out = withBench(readme, result);
    expect(out.startsWith(`# t\n\n## Performance\n\nintro\n\n${BENCH_START}\nMeasured 2026-03-02`)).toBe(true);
    expect(out.endsWith(`| ✓ |\n\n- stage shares (TXT, 1,000 TXT × 3 runs): facts 60%, tables 30%, read 10% (the stages account for 50% of worker time)\n- stage shares (HTML): not available\n- memory: 1,000 documents 480 MB (100 docs/s); 10,000 documents 500 MB (125 docs/s)\n${BENCH_END}\n\nafter\n`)).toBe(true);
    expect(out).not.toContain('old table');
    expect(withBench(out, result)).toBe(out);
    expect(() => withBench('# no markers\n', result)).toThrow('README.md has no <!-- bench --> … <!-- /bench --> markers');
  });

  it("README.md shows the committed result's table (run npm run bench:readme after npm run bench)", () => {
    const latest = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResult;
    const readme = readFileSync('README.md', 'utf8');
    expect(withBench(readme, latest)).toBe(readme);
  });

  it('escapes a | in a Markdown cell and aligns the terminal table on display width, CJK as two columns', () => {
    expect(markdownTable([{ ...startup, work: 'a | b' }]).split('\n')[2]).toBe('| a \\| b | 0.25 s | node -e 0: 0.09 s | 2.80× | ≤ 3× | ✓ |');
    const t = textTable([{ ...startup, work: '招标 x' }, { ...startup, work: 'abcdefgh' }]).split('\n');
    expect(t[1].slice(0, t[1].indexOf('0.25 s'))).toBe('招标 x    ');
    expect(t[2].slice(0, t[2].indexOf('0.25 s'))).toBe('abcdefgh  ');
  });
});

describe('stage times from TENDER_STAGE_TIMES', () => {
  it('reads an object of milliseconds and drops what is not one', () => {
    expect(parseStageTimes('{"read": 12.5, "tables": 40, "bad": "x", "neg": -1}')).toEqual({ read: 12.5, tables: 40 });
    expect(parseStageTimes(null)).toBeNull();
    expect(parseStageTimes('not json')).toBeNull();
    expect(parseStageTimes('[1, 2]')).toBeNull();
    expect(parseStageTimes('{"read": "fast"}')).toBeNull();
  });

  it('says not available when the build wrote none, or all were zero', () => {
    expect(stageShares(null, 'TXT')).toBe('stage shares (TXT): not available');
    expect(stageShares({ work: 'x', ms: { read: 0 }, workerSeconds: 1 }, 'HTML')).toBe('stage shares (HTML): not available');
  });
});

describe('the memory line', () => {
  const point = (docs: number, peakMb: number) => ({ docs, peakMb, seconds: docs / 100, mib: docs / 400 });
  it('is met when the largest run peaks within 10% of the smallest and under 1 GB', () => {
    const l = memoryLine([point(1000, 500), point(10000, 520), point(100000, 550)], 2, true);
    expect(l).toEqual({
      id: 'memory', work: 'peak RSS, main + workers, 1,000 → 10,000 → 100,000 varied TXT/HTML, 2 workers',
      tender: '520 MB at 10,000, 550 MB at 100,000', baseline: '500 MB at 1,000', ratio: 1.1, ratioText: '1.10×', goal: '≤ 1.10× and < 1 GB', pass: true,
    });
  });
  it('fails past 10% growth, or past 1 GB even when flat, and is not judged on one size', () => {
    expect(memoryLine([point(1000, 500), point(10000, 560)], 2, true).pass).toBe(false);
    expect(memoryLine([point(1000, 1030), point(10000, 1040)], 2, false)).toMatchObject({ pass: false, work: 'peak RSS, main + workers, 1,000 → 10,000 varied TXT/HTML, 2 workers, --no-db' });
    expect(memoryLine([point(1000, 500)], 2, true).pass).toBeNull();
  });
});

describe('a narrowed run', () => {
  it('replaces its own lines and keeps the others in their place', () => {
    const newer = { ...pdf, tender: '150 pages/s' };
    const memory = { ...startup, id: 'memory' };
    expect(mergeLines([pdf, plumber, startup], [newer, memory]).map((l) => [l.id, l.tender])).toEqual([
      ['pdf-seeds', '150 pages/s'], ['pdf-pdfplumber', 'skipped: pdfplumber not installed'], ['startup', '0.25 s'], ['memory', '0.25 s'],
    ]);
  });
});
