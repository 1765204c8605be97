// `mlguard audit --diff <ref>` / `--changed`: only the files a pull request or the working tree
// changed. Git is run with a fixed argument vector (no shell); the ref is resolved to a commit
// with `rev-parse --verify` first and may not look like an option, so nothing from the command
// line reaches git as anything but a revision name.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io';

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new UsageError('--diff/--changed need git on PATH', 'audit');
    throw new UsageError(`git ${args[0]} failed: ${String(err.stderr ?? err.message).trim().split('\n')[0]}`, 'audit');
  }
}

const names = (out: string): string[] => out.split('\0').filter(Boolean);

/**
 * Absolute paths of the files changed (added, copied, modified, renamed, type-changed) since the
 * merge base of `ref` and HEAD, including uncommitted and untracked files; `ref` = HEAD for --changed.
 */
export function changedFiles(cwd: string, ref: string): (absPath: string) => boolean {
  if (ref === '' || ref.startsWith('-') || /[\0\s]/.test(ref)) throw new UsageError(`invalid git revision '${ref}' for --diff`, 'audit');
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new UsageError(`unknown git revision '${ref}'`, 'audit');
  const base = ref === 'HEAD' ? commit : git(cwd, ['merge-base', commit, 'HEAD']).trim();
  const changed = names(git(top, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', base, '--']));
  const untracked = names(git(top, ['ls-files', '--others', '--exclude-standard', '-z']));
  const set = new Set([...changed, ...untracked].map((p) => resolve(top, p)));
  // git prints paths under the real top-level folder; the working directory may be reached through a symlink.
  return (absPath) => {
    if (set.has(absPath)) return true;
    try {
      return set.has(realpathSync(absPath));
    } catch {
      return false;
    }
  };
}
