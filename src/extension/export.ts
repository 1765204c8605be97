// MLGuard: Export Audit Report — SARIF 2.1.0 (code scanning) or Markdown (pull-request comment),
// written where the user chooses. Uses the engine's report formatters, the same as the CLI.
import * as vscode from 'vscode';
import { formatMarkdown, formatSarif } from '../engine/reports';
import { reportInput, type WorkspaceAudit } from './audit';

export type ReportFormat = 'sarif' | 'markdown';

/** Python files and notebooks with unsaved changes (what the audit would read from the editor). */
function unsavedSources(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && /\.(pyw?|ipynb)$/.test(d.fileName));
}

export function renderReport(audit: WorkspaceAudit, format: ReportFormat, toolVersion: string): string {
  if (!audit.last) throw new Error('no audit result');
  const input = reportInput(audit.last, toolVersion);
  return format === 'sarif' ? formatSarif(input) : formatMarkdown(input);
}

/**
 * Exports the last audit (running one first when there is none). Tests pass `format` and
 * `target` to skip the pickers; people get a quick pick and a save dialog.
 */
export async function exportReport(audit: WorkspaceAudit, toolVersion: string, format?: ReportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let chosen = format;
  if (!chosen) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'SARIF', description: '.sarif — GitHub code scanning, Azure DevOps, SARIF viewers', format: 'sarif' as const },
        { label: 'Markdown', description: '.md — a readable report for pull requests and audits', format: 'markdown' as const },
      ],
      { title: 'MLGuard: Export Audit Report', placeHolder: 'Report format' },
    );
    if (!pick) return undefined;
    chosen = pick.format;
  }
  // The audit reads open editors' text: never mix unsaved text in silently, say which it is.
  const dirty = unsavedSources();
  if (dirty.length && !target) {
    const names = dirty.map((d) => vscode.workspace.asRelativePath(d.uri)).join(', ');
    const choice = await vscode.window.showWarningMessage(
      `MLGuard: ${names} ${dirty.length === 1 ? 'has' : 'have'} unsaved changes.`,
      { modal: true, detail: 'The report can describe the saved files (save first) or include the unsaved text of the open editors (the report says so).' },
      'Save All and Export',
      'Include Unsaved Text',
    );
    if (!choice) return undefined;
    if (choice === 'Save All and Export') await vscode.workspace.saveAll(false);
  }
  const stillDirty = unsavedSources().map((d) => vscode.workspace.asRelativePath(d.uri));
  if (!audit.last || dirty.length) await audit.run({ silent: true });
  let uri = target;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = chosen === 'sarif' ? 'mlguard.sarif' : 'mlguard-report.md';
    uri = await vscode.window.showSaveDialog({
      title: 'Export MLGuard audit report',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: chosen === 'sarif' ? { SARIF: ['sarif', 'json'] } : { Markdown: ['md'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  const text = renderReport(audit, chosen, toolVersion);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  if (!target) {
    const state = stillDirty.length ? `includes unsaved changes in ${stillDirty.join(', ')}` : 'from the saved files';
    void vscode.window.showInformationMessage(`MLGuard report written to ${vscode.workspace.asRelativePath(uri)} (${state}).`, 'Open').then((c) => {
      if (c === 'Open') void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}
