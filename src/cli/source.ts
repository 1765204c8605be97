// Turns file bytes into analysable text, or a one-line reason to skip the file. UTF-8 only:
// Python 3 source is UTF-8 by default (PEP 3120) and guessing another encoding would give wrong
// positions and could corrupt a file on --fix, so anything else is skipped with the byte offset.
export type Decoded = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [len, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [len, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [len, min] = [4, 0x10000];
    else return i;
    if (i + len > n) return i;
    let cp = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

function codingCookie(buf: Uint8Array): string | undefined {
  const head = Buffer.from(buf.subarray(0, 400)).toString('latin1').split(/\r?\n|\r/).slice(0, 2);
  for (const line of head) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

export function decodeSource(buf: Uint8Array): Decoded {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    return { ok: false, reason: 'UTF-16 encoded (byte-order mark), skipped: save it as UTF-8' };
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) return { ok: false, reason: `binary file (NUL byte at byte ${nul}), skipped` };
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  try {
    return { ok: true, text: utf8.decode(body), bom };
  } catch {
    const at = firstInvalidUtf8(body) + (bom ? 3 : 0);
    const cookie = codingCookie(buf);
    const declared = cookie && !/^utf-?8/i.test(cookie) ? ` (declared coding "${cookie}" is not supported: convert the file to UTF-8)` : '';
    return { ok: false, reason: `not UTF-8 at byte ${at}, skipped${declared}` };
  }
}
