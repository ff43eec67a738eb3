// `tender load DIR [--no-db]`: one dataset from the workers' shards.
//
// Merges every DIR/shards/*/ into DIR/documents.jsonl, items.jsonl and tables.jsonl, one
// document per doc_id (distributed/shards.ts), then loads them into DIR/tenders.duckdb as
// `tender extract` does. The same shards give the same files, and the load replaces by
// doc_id, so loading twice changes nothing.
import { join } from 'node:path';
import { parseArgs, UsageError } from './args.js';
import { mergeShards, SHARDS_DIR } from '../distributed/shards.js';

export async function loadCommand(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { 'no-db': 'bool', quiet: 'bool' });
  if (positionals.length !== 1) throw new UsageError('load needs one folder: the --out DIR the workers wrote');
  const dir = positionals[0];
  const merged = await mergeShards(dir);
  if (!merged.ok) {
    process.stderr.write(`tender load: ${merged.error}\n`);
    return 1;
  }
  const r = merged.value;
  const left: string[] = [];
  if (r.copies) left.push(`${r.copies} extra cop${r.copies === 1 ? 'y' : 'ies'} of a document (a job read twice)`);
  if (r.superseded) left.push(`${r.superseded} older version${r.superseded === 1 ? '' : 's'} of a changed file`);
  if (r.duplicates.length) left.push(`${r.duplicates.length} duplicate file${r.duplicates.length === 1 ? '' : 's'} (same bytes as another path): ${r.duplicates.slice(0, 5).join(', ')}${r.duplicates.length > 5 ? ', …' : ''}`);
  if (r.incomplete) left.push(`${r.incomplete} document line${r.incomplete === 1 ? '' : 's'} whose items or tables were cut short (a worker killed as it wrote)`);
  if (flags.quiet !== true) {
    process.stderr.write(`merged ${r.shards} shard${r.shards === 1 ? '' : 's'} of ${join(dir, SHARDS_DIR)}/: ${r.documents} documents, ${r.items} items, ${r.tables} tables${left.length ? ` · left out: ${left.join('; ')}` : ''}\n`);
  }
  if (flags['no-db'] === true) return 0;
  return (await import('../dataset/load.js')).loadAfterExtract(dir);
}
