// A pool of worker processes that parse files, with a time limit and a memory limit per file.
// A worker that hangs is killed, one that runs out of memory (its JavaScript heap, or its whole
// resident size, native code included) or crashes is replaced; the file it held fails with the
// reason and the run goes on.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Records } from '../pipeline/document.js';
import { failedRecords } from './run.js';
import { formatOf } from '../extractors/registry.js';
import type { Done, OcrProgress, Task } from './worker.js';
import { addStageTimes, reportStageTimesAtExit, stageTimesOn } from '../pipeline/stages.js';
import type { OcrOptions } from '../extractors/model.js';
import type { ErrorKind } from '../schemas/records.js';
import { firstLine } from '../pipeline/text.js';

/**
 * The memory a worker may take by default: OCR of a scanned page (the page image, the
 * recognition models) brings a worker to about 1.4 GB; the limit leaves room above that.
 */
export const DEFAULT_MAX_MEMORY_MB = 2048;
/** A fresh worker is about 80 MB resident and levels off near 170 MB on text (WORKER_HEAP_GROWING_PERCENT); past this it has grown on what it read. */
export const DEFAULT_RECYCLE_MB = 192;
const OCR_RECYCLE_MB = 1600;
/**
 * How far V8 lets a worker's old generation grow past what survived its last full collection
 * (percent). Left to itself it settles at some four times the worker's live heap of 16 MB, and
 * takes a thousand files to get there: a worker climbed from 150 to 185 MB and a long run's memory
 * from what a short run shows. At 50 a worker held 168–174 MB through 100,000 files, in the same time.
 */
export const WORKER_HEAP_GROWING_PERCENT = 50;

export interface PoolOptions {
  size: number;
  /** Per-file wall-clock limit. */
  timeoutMs: number;
  /** Per-worker heap limit. */
  maxMemoryMb: number;
  /** Resident size past which a worker is replaced between files; DEFAULT_RECYCLE_MB unless given. */
  recycleMb?: number;
  /** OCR of pages without text, each page within its own time limit. */
  ocr?: Omit<OcrOptions, 'onPage' | 'docId'>;
  /** Told as a file's OCR goes on (for the progress line). */
  onOcr?: (source: string, done: number, total: number) => void;
}

interface Slot {
  worker: ChildProcess;
  busy: { task: Task; resolve: (r: Records) => void; timer: NodeJS.Timeout } | null;
  /** The last lines the worker wrote to stderr: V8 says there why it aborted. */
  stderr: string;
}

/**
 * End a worker: SIGTERM lets it end what it started (LibreOffice), SIGKILL follows for one
 * stuck in native code, where no handler runs.
 */
function end(worker: ChildProcess): void {
  worker.kill('SIGTERM');
  const t = setTimeout(() => worker.kill('SIGKILL'), KILL_AFTER_MS);
  t.unref();
  worker.once('exit', () => clearTimeout(t));
}
const KILL_AFTER_MS = 2000;

/** How often the pool reads its workers' resident size. */
const MEMORY_CHECK_MS = 200;
const PAGE = 4096;

/** Resident size of a process in MB (Linux /proc), or null where it cannot be read. */
export function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? (pages * PAGE) / 1048576 : null;
  } catch {
    return null;
  }
}

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  // Under a TypeScript test runner this file is the source; the worker runs from the build.
  return existsSync(fileURLToPath(here)) ? here : new URL('../dist/runtime/worker.js', import.meta.url);
}

/** Time past a page's own OCR limit before the worker is given up on (the page's limit ends it first). */
const OCR_PAGE_SLACK_MS = 5000;

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: { task: Task; resolve: (r: Records) => void }[] = [];
  private nextId = 1;
  private closed = false;

  // Workers start as work arrives: a run of one file pays for one worker's start-up.
  constructor(private readonly opts: PoolOptions) {
    reportStageTimesAtExit();
  }

  private watchdog: NodeJS.Timeout | null = null;

  private spawn(): Slot {
    // A worker's heap may not take all of its memory: native code (jieba, onnxruntime) needs room.
    const worker = fork(fileURLToPath(workerUrl()), [], {
      execArgv: [`--max-old-space-size=${this.opts.maxMemoryMb}`, `--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const slot: Slot = { worker, busy: null, stderr: '' };
    worker.stderr?.on('data', (d: Buffer) => { slot.stderr = (slot.stderr + d.toString('utf8')).slice(-2000); });
    worker.on('message', (msg: Done | OcrProgress) => {
      if (!slot.busy || slot.busy.task.id !== msg.id) return;
      if ('ocr' in msg) return this.ocrPage(slot, msg.ocr.done, msg.ocr.total);
      if (stageTimesOn) {
        addStageTimes(msg.stages);
        // Copying the records out of the worker and into this process.
        if (msg.sentAt !== undefined) addStageTimes({ message: Math.max(0, performance.timeOrigin + performance.now() - msg.sentAt) });
      }
      this.settle(slot, msg.records);
    });
    worker.on('error', (e: Error) => this.replace(slot, `parser crashed: ${firstLine(e)}`, 'internal'));
    worker.on('exit', (code, signal) => {
      if (!slot.busy) return this.drop(slot);
      // V8 aborts a process whose heap is full, after saying so on stderr.
      const oom = /heap out of memory|Allocation failed/i.test(slot.stderr);
      if (oom) this.replace(slot, `ran out of memory (over ${this.opts.maxMemoryMb} MB) while parsing`, 'too_large');
      else this.replace(slot, `parser exited unexpectedly (${signal ?? `code ${code}`})`, 'internal');
    });
    this.watch();
    return slot;
  }

  /** End any worker whose whole resident memory passes the limit: the heap limit does not see native memory. */
  private watch(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      for (const slot of [...this.slots]) {
        if (!slot.busy) continue;
        const mb = residentMb(slot.worker.pid);
        if (mb !== null && mb > this.opts.maxMemoryMb) this.replace(slot, `ran out of memory (over ${this.opts.maxMemoryMb} MB resident, --max-memory) while parsing`, 'too_large');
      }
    }, MEMORY_CHECK_MS);
    this.watchdog.unref();
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  /** OCR is slow by the page: each page that starts gets its own time, over the file's. */
  private ocrPage(slot: Slot, done: number, total: number): void {
    const busy = slot.busy!;
    this.opts.onOcr?.(busy.task.source, done, total);
    if (done >= total || !this.opts.ocr) return;
    clearTimeout(busy.timer);
    const ms = Math.max(this.opts.timeoutMs, this.opts.ocr.pageTimeoutMs + OCR_PAGE_SLACK_MS);
    busy.timer = setTimeout(() => this.replace(slot, `timed out after ${ms / 1000} s on page ${done + 1} of ${total} of OCR (--ocr-timeout)`, 'timeout'), ms);
  }

  private failure(task: Task, error: string, kind: ErrorKind): Records {
    const format = formatOf(task.path);
    return failedRecords({ doc_id: task.opts.docId!, source: task.source, format }, error, kind);
  }

  private settle(slot: Slot, records: Records): void {
    const busy = slot.busy!;
    clearTimeout(busy.timer);
    slot.busy = null;
    busy.resolve(records);
    // A worker's heap grows to what its largest file needed and V8 seldom gives it back; one grown
    // past the recycle mark is retired between files, so a long run's memory stays where it began.
    const mb = residentMb(slot.worker.pid);
    if (mb !== null && mb > this.recycleMb) this.retire(slot);
    this.pump();
  }

  /** End an idle worker; pump starts a fresh one when there is work. */
  private retire(slot: Slot): void {
    if (this.discard(slot)) this.retired++;
  }

  /** Take a slot out of the pool and end its worker, deaf to what it says from now on; false if it was gone already. */
  private discard(slot: Slot): boolean {
    const i = this.slots.indexOf(slot);
    if (i < 0) return false;
    this.slots.splice(i, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    end(slot.worker);
    return true;
  }

  /** Workers retired for their size so far (for the run's log and tests). */
  retired = 0;

  /**
   * Never above the hard limit; with OCR on, above what a worker with the recognition models
   * loaded holds (about 1.4 GB), so that the models are not loaded again for every scanned file.
   */
  private get recycleMb(): number {
    const mark = this.opts.recycleMb ?? (this.opts.ocr ? OCR_RECYCLE_MB : DEFAULT_RECYCLE_MB);
    return Math.min(mark, this.opts.maxMemoryMb);
  }

  /** Fail the slot's file with `why` and drop the worker; pump starts a fresh one when needed. */
  private replace(slot: Slot, why: string, kind: ErrorKind): void {
    const busy = slot.busy;
    if (!this.discard(slot)) return;
    if (busy) {
      clearTimeout(busy.timer);
      slot.busy = null;
      busy.resolve(this.failure(busy.task, why, kind));
    }
    if (!this.closed) this.pump();
  }

  private pump(): void {
    const idle = this.slots.filter((s) => !s.busy).length;
    for (let i = 0; i < Math.min(this.queue.length - idle, this.opts.size - this.slots.length); i++) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (slot.busy || !this.queue.length) continue;
      const { task, resolve } = this.queue.shift()!;
      const timer = setTimeout(() => this.replace(slot, `timed out after ${this.opts.timeoutMs / 1000} s (--timeout)`, 'timeout'), this.opts.timeoutMs);
      slot.busy = { task, resolve, timer };
      slot.worker.send(task);
    }
  }

  /** Parse a file's bytes (handed over: the caller must not use them afterwards). */
  run(bytes: Uint8Array, path: string, source: string, docId: string): Promise<Records> {
    if (this.closed) throw new Error('pool is closed');
    const task: Task = { id: this.nextId++, bytes, path, source, opts: { timeoutMs: this.opts.timeoutMs, docId, ...(this.opts.ocr ? { ocr: this.opts.ocr } : {}) } };
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  /** Stop every worker; files still in flight or queued come back as failed, never hang. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {});
      if (slot.busy) {
        clearTimeout(slot.busy.timer);
        slot.busy.resolve(this.failure(slot.busy.task, 'interrupted before it was read', 'internal'));
        slot.busy = null;
      }
    }
    for (const { task, resolve } of this.queue.splice(0)) resolve(this.failure(task, 'interrupted before it was read', 'internal'));
    await Promise.all(slots.map((s) => new Promise<void>((done) => {
      if (s.worker.exitCode !== null || s.worker.signalCode !== null) return done();
      s.worker.once('exit', () => done());
      end(s.worker);
    })));
  }
}
