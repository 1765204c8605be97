// Who made each suppression: a `# mlguard: ignore[...] reason` pragma has a reason but no author,
// and an accepted risk needs both. Git knows: the commit that introduced the pragma line
// (`git blame --line-porcelain -L n,n`). A pragma line that is not committed is "uncommitted";
// outside a git work tree, or when git cannot say (a shallow clone's history ends before the
// line, the blamed line is not a pragma), nothing is claimed.
import { isAbsolute, relative, resolve } from 'node:path';
import type { Finding, SuppressionAuthor } from '../engine/types';
import { git, gitTopLevel, isUncommitted, parseLinePorcelain, shallowGrafts } from './git';

export interface AuthorOptions {
  /** Text to blame instead of the file on disk (unsaved editors), by absolute path. */
  contents?: ReadonlyMap<string, string>;
}

/** The line git blames for a suppression: the pragma's own line (the .ipynb line in notebooks). */
function blamedLine(f: Finding): number | undefined {
  const s = f.suppression;
  if (!s || s.kind === 'baseline') return undefined;
  return f.cell ? s.fileLine : s.line;
}

/**
 * Returns `findings` with `suppression.by` set on every suppressed finding whose pragma git can
 * attribute (one blame per file). Paths are relative to `base` (or absolute). Never throws; the
 * input findings are not mutated.
 */
export function withSuppressionAuthors(base: string, findings: readonly Finding[], options: AuthorOptions = {}): Finding[] {
  const lines = new Map<string, Set<number>>();
  for (const f of findings) {
    const l = blamedLine(f);
    if (l !== undefined) (lines.get(f.path) ?? lines.set(f.path, new Set()).get(f.path)!).add(l);
  }
  if (!lines.size) return [...findings];
  const top = gitTopLevel(base);
  if (!top.ok) return [...findings];
  const grafts = shallowGrafts(top.toplevel);
  const byPath = new Map<string, Map<number, SuppressionAuthor>>();
  for (const [path, set] of lines) {
    const abs = isAbsolute(path) ? path : resolve(base, path);
    const rel = relative(top.toplevel, abs).split('\\').join('/');
    if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) continue;
    byPath.set(path, authorsOf(top.toplevel, rel, [...set].sort((a, b) => a - b), options.contents?.get(abs), grafts));
  }
  return findings.map((f) => {
    const line = blamedLine(f);
    const by = line === undefined ? undefined : byPath.get(f.path)?.get(line);
    return by && f.suppression ? { ...f, suppression: { ...f.suppression, by } } : f;
  });
}

/** `withSuppressionAuthors` for per-file analysis results (the compliance workspace). */
export function filesWithSuppressionAuthors<T extends { path: string; findings: Finding[] }>(base: string, files: readonly T[], options: AuthorOptions = {}): T[] {
  if (!files.some((f) => f.findings.some((x) => blamedLine(x) !== undefined))) return [...files];
  const all = withSuppressionAuthors(base, files.flatMap((f) => f.findings), options);
  let i = 0;
  return files.map((file) => {
    const findings = all.slice(i, i + file.findings.length);
    i += file.findings.length;
    return { ...file, findings };
  });
}

function authorsOf(toplevel: string, rel: string, lines: readonly number[], contents: string | undefined, grafts: ReadonlySet<string>): Map<number, SuppressionAuthor> {
  const out = new Map<number, SuppressionAuthor>();
  // A file git does not track has no committed line (and blame would fail on it).
  if (!git(toplevel, ['ls-files', '--error-unmatch', '--', rel]).ok) {
    for (const l of lines) out.set(l, { kind: 'uncommitted' });
    return out;
  }
  const ranges = lines.flatMap((l) => ['-L', `${l},${l}`]);
  const args = ['blame', '--line-porcelain', '--root', '--no-textconv', ...ranges, ...(contents !== undefined ? ['--contents', '-'] : []), '--', rel];
  const r = git(toplevel, args, contents !== undefined ? { input: contents } : {});
  if (!r.ok) return out; // e.g. a line past the end of the file: nothing is claimed
  for (const b of parseLinePorcelain(r.stdout)) {
    // The blamed line must still be the pragma (the text on disk may not be what was analysed).
    if (!/mlguard\s*:/i.test(b.content)) continue;
    if (isUncommitted(b.commit)) out.set(b.line, { kind: 'uncommitted' });
    else if (!b.boundary && !grafts.has(b.commit) && b.author) out.set(b.line, { kind: 'commit', name: b.author, commit: b.commit.slice(0, 12), date: b.authorTime ? new Date(b.authorTime * 1000).toISOString().slice(0, 10) : '' });
  }
  return out;
}
