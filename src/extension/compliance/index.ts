// Registers the compliance sidebar and its commands; called once from extension.ts.
import * as vscode from 'vscode';
import { ComplianceView, VIEW_ID, type FindingsSource } from './view';

/** `findings`: the language server's workspace findings, so that the view reflects open editors as Problems does. */
export function registerCompliance(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, findings: FindingsSource): ComplianceView {
  const view = new ComplianceView(context.extensionUri, output, findings);
  context.subscriptions.push(
    view,
    vscode.window.registerWebviewViewProvider(VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.commands.registerCommand('mlguard.exportComplianceReport', (folder?: vscode.Uri) => view.exportReport(folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand('mlguard.refreshCompliance', () => view.refresh()),
    // Read-only: the current (masked) model, for tests and automation.
    vscode.commands.registerCommand('mlguard.compliance.model', () => view.model),
  );
  // The page-message entry point with a scripted conflict answer ("Overwrite" skips the prompt) is
  // a test hook: registered only in the extension test host, never in an installed extension.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      vscode.commands.registerCommand('mlguard.compliance.receive', async (message: unknown, answer?: unknown) => ({
        accepted: await view.receive(message, answer === 'Reload' || answer === 'Overwrite' ? answer : undefined),
        rejected: view.rejected.length,
        conflicts: view.conflicts.length,
      })),
    );
  }
  return view;
}
