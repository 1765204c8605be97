// MLGuard: Audit Workspace — every Python file and notebook of every workspace folder (files.exclude,
// the root .gitignore of each folder, [tool.mlguard] exclude and `mlguard.exclude` respected),
// read through workspace.fs (open documents: their current text), with a cancellable progress
// notification. Results fill the Problems panel (also for files that are not open) and feed the
// exported report.
import * as vscode from 'vscode';
import ignore, { type Ignore } from 'ignore';
import { analyzeCells, analyzePython, readNotebookCells, NotebookFormatError, RULES, type Diagnostic, type Finding } from '../engine';
import type { SkippedFile, ReportInput } from '../engine/reports';
import { isExcluded, type ConfigService } from './config-service';
import { diagnosticKey, textPositions, toDiagnostic } from './diagnostics';
import type { Analyzer } from './analyzer';
import { SMALL_FILE_LIMIT } from '../engine/read-file';
import { readWorkspaceFile } from './workspace-read';

/** Files larger than this are skipped by the workspace audit (the CLI's default --max-file-size). */
const AUDIT_FILE_LIMIT = 10 * 1024 * 1024;

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

async function gitignoreOf(folder: vscode.WorkspaceFolder): Promise<Ignore | undefined> {
  const read = await readWorkspaceFile(vscode.Uri.joinPath(folder.uri, '.gitignore'), SMALL_FILE_LIMIT);
  return read.ok ? ignore().add(new TextDecoder().decode(read.bytes)) : undefined;
}

function relPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
}

export class WorkspaceAudit {
  last: AuditResult | undefined;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly configs: ConfigService,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Lists the files the audit covers, in a stable order. */
  async collect(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const out: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // exclude = undefined: VS Code applies files.exclude.
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{py,ipynb}'), undefined, undefined, token);
      const gi = await gitignoreOf(folder);
      for (const uri of found) {
        const rel = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
        if (gi?.ignores(rel)) continue;
        out.push(uri);
      }
    }
    return out.sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  async run(options: { silent?: boolean } = {}): Promise<AuditResult> {
    const t0 = Date.now();
    const result: AuditResult = { files: 0, filesWithFindings: 0, findings: [], diagnostics: [], analysed: [], skipped: [], cancelled: false, ms: 0, finishedAt: new Date() };
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MLGuard: auditing workspace', cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'finding Python files and notebooks…' });
        const uris = await this.collect(token);
        const step = uris.length ? 100 / uris.length : 100;
        let shown = 0;
        for (const uri of uris) {
          if (token.isCancellationRequested) {
            result.cancelled = true;
            break;
          }
          await this.auditFile(uri, result);
          const active = result.findings.filter((f) => !f.suppression).length;
          progress.report({ increment: step, message: `${result.files}/${uris.length} files, ${active} finding${active === 1 ? '' : 's'}` });
          // Let the UI breathe (progress, cancel button) on big workspaces.
          if (++shown % 20 === 0) await new Promise((r) => setTimeout(r, 0));
        }
      },
    );
    result.ms = Date.now() - t0;
    result.finishedAt = new Date();
    this.last = result;
    const active = result.findings.filter((f) => !f.suppression);
    const summary = `MLGuard audit${result.cancelled ? ' (cancelled)' : ''}: ${active.length} finding${active.length === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}${result.skipped.length ? `, ${result.skipped.length} skipped` : ''} (${(result.ms / 1000).toFixed(1)} s).`;
    this.output.info(summary);
    if (!options.silent) {
      void vscode.window.showInformationMessage(summary, 'Open Report', 'Show Problems').then((choice) => {
        if (choice === 'Open Report') void vscode.commands.executeCommand('mlguard.openReport');
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    }
    return result;
  }

  private async auditFile(uri: vscode.Uri, result: AuditResult): Promise<void> {
    const rel = relPath(uri);
    const resolved = await this.configs.resolve(uri);
    if (!resolved.enabled || isExcluded(uri, resolved.excludes)) {
      result.skipped.push({ path: rel, reason: resolved.enabled ? 'excluded by configuration' : 'mlguard.enable is off' });
      return;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      const read = await readWorkspaceFile(uri, AUDIT_FILE_LIMIT);
      if (!read.ok) {
        result.skipped.push({ path: rel, reason: `cannot read: ${read.reason}` });
        return;
      }
      text = new TextDecoder().decode(read.bytes);
    }
    result.files++;
    result.analysed.push(rel);
    let findings: Finding[];
    try {
      if (uri.path.endsWith('.ipynb')) {
        findings = this.auditNotebook(uri, rel, text, resolved.config, result);
      } else {
        const r = analyzePython(text, rel, resolved.config);
        r.tree.delete();
        findings = r.findings;
        for (const e of r.syntaxErrors.slice(0, 1)) result.diagnostics.push({ path: rel, line: e.line, column: e.column, severity: 'warning', message: 'syntax error: the rest of the file was still analysed' });
        // Open documents keep their live diagnostics; the audit fills the others.
        if (!open) {
          const positions = textPositions(text);
          const byKey = new Map<string, Finding>();
          const diags = findings
            .filter((f) => !f.suppression)
            .map((f) => {
              const d = toDiagnostic(f, positions, uri);
              byKey.set(diagnosticKey(f.ruleId, d.range), f);
              return d;
            });
          this.analyzer.setFromAudit(uri, diags, byKey);
        }
      }
    } catch (e) {
      result.diagnostics.push({ path: rel, severity: 'error', message: `analysis failed: ${(e as Error).message}` });
      this.output.error(`audit of ${rel} failed: ${(e as Error).stack ?? e}`);
      return;
    }
    result.findings.push(...findings);
    if (findings.some((f) => !f.suppression)) result.filesWithFindings++;
  }

  private auditNotebook(uri: vscode.Uri, rel: string, text: string, config: Parameters<typeof analyzeCells>[2], result: AuditResult): Finding[] {
    let cells;
    try {
      cells = readNotebookCells(text);
    } catch (e) {
      const err = e as NotebookFormatError;
      result.diagnostics.push({ path: rel, line: err.line, column: err.column, severity: 'error', message: err.message });
      return [];
    }
    const r = analyzeCells(cells, rel, config);
    const isOpen = vscode.workspace.notebookDocuments.some((nb) => nb.uri.toString() === uri.toString());
    if (!isOpen) {
      // Cells are not documents until the notebook is opened: show the findings on the .ipynb,
      // each message prefixed with its cell and line (opening the notebook replaces them).
      const diags = r.findings
        .filter((f) => !f.suppression)
        .map((f) => {
          const d = toDiagnostic({ ...f, related: [] }, { positionAt: () => new vscode.Position(0, 0) }, uri);
          d.message = `[cell ${(f.cell?.index ?? 0) + 1}, line ${f.cell?.line ?? f.span.line}] ${f.message}`;
          return d;
        });
      this.analyzer.setFromAudit(uri, diags, new Map());
    }
    return r.findings;
  }
}
