// Corrupt copies of real tender files, to show that no input can crash a run: bit flips,
// truncation, and for zip files (DOCX) shuffled, dropped or damaged entries.
// `npm run fuzz` writes 10,000 such files and runs `tender extract` on them.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

import { prng } from '../dataset/random.js';

export { prng };

interface ZipEntry { name: string; local: Buffer }

/** The entries of a zip as raw local records (header + data), read by walking local headers. */
function zipEntries(zip: Buffer): ZipEntry[] | null {
  const out: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= zip.length && zip.readUInt32LE(p) === 0x04034b50) {
    const flags = zip.readUInt16LE(p + 6);
    const size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extraLen = zip.readUInt16LE(p + 28);
    if (flags & 0x08) return null; // sizes in a data descriptor: not worth walking for a fuzzer
    const end = p + 30 + nameLen + extraLen + size;
    if (end > zip.length) return null;
    out.push({ name: zip.subarray(p + 30, p + 30 + nameLen).toString('utf8'), local: zip.subarray(p, end) });
    p = end;
  }
  return out.length ? out : null;
}

/** A zip from raw local records, with a central directory that matches them. */
function buildZip(entries: ZipEntry[]): Buffer {
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const h = e.local;
    const c = Buffer.alloc(46 + h.readUInt16LE(26));
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    h.copy(c, 6, 4, 28); // version needed … file name length, as in the local header
    c.writeUInt16LE(0, 30); // no extra field in the directory
    c.writeUInt32LE(offset, 42);
    h.copy(c, 46, 30, 30 + h.readUInt16LE(26));
    central.push(c);
    offset += h.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...entries.map((e) => e.local), cd, end]);
}

export type Mutation = 'bitflip' | 'truncate' | 'zero-run' | 'zip-shuffle' | 'zip-drop' | 'zip-damage' | 'docx-xml' | 'html-structure';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip entry with its (deflated or stored) text rewritten, sizes and checksum made to match. */
function rewriteEntry(e: ZipEntry, fn: (text: string) => string): ZipEntry {
  const h = e.local;
  const method = h.readUInt16LE(8);
  const start = 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  const data = h.subarray(start);
  const text = fn((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
  const plain = Buffer.from(text, 'utf8');
  const packed = method === 8 ? deflateRawSync(plain) : plain;
  const head = Buffer.from(h.subarray(0, start));
  head.writeUInt32LE(crc32(plain), 14);
  head.writeUInt32LE(packed.length, 18);
  head.writeUInt32LE(plain.length, 22);
  return { name: e.name, local: Buffer.concat([head, packed]) };
}

/**
 * Changes to the structure of markup that parsers must survive: entity declarations and
 * references, huge spans and grid gaps, nesting thousands deep, character references to lone
 * surrogates. `xml` is WordprocessingML (w: prefix) or HTML.
 */
export function mutateMarkup(text: string, rand: () => number, kind: 'docx' | 'html'): string {
  const big = () => String(10 ** (3 + Math.floor(rand() * 7)));
  const deep = 1000 + Math.floor(rand() * 50_000);
  const pick = Math.floor(rand() * 5);
  if (kind === 'docx') {
    switch (pick) {
      case 0: return text.replace(/^(<\?xml[^>]*\?>)?/, (m) => `${m}<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`).replace(/<w:t>/, '<w:t>&b;');
      case 1: return text.replace(/<w:gridSpan w:val="\d+"\/>/g, () => `<w:gridSpan w:val="${big()}"/>`).replace(/<w:trPr>/, `<w:trPr><w:gridBefore w:val="${big()}"/>`);
      case 2: return text.replace(/<w:body>/, `<w:body>${'<w:tbl><w:tr><w:tc>'.repeat(deep)}<w:p/>${'</w:tc></w:tr></w:tbl>'.repeat(deep)}`);
      case 3: return text.replace(/<w:t([^>]*)>/, '<w:t$1>&#xD800;&#xFFFE;');
      default: return text.replace(/<w:vMerge w:val="restart"\/>/g, '<w:vMerge w:val="restart"/><w:gridSpan w:val="60000"/>');
    }
  }
  switch (pick) {
    case 0: return text.replace(/<td/g, () => `<td rowspan="${big()}" colspan="${big()}"`);
    case 1: return text.replace(/<body[^>]*>/i, (m) => `${m}${'<div><span>'.repeat(deep)}`);
    case 2: return text.replace(/<\/table>/i, `${'<table><tr><td>'.repeat(Math.min(deep, 5000))}x${'</td></tr></table>'.repeat(Math.min(deep, 5000))}</table>`);
    case 3: return text.replace(/<td>/, '<td>&#xD800;&#0;&#x1;');
    default: return text.replace(/<!DOCTYPE[^>]*>/i, '<!DOCTYPE html [<!ENTITY x "xxxxxxxxxx">]>').replace(/<td>/g, '<td>&x;');
  }
}

export function mutate(input: Buffer, rand: () => number, isZip: boolean): { bytes: Buffer; mutation: Mutation } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const html = !isZip && /<(html|table|body)/i.test(input.subarray(0, 4096).toString('latin1'));
  const kinds: Mutation[] = isZip ? ['bitflip', 'truncate', 'zero-run', 'zip-shuffle', 'zip-drop', 'zip-damage', 'docx-xml']
    : html ? ['bitflip', 'truncate', 'zero-run', 'html-structure'] : ['bitflip', 'truncate', 'zero-run'];
  const mutation = pick(kinds);
  const bytes = Buffer.from(input);
  // Byte for byte (latin1): a GBK page must stay GBK; the markup added is ASCII.
  if (mutation === 'html-structure') return { bytes: Buffer.from(mutateMarkup(bytes.toString('latin1'), rand, 'html'), 'latin1'), mutation };
  if (mutation === 'bitflip') {
    const flips = 1 + Math.floor(rand() * 32);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(rand() * bytes.length);
      bytes[at] ^= 1 << Math.floor(rand() * 8);
    }
    return { bytes, mutation };
  }
  if (mutation === 'truncate') return { bytes: bytes.subarray(0, Math.floor(rand() * bytes.length)), mutation };
  if (mutation === 'zero-run') {
    const at = Math.floor(rand() * bytes.length);
    bytes.fill(0, at, Math.min(bytes.length, at + 1 + Math.floor(rand() * 4096)));
    return { bytes, mutation };
  }
  const entries = zipEntries(bytes);
  if (!entries) return { bytes: bytes.subarray(0, bytes.length >> 1), mutation: 'truncate' };
  if (mutation === 'zip-shuffle') {
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return { bytes: buildZip(entries), mutation };
  }
  if (mutation === 'docx-xml') {
    const at = entries.findIndex((e) => e.name === 'word/document.xml');
    if (at < 0) return { bytes: buildZip(entries), mutation };
    entries[at] = rewriteEntry(entries[at], (xml) => mutateMarkup(xml, rand, 'docx'));
    return { bytes: buildZip(entries), mutation };
  }
  if (mutation === 'zip-drop') {
    const victim = rand() < 0.5 ? entries.findIndex((e) => e.name === 'word/document.xml') : Math.floor(rand() * entries.length);
    entries.splice(victim < 0 ? 0 : victim, 1);
    return { bytes: buildZip(entries), mutation };
  }
  // zip-damage: corrupt the compressed data of one entry, keeping the zip structure intact.
  const e = pick(entries);
  const start = 30 + e.local.readUInt16LE(26) + e.local.readUInt16LE(28);
  const damaged = Buffer.from(e.local);
  for (let i = start; i < damaged.length; i += 1 + Math.floor(rand() * 64)) damaged[i] ^= 0xff;
  entries[entries.indexOf(e)] = { name: e.name, local: damaged };
  return { bytes: buildZip(entries), mutation };
}

/** Tender files under `dirs` to mutate. */
export function fuzzSources(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(txt|html?|docx|pdf)$/i.test(name)) out.push(p);
    }
  };
  for (const d of dirs) {
    try {
      walk(d);
    } catch {
      /* a fixture folder that does not exist yet */
    }
  }
  return out.sort();
}

/** Write `count` mutated files into `dir`; returns their paths. */
export function writeFuzzCorpus(sources: string[], dir: string, count: number, seed = 1): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const inputs = sources.map((s) => ({ path: s, bytes: readFileSync(s) }));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = inputs[i % inputs.length];
    const ext = extname(src.path).toLowerCase();
    const { bytes, mutation } = mutate(src.bytes, rand, ext === '.docx');
    const file = join(dir, `${String(i).padStart(5, '0')}-${mutation}${ext}`);
    writeFileSync(file, bytes);
    files.push(file);
  }
  return files;
}
