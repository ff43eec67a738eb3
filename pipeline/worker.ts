// Worker-thread entry: parses one file per message, so one file's CPU work never blocks the
// others and its memory dies with the worker if it blows up.
import { parentPort } from 'node:worker_threads';
import { processBytes, type ProcessOptions } from './run.js';

export interface Task { id: number; bytes: Uint8Array; path: string; source: string; opts: ProcessOptions }

/** A page of OCR starting: the pool extends the file's time limit by the page's and shows it. */
export interface OcrProgress { id: number; ocr: { done: number; total: number } }

parentPort?.on('message', async (task: Task) => {
  const opts = task.opts.ocr ? { ...task.opts, ocr: { ...task.opts.ocr, onPage: (done: number, total: number) => parentPort!.postMessage({ id: task.id, ocr: { done, total } }) } } : task.opts;
  const records = await processBytes(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.path, task.source, opts);
  parentPort!.postMessage({ id: task.id, records });
});
