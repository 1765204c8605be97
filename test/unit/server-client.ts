// A minimal LSP client for the server tests: spawns `node dist/cli.js server --stdio` and speaks
// JSON-RPC with Content-Length framing over its stdio, the way Neovim's and Helix's built-in
// clients do (no LSP library on this side, so the test sees the wire protocol). Server-to-client
// requests (workspace/configuration, workspace/applyEdit, ...) are answered by handlers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

type Handler = (params: unknown) => unknown;

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void }>();
  /** Every notification and server request received, in order. */
  readonly received: Message[] = [];
  private readonly waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly handlers = new Map<string, Handler>();
  stderr = '';

  constructor(cwd: string) {
    this.proc = spawn(process.execPath, [CLI, 'server', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.handlers.set('client/registerCapability', () => null);
    this.handlers.set('window/workDoneProgress/create', () => null);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(m: Message): void {
    if (m.method === undefined && typeof m.id === 'number') {
      this.pending.get(m.id)?.resolve(m);
      this.pending.delete(m.id);
      return;
    }
    this.received.push(m);
    for (const w of [...this.waiters]) {
      if (w.match(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
    if (m.id !== undefined && m.method) {
      const h = this.handlers.get(m.method);
      const result = h ? h(m.params) : null;
      this.write({ jsonrpc: '2.0', id: m.id, result: result ?? null });
    }
  }

  private write(m: Message): void {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Sends a request; resolves with the whole response (result or error). */
  request(method: string, params: unknown): { id: number; response: Promise<Message> } {
    const id = this.nextId++;
    const response = new Promise<Message>((resolve) => this.pending.set(id, { resolve }));
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, response };
  }

  /** Sends a request and returns its result; throws on an error response. */
  async call<T = unknown>(method: string, params: unknown): Promise<T> {
    const m = await this.request(method, params).response;
    if (m.error) throw new Error(`${method}: ${m.error.code} ${m.error.message}`);
    return m.result as T;
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  cancel(id: number): void {
    this.notify('$/cancelRequest', { id });
  }

  /** The next message (notification or server request) that matches, received from now on or already. */
  waitFor(match: (m: Message) => boolean, timeoutMs = 15000, includePast = false): Promise<Message> {
    if (includePast) {
      const past = this.received.find(match);
      if (past) return Promise.resolve(past);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a message; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** The next publishDiagnostics for a URI (optionally: for a given document version). */
  diagnosticsFor(uri: string, version?: number): Promise<PublishedDiagnostics> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishedDiagnostics).uri === uri && (version === undefined || (m.params as PublishedDiagnostics).version === version)).then(
      (m) => m.params as PublishedDiagnostics,
    );
  }

  async initialize(rootUri: string, capabilities: unknown, initializationOptions?: unknown): Promise<InitializeResult> {
    const r = await this.call<InitializeResult>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'test' },
      rootUri,
      rootPath: new URL(rootUri).pathname,
      workspaceFolders: [{ uri: rootUri, name: 'project' }],
      capabilities,
      initializationOptions,
    });
    this.notify('initialized', {});
    return r;
  }

  /** shutdown + exit, as editors end a session; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    await this.call('shutdown', null);
    this.notify('exit', null);
    return exited;
  }
}

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: LspDiagnostic['range'] }; message: string }[];
  data?: unknown;
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

export interface InitializeResult {
  capabilities: Record<string, unknown> & {
    textDocumentSync: { change: number };
    diagnosticProvider?: unknown;
    notebookDocumentSync?: unknown;
    executeCommandProvider: { commands: string[] };
  };
  serverInfo: { name: string; version: string };
}

/** What Neovim 0.11's built-in client announces (vim.lsp.protocol.make_client_capabilities, trimmed to what matters here). */
export const NEOVIM_CAPABILITIES = {
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false, willSave: true, willSaveWaitUntil: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } },
      dataSupport: true,
      isPreferredSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  window: { workDoneProgress: true, showDocument: { support: true }, showMessage: {} },
  workspace: { applyEdit: true, configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
};

/** What Helix 25.07 announces: pull diagnostics, no workspace/configuration, settings as initializationOptions. */
export const HELIX_CAPABILITIES = {
  general: { positionEncodings: ['utf-8', 'utf-32', 'utf-16'] },
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: true },
    publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports'] } }, isPreferredSupport: true, dataSupport: true, disabledSupport: true },
    hover: { contentFormat: ['markdown'] },
  },
  window: { workDoneProgress: true },
  workspace: { applyEdit: true, configuration: false, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false }, diagnostics: { refreshSupport: true }, executeCommand: { dynamicRegistration: false } },
};
