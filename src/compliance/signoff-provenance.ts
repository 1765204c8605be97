// What the hash chain cannot prove: anyone can edit signoffs.jsonl and recompute every hash. Git
// history can: `mlguard verify` asks git which commit introduced each sign-off line (git blame)
// and checks that its author is the signer, and — when that commit is signed — that git accepts
// its signature (git verify-commit). Git runs with a fixed argv (never a shell) and with the
// repository's own hooks, fsmonitor, pagers and signature programs overridden, so a hostile
// `.git/config` cannot make `verify` run code.
import { relative } from 'node:path';
import { git, gitTopLevel, isUncommitted, parseLinePorcelain, shallowGrafts, type BlameLine } from './git';
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

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Cross-checks every entry of the sign-off log at `logFile` (absolute) against git history. */
export function crossCheckSignoffs(root: string, logFile: string, entries: readonly SignoffEntry[]): ProvenanceReport {
  const bySignoff = new Map<string, Provenance>();
  const top = gitTopLevel(root);
  if (!top.ok) return { available: false, reason: top.reason, bySignoff };
  const toplevel = top.toplevel;
  const rel = relative(toplevel, logFile).split('\\').join('/');
  const tracked = git(toplevel, ['ls-files', '--error-unmatch', '--', rel]);
  if (!tracked.ok) {
    for (const e of entries) bySignoff.set(e.hash, { kind: 'uncommitted' });
    return { available: true, bySignoff };
  }
  // --root: a root commit introduced its lines; only a shallow clone's graft is a boundary.
  const blame = git(toplevel, ['blame', '--line-porcelain', '--root', '--no-textconv', '--', rel]);
  if (!blame.ok) return { available: false, reason: `git blame failed: ${blame.stderr.split('\n')[0]}`, bySignoff };
  const grafts = shallowGrafts(toplevel);
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
    if (!b || isUncommitted(b.commit)) {
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
