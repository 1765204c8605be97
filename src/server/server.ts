// `mlguard server --stdio`: MLGuard as a Language Server (LSP 3.17) for any editor. The main loop
// only keeps documents and answers requests; every parse, analysis, fix and pragma placement runs
// in the analysis worker (worker-client.ts), one job at a time, so hovers, cancellations and
// commands are answered while a big file is analysed. Diagnostics are pulled
// (textDocument/diagnostic) when the client supports it and pushed otherwise; notebook cells
// (notebookDocument sync) are always pushed. Nothing from the workspace is executed.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ExecuteCommandRequest,
  MessageType,
  ShowMessageNotification,
  LSPErrorCodes,
  NotebookDocuments,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, pickFixes, type Finding, type LoadedConfig } from '../engine';
import { COMMANDS, FIX_ALL_KIND, minimalEdit, quickFixes, wantsFixAll, wantsQuickFixes } from './code-actions';
import { hoverFor, rangeOf, ruleDocLink, SOURCE, spanRange, toDiagnostic } from './findings';
import { validateReason } from './pragma';
import { DEFAULT_SETTINGS, FileConfigs, parseSettings, resolveConfig, type ClientSettings, type Resolved } from './settings';
import { AnalysisWorkerClient, CancelledError, type CancelSignal } from './worker-client';
import { treeEditData, type AnalysisOutcome } from './worker-protocol';
import { runWorkspaceAudit, type AuditSummary } from './workspace-audit';
import type { Worker } from 'node:worker_threads';
import { registerWorkspaceFindings } from './workspace-findings';
import type { IncrementalStats } from '../engine/incremental';

export interface ServerOptions {
  /** dist/analysis-worker.js */
  workerFile: string;
  version: string;
  /** The analysis worker, when the entry point started it before loading this module (bin.ts). */
  startedWorker?: Worker;
}

/** A cancellation source for work shared by several requests. */
class Cancel implements CancelSignal {
  isCancellationRequested = false;
  private readonly listeners: (() => void)[] = [];
  onCancellationRequested(listener: () => void): void {
    if (this.isCancellationRequested) listener();
    else this.listeners.push(listener);
  }
  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    for (const l of this.listeners.splice(0)) l();
  }
}

/** One analysis of one version of a document (or notebook), shared by everything that needs it. */
interface Analysis {
  version: number;
  generation: number;
  cancel: Cancel;
  waiters: number;
  promise: Promise<DocumentFindings>;
}

/** Unsuppressed findings with their diagnostics, per document URI (a text file, or each cell). */
type DocumentFindings = Map<string, { finding: Finding; diagnostic: Diagnostic }[]>;

const cancelled = (): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const worker = new AnalysisWorkerClient(options.workerFile, (m) => connection.console.warn(m), options.startedWorker);
  const docs = new Map<string, TextDocument>();
  const notebooks = new NotebookDocuments(TextDocument);
  const fileConfigs = new FileConfigs();
  const analyses = new Map<string, Analysis>();
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastEngineMs = new Map<string, number>();
  /** Per text document: its analyses' engine times and whether each reparsed incrementally (`mlguard/analysisStats`, for benchmarks and tests). */
  const analysisStats = new Map<string, { engineMs: number; incremental: boolean; slices?: IncrementalStats }[]>();
  const reportedConfigs = new Set<string>();
  const openNotebooks = new Set<string>();
  /**
   * Changes per open notebook: the analysis version of a notebook. The notebook's own version need
   * not move when only a cell's text changes (VS Code sends the same notebook version then).
   */
  const notebookChanges = new Map<string, number>();
  const notebookVersion = (uri: string): number => notebookChanges.get(uri) ?? 0;
  let capabilities: ClientCapabilities = {};
  let folders: string[] = [];
  let pull = false;
  let generation = 0;
  let globalSettings: ClientSettings = DEFAULT_SETTINGS;
  let settingsCache = new Map<string, Promise<ClientSettings>>();

  /** window/showMessage (a notification: nothing waits for the user to dismiss it). */
  const tell = (type: MessageType, message: string): void => void connection.sendNotification(ShowMessageNotification.type, { type, message });

  // ---------- configuration ----------

  const folderOf = (path: string | undefined): string | undefined =>
    path === undefined ? undefined : folders.filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`)).sort((a, b) => b.length - a.length)[0];

  function settingsFor(uri: string): Promise<ClientSettings> {
    if (!capabilities.workspace?.configuration) return Promise.resolve(globalSettings);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: 'mlguard' }).then(parseSettings, () => globalSettings);
      settingsCache.set(uri, p);
    }
    return p;
  }

  function reportConfigProblems(file: LoadedConfig): void {
    if (!file.file || reportedConfigs.has(file.file)) return;
    reportedConfigs.add(file.file);
    if (!file.problems.length) return;
    const diagnostics: Diagnostic[] = file.problems.map((p) => {
      const line = Math.max(0, (p.line ?? 1) - 1);
      const col = Math.max(0, (p.column ?? 1) - 1);
      return {
        range: { start: { line, character: col }, end: { line, character: col + 1000 } },
        severity: 2,
        source: SOURCE,
        message: `MLGuard configuration: ${p.key ? `${p.key}: ` : ''}${p.message}. Analysis continues with the default configuration.`,
      };
    });
    void connection.sendDiagnostics({ uri: pathToFileURL(file.file).toString(), diagnostics });
  }

  /** The configuration of a document; `uri` is the file (or notebook) URI. */
  async function configFor(uri: string): Promise<Resolved> {
    const path = uriToPath(uri);
    const settings = await settingsFor(uri);
    const file = path ? fileConfigs.forFile(path) : undefined;
    if (file) reportConfigProblems(file);
    return resolveConfig(path, file, settings, folderOf(path));
  }

  // ---------- documents and analyses ----------

  /** Where a document URI lives: a text document, or a cell of an open notebook. */
  function locate(uri: string): { kind: 'text'; doc: TextDocument } | { kind: 'cell'; notebookUri: string; doc: TextDocument } | undefined {
    const doc = docs.get(uri);
    if (doc) return { kind: 'text', doc };
    const nb = notebooks.findNotebookDocumentForCell(uri);
    const cell = notebooks.getNotebookCell(uri);
    const cellDoc = cell ? notebooks.getCellTextDocument(cell) : undefined;
    if (nb && cellDoc) return { kind: 'cell', notebookUri: nb.uri, doc: cellDoc };
    return undefined;
  }

  function logOutcome(uri: string, r: AnalysisOutcome): void {
    for (const e of r.internalErrors) connection.console.error(`rule error in ${uri}: ${e}`);
    if (r.tooDeep.length) connection.console.warn(`${uri}: code nested too deeply to follow; ${r.tooDeep.join(', ')} skipped`);
  }

  async function analyseText(doc: TextDocument, cancel: Cancel): Promise<DocumentFindings> {
    const resolved = await configFor(doc.uri);
    const out: DocumentFindings = new Map([[doc.uri, []]]);
    if (!resolved.enabled || resolved.excluded) return out;
    const r = await worker.run({ type: 'analyze', uri: doc.uri, text: doc.getText(), path: uriToPath(doc.uri) ?? doc.uri, config: resolved.config }, cancel);
    lastEngineMs.set(doc.uri, r.engineMs);
    const stats = analysisStats.get(doc.uri) ?? [];
    stats.push({ engineMs: r.engineMs, incremental: r.incremental, slices: r.slices });
    analysisStats.set(doc.uri, stats.slice(-1000));
    logOutcome(doc.uri, r);
    out.set(
      doc.uri,
      r.findings.filter((f) => !f.suppression).map((finding) => ({ finding, diagnostic: toDiagnostic(finding, doc.uri) })),
    );
    return out;
  }

  async function analyseNotebook(notebookUri: string, cancel: Cancel): Promise<DocumentFindings> {
    const nb = notebooks.getNotebookDocument(notebookUri);
    const out: DocumentFindings = new Map();
    if (!nb) return out;
    const cellDocs = nb.cells.map((c) => notebooks.getCellTextDocument(c));
    for (const d of cellDocs) if (d) out.set(d.uri, []);
    const resolved = await configFor(notebookUri);
    if (!resolved.enabled || resolved.excluded) return out;
    const cells = nb.cells
      .map((c, index) => ({ c, index, doc: cellDocs[index] }))
      .filter(({ c, doc }) => c.kind === 2 && doc !== undefined && doc.languageId === 'python')
      .map(({ index, doc }) => ({ index, source: doc!.getText() }));
    const r = await worker.run({ type: 'cells', cells, path: uriToPath(notebookUri) ?? notebookUri, config: resolved.config }, cancel);
    logOutcome(notebookUri, r);
    for (const finding of r.findings) {
      if (finding.suppression || !finding.cell) continue;
      const doc = cellDocs[finding.cell.index];
      if (!doc) continue;
      const diagnostic = toDiagnostic(finding, doc.uri, (rel) => {
        // analyzeCells says which cell (rel.cell) and names it in the message.
        const target = rel.cell ? cellDocs[rel.cell.index] : doc;
        if (!target) return undefined;
        return { uri: target.uri, range: spanRange(rel.span), message: rel.message };
      });
      out.get(doc.uri)?.push({ finding, diagnostic });
    }
    return out;
  }

  /** The analysis of the current version of a text document or notebook (shared, cached). */
  function analysisOf(key: string, version: number, run: (cancel: Cancel) => Promise<DocumentFindings>): Analysis {
    const cur = analyses.get(key);
    if (cur && cur.version === version && cur.generation === generation && !cur.cancel.isCancellationRequested) return cur;
    cur?.cancel.cancel(); // superseded: if it has not started, it never runs
    const cancel = new Cancel();
    const a: Analysis = { version, generation, cancel, waiters: 0, promise: run(cancel) };
    a.promise.catch(() => {
      if (analyses.get(key) === a) analyses.delete(key);
    });
    analyses.set(key, a);
    return a;
  }

  /** Waits for an analysis on behalf of one request; the request's cancellation releases it. */
  async function await_(a: Analysis, token?: CancellationToken): Promise<DocumentFindings> {
    a.waiters++;
    let sub: { dispose(): void } | undefined;
    const onCancel = new Promise<never>((_, reject) => {
      sub = token?.onCancellationRequested(() => reject(cancelled()));
    });
    try {
      return await Promise.race([a.promise, onCancel]);
    } catch (e) {
      if (e instanceof CancelledError) throw cancelled();
      throw e;
    } finally {
      sub?.dispose();
      a.waiters--;
      // Nobody waits any more for work that has not started: drop it.
      if (a.waiters === 0 && token?.isCancellationRequested) a.cancel.cancel();
    }
  }

  /** Findings of one document (a text file or a notebook cell), for its current version. */
  async function findingsOf(uri: string, token?: CancellationToken): Promise<{ doc: TextDocument; items: { finding: Finding; diagnostic: Diagnostic }[]; notebookUri?: string } | undefined> {
    const where = locate(uri);
    if (!where) return undefined;
    if (where.kind === 'text') {
      const doc = where.doc;
      const result = await await_(analysisOf(uri, doc.version, (c) => analyseText(doc, c)), token);
      return { doc, items: result.get(uri) ?? [] };
    }
    const nb = notebooks.getNotebookDocument(where.notebookUri)!;
    const result = await await_(analysisOf(nb.uri, notebookVersion(nb.uri), (c) => analyseNotebook(nb.uri, c)), token);
    return { doc: where.doc, items: result.get(uri) ?? [], notebookUri: nb.uri };
  }

  // ---------- push ----------

  function schedulePush(key: string, delay: number, action: () => Promise<void>): void {
    const t = pushTimers.get(key);
    if (t) clearTimeout(t);
    pushTimers.set(
      key,
      setTimeout(() => {
        pushTimers.delete(key);
        action().catch((e: unknown) => {
          if (e instanceof ResponseError || e instanceof CancelledError) return;
          connection.console.error(`analysis of ${key} failed: ${(e as Error).stack ?? String(e)}`);
        });
      }, delay),
    );
  }

  function pushText(uri: string, delay: number): void {
    schedulePush(uri, delay, async () => {
      const doc = docs.get(uri);
      if (!doc) return;
      const version = doc.version;
      const r = await findingsOf(uri);
      if (!r || docs.get(uri)?.version !== version) return;
      await connection.sendDiagnostics({ uri, version, diagnostics: r.items.map((i) => i.diagnostic) });
    });
  }

  function pushNotebook(notebookUri: string, delay: number): void {
    schedulePush(notebookUri, delay, async () => {
      const nb = notebooks.getNotebookDocument(notebookUri);
      if (!nb) return;
      const version = notebookVersion(nb.uri);
      const result = await await_(analysisOf(nb.uri, version, (c) => analyseNotebook(nb.uri, c)));
      if (!notebooks.getNotebookDocument(notebookUri) || notebookVersion(notebookUri) !== version) return;
      for (const [uri, items] of result) await connection.sendDiagnostics({ uri, diagnostics: items.map((i) => i.diagnostic) });
    });
  }

  /** Debounce after a keystroke, never shorter than the last analysis of this file took (capped at 2 s). */
  const typingDelay = (uri: string): number => Math.max(250, Math.min(lastEngineMs.get(uri) ?? 0, 2000));

  async function runsOnType(uri: string): Promise<boolean> {
    return (await settingsFor(uri)).run === 'onType';
  }

  /** Everything open is stale (settings or a config file changed). */
  function refreshAll(): void {
    generation++;
    settingsCache = new Map();
    reportedConfigs.clear();
    if (pull && capabilities.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
    if (!pull) for (const uri of docs.keys()) pushText(uri, 0);
    for (const nb of openNotebooks) pushNotebook(nb, 0);
  }

  // ---------- lifecycle ----------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    pull = capabilities.textDocument?.diagnostic !== undefined;
    const ws: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    folders = ws.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init) globalSettings = parseSettings(init.settings ?? init);
    return {
      serverInfo: { name: 'mlguard', version: options.version },
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: {
          notebookSelector: [
            { notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] },
            { notebook: { pattern: '**/*.ipynb' }, cells: [{ language: 'python' }] },
          ],
        },
        ...(pull ? { diagnosticProvider: { identifier: 'mlguard', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mlguard' });
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/mlguard.toml' }] });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined)];
        refreshAll();
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    const s = (params.settings as { mlguard?: unknown } | undefined)?.mlguard;
    if (s !== undefined) globalSettings = parseSettings(s);
    connection.console.info('settings changed: re-analysing');
    refreshAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    fileConfigs.clear();
    connection.console.info('configuration file changed: re-analysing');
    refreshAll();
  });

  // ---------- text documents (incremental sync; edits forwarded to the worker's trees) ----------

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    docs.set(t.uri, TextDocument.create(t.uri, t.languageId, t.version, t.text));
    if (!pull) pushText(t.uri, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = docs.get(textDocument.uri);
    if (!doc) return;
    let text = doc.getText();
    const edits = [];
    let scratch = doc;
    for (const change of contentChanges) {
      if ('range' in change) {
        const start = scratch.offsetAt(change.range.start);
        const end = scratch.offsetAt(change.range.end);
        edits.push(treeEditData(change.range, start, end, change.text));
        text = text.slice(0, start) + change.text + text.slice(end);
      } else {
        text = change.text;
        edits.length = 0;
        worker.close(textDocument.uri); // a full replacement: parse from scratch
      }
      scratch = TextDocument.create(doc.uri, doc.languageId, textDocument.version, text);
    }
    if (edits.length) worker.edit(textDocument.uri, edits);
    docs.set(doc.uri, TextDocument.update(doc, contentChanges, textDocument.version));
    if (!pull) {
      void runsOnType(doc.uri).then((onType) => {
        if (onType) pushText(doc.uri, typingDelay(doc.uri));
      });
    }
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    if (!pull) pushText(textDocument.uri, 0);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const uri = textDocument.uri;
    docs.delete(uri);
    analyses.get(uri)?.cancel.cancel();
    analyses.delete(uri);
    const t = pushTimers.get(uri);
    if (t) clearTimeout(t);
    pushTimers.delete(uri);
    worker.close(uri);
    analysisStats.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  // ---------- notebooks (LSP 3.17 notebook sync; always pushed, per cell) ----------

  notebooks.onDidOpen((nb) => {
    openNotebooks.add(nb.uri);
    pushNotebook(nb.uri, 0);
  });
  notebooks.onDidChange((e) => {
    const uri = e.notebookDocument.uri;
    notebookChanges.set(uri, notebookVersion(uri) + 1);
    for (const removed of e.cells?.removed ?? []) void connection.sendDiagnostics({ uri: removed.document, diagnostics: [] });
    void runsOnType(uri).then((onType) => {
      if (onType) pushNotebook(uri, typingDelay(uri));
    });
  });
  notebooks.onDidSave((nb) => pushNotebook(nb.uri, 0));
  notebooks.onDidClose((nb) => {
    openNotebooks.delete(nb.uri);
    notebookChanges.delete(nb.uri);
    analyses.get(nb.uri)?.cancel.cancel();
    analyses.delete(nb.uri);
    for (const c of nb.cells) void connection.sendDiagnostics({ uri: c.document, diagnostics: [] });
  });
  notebooks.listen(connection);

  // ---------- pull diagnostics ----------

  connection.languages.diagnostics.on(async (params, token) => {
    const uri = params.textDocument.uri;
    const where = locate(uri);
    // Cells are pushed (every client that syncs notebooks handles that); answering here too would duplicate them.
    if (!where || where.kind === 'cell') return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const version = where.doc.version;
    const resultId = `${version}:${generation}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    const r = await findingsOf(uri, token);
    if (token.isCancellationRequested) throw cancelled();
    if (!r) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (docs.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: r.items.map((i) => i.diagnostic) };
  });

  // ---------- code actions, hover ----------

  /** The document an engine edit is for: notebooks name the cell (index among all cells). */
  const editTarget = (doc: TextDocument, notebookUri: string | undefined) => (cell: number | undefined): TextDocument | undefined => {
    if (!notebookUri || cell === undefined) return doc;
    const nb = notebooks.getNotebookDocument(notebookUri);
    const c = nb?.cells[cell];
    return c ? notebooks.getCellTextDocument(c) : undefined;
  };

  /** All safe fixes of a document as one minimal edit, with how many problems it fixes. */
  async function fixAll(uri: string, token?: CancellationToken): Promise<{ edit: { range: ReturnType<typeof rangeOf>; newText: string } | undefined; fixed: number; doc: TextDocument } | undefined> {
    const where = locate(uri);
    if (!where) return undefined;
    const source = where.doc.getText();
    if (where.kind === 'text') {
      const resolved = await configFor(uri);
      if (!resolved.enabled || resolved.excluded) return { edit: undefined, fixed: 0, doc: where.doc };
      const r = await worker.run({ type: 'fix', text: source, path: uriToPath(uri) ?? uri, config: resolved.config, unsafe: false }, token);
      if (token?.isCancellationRequested) throw cancelled();
      return { edit: minimalEdit(where.doc, source, r.output), fixed: r.fixed, doc: where.doc };
    }
    // A notebook cell: the safe fixes whose edits stay inside this cell, one non-overlapping pass.
    const found = await findingsOf(uri, token);
    if (!found) return undefined;
    const nb = notebooks.getNotebookDocument(where.notebookUri);
    const index = nb?.cells.findIndex((c) => c.document === uri) ?? -1;
    const local = found.items.map(({ finding }) => ({ ...finding, fixes: finding.fixes.filter((x) => x.edits.every((e) => e.cell === undefined || e.cell === index)) }));
    const { fixes } = pickFixes(local, ['safe']);
    const output = applyEdits(source, fixes.flatMap((f) => f.edits));
    return { edit: minimalEdit(where.doc, source, output), fixed: fixes.length, doc: where.doc };
  }

  connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
    const only = params.context.only;
    const out: CodeAction[] = [];
    if (wantsFixAll(only)) {
      const r = await fixAll(params.textDocument.uri, token);
      if (r?.edit) out.push({ title: `MLGuard: fix all safe problems (${r.fixed})`, kind: FIX_ALL_KIND, edit: { changes: { [r.doc.uri]: [r.edit] } } });
    }
    if (!wantsQuickFixes(only)) return out;
    const found = await findingsOf(params.textDocument.uri, token);
    if (!found) return out;
    if (token.isCancellationRequested) throw cancelled();
    out.push(...quickFixes({ doc: found.doc, range: params.range, diagnostics: params.context.diagnostics, findings: found.items, target: editTarget(found.doc, found.notebookUri) }));
    return out;
  });

  connection.onHover(async (params, token) => {
    const found = await findingsOf(params.textDocument.uri, token);
    if (!found) return null;
    return hoverFor(found.items.map((i) => i.finding), found.doc, found.doc.offsetAt(params.position)) ?? null;
  });

  // ---------- commands ----------

  async function suppress(arg: { uri?: unknown; line?: unknown; ruleIds?: unknown; reason?: unknown }): Promise<{ applied: boolean; message: string }> {
    const uri = typeof arg?.uri === 'string' ? arg.uri : undefined;
    const line = typeof arg?.line === 'number' && Number.isInteger(arg.line) && arg.line >= 0 ? arg.line : undefined;
    const ids = Array.isArray(arg?.ruleIds) ? arg.ruleIds.filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9_-]+$/.test(x)) : [];
    const reason = typeof arg?.reason === 'string' ? arg.reason : '';
    const where = uri ? locate(uri) : undefined;
    if (!uri || line === undefined || !ids.length || !where) throw new ResponseError(-32602, 'suppress needs { uri, line, ruleIds } of an open document');
    if (reason) {
      const problem = validateReason(reason);
      if (problem) throw new ResponseError(-32602, problem);
    }
    const r = await worker.run({ type: 'pragma', text: where.doc.getText(), line: line + 1, codes: ids.join(', '), reason });
    if (!r.placement) {
      const message = `cannot place a pragma for line ${line + 1} without breaking the Python (the line is inside a multi-line string). Use an ignore-file pragma instead.`;
      tell(MessageType.Error, `MLGuard: ${message}`);
      return { applied: false, message };
    }
    const e = r.placement;
    const applied = await connection.workspace.applyEdit({ label: `Suppress ${ids.join(', ')}`, edit: { changes: { [uri]: [{ range: rangeOf(where.doc, e.start, e.end), newText: e.text }] } } });
    const message = reason ? `suppressed ${ids.join(', ')} on line ${line + 1}` : `wrote the pragma for line ${line + 1}: write the reason after it; a suppression without a reason is not applied.`;
    if (!reason && applied.applied) tell(MessageType.Info, `MLGuard: ${message}`);
    return { applied: applied.applied, message };
  }

  async function showDocumentation(ids: unknown[]): Promise<{ url: string } | undefined> {
    const id = ids.find((x): x is string => typeof x === 'string' && /^[A-Z]+\d+$/.test(x));
    if (!id) return undefined;
    const url = ruleDocLink(id);
    if (capabilities.window?.showDocument?.support) await connection.window.showDocument({ uri: url, external: true });
    else tell(MessageType.Info, `MLGuard ${id}: ${url}`);
    return { url };
  }

  // Registered directly: onExecuteCommand hides the request's workDoneToken from the handler.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case COMMANDS.suppress:
        return suppress((args[0] ?? {}) as Parameters<typeof suppress>[0]);
      case COMMANDS.showDocumentation:
        return showDocumentation(args);
      case COMMANDS.fixAll: {
        const uri = typeof args[0] === 'string' ? args[0] : (args[0] as { uri?: string } | undefined)?.uri;
        const r = uri ? await fixAll(uri, token) : undefined;
        if (!r) throw new ResponseError(-32602, 'fixAll needs the URI of an open document');
        let applied = false;
        if (r.edit) applied = (await connection.workspace.applyEdit({ label: 'MLGuard: fix all safe problems', edit: { changes: { [r.doc.uri]: [r.edit] } } })).applied;
        const fixed = applied ? r.fixed : 0;
        tell(MessageType.Info, fixed ? `MLGuard fixed ${fixed} problem${fixed === 1 ? '' : 's'}.` : 'MLGuard: no safe fixes to apply in this file.');
        return { fixed };
      }
      case COMMANDS.auditWorkspace: {
        // Optional { exclude: globs } (VS Code passes its files.exclude), on top of the config's.
        const extra = (args[0] as { exclude?: unknown } | undefined)?.exclude;
        const summary: AuditSummary = await runWorkspaceAudit({
          connection,
          exclude: Array.isArray(extra) ? extra.filter((g): g is string => typeof g === 'string') : [],
          worker,
          folders,
          token,
          workDoneToken: params.workDoneToken,
          canCreateProgress: capabilities.window?.workDoneProgress === true,
          configFor: async (path) => configFor(pathToFileURL(path).toString()),
          openText: (path) => {
            const uri = pathToFileURL(path).toString();
            return docs.get(uri);
          },
          isOpen: (path) => {
            const uri = pathToFileURL(path).toString();
            return docs.has(uri) || openNotebooks.has(uri);
          },
        });
        if (summary.cancelled && token.isCancellationRequested) throw cancelled();
        return summary;
      }
      default:
        throw new ResponseError(-32601, `unknown command ${params.command}`);
    }
  });

  connection.onRequest('mlguard/analysisStats', (params: { uri?: unknown }) => (typeof params?.uri === 'string' ? (analysisStats.get(params.uri) ?? []) : []));

  registerWorkspaceFindings({
    connection,
    worker,
    folders: () => folders,
    uriToPath,
    texts: () => docs.values(),
    notebooks: () =>
      [...openNotebooks].flatMap((uri) => {
        const nb = notebooks.getNotebookDocument(uri);
        if (!nb) return [];
        const cells = nb.cells.flatMap((c, index) => {
          const doc = c.kind === 2 ? notebooks.getCellTextDocument(c) : undefined;
          return doc && doc.languageId === 'python' ? [{ index, source: doc.getText() }] : [];
        });
        return [{ uri, cells }];
      }),
  });

  connection.onShutdown(() => {
    for (const t of pushTimers.values()) clearTimeout(t);
    worker.dispose();
  });
  connection.onExit(() => worker.dispose());
  connection.listen();
}
