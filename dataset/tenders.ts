// The files of one tender under one tender_id across the dataset. Each file's record names its
// tender by what the file itself states (pipeline/tender-id.ts); an attachment that states no
// project code joins the tender of a file that does, when both name the same buyer and project.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameKey } from '../pipeline/tender-id.js';
import type { Dataset, Result } from './db.js';
import { firstLine, parseRows, queryRows } from './db.js';
import { TenderRow } from '../schemas/rows.js';

export async function unifyTenders(ds: Dataset): Promise<Result<number>> {
  const r = await queryRows(ds.conn, `SELECT doc_id, tender_id, project_code, agency, project FROM documents WHERE agency IS NOT NULL AND project IS NOT NULL ORDER BY source`);
  if (!r.ok) return r;
  const named = parseRows(TenderRow, r.value, 'documents to group by tender');
  if (!named.ok) return named;
  const groups = new Map<string, { doc_id: string; tender_id: string; coded: boolean }[]>();
  for (const d of named.value) {
    const key = nameKey(d.agency, d.project)!;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push({ doc_id: d.doc_id, tender_id: d.tender_id, coded: d.project_code !== null });
  }
  const updates: { doc_id: string; tender_id: string }[] = [];
  for (const docs of groups.values()) {
    const codes = new Set(docs.filter((d) => d.coded).map((d) => d.tender_id));
    // Two codes under one name are two tenders (a re-tender): which one an uncoded file is cannot be told.
    if (codes.size !== 1) continue;
    const [id] = codes;
    for (const d of docs) if (!d.coded && d.tender_id !== id) updates.push({ doc_id: d.doc_id, tender_id: id });
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
