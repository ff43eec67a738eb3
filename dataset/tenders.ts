// The files of one tender under one tender_id across the dataset. Each file's record names its
// tender by what the file itself states (pipeline/tender-id.ts); an attachment that states no
// project code joins the tender of a file that does, when both name the same buyer and project.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameKey } from '../pipeline/tender-id.js';
import type { Dataset, Result } from './db.js';
import { firstLine, parseRow, wholeStream } from './db.js';
import { TenderRow } from '../schemas/rows.js';

const NAMED = `SELECT doc_id, tender_id, project_code, agency, project FROM documents WHERE agency IS NOT NULL AND project IS NOT NULL`;

/** Each named document of the dataset with its name's key, `coded` or not, as a stream. */
async function eachNamed(ds: Dataset, coded: boolean, take: (d: TenderRow, key: string) => void): Promise<Result<number>> {
  let n = 0;
  try {
    const sql = `${NAMED} AND project_code IS ${coded ? 'NOT NULL' : 'NULL'}`;
    for await (const rows of wholeStream(ds.conn, sql, (r) => r.yieldRows())) {
      for (const [doc_id, tender_id, project_code, agency, project] of rows) {
        const parsed = parseRow(TenderRow, { doc_id, tender_id, project_code, agency, project }, ++n, 'documents to group by tender');
        if (!parsed.ok) return parsed;
        take(parsed.value, nameKey(parsed.value.agency, parsed.value.project)!);
      }
    }
    return { ok: true, value: n };
  } catch (e) {
    return { ok: false, error: `cannot read the documents to group by tender: ${firstLine(e)}` };
  }
}

/**
 * The uncoded files are read first, and only the codes of their names after: most datasets have
 * few (a load of files that all state a code reads no more), and nothing is held for the rest.
 * Held whole as objects and again as parsed rows, 100,000 documents took 200 MB of the load's heap.
 */
export async function unifyTenders(ds: Dataset): Promise<Result<number>> {
  const groups = new Map<string, { codes: Set<string>; uncoded: { doc_id: string; tender_id: string }[] }>();
  const uncoded = await eachNamed(ds, false, (d, key) => {
    (groups.get(key) ?? groups.set(key, { codes: new Set(), uncoded: [] }).get(key)!).uncoded.push({ doc_id: d.doc_id, tender_id: d.tender_id });
  });
  if (!uncoded.ok) return uncoded;
  if (!groups.size) return { ok: true, value: 0 };
  const coded = await eachNamed(ds, true, (d, key) => groups.get(key)?.codes.add(d.tender_id));
  if (!coded.ok) return coded;
  const updates: { doc_id: string; tender_id: string }[] = [];
  for (const { codes, uncoded } of groups.values()) {
    // Two codes under one name are two tenders (a re-tender): which one an uncoded file is cannot be told.
    if (codes.size !== 1) continue;
    const [id] = codes;
    for (const d of uncoded) if (d.tender_id !== id) updates.push({ doc_id: d.doc_id, tender_id: id });
  }
  if (!updates.length) return { ok: true, value: 0 };
  const dir = await mkdtemp(join(tmpdir(), 'tender-ids-'));
  try {
    const file = join(dir, 'ids.jsonl');
    await writeFile(file, updates.map((u) => JSON.stringify(u)).join('\n') + '\n');
    await ds.conn.run(`UPDATE documents SET tender_id = u.tender_id
      FROM read_json($1, format = 'newline_delimited', columns = {'doc_id': 'VARCHAR', 'tender_id': 'VARCHAR'}) u WHERE documents.doc_id = u.doc_id`, [file]);
    return { ok: true, value: updates.length };
  } catch (e) {
    return { ok: false, error: `cannot group the files of a tender: ${firstLine(e)}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
