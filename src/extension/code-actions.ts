// Quick fixes (one per engine fix; safe ones preferred), "Suppress <ID> on this line…", "Show
// rule documentation", and `source.fixAll.mlguard` (all safe fixes, usable from
// editor.codeActionsOnSave). Engine fixes stay offset data until they become a WorkspaceEdit here.
import * as vscode from 'vscode';
import { fixSource, applyEdits, pickFixes, type Finding, type Fix } from '../engine';
import type { Analyzer } from './analyzer';
import { isNotebookCell, isPythonDocument, notebookOf } from './analyzer';
import { isExcluded, type ConfigService } from './config-service';
import { codeOf, diagnosticKey, SOURCE } from './diagnostics';
import { pragmaEdit, validateReason } from '../server/pragma';
import { minimalChange } from '../engine/edits/minimal-change';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mlguard');

/** WorkspaceEdit for an engine fix; notebook edits carry the cell they refer to. */
export function fixToWorkspaceEdit(doc: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const nb = isNotebookCell(doc) ? notebookOf(doc) : undefined;
  for (const e of fix.edits) {
    const target = nb && e.cell !== undefined ? nb.cellAt(e.cell).document : doc;
    edit.replace(target.uri, new vscode.Range(target.positionAt(e.start), target.positionAt(e.end)), e.text);
  }
  return edit;
}

/** The smallest single replacement turning `before` into `after` (engine/edits/minimal-change). */
export function minimalReplace(doc: vscode.TextDocument, before: string, after: string): vscode.TextEdit | undefined {
  const change = minimalChange(before, after);
  return change && new vscode.TextEdit(new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
}

export class MlguardCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly analyzer: Analyzer,
    private readonly configs: ConfigService,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && FIX_ALL_KIND.intersects(context.only)) {
      const edit = await this.fixAllEdit(doc);
      if (!edit) return [];
      const action = new vscode.CodeAction('MLGuard: fix all safe problems', FIX_ALL_KIND);
      action.edit = edit;
      return [action];
    }
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const findings = this.analyzer.findingsFor(doc.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diag of context.diagnostics) {
      if (diag.source !== SOURCE) continue;
      const ruleId = codeOf(diag);
      if (!ruleId) continue;
      const finding = findings.get(diagnosticKey(ruleId, diag.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(`${fix.title} (${ruleId})`, vscode.CodeActionKind.QuickFix);
        action.edit = fixToWorkspaceEdit(doc, fix);
        action.diagnostics = [diag];
        action.isPreferred = fix.applicability === 'safe';
        actions.push(action);
      }
      const suppress = new vscode.CodeAction(`Suppress ${ruleId} on this line…`, vscode.CodeActionKind.QuickFix);
      suppress.diagnostics = [diag];
      suppress.command = { title: suppress.title, command: 'mlguard.suppressFinding', arguments: [doc.uri, diag.range.start.line, ruleId] };
      actions.push(suppress);
      const docs = new vscode.CodeAction(`Show rule documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diag];
      docs.command = { title: docs.title, command: 'mlguard.showRuleDocumentation', arguments: [ruleId] };
      actions.push(docs);
    }
    return actions;
  }

  /** All safe fixes of a document as one edit (Python files: re-analysed to a fixed point). */
  async fixAllEdit(doc: vscode.TextDocument): Promise<vscode.WorkspaceEdit | undefined> {
    const owner = isNotebookCell(doc) ? notebookOf(doc) : undefined;
    const resolved = await this.configs.resolve(owner?.uri ?? doc.uri);
    if (!resolved.enabled || isExcluded(owner?.uri ?? doc.uri, resolved.excludes)) return undefined;
    const source = doc.getText();
    let output: string;
    if (isPythonDocument(doc)) {
      output = fixSource(source, doc.uri.fsPath || doc.uri.path, resolved.config).output;
    } else if (owner) {
      // A notebook cell: the safe fixes whose edits stay inside this cell, one non-overlapping pass.
      const own = [...this.analyzer.findingsFor(doc.uri).values()];
      const index = owner.getCells().find((c) => c.document === doc)?.index;
      const local: Finding[] = own.map((f) => ({ ...f, fixes: f.fixes.filter((x) => x.edits.every((e) => e.cell === undefined || e.cell === index)) }));
      const { fixes } = pickFixes(local, ['safe']);
      output = applyEdits(source, fixes.flatMap((f) => f.edits));
    } else {
      return undefined;
    }
    const te = minimalReplace(doc, source, output);
    if (!te) return undefined;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, te.range, te.newText);
    return edit;
  }
}

/** "Suppress <ID> on this line…": asks for the reason (an empty one is refused), writes the pragma. */
export async function suppressFinding(uri: vscode.Uri, line: number, ruleId: string, reasonArg?: string): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const reason =
    reasonArg ??
    (await vscode.window.showInputBox({
      title: `Suppress ${ruleId} on line ${line + 1}`,
      prompt: 'Why is this finding acceptable? The reason is stored in the pragma for reviewers and auditors.',
      placeHolder: 'e.g. synthetic test data, no real customers',
      ignoreFocusOut: true,
      validateInput: validateReason,
    }));
  if (reason === undefined) return false;
  const problem = validateReason(reason);
  if (problem) {
    void vscode.window.showErrorMessage(`MLGuard: ${problem}`);
    return false;
  }
  const placement = pragmaEdit(doc.getText(), line + 1, ruleId, reason);
  if (!placement) {
    void vscode.window.showErrorMessage(`MLGuard: cannot place a pragma for line ${line + 1} without breaking the Python (the line is inside a multi-line string). Use an ignore-file pragma instead.`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(placement.edit.start), doc.positionAt(placement.edit.end)), placement.edit.text);
  return vscode.workspace.applyEdit(edit);
}
