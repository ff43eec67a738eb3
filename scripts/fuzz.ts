// Corrupt copies of real tender files, to show that no input can crash a run: bit flips,
// truncation, and for zip files (DOCX) shuffled, dropped or damaged entries.
// `npm run fuzz` writes 10,000 such files and runs `tender extract` on them.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** A small deterministic PRNG, so a failing case can be made again from its seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

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

export type Mutation = 'bitflip' | 'truncate' | 'zero-run' | 'zip-shuffle' | 'zip-drop' | 'zip-damage';

export function mutate(input: Buffer, rand: () => number, isZip: boolean): { bytes: Buffer; mutation: Mutation } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const kinds: Mutation[] = isZip ? ['bitflip', 'truncate', 'zero-run', 'zip-shuffle', 'zip-drop', 'zip-damage'] : ['bitflip', 'truncate', 'zero-run'];
  const mutation = pick(kinds);
  const bytes = Buffer.from(input);
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
