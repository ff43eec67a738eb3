// The lines facts are read from: paragraphs (a line each where a line starts with a label) and
// the labelled lines of tables, each with the block it comes from.
import type { DocModel } from '../../extractors/model.js';
import { cellLines, tableLines, type SourceLine } from './labels.js';


/** A line the facts are read from, with the block it comes from. */
export interface FactLine extends SourceLine { at: number }

/** Lines to search for facts: paragraphs, and the labelled lines of tables. */
export function factLines(doc: DocModel): FactLine[] {
  const lines: FactLine[] = [];
  doc.blocks.forEach((b, at) => {
    if (b.type === 'paragraph') {
      // A paragraph broken into lines (<br> in a notice, a wrapped PDF line) holds one field a
      // line where a line starts with a label; other lines continue the one before.
      for (const text of cellLines(b.text)) if (text) lines.push({ text, raw: b.text, from: 'para', at });
    } else {
      for (const l of tableLines(b)) lines.push({ ...l, at });
    }
  });
  return lines;
}
