// A faster path through pdf.js's lexer for the tokens content streams are made of. pdf.js reads
// every byte of a content stream through two method calls (Lexer.nextChar, then the stream's
// getByte, which checks its buffer each time); on real PDFs that lexing is the largest single
// part of the reading time. Where the stream's bytes are all in memory (a raw stream, or a
// decoded one read to its end, as zlib leaves every deflate stream: see load.ts), the common
// tokens (numbers, operators, names, hex strings, array brackets) are read here straight from
// the bytes, with pdf.js's own rules; anything else (a literal string, a comment, a name with
// #xx, a number with an exponent, a token pdf.js would warn about or refuse) goes to pdf.js's
// getObj from where the token starts, so it reads, warns and fails exactly as before.
import { createHash } from 'node:crypto';

/** What of pdf.js's core the fast path needs: its lexer and the classes its tokens are made of. */
export interface LexerParts {
  Lexer: { prototype: LexerLike };
  Stream: { prototype: { getByte(): number } };
  DecodeStream: { prototype: { getByte(): number } };
  Cmd: { get(cmd: string): unknown };
  Name: { get(name: string): unknown };
  EOF: unknown;
  specialChars: ArrayLike<number>;
}

interface LexerLike {
  stream: FlatStream;
  currentChar: number;
  knownCommands: Record<string, unknown> | null;
  beginInlineImagePos: number;
  getObj(): unknown;
  nextChar(): number;
  getNumber(): number;
  getName(): unknown;
  getHexString(): string;
}

interface FlatStream {
  getByte(): number;
  pos: number;
  /** Stream */
  bytes?: Uint8Array;
  end?: number;
  /** DecodeStream */
  buffer?: Uint8Array;
  bufferLength?: number;
  eof?: boolean;
}

/**
 * The source of the lexer's methods this file follows (pdfjs-dist 5.4.296): the fast path is
 * only put in where pdf.js's own reads the same, so another version's rules are never guessed at.
 */
const FOLLOWS = 'f35ca64d1dd6e31f8bca951e43bb663f3278dbad';

/** A digest of the lexer methods the fast path follows, to compare with FOLLOWS. */
export function lexerDigest(Lexer: { prototype: LexerLike }): string {
  const p = Lexer.prototype;
  const src = [p.getObj, p.nextChar, p.getNumber, p.getName, p.getHexString].map((f) => String(f)).join('\n');
  return createHash('sha1').update(src).digest('hex');
}

/**
 * The operators the lexer knows (with the prefixes of `true`, `false` and `null`, which pdf.js
 * lists so as to split them the same way), each by its bytes packed into one number: exact in a
 * double up to six bytes.
 */
interface Known {
  codes: Map<number, string>;
  longest: number;
}
const LONGEST = 6;
const knownTables = new WeakMap<object, Known | null>();

/** knownCommands as packed keys, or null where one is too long or not plain ASCII (pdf.js's lexer then reads every operator). */
function knownOf(commands: Record<string, unknown>): Known | null {
  let table = knownTables.get(commands);
  if (table !== undefined) return table;
  table = { codes: new Map(), longest: 0 };
  for (const key in commands) {
    if (commands[key] === undefined) continue;
    if (key.length > LONGEST || !/^[\x21-\x7e]+$/.test(key)) {
      table = null;
      break;
    }
    let code = 0;
    for (let i = key.length - 1; i >= 0; i--) code = code * 256 + key.charCodeAt(i);
    table.codes.set(code, key);
    table.longest = Math.max(table.longest, key.length);
  }
  knownTables.set(commands, table);
  return table;
}

const hexValue = new Int8Array(256).fill(-1);
for (let c = 0x30; c <= 0x39; c++) hexValue[c] = c - 0x30;
for (let c = 0x41; c <= 0x46; c++) hexValue[c] = c - 0x41 + 10;
for (let c = 0x61; c <= 0x66; c++) hexValue[c] = c - 0x61 + 10;

/** Characters of a hex string being read, reused from one string to the next. */
let codes = new Uint16Array(256);

const fromCodes = (n: number): string => {
  if (n <= 4096) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  let out = '';
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return out;
};

/** Puts the fast path in front of pdf.js's Lexer.getObj, where its source is the one followed; says whether it did. */
export function fastLexer(parts: LexerParts): boolean {
  const { Lexer, Stream, DecodeStream, Cmd, Name, EOF, specialChars } = parts;
  if (lexerDigest(Lexer) !== FOLLOWS || specialChars.length !== 256) return false;
  const original = Lexer.prototype.getObj;
  const streamByte = Stream.prototype.getByte;
  const decodeByte = DecodeStream.prototype.getByte;
  const open = Cmd.get('[');
  const close = Cmd.get(']');
  const dictOpen = Cmd.get('<<');
  const dictClose = Cmd.get('>>');
  const dictClose1 = Cmd.get('>');
  const none: Known = { codes: new Map(), longest: 0 };
  // pdf.js's getObj from where the token starts: the character it starts with, the position after it.
  const handOver = (lexer: LexerLike, s: FlatStream, first: number, after: number): unknown => {
    lexer.currentChar = first;
    s.pos = after;
    return original.call(lexer);
  };

  Lexer.prototype.getObj = function (this: LexerLike): unknown {
    const s = this.stream;
    let buf: Uint8Array;
    let end: number;
    // A decoded stream not read to its end yet (several content streams read one after another):
    // its bytes so far are read here, and where a token reaches their end pdf.js's getObj reads it,
    // taking in the next part as it would have.
    let more = false;
    if (s.getByte === decodeByte) {
      buf = s.buffer!;
      end = s.bufferLength!;
      more = s.eof !== true;
    } else if (s.getByte === streamByte) {
      buf = s.bytes!;
      end = s.end!;
    } else return original.call(this);

    // The lexer's state: the character it holds (read already) and the stream's position after it.
    let ch = this.currentChar;
    let pos = s.pos;
    while (ch >= 0 && specialChars[ch] === 1) {
      if (more && pos >= end) {
        this.currentChar = ch;
        s.pos = pos;
        return original.call(this);
      }
      ch = pos < end ? buf[pos++]! : -1;
    }
    if (ch < 0) {
      this.currentChar = ch;
      s.pos = pos;
      return EOF;
    }
    // Where the token starts: pdf.js's getObj takes over from here whenever the fast path gives up.
    const first = ch;
    const after = pos;
    let value: unknown;
    token: {
      if ((ch >= 0x30 && ch <= 0x39) || ch === 0x2d || ch === 0x2e) {
        // Lexer.getNumber for plain decimals: no exponent, no '+', no stray '-' or line break.
        let sign = 1;
        if (ch === 0x2d) {
          sign = -1;
          ch = pos < end ? buf[pos++]! : -1;
          if (ch === 0x2d) return handOver(this, s, first, after);
        }
        if (ch === 0x0a || ch === 0x0d) return handOver(this, s, first, after);
        let divideBy = 0;
        if (ch === 0x2e) {
          divideBy = 10;
          ch = pos < end ? buf[pos++]! : -1;
        }
        if (ch < 0x30 || ch > 0x39) return handOver(this, s, first, after);
        let baseValue = ch - 0x30;
        while ((ch = pos < end ? buf[pos++]! : -1) >= 0) {
          if (ch >= 0x30 && ch <= 0x39) {
            if (divideBy !== 0) divideBy *= 10;
            baseValue = baseValue * 10 + (ch - 0x30);
          } else if (ch === 0x2e) {
            if (divideBy === 0) divideBy = 1;
            else break;
          } else if (ch === 0x2d || ch === 0x45 || ch === 0x65) return handOver(this, s, first, after);
          else break;
        }
        if (divideBy !== 0) baseValue /= divideBy;
        value = sign * baseValue;
        break token;
      }

      switch (ch) {
        case 0x2f: {
          // Lexer.getName without #xx escapes or an over-long name (pdf.js warns of both).
          const from = pos;
          while ((ch = pos < end ? buf[pos++]! : -1) >= 0 && !specialChars[ch]) if (ch === 0x23) return handOver(this, s, first, after);
          const to = ch < 0 ? pos : pos - 1;
          if (to - from > 127) return handOver(this, s, first, after);
          let name = '';
          for (let i = from; i < to; i++) name += String.fromCharCode(buf[i]!);
          value = Name.get(name);
          break token;
        }
        case 0x3c: {
          ch = pos < end ? buf[pos++]! : -1;
          if (ch === 0x3c) {
            ch = pos < end ? buf[pos++]! : -1;
            value = dictOpen;
            break token;
          }
          // Lexer.getHexString for strings of hex digits and white space, closed.
          let n = 0;
          let high = -1;
          for (;;) {
            if (ch === 0x3e) {
              ch = pos < end ? buf[pos++]! : -1;
              break;
            }
            if (ch < 0) return handOver(this, s, first, after);
            if (specialChars[ch] === 1) {
              ch = pos < end ? buf[pos++]! : -1;
              continue;
            }
            const digit = hexValue[ch]!;
            if (digit < 0) return handOver(this, s, first, after);
            if (high < 0) high = digit;
            else {
              if (n === codes.length) {
                const more = new Uint16Array(n * 2);
                more.set(codes);
                codes = more;
              }
              codes[n++] = (high << 4) | digit;
              high = -1;
            }
            ch = pos < end ? buf[pos++]! : -1;
          }
          if (high >= 0) {
            if (n === codes.length) {
              const more = new Uint16Array(n * 2);
              more.set(codes);
              codes = more;
            }
            codes[n++] = high << 4;
          }
          value = fromCodes(n);
          break token;
        }
        case 0x5b:
          ch = pos < end ? buf[pos++]! : -1;
          value = open;
          break token;
        case 0x5d:
          ch = pos < end ? buf[pos++]! : -1;
          value = close;
          break token;
        case 0x3e:
          ch = pos < end ? buf[pos++]! : -1;
          if (ch !== 0x3e) {
            value = dictClose1;
            break token;
          }
          ch = pos < end ? buf[pos++]! : -1;
          value = dictClose;
          break token;
        case 0x2b:
        case 0x28:
        case 0x29:
        case 0x7b:
        case 0x7d:
        case 0x25:
          return handOver(this, s, first, after);
      }
      if (ch < 0x20 || ch > 0x7f) return handOver(this, s, first, after);

      // An operator, split where pdf.js splits it: a known operator is extended only into a longer known one.
      const commands = this.knownCommands;
      const known = commands ? knownOf(commands) : none;
      if (!known) return handOver(this, s, first, after);
      const from = pos - 1;
      let len = 1;
      let code = ch;
      const { codes: table, longest } = known;
      let found = table.has(code);
      let scale = 256;
      while ((ch = pos < end ? buf[pos++]! : -1) >= 0 && !specialChars[ch]) {
        // Past the longest known operator nothing is known.
        const longer = len < longest ? code + ch * scale : -1;
        if (found && (longer < 0 || !table.has(longer))) break;
        if (len === 128) return handOver(this, s, first, after);
        len++;
        code = longer;
        scale *= 256;
        found = longer >= 0 && table.has(longer);
      }
      let str = code >= 0 ? table.get(code) : undefined;
      if (str === undefined) {
        str = '';
        for (let i = from; i < from + len; i++) str += String.fromCharCode(buf[i]!);
      }
      if (ch < 0 && more) return handOver(this, s, first, after);
      this.currentChar = ch;
      s.pos = pos;
      if (str === 'true') return true;
      if (str === 'false') return false;
      if (str === 'null') return null;
      if (str === 'BI') this.beginInlineImagePos = pos;
      return Cmd.get(str);
    }
    // The token ran to the end of what is decoded so far: it may go on in the next part.
    if (ch < 0 && more) return handOver(this, s, first, after);
    this.currentChar = ch;
    s.pos = pos;
    return value;
  };
  return true;
}
