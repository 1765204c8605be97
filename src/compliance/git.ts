// The one way MLGuard runs git (sign-off provenance, suppression authors): a fixed argv, never a
// shell, and the repository's own hooks, fsmonitor, pagers, diff drivers and signature programs
// overridden, so a hostile `.git/config` cannot make MLGuard run code.
import { spawnSync } from 'node:child_process';
import { readRegularText, SMALL_FILE_LIMIT } from '../engine/read-file';

// Overrides for anything in a repository's config that would make git run a program.
const SAFE_GIT = [
  '--no-pager',
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'diff.external=',
  '-c', 'gpg.program=gpg',
  '-c', 'gpg.ssh.program=ssh-keygen',
  '-c', 'gpg.x509.program=gpgsm',
  '-c', 'protocol.allow=never',
];

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs git in `cwd`; `input` is written to its stdin (e.g. `blame --contents -`). */
export function git(cwd: string, args: string[], options: { timeoutMs?: number; input?: string } = {}): GitResult {
  const r = spawnSync('git', [...SAFE_GIT, ...args], {
    cwd,
    encoding: 'utf8',
    shell: false,
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '' },
  });
  if (r.error) return { ok: false, stdout: '', stderr: r.error.message, status: null };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The work tree's top level, or why there is none. */
export function gitTopLevel(dir: string): { ok: true; toplevel: string } | { ok: false; reason: string } {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { ok: false, reason: /dubious ownership/.test(top.stderr) ? 'git refuses this repository (dubious ownership: see git config safe.directory)' : 'not a git work tree' };
  return { ok: true, toplevel: top.stdout.trim() };
}

/** A shallow clone's graft commits: they look like roots, so their lines may be older than they claim. */
export function shallowGrafts(toplevel: string): Set<string> {
  const grafts = new Set<string>();
  if (git(toplevel, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true') {
    const file = git(toplevel, ['rev-parse', '--path-format=absolute', '--git-path', 'shallow']).stdout.trim();
    const read = file ? readRegularText(file, { limit: SMALL_FILE_LIMIT }) : undefined;
    if (read?.ok) for (const l of read.text.split('\n')) if (l.trim()) grafts.add(l.trim());
  }
  return grafts;
}

export interface BlameLine {
  commit: string;
  author: string;
  /** Author time, seconds since the epoch (0 when git did not say). */
  authorTime: number;
  /** 1-based line number in the blamed (final) text. */
  line: number;
  content: string;
  /** The line is older than the history available (a shallow clone's graft). */
  boundary: boolean;
}

/** An all-zero commit id: the line is not committed (git blame's "Not Committed Yet"). */
export const isUncommitted = (commit: string): boolean => /^0+$/.test(commit);

/** Parses `git blame --line-porcelain`: a header per line, then the line prefixed by a tab. */
export function parseLinePorcelain(out: string): BlameLine[] {
  const lines: BlameLine[] = [];
  let commit = '';
  let author = '';
  let authorTime = 0;
  let line = 0;
  let boundary = false;
  for (const l of out.split('\n')) {
    if (l.startsWith('\t')) {
      lines.push({ commit, author, authorTime, line, content: l.slice(1), boundary });
      continue;
    }
    const head = /^([0-9a-f]{40,64}) \d+ (\d+)/.exec(l);
    if (head) {
      commit = head[1];
      line = Number(head[2]);
      boundary = false;
    } else if (l.startsWith('author ')) author = l.slice(7);
    else if (l.startsWith('author-time ')) authorTime = Number(l.slice(12)) || 0;
    else if (l === 'boundary') boundary = true;
  }
  return lines;
}
