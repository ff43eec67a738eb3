// Worker-process entry: parses one file per message. Each worker is a process of its own, so
// a file that hangs or swells in native code (jieba, onnxruntime, pdf.js's decoders) is ended
// with the process — a thread could not be stopped there — and its resident memory is its own.
import { performance } from 'node:perf_hooks';
import { processBytes, type ProcessOptions } from './run.js';
import type { Records } from '../pipeline/document.js';
import { stageTimesOn, takeStageTimes, type StageTimes } from '../pipeline/stages.js';

export interface Task { id: number; bytes: Uint8Array; path: string; source: string; opts: ProcessOptions }

/** A page of OCR starting: the pool extends the file's time limit by the page's and shows it. */
export interface OcrProgress { id: number; ocr: { done: number; total: number } }

/** A file's records; with TENDER_STAGE_TIMES, the file's stage times and when the message left (epoch ms). */
export interface Done { id: number; records: Records; stages?: StageTimes; sentAt?: number }

const send = (msg: unknown) => process.send?.(msg);

process.on('message', async (task: Task) => {
  const opts = task.opts.ocr ? { ...task.opts, ocr: { ...task.opts.ocr, onPage: (done: number, total: number) => send({ id: task.id, ocr: { done, total } }) } } : task.opts;
  const bytes = Buffer.isBuffer(task.bytes) ? task.bytes : Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  if (!stageTimesOn) return send({ id: task.id, records: await processBytes(bytes, task.path, task.source, opts) } satisfies Done);
  const started = performance.now();
  const records = await processBytes(bytes, task.path, task.source, opts);
  const stages = takeStageTimes();
  // What the pipeline's stages did not count is the reader's (and the registry's) time.
  stages.read = performance.now() - started - Object.values(stages).reduce((a, b) => a + b, 0);
  send({ id: task.id, records, stages, sentAt: performance.timeOrigin + performance.now() } satisfies Done);
});
// pdf.js, recovering a broken cross-reference table, can leave a promise rejected with no one
// waiting on it; the file it belonged to has already failed or been read. Left alone, Node ends
// the process, and with it whatever other file this worker was reading.
process.on('unhandledRejection', () => undefined);
// The pool going away (a killed run) takes its workers with it; exiting ends their conversions.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(143));
