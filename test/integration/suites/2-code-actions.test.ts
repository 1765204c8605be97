// Quick fixes for every rule family through vscode.executeCodeActionProvider + applyEdit,
// suppression pragmas, the documentation action, and fix-all (command, code action kind, on save).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_LINE, pragmaEdit, validateReason } from '../../../src/server/pragma';
import { initParser } from '../../../src/engine';
import { api, closeAll, codeOf, expectDiagnostics, mlguardDiagnostics, open, quickFixes, readText, waitFor, ws } from '../helpers';

/** One real rule per family, its fixture, and the fix title the engine offers first. */
const FAMILY_FIXES = [
  { family: 'SEC', file: 'sec', rule: 'SEC002', title: 'Read DB_PASSWORD from the environment (os.environ) instead of hardcoding it', preferred: false },
  { family: 'PII', file: 'pii', rule: 'PII001', title: 'Drop `email` from the training features', preferred: false },
  { family: 'AUD', file: 'aud', rule: 'AUD001', title: 'Record the model access in the audit log with `audit_log.info(...)` (configure logging for the "audit" logger, or set audit fix-function)', preferred: true },
  { family: 'FAIR', file: 'fair', rule: 'FAIR001', title: 'Remove `gender` from the model features', preferred: false },
  { family: 'SER', file: 'ser', rule: 'SER002', title: 'Pass `weights_only=True`', preferred: false },
  { family: 'TLS', file: 'tls', rule: 'TLS001', title: 'Turn certificate verification back on', preferred: false },
];

describe('quick fixes', () => {
  before(async () => {
    await api();
    await initParser();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await closeAll();
  });

  for (const c of FAMILY_FIXES) {
    it(`${c.family}: ${c.rule} quick fix produces the expected text`, async () => {
      const doc = await open(`fixes/${c.file}.py`);
      const diag = await waitFor(`${c.rule} diagnostic`, () => mlguardDiagnostics(doc.uri).find((d) => codeOf(d) === c.rule));
      const actions = await quickFixes(doc.uri, diag.range);
      // Fixes that change behaviour say so in their title (the engine marks all but AUD001's unsafe).
      const fix = actions.find((a) => a.title === `${c.title} (${c.rule}${c.preferred ? '' : ', unsafe: review the change'})`);
      assert.ok(fix, `no "${c.title}" among ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(Boolean(fix.isPreferred), c.preferred, 'safe fixes (only) are preferred');
      assert.ok(fix.edit, 'the fix carries a WorkspaceEdit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), await readText(ws('fixes', 'expected', `${c.file}.py`)));
      // And the finding is gone once re-analysed.
      await waitFor(`${c.rule} to clear`, () => !mlguardDiagnostics(doc.uri).some((d) => codeOf(d) === c.rule && d.range.start.line === diag.range.start.line));
      // Every line with findings also offers suppression (asking for the reason) and documentation, once.
      const line = diag.range.start.line + 1;
      const suppress = actions.filter((a) => a.title.startsWith('Suppress ') && a.title.endsWith(` on line ${line}…`));
      assert.equal(suppress.length, 1, actions.map((a) => a.title).join(' | '));
      assert.ok(suppress[0].title.includes(c.rule));
      assert.equal(suppress[0].command?.command, 'mlguard.suppressFinding', 'the client asks for the reason');
      const docs = actions.filter((a) => a.title.startsWith('Show documentation for '));
      assert.equal(docs.length, 1);
      assert.equal(docs[0].command?.command, 'mlguard.showRuleDocumentation');
    });
  }

  it('quick-fixes a finding inside a notebook cell', async () => {
    const nb = await vscode.workspace.openNotebookDocument(ws('notebooks', 'analysis.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const diag = await waitFor('SER002 in cell 3', () => mlguardDiagnostics(cell.uri).find((d) => codeOf(d) === 'SER002'));
    const fix = (await quickFixes(cell.uri, diag.range)).find((a) => a.title.startsWith('Pass `weights_only=True`'));
    assert.ok(fix?.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(cell.getText(), 'model = torch.load("model.pt", weights_only=True)');
    await expectDiagnostics(cell.uri, []);
    // Undo (notebooks opened by an extension stay loaded for later suites).
    const undo = new vscode.WorkspaceEdit();
    const at = cell.getText().indexOf(', weights_only=True');
    undo.delete(cell.uri, new vscode.Range(cell.positionAt(at), cell.positionAt(at + ', weights_only=True'.length)));
    assert.ok(await vscode.workspace.applyEdit(undo));
  });
});

describe('suppression', () => {
  before(initParser);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await closeAll();
  });

  it('refuses an empty or wordless reason', () => {
    assert.ok(validateReason(''));
    assert.ok(validateReason('   '));
    assert.ok(validateReason('-'));
    assert.equal(validateReason('synthetic test data'), undefined);
  });

  it('appends the pragma to a plain line and the finding disappears', async () => {
    const doc = await open('suppress.py');
    await waitFor('SER002 on line 5', () => mlguardDiagnostics(doc.uri).find((d) => d.range.start.line === 4));
    assert.equal(await vscode.commands.executeCommand('mlguard.suppressFinding', doc.uri, 4, 'SER002', '   '), false, 'an empty reason writes nothing');
    assert.ok(await vscode.commands.executeCommand('mlguard.suppressFinding', doc.uri, 4, 'SER002', 'checkpoints from our own cluster'));
    assert.equal(doc.lineAt(4).text, '    return torch.load(path)  # mlguard: ignore[SER002] checkpoints from our own cluster');
    await waitFor('line 5 suppressed', () => !mlguardDiagnostics(doc.uri).some((d) => d.range.start.line === 4));
  });

  it('puts the pragma on the line above for a long line and for a line with a comment', async () => {
    const doc = await open('suppress.py');
    await waitFor('three SER002', () => mlguardDiagnostics(doc.uri).length === 3);
    assert.ok(doc.lineAt(8).text.length + 40 > MAX_LINE);
    assert.ok(await vscode.commands.executeCommand('mlguard.suppressFinding', doc.uri, 8, 'SER002', 'path is validated by the caller'));
    assert.equal(doc.lineAt(8).text, '    # mlguard: ignore[SER002] path is validated by the caller');
    assert.ok(doc.lineAt(9).text.startsWith('    return torch.load(checkpoint_directory'));
    // Line 13 (now 14) has a comment already.
    assert.equal(doc.lineAt(13).text, '    return torch.load(path)  # resume from the last epoch');
    assert.ok(await vscode.commands.executeCommand('mlguard.suppressFinding', doc.uri, 13, 'SER002', 'legacy checkpoints, migration tracked in JIRA-12'));
    assert.equal(doc.lineAt(13).text, '    # mlguard: ignore[SER002] legacy checkpoints, migration tracked in JIRA-12');
    await waitFor('only line 5 left', () => JSON.stringify(mlguardDiagnostics(doc.uri).map((d) => d.range.start.line)) === '[4]');
  });

  it('never writes a pragma that breaks the Python', () => {
    const src = 'x = """\nsecret = "abc"\n"""\ny = foo(a, \\\n  b)\n';
    assert.equal(pragmaEdit(src, 2, 'SEC002', 'reason here'), undefined, 'inside a multi-line string there is no valid place');
    const p = pragmaEdit(src, 4, 'SEC002', 'reason here');
    assert.equal(p?.placement, 'line-above', 'a backslash continuation cannot take a trailing comment');
  });
});

describe('rule documentation', () => {
  afterEach(closeAll);

  it('opens the documentation page from the command and from the diagnostic link', async () => {
    const { ruleDocs } = await api();
    assert.equal(await vscode.commands.executeCommand('mlguard.showRuleDocumentation', 'PII001'), 'PII001');
    assert.equal(ruleDocs.current, 'PII001');
    const doc = await open('fixes/ser.py');
    const diag = await waitFor('SER002', () => mlguardDiagnostics(doc.uri).find((d) => codeOf(d) === 'SER002'));
    const target = (diag.code as { target: vscode.Uri }).target;
    await vscode.commands.executeCommand('vscode.open', target);
    const tab = await waitFor('rule documentation editor', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputCustom && t.input.viewType === 'mlguard.ruleDocumentation' ? t : undefined;
    });
    assert.equal((tab.input as vscode.TabInputCustom).uri.path, '/SER002.mlguard-rule');
    const markdown = await readText(target);
    assert.match(markdown, /^# SER002 torch-load-without-weights-only/);
    assert.match(markdown, /## Why is this bad/);
  });
});

describe('fix all', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'python' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await closeAll();
  });

  it('source.fixAll.mlguard applies every safe fix and no unsafe one', async () => {
    const doc = await open('fixall.py');
    await waitFor('three findings', () => mlguardDiagnostics(doc.uri).length === 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.mlguard');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.mlguard');
    assert.ok(fixAll?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(doc.getText(), await readText(ws('fixes', 'expected', 'fixall.py')));
    await waitFor('only the unsafe SER002 left', () => JSON.stringify(mlguardDiagnostics(doc.uri).map(codeOf)) === '["SER002"]');
  });

  it('the Fix All Safe Problems command does the same', async () => {
    const doc = await open('fixall.py');
    await waitFor('three findings', () => mlguardDiagnostics(doc.uri).length === 3);
    assert.equal(await vscode.commands.executeCommand('mlguard.fixAllInFile'), 2, 'it reports how many problems it fixed');
    assert.equal(doc.getText(), await readText(ws('fixes', 'expected', 'fixall.py')));
  });

  it('runs from editor.codeActionsOnSave', async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'python' }).update('codeActionsOnSave', { 'source.fixAll.mlguard': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const doc = await open('fixall_on_save.py');
    await waitFor('three findings', () => mlguardDiagnostics(doc.uri).length === 3);
    // A real edit makes the document dirty, then an explicit save runs the save participants.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edited before saving\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('workbench.action.files.save');
    const expected = '# edited before saving\n' + (await readText(ws('fixes', 'expected', 'fixall.py')));
    await waitFor('fixed on save', () => doc.getText() === expected);
    await waitFor('saved', () => !doc.isDirty);
    assert.equal(await readText(doc.uri), expected, 'the fixed text was saved');
  });
});

describe('light bulb menu (from the language server)', () => {
  afterEach(closeAll);

  it('orders the error-level fixes first, labels unsafe fixes, and offers one Suppress and one documentation entry per line', async () => {
    const doc = await open('lightbulb/menu.py');
    // Line 8 holds SER002 (warning, first on the line) and TLS001 (error).
    await waitFor('SER002 and TLS001 on line 8', () => ['SER002', 'TLS001'].every((id) => mlguardDiagnostics(doc.uri).some((d) => codeOf(d) === id && d.range.start.line === 7)));
    const actions = await quickFixes(doc.uri, new vscode.Range(7, 0, 7, 0));
    const titles = actions.map((a) => a.title);
    const tls = titles.findIndex((t) => t.includes('(TLS001'));
    const ser = titles.findIndex((t) => t.includes('(SER002'));
    assert.ok(tls >= 0 && ser >= 0, titles.join(' | '));
    assert.ok(tls < ser, `the error's fix comes first: ${titles.join(' | ')}`);
    for (const a of actions.filter((x) => x.edit)) assert.match(a.title, /unsafe: review the change/, 'these fixes change behaviour and say so');
    assert.ok(!actions.some((a) => a.isPreferred), 'an unsafe fix is never the preferred one');
    assert.deepEqual(
      titles.filter((t) => t.startsWith('Suppress ')),
      ['Suppress TLS001, SER002 on line 8…'],
    );
    assert.deepEqual(
      titles.filter((t) => t.startsWith('Show documentation')),
      ['Show documentation for TLS001, SER002'],
    );
  });

  it('marks the safe fix as preferred', async () => {
    const doc = await open('fixes/aud.py');
    const diag = await waitFor('AUD001', () => mlguardDiagnostics(doc.uri).find((d) => codeOf(d) === 'AUD001'));
    const preferred = (await quickFixes(doc.uri, diag.range)).filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.match(preferred[0].title, /\(AUD001\)$/, 'a safe fix carries no warning label');
  });

  it('keeps Problems messages short; the how-to-fix is in the related information and the hover', async () => {
    const doc = await open('lightbulb/menu.py');
    const d = await waitFor('TLS001', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'TLS001'));
    assert.ok(d.message.length <= 120, d.message);
    const whole = d.relatedInformation?.find((r) => r.message.startsWith(d.message.replace(/…$/, '')) && r.message.length > d.message.length);
    assert.ok(whole, `the whole message is in the related information: ${JSON.stringify(d.relatedInformation)}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.ok(text.includes(whole.message.slice(0, 60)), `the hover has the whole message: ${text.slice(0, 300)}`);
    assert.match(text, /Quick fixes:/);
  });
});
