// HTML notices as procurement sites publish them (ccgp and the provincial sites): tables with
// rowspan/colspan, <br> in cells, inline styles, GBK pages declared by a <meta> tag.
import { parse } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';
import { decodeText } from '../decode.js';
import { firstElement, htmlBlocksOf, textOf, type HtmlNode } from './blocks.js';
import { warning, type Reader, type ReadResult, type Warning } from '../model.js';

/** The charset a page declares in its first bytes (<meta charset>, http-equiv, or an XML declaration). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  return /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
}

const GB = /^(gb2312|gbk|gb18030|x-gbk|cp936|gb_2312-80)$/;

function sameCharset(declared: string, used: string): boolean {
  const d = declared.toLowerCase().replace(/^utf8$/, 'utf-8');
  return d === used || (GB.test(d) && used === 'gb18030');
}

/** The deepest nesting the HTML parser is given: parse5 slows quadratically with depth (100,000 levels: minutes). */
export const MAX_NESTING = 500;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;

/**
 * The page with its elements deeper than MAX_NESTING dropped (their text kept), in one pass
 * over its tags; the page as it is when it nests no deeper (almost every page).
 */
export function capNesting(html: string): { html: string; depth: number } {
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(TAG)) {
    if (m[3] || VOID.has(m[2].toLowerCase())) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > deepest) deepest = depth;
  }
  if (deepest <= MAX_NESTING) return { html, depth: deepest };
  depth = 0;
  const out = html.replace(TAG, (whole, closing: string, name: string, self: string) => {
    if (self || VOID.has(name.toLowerCase())) return depth >= MAX_NESTING ? '' : whole;
    if (closing) {
      const keep = depth <= MAX_NESTING;
      depth = Math.max(0, depth - 1);
      return keep ? whole : '';
    }
    depth++;
    return depth <= MAX_NESTING ? whole : '';
  });
  return { html: out, depth: deepest };
}

export function readHtml(bytes: Uint8Array): ReadResult {
  const declared = declaredCharset(bytes);
  // Bytes that are valid UTF-8 are UTF-8 whatever the page says (GBK text almost never is valid
  // UTF-8, and pages re-saved as UTF-8 often keep their old gb2312 meta); otherwise the
  // declaration decides between the legacy encodings.
  let decoded = decodeText(bytes);
  if (decoded.ok && declared && decoded.encoding === 'gb18030') decoded = decodeText(bytes, declared);
  if (!decoded.ok) return decoded;
  const warnings: Warning[] = decoded.warning ? [warning('text.encoding_fallback', decoded.warning)] : [];
  if (declared && !sameCharset(declared, decoded.encoding) && !decoded.encoding.startsWith('utf-16')) {
    warnings.push(warning('html.charset_mismatch', `the page declares charset ${declared} but is ${decoded.encoding}; read as ${decoded.encoding}`));
  }
  const nested = capNesting(decoded.text);
  if (nested.depth > MAX_NESTING) warnings.push(warning('html.nesting_capped', `markup nested ${nested.depth.toLocaleString('en-US')} elements deep: read as text past ${MAX_NESTING} levels`));
  // parse5 into domhandler's nodes, as cheerio.load does, walked directly: no selector engine.
  const root = parse(nested.html, { treeAdapter: adapter, scriptingEnabled: true }) as unknown as HtmlNode;
  // A scraped notice's <title> often states its type (…中标公告) when its body's heading does not.
  const titleNode = firstElement(root, 'title');
  const title = (titleNode ? textOf(titleNode) : '').replace(/\s+/g, ' ').trim() || undefined;
  const blocks = htmlBlocksOf(firstElement(root, 'body') ?? root);
  if (!blocks.length) {
    return {
      ok: true,
      doc: { blocks, warnings, unreadable: { parts: 1, total: 1, reason: 'no text in the HTML page (content loaded by a script? save the page after it has rendered)' } },
    };
  }
  return { ok: true, doc: { blocks, warnings, ...(title ? { title } : {}) } };
}

export const htmlReader: Reader = {
  async read(bytes) {
    return readHtml(bytes);
  },
};
