// A baseline of accepted findings (ruff/trufflehog users ask for it): adopt MLGuard on an
// existing code base, fail CI only on new problems. Entries match on path + rule + fingerprint,
// and fingerprints survive lines moving, so unrelated edits do not resurrect old findings.
// The file holds no snippets or messages, so it can never leak a secret.
import type { Finding } from './types';

export interface BaselineEntry {
  path: string;
  ruleId: string;
  fingerprint: string;
  /** Where it was when the baseline was written; informational only. */
  line: number;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export class BaselineFormatError extends Error {}

const key = (path: string, ruleId: string, fingerprint: string): string => `${path.replace(/\\/g, '/')}\0${ruleId}\0${fingerprint}`;

/** A baseline of every finding that is not already suppressed in source, in stable order. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppression)
    .map((f) => ({ path: f.path.replace(/\\/g, '/'), ruleId: f.ruleId, fingerprint: f.fingerprint, line: f.span.line }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.ruleId.localeCompare(b.ruleId)));
  return { version: 1, entries };
}

export function serializeBaseline(baseline: Baseline): string {
  // One entry per line keeps diffs of the baseline readable in review.
  const lines = baseline.entries.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "version": 1,\n  "entries": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

/** Parses and validates a baseline file's text; errors say what is wrong. */
export function parseBaseline(text: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineFormatError(`not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as { version?: unknown; entries?: unknown };
  if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.entries)) {
    throw new BaselineFormatError('not an MLGuard baseline (expected {"version": 1, "entries": [...]})');
  }
  d.entries.forEach((e: unknown, i: number) => {
    const x = e as Partial<BaselineEntry>;
    if (!x || typeof x.path !== 'string' || typeof x.ruleId !== 'string' || typeof x.fingerprint !== 'string' || typeof x.line !== 'number') {
      throw new BaselineFormatError(`entry ${i + 1} needs "path", "ruleId", "fingerprint" (strings) and "line" (number)`);
    }
  });
  return d as Baseline;
}

/**
 * Marks findings that are in the baseline as suppressed (kind "baseline"); findings already
 * suppressed in source keep their pragma. Returns how many baseline entries matched nothing
 * (fixed since, or moved to another file), so users can prune the file.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, label: string): { matched: number; stale: number } {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) {
    const k = key(e.path, e.ruleId, e.fingerprint);
    remaining.set(k, (remaining.get(k) ?? 0) + 1);
  }
  let matched = 0;
  for (const f of findings) {
    if (f.suppression) continue;
    const k = key(f.path, f.ruleId, f.fingerprint);
    const n = remaining.get(k) ?? 0;
    if (n === 0) continue;
    remaining.set(k, n - 1);
    f.suppression = { kind: 'baseline', reason: `accepted in the baseline ${label}` };
    matched++;
  }
  return { matched, stale: baseline.entries.length - matched };
}
