// JSON-lines output. Each file is written under a temporary name and renamed into place when
// complete, so a reader never sees half a file and a crash never truncates the previous output.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Records } from './document.js';

export const OUTPUT_FILES = { documents: 'documents.jsonl', items: 'items.jsonl', tables: 'tables.jsonl' } as const;

export class JsonlOutput {
  private streams = new Map<keyof typeof OUTPUT_FILES, { stream: WriteStream; tmp: string; final: string }>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<JsonlOutput> {
    await mkdir(dir, { recursive: true });
    const out = new JsonlOutput(dir);
    for (const [key, name] of Object.entries(OUTPUT_FILES) as [keyof typeof OUTPUT_FILES, string][]) {
      const final = join(dir, name);
      const tmp = `${final}.${process.pid}.tmp`;
      out.streams.set(key, { stream: createWriteStream(tmp, { encoding: 'utf8' }), tmp, final });
    }
    return out;
  }

  private async write(key: keyof typeof OUTPUT_FILES, lines: unknown[]): Promise<void> {
    if (!lines.length) return;
    const { stream } = this.streams.get(key)!;
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  async add(records: Records): Promise<void> {
    await this.write('documents', [records.document]);
    await this.write('items', records.items);
    await this.write('tables', records.tables);
  }

  /** Close every file and move it into place. */
  async commit(): Promise<void> {
    for (const { stream } of this.streams.values()) await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    for (const { tmp, final } of this.streams.values()) await rename(tmp, final);
  }

  /** Drop the temporary files, leaving the previous output as it was. */
  async abort(): Promise<void> {
    for (const { stream, tmp } of this.streams.values()) {
      stream.destroy();
      await rm(tmp, { force: true });
    }
  }

  get directory(): string {
    return this.dir;
  }
}
