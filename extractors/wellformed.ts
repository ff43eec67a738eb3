// Text leaving a reader is well-formed Unicode: lone surrogates (&#xD800; in a DOCX), the
// non-characters U+FFFE/U+FFFF/U+FDD0–U+FDEF and C0 controls other than tab and line feed
// become U+FFFD. One bad character must not stop a record from being stored or loaded.
import { warning, type Block, type DocModel } from './model.js';

const PATTERN = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff\ufdd0-\ufdef]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BAD = new RegExp(PATTERN.source, 'g');

/** `text` with every character that is not text replaced, and how many there were. */
export function wellFormed(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const out = text.replace(BAD, () => {
    replaced++;
    return '\ufffd';
  });
  return { text: out, replaced };
}

/** The document with its texts well-formed; a warning says how many characters were replaced. */
export function wellFormedDoc(doc: DocModel): DocModel {
  let replaced = 0;
  const fix = (t: string) => {
    if (!PATTERN.test(t)) return t;
    const w = wellFormed(t);
    replaced += w.replaced;
    return w.text;
  };
  const blocks: Block[] = doc.blocks.map((b) => {
    if (b.type === 'paragraph') return { ...b, text: fix(b.text) };
    return { ...b, rows: b.rows.map((row) => row.map((c) => (c.text ? { ...c, text: fix(c.text) } : c))) };
  });
  if (!replaced) return doc;
  return { ...doc, blocks, warnings: [...doc.warnings, warning('text.not_text_replaced', `${replaced} character${replaced > 1 ? 's' : ''} that are not text (lone surrogates, non-characters, control codes) replaced by U+FFFD`)] };
}
