// Where a run's time goes, stage by stage, for the benchmark: with TENDER_STAGE_TIMES=FILE set,
// `tender extract` writes to FILE a flat JSON object of stage name → milliseconds, summed over
// all workers. Unset, `timed` hands back the function itself: no clock is read at all.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const FILE = process.env.TENDER_STAGE_TIMES || null;

export const stageTimesOn = FILE !== null;

export type StageTimes = Record<string, number>;

let totals: StageTimes = {};
let current: string | null = null;
let since = 0;

/** Charge the time since the last switch to the stage running, so nested stages count once. */
function charge(now: number): void {
  if (current !== null) totals[current] = (totals[current] ?? 0) + (now - since);
  since = now;
}

/**
 * `fn` counted as stage `name`: its own time only, the stages it calls counted as theirs
 * (items calls taxonomy; taxonomy's time is not items'). Synchronous functions only.
 */
export function timed<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R {
  if (!stageTimesOn) return fn;
  return (...args: A): R => {
    charge(performance.now());
    const outer = current;
    current = name;
    try {
      return fn(...args);
    } finally {
      charge(performance.now());
      current = outer;
    }
  };
}

/** The times counted in this process since the last call, and a fresh count. */
export function takeStageTimes(): StageTimes {
  const t = totals;
  totals = {};
  return t;
}

/** Add times counted elsewhere (a worker's, with its result). */
export function addStageTimes(times: StageTimes | undefined): void {
  if (!times) return;
  for (const [k, ms] of Object.entries(times)) totals[k] = (totals[k] ?? 0) + ms;
}

let reporting = false;

/** Write the run's times to TENDER_STAGE_TIMES when this process ends (the main process calls this once). */
export function reportStageTimesAtExit(): void {
  if (!FILE || reporting) return;
  reporting = true;
  process.on('exit', () => {
    const out: StageTimes = {};
    for (const [k, ms] of Object.entries(totals)) out[k] = Math.round(ms * 10) / 10;
    try {
      writeFileSync(FILE, JSON.stringify(out) + '\n');
    } catch (e) {
      process.stderr.write(`tender: cannot write TENDER_STAGE_TIMES file ${FILE}: ${(e as Error).message}\n`);
    }
  });
}
