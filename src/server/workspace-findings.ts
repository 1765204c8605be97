// The custom request `mlguard/workspaceFindings`: the compliance model's per-file findings and
// assets of a workspace folder, for the VS Code sidebar. Open documents and notebooks are read
// from the editor's buffers (saved or not), everything else from disk, so the sidebar shows what
// the diagnostics show. The analysis runs in the analysis worker like every other.
import { RequestType, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceAnalysis } from '../compliance/workspace';
import type { NotebookCell } from '../engine';
import type { AnalysisWorkerClient } from './worker-client';

export interface WorkspaceFindingsParams {
  /** The folder (a file: URI); the first workspace folder when absent. */
  folder?: string;
}

export const WorkspaceFindingsRequest = new RequestType<WorkspaceFindingsParams, WorkspaceAnalysis, void>('mlguard/workspaceFindings');

export interface WorkspaceFindingsContext {
  connection: Connection;
  worker: AnalysisWorkerClient;
  folders(): string[];
  uriToPath(uri: string): string | undefined;
  /** Open text documents. */
  texts(): Iterable<TextDocument>;
  /** Open notebooks: their URI and code cells (index among all cells). */
  notebooks(): Iterable<{ uri: string; cells: NotebookCell[] }>;
}

export function registerWorkspaceFindings(ctx: WorkspaceFindingsContext): void {
  ctx.connection.onRequest(WorkspaceFindingsRequest, async (params, token) => {
    const root = (params?.folder !== undefined ? ctx.uriToPath(params.folder) : undefined) ?? ctx.folders()[0];
    if (!root) return { files: [], skipped: [] };
    const texts: [string, string][] = [];
    for (const d of ctx.texts()) {
      const path = ctx.uriToPath(d.uri);
      if (path) texts.push([path, d.getText()]);
    }
    const notebooks: [string, NotebookCell[]][] = [];
    for (const nb of ctx.notebooks()) {
      const path = ctx.uriToPath(nb.uri);
      if (path) notebooks.push([path, nb.cells]);
    }
    return ctx.worker.run({ type: 'workspace', root, texts, notebooks }, token);
  });
}
