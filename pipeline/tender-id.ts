// Which tender a file belongs to: a scraped tender is a notice page plus its attachments, or
// one file under several names. The files of one tender share `tender_id`: the project code
// where one is stated, else the buyer with the project's name, else the file alone (its doc_id).
import { createHash } from 'node:crypto';
import { halfWidth } from './text.js';

const hash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** A code as files write it differently: widths, spaces and case folded. */
export const foldCode = (code: string) => halfWidth(code).replace(/\s+/g, '').toUpperCase();

/** A project's name as the files of one tender write it: no spaces, no bracketed note (（第一包…）, （二次）), no closing 项目. */
export function foldProject(project: string): string {
  return halfWidth(project).replace(/\s+/g, '').replace(/\([^()]*\)/g, '').replace(/(?:采购)?项目$/, '').toLowerCase();
}

/** The name key of a tender (buyer + project), or null when either is unknown. */
export function nameKey(agency: string | null, project: string | null): string | null {
  return agency && project ? `name:${halfWidth(agency).replace(/\s+/g, '')}|${foldProject(project)}` : null;
}

export function tenderId(doc: { doc_id: string; project_code: string | null; agency: string | null; project: string | null }): string {
  if (doc.project_code) return hash(`code:${foldCode(doc.project_code)}`);
  const name = nameKey(doc.agency, doc.project);
  return name ? hash(name) : doc.doc_id;
}
