// Worker-thread entry: parses one file per message, so one file's CPU work never blocks the
// others and its memory dies with the worker if it blows up.
import { parentPort } from 'node:worker_threads';
import { processBytes, type ProcessOptions } from './run.js';

export interface Task { id: number; bytes: Uint8Array; path: string; source: string; opts: ProcessOptions }

parentPort?.on('message', async (task: Task) => {
  const records = await processBytes(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), task.path, task.source, task.opts);
  parentPort!.postMessage({ id: task.id, records });
});
