// MLGuard: Audit Workspace — the server's workspace audit command (every Python file and notebook
// of every folder; [tool.mlguard] exclude, .gitignore, `mlguard.exclude`, and VS Code's
// files.exclude passed along). Its $/progress is shown as a cancellable progress notification;
// the server publishes the diagnostics of files that are not open. The result feeds the
// exported report.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { WorkDoneProgress, type LanguageClient, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { RULES, type Diagnostic, type Finding } from '../engine';
import type { ReportInput, SkippedFile } from '../engine/reports';
import { SERVER_COMMANDS, serverCommand } from './client';

export interface AuditResult {
  /** Files analysed. */
  files: number;
  filesWithFindings: number;
  /** All findings (suppressed ones included, as reports expect), paths relative to the folder. */
  findings: Finding[];
  diagnostics: Diagnostic[];
  analysed: string[];
  skipped: SkippedFile[];
  cancelled: boolean;
  ms: number;
  finishedAt: Date;
}

export function reportInput(result: AuditResult, toolVersion: string): ReportInput {
  return {
    findings: result.findings,
    rules: RULES.map((r) => r.meta),
    diagnostics: result.diagnostics,
    analysed: result.analysed,
    skipped: result.skipped,
    toolVersion,
  };
}

/** files.exclude patterns that are on, as globs relative to the folder. */
function filesExclude(): string[] {
  const setting = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude', {});
  return Object.entries(setting)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export class WorkspaceAudit {
  last: AuditResult | undefined;

  constructor(
    private readonly client: () => Promise<LanguageClient>,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  async run(options: { silent?: boolean } = {}): Promise<AuditResult> {
    const client = await this.client();
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MLGuard: auditing workspace', cancellable: true },
      async (progress, token) => {
        const workDone = randomUUID();
        let done = 0;
        const sub = client.onProgress(WorkDoneProgress.type, workDone, (p) => {
          if (p.kind === 'end') return;
          const r = p as WorkDoneProgressBegin | WorkDoneProgressReport;
          const increment = r.percentage !== undefined ? r.percentage - done : undefined;
          if (r.percentage !== undefined) done = r.percentage;
          progress.report({ message: r.message, increment });
        });
        try {
          return await serverCommand<Omit<AuditResult, 'finishedAt'>>(client, SERVER_COMMANDS.auditWorkspace, [{ exclude: filesExclude() }], token, workDone);
        } catch (e) {
          if (token.isCancellationRequested) return { files: 0, filesWithFindings: 0, findings: [], diagnostics: [], analysed: [], skipped: [], cancelled: true, ms: 0 };
          throw e;
        } finally {
          sub.dispose();
        }
      },
    );
    const result: AuditResult = { ...summary, finishedAt: new Date() };
    this.last = result;
    const active = result.findings.filter((f) => !f.suppression);
    const text = `MLGuard audit${result.cancelled ? ' (cancelled)' : ''}: ${active.length} finding${active.length === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}${result.skipped.length ? `, ${result.skipped.length} skipped` : ''} (${(result.ms / 1000).toFixed(1)} s).`;
    this.output.info(text);
    if (!options.silent) {
      void vscode.window.showInformationMessage(text, 'Open Report', 'Show Problems').then((choice) => {
        if (choice === 'Open Report') void vscode.commands.executeCommand('mlguard.openReport');
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    }
    return result;
  }
}
