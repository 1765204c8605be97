// Status bar: the active file's MLGuard finding count (from its diagnostics, which the language
// server publishes); a click opens the Problems panel.
import * as vscode from 'vscode';

const SOURCE = 'MLGuard';

export class FindingsStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('mlguard.findings', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'MLGuard findings';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics(() => this.refresh()),
    );
    this.refresh();
  }

  /** The URIs whose diagnostics belong to the active editor (all cells for a notebook). */
  private activeUris(): vscode.Uri[] | undefined {
    const nb = vscode.window.activeNotebookEditor;
    if (nb) return nb.notebook.getCells().map((c) => c.document.uri);
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.languageId === 'python') return [doc.uri];
    return undefined;
  }

  refresh(): void {
    const uris = this.activeUris();
    if (!uris) {
      this.item.hide();
      return;
    }
    const diags = uris.flatMap((u) => vscode.languages.getDiagnostics(u).filter((d) => d.source === SOURCE));
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const count = diags.length;
    this.item.text = `$(shield) MLGuard: ${count}`;
    this.item.tooltip = count === 0 ? 'MLGuard: no compliance findings in this file' : `MLGuard: ${count} finding${count === 1 ? '' : 's'} in this file (${errors} error${errors === 1 ? '' : 's'}). Click to open the Problems panel.`;
    this.item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
