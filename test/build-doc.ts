// Documents built by hand for the stages' unit tests, as a reader would give them:
//   doc([heading('采购需求'), para('项目名称：…'), table([['序号', '名称', '数量', '单位'], …])])
// In a table, `^` is a slot merged with the one above, `<` with the one to its left (test/grid.ts).
import type { Block, DocModel, ParagraphBlock } from '../extractors/model.js';
import { documentRecords, type Records } from '../pipeline/document.js';
import { grid } from './grid.js';

export const para = (text: string): ParagraphBlock => ({ type: 'paragraph', text });
/** A paragraph the reader knows is a heading (a Word heading style, an HTML h2). */
export const heading = (text: string): ParagraphBlock => ({ type: 'paragraph', text, heading: true });
export const table = grid;
export const doc = (blocks: Block[]): DocModel => ({ blocks, warnings: [] });

/** The records the pipeline makes of a hand-built document, as of a DOCX named t.docx. */
export const records = (d: DocModel): Records => documentRecords(d, { doc_id: '0123456789abcdef', source: 't.docx', format: 'docx' });
