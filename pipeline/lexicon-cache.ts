// The index of jieba's general dictionary (its total frequency, and where the words of each
// first character lie), kept on disk. Building it walks the dictionary's 5 MB byte by byte, about
// as long as reading a small tender; reading it back is a hash of the bytes and 140 KB. The file
// is named and checked by the SHA-256 of the dictionary's bytes, so a changed dictionary never
// meets an old index; a missing, corrupt or unwritable cache only costs the build.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** What the Lexicon needs besides the bytes: built by one pass over them, or read back. */
export interface LexiconIndex {
  /** The sum of the frequencies of all its words. */
  total: number;
  /** Per first character: its UTF-8 bytes as one number, the start and the end of its lines, in triples. */
  firsts: Uint32Array;
}

/**
 * The file's first bytes: its format's version (a new layout takes a new one) and the byte order
 * its numbers are in, that of the machine that wrote it (an index copied to another reads as none).
 */
const MAGIC = Buffer.from(`TLX1${endianness()}`);
const DIGEST_BYTES = 32;
/** Magic, the dictionary's digest, the digest of what follows it, total (float64), count of triples (uint32). */
const HEADER_BYTES = MAGIC.length + 2 * DIGEST_BYTES + 8 + 4;
const BODY = MAGIC.length + 2 * DIGEST_BYTES;

/**
 * Where the index is looked for: `$TENDER_CACHE_DIR`, else `$XDG_CACHE_HOME/tender`, else
 * `~/.cache/tender`; the temp folder when there is no home to speak of, never a folder relative
 * to wherever the command runs. The build puts one beside the compiled dictionary too
 * (scripts/copy-assets.mjs).
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TENDER_CACHE_DIR && isAbsolute(env.TENDER_CACHE_DIR)) return env.TENDER_CACHE_DIR;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'tender');
  let home = '';
  try {
    home = homedir();
  } catch {
    // no home directory for this user
  }
  return isAbsolute(home) ? join(home, '.cache', 'tender') : join(tmpdir(), 'tender-cache');
}

export const indexFileName = (digest: Buffer) => `lexicon-${digest.toString('hex').slice(0, 16)}.idx`;

export function encodeIndex(digest: Buffer, index: LexiconIndex): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + index.firsts.byteLength);
  MAGIC.copy(out, 0);
  digest.copy(out, MAGIC.length);
  out.writeDoubleLE(index.total, BODY);
  out.writeUInt32LE(index.firsts.length / 3, BODY + 8);
  Buffer.from(index.firsts.buffer, index.firsts.byteOffset, index.firsts.byteLength).copy(out, HEADER_BYTES);
  digestOf(out.subarray(BODY)).copy(out, MAGIC.length + DIGEST_BYTES);
  return out;
}

/**
 * The index in `file` when it is one, of the dictionary with this digest; null otherwise. A file
 * changed after it was written fails its own digest: the search trusts what it reads.
 */
export function decodeIndex(file: Buffer, digest: Buffer): LexiconIndex | null {
  if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  if (!file.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES).equals(digest)) return null;
  if (!file.subarray(MAGIC.length + DIGEST_BYTES, BODY).equals(digestOf(file.subarray(BODY)))) return null;
  const count = file.readUInt32LE(BODY + 8);
  if (file.length !== HEADER_BYTES + count * 12) return null;
  const firsts = new Uint32Array(count * 3);
  Buffer.from(firsts.buffer).set(file.subarray(HEADER_BYTES));
  return { total: file.readDoubleLE(BODY), firsts };
}

export const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** Write `data` to `dir/name` whole or not at all (another process may be reading it); false when it cannot. */
export function writeAtomically(dir: string, name: string, data: Buffer): boolean {
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, join(dir, name));
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder was never made: nothing was left
    }
    return false;
  }
}

/** Where an index is read from, in turn, and where one built is written. */
export interface CacheDirs { readFrom: string[]; writeTo: string }

/**
 * The index of the dictionary `bytes`: read from the first of `readFrom` that holds it, else
 * built and written to `writeTo` when it takes it. The caller gets the index either way.
 */
export function cachedIndex(bytes: Uint8Array, build: (bytes: Uint8Array) => LexiconIndex, dirs: CacheDirs): LexiconIndex {
  const digest = digestOf(bytes);
  const name = indexFileName(digest);
  for (const dir of dirs.readFrom) {
    let file: Buffer;
    try {
      file = readFileSync(join(dir, name));
    } catch {
      continue;
    }
    const index = decodeIndex(file, digest);
    if (index) return index;
  }
  const index = build(bytes);
  writeAtomically(dirs.writeTo, name, encodeIndex(digest, index));
  return index;
}
