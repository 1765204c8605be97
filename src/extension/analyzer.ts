// Live analysis of open Python documents and notebooks. One tree-sitter Tree is kept per
// document: every content change is applied to it with tree.edit() as it arrives, and the
// (debounced) analysis reparses incrementally from that edited tree, so a keystroke in a large
// file reparses only the changed region. Python files are analysed in a worker thread
// (analysis-worker.ts, which then owns the trees) so the extension host never blocks; when the
// worker is unavailable the same work runs in-process. Notebooks are analysed in-process.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Edit } from 'web-tree-sitter';
import { analyzeCells, analyzePython, type Finding, type Tree } from '../engine';
import { AnalysisWorkerClient } from '../server/worker-client';
import type { TreeEditData } from '../server/worker-protocol';
import { isExcluded, type ConfigService } from './config-service';
import { diagnosticKey, rangeOf, toDiagnostic } from './diagnostics';

export const DEBOUNCE_MS = 250;

interface DocState {
  tree?: Tree;
  timer?: ReturnType<typeof setTimeout>;
  /** Bumped on every change: a slower, older analysis never overwrites a newer one. */
  generation: number;
  /** Engine time of the last analysis: big files wait longer after a keystroke. */
  lastEngineMs?: number;
}

export interface AnalysisTiming {
  uri: string;
  /** Milliseconds spent in the engine (parse + rules). */
  engineMs: number;
  incremental: boolean;
  lines: number;
}

export function isPythonDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && doc.uri.scheme !== 'vscode-notebook-cell' && !doc.uri.path.endsWith('.ipynb');
}

export function isNotebookCell(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'vscode-notebook-cell';
}

/** The notebook a cell document belongs to. */
export function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
}

function pointAfter(start: vscode.Position, text: string): { row: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.line, column: start.character + text.length };
  return { row: start.line + lines.length - 1, column: lines[lines.length - 1].length };
}

/** The tree-sitter edit for one content change (UTF-16 offsets and columns, as the engine parses strings). */
export function treeEditData(change: vscode.TextDocumentContentChangeEvent): TreeEditData {
  return {
    startIndex: change.rangeOffset,
    oldEndIndex: change.rangeOffset + change.rangeLength,
    newEndIndex: change.rangeOffset + change.text.length,
    startPosition: { row: change.range.start.line, column: change.range.start.character },
    oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
    newEndPosition: pointAfter(change.range.start, change.text),
  };
}

export class Analyzer implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('mlguard');
  private readonly states = new Map<string, DocState>();
  /** Findings behind the current diagnostics, per document (cell) URI, by diagnostic key. */
  private readonly findings = new Map<string, Map<string, Finding>>();
  private readonly updated = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after the diagnostics of a document (or each cell of a notebook) were replaced. */
  readonly onDidUpdate = this.updated.event;
  readonly timings: AnalysisTiming[] = [];
  /** Delay between the last keystroke and the analysis (the editor benchmark sets it to 0 too). */
  debounceMs = DEBOUNCE_MS;
  private readonly disposables: vscode.Disposable[] = [];
  /** Analyses Python files off the main thread (undefined: in-process). */
  readonly worker: AnalysisWorkerClient | undefined;

  constructor(
    private readonly configs: ConfigService,
    private readonly output: vscode.LogOutputChannel,
    workerFile: string | undefined = join(__dirname, 'analysis-worker.js'),
  ) {
    if (workerFile && existsSync(workerFile)) {
      try {
        this.worker = new AnalysisWorkerClient(workerFile, (m) => output.warn(m));
      } catch (e) {
        output.warn(`cannot start the analysis worker, analysing in-process: ${(e as Error).message}`);
      }
    }
    this.disposables.push(
      this.diagnostics,
      this.updated,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0, true)),
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0, true)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleNotebook(nb, 0, true)),
      vscode.workspace.onDidSaveNotebookDocument((nb) => this.scheduleNotebook(nb, 0, true)),
      vscode.workspace.onDidChangeNotebookDocument((e) => this.scheduleNotebook(e.notebook, this.debounceMs)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.closedNotebook(nb)),
      configs.onDidChange(() => this.reanalyseAll()),
    );
  }

  /** Analyses everything that is open now (activation, config or settings change). */
  reanalyseAll(): void {
    for (const doc of vscode.workspace.textDocuments) if (isPythonDocument(doc)) this.schedule(doc, 0, true);
    for (const nb of vscode.workspace.notebookDocuments) this.scheduleNotebook(nb, 0, true);
  }

  findingsFor(uri: vscode.Uri): Map<string, Finding> {
    return this.findings.get(uri.toString()) ?? new Map();
  }

  private state(key: string): DocState {
    let s = this.states.get(key);
    if (!s) {
      s = { generation: 0 };
      this.states.set(key, s);
    }
    return s;
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (isNotebookCell(doc)) {
      const nb = notebookOf(doc);
      if (nb) this.scheduleNotebook(nb, this.debounceMs);
      return;
    }
    if (!isPythonDocument(doc) || e.contentChanges.length === 0) return;
    const s = this.state(doc.uri.toString());
    s.generation++;
    // Keep the tree in step with the text now; the reparse happens when the analysis runs.
    if (this.worker?.alive) this.worker.edit(doc.uri.toString(), e.contentChanges.map(treeEditData));
    if (s.tree) {
      try {
        for (const change of e.contentChanges) s.tree.edit(new Edit(treeEditData(change)));
      } catch (err) {
        this.output.warn(`incremental edit failed, full reparse next: ${(err as Error).message}`);
        s.tree.delete();
        s.tree = undefined;
      }
    }
    // Adaptive debounce: never re-analyse more often than an analysis of this file takes, so
    // typing in a very large file does not keep the extension host busy (capped at 2 s).
    const delay = this.debounceMs === 0 ? 0 : Math.max(this.debounceMs, Math.min(s.lastEngineMs ?? 0, 2000));
    this.schedule(doc, delay);
  }

  /** Runs (or debounces) the analysis of a Python document. */
  schedule(doc: vscode.TextDocument, delay: number, fromOpenOrSave = false): void {
    if (isNotebookCell(doc)) return; // notebooks are analysed as a whole
    if (!isPythonDocument(doc)) return;
    const s = this.state(doc.uri.toString());
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.analyseDocument(doc, fromOpenOrSave);
    }, delay);
  }

  /** Analyses one document now; resolves when its diagnostics are set. */
  async analyseDocument(doc: vscode.TextDocument, fromOpenOrSave = true): Promise<void> {
    const key = doc.uri.toString();
    const s = this.state(key);
    const generation = s.generation;
    const resolved = await this.configs.resolve(doc.uri);
    if (doc.isClosed) return;
    if (!resolved.enabled || isExcluded(doc.uri, resolved.excludes)) {
      this.set(doc.uri, [], new Map());
      return;
    }
    if (resolved.run === 'onSave' && !fromOpenOrSave) return;
    if (s.generation !== generation) return; // a newer change is pending; its analysis will run
    const text = doc.getText();
    const path = doc.uri.fsPath || doc.uri.path;
    let result: { findings: Finding[]; internalErrors: string[]; tooDeep: string[] };
    let engineMs: number;
    let incremental: boolean;
    if (this.worker?.alive) {
      try {
        const r = await this.worker.run({ type: 'analyze', uri: key, text, path, config: resolved.config });
        ({ engineMs, incremental } = r);
        result = r;
      } catch (err) {
        this.output.error(`analysis of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(err as Error).message}`);
        return;
      }
      // The text changed while the worker was busy: a newer analysis is on its way.
      if (doc.isClosed || s.generation !== generation) return;
    } else {
      const t0 = performance.now();
      incremental = s.tree !== undefined;
      try {
        const r = analyzePython(text, path, resolved.config, { oldTree: s.tree });
        s.tree?.delete();
        s.tree = r.tree;
        result = r;
      } catch (err) {
        this.output.error(`analysis of ${vscode.workspace.asRelativePath(doc.uri)} failed: ${(err as Error).stack ?? err}`);
        s.tree?.delete();
        s.tree = undefined;
        return;
      }
      engineMs = performance.now() - t0;
    }
    s.lastEngineMs = engineMs;
    this.timings.push({ uri: key, engineMs, incremental, lines: doc.lineCount });
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
    for (const e of result.internalErrors) this.output.error(`rule error in ${vscode.workspace.asRelativePath(doc.uri)}: ${e}`);
    if (result.tooDeep.length) this.output.warn(`${vscode.workspace.asRelativePath(doc.uri)}: code nested too deeply to follow; ${result.tooDeep.join(', ')} skipped`);
    const shown = result.findings.filter((f) => !f.suppression);
    const byKey = new Map<string, Finding>();
    const diags = shown.map((f) => {
      const d = toDiagnostic(f, doc, doc.uri);
      byKey.set(diagnosticKey(f.ruleId, d.range), f);
      return d;
    });
    this.set(doc.uri, diags, byKey);
  }

  private set(uri: vscode.Uri, diags: vscode.Diagnostic[], byKey: Map<string, Finding>): void {
    this.diagnostics.set(uri, diags);
    this.findings.set(uri.toString(), byKey);
    this.updated.fire(uri);
  }

  /** Replaces diagnostics for a file that is not open (workspace audit). */
  setFromAudit(uri: vscode.Uri, diags: vscode.Diagnostic[], byKey: Map<string, Finding>): void {
    this.set(uri, diags, byKey);
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const s = this.states.get(key);
    if (s) {
      if (s.timer) clearTimeout(s.timer);
      s.tree?.delete();
      this.states.delete(key);
    }
    this.worker?.close(key);
    if (isNotebookCell(doc)) return; // the notebook's close handler clears its cells
    if (this.findings.has(key)) {
      this.diagnostics.delete(doc.uri);
      this.findings.delete(key);
      this.updated.fire(doc.uri);
    }
  }

  // ---- notebooks: code cells are analysed together, diagnostics go to each cell document ----

  scheduleNotebook(nb: vscode.NotebookDocument, delay: number, fromOpenOrSave = false): void {
    if (!nb.uri.path.endsWith('.ipynb') && nb.notebookType !== 'jupyter-notebook') return;
    const s = this.state(nb.uri.toString());
    if (s.timer) clearTimeout(s.timer);
    s.generation++;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.analyseNotebook(nb, fromOpenOrSave);
    }, delay);
  }

  async analyseNotebook(nb: vscode.NotebookDocument, fromOpenOrSave = true): Promise<void> {
    const s = this.state(nb.uri.toString());
    const generation = s.generation;
    const resolved = await this.configs.resolve(nb.uri);
    if (nb.isClosed || s.generation !== generation) return;
    const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    if (!resolved.enabled || isExcluded(nb.uri, resolved.excludes)) {
      for (const c of nb.getCells()) this.set(c.document.uri, [], new Map());
      return;
    }
    if (resolved.run === 'onSave' && !fromOpenOrSave) return;
    let result;
    try {
      result = analyzeCells(
        cells.map((c) => ({ index: c.index, source: c.document.getText() })),
        nb.uri.fsPath || nb.uri.path,
        resolved.config,
      );
    } catch (err) {
      this.output.error(`analysis of notebook ${vscode.workspace.asRelativePath(nb.uri)} failed: ${(err as Error).stack ?? err}`);
      return;
    }
    for (const e of result.internalErrors) this.output.error(`rule error in ${vscode.workspace.asRelativePath(nb.uri)}: ${e}`);
    if (result.tooDeep.length) this.output.warn(`${vscode.workspace.asRelativePath(nb.uri)}: code nested too deeply to follow; ${result.tooDeep.join(', ')} skipped`);
    const perCell = new Map<number, { diags: vscode.Diagnostic[]; byKey: Map<string, Finding> }>();
    for (const c of nb.getCells()) perCell.set(c.index, { diags: [], byKey: new Map() });
    for (const f of result.findings) {
      if (f.suppression || !f.cell) continue;
      const cell = nb.cellAt(f.cell.index);
      const doc = cell.document;
      const d = toDiagnostic(f, doc, doc.uri, (r) => {
        // analyzeCells says which cell the related location is in.
        const target = r.cell ? nb.cellAt(r.cell.index).document : doc;
        return new vscode.Location(target.uri, rangeOf(target, r.span.start, r.span.end));
      });
      const slot = perCell.get(f.cell.index);
      if (!slot) continue;
      slot.diags.push(d);
      slot.byKey.set(diagnosticKey(f.ruleId, d.range), f);
    }
    for (const [index, slot] of perCell) this.set(nb.cellAt(index).document.uri, slot.diags, slot.byKey);
    // An unopened-notebook audit result on the .ipynb itself is replaced by the cell diagnostics.
    if (this.findings.has(nb.uri.toString())) this.set(nb.uri, [], new Map());
  }

  private closedNotebook(nb: vscode.NotebookDocument): void {
    const s = this.states.get(nb.uri.toString());
    if (s?.timer) clearTimeout(s.timer);
    this.states.delete(nb.uri.toString());
    for (const c of nb.getCells()) {
      this.diagnostics.delete(c.document.uri);
      this.findings.delete(c.document.uri.toString());
      this.updated.fire(c.document.uri);
    }
  }

  dispose(): void {
    this.worker?.dispose();
    for (const s of this.states.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.tree?.delete();
    }
    this.states.clear();
    for (const d of this.disposables) d.dispose();
  }
}
