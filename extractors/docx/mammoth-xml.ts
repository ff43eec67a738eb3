// What mammoth does not see in WordprocessingML, read from the XML itself: for the mammoth
// reader (docx/mammoth.ts), the reference the direct reader is checked against. The direct
// reader (docx/direct.ts) reads both itself, from its own pass over the XML.
//
// gridBefore/gridAfter: a row may start late or end early (its first or last grid columns hold
// no cell). mammoth drops both, so a late row's cells slide left, and its vertical-merge
// bookkeeping (by cell index) then merges the wrong columns. Before mammoth reads the part,
// each such gap becomes a marker cell spanning the gap: the columns line up for mammoth, and
// the HTML walker turns the marker back into empty leading slots.
//
// Outline levels: Chinese templates often make headings with their own styles (`1级标题`,
// `标题 2 Char`…) that carry a w:outlineLvl instead of using the built-in heading styles;
// mammoth's style map only knows names, so these styles are mapped to h1–h6 by name.

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Text of a marker cell; private-use characters, so no document holds it. */
export const EMPTY_SLOTS_MARK = '\uE000empty-slots\uE000';

/** The prefix (with its colon) bound to WordprocessingML in this part, or null if none is. */
function wordPrefix(xml: string): string | null {
  const head = xml.slice(0, 20000);
  const m = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/wordprocessingml\/2006\/main["']/.exec(head);
  if (m) return `${m[1]}:`;
  return head.includes(`xmlns="${W_NS}"`) ? '' : null;
}

function intAttr(attrs: string, q: string, name: string): number {
  const m = new RegExp(`(?:^|\\s)${q}${name}\\s*=\\s*["'](\\d+)["']`).exec(attrs);
  return m ? Number(m[1]) : 0;
}

/** The part with every w:gridBefore/w:gridAfter gap filled by a marker cell of that span. */
export function markEmptySlots(xml: string): string {
  if (!xml.includes('gridBefore') && !xml.includes('gridAfter')) return xml;
  const q = wordPrefix(xml);
  if (q === null) return xml;
  const marker = (span: number) =>
    `<${q}tc><${q}tcPr><${q}gridSpan ${q}val="${span}"/></${q}tcPr><${q}p><${q}r><${q}t>${EMPTY_SLOTS_MARK}</${q}t></${q}r></${q}p></${q}tc>`;
  const esc = q.replace(/\./g, '\\.');
  const tag = new RegExp(`<(/?)${esc}(tr|trPr|gridBefore|gridAfter)(?=[\\s/>])([^>]*)>`, 'g');
  // Rows nest (a table in a cell), so open rows are a stack.
  const open: { before: number; after: number; cellsAt: number }[] = [];
  const inserts: { at: number; text: string }[] = [];
  for (const m of xml.matchAll(tag)) {
    const [whole, closing, name, attrs] = m;
    const end = m.index + whole.length;
    const selfClosing = attrs.endsWith('/');
    const row = open[open.length - 1];
    if (name === 'tr') {
      if (!closing && !selfClosing) open.push({ before: 0, after: 0, cellsAt: end });
      else if (closing && row) {
        open.pop();
        if (row.after > 0) inserts.push({ at: m.index, text: marker(row.after) });
        if (row.before > 0) inserts.push({ at: row.cellsAt, text: marker(row.before) });
      }
    } else if (!row) {
      continue;
    } else if (name === 'trPr') {
      if (closing || selfClosing) row.cellsAt = end;
    } else if (name === 'gridBefore') {
      row.before = intAttr(attrs, q, 'val');
    } else {
      row.after = intAttr(attrs, q, 'val');
    }
  }
  if (!inserts.length) return xml;
  inserts.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const ins of inserts) {
    out += xml.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  return out + xml.slice(from);
}

/** mammoth style-map lines mapping paragraph styles with an outline level to headings. */
export function outlineStyleMap(stylesXml: string): string[] {
  const q = wordPrefix(stylesXml);
  if (q === null) return [];
  const esc = q.replace(/\./g, '\\.');
  const lines: string[] = [];
  // One pass: each style runs to where the next begins. Matching each style to its closing tag
  // would scan to the end of the part for every style that has none (a quadratic part).
  const open = `<${q}style`;
  const paragraph = new RegExp(`${esc}type\\s*=\\s*["']paragraph["']`);
  const nameOf = new RegExp(`<${esc}name\\s+${esc}val\\s*=\\s*"([^"]*)"`);
  const levelOf = new RegExp(`<${esc}outlineLvl\\s+${esc}val\\s*=\\s*["'](\\d+)["']`);
  const starts: number[] = [];
  for (let at = stylesXml.indexOf(open); at >= 0; at = stylesXml.indexOf(open, at + open.length)) {
    const next = stylesXml[at + open.length];
    if (next === ' ' || next === '>' || next === '\t' || next === '\n' || next === '\r' || next === '/') starts.push(at);
  }
  for (let i = 0; i < starts.length; i++) {
    const chunk = stylesXml.slice(starts[i], starts[i + 1] ?? stylesXml.length);
    const tagEnd = chunk.indexOf('>');
    if (tagEnd < 0) continue;
    const m = [chunk, chunk.slice(open.length, tagEnd), chunk.slice(tagEnd + 1)];
    if (!paragraph.test(m[1])) continue;
    const name = nameOf.exec(m[2])?.[1];
    const level = levelOf.exec(m[2])?.[1];
    // Level 9 is "body text"; names with quotes or backslashes would need escaping in the map.
    const text = name === undefined ? '' : decodeXmlText(name);
    if (!text || level === undefined || Number(level) > 8 || /['\\]/.test(text)) continue;
    lines.push(`p[style-name='${text}'] => h${Math.min(6, Number(level) + 1)}:fresh`);
  }
  return lines;
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}
