// The lexer's fast path (extractors/pdf/lexer.ts) against pdf.js's own lexer: the same tokens,
// the same state after each, the same errors, on content streams made to hit every rule it
// follows and every case it hands back (literal strings, comments, #xx names, exponents, junk),
// whole or split over several streams read one after another.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fastLexer, type LexerParts } from '../extractors/pdf/lexer.js';

interface Core extends LexerParts {
  StreamsSequenceStream: new (streams: unknown[], onError: null) => object;
  EvaluatorPreprocessor: { opMap: Record<string, unknown> };
}

function loadCore(): Core {
  const require = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
  const file = join(dirname(require.resolve('pdfjs-dist/package.json')), 'legacy', 'build', 'pdf.worker.mjs');
  const src = readFileSync(file, 'utf8')
    .replaceAll('import.meta.url', JSON.stringify('file://' + file))
    .replace(/\nexport \{ WorkerMessageHandler \};[\s\S]*$/, '\nreturn { Lexer, Stream, DecodeStream, Cmd, Name, EOF, specialChars, StreamsSequenceStream, EvaluatorPreprocessor };\n');
  const g = globalThis as { pdfjsWorker?: unknown };
  const core = new vm.Script(`(function () { "use strict"; ${src}\n})`, { filename: file }).runInThisContext()() as Core;
  delete g.pdfjsWorker;
  return core;
}

const plain = loadCore();
const fast = loadCore();
const installed = fastLexer(fast);

/** Every token of `bytes` as pdf.js's lexer reads it, with its state after each; an error ends the list. */
function tokens(core: Core, parts: Uint8Array[], known: boolean): string[] {
  const stream = parts.length === 1 ? new (core.Stream as never as new (b: Uint8Array) => object)(parts[0]) : new core.StreamsSequenceStream(parts.map((p) => new (core.Stream as never as new (b: Uint8Array) => object)(p)), null);
  const Lexer = core.Lexer as never as new (s: object, k: unknown) => { getObj(): unknown; currentChar: number; stream: { pos: number }; beginInlineImagePos: number };
  const lexer = new Lexer(stream, known ? core.EvaluatorPreprocessor.opMap : null);
  const out: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    let t: unknown;
    try {
      t = lexer.getObj();
    } catch (e) {
      out.push(`error ${(e as Error).message}`);
      break;
    }
    const shown = t === core.EOF ? 'EOF' : t instanceof (core.Cmd as never as new () => object) ? `cmd ${(t as { cmd: string }).cmd}` : t instanceof (core.Name as never as new () => object) ? `name ${(t as { name: string }).name}` : `${typeof t} ${Object.is(t, -0) ? '-0' : JSON.stringify(t)}`;
    out.push(`${shown} @${lexer.currentChar}/${lexer.stream.pos}/${lexer.beginInlineImagePos}`);
    if (t === core.EOF) break;
  }
  return out;
}

const PIECES = [
  ' ', '  ', '\n', '\r\n', '\t', '\f', '\0', '0', '12', '-3', '-.5', '.25', '3.', '1.2.3', '--4', '+5', '-\n6', '1e5', '2E-3', '4-5', '-', '.', '+',
  'q', 'Q', 'BT', 'ET', 'Tj', 'TJ', 'T*', "'", '"', 'Tf', 'BDC', 'BI', 'ID', 'EI', 'true', 'false', 'null', 'fals', 'nul', 'Tjx', 'qQ', 'BTET', 'abcdefgh', 'x'.repeat(130),
  '/F1', '/GS13', '/A#20B', '/#', '/#4', '/#zz', '/' + 'n'.repeat(130), '/', '/é',
  '<00C3>', '<00c3 00E1>', '<abc>', '<>', '<0G1>', '<12', '<<', '>>', '>', '<</K 2>>', '[', ']', '[<0012>-120<0034>]', '{', '}', ')',
  '(text)', '(a\\)b)', '(nested (x))', '%comment\n', '%', '\x80', '\xff', '\x01', '\x7f',
];

/** A made-up content stream: pieces joined with and without white space between them. */
function sample(seed: number): Uint8Array {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const out: string[] = [];
  for (let i = 0, n = 5 + rnd(40); i < n; i++) {
    out.push(PIECES[rnd(PIECES.length)]!);
    if (rnd(3)) out.push(' \n\t'[rnd(3)]!);
  }
  return Uint8Array.from(out.join(''), (c) => c.charCodeAt(0) & 0xff);
}

describe("pdf.js's lexer with the fast path", () => {
  // pdf.js warns of the junk on purpose in these streams, through console.log.
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('is put in for the pdf.js the project ships', () => {
    expect(installed).toBe(true);
  });

  it('reads every token, state and error as pdf.js does, with and without known operators', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const bytes = sample(seed);
      for (const known of [true, false]) expect(tokens(fast, [bytes], known), `seed ${seed}`).toEqual(tokens(plain, [bytes], known));
    }
  });

  it('reads a page of several content streams, a token cut by the end of one, as pdf.js does', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const bytes = sample(seed);
      const cut = [0, 1 + (seed % bytes.length), Math.max(1, bytes.length - 2), bytes.length].sort((a, b) => a - b);
      const parts = [bytes.subarray(cut[0], cut[1]), bytes.subarray(cut[1], cut[2]), bytes.subarray(cut[2], cut[3])];
      expect(tokens(fast, parts, true), `seed ${seed}`).toEqual(tokens(plain, parts, true));
    }
  });
});
