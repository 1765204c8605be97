// The workspace audit command: every Python file and notebook of every workspace folder (found
// like `mlguard audit` finds them: default excludes, virtualenvs, .gitignore; then the config's and
// the settings' excludes), each analysed in the worker exactly as the CLI does (open documents: their
// current text). Progress goes to $/progress (work done progress), cancellation is checked between
// files, and files that are not open get their diagnostics published.
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, Diagnostic, ProgressToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as EngineDiagnostic, Finding } from '../engine';
import { relative, sep } from 'node:path';
import { withSuppressionAuthors } from '../compliance/suppression-authors';
import { discoverFiles } from '../engine/discovery';
import { excludeMatcher } from '../engine/glob';
import type { SkippedFile } from '../engine/reports';
import { toDiagnostic } from './findings';
import type { Resolved } from './settings';
import type { AnalysisWorkerClient } from './worker-client';

export interface AuditSummary {
  files: number;
  filesWithFindings: number;
  /** Every finding (suppressed ones included, as reports expect); paths relative to their folder. */
  findings: Finding[];
  diagnostics: EngineDiagnostic[];
  analysed: string[];
  skipped: SkippedFile[];
  cancelled: boolean;
  ms: number;
}

export interface AuditContext {
  connection: Connection;
  worker: AnalysisWorkerClient;
  folders: string[];
  /** Extra exclude globs relative to each folder (an editor's own excludes). */
  exclude?: string[];
  token: CancellationToken;
  workDoneToken?: ProgressToken;
  canCreateProgress: boolean;
  configFor(path: string): Promise<Resolved>;
  openText(path: string): TextDocument | undefined;
  isOpen(path: string): boolean;
}

const MAX_FILE_BYTES = 10e6;

async function progressReporter(ctx: AuditContext): Promise<WorkDoneProgressReporter | undefined> {
  if (ctx.workDoneToken !== undefined) return ctx.connection.window.attachWorkDoneProgress(ctx.workDoneToken);
  if (ctx.canCreateProgress) return ctx.connection.window.createWorkDoneProgress();
  return undefined;
}

export async function runWorkspaceAudit(ctx: AuditContext): Promise<AuditSummary> {
  const t0 = Date.now();
  const result: AuditSummary = { files: 0, filesWithFindings: 0, findings: [], diagnostics: [], analysed: [], skipped: [], cancelled: false, ms: 0 };
  const progress = await progressReporter(ctx);
  progress?.begin('MLGuard: auditing workspace', 0, 'finding Python files and notebooks…', true);
  const files = ctx.folders.flatMap((folder) => {
    const isMatch = ctx.exclude?.length ? excludeMatcher(ctx.exclude) : undefined;
    const found = discoverFiles([folder], { cwd: folder, isExcluded: isMatch ? (abs) => isMatch(relative(folder, abs).split(sep).join('/')) : undefined });
    for (const s of found.skipped) result.skipped.push(s);
    return found.files.map((file) => ({ folder, file }));
  });
  let done = 0;
  for (const { folder, file } of files) {
    if (ctx.token.isCancellationRequested) {
      result.cancelled = true;
      break;
    }
    done++;
    const resolved = await ctx.configFor(file.absPath);
    if (!resolved.enabled || resolved.excluded) {
      result.skipped.push({ path: file.path, reason: resolved.enabled ? 'excluded by configuration' : 'mlguard.enable is off' });
      continue;
    }
    const open = file.kind === 'python' ? ctx.openText(file.absPath) : undefined;
    let findings: Finding[];
    try {
      if (open) {
        findings = (await ctx.worker.run({ type: 'analyze', uri: open.uri, text: open.getText(), path: file.path, config: resolved.config })).findings;
      } else {
        const outcome = await ctx.worker.run({ type: 'file', file, config: resolved.config, maxFileBytes: MAX_FILE_BYTES });
        if (outcome.skipped) {
          result.skipped.push({ path: file.path, reason: outcome.skipped });
          continue;
        }
        findings = outcome.findings;
        result.diagnostics.push(...outcome.diagnostics);
      }
    } catch (e) {
      result.diagnostics.push({ path: file.path, severity: 'error', message: `analysis failed: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    // An accepted risk in the exported report says by whom, as `mlguard audit`'s does (git blame of
    // the pragma; an open editor's text is blamed as it is, unsaved lines are "uncommitted").
    findings = withSuppressionAuthors(folder, findings, open ? { contents: new Map([[file.absPath, open.getText()]]) } : {});
    result.files++;
    result.analysed.push(file.path);
    result.findings.push(...findings);
    const active = findings.filter((f) => !f.suppression);
    if (active.length) result.filesWithFindings++;
    // Open documents keep their live diagnostics; the audit fills the others.
    if (!ctx.isOpen(file.absPath)) {
      const uri = pathToFileURL(file.absPath).toString();
      const diagnostics: Diagnostic[] = active.map((f) => {
        if (!f.cell) return toDiagnostic(f, uri);
        // A notebook that is not open has no cell documents: point at the cell's line in the .ipynb.
        const d = toDiagnostic({ ...f, related: [], span: { ...f.span, line: f.cell.fileLine ?? 1, column: 1, endLine: f.cell.fileLine ?? 1, endColumn: 1 } }, uri);
        d.message = `[cell ${f.cell.index + 1}, line ${f.cell.line}] ${d.message}`;
        return d;
      });
      void ctx.connection.sendDiagnostics({ uri, diagnostics });
    }
    const total = result.findings.filter((f) => !f.suppression).length;
    progress?.report(Math.round((done / Math.max(1, files.length)) * 100), `${done}/${files.length} files, ${total} finding${total === 1 ? '' : 's'}`);
  }
  result.ms = Date.now() - t0;
  progress?.done();
  return result;
}
