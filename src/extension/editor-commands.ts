// The editor commands that act on one document through the language server: Fix All Safe
// Problems in File (the server applies the edit and says how many it fixed) and Suppress Finding
// (the client asks for the reason; the server places the pragma and applies it).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { validateReason } from '../server/pragma';
import { SERVER_COMMANDS, serverCommand } from './client';

/** Fixes every safe problem of a document; resolves to how many were fixed (0: none, or not applied). */
export async function fixAllInFile(client: LanguageClient, uri?: vscode.Uri): Promise<number> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc) return 0;
  const r = await serverCommand<{ fixed: number }>(client, SERVER_COMMANDS.fixAll, [client.code2ProtocolConverter.asUri(doc.uri)]);
  return r.fixed;
}

/**
 * "Suppress <IDs> on line N…": asks for the reason (an empty or wordless one is refused), then the
 * server writes the pragma. `ruleIds`: one ID, or the IDs the light bulb names for the line.
 */
export async function suppressFinding(client: LanguageClient, uri: vscode.Uri, line: number, ruleIds: string | string[], reasonArg?: string): Promise<boolean> {
  const ids = (Array.isArray(ruleIds) ? ruleIds : [ruleIds]).filter((x) => typeof x === 'string' && x.length > 0);
  if (!ids.length || !Number.isInteger(line) || line < 0) return false;
  const reason =
    reasonArg ??
    (await vscode.window.showInputBox({
      title: `Suppress ${ids.join(', ')} on line ${line + 1}`,
      prompt: 'Why is this finding acceptable? The reason is stored in the pragma for reviewers and auditors.',
      placeHolder: 'e.g. synthetic test data, no real customers',
      ignoreFocusOut: true,
      validateInput: validateReason,
    }));
  if (reason === undefined) return false;
  const problem = validateReason(reason);
  if (problem) {
    void vscode.window.showErrorMessage(`MLGuard: ${problem}`);
    return false;
  }
  await vscode.workspace.openTextDocument(uri); // the server needs the document open
  const r = await serverCommand<{ applied: boolean; message: string }>(client, SERVER_COMMANDS.suppress, [{ uri: client.code2ProtocolConverter.asUri(uri), line, ruleIds: ids, reason }]);
  return r.applied;
}
