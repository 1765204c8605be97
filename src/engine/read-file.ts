// The one way MLGuard reads a file from a workspace (sources, notebooks, configuration, .gitignore,
// baselines, the .mlguard/ store): a hostile repository may commit `model.py -> /dev/zero` or
// hold a FIFO named `pyproject.toml`, so the file is opened without blocking, the *opened
// descriptor* is checked to be a regular file (no check-then-open race), and at most limit + 1
// bytes are read, whatever the file claims its size to be.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type ReadOutcome =
  | { ok: true; bytes: Buffer; stat: Stats }
  /** `reason` is a short phrase for a note ("not a regular file (FIFO)"); code is the errno or ours. */
  | { ok: false; code: 'ENOENT' | 'NOT_REGULAR' | 'TOO_LARGE' | 'SYMLINK' | string; reason: string; size?: number };

export interface ReadOptions {
  /** Most bytes accepted; a longer file is refused (TOO_LARGE) after reading limit + 1 bytes. */
  limit: number;
  /** Refuse a symbolic link as the last path component (the .mlguard/ store). */
  noFollow?: boolean;
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'FIFO';
  if (s.isCharacterDevice()) return 'character device';
  if (s.isBlockDevice()) return 'block device';
  if (s.isSocket()) return 'socket';
  if (s.isDirectory()) return 'folder';
  return 'special file';
}

function describeError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'is a symbolic link (not followed here)';
    default:
      return e.code ?? e.message;
  }
}

/** Reads a regular file, bounded; never throws for I/O problems. */
export function readRegularFile(path: string, options: ReadOptions): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
    fd = openSync(path, flags);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, code: err.code === 'ELOOP' ? 'SYMLINK' : (err.code ?? 'EIO'), reason: describeError(err) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, code: 'NOT_REGULAR', reason: `not a regular file (${kindOf(stat)})` };
    if (stat.size > options.limit) return { ok: false, code: 'TOO_LARGE', reason: `larger than ${options.limit} bytes`, size: stat.size };
    // The size is only a hint (the file may grow while we read, procfs files report 0): read in
    // chunks up to limit + 1 bytes and judge by what was actually read.
    const cap = options.limit + 1;
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(cap, Math.max(stat.size + 1, 64 * 1024)));
    for (;;) {
      const want = Math.min(chunk.length, cap - total);
      if (want <= 0) break;
      let n: number;
      try {
        n = readSync(fd, chunk, 0, want, null);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN') continue; // a regular file never blocks; be safe anyway
        return { ok: false, code: err.code ?? 'EIO', reason: describeError(err) };
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (n === chunk.length && chunk.length < 1024 * 1024) chunk = Buffer.allocUnsafe(Math.min(cap, chunk.length * 2));
    }
    if (total > options.limit) return { ok: false, code: 'TOO_LARGE', reason: `larger than ${options.limit} bytes`, size: total };
    return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), stat };
  } finally {
    closeSync(fd);
  }
}

/** Text of a small regular file (configuration, .gitignore, store files), or why it cannot be read. */
export function readRegularText(path: string, options: ReadOptions): { ok: true; text: string } | Extract<ReadOutcome, { ok: false }> {
  const r = readRegularFile(path, options);
  if (!r.ok) return r;
  return { ok: true, text: r.bytes.toString('utf8') };
}

/** Limit for configuration-like files (pyproject.toml, mlguard.toml, .gitignore, .mlguard/ files). */
export const SMALL_FILE_LIMIT = 4 * 1024 * 1024;
