// The one atomic file writer (CLI --fix, reports, the .mlguard/ store): write a temp file in the
// target's folder, then rename it over the target, so readers never see a half-written file.
import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes data to path atomically. An existing target keeps its permission bits and is written
 * through symlinks (the link stays a link); a missing one is created (with its folders only when
 * asked: a report written to a mistyped folder should fail, the .mlguard/ store creates its own).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { createFolders?: boolean } = {}): void {
  const exists = existsSync(path);
  const target = exists ? realpathSync(path) : path;
  const mode = exists ? statSync(target).mode & 0o7777 : undefined;
  if (!exists && options.createFolders) mkdirSync(dirname(target), { recursive: true });
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
