// The language server as its own bundle (dist/server.js), started by the VS Code extension as a
// separate Node process over IPC (`--node-ipc`) or stdio (`--stdio`): the same server as
// `mlguard server --stdio`, without loading the CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

// The analysis worker starts first, so that loading its bundle and the parser (~150 ms) runs on
// the other core while this thread loads the server and answers `initialize`, not after: the
// first diagnostic of a file opened in a fresh window comes ~100 ms sooner. `require`, not
// `import`, because imports are hoisted above this statement.
const workerFile = join(__dirname, 'analysis-worker.js');
const startedWorker = new Worker(workerFile);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately after the worker starts (see above)
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { startServer } = require('./server') as typeof import('./server');

function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

// createConnection() picks the transport from the process arguments.
startServer(createConnection(ProposedFeatures.all), { workerFile, startedWorker, version: packageVersion() });
