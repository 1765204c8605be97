// The light-bulb menu for a range: the fixes of the findings there, the error-level findings'
// fixes first, one preferred fix (the first safe fix of the most severe finding), unsafe and
// suggested fixes labelled in their titles; then, once per line (not per finding), "Suppress …
// on this line…" and "Show documentation". Pure: findings and documents in, LSP actions out.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from '../engine';
import { minimalChange } from '../engine/edits/minimal-change';
import { COMMANDS } from './commands';
import { severityRank, type DiagnosticData } from './findings';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlguard`;
export { COMMANDS };

/** Whether a code action request with `only` asks for MLGuard's fix-all. */
export function wantsFixAll(only: string[] | undefined): boolean {
  return only !== undefined && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`));
}

export function wantsQuickFixes(only: string[] | undefined): boolean {
  return only === undefined || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '');
}

export function fixTitle(fix: Fix, ruleId: string): string {
  if (fix.applicability === 'unsafe') return `${fix.title} (${ruleId}, unsafe: review the change)`;
  if (fix.applicability === 'suggestion') return `${fix.title} (${ruleId}, suggestion: review the change)`;
  return `${fix.title} (${ruleId})`;
}

/** Resolves the document an edit is for (notebooks: the cell the edit names). */
export type EditTarget = (cell: number | undefined) => TextDocument | undefined;

export function fixEdit(fix: Fix, target: EditTarget): WorkspaceEdit {
  const changes: Record<string, { range: Range; newText: string }[]> = {};
  for (const e of fix.edits) {
    const doc = target(e.cell);
    if (!doc) continue;
    (changes[doc.uri] ??= []).push({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text });
  }
  return { changes };
}

function overlapsLines(f: Finding, doc: TextDocument, range: Range): boolean {
  const start = doc.positionAt(f.span.start).line;
  const end = doc.positionAt(f.span.end).line;
  return start <= range.end.line && end >= range.start.line;
}

export interface QuickFixInput {
  doc: TextDocument;
  range: Range;
  /** Diagnostics the client sent (matched to findings by fingerprint). */
  diagnostics: Diagnostic[];
  /** The document's unsuppressed findings with their diagnostics. */
  findings: { finding: Finding; diagnostic: Diagnostic }[];
  target: EditTarget;
}

export function quickFixes(input: QuickFixInput): CodeAction[] {
  const wanted = new Set(input.diagnostics.map((d) => (d.data as DiagnosticData | undefined)?.fingerprint).filter((x): x is string => typeof x === 'string'));
  const here = input.findings.filter(({ finding }) => wanted.has(finding.fingerprint) || overlapsLines(finding, input.doc, input.range));
  here.sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.finding.span.start - b.finding.span.start);
  const actions: CodeAction[] = [];
  let preferred = false;
  for (const { finding, diagnostic } of here) {
    for (const fix of finding.fixes) {
      const action: CodeAction = { title: fixTitle(fix, finding.ruleId), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fixEdit(fix, input.target) };
      if (!preferred && fix.applicability === 'safe') {
        action.isPreferred = true;
        preferred = true;
      }
      actions.push(action);
    }
  }
  // One suppress and one documentation entry per line, naming every rule found there.
  const byLine = new Map<number, { finding: Finding; diagnostic: Diagnostic }[]>();
  for (const h of here) {
    const line = input.doc.positionAt(h.finding.span.start).line;
    const list = byLine.get(line) ?? [];
    list.push(h);
    byLine.set(line, list);
  }
  for (const [line, list] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const ids = [...new Set(list.map((h) => h.finding.ruleId))];
    const diagnostics = list.map((h) => h.diagnostic);
    const suppressTitle = `Suppress ${ids.join(', ')} on line ${line + 1}…`;
    actions.push({ title: suppressTitle, kind: CodeActionKind.QuickFix, diagnostics, command: { title: suppressTitle, command: COMMANDS.suppress, arguments: [{ uri: input.doc.uri, line, ruleIds: ids }] } });
    const docsTitle = `Show documentation for ${ids.join(', ')}`;
    actions.push({ title: docsTitle, kind: CodeActionKind.QuickFix, diagnostics, command: { title: docsTitle, command: COMMANDS.showDocumentation, arguments: ids } });
  }
  return actions;
}

/** The smallest single replacement turning `before` into `after` (engine/edits/minimal-change). */
export function minimalEdit(doc: TextDocument, before: string, after: string): { range: Range; newText: string } | undefined {
  const change = minimalChange(before, after);
  return change && { range: { start: doc.positionAt(change.start), end: doc.positionAt(change.end) }, newText: change.text };
}
