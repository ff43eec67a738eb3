// Inputs: files and folders (recursive), hidden entries skipped, in a stable order. Names are
// read as bytes: a Chinese name in GBK (a Windows archive unzipped here) is still a file to
// read, shown decoded. Links to files are followed; entries that are not files are reported.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Inputs {
  files: string[];
  /** Paths given that do not exist. */
  missing: string[];
  /** Files whose name is not UTF-8: the bytes of their path, to read them by. */
  rawPaths: Map<string, Buffer>;
  /** Entries found that are no regular file, and why they are not read (a FIFO, a dangling link). */
  special: Map<string, string>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** A file name's bytes as text: UTF-8, else GB18030 (what Chinese Windows writes). */
export function nameOf(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

/** Why an entry that is not a file or folder is not read. */
function kindOf(s: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export async function collectInputs(paths: string[]): Promise<Inputs> {
  const out: Inputs = { files: [], missing: [], rawPaths: new Map(), special: new Map() };
  const seenDirs = new Set<string>();
  const add = (shown: string, raw: Buffer) => {
    out.files.push(shown);
    if (!raw.equals(Buffer.from(shown))) out.rawPaths.set(shown, raw);
  };
  const walk = async (raw: Buffer, shown: string): Promise<void> => {
    // A link back up the tree would walk for ever: each real folder once.
    const real = await realpath(raw).catch(() => null);
    if (real !== null) {
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
    }
    const entries = await readdir(raw, { withFileTypes: true, encoding: 'buffer' });
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const e of entries) {
      if (e.name[0] === 0x2e) continue; // a hidden entry (.name)
      const childRaw = Buffer.concat([raw, Buffer.from('/'), e.name]);
      const childShown = join(shown, nameOf(e.name));
      if (e.isDirectory()) await walk(childRaw, childShown);
      else if (e.isFile()) add(childShown, childRaw);
      else if (e.isSymbolicLink()) {
        const target = await stat(childRaw).catch(() => null);
        if (!target) out.special.set(childShown, 'dangling symbolic link: its target does not exist');
        else if (target.isDirectory()) await walk(childRaw, childShown);
        else if (target.isFile()) add(childShown, childRaw);
        else out.special.set(childShown, `a link to ${kindOf(target)}`);
      } else {
        out.special.set(childShown, kindOf(e));
      }
    }
  };
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      out.missing.push(p);
      continue;
    }
    if (s.isDirectory()) await walk(Buffer.from(p), p);
    else if (s.isFile()) out.files.push(p);
    else out.special.set(p, kindOf(s));
  }
  out.files = [...new Set(out.files)];
  for (const f of out.special.keys()) out.files.push(f);
  return out;
}
