// The language server as its own bundle (dist/server.js), started by the VS Code extension as a
// separate Node process over IPC (`--node-ipc`) or stdio (`--stdio`): the same server as
// `mlguard server --stdio`, without loading the CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

// createConnection() picks the transport from the process arguments.
startServer(createConnection(ProposedFeatures.all), { workerFile: join(__dirname, 'analysis-worker.js'), version: packageVersion() });
