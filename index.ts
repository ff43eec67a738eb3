// Library API: the same records the CLI writes.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { docIdOf, failedRecords, processFile, skippedRecords } from './runtime/run.js';
import { formatOf } from './extractors/registry.js';
import { collectInputs } from './runtime/files.js';
import type { DocumentRecord, Item, TableRecord } from './schemas/records.js';
import type { OcrMode } from './extractors/model.js';

export { processFile as extractFile } from './runtime/run.js';
export { documentRecords } from './pipeline/document.js';
export { loadDataset, type LoadReport } from './dataset/load.js';
export { renderReport, type ReportInput, type ReportItem } from './report/render.js';
export * from './schemas/records.js';

export interface ExtractOptions {
  /** Files read at the same time (default: the number of CPUs). */
  concurrency?: number;
  /** Budget for converters that spawn other programs, per file. */
  timeoutMs?: number;
  /** OCR of PDF pages without usable text: `auto` (default) as the CLI, `off`, or `force`. */
  ocr?: OcrMode;
  /** Time limit of one page of OCR (default 60 s). */
  ocrTimeoutMs?: number;
  /** Where recognised pages are kept between runs (none by default). */
  ocrCacheDir?: string;
}

export interface Extracted {
  documents: DocumentRecord[];
  items: Item[];
  tables: TableRecord[];
  /** Paths given that do not exist: like the CLI, they get no record. */
  missing: string[];
}

/**
 * Read files and folders (recursively, hidden entries skipped) into the records `tender extract`
 * writes, in input order. A file that cannot be read is a `failed` document, never an exception.
 * Unlike the CLI, files are parsed in this thread, without its per-file time and memory limits.
 */
export async function extract(paths: string | string[], opts: ExtractOptions = {}): Promise<Extracted> {
  const inputs = await collectInputs(typeof paths === 'string' ? [paths] : paths);
  const limit = pLimit(Math.max(1, opts.concurrency ?? availableParallelism()));
  const mode = opts.ocr ?? 'auto';
  const ocr = mode === 'off' ? undefined : { mode, pageTimeoutMs: opts.ocrTimeoutMs ?? 60_000, cacheDir: opts.ocrCacheDir };
  const all = await Promise.all(inputs.files.map((file) => limit(() => {
    const special = inputs.special.get(file);
    if (special) {
      const meta = { doc_id: docIdOf(Buffer.from(`special:${file}`)), source: file, format: formatOf(file) } as const;
      return Promise.resolve(special.startsWith('dangling') ? failedRecords(meta, special, 'unreadable') : skippedRecords(meta, `${special}: not read`));
    }
    return processFile(inputs.rawPaths.get(file) ?? file, file, { timeoutMs: opts.timeoutMs, ocr });
  })));
  return {
    documents: all.map((r) => r.document),
    items: all.flatMap((r) => r.items),
    tables: all.flatMap((r) => r.tables),
    missing: inputs.missing,
  };
}
