// A pull scanner over the XML of one package part, for the direct DOCX reader (docx/direct.ts).
//
// WordprocessingML is regular: elements, attributes, text, the five predefined entities and
// character references. The scanner walks the string once, with no tree: each start tag is
// resolved to a small number (its element id, by namespace URI and local name, so `w:` bound
// to another prefix, or the Strict namespace, reads the same), text is decoded only where the
// reader asks for it, and a subtree the reader does not need is skipped without resolving any
// name in it. Nesting is checked as it goes (an end tag must close the open element), so a
// damaged part is an error, not a silently different document. Entity declarations are never
// expanded: a reference to any entity but the predefined five is an error (a "billion laughs"
// part is refused, as Word never writes one, and so is a part that declares entities at all).

/** A part that is not well-formed XML, or uses entities; the reader turns it into an error value. */
export class XmlError extends Error {
  constructor(message: string, readonly entity = false) {
    super(message);
  }
}

/** What `next()` found. */
export const OPEN = 1;
export const CLOSE = 2;
export const TEXT = 3;
export const END = 4;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * The prefix each namespace is known by, whatever prefix a part binds it to (the names the
 * OOXML specification uses; Transitional and Strict alike).
 */
const CANONICAL: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
};

/** Prefix bindings in force, with the names already resolved under them. */
class Scope {
  readonly elements = new Map<string, number>();
  readonly attributes = new Map<string, string>();
  constructor(readonly prefixes: Map<string, string>) {}
}

/** `name` in canonical form (`w:val`), `{uri}local` for other namespaces, `local` for none. */
function canonical(raw: string, prefixes: Map<string, string>, isElement: boolean): string {
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const local = colon < 0 ? raw : raw.slice(colon + 1);
  // An unprefixed attribute is in no namespace; an unprefixed element is in the default one.
  if (colon < 0 && !isElement) return local;
  const uri = prefixes.get(prefix);
  if (uri === undefined || uri === '') return colon < 0 ? local : `{${prefix}:}${local}`;
  const known = CANONICAL[uri];
  return known ? `${known}:${local}` : `{${uri}}${local}`;
}

const isNameEnd = (c: number): boolean => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

export class XmlScanner {
  /** The element id of the tag `next()` returned (0: an element the reader has no id for). */
  id = 0;
  /** Depth of the element just opened or closed (the root is 1). */
  depth = 0;
  /** Text `next()` returned (decoded), when `wantText` was set. */
  text = '';
  /** Whether text between tags is returned (as TEXT); otherwise it is passed over undecoded. */
  wantText = false;

  private pos = 0;
  private attrsStart = 0;
  private attrsEnd = 0;
  private pendingClose = false;
  private readonly names: string[] = [];
  private readonly root: Scope;
  private scope: Scope;
  private readonly scopes: { depth: number; scope: Scope }[] = [];
  private nextXmlns = -1;

  constructor(private readonly xml: string, private readonly ids: ReadonlyMap<string, number>, private readonly part: string) {
    this.root = new Scope(new Map([['xml', XML_NS]]));
    this.scope = this.root;
    this.nextXmlns = xml.indexOf('xmlns');
  }

  private fail(what: string, at = this.pos): never {
    throw new XmlError(`${this.part} is not well-formed XML (${what} at character ${at.toLocaleString('en-US')})`);
  }

  /** The next start tag, end tag, text (only while `wantText`) or the end of the part. */
  next(): number {
    if (this.pendingClose) {
      this.pendingClose = false;
      return this.closeCurrent();
    }
    const xml = this.xml;
    for (;;) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) {
        if (this.names.length) this.fail(`<${this.names[this.names.length - 1]}> not closed`, xml.length);
        if (this.wantText && this.pos < xml.length) {
          this.text = decodeEntities(xml.slice(this.pos), this);
          this.pos = xml.length;
          return TEXT;
        }
        this.pos = xml.length;
        return END;
      }
      if (this.wantText && lt > this.pos) {
        this.text = decodeEntities(xml.slice(this.pos, lt), this);
        this.pos = lt;
        return TEXT;
      }
      const c = xml.charCodeAt(lt + 1);
      if (c === 47) return this.endTag(lt);
      if (c === 63) {
        const end = xml.indexOf('?>', lt + 2);
        if (end < 0) this.fail('unterminated processing instruction', lt);
        this.pos = end + 2;
        continue;
      }
      if (c === 33) {
        this.pos = this.skipDeclaration(lt);
        continue;
      }
      return this.startTag(lt);
    }
  }

  /** Skips the element just opened (its whole subtree): for parts of the XML the reader does not need. */
  skip(): void {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.closeCurrent();
      return;
    }
    const xml = this.xml;
    const names = this.names;
    const floor = names.length - 1;
    while (names.length > floor) {
      const lt = xml.indexOf('<', this.pos);
      if (lt < 0) this.fail(`<${names[names.length - 1]}> not closed`, xml.length);
      const c = xml.charCodeAt(lt + 1);
      if (c === 47) {
        this.endTag(lt);
      } else if (c === 63) {
        const end = xml.indexOf('?>', lt + 2);
        if (end < 0) this.fail('unterminated processing instruction', lt);
        this.pos = end + 2;
      } else if (c === 33) {
        this.pos = this.skipDeclaration(lt);
      } else {
        // A start tag inside the skipped subtree: its name only, for the nesting check.
        let i = lt + 1;
        while (i < xml.length && !isNameEnd(xml.charCodeAt(i))) i++;
        const end = this.tagEnd(i);
        if (i === lt + 1) this.fail('a tag without a name', lt);
        if (xml.charCodeAt(end - 1) !== 47) names.push(xml.slice(lt + 1, i));
        this.pos = end + 1;
      }
    }
  }

  /** The value of attribute `name` (canonical: `w:val`, `r:embed`, `Target`) of the tag just opened. */
  attr(name: string): string | undefined {
    for (let at = this.attrAt(this.attrsStart, true); at; at = this.attrAt(at.close + 1, true)) {
      let resolved = this.scope.attributes.get(at.raw);
      if (resolved === undefined) {
        resolved = canonical(at.raw, this.scope.prefixes, false);
        this.scope.attributes.set(at.raw, resolved);
      }
      if (resolved === name) return decodeEntities(this.xml.slice(at.open + 1, at.close), this);
    }
    return undefined;
  }

  /**
   * The attribute of the tag just opened that starts at or after `i`: its raw name and the
   * offsets of its value's quotes; null past the last. `strict` holds the attribute to XML's
   * `name = "value"`; the namespace pass only needs the quotes to step over the value.
   */
  private attrAt(i: number, strict: boolean): { raw: string; open: number; close: number } | null {
    const xml = this.xml;
    const end = this.attrsEnd;
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    if (i >= end) return null;
    const nameStart = i;
    while (i < end && xml.charCodeAt(i) !== 61 && !isSpace(xml.charCodeAt(i))) i++;
    const raw = xml.slice(nameStart, i);
    if (strict) {
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      if (xml.charCodeAt(i) !== 61) this.fail('an attribute without a value', nameStart);
      i++;
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      const q = xml.charCodeAt(i);
      if (q !== 34 && q !== 39) this.fail('an attribute value without quotes', i);
    } else {
      while (i < end && xml.charCodeAt(i) !== 34 && xml.charCodeAt(i) !== 39) i++;
    }
    const close = xml.indexOf(xml.charCodeAt(i) === 34 ? '"' : "'", i + 1);
    if (close < 0 || close > end || (!strict && i >= end)) this.fail('an unterminated attribute value', strict ? i : nameStart);
    return { raw, open: i, close };
  }

  private closeCurrent(): number {
    this.depth = this.names.length;
    this.names.pop();
    const s = this.scopes[this.scopes.length - 1];
    if (s && s.depth > this.names.length) {
      this.scopes.pop();
      this.scope = this.scopes.length ? this.scopes[this.scopes.length - 1].scope : this.root;
    }
    return CLOSE;
  }

  private endTag(lt: number): number {
    const xml = this.xml;
    const names = this.names;
    const open = names[names.length - 1];
    const gt = xml.indexOf('>', lt + 2);
    if (gt < 0) this.fail('an unterminated end tag', lt);
    if (open === undefined) this.fail('an end tag with no element open', lt);
    let nameEnd = lt + 2 + open.length;
    if (!xml.startsWith(open, lt + 2) || !isNameEnd(xml.charCodeAt(nameEnd))) {
      let i = lt + 2;
      while (i < gt && !isNameEnd(xml.charCodeAt(i))) i++;
      this.fail(`</${xml.slice(lt + 2, i)}> closing <${open}>`, lt);
    }
    while (nameEnd < gt && isSpace(xml.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd !== gt) this.fail('junk in an end tag', lt);
    this.pos = gt + 1;
    return this.closeCurrent();
  }

  /** The position of the `>` that ends the tag whose attributes start at `i` (quotes respected). */
  private tagEnd(i: number): number {
    const xml = this.xml;
    const n = xml.length;
    for (; i < n; i++) {
      const c = xml.charCodeAt(i);
      if (c === 62) return i;
      if (c === 34 || c === 39) {
        const close = xml.indexOf(c === 34 ? '"' : "'", i + 1);
        if (close < 0) break;
        i = close;
      } else if (c === 60) {
        this.fail('"<" inside a tag', i);
      }
    }
    return this.fail('an unterminated tag', i);
  }

  private startTag(lt: number): number {
    const xml = this.xml;
    let i = lt + 1;
    while (i < xml.length && !isNameEnd(xml.charCodeAt(i))) i++;
    if (i === lt + 1) this.fail('a tag without a name', lt);
    const gt = this.tagEnd(i);
    const self = xml.charCodeAt(gt - 1) === 47;
    const raw = xml.slice(lt + 1, i);
    this.attrsStart = i;
    this.attrsEnd = self ? gt - 1 : gt;
    this.pos = gt + 1;
    this.names.push(raw);
    this.depth = this.names.length;
    // Namespace declarations: rare past the root, found by one forward search kept across tags.
    while (this.nextXmlns >= 0 && this.nextXmlns < i) this.nextXmlns = xml.indexOf('xmlns', i);
    if (this.nextXmlns >= 0 && this.nextXmlns < gt) this.declare();
    let id = this.scope.elements.get(raw);
    if (id === undefined) {
      id = this.ids.get(canonical(raw, this.scope.prefixes, true)) ?? 0;
      this.scope.elements.set(raw, id);
    }
    this.id = id;
    if (self) this.pendingClose = true;
    return OPEN;
  }

  /** Reads the xmlns attributes of the tag just opened into a new scope for its subtree. */
  private declare(): void {
    let prefixes: Map<string, string> | null = null;
    for (let at = this.attrAt(this.attrsStart, false); at; at = this.attrAt(at.close + 1, false)) {
      if (at.raw === 'xmlns' || at.raw.startsWith('xmlns:')) {
        prefixes ??= new Map(this.scope.prefixes);
        prefixes.set(at.raw === 'xmlns' ? '' : at.raw.slice(6), decodeEntities(this.xml.slice(at.open + 1, at.close), this));
      }
    }
    if (!prefixes) return;
    this.scope = new Scope(prefixes);
    this.scopes.push({ depth: this.names.length, scope: this.scope });
  }

  /** Comments, CDATA sections (no text in WordprocessingML) and a DOCTYPE (its internal subset too). */
  private skipDeclaration(lt: number): number {
    const xml = this.xml;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) this.fail('an unterminated comment', lt);
      return end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) this.fail('an unterminated CDATA section', lt);
      return end + 3;
    }
    let i = lt + 2;
    let bracket = false;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (c === 91) bracket = true;
      else if (c === 93) bracket = false;
      else if (c === 62 && !bracket) return i + 1;
      // An internal subset that declares entities: built to expand, refused whether used or not.
      else if (c === 60 && bracket && xml.startsWith('<!ENTITY', i)) throw new XmlError(`${this.part} declares entities`, true);
      else if ((c === 34 || c === 39) && bracket) {
        const close = xml.indexOf(c === 34 ? '"' : "'", i + 1);
        if (close < 0) break;
        i = close;
      }
    }
    return this.fail('an unterminated declaration', lt);
  }

  /** For entity errors: where the scanner is. */
  where(): number {
    return this.pos;
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with its entity and character references resolved; any other entity is refused. */
export function decodeEntities(s: string, at?: { where(): number }): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    const ref = semi < 0 ? '' : s.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35) {
      const hex = ref.charCodeAt(1) === 120;
      const digits = ref.slice(hex ? 2 : 1);
      const code = digits && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!(code >= 0 && code <= 0x10ffff)) throw new XmlError(`a bad character reference &${ref}; near character ${(at?.where() ?? 0).toLocaleString('en-US')}`);
      ch = String.fromCodePoint(code);
    } else {
      ch = PREDEFINED[ref];
      if (ch === undefined) throw new XmlError(`entity &${ref}${semi < 0 ? '' : ';'} is not defined`, true);
    }
    out += s.slice(from, amp) + ch;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}
