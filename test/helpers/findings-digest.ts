// A compact, stable digest of every finding the engine reports on the repository's fixtures and
// corpora: one line per finding (rule, span, severity, suppression, message, fingerprint, and a
// hash of its related locations and fixes). Used to prove that performance work changes nothing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeCells, analyzePython, readNotebookCells, type AnalyzeOptions, type Finding } from '../../src/engine';

export const DIGEST_ROOTS = ['test/fixtures/rules', 'test/corpus', 'test/corpus-holdout'];

const repo = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(py|ipynb)$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

/** Every analysed file of the digest roots, as repository-relative POSIX paths. */
export function digestFiles(): string[] {
  return DIGEST_ROOTS.flatMap((r) => filesUnder(join(repo, r))).map((p) => relative(repo, p).split('\\').join('/'));
}

function line(f: Finding): string {
  const extra = createHash('sha256').update(JSON.stringify([f.related, f.fixes, f.cell ?? null])).digest('hex').slice(0, 16);
  const s = f.span;
  const sup = f.suppression ? ` [${f.suppression.kind}]` : '';
  return `${f.ruleId} ${s.start}-${s.end} ${s.line}:${s.column}-${s.endLine}:${s.endColumn} ${f.severity}${sup} ${f.fingerprint} ${extra} ${f.message}`;
}

/** The findings of one file (default config), one digest line each. */
export function digestFile(rel: string, options: AnalyzeOptions = {}): string[] {
  const text = readFileSync(join(repo, rel), 'utf8');
  const findings = rel.endsWith('.ipynb')
    ? analyzeCells(readNotebookCells(text), rel, undefined, options).findings
    : (() => {
        const r = analyzePython(text, rel, undefined, options);
        r.tree.delete();
        return r.findings;
      })();
  return findings.map(line);
}

export function digestAll(options: AnalyzeOptions = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rel of digestFiles()) out[rel] = digestFile(rel, options);
  return out;
}
