// Findings → LSP diagnostics and hovers. The engine speaks UTF-16 offsets, as LSP positions do
// (positionEncoding utf-16), so TextDocument.positionAt is the only conversion. The Problems row
// gets the first sentence of the message; the whole message (why, how to fix) is in the related
// information and the hover. `data` carries the fingerprint, which links a diagnostic that comes
// back in a code action request to its finding.
import { DiagnosticSeverity, DiagnosticTag, MarkupKind, type Diagnostic, type DiagnosticRelatedInformation, type Hover, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleById, type Finding, type Severity, type Span } from '../engine';
import { defaultLinks, ruleDocUrl } from '../engine/reports';

export const SOURCE = 'MLGuard';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

export interface DiagnosticData {
  fingerprint: string;
}

/** Where the rule's documentation page lives (the client may show it its own way). */
export function ruleDocLink(ruleId: string): string {
  return ruleDocUrl(ruleId, defaultLinks());
}

const MAX_SHORT = 120;
// A sentence ends at ". " before a capital or code span, not after an abbreviation ("Art. 5", "e.g. `x`").
const SENTENCE_END = /(?<!\b(?:Art|e\.g|i\.e|etc|vs|No))\.\s+(?=[A-Z`])/;

/** The short form of a finding message: its first sentence (or the clause before a colon), at most 120 characters. */
export function shortMessage(message: string): string {
  const m = SENTENCE_END.exec(message);
  let first = m ? message.slice(0, m.index + 1) : message;
  const colon = first.indexOf(': ');
  if (colon >= 20) first = first.slice(0, colon);
  if (first.length <= MAX_SHORT) return first;
  const cut = first.lastIndexOf(' ', MAX_SHORT - 1);
  return `${first.slice(0, cut > 40 ? cut : MAX_SHORT - 1)}…`;
}

export function rangeOf(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** A span's range from its 1-based line/column (UTF-16, the same line breaks as LSP): no text needed. */
export function spanRange(span: Span): Range {
  return { start: { line: span.line - 1, character: span.column - 1 }, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
}

/** Resolves a related location: same document, or (notebooks) the cell it is in. */
export type RelatedResolver = (related: Finding['related'][number]) => { uri: string; range: Range; message: string } | undefined;

export function toDiagnostic(f: Finding, uri: string, resolveRelated?: RelatedResolver): Diagnostic {
  const range = spanRange(f.span);
  const short = shortMessage(f.message);
  const related: DiagnosticRelatedInformation[] = [];
  if (short !== f.message) related.push({ location: { uri, range }, message: f.message });
  for (const r of f.related) {
    const loc = resolveRelated ? resolveRelated(r) : { uri, range: spanRange(r.span), message: r.message };
    if (loc) related.push({ location: { uri: loc.uri, range: loc.range }, message: loc.message });
  }
  const d: Diagnostic = {
    range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocLink(f.ruleId) },
    message: short,
    data: { fingerprint: f.fingerprint } satisfies DiagnosticData,
  };
  if (related.length) d.relatedInformation = related;
  // A pragma that suppresses nothing (MLG family) is dead code as far as MLGuard is concerned.
  if (f.family === 'MLG') d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** Hover over flagged code: each finding's whole message, its rule, fixes and a documentation link. */
export function hoverFor(findings: Finding[], doc: TextDocument, offset: number): Hover | undefined {
  const here = findings.filter((f) => !f.suppression && f.span.start <= offset && offset <= Math.max(f.span.end, f.span.start + 1));
  if (!here.length) return undefined;
  here.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const parts = here.map((f) => {
    const meta = ruleById(f.ruleId)?.meta;
    const fixes = f.fixes.map((x) => `- ${x.title}${x.applicability === 'safe' ? '' : ` (${x.applicability}: review before applying)`}`);
    return [
      `**${f.ruleId} ${f.ruleName}** · ${f.severity}${meta ? ` · ${meta.title}` : ''}`,
      '',
      f.message,
      ...(fixes.length ? ['', 'Quick fixes:', ...fixes] : []),
      '',
      `[Rule documentation](${ruleDocLink(f.ruleId)}) · suppress with \`# mlguard: ignore[${f.ruleId}] <reason>\``,
    ].join('\n');
  });
  const first = here[0];
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: rangeOf(doc, first.span.start, first.span.end) };
}
