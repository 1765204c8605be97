// Audit Workspace (unopened files, exclusions), Export Audit Report (SARIF, Markdown), the status
// bar, and settings / config-file changes taking effect without a reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuditResult } from '../../../src/extension/audit';
import { api, closeAll, codeOf, expectDiagnostics, mlguardDiagnostics, open, readText, sleep, summary, updateSetting, waitFor, writeText, ws } from '../helpers';

describe('Audit Workspace', () => {
  let result: AuditResult;
  before(async () => {
    await api();
    await closeAll();
    // Created here, not committed: a .gitignore inside the repository would hide them from git.
    await writeText(ws('.gitignore'), 'ignored_build/\n');
    await writeText(ws('ignored_build', 'gen.py'), 'import torch\nm = torch.load("x")\n');
    await writeText(ws('vendored', 'lib.py'), 'import torch\nm = torch.load("x")\n');
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/vendored': true }, vscode.ConfigurationTarget.Workspace);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('audit_only/unopened.py')), 'the file is not open');
    assert.deepEqual(summary(ws('audit_only', 'unopened.py')), []);
    result = await vscode.commands.executeCommand<AuditResult>('mlguard.auditWorkspace');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('fills the Problems panel for files that are not open', async () => {
    assert.deepEqual(summary(ws('audit_only', 'unopened.py')), ['SER002@4:11-4:27']);
    assert.deepEqual(summary(ws('fixes', 'tls.py')), ['TLS001@4:89-4:101']);
    assert.deepEqual(summary(ws('audit_only', 'clean.py')), []);
  });

  it('respects [tool.mlguard] exclude, .gitignore and files.exclude', () => {
    assert.ok(result.analysed.includes('audit_only/clean.py'));
    assert.ok(result.analysed.includes('train.py'));
    for (const p of ['excluded/skip.py', 'fixes/expected/ser.py']) {
      assert.ok(!result.analysed.includes(p), p);
      assert.ok(result.skipped.some((s) => s.path === p && /excluded/.test(s.reason)), `${p} is reported as skipped`);
    }
    assert.ok(!result.analysed.some((p) => p.startsWith('ignored_build/')), '.gitignore');
    assert.ok(!result.analysed.some((p) => p.startsWith('vendored/')), 'files.exclude');
    assert.deepEqual(summary(ws('excluded', 'skip.py')), []);
    assert.deepEqual(summary(ws('ignored_build', 'gen.py')), []);
  });

  it('covers notebooks: findings of unopened notebooks point at their cell', () => {
    assert.ok(result.analysed.includes('notebooks/analysis.ipynb'));
    assert.ok(!vscode.workspace.notebookDocuments.some((nb) => nb.uri.path.endsWith('unopened.ipynb')));
    const diags = mlguardDiagnostics(ws('audit_only', 'unopened.ipynb'));
    assert.deepEqual(diags.map((d) => d.message.slice(0, 17)).sort(), ['[cell 3, line 1] ', '[cell 4, line 1] ']);
    assert.deepEqual(diags.map(codeOf).sort(), ['SER002', 'SER004']);
  });

  it('counts what it did', () => {
    assert.equal(result.cancelled, false);
    assert.equal(result.files, result.analysed.length);
    const active = result.findings.filter((f) => !f.suppression);
    assert.ok(active.length >= 15, `found ${active.length}`);
    assert.ok(result.findings.some((f) => f.suppression?.reason === 'labels come from our own signed pipeline'), 'suppressed findings are kept for the report');
    assert.equal(result.filesWithFindings, new Set(active.map((f) => f.path)).size);
  });

  it('exports valid SARIF 2.1.0', async () => {
    const target = ws('out', 'mlguard.sarif');
    const written = await vscode.commands.executeCommand<vscode.Uri>('mlguard.exportReport', 'sarif', target);
    assert.equal(written?.toString(), target.toString());
    const sarif = JSON.parse(await readText(target)) as { version: string; $schema: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; suppressions?: unknown[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif/);
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0];
    assert.match(run.tool.driver.name, /mlguard/i);
    assert.ok(run.tool.driver.rules.some((r) => r.id === 'SER002'));
    const hit = run.results.find((r) => r.ruleId === 'SER002' && r.locations[0].physicalLocation.artifactLocation.uri === 'audit_only/unopened.py');
    assert.ok(hit, 'the unopened file’s finding is in the SARIF');
    assert.deepEqual(hit.locations[0].physicalLocation.region.startLine, 5);
    assert.equal(hit.level, 'warning');
    assert.ok(run.results.length >= result.findings.filter((f) => !f.suppression).length);
  });

  it('exports a Markdown report', async () => {
    const target = ws('out', 'report.md');
    await vscode.commands.executeCommand('mlguard.exportReport', 'markdown', target);
    const md = await readText(target);
    assert.match(md, /^## MLGuard report/);
    assert.match(md, /audit_only\/unopened\.py/);
    assert.match(md, /SER002/);
  });
});

describe('status bar', () => {
  afterEach(closeAll);
  it('shows the active file’s finding count and opens the Problems panel', async () => {
    const { status } = await api();
    await open('fixall.py');
    await waitFor('status text', () => status.item.text === '$(shield) MLGuard: 3');
    assert.equal((status.item.command as string | undefined) ?? '', 'workbench.actions.view.problems');
    await open('audit_only/clean.py');
    await waitFor('zero', () => status.item.text === '$(shield) MLGuard: 0');
  });
});

describe('settings and configuration files', () => {
  afterEach(async () => {
    for (const k of ['severityOverrides', 'enable', 'exclude', 'pii.extraNames', 'audit.functions', 'run']) await updateSetting(k, undefined);
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await closeAll();
  });

  it('mlguard.severityOverrides changes severities and turns rules off', async () => {
    const doc = await open('fixes/ser.py');
    const d = await waitFor('SER002', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'SER002'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    await updateSetting('severityOverrides', { SER002: 'error' });
    await waitFor('error severity', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'SER002')?.severity === vscode.DiagnosticSeverity.Error);
    await updateSetting('severityOverrides', { SER: 'off' });
    await expectDiagnostics(doc.uri, []);
  });

  it('mlguard.enable and mlguard.exclude clear the diagnostics', async () => {
    const doc = await open('fixes/ser.py');
    await expectDiagnostics(doc.uri, ['SER002@4:17-4:33']);
    await updateSetting('enable', false);
    await expectDiagnostics(doc.uri, []);
    await updateSetting('enable', undefined);
    await expectDiagnostics(doc.uri, ['SER002@4:17-4:33']);
    await updateSetting('exclude', ['fixes/*.py']);
    await expectDiagnostics(doc.uri, []);
  });

  it('mlguard.pii.extraNames adds personal-data column names', async () => {
    const doc = await open('settings/members.py');
    await expectDiagnostics(doc.uri, []);
    await updateSetting('pii.extraNames', ['member_no']);
    await waitFor('PII001 on member_no', () => mlguardDiagnostics(doc.uri).some((d) => codeOf(d) === 'PII001'));
  });

  it('mlguard.audit.functions adds audit calls', async () => {
    const doc = await open('settings/governed.py');
    await waitFor('AUD001', () => mlguardDiagnostics(doc.uri).some((d) => codeOf(d) === 'AUD001'));
    await updateSetting('audit.functions', ['governance.note_access']);
    await expectDiagnostics(doc.uri, []);
  });

  it('mlguard.run = onSave waits for the save', async () => {
    await updateSetting('run', 'onSave');
    const doc = await open('editing.py');
    await expectDiagnostics(doc.uri, []);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(5, 0), '    w = np.load(path, allow_pickle=True)\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await sleep(1200);
    assert.deepEqual(summary(doc.uri), [], 'nothing while typing');
    await doc.save();
    await expectDiagnostics(doc.uri, ['SER004@5:8-5:40']);
    // restore the file for other suites
    const undo = new vscode.WorkspaceEdit();
    undo.delete(doc.uri, new vscode.Range(5, 0, 6, 0));
    await vscode.workspace.applyEdit(undo);
    await doc.save();
  });

  it('reloads when pyproject.toml changes', async () => {
    const doc = await open('fixes/ser.py');
    await waitFor('SER002 warning', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'SER002')?.severity === vscode.DiagnosticSeverity.Warning);
    const pyproject = ws('pyproject.toml');
    const original = await readText(pyproject);
    try {
      await writeText(pyproject, original.replace('MLG002 = "error"', 'MLG002 = "error"\nSER002 = "error"'));
      await waitFor('SER002 error after the file change', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'SER002')?.severity === vscode.DiagnosticSeverity.Error, 20000);
    } finally {
      await writeText(pyproject, original);
    }
    await waitFor('back to warning', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'SER002')?.severity === vscode.DiagnosticSeverity.Warning, 20000);
  });
});
