// The compliance sidebar host: a WebviewViewProvider that renders the ComplianceModel computed by
// src/compliance (it never re-derives anything), validates every message from the page, writes
// through the ComplianceStore (atomic, conflict-checked), reloads when `.mlguard/` changes on disk,
// and asks the user before overwriting a teammate's change.
import * as vscode from 'vscode';
import { basename, isAbsolute, join, relative } from 'node:path';
import { mkdirSync } from 'node:fs';
import { isInsideReal, writeFileAtomic } from '../../engine/atomic-write';
import { buildModel, type AnalysedFile } from '../../compliance/model';
import { complianceHtml, complianceMarkdown } from '../../compliance/report';
import { ComplianceStore, defaultActor, whoAmI, type StoreSnapshot, type WriteResult } from '../../compliance/store';
import type { WorkspaceAnalysis } from '../../compliance/workspace';
import type { ComplianceModel } from '../../compliance/types';
import type { ChecklistDoc, ThreatsDoc } from '../../compliance/documents';
import { customThreatId, parsePageMessage, type HostMessage, type PageMessage } from '../../shared/protocol';
import { makeNonce, pageHtml } from './html';

export const VIEW_ID = 'mlguard.compliance';

/** The answer to the conflict prompt; automation may pass it instead of a person clicking. */
export type ConflictAnswer = 'Reload' | 'Overwrite';

/**
 * The workspace's findings and assets as the language server computes them (open editors' and
 * notebooks' buffers, the rest from disk), so the view shows what the diagnostics show.
 */
export interface FindingsSource {
  workspaceFindings(folder: vscode.Uri): Promise<WorkspaceAnalysis>;
}

function isPythonFile(d: vscode.TextDocument): boolean {
  return d.uri.scheme === 'file' && /\.pyw?$/.test(d.fileName);
}

export class ComplianceView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private files: AnalysedFile[] | undefined;
  /** The last documents that parsed, shown read-only while a file is broken. */
  private readonly lastGood: { checklist?: ChecklistDoc; threats?: ThreatsDoc } = {};
  private snapshot: StoreSnapshot | undefined;
  model: ComplianceModel | undefined;
  /** Messages rejected by the validator (for the integration tests and the log). */
  readonly rejected: { message: unknown; error: string }[] = [];
  /** Conflicts met and how they were resolved (for the integration tests and the log). */
  readonly conflicts: { itemId: string; choice: string }[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private analyseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<ComplianceModel>();
  /** Fires after every model the view shows (tests wait on it). */
  readonly onDidChangeModel = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly findings: FindingsSource,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.mlguard/*');
    const reload = (uri: vscode.Uri) => {
      if (uri.fsPath.endsWith('.tmp') || uri.fsPath.endsWith('/.lock')) return; // our temp files and the store lock
      this.scheduleReload();
    };
    watcher.onDidChange(reload, undefined, this.disposables);
    watcher.onDidCreate(reload, undefined, this.disposables);
    watcher.onDidDelete(reload, undefined, this.disposables);
    this.disposables.push(
      watcher,
      this.changed,
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/\.(py|pyw|ipynb)$/.test(d.fileName)) this.scheduleAnalysis();
      }),
      vscode.workspace.onDidSaveNotebookDocument(() => this.scheduleAnalysis()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleAnalysis()),
    );
    // Unsaved edits: follow the diagnostics (refresh after the server republished them for an open file of the folder).
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        const root = this.root;
        if (!root) return;
        const touches = e.uris.some((u) => {
          const doc = u.scheme === 'vscode-notebook-cell' ? undefined : vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
          const nb = u.scheme === 'vscode-notebook-cell' ? vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document.uri.toString() === u.toString())) : undefined;
          const path = doc && isPythonFile(doc) ? doc.uri.fsPath : nb?.uri.scheme === 'file' ? nb.uri.fsPath : undefined;
          return path !== undefined && !relative(root, path).startsWith('..') && (doc?.isDirty || nb?.isDirty);
        });
        if (touches) this.scheduleAnalysis();
      }),
    );
  }

  get root(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' || folder?.uri.scheme === 'vscode-remote' ? folder.uri.fsPath : undefined;
  }

  private store(): ComplianceStore | undefined {
    const root = this.root;
    return root ? new ComplianceStore(root) : undefined;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    view.webview.html = this.html(view.webview);
    view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.disposables);
    view.onDidChangeVisibility(() => {
      if (view.visible && this.model) this.post({ type: 'model', model: this.model });
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  html(webview: vscode.Webview): string {
    return pageHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'sidebar.css')).toString(),
    });
  }

  private post(m: HostMessage): void {
    void this.view?.webview.postMessage(m);
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reloadStore(), 150);
  }

  private scheduleAnalysis(): void {
    clearTimeout(this.analyseTimer);
    this.analyseTimer = setTimeout(() => void this.refresh(), 500);
  }

  /** Re-reads `.mlguard/` only (a teammate's pull, a hand edit) and shows the result. */
  reloadStore(): ComplianceModel | undefined {
    const store = this.store();
    if (!store || !this.files) return undefined;
    this.snapshot = store.read();
    return this.publish();
  }

  /** Analyses the workspace and reads the store. */
  async refresh(): Promise<ComplianceModel | undefined> {
    const root = this.root;
    if (!root) {
      this.post({ type: 'notice', level: 'info', message: 'Open a folder to see its threat model and GDPR checklist.' });
      return undefined;
    }
    this.post({ type: 'busy', message: 'Analysing the workspace…' });
    try {
      const analysis = await this.findings.workspaceFindings(vscode.Uri.file(root));
      for (const sk of analysis.skipped) this.output.warn(`compliance: skipped ${sk.path}: ${sk.reason}`);
      this.files = analysis.files;
      // The server analysed open buffers: say which of them differ from the saved files.
      const inside = (uri: vscode.Uri): boolean => uri.scheme === 'file' && !relative(root, uri.fsPath).startsWith('..');
      const dirty = [
        ...vscode.workspace.textDocuments.filter((d) => d.isDirty && isPythonFile(d) && inside(d.uri)).map((d) => d.uri),
        ...vscode.workspace.notebookDocuments.filter((nb) => nb.isDirty && inside(nb.uri)).map((nb) => nb.uri),
      ];
      this.unsaved = dirty.map((u) => relative(root, u.fsPath).split('\\').join('/')).sort();
      this.snapshot = new ComplianceStore(root).read();
      return this.publish();
    } catch (e) {
      this.output.error(`compliance: analysis failed: ${(e as Error).message}`);
      this.post({ type: 'notice', level: 'error', message: `Analysis failed: ${(e as Error).message}` });
      return undefined;
    }
  }

  /** Which editors' unsaved text the current model includes (workspace-relative paths). */
  private unsaved: string[] = [];

  private publish(): ComplianceModel | undefined {
    const root = this.root;
    if (!root || !this.files || !this.snapshot) return undefined;
    if (this.snapshot.checklist.doc) this.lastGood.checklist = this.snapshot.checklist.doc;
    else if (!this.snapshot.checklist.exists) this.lastGood.checklist = undefined;
    if (this.snapshot.threats.doc) this.lastGood.threats = this.snapshot.threats.doc;
    else if (!this.snapshot.threats.exists) this.lastGood.threats = undefined;
    this.model = { ...buildModel(basename(root), this.files, this.snapshot, new Date(), this.lastGood), actor: whoAmI(root), source: { unsaved: this.unsaved } };
    for (const p of this.model.problems) this.output.warn(`compliance: ${p.file}:${p.line}:${p.column}: ${p.message}`);
    this.post({ type: 'model', model: this.model });
    this.changed.fire(this.model);
    return this.model;
  }

  /** Entry point for every message from the page: validated first, rejected ones are logged. */
  async receive(raw: unknown, answer?: ConflictAnswer): Promise<boolean> {
    const v = parsePageMessage(raw);
    if (!v.ok) {
      this.rejected.push({ message: raw, error: v.error });
      this.output.warn(`compliance: rejected a message from the sidebar page: ${v.error}`);
      return false;
    }
    await this.handle(v.message, answer);
    return true;
  }

  private async handle(m: PageMessage, answer?: ConflictAnswer): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.model) this.post({ type: 'model', model: this.model });
        else await this.refresh();
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'exportReport':
        await vscode.commands.executeCommand('mlguard.exportComplianceReport');
        return;
      case 'open':
        await this.open(m.path, m.line, m.column, m.cell);
        return;
      default:
        await this.write(m, false, answer);
    }
  }

  private async open(path: string, line: number, column: number, cell?: number): Promise<void> {
    const root = this.root;
    if (!root) return;
    const abs = isAbsolute(path) ? path : join(root, path);
    // Containment on real paths: an evidence link through a planted symlink must not open ~/.ssh/….
    if (!isInsideReal(abs, root)) {
      this.output.warn(`compliance: refused to open ${path}: outside the workspace`);
      return;
    }
    const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    try {
      if (cell !== undefined && abs.endsWith('.ipynb')) {
        // A notebook: reveal the cell, then put the cursor on the line inside it.
        const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(abs));
        await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(cell, cell + 1)], preview: false });
        const cellDoc = nb.cellAt(cell)?.document;
        if (cellDoc) await vscode.window.showTextDocument(cellDoc, { selection: new vscode.Range(pos, pos), preview: false });
        return;
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
    } catch (e) {
      void vscode.window.showWarningMessage(`MLGuard: cannot open ${path}: ${(e as Error).message}`);
    }
  }

  /** Applies an edit through the store; on a conflict asks the user (never overwrites silently). */
  private async write(m: Exclude<PageMessage, { type: 'ready' | 'refresh' | 'exportReport' | 'open' }>, force = false, answer?: ConflictAnswer): Promise<void> {
    const store = this.store();
    if (!store) return;
    const base = this.snapshot ?? store.read();
    const actor = defaultActor(store.root);
    let result: WriteResult;
    switch (m.type) {
      case 'setChecklist': {
        const patch: Parameters<ComplianceStore['updateChecklistItem']>[2] = {};
        if (m.status !== undefined) patch.status = m.status;
        if (m.owner !== undefined) patch.owner = m.owner;
        if (m.note !== undefined) patch.note = m.note;
        if (m.evidence !== undefined) patch.evidence = m.evidence;
        // The statement of a sign-off is what the log records as its reason.
        result = store.updateChecklistItem(base, m.id, patch, actor, { force, expectVersion: m.version, ...(m.statement !== undefined ? { reason: m.statement } : {}) });
        break;
      }
      case 'setFrameworks':
        result = store.setFrameworks(base, m.frameworks, { force });
        break;
      case 'acceptThreat':
        result = store.updateThreat(base, m.id, { status: 'accepted', reason: m.reason, owner: m.owner }, actor, { force, expectVersion: m.version });
        break;
      case 'reopenThreat': {
        const custom = base.threats.doc?.threat[m.id]?.custom;
        result = store.updateThreat(base, m.id, { status: 'open', ...(custom ? {} : { reason: undefined }) }, actor, { force, expectVersion: m.version });
        break;
      }
      case 'addThreat': {
        let id = customThreatId(m.title);
        for (let n = 2; base.threats.doc?.threat[id]; n++) id = `${customThreatId(m.title)}-${n}`;
        result = store.updateThreat(base, id, { custom: true, title: m.title, stride: m.stride, nist: m.nist, mitigation: m.mitigation, status: 'open', ...(m.asset ? { asset: m.asset } : {}) }, actor, { force });
        break;
      }
      case 'removeThreat':
        result = store.removeThreat(base, m.id, { force });
        break;
    }
    if (result.ok) {
      this.snapshot = result.snapshot;
      if (result.signoff) this.output.info(`compliance: sign-off #${result.signoff.seq} recorded for ${result.signoff.subject} (${result.signoff.hash.slice(0, 12)})`);
      this.publish();
      return;
    }
    if ('conflict' in result) {
      this.output.warn(`compliance: conflict: ${result.conflict.message}`);
      const choice =
        answer ??
        (await vscode.window.showWarningMessage(
          `MLGuard: ${result.conflict.message}.`,
          { modal: true, detail: 'Reload shows the version on disk (your edit is discarded). Overwrite replaces this item with your edit; other changes on disk are kept.' },
          'Reload',
          'Overwrite',
        ));
      this.conflicts.push({ itemId: result.conflict.itemId, choice: choice ?? 'Cancel' });
      if (choice === 'Overwrite') await this.write(m, true);
      else if (choice === 'Reload') this.reloadStore();
      return;
    }
    if ('corrupted' in result) {
      const p = result.corrupted[0];
      void vscode.window.showErrorMessage(`MLGuard: ${p.file}:${p.line}:${p.column}: ${p.message}. The file was left untouched; fix it, then try again.`);
      this.reloadStore();
      return;
    }
    void vscode.window.showWarningMessage(`MLGuard: ${result.invalid}`);
  }

  /**
   * Export Compliance Report. People choose the format and the file (like Export Audit Report) and
   * are told what was written; "Open Report" shows one rendered view (Markdown preview, or the
   * HTML in a script-less webview). Automation passes `folder` and gets both files there.
   */
  async exportReport(folder?: vscode.Uri): Promise<vscode.Uri[] | undefined> {
    const root = this.root;
    if (!root) {
      void vscode.window.showWarningMessage('MLGuard: open a folder to export its compliance report.');
      return undefined;
    }
    let format: 'markdown' | 'html' | undefined;
    let target: vscode.Uri | undefined;
    if (!folder) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Markdown', description: '.md — for pull requests and wikis', format: 'markdown' as const },
          { label: 'HTML', description: '.html — a self-contained page for auditors', format: 'html' as const },
        ],
        { title: 'MLGuard: Export Compliance Report', placeHolder: 'Report format' },
      );
      if (!pick) return undefined;
      format = pick.format;
      const name = format === 'markdown' ? 'mlguard-compliance-report.md' : 'mlguard-compliance-report.html';
      target = await vscode.window.showSaveDialog({
        title: 'Export MLGuard compliance report',
        defaultUri: vscode.Uri.joinPath(vscode.Uri.file(root), name),
        filters: format === 'markdown' ? { Markdown: ['md'] } : { HTML: ['html', 'htm'] },
        saveLabel: 'Export',
      });
      if (!target) return undefined;
    }
    const model = (await this.refresh()) ?? this.model;
    if (!model) return undefined;
    const enc = new TextEncoder();
    if (folder) {
      const dir = folder.fsPath;
      mkdirSync(dir, { recursive: true });
      const md = join(dir, 'mlguard-compliance-report.md');
      const html = join(dir, 'mlguard-compliance-report.html');
      // A planted `mlguard-compliance-report.md -> ~/.bashrc` is replaced, never written through.
      writeFileAtomic(md, complianceMarkdown(model), { within: dir, replaceLinks: true });
      writeFileAtomic(html, complianceHtml(model), { within: dir, replaceLinks: true });
      this.output.info(`compliance: report written to ${md} and ${html}`);
      return [vscode.Uri.file(md), vscode.Uri.file(html)];
    }
    const text = format === 'markdown' ? complianceMarkdown(model) : complianceHtml(model);
    // On disk: atomically, replacing (never writing through) a symlink at the chosen name.
    if (target!.scheme === 'file') writeFileAtomic(target!.fsPath, text, { replaceLinks: true });
    else await vscode.workspace.fs.writeFile(target!, enc.encode(text));
    const where = vscode.workspace.asRelativePath(target!);
    const state = model.source?.unsaved.length ? `includes unsaved changes in ${model.source.unsaved.join(', ')}` : 'from the saved files';
    this.output.info(`compliance: report written to ${target!.fsPath} (${state})`);
    void vscode.window.showInformationMessage(`MLGuard: compliance report written to ${where} (${state}).`, 'Open Report').then((c) => {
      if (c === 'Open Report') void this.openReport(target!, format!, text);
    });
    return [target!];
  }

  /** One rendered view of an exported report. */
  async openReport(uri: vscode.Uri, format: 'markdown' | 'html', html: string): Promise<void> {
    if (format === 'markdown') {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    }
    const panel = vscode.window.createWebviewPanel('mlguard.complianceReport', `Compliance report: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, { enableScripts: false, enableCommandUris: false, localResourceRoots: [] });
    panel.webview.html = html;
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    clearTimeout(this.analyseTimer);
    for (const d of this.disposables) d.dispose();
  }
}
