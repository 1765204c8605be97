// Findings → vscode.Diagnostic. The engine speaks UTF-16 offsets; TextDocument.positionAt takes
// exactly those, so no other conversion happens here.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../engine';
import { ruleDocUri } from './rule-docs';

export const SOURCE = 'MLGuard';

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}


/** Something that maps offsets to positions: a TextDocument or a plain-text index. */
export interface PositionSource {
  positionAt(offset: number): vscode.Position;
}

export function rangeOf(doc: PositionSource, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

/** A position source over plain text (files that are not open). */
export function textPositions(text: string): PositionSource {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return {
    positionAt(offset: number): vscode.Position {
      const o = Math.max(0, Math.min(offset, text.length));
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid;
        else hi = mid - 1;
      }
      return new vscode.Position(lo, o - starts[lo]);
    },
  };
}

/** Where a related location lives: same document, or (notebooks) another cell. */
export type RelatedResolver = (related: Finding['related'][number]) => vscode.Location | undefined;

export function toDiagnostic(f: Finding, doc: PositionSource, uri: vscode.Uri, resolveRelated?: RelatedResolver): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(doc, f.span.start, f.span.end), f.message, toSeverity(f.severity));
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: ruleDocUri(f.ruleId) };
  const related = f.related
    .map((r) => {
      const loc = resolveRelated ? resolveRelated(r) : new vscode.Location(uri, rangeOf(doc, r.span.start, r.span.end));
      return loc ? new vscode.DiagnosticRelatedInformation(loc, r.message) : undefined;
    })
    .filter((x): x is vscode.DiagnosticRelatedInformation => x !== undefined);
  if (related.length) d.relatedInformation = related;
  // A pragma that suppresses nothing (MLG family) is dead code as far as MLGuard is concerned.
  if (f.family === 'MLG') d.tags = [vscode.DiagnosticTag.Unnecessary];
  return d;
}

/** Key that links a diagnostic back to its finding (code + range). */
export function diagnosticKey(ruleId: string, range: vscode.Range): string {
  return `${ruleId}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  if (typeof c === 'object') return String(c.value);
  return String(c);
}
