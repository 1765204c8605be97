// The one atomic file writer (CLI --fix, reports, the .mlguard/ store, the compliance report
// export): write a temp file in the target's folder, then rename it over the target, so readers
// never see a half-written file. Writes into a hostile tree are confined: `within` checks the
// *real* path of the destination (symlinks resolved), and `replaceLinks` never writes through a
// planted symlink (the rename replaces the link itself).
import { chmodSync, lstatSync, mkdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';

export interface AtomicWriteOptions {
  /** Create missing folders (a report to a mistyped folder should fail; the store creates its own). */
  createFolders?: boolean;
  /** Refuse (WriteEscapeError) unless the real path of the file written lies inside the real path of this folder. */
  within?: string;
  /** A symlink at `path` is replaced by the new file instead of being written through. */
  replaceLinks?: boolean;
}

/** A write that would land outside the folder it was confined to (through a symlink). */
export class WriteEscapeError extends Error {
  readonly code = 'ESCAPE';
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Whether `inner` (a real path) is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether a path, with every symlink resolved, lies inside `root` (also resolved); false when missing. */
export function isInsideReal(path: string, root: string): boolean {
  try {
    return isInside(realpathSync(path), realpathSync(root));
  } catch {
    return false;
  }
}

/**
 * Where writing `path` would really land (symlinks resolved) and its mode; throws
 * WriteEscapeError when that is outside `within`.
 */
function destination(path: string, options: AtomicWriteOptions): { target: string; mode?: number } {
  const link = lstatOrUndefined(path);
  let target = path;
  let mode: number | undefined;
  if (link?.isSymbolicLink() && !options.replaceLinks) {
    try {
      target = realpathSync(path);
    } catch {
      throw new WriteEscapeError(`refusing to write ${path}: it is a symbolic link to a missing file`);
    }
    mode = statSync(target).mode & 0o7777;
  } else if (link && !link.isSymbolicLink()) {
    mode = link.mode & 0o7777;
  }
  if (mode === undefined && options.createFolders) {
    // Judge containment on the deepest folder that exists before creating any (a symlinked
    // parent must not make us create folders outside).
    if (options.within !== undefined) {
      let existing = dirname(target);
      while (lstatOrUndefined(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
      if (!isInside(realpathSync(existing), realpathSync(options.within))) throw new WriteEscapeError(`refusing to write ${path}: ${existing} resolves outside ${options.within} (symbolic link?)`);
    }
    mkdirSync(dirname(target), { recursive: true });
  }
  if (options.within !== undefined) {
    const root = realpathSync(options.within);
    const real = join(realpathSync(dirname(target)), basename(target));
    if (!isInside(real, root)) throw new WriteEscapeError(`refusing to write ${path}: it resolves to ${real}, outside ${options.within} (symbolic link?)`);
  }
  return { target, mode };
}

/** Writes data to path atomically. An existing target keeps its permission bits. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const { target, mode } = destination(path, options);
  const tmp = join(dirname(target), `.${basename(target)}.mlguard-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
    if (mode !== undefined) chmodSync(tmp, mode); // the umask may have narrowed it
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw e;
  }
}
