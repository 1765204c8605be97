// Machine-readable report. The shape is documented in README.md (Command line, json) and versioned: `version`
// changes only when a field is removed or changes meaning (adding fields keeps the version).
import { maskText } from '../mask';
import type { Finding, Severity, SuppressionAuthor } from '../types';
import type { ReportInput } from './model';
import { clipLine, SNIPPET_MAX, sortFindings, summarize, type Summary } from './summary';

export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  ruleName: string;
  family: string;
  severity: Severity;
  message: string;
  path: string;
  /** 1-based cell number for notebooks (as shown by Jupyter/VS Code); line/column are then within the cell. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offsets in the (BOM-less) file text, or in the cell source for notebooks. */
  start: number;
  end: number;
  snippet: string;
  fingerprint: string;
  /** In notebooks line/column are within the (1-based) `cell`. */
  related: { line: number; column: number; message: string; cell?: number }[];
  fixes: { title: string; applicability: string; edits: { start: number; end: number; text: string; cell?: number }[] }[];
  /** `by`: who made it (git blame of the pragma), when known; `cell` 1-based (notebooks). */
  suppression?: { kind: string; reason: string; line?: number; cell?: number; fileLine?: number; by?: SuppressionAuthor };
}

export interface JsonReport {
  version: number;
  tool: { name: 'mlguard'; version: string };
  summary: Summary;
  findings: JsonFinding[];
  diagnostics: { path: string; severity: string; message: string; line?: number; column?: number }[];
  files: { analysed: string[]; skipped: { path: string; reason: string }[]; fixed: { path: string; count: number; rules: Record<string, number> }[] };
}

function toJson(f: Finding): JsonFinding {
  const loc = f.cell ?? f.span;
  const out: JsonFinding = {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    family: f.family,
    severity: f.severity,
    message: maskText(f.message),
    path: f.path,
    ...(f.cell ? { cell: f.cell.index + 1 } : {}),
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    start: f.span.start,
    end: f.span.end,
    snippet: clipLine(maskText(f.snippet), loc.column, loc.endColumn, SNIPPET_MAX).text,
    fingerprint: f.fingerprint,
    related: f.related.map((r) => ({ line: r.span.line, column: r.span.column, message: maskText(r.message), ...(r.cell ? { cell: r.cell.index + 1 } : {}) })),
    fixes: f.fixes.map((x) => ({ title: maskText(x.title), applicability: x.applicability, edits: x.edits.map((e) => ({ ...e, text: maskText(e.text) })) })),
  };
  // Cells are 1-based in this report, as for the finding itself.
  if (f.suppression) out.suppression = { ...f.suppression, reason: maskText(f.suppression.reason), ...(f.suppression.cell !== undefined ? { cell: f.suppression.cell + 1 } : {}) };
  return out;
}

export function buildJsonReport(input: ReportInput): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'mlguard', version: input.toolVersion },
    summary: summarize(input),
    findings: sortFindings(input.findings).map(toJson),
    diagnostics: input.diagnostics.map((d) => ({ path: d.path, severity: d.severity, message: maskText(d.message), ...(d.line ? { line: d.line } : {}), ...(d.column ? { column: d.column } : {}) })),
    files: { analysed: [...input.analysed], skipped: input.skipped.map((s) => ({ ...s })), fixed: (input.fixed ?? []).map((f) => ({ ...f })) },
  };
}

export function formatJson(input: ReportInput): string {
  return JSON.stringify(buildJsonReport(input), null, 2) + '\n';
}
