// Counts shared by every report: by severity, by family, suppressed, fixable, files.
import { FAMILIES, SEVERITIES, type Family, type Finding, type Severity, type SuppressionAuthor } from '../types';
import type { ReportInput } from './model';

export interface Summary {
  /** Unsuppressed findings. */
  total: number;
  bySeverity: Record<Severity, number>;
  /** Unsuppressed findings per family (only families with findings). */
  byFamily: Partial<Record<Family, number>>;
  /** Unsuppressed findings per family and severity (for tables). */
  byFamilySeverity: Partial<Record<Family, Record<Severity, number>>>;
  suppressed: number;
  /** Unsuppressed findings with a safe fix. */
  fixable: number;
  /** Unsuppressed findings whose only automatic fix is unsafe. */
  unsafeFixable: number;
  filesAnalysed: number;
  filesSkipped: number;
  /** Files with at least one unsuppressed finding. */
  filesWithFindings: number;
  fixedProblems: number;
  fixedFiles: number;
}

export function hasFix(f: Finding, applicability: 'safe' | 'unsafe'): boolean {
  return f.fixes.some((x) => x.applicability === applicability);
}

export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

export function summarize(input: ReportInput): Summary {
  const act = active(input.findings);
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const byFamily: Partial<Record<Family, number>> = {};
  const byFamilySeverity: Partial<Record<Family, Record<Severity, number>>> = {};
  for (const f of act) {
    bySeverity[f.severity]++;
    byFamily[f.family] = (byFamily[f.family] ?? 0) + 1;
    const row = (byFamilySeverity[f.family] ??= { error: 0, warning: 0, note: 0 });
    row[f.severity]++;
  }
  // Stable family order (the documented one), whatever order findings came in.
  const orderedFamily: Partial<Record<Family, number>> = {};
  const orderedRows: Partial<Record<Family, Record<Severity, number>>> = {};
  for (const fam of FAMILIES) {
    if (byFamily[fam] !== undefined) {
      orderedFamily[fam] = byFamily[fam];
      orderedRows[fam] = byFamilySeverity[fam];
    }
  }
  const fixed = input.fixed ?? [];
  return {
    total: act.length,
    bySeverity,
    byFamily: orderedFamily,
    byFamilySeverity: orderedRows,
    suppressed: input.findings.length - act.length,
    fixable: act.filter((f) => hasFix(f, 'safe')).length,
    unsafeFixable: act.filter((f) => !hasFix(f, 'safe') && hasFix(f, 'unsafe')).length,
    filesAnalysed: input.analysed.length,
    filesSkipped: input.skipped.length,
    filesWithFindings: new Set(act.map((f) => f.path)).size,
    fixedProblems: fixed.reduce((n, f) => n + f.count, 0),
    fixedFiles: fixed.length,
  };
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** Whether a finding of this severity fails a run with --fail-on threshold. */
export function meetsThreshold(severity: Severity, threshold: Severity | 'never'): boolean {
  return threshold !== 'never' && RANK[severity] >= RANK[threshold];
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "2 errors, 1 warning" (severities with a zero count are left out). */
export function severityCounts(s: Summary): string {
  return SEVERITIES.filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => plural(s.bySeverity[sev], sev))
    .join(', ');
}

/** Display location: `path:line:col`, or `nb.ipynb:cell 3:2:5` for notebooks (cells 1-based). */
export function locationOf(f: Finding): string {
  if (f.cell) return `${f.path}:cell ${f.cell.index + 1}:${f.cell.line}:${f.cell.column}`;
  return `${f.path}:${f.span.line}:${f.span.column}`;
}

/** Findings in a stable order: path, cell, line, column, rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.cell?.index ?? -1) - (b.cell?.index ?? -1) ||
      a.span.line - b.span.line ||
      a.span.column - b.span.column ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** Longest snippet kept in machine-readable reports (JSON, SARIF). */
export const SNIPPET_MAX = 1000;

/**
 * A window of a long source line around [column, endColumn) (1-based), so minified code or a
 * one-line notebook blob does not flood a report. Returns the text and the columns inside it.
 */
export function clipLine(line: string, column: number, endColumn: number, width = 160): { text: string; column: number; endColumn: number } {
  if (line.length <= width) return { text: line, column, endColumn };
  const start = Math.max(0, Math.min(column - 1 - 40, line.length - width));
  const end = Math.min(line.length, start + width);
  const head = start > 0 ? '…' : '';
  const tail = end < line.length ? '…' : '';
  const shift = start - head.length;
  return { text: head + line.slice(start, end) + tail, column: Math.max(1, column - shift), endColumn: Math.max(1, Math.min(endColumn, end + 1) - shift) };
}

/**
 * Finding columns count the original line; snippets show it with secrets masked
 * (`AKIA********(20 chars)`, see maskSecret), which changes lengths. Maps an original 1-based
 * column to the masked snippet so carets stay under the right text.
 */
export function maskedColumn(masked: string, column: number): number {
  const re = /\*{3,8}\((\d+) chars\)/g;
  let offset = 0;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const len = Number(m[1]);
    const keep = len >= 16 ? 4 : len >= 10 ? 2 : 0;
    const mStart = m.index - keep;
    const mEnd = m.index + m[0].length;
    const oStart = mStart - offset;
    if (mStart < 0) continue;
    if (column - 1 < oStart) break;
    if (column - 1 < oStart + len) return mStart + Math.min(column - 1 - oStart, mEnd - mStart - 1) + 1;
    offset += mEnd - mStart - len;
  }
  return column + offset;
}

/** Who made a suppression: "Jane Doe (a1b2c3d4e5f6, 2026-11-02)", "uncommitted", or undefined when unknown. */
export function suppressionAuthorText(by: SuppressionAuthor | undefined): string | undefined {
  if (!by) return undefined;
  if (by.kind === 'uncommitted') return 'uncommitted';
  return `${by.name} (${[by.commit, by.date].filter(Boolean).join(', ')})`;
}
