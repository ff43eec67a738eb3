// A DOCX is a ZIP archive. This reads its central directory ourselves (no zip library) because
// the directory states every part's inflated size before anything is inflated: a zip bomb is
// refused up front, and each part is inflated with its stated size as a hard cap, so a
// directory that lies cannot blow up memory either.
import { inflateRawSync } from 'node:zlib';

export const MAX_INFLATED_BYTES = 200 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipOpened = { ok: true; zip: ZipArchive } | { ok: false; error: string; kind: 'corrupt' | 'too_large' };

/** A part that cannot be read; turned into an error value at the reader's boundary. */
export class ZipPartError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7);
}

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();

  constructor(private readonly bytes: Buffer, readonly entries: ZipEntry[]) {
    for (const e of entries) {
      this.byName.set(e.name, e);
      this.byLowerName.set(e.name.toLowerCase(), e);
    }
  }

  /** Part names are case-insensitive in OPC packages, and some writers vary the case. */
  private find(name: string): ZipEntry | undefined {
    const n = name.replace(/^\/+/, '');
    return this.byName.get(n) ?? this.byLowerName.get(n.toLowerCase());
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  get inflatedSize(): number {
    return this.entries.reduce((sum, e) => sum + e.size, 0);
  }

  /** The inflated bytes of a part; throws ZipPartError when the part is broken or lies about its size. */
  read(name: string): Buffer {
    const e = this.find(name);
    if (!e) throw new ZipPartError(`corrupt DOCX: part ${name} is missing`);
    if (e.flags & 1) throw new ZipPartError(`encrypted DOCX: part ${e.name} is password-protected`);
    const b = this.bytes;
    if (e.localOffset + 30 > b.length || b.readUInt32LE(e.localOffset) !== LOCAL) {
      throw new ZipPartError(`corrupt DOCX: part ${e.name} is not where the zip directory says`);
    }
    const start = e.localOffset + 30 + b.readUInt16LE(e.localOffset + 26) + b.readUInt16LE(e.localOffset + 28);
    if (start + e.compressedSize > b.length) throw new ZipPartError(`corrupt DOCX: part ${e.name} is truncated`);
    const data = b.subarray(start, start + e.compressedSize);
    if (e.method === 0) return Buffer.from(data.subarray(0, e.size));
    if (e.method !== 8) throw new ZipPartError(`corrupt DOCX: part ${e.name} uses unsupported compression method ${e.method}`);
    try {
      return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new ZipPartError(`corrupt DOCX: part ${e.name} inflates to more than its zip directory says (refused as a possible zip bomb)`);
      }
      throw new ZipPartError(`corrupt DOCX: part ${e.name} does not inflate (${(err as Error).message})`);
    }
  }
}

/** Opens the archive and checks its stated total size against the limit. */
export function openZip(bytes: Buffer, maxInflated = MAX_INFLATED_BYTES): ZipOpened {
  if (!isZip(bytes)) return { ok: false, kind: 'corrupt', error: 'corrupt DOCX: not a zip archive' };
  const dir = readDirectory(bytes);
  if (typeof dir === 'string') return { ok: false, kind: 'corrupt', error: dir };
  const zip = new ZipArchive(bytes, dir);
  const total = zip.inflatedSize;
  if (total > maxInflated) {
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    return { ok: false, kind: 'too_large', error: `DOCX too large: it inflates to ${mb(total)} MB, over the ${mb(maxInflated)} MB limit (refused as a possible zip bomb)` };
  }
  return { ok: true, zip };
}

function readDirectory(b: Buffer): ZipEntry[] | string {
  const broken = 'corrupt DOCX: broken zip directory (truncated download?)';
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return broken;
  let count = b.readUInt16LE(eocd + 10);
  let dirOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || b.readUInt32LE(loc) !== ZIP64_LOCATOR) return broken;
    const z = Number(b.readBigUInt64LE(loc + 8));
    if (z + 56 > b.length || b.readUInt32LE(z) !== ZIP64_EOCD) return broken;
    count = Number(b.readBigUInt64LE(z + 32));
    dirOffset = Number(b.readBigUInt64LE(z + 48));
  }
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== CENTRAL) return broken;
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen > b.length) return broken;
    const entry: ZipEntry = {
      name: b.toString('utf8', p + 46, p + 46 + nameLen),
      flags: b.readUInt16LE(p + 8),
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      size: b.readUInt32LE(p + 24),
      localOffset: b.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, b.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Sizes and offsets that overflow 32 bits live in the ZIP64 extra field, in this order. */
function applyZip64Extra(e: ZipEntry, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 1) {
      let r = q + 4;
      const next = (): number | null => (r + 8 <= q + 4 + len && r + 8 <= extra.length ? Number(extra.readBigUInt64LE((r += 8) - 8)) : null);
      if (e.size === 0xffffffff) e.size = next() ?? e.size;
      if (e.compressedSize === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
      if (e.localOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
      return;
    }
    q += 4 + len;
  }
}
