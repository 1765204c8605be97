// MLGuard's VS Code glue: the only code that imports `vscode`. Activation wires the engine to
// live diagnostics, code actions, commands, the status bar and the rule documentation pages.
// Nothing from the workspace is executed: files are only read and parsed with the bundled grammar.
import * as vscode from 'vscode';
import { initParser } from '../engine';
import { Analyzer } from './analyzer';
import { WorkspaceAudit, type AuditResult } from './audit';
import { MlguardCodeActions, suppressFinding } from './code-actions';
import { ConfigService } from './config-service';
import { exportReport, renderReport, type ReportFormat } from './export';
import { RuleDocs } from './rule-docs';
import { FindingsStatus } from './status-bar';
import { registerCompliance } from './compliance';

/** What activate() returns: used by the integration tests and the editor benchmark. */
export interface MlguardApi {
  analyzer: Analyzer;
  configs: ConfigService;
  audit: WorkspaceAudit;
  ruleDocs: RuleDocs;
  codeActions: MlguardCodeActions;
  status: FindingsStatus;
  output: vscode.LogOutputChannel;
  /** Activation timings (ms since the epoch / durations), read by the editor benchmark. */
  activation: { startedAt: number; parserMs: number; activatedAt: number };
}

export async function activate(context: vscode.ExtensionContext): Promise<MlguardApi> {
  const startedAt = Date.now();
  const output = vscode.window.createOutputChannel('MLGuard', { log: true });
  context.subscriptions.push(output);
  await initParser();
  const parserMs = Date.now() - startedAt;
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');

  const configs = new ConfigService(output);
  const analyzer = new Analyzer(configs, output);
  const audit = new WorkspaceAudit(analyzer, configs, output);
  const ruleDocs = new RuleDocs();
  const codeActions = new MlguardCodeActions(analyzer, configs);
  const status = new FindingsStatus(analyzer);
  context.subscriptions.push(configs, analyzer, ruleDocs, status);

  const selector: vscode.DocumentSelector = [
    { language: 'python', scheme: 'file' },
    { language: 'python', scheme: 'untitled' },
    { language: 'python', scheme: 'vscode-notebook-cell' },
    { language: 'python', scheme: 'vscode-remote' },
    { language: 'python', scheme: 'vscode-vfs' },
  ];
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(selector, codeActions, MlguardCodeActions.metadata),

    vscode.commands.registerCommand('mlguard.auditWorkspace', (): Promise<AuditResult> => audit.run()),
    vscode.commands.registerCommand('mlguard.exportReport', (format?: ReportFormat, target?: vscode.Uri) => exportReport(audit, version, format, target)),
    vscode.commands.registerCommand('mlguard.openReport', async () => {
      if (!audit.last) await audit.run({ silent: true });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderReport(audit, 'markdown', version) });
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => undefined);
    }),
    vscode.commands.registerCommand('mlguard.showRuleDocumentation', (ruleId?: string) => ruleDocs.show(ruleId)),
    vscode.commands.registerCommand('mlguard.fixAllInFile', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return false;
      const edit = await codeActions.fixAllEdit(doc);
      if (!edit) {
        void vscode.window.showInformationMessage('MLGuard: no safe fixes to apply in this file.');
        return false;
      }
      return vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand('mlguard.suppressFinding', (uri: vscode.Uri, line: number, ruleId: string, reason?: string) => suppressFinding(uri, line, ruleId, reason)),
  );

  // --- compliance view (owned by src/extension/compliance/): register it on the next line ---
  registerCompliance(context, output, analyzer);
  // --- end compliance view ---

  analyzer.reanalyseAll();
  output.info(`MLGuard ${version} active (VS Code ${vscode.version}, ${vscode.env.appName}); workspace trust: ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'} — MLGuard never executes workspace code.`);
  return { analyzer, configs, audit, ruleDocs, codeActions, status, output, activation: { startedAt, parserMs, activatedAt: Date.now() } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
