// `mlguard server --stdio` driven over JSON-RPC like Neovim (push diagnostics, workspace/configuration)
// and Helix (pull diagnostics) drive it: the built dist/cli.js in a child process, real files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HELIX_CAPABILITIES, LspClient, NEOVIM_CAPABILITIES, type LspDiagnostic, type Message } from './server-client';

const SECRET_FILE = [
  'import mlflow',
  'import requests',
  '',
  'WANDB_API_KEY = "wandb_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
  '',
  '',
  'def fetch(url):',
  '    return requests.get(url, timeout=10, verify=False)',
  '',
  '',
  'def load(uri):',
  '    return mlflow.pyfunc.load_model(uri)',
  '',
].join('\n');

interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, { range: LspDiagnostic['range']; newText: string }[]> };
  command?: { command: string; arguments: unknown[] };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlguard-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const uriOf = (dir: string, name: string): string => pathToFileURL(join(dir, name)).toString();

/** Applies LSP text edits (one document) to a text, as an editor does. */
function applyTextEdits(text: string, edits: { range: LspDiagnostic['range']; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('mlguard server --stdio as Neovim drives it (push diagnostics)', function () {
  this.timeout(60000);
  let dir: string;
  let client: LspClient;
  const settings: Record<string, unknown> = {};

  before(async () => {
    dir = project({ 'train.py': SECRET_FILE, 'pyproject.toml': '[tool.mlguard.severity]\nTLS001 = "error"\n' });
    client = new LspClient(dir);
    client.handlers.set('workspace/configuration', (p) => (p as { items: unknown[] }).items.map(() => settings));
    const init = await client.initialize(pathToFileURL(dir).toString(), NEOVIM_CAPABILITIES);
    assert.equal(init.serverInfo.name, 'mlguard');
    assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'Neovim here does not pull: the server pushes');
    assert.ok(init.capabilities.notebookDocumentSync);
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, 'shutdown + exit ends the process with 0');
    rmSync(dir, { recursive: true, force: true });
  });

  const uri = (): string => uriOf(dir, 'train.py');

  it('publishes diagnostics on didOpen: short message, details in related information, rule doc link, [tool.mlguard] severity', async () => {
    const published = client.diagnosticsFor(uri());
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(), languageId: 'python', version: 1, text: SECRET_FILE } });
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    const sec = diagnostics.find((d) => d.code === 'SEC001');
    const tls = diagnostics.find((d) => d.code === 'TLS001');
    assert.ok(sec && tls, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(sec.range.start.line, 3);
    assert.equal(sec.source, 'MLGuard');
    assert.match(sec.codeDescription!.href, /docs\/rules\/SEC001\.md$/);
    assert.ok(sec.message.length <= 120 && !sec.message.includes('revoke'), `short message: ${sec.message}`);
    assert.ok(sec.relatedInformation?.some((r) => /revoke the exposed one/.test(r.message)), 'the whole message is in the related information');
    assert.ok(!JSON.stringify(diagnostics).includes('9f8e7d6c5b4a39281706f5e4d3c2b1a0'), 'the secret is never sent whole');
    assert.equal(tls.severity, 1, 'TLS001 = "error" from [tool.mlguard.severity]');
  });

  it('didChange (incremental) re-analyses the edited text: findings move with their lines', async () => {
    const published = client.diagnosticsFor(uri(), 2);
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri(), version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '"""Job."""\n\n' }],
    });
    const { diagnostics } = await published;
    assert.equal(diagnostics.find((d) => d.code === 'SEC001')?.range.start.line, 5);
    assert.equal(diagnostics.find((d) => d.code === 'TLS001')?.range.start.line, 9);
    assert.equal(diagnostics.find((d) => d.code === 'AUD001')?.range.start.line, 13);
  });

  it('an edit inside one function re-analyses only its slice (mlguard/analysisStats), with the same diagnostics', async () => {
    // line 13 is `    return mlflow.pyfunc.load_model(uri)` after the docstring inserted above
    const published = client.diagnosticsFor(uri(), 3);
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri(), version: 3 },
      contentChanges: [{ range: { start: { line: 13, character: 4 }, end: { line: 13, character: 4 } }, text: 'uri = uri.strip()\n    ' }],
    });
    const { diagnostics } = await published;
    assert.equal(diagnostics.find((d) => d.code === 'SEC001')?.range.start.line, 5);
    assert.equal(diagnostics.find((d) => d.code === 'TLS001')?.range.start.line, 9);
    assert.equal(diagnostics.find((d) => d.code === 'AUD001')?.range.start.line, 14);
    const stats = (await client.request('mlguard/analysisStats', { uri: uri() }).response).result as { slices?: { mode: string; analysed: number; reused: number } }[];
    assert.deepEqual(stats[stats.length - 1].slices, { mode: 'slices', analysed: 1, reused: 1 });
    // undo, so the next tests see the text they expect
    const undone = client.diagnosticsFor(uri(), 4);
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri(), version: 4 },
      contentChanges: [{ range: { start: { line: 13, character: 4 }, end: { line: 14, character: 4 } }, text: '' }],
    });
    assert.equal((await undone).diagnostics.find((d) => d.code === 'AUD001')?.range.start.line, 13);
  });

  it('settings from workspace/configuration apply after didChangeConfiguration', async () => {
    settings.severityOverrides = { TLS001: 'off' };
    const published = client.diagnosticsFor(uri());
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const { diagnostics } = await published;
    assert.ok(!diagnostics.some((d) => d.code === 'TLS001'), 'TLS turned off by the client setting');
    assert.ok(diagnostics.some((d) => d.code === 'SEC001'));
    delete settings.severityOverrides;
    const again = client.diagnosticsFor(uri());
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    assert.ok((await again).diagnostics.some((d) => d.code === 'TLS001'));
  });

  it('code actions: the error-level findings first, one preferred (safe) fix, unsafe fixes labelled, one suppress and one docs entry per line', async () => {
    const actions = await client.call<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri() },
      range: { start: { line: 5, character: 0 }, end: { line: 13, character: 60 } },
      context: { diagnostics: [] },
    });
    const titles = actions.map((a) => a.title);
    const fixes = actions.filter((a) => a.edit);
    // SEC001 (error) and TLS001 (error from pyproject) come before AUD001 (warning).
    assert.match(fixes[0].title, /\(SEC001, unsafe: review the change\)$/, titles.join(' | '));
    assert.match(fixes[1].title, /\(TLS001, unsafe: review the change\)$/);
    assert.match(fixes[fixes.length - 1].title, /\(AUD001\)$/);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(preferred.map((a) => a.title), [fixes[fixes.length - 1].title], 'the one safe fix is the preferred one; unsafe fixes never are');
    const firstCommand = actions.findIndex((a) => a.command);
    assert.ok(actions.slice(0, firstCommand).every((a) => a.edit), 'fixes first');
    const suppress = actions.filter((a) => a.command?.command === 'mlguard.server.suppress');
    const docs = actions.filter((a) => a.command?.command === 'mlguard.server.showDocumentation');
    assert.deepEqual(suppress.map((a) => a.title), ['Suppress SEC001 on line 6…', 'Suppress TLS001 on line 10…', 'Suppress AUD001 on line 14…']);
    assert.equal(docs.length, 3);
    const edited = applyTextEdits(`"""Job."""\n\n${SECRET_FILE}`, fixes[0].edit!.changes[uri()]);
    assert.match(edited, /os\.environ/);
    assert.ok(!edited.includes('wandb_v1_'));
  });

  it('hover shows the whole message, the fixes and the documentation link', async () => {
    const hover = await client.call<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: uri() }, position: { line: 5, character: 20 } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\*\*SEC001 /);
    assert.match(hover.contents.value, /revoke the exposed one/);
    assert.match(hover.contents.value, /docs\/rules\/SEC001\.md/);
    assert.ok(!hover.contents.value.includes('9f8e7d6c5b4a39281706f5e4d3c2b1a0'), 'the hover never shows the secret whole (issue 9 leak test)');
    const nothing = await client.call('textDocument/hover', { textDocument: { uri: uri() }, position: { line: 0, character: 1 } });
    assert.equal(nothing, null);
  });

  it('source.fixAll.mlguard returns one edit fixing every safe problem; the fixAll command applies it and says how many', async () => {
    const [all] = await client.call<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri() },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.mlguard'] },
    });
    assert.equal(all.kind, 'source.fixAll.mlguard');
    const m = /\((\d+)\)/.exec(all.title);
    assert.ok(m && Number(m[1]) >= 1, all.title);
    const fixed = applyTextEdits(`"""Job."""\n\n${SECRET_FILE}`, all.edit!.changes[uri()]);
    assert.match(fixed, /audit_log\.info\(/);
    assert.match(fixed, /verify=False/, 'unsafe fixes are not part of fix-all');
    assert.match(fixed, /wandb_v1_/);

    client.handlers.set('workspace/applyEdit', () => ({ applied: true }));
    const applied = client.waitFor((msg) => msg.method === 'workspace/applyEdit');
    const message = client.waitFor((msg) => msg.method === 'window/showMessage');
    const result = await client.call<{ fixed: number }>('workspace/executeCommand', { command: 'mlguard.server.fixAll', arguments: [uri()] });
    const edit = (await applied).params as { edit: { changes: Record<string, unknown[]> } };
    assert.ok(edit.edit.changes[uri()].length === 1);
    assert.equal(result.fixed, Number(m[1]));
    assert.match(((await message).params as { message: string }).message, new RegExp(`MLGuard fixed ${result.fixed} problem`));
  });

  it('suppress: with a reason writes a valid pragma; without one writes it for the user to complete', async () => {
    client.handlers.set('workspace/applyEdit', () => ({ applied: true }));
    const edits = client.waitFor((msg) => msg.method === 'workspace/applyEdit');
    await client.call('workspace/executeCommand', { command: 'mlguard.server.suppress', arguments: [{ uri: uri(), line: 9, ruleIds: ['TLS001'], reason: 'internal test server' }] });
    const e = (await edits).params as { edit: { changes: Record<string, { newText: string }[]> } };
    assert.match(e.edit.changes[uri()][0].newText, /# mlguard: ignore\[TLS001\] internal test server/);
    const bad = await client.request('workspace/executeCommand', { command: 'mlguard.server.suppress', arguments: [{ uri: uri(), line: 9, ruleIds: ['TLS001'], reason: '!!' }] }).response;
    assert.match(bad.error?.message ?? '', /reason in words/);
    const empty = client.waitFor((msg) => msg.method === 'workspace/applyEdit');
    await client.call('workspace/executeCommand', { command: 'mlguard.server.suppress', arguments: [{ uri: uri(), line: 5, ruleIds: ['SEC001'] }] });
    const pe = (await empty).params as { edit: { changes: Record<string, { newText: string }[]> } };
    assert.match(pe.edit.changes[uri()][0].newText, /# mlguard: ignore\[SEC001\]$/m);
  });

  it('show documentation opens the rule page through window/showDocument', async () => {
    const shown = client.waitFor((msg) => msg.method === 'window/showDocument');
    await client.call('workspace/executeCommand', { command: 'mlguard.server.showDocumentation', arguments: ['SER002'] });
    const p = (await shown).params as { uri: string; external: boolean };
    assert.match(p.uri, /docs\/rules\/SER002\.md$/);
    assert.equal(p.external, true);
  });
});

describe('mlguard server --stdio as Helix drives it (pull diagnostics)', function () {
  this.timeout(60000);
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = project({ 'a.py': SECRET_FILE });
    client = new LspClient(dir);
    client.handlers.set('workspace/configuration', (p) => (p as { items: unknown[] }).items.map(() => ({ severityOverrides: { SEC001: 'note' } })));
    const init = await client.initialize(pathToFileURL(dir).toString(), { ...HELIX_CAPABILITIES, workspace: { ...HELIX_CAPABILITIES.workspace, configuration: true } });
    assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics offered to a client that supports them');
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('textDocument/diagnostic: a full report, then "unchanged" for the same version, then a new report after didChange', async () => {
    const uri = uriOf(dir, 'a.py');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SECRET_FILE } });
    const first = await client.call<{ kind: string; resultId: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    const sec = first.items.find((d) => d.code === 'SEC001');
    assert.equal(sec?.severity, 3, 'SEC001 as a note from the client settings');
    const again = await client.call<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(again.kind, 'unchanged');
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' }],
    });
    const after = await client.call<{ kind: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(after.kind, 'full');
    assert.ok(!after.items.some((d) => d.code === 'TLS001'), 'the deleted verify=False line no longer reported');
    assert.ok(after.items.some((d) => d.code === 'SEC001'));
    assert.ok(!client.received.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri), 'a pull client gets no pushed diagnostics for text files');
  });
});

describe('mlguard server --stdio: workspace audit with $/progress, cancellation, notebooks', function () {
  this.timeout(90000);
  let dir: string;
  let client: LspClient;
  // ~6,000 lines: an analysis that takes long enough (hundreds of ms) for a cancel to arrive while other work waits.
  const big = Array.from({ length: 3000 }, (_, i) => `def f${i}(path):\n    df = pd.read_csv(path)\n    return df[["email", "age"]]\n`).join('\n');

  before(async () => {
    const files: Record<string, string> = { 'big.py': `import pandas as pd\n${big}`, 'small.py': SECRET_FILE };
    for (let i = 0; i < 40; i++) files[`pkg/m${i}.py`] = `import torch\n\n\ndef load(p):\n    return torch.load(p)\n`;
    dir = project(files);
    client = new LspClient(dir);
    client.handlers.set('workspace/configuration', (p) => (p as { items: unknown[] }).items.map(() => ({})));
    await client.initialize(pathToFileURL(dir).toString(), HELIX_CAPABILITIES);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('workspace audit reports progress with $/progress begin/report/end and returns the findings', async () => {
    const token = 'audit-1';
    const result = await client.call<{ files: number; findings: { ruleId: string }[]; cancelled: boolean }>('workspace/executeCommand', { command: 'mlguard.server.auditWorkspace', arguments: [], workDoneToken: token });
    assert.equal(result.files, 42);
    assert.equal(result.cancelled, false);
    assert.ok(result.findings.filter((f) => f.ruleId === 'SER002').length >= 40);
    const progress = client.received.filter((m) => m.method === '$/progress' && (m.params as { token: string }).token === token).map((m) => (m.params as { value: { kind: string; percentage?: number } }).value);
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((v) => v.kind === 'report');
    assert.ok(reports.length >= 40);
    assert.equal(reports[reports.length - 1].percentage, 100);
    const pushed = client.received.find((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uriOf(dir, 'pkg/m0.py'));
    assert.ok(pushed, 'files that are not open get the audit diagnostics');
  });

  it('$/cancelRequest: a pull waiting behind a long analysis answers RequestCancelled at once; a cancelled audit stops', async () => {
    const bigUri = uriOf(dir, 'big.py');
    const smallUri = uriOf(dir, 'small.py');
    client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'python', version: 1, text: `import pandas as pd\n${big}` } });
    client.notify('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'python', version: 1, text: SECRET_FILE } });
    const slow = client.request('textDocument/diagnostic', { textDocument: { uri: bigUri } });
    const queued = client.request('textDocument/diagnostic', { textDocument: { uri: smallUri } });
    // Cancel once the server has taken the request up (a cancel racing the request itself is the transport's business).
    await new Promise((r) => setTimeout(r, 300));
    client.cancel(queued.id);
    const cancelledAt = queued.response.then((m) => ({ m, at: performance.now() }));
    const doneAt = slow.response.then((m) => ({ m, at: performance.now() }));
    const cancelled = (await cancelledAt).m;
    assert.equal(cancelled.error?.code, -32800, JSON.stringify(cancelled));
    const done = (await doneAt).m;
    assert.ok((await cancelledAt).at < (await doneAt).at, `the cancelled request was answered before the long analysis ended: ${(await cancelledAt).at} vs ${(await doneAt).at}`);
    assert.ok((done.result as { items: unknown[] }).items.length > 0);
    // The small file is analysed afresh when asked again (the cancelled job never ran).
    const fresh = await client.call<{ items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: smallUri } });
    assert.ok(fresh.items.some((d) => d.code === 'SEC001'));

    const audit = client.request('workspace/executeCommand', { command: 'mlguard.server.auditWorkspace', arguments: [], workDoneToken: 'audit-2' });
    await client.waitFor((m) => m.method === '$/progress' && (m.params as { token: string; value: { kind: string } }).token === 'audit-2' && (m.params as { value: { kind: string } }).value.kind === 'report');
    client.cancel(audit.id);
    const r = await audit.response;
    assert.equal(r.error?.code, -32800);
    await client.waitFor((m: Message) => m.method === '$/progress' && (m.params as { token: string; value: { kind: string } }).token === 'audit-2' && (m.params as { value: { kind: string } }).value.kind === 'end', 15000, true);
  });

  it('notebooks (notebookDocument sync): diagnostics per cell, flows across cells named by cell, updated on cell edits', async () => {
    const nbUri = uriOf(dir, 'analysis.ipynb');
    const cell = (i: number): string => `${nbUri.replace(/^file:/, 'vscode-notebook-cell:')}#W${i}`;
    const cellTexts = ['import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\ndf = pd.read_csv("customers.csv")\n', '# Notes', 'X = df[["email", "age"]]\nmodel = LogisticRegression().fit(X, df["churned"])\n'];
    const first = client.diagnosticsFor(cell(0));
    const second = client.diagnosticsFor(cell(2));
    client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell(0) }, { kind: 1, document: cell(1) }, { kind: 2, document: cell(2) }] },
      cellTextDocuments: cellTexts.map((text, i) => ({ uri: cell(i), languageId: i === 1 ? 'markdown' : 'python', version: 1, text })),
    });
    const { diagnostics } = await second;
    const pii = diagnostics.find((d) => d.code === 'PII001');
    assert.ok(pii, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(pii.range.start.line, 1);
    const aud = (await first).diagnostics.find((d) => d.code === 'AUD002');
    const toThird = aud?.relatedInformation?.find((r) => r.location.uri === cell(2));
    assert.ok(toThird, `the use in the third cell is a related location of the load: ${JSON.stringify(aud)}`);
    assert.ok(toThird.message.endsWith(`(cell 3, line ${toThird.location.range.start.line + 1})`), toThird.message);
    const sameCell = pii.relatedInformation?.find((r) => r.location.uri === cell(2) && /enters the data/.test(r.message));
    assert.ok(sameCell?.message.endsWith(`(cell 3, line ${sameCell.location.range.start.line + 1})`), `same-cell related locations name their cell and line too: ${JSON.stringify(sameCell)}`);

    const updated = client.diagnosticsFor(cell(2));
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(2), version: 2 }, changes: [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 16 } }, text: '' }] }] } },
    });
    const after = await updated;
    assert.ok(!after.diagnostics.some((d) => d.code === 'PII001'), `no personal column left: ${JSON.stringify(after.diagnostics.map((d) => d.code))}`);

    const actions = await client.call<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cell(0) }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } }, context: { diagnostics: [] } });
    assert.ok(Array.isArray(actions));
  });

  it('the audit names who accepted each suppressed finding (git blame of the pragma), as `mlguard audit` does', async () => {
    const git = (...args: string[]): void => {
      const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
      assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    };
    const accepted = ['import requests', '', 'r = requests.get("https://x", verify=False)  # mlguard: ignore[TLS001] self-signed test host', ''].join('\n');
    writeFileSync(join(dir, 'accepted.py'), accepted);
    writeFileSync(join(dir, 'edited.py'), accepted);
    git('init', '-q');
    git('add', 'accepted.py', 'edited.py');
    git('-c', 'user.name=Alice Example', '-c', 'user.email=alice@example.com', 'commit', '-q', '-m', 'accept the test host');
    // An open editor's unsaved pragma is not Alice's.
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(dir, 'edited.py'), languageId: 'python', version: 1, text: accepted.replace('test host', 'staging host') } });
    type Suppressed = { path: string; ruleId: string; suppression?: { by?: { kind: string; name?: string } } };
    const result = await client.call<{ findings: Suppressed[] }>('workspace/executeCommand', { command: 'mlguard.server.auditWorkspace', arguments: [] });
    const by = (path: string) => result.findings.find((f) => f.path === path && f.ruleId === 'TLS001')?.suppression?.by;
    assert.deepEqual({ kind: by('accepted.py')?.kind, name: by('accepted.py')?.name }, { kind: 'commit', name: 'Alice Example' });
    assert.deepEqual(by('edited.py'), { kind: 'uncommitted' });
  });
});
