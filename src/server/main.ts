// `mlguard server --stdio`: the language server over standard input/output (the transport every
// editor supports). Loaded lazily by the CLI so `mlguard audit` does not load the LSP libraries.
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export const SERVER_HELP = `Usage: mlguard server --stdio

Runs MLGuard as a Language Server Protocol server on standard input/output, for editors
(VS Code, Neovim, Helix, ...). See docs/editors.md for the set-up of each editor.
`;

/** Starts the server; resolves never (the process ends on the client's exit notification). */
export function runServer(args: string[], version: string, stderr: (s: string) => void): number | undefined {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(SERVER_HELP);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--stdio');
  if (unknown.length || !args.includes('--stdio')) {
    stderr(`mlguard: error: ${unknown.length ? `unknown option '${unknown[0]}' for 'mlguard server'` : "mlguard server needs --stdio (the only transport)"}\nRun 'mlguard server --help' for usage.\n`);
    return 2;
  }
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection, { workerFile: join(__dirname, 'analysis-worker.js'), version });
  return undefined;
}
