// What the hash chain cannot prove: anyone can edit signoffs.jsonl and recompute every hash. Git
// history can: `mlguard verify` asks git which commit introduced each sign-off line (git blame)
// and checks that its author is the signer, and — when that commit is signed — that git accepts
// its signature (git verify-commit). Git runs with a fixed argv (never a shell) and with the
// repository's own hooks, fsmonitor, pagers and signature programs overridden, so a hostile
// `.git/config` cannot make `verify` run code.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { readRegularText, SMALL_FILE_LIMIT } from '../engine/read-file';
import type { SignoffEntry } from './signoffs';

export type Provenance =
  /** Introduced by a commit whose author is the signer (and whose signature, if any, verifies). */
  | { kind: 'vouched'; commit: string; author: string; signed: boolean }
  | { kind: 'uncommitted' }
  /** The introducing commit is beyond a shallow clone's history: nothing can be said. */
  | { kind: 'shallow' }
  | { kind: 'author-mismatch'; commit: string; author: string }
  | { kind: 'bad-signature'; commit: string; author: string; detail: string };

export interface ProvenanceReport {
  /** False when the folder is not in a git work tree or git is unusable (reason says why). */
  available: boolean;
  reason?: string;
  /** Per sign-off hash. */
  bySignoff: Map<string, Provenance>;
}

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

function git(cwd: string, args: string[], timeoutMs = 30_000): { ok: boolean; stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('git', [...SAFE_GIT, ...args], {
    cwd,
    encoding: 'utf8',
    shell: false,
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '' },
  });
  if (r.error) return { ok: false, stdout: '', stderr: r.error.message, status: null };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

interface BlameLine {
  commit: string;
  author: string;
  content: string;
  /** The line is older than the history available (a shallow clone's graft). */
  boundary: boolean;
}

/** Parses `git blame --line-porcelain`: a header per line, then the line prefixed by a tab. */
export function parseLinePorcelain(out: string): BlameLine[] {
  const lines: BlameLine[] = [];
  let commit = '';
  let author = '';
  let boundary = false;
  for (const l of out.split('\n')) {
    if (l.startsWith('\t')) {
      lines.push({ commit, author, content: l.slice(1), boundary });
      continue;
    }
    const head = /^([0-9a-f]{40,64}) \d+ \d+/.exec(l);
    if (head) {
      commit = head[1];
      boundary = false;
    } else if (l.startsWith('author ')) author = l.slice(7);
    else if (l === 'boundary') boundary = true;
  }
  return lines;
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Cross-checks every entry of the sign-off log at `logFile` (absolute) against git history. */
export function crossCheckSignoffs(root: string, logFile: string, entries: readonly SignoffEntry[]): ProvenanceReport {
  const bySignoff = new Map<string, Provenance>();
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { available: false, reason: /dubious ownership/.test(top.stderr) ? 'git refuses this repository (dubious ownership: see git config safe.directory)' : 'not a git work tree', bySignoff };
  const toplevel = top.stdout.trim();
  const rel = relative(toplevel, logFile).split('\\').join('/');
  const tracked = git(toplevel, ['ls-files', '--error-unmatch', '--', rel]);
  if (!tracked.ok) {
    for (const e of entries) bySignoff.set(e.hash, { kind: 'uncommitted' });
    return { available: true, bySignoff };
  }
  // --root: a root commit introduced its lines; only a shallow clone's graft is a boundary.
  const blame = git(toplevel, ['blame', '--line-porcelain', '--root', '--no-textconv', '--', rel]);
  if (!blame.ok) return { available: false, reason: `git blame failed: ${blame.stderr.split('\n')[0]}`, bySignoff };
  // A shallow clone's graft commits look like roots: their lines may be older than they claim.
  const grafts = new Set<string>();
  if (git(toplevel, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true') {
    const file = git(toplevel, ['rev-parse', '--path-format=absolute', '--git-path', 'shallow']).stdout.trim();
    const read = file ? readRegularText(file, { limit: SMALL_FILE_LIMIT }) : undefined;
    if (read?.ok) for (const l of read.text.split('\n')) if (l.trim()) grafts.add(l.trim());
  }
  const hashOf = (content: string): string | undefined => {
    try {
      const v = JSON.parse(content) as { hash?: unknown };
      return typeof v.hash === 'string' ? v.hash : undefined;
    } catch {
      return undefined;
    }
  };
  const byHash = new Map<string, BlameLine>();
  for (const b of parseLinePorcelain(blame.stdout)) {
    const h = hashOf(b.content.replace(/\r$/, ''));
    if (h) byHash.set(h, b);
  }
  const signatures = new Map<string, { signed: boolean; good: boolean; detail: string }>();
  const signatureOf = (commit: string): { signed: boolean; good: boolean; detail: string } => {
    let s = signatures.get(commit);
    if (!s) {
      // A signature header (even one git's %G? cannot parse) means the commit claims to be signed.
      const headers = git(toplevel, ['cat-file', 'commit', commit]).stdout.split('\n\n')[0];
      if (!/^gpgsig(-sha256)? /m.test(headers)) s = { signed: false, good: true, detail: 'unsigned' };
      else {
        const v = git(toplevel, ['verify-commit', commit]);
        s = { signed: true, good: v.ok, detail: v.ok ? 'good signature' : `git verify-commit failed: ${v.stderr.split('\n').find((l) => l.trim()) ?? ''}`.trim() };
      }
      signatures.set(commit, s);
    }
    return s;
  };
  for (const e of entries) {
    const b = byHash.get(e.hash);
    if (!b || /^0+$/.test(b.commit)) {
      bySignoff.set(e.hash, { kind: 'uncommitted' });
      continue;
    }
    if (b.boundary || grafts.has(b.commit)) {
      bySignoff.set(e.hash, { kind: 'shallow' });
      continue;
    }
    if (!same(b.author, e.by)) {
      bySignoff.set(e.hash, { kind: 'author-mismatch', commit: b.commit, author: b.author });
      continue;
    }
    const sig = signatureOf(b.commit);
    bySignoff.set(e.hash, sig.good ? { kind: 'vouched', commit: b.commit, author: b.author, signed: sig.signed } : { kind: 'bad-signature', commit: b.commit, author: b.author, detail: sig.detail });
  }
  return { available: true, bySignoff };
}
