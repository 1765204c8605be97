// MLGuard's VS Code glue: the only code that imports `vscode`. The extension is a thin client of
// the bundled language server (client.ts; dist/server.js runs in its own process): activation
// starts the server first, then wires the commands, the status bar, the rule documentation pages
// and the compliance sidebar. Nothing from the workspace is executed, and nothing is analysed on
// the extension host thread.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { WorkspaceAnalysis } from '../compliance/workspace';
import { WorkspaceAudit, type AuditResult } from './audit';
import { createClient } from './client';
import { fixAllInFile, suppressFinding } from './editor-commands';
import { exportReport, renderReport, type ReportFormat } from './export';
import { RuleDocs } from './rule-docs';
import { FindingsStatus } from './status-bar';
import { registerCompliance } from './compliance';

/** What activate() returns: used by the integration tests and the editor benchmark. */
export interface MlguardApi {
  /** The language client (its state, its server process). */
  client: LanguageClient;
  /** Resolves once the server is initialised. */
  ready: Promise<LanguageClient>;
  audit: WorkspaceAudit;
  ruleDocs: RuleDocs;
  status: FindingsStatus;
  output: vscode.LogOutputChannel;
  /** Activation timings (ms since the epoch), read by the editor benchmark. */
  activation: { startedAt: number; activatedAt: number; serverReadyAt?: number };
}

let running: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): MlguardApi {
  const startedAt = Date.now();
  const output = vscode.window.createOutputChannel('MLGuard', { log: true });
  context.subscriptions.push(output);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');

  // The server starts first: it analyses the open files while the rest is wired.
  const client = createClient(context, output);
  running = client;
  const activation: MlguardApi['activation'] = { startedAt, activatedAt: 0 };
  const ready = client.start().then(() => {
    activation.serverReadyAt = Date.now();
    return client;
  });
  ready.catch((e: unknown) => {
    output.error(`the MLGuard language server did not start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`MLGuard: the language server did not start (${(e as Error).message}). See the MLGuard output.`);
  });

  const audit = new WorkspaceAudit(() => ready, output);
  const ruleDocs = new RuleDocs();
  const status = new FindingsStatus();
  context.subscriptions.push(ruleDocs, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('mlguard.auditWorkspace', (): Promise<AuditResult> => audit.run()),
    vscode.commands.registerCommand('mlguard.exportReport', (format?: ReportFormat, target?: vscode.Uri) => exportReport(audit, version, format, target)),
    vscode.commands.registerCommand('mlguard.openReport', async () => {
      if (!audit.last) await audit.run({ silent: true });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: renderReport(audit, 'markdown', version) });
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined, () => undefined);
    }),
    vscode.commands.registerCommand('mlguard.showRuleDocumentation', (ruleId?: string) => ruleDocs.show(ruleId)),
    vscode.commands.registerCommand('mlguard.fixAllInFile', async (uri?: vscode.Uri) => fixAllInFile(await ready, uri)),
    vscode.commands.registerCommand('mlguard.suppressFinding', async (uri: vscode.Uri, line: number, ruleIds: string | string[], reason?: string) => suppressFinding(await ready, uri, line, ruleIds, reason)),
  );

  // --- compliance view (owned by src/extension/compliance/): register it on the next line ---
  registerCompliance(context, output, {
    workspaceFindings: async (folder) => (await ready).sendRequest<WorkspaceAnalysis>('mlguard/workspaceFindings', { folder: client.code2ProtocolConverter.asUri(folder) }),
  });
  // --- end compliance view ---

  output.info(`MLGuard ${version} active (VS Code ${vscode.version}, ${vscode.env.appName}); workspace trust: ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'} — MLGuard never executes workspace code.`);
  activation.activatedAt = Date.now();
  return { client, ready, audit, ruleDocs, status, output, activation };
}

export function deactivate(): Thenable<void> | undefined {
  // The client is stopped here (not through subscriptions) so that the server gets shutdown/exit.
  return running?.stop();
}
