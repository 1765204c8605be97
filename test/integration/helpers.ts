// Helpers for suites running inside the VS Code extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlguardApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'mlguard.mlguard';

export async function api(): Promise<MlguardApi> {
  const ext = vscode.extensions.getExtension<MlguardApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** The language server's analyses of a document so far (engine time, incremental reparse or not). */
export async function serverStats(uri: vscode.Uri): Promise<{ engineMs: number; incremental: boolean }[]> {
  const client = await (await api()).ready;
  return client.sendRequest('mlguard/analysisStats', { uri: client.code2ProtocolConverter.asUri(uri) });
}

export function ws(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(50);
  }
}

export function mlguardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MLGuard');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** "RULE@line:col-line:col" (0-based, as VS Code ranges) for compact assertions. */
export function describe1(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${codeOf(d)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function summary(uri: vscode.Uri): string[] {
  return mlguardDiagnostics(uri).map(describe1).sort();
}

/** Waits until the document's MLGuard diagnostics equal `expected` (as summary() strings). */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs = 15000): Promise<void> {
  const want = [...expected].sort();
  try {
    await waitFor(`diagnostics ${JSON.stringify(want)} on ${vscode.workspace.asRelativePath(uri)}`, () => JSON.stringify(summary(uri)) === JSON.stringify(want), timeoutMs);
  } catch (e) {
    assert.deepEqual(summary(uri), want, String(e));
  }
}

export async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(ws(...rel.split('/')));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Replaces the whole text of a file on disk (and in its open document) and saves it. */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && 'kind' in a);
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('mlguard').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
