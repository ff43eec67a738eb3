// The flags of the commands that read files (extract, worker): how many at once, and each
// file's limits of time, memory and size, and OCR. One reading, so the two say the same.
import { availableParallelism } from 'node:os';
import type { OcrMode } from '../extractors/model.js';
import { DEFAULT_MAX_MEMORY_MB } from '../runtime/pool.js';
import { intFlag, numberFlag, UsageError, type Parsed } from './args.js';

export const OCR_MODES: readonly OcrMode[] = ['auto', 'off', 'force'];

/** Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function secondsFlag(flags: Parsed['flags'], name: string, dflt: number): number {
  const ms = Math.round(numberFlag(flags, name, dflt) * 1000);
  if (ms > MAX_TIMER_MS) throw new UsageError(`--${name} must be at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds, got "${String(flags[name])}"`);
  return Math.max(1, ms);
}

export interface ReadingLimits {
  concurrency: number;
  timeoutMs: number;
  maxMemoryMb: number;
  maxFileBytes: number;
  ocrMode: OcrMode;
  ocrTimeoutMs: number;
}

export function readingFlags(flags: Parsed['flags']): ReadingLimits {
  const ocrMode = (flags.ocr ?? 'auto') as string;
  if (!OCR_MODES.includes(ocrMode as OcrMode)) throw new UsageError(`--ocr must be one of ${OCR_MODES.join(', ')}, got "${ocrMode}"`);
  return {
    concurrency: intFlag(flags, 'concurrency', Math.max(1, availableParallelism())),
    timeoutMs: secondsFlag(flags, 'timeout', 60),
    maxMemoryMb: intFlag(flags, 'max-memory', DEFAULT_MAX_MEMORY_MB, 128),
    maxFileBytes: intFlag(flags, 'max-file-mb', 200) * 1024 * 1024,
    ocrMode: ocrMode as OcrMode,
    ocrTimeoutMs: secondsFlag(flags, 'ocr-timeout', 60),
  };
}
