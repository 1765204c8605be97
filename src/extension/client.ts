// The extension is a thin client of MLGuard's language server (dist/server.js, a separate Node
// process over IPC): diagnostics, code actions, fix-all, hover, notebooks, the workspace audit and
// the sidebar's findings all come from the server; nothing analyses on the extension host thread.
// The middleware only adapts the server's output to VS Code: rule links open the bundled rule
// pages (mlguard-rule:), and the light bulb's "Suppress…" / "Show documentation" entries run the
// client commands (which ask for the reason, and show the page in the editor).
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';
import { COMMANDS as SERVER_COMMANDS } from '../server/commands';
import { ruleDocUri } from './rule-docs';

export { SERVER_COMMANDS };


export const SELECTOR: { language: string; scheme: string }[] = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
  { language: 'python', scheme: 'vscode-remote' },
  // Cells are synced by notebook sync (the client does not also send them as text documents);
  // listing them here routes their hovers and code actions to the server.
  { language: 'python', scheme: 'vscode-notebook-cell' },
];

/** A diagnostic code's link goes to the bundled rule page, not the web (the page works offline). */
function withRulePage(d: vscode.Diagnostic): vscode.Diagnostic {
  const id = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
  if (id && /^[A-Z]+\d+$/.test(id)) d.code = { value: id, target: ruleDocUri(id) };
  return d;
}

/** The server's suppress / documentation commands → the client's own (reason prompt, editor page). */
export function clientCommand(command: vscode.Command): vscode.Command {
  const args: unknown[] = command.arguments ?? [];
  if (command.command === SERVER_COMMANDS.suppress) {
    const a = (args[0] ?? {}) as { uri?: string; line?: number; ruleIds?: string[] };
    return { title: command.title, command: 'mlguard.suppressFinding', arguments: [vscode.Uri.parse(String(a.uri)), a.line, a.ruleIds ?? []] };
  }
  if (command.command === SERVER_COMMANDS.showDocumentation) return { title: command.title, command: 'mlguard.showRuleDocumentation', arguments: [args[0]] };
  return command;
}

const middleware = (client: () => LanguageClient | undefined): Middleware => ({
  handleDiagnostics(uri, diagnostics, next) {
    next(uri, diagnostics.map(withRulePage));
  },
  // A closed document's diagnostics go at once (the server's empty publication follows).
  didClose(document, next) {
    client()?.diagnostics?.delete(document.uri);
    return next(document);
  },
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    return actions?.map((a) => {
      if (a instanceof vscode.CodeAction) {
        if (a.command) a.command = clientCommand(a.command);
        return a;
      }
      return clientCommand(a);
    });
  },
});

/**
 * Diagnostics are pushed, not pulled: the server then decides when to analyse (`mlguard.run`
 * onType/onSave, its adaptive debounce), and files that are not visible get diagnostics too.
 */
const pushDiagnostics: StaticFeature = {
  fillClientCapabilities(capabilities) {
    if (capabilities.textDocument) delete capabilities.textDocument.diagnostic;
    if (capabilities.workspace) delete capabilities.workspace.diagnostics;
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    diagnosticCollectionName: 'mlguard',
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: middleware(() => client),
  };
  const client: LanguageClient = new LanguageClient('mlguard', 'MLGuard', serverOptions, clientOptions);
  client.registerFeature(pushDiagnostics);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) output.warn('MLGuard language server stopped (it is restarted automatically after a crash; see the log above).');
  });
  return client;
}

/** workspace/executeCommand on the server (work done progress and cancellation passed through). */
export function serverCommand<T>(client: LanguageClient, command: string, args: unknown[], token?: vscode.CancellationToken, workDoneToken?: string): Promise<T> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, ...(workDoneToken ? { workDoneToken } : {}) }, token) as Promise<T>;
}
