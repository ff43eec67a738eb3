// Text decoding for TXT and HTML: the BOM decides, else strict UTF-8, else strict GB18030.
// Strict decoders so a file that is none of these fails loudly instead of becoming mojibake.
import { isUtf8 } from 'node:buffer';

export type Decoded = { ok: true; text: string; encoding: string; warning?: string } | { ok: false; error: string; kind: 'empty' | 'corrupt' };

/**
 * Bytes that are UTF-8 but for a character cut at the very end (a download or a copy that
 * stopped short): how many trailing bytes start a sequence they do not finish, else 0.
 */
export function cutUtf8Tail(bytes: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    return need > k ? k : 0;
  }
  return 0;
}

export function sniffBom(bytes: Uint8Array): { encoding: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/** One fatal decoder per encoding: they keep no state between whole-buffer calls. */
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function strict(encoding: string, bytes: Uint8Array): string | null {
  // UTF-8, nearly every file, is checked and decoded natively, several times faster than a
  // fatal TextDecoder; like one, it drops a byte order mark at the start.
  if (encoding === 'utf-8') {
    if (!isUtf8(bytes)) return null;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  try {
    let decoder = decoders.get(encoding);
    if (!decoder) decoders.set(encoding, (decoder = new TextDecoder(encoding, { fatal: true })));
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Share of characters that no text file holds (NUL and other C0 controls besides tab/CR/LF). */
function binaryShare(text: string): number {
  let bad = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return n ? bad / n : 0;
}

/** Decode with a declared encoding (from an HTML meta tag) tried first. */
export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  if (bytes.length === 0) return { ok: false, error: 'empty file', kind: 'empty' };
  const bom = sniffBom(bytes);
  const candidates: [string, Uint8Array][] = bom
    ? [[bom.encoding, bytes.subarray(bom.skip)]]
    : [
        ...(declared ? [[normaliseLabel(declared), bytes] as [string, Uint8Array]] : []),
        ['utf-8', bytes],
        ['gb18030', bytes],
      ];
  // UTF-8 that stops in the middle of its last character is read, with a warning, before it
  // could pass for GB18030 (which takes most byte sequences as some text).
  if (!bom || bom.encoding === 'utf-8') {
    const body = bom ? bytes.subarray(bom.skip) : bytes;
    const cut = isUtf8(body) ? 0 : cutUtf8Tail(body);
    const text = cut ? strict('utf-8', body.subarray(0, body.length - cut)) : null;
    if (text !== null && binaryShare(text) <= 0.01) {
      return { ok: true, text, encoding: 'utf-8', warning: `the file ends in the middle of a character (cut short?): its last ${cut} byte${cut > 1 ? 's' : ''} dropped` };
    }
  }
  for (const [encoding, body] of candidates) {
    let text: string | null;
    try {
      text = strict(encoding, body);
    } catch {
      text = null;
    }
    if (text === null) continue;
    if (binaryShare(text) > 0.01) return { ok: false, error: 'undecodable text: looks like binary data, not text', kind: 'corrupt' };
    return { ok: true, text, encoding };
  }
  return {
    ok: false,
    kind: 'corrupt',
    error: bom
      ? `undecodable text: invalid ${bom.encoding} after its byte-order mark`
      : 'undecodable text: neither UTF-8, UTF-16 with BOM nor GB18030',
  };
}

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  // GB2312 and GBK are subsets of GB18030; decoding with the superset never loses text.
  if (l === 'gb2312' || l === 'gbk' || l === 'x-gbk' || l === 'gb_2312-80' || l === 'cp936') return 'gb18030';
  try {
    new TextDecoder(l);
    return l;
  } catch {
    return 'utf-8';
  }
}
