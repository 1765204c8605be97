// Live diagnostics in the real extension host: codes, ranges, severities, links, suppressions,
// exclusion, edits (incremental reparse), notebooks and broken configuration.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzePython, initParser } from '../../../src/engine';
import { api, closeAll, codeOf, expectDiagnostics, mlguardDiagnostics, open, serverStats, sleep, summary, waitFor, ws } from '../helpers';

describe('live diagnostics', () => {
  before(async () => {
    await api();
    await initParser();
  });
  afterEach(closeAll);

  it('reports findings with rule codes, exact ranges, severity and a documentation link', async () => {
    const doc = await open('train.py');
    // SER002 torch.load (line 8), SER001 + MLG001 on a pragma without a reason (line 13);
    // line 18's SER001 is suppressed with a reason and must not show.
    await expectDiagnostics(doc.uri, ['MLG001@12:32-12:57', 'SER001@12:15-12:30', 'SER002@7:11-7:27']);
    const diags = mlguardDiagnostics(doc.uri);
    const ser002 = diags.find((d) => codeOf(d) === 'SER002')!;
    assert.equal(ser002.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(ser002.message, /weights_only/);
    const code = ser002.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'mlguard-rule');
    assert.equal(code.target.path, '/SER002.mlguard-rule');
    const mlg = diags.find((d) => codeOf(d) === 'MLG001')!;
    assert.deepEqual(mlg.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.equal(doc.getText(ser002.range), 'torch.load(path)');
  });

  it('applies severities from [tool.mlguard.severity]', async () => {
    const doc = await open('editing.py');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(5, 0), '# mlguard: ignore[NOPE001] a rule that does not exist\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await waitFor('MLG002', () => mlguardDiagnostics(doc.uri).find((x) => codeOf(x) === 'MLG002'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'pyproject.toml sets MLG002 = "error"');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('updates after an edit and clears when the problem is fixed', async () => {
    const doc = await open('editing.py');
    await expectDiagnostics(doc.uri, []);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(5, 0), '    data = np.load(path, allow_pickle=True)\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await expectDiagnostics(doc.uri, ['SER004@5:11-5:43']);
    // Fix it by hand: allow_pickle=False.
    const fix = new vscode.WorkspaceEdit();
    const start = doc.getText().indexOf('True');
    fix.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(start + 4)), 'False');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await expectDiagnostics(doc.uri, []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('keeps incremental results identical to a full analysis over many small edits', async () => {
    const doc = await open('editing.py');
    const { client } = await api();
    assert.ok(client.isRunning(), 'live analysis runs in the language server process');
    const before = (await serverStats(doc.uri)).length;
    const snippets = ['    x = torch.load(path)\n', '    y = np.load(path, allow_pickle=True)\n', 'import torch\n', '    # comment é ü 漢字\n', '    z = 1\n'];
    for (let i = 0; i < 25; i++) {
      const edit = new vscode.WorkspaceEdit();
      const line = 1 + ((i * 7) % Math.max(1, doc.lineCount - 1));
      if (i % 5 === 4 && doc.lineCount > 8) edit.delete(doc.uri, new vscode.Range(line, 0, line + 1, 0));
      else edit.insert(doc.uri, new vscode.Position(line, 0), snippets[i % snippets.length]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      if (i % 3 === 0) await sleep(300); // let some analyses run between bursts of edits
    }
    await sleep(600);
    const expected = analyzePython(doc.getText(), doc.uri.fsPath);
    const want = expected.findings
      .filter((f) => !f.suppression)
      .map((f) => {
        const r = new vscode.Range(doc.positionAt(f.span.start), doc.positionAt(f.span.end));
        return `${f.ruleId}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      })
      .sort();
    expected.tree.delete();
    await expectDiagnostics(doc.uri, want);
    assert.ok(want.length >= 2, `the edits should have produced findings, got ${want.join(', ')}`);
    assert.ok((await serverStats(doc.uri)).slice(before).some((t) => t.incremental), 'the server reused the edited tree');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('gives excluded files no diagnostics', async () => {
    // A file that is analysed gets its (possibly empty) diagnostics published; an excluded one is
    // published empty too: wait for a publication, then compare with a non-excluded twin.
    const published = new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.path.endsWith('/excluded/skip.py'))) {
          sub.dispose();
          resolve();
        }
      });
    });
    const doc = await open('excluded/skip.py');
    await Promise.race([published, sleep(10000)]);
    assert.deepEqual(summary(doc.uri), []);
    assert.deepEqual(await serverStats(doc.uri), [], 'the server did not analyse the excluded file');
  });

  it('clears diagnostics when the document is closed', async () => {
    // Documents an extension opened stay alive for minutes after their editor closes; an untitled
    // document that is reverted and closed is disposed at once, which is the close path we need.
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch\nm = torch.load("x.pt")\n' });
    await vscode.window.showTextDocument(doc);
    const uri = doc.uri;
    await expectDiagnostics(uri, ['SER002@1:4-1:22']);
    const closed = new Promise<boolean>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === uri.toString()) {
          sub.dispose();
          resolve(true);
        }
      });
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.ok(await Promise.race([closed, sleep(10000).then(() => false)]), 'the untitled document was closed');
    assert.deepEqual(summary(uri), []);
  });

  it('reports a broken config file at its line and goes on with the defaults', async () => {
    const doc = await open('broken/code.py');
    await expectDiagnostics(doc.uri, ['SER002@4:11-4:27']);
    const tomlUri = ws('broken', 'mlguard.toml');
    const problem = await waitFor('config diagnostic', () => vscode.languages.getDiagnostics(tomlUri).find((d) => d.source === 'MLGuard'));
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(problem.message, /invalid TOML/);
    assert.ok(problem.range.start.line >= 1 && problem.range.start.line <= 2, `line ${problem.range.start.line + 1} should point at the broken array`);
    const d = mlguardDiagnostics(doc.uri)[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'the broken file’s severity table is not applied');
  });

  it('analyses notebook cells together and puts diagnostics on each cell', async () => {
    const nb = await vscode.workspace.openNotebookDocument(ws('notebooks', 'analysis.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const cells = nb.getCells();
    assert.equal(cells[1].document.languageId, 'python');
    assert.equal(cells[2].document.uri.scheme, 'vscode-notebook-cell');
    await expectDiagnostics(cells[2].document.uri, ['SER002@0:8-0:30']);
    await expectDiagnostics(cells[3].document.uri, ['SER004@0:6-0:43']);
    await expectDiagnostics(cells[1].document.uri, []);
    // Editing a cell re-analyses the notebook (np and torch are imported in another cell).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cells[2].document.uri, new vscode.Position(1, 0), '\nckpt = torch.load("b.pt")');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await expectDiagnostics(cells[2].document.uri, ['SER002@0:8-0:30', 'SER002@1:7-1:25']);
    // Undo the edit (notebooks opened by an extension stay loaded for later suites).
    const undo = new vscode.WorkspaceEdit();
    undo.delete(cells[2].document.uri, new vscode.Range(0, cells[2].document.lineAt(0).text.length, 1, cells[2].document.lineAt(1).text.length));
    assert.ok(await vscode.workspace.applyEdit(undo));
    assert.equal(cells[2].document.getText(), 'model = torch.load("model.pt")');
    await expectDiagnostics(cells[2].document.uri, ['SER002@0:8-0:30']);
  });
});
