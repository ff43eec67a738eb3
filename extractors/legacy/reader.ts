// Legacy Word (.doc) and WPS (.wps) files: binary formats no JavaScript library reads well, so
// LibreOffice converts them to DOCX when it is installed, in a folder of their own, with a time
// limit. Files that only carry the extension (a DOCX or an HTML page saved as .doc, which
// procurement sites serve) are read as what they are.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { running, TEMP_PREFIX } from './temp.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readDocxDirect } from '../docx/direct.js';
import { isZip } from '../docx/zip.js';
import { readHtml } from '../html/reader.js';
import type { ReadContext, ReadResult, Reader } from '../model.js';

export const LEGACY_ERROR = 'legacy Word .doc: convert it to .docx (soffice --headless --convert-to docx FILE)';

const DEFAULT_TIMEOUT_MS = 120_000;

/** LibreOffice's command on PATH, or null. */
export function findSoffice(path = process.env.PATH ?? ''): string | null {
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice'];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export const isOle = (bytes: Uint8Array): boolean => OLE.every((b, i) => bytes[i] === b);

/** An Office file encrypted with a password is an OLE container holding an EncryptedPackage stream. */
export function isEncryptedOffice(bytes: Buffer): boolean {
  return isOle(bytes) && bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'));
}

function looksLikeHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || (head.startsWith('<') && head.includes('<html'));
}

/** Share of the file's time limit a conversion may take. */
const OWN_SHARE = 0.9;

export interface LegacyDeps {
  /** Where soffice is; injectable so tests can take it away. */
  findSoffice?: () => string | null;
}

/** Converts with LibreOffice and reads the DOCX it writes. */
async function convertAndRead(soffice: string, bytes: Buffer, ctx: ReadContext): Promise<ReadResult> {
  const dir = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  try {
    const ext = extname(ctx.source).toLowerCase() || '.doc';
    const input = join(dir, `input${ext === '.docx' ? '.doc' : ext}`);
    await writeFile(input, bytes);
    // Ends before the file's own limit, so that this process, not the pool's kill, ends LibreOffice.
    const limit = Math.max(100, Math.floor((ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS) * OWN_SHARE));
    // Its own profile folder: two conversions sharing one would wait on each other's lock.
    const args = [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--norestore', '--nologo', '--convert-to', 'docx', '--outdir', dir, input];
    const run = await runWithLimit(soffice, args, limit, dir);
    if (run === 'timeout') return { ok: false, kind: 'timeout', error: `legacy Word .doc: LibreOffice did not convert it within ${Number((limit / 1000).toPrecision(2))} s` };
    let docx: Buffer;
    try {
      docx = await readFile(join(dir, 'input.docx'));
    } catch {
      const why = run.stderr.split('\n').map((l) => l.trim()).find(Boolean);
      return { ok: false, kind: 'corrupt', error: `legacy Word .doc: LibreOffice could not convert it${why ? ` (${why})` : ''}` };
    }
    return readDocxDirect(docx);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runWithLimit(cmd: string, args: string[], limitMs: number, dir: string): Promise<{ stderr: string } | 'timeout'> {
  return new Promise((resolve) => {
    // Detached, so the whole process group (soffice starts soffice.bin) can be ended on timeout.
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    if (child.pid) {
      running.set(child.pid, dir);
      try {
        writeFileSync(join(dir, 'pgid'), String(child.pid));
      } catch {
        // the sweep then only removes the folder
      }
    }
    const done = () => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group ended with its leader
        }
        running.delete(child.pid);
      }
    };
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      done();
      resolve('timeout');
    }, limitMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      done();
      resolve({ stderr: e.message });
    });
    child.on('close', () => {
      clearTimeout(timer);
      done();
      resolve({ stderr });
    });
  });
}

/** Reads a file in a legacy Word format (or whatever it really is). */
export async function readLegacy(bytes: Buffer, ctx: ReadContext, deps: LegacyDeps = {}): Promise<ReadResult> {
  if (isZip(bytes)) return readDocxDirect(bytes);
  if (looksLikeHtml(bytes)) return readHtml(bytes);
  if (isEncryptedOffice(bytes)) return { ok: false, kind: 'encrypted', error: 'password-protected Word file: remove the password in Word and save it again' };
  const soffice = (deps.findSoffice ?? findSoffice)();
  if (!soffice) return { ok: false, kind: 'unsupported', error: LEGACY_ERROR };
  return convertAndRead(soffice, bytes, ctx);
}

export function legacyReaderWith(deps: LegacyDeps): Reader {
  return {
    read: (bytes, ctx) => readLegacy(bytes, ctx, deps),
  };
}

export const legacyReader = legacyReaderWith({});
