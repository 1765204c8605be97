// The compliance sidebar in the real extension host: the view opens, the threat model is derived
// from the workspace, page messages go through the validator (invalid ones rejected and logged),
// writes land in .mlguard/ atomically, on-disk changes reload the view, corrupted files are
// reported and left untouched, and Export Compliance Report writes Markdown + HTML.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ComplianceModel } from '../../../src/compliance/types';
import { api, waitFor, ws } from '../helpers';

const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';
const DEMO = `import pickle

import mlflow
import pandas as pd

OPENAI_API_KEY = "${SECRET}"
mlflow.set_tracking_uri("http://mlflow.internal.example.com:5000")


def train():
    df = pd.read_csv("data/applicants.csv")
    model = pickle.load(open("models/baseline.pkl", "rb"))
    model.fit(df[["email", "income"]], df["default"])
    return model
`;

async function model(): Promise<ComplianceModel | undefined> {
  return vscode.commands.executeCommand<ComplianceModel | undefined>('mlguard.compliance.model');
}

async function send(message: unknown): Promise<{ accepted: boolean; rejected: number }> {
  return vscode.commands.executeCommand('mlguard.compliance.receive', message);
}

/** Sends a message and answers the conflict prompt, if one comes, with `answer`. */
async function send2(message: unknown, answer: 'Reload' | 'Overwrite'): Promise<{ accepted: boolean; rejected: number; conflicts: number }> {
  return vscode.commands.executeCommand('mlguard.compliance.receive', message, answer);
}

describe('compliance sidebar (extension host)', function () {
  this.timeout(60000);
  let root: string;
  const demo = () => join(root, 'compliance_demo', 'credit.py');
  const checklist = () => join(root, '.mlguard', 'checklist.toml');

  before(async () => {
    await api();
    root = ws().fsPath;
    mkdirSync(join(root, 'compliance_demo'), { recursive: true });
    writeFileSync(demo(), DEMO);
    writeFileSync(
      join(root, 'compliance_demo', 'explore.ipynb'),
      JSON.stringify({
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# Exploration'] },
          { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['import pickle\n', 'challenger = pickle.load(open("models/challenger.pkl", "rb"))\n'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    rmSync(join(root, '.mlguard'), { recursive: true, force: true });
  });

  after(() => {
    rmSync(join(root, 'compliance_demo'), { recursive: true, force: true });
    rmSync(join(root, '.mlguard'), { recursive: true, force: true });
    rmSync(join(root, 'reports'), { recursive: true, force: true });
  });

  it('contributes the view and opens it from its container', async () => {
    const pkg = vscode.extensions.getExtension('mlguard.mlguard')!.packageJSON as { contributes: { views: Record<string, { id: string; type: string }[]> } };
    assert.equal(pkg.contributes.views['mlguard-compliance'][0].id, 'mlguard.compliance');
    assert.equal(pkg.contributes.views['mlguard-compliance'][0].type, 'webview');
    await vscode.commands.executeCommand('mlguard.compliance.focus');
    const m = await waitFor('the compliance model', async () => {
      await vscode.commands.executeCommand('mlguard.refreshCompliance');
      const x = await model();
      return x?.assets.some((a) => a.refs.some((r) => r.path === 'compliance_demo/credit.py')) ? x : undefined;
    }, 30000);
    assert.ok(m.checklist.length >= 15);
  });

  it('derives assets and threats from the workspace code, with links to the findings', async () => {
    const m = (await model())!;
    const ids = m.assets.map((a) => a.id);
    assert.ok(ids.includes('dataset:data/applicants.csv'), ids.join(', '));
    assert.ok(ids.includes('endpoint:http://mlflow.internal.example.com:5000'));
    assert.ok(ids.includes('personal-data:email'));
    const nbModel = m.assets.find((a) => a.id === 'model:models/challenger.pkl');
    assert.deepEqual(nbModel?.refs.map((r) => [r.path, r.cell, r.line]), [['compliance_demo/explore.ipynb', 1, 2]]);
    const ser = m.threats.find((t) => t.catalogueId === 'TAMPER-DESERIALIZATION' && t.findings.some((f) => f.path === 'compliance_demo/credit.py' && f.line === 12));
    assert.ok(ser, 'the pickle.load finding opens the deserialization threat');
    assert.equal(ser.status, 'open');
    assert.ok(!JSON.stringify(m).includes(SECRET), 'the secret never reaches the view model whole');
  });

  it('jumps to the line of a finding, and into the cell of a notebook', async () => {
    assert.equal((await send({ type: 'open', path: 'compliance_demo/credit.py', line: 12, column: 13 })).accepted, true);
    const editor = await waitFor('the editor on credit.py', () => (vscode.window.activeTextEditor?.document.uri.fsPath === demo() ? vscode.window.activeTextEditor : undefined));
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [11, 12]);
    assert.equal((await send({ type: 'open', path: 'compliance_demo/explore.ipynb', line: 2, column: 5, cell: 1 })).accepted, true);
    const cellEditor = await waitFor('the editor on the notebook cell', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'vscode-notebook-cell' && e.document.uri.fsPath === join(root, 'compliance_demo', 'explore.ipynb') ? e : undefined;
    });
    assert.match(cellEditor.document.getText(), /pickle\.load/);
    assert.equal(cellEditor.selection.active.line, 1);
    // outside the workspace: refused
    assert.equal((await send({ type: 'open', path: '../../etc/passwd', line: 1, column: 1 })).accepted, true);
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.fsPath, '/etc/passwd');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('rejects and logs invalid page messages, accepts valid ones', async () => {
    const before = (await send({ type: 'ready' })).rejected;
    for (const bad of [{ type: 'eval', code: 'alert(1)' }, { type: 'setChecklist', id: 'art6-lawful-basis', status: 'finished' }, { type: 'open', path: 'x.py', line: -1, column: 1 }, 'ready', null]) {
      const r = await send(bad);
      assert.equal(r.accepted, false, JSON.stringify(bad));
    }
    assert.equal((await send({ type: 'ready' })).rejected, before + 5);
    assert.equal(existsSync(checklist()), false, 'nothing was written by rejected messages');
  });

  it('writes a checklist change to .mlguard/checklist.toml and signs off done items', async () => {
    let r = await send({ type: 'setChecklist', id: 'art35-dpia', status: 'in-progress', owner: 'dpo@example.com', note: 'draft', evidence: ['docs/dpia.md'] });
    assert.equal(r.accepted, true);
    const text = readFileSync(checklist(), 'utf8');
    assert.match(text, /\[item\.art35-dpia\]\narticle = "Art\. 35"\ntitle = "[^"]+"\nstatus = "in-progress"\nowner = "dpo@example\.com"\nnote = "draft"\nevidence = \["docs\/dpia\.md"\]/);
    // a bare "done" is not a sign-off: the host refuses it
    r = await send({ type: 'setChecklist', id: 'art35-dpia', status: 'done' });
    assert.equal(r.accepted, false);
    assert.equal(existsSync(join(root, '.mlguard', 'signoffs.jsonl')), false);
    r = await send({ type: 'setChecklist', id: 'art35-dpia', status: 'done', owner: 'dpo@example.com', statement: 'DPIA approved, docs/dpia.md' });
    assert.equal(r.accepted, true);
    const log = readFileSync(join(root, '.mlguard', 'signoffs.jsonl'), 'utf8').trim().split('\n');
    assert.equal(log.length, 1);
    assert.equal(JSON.parse(log[0]).subject, 'checklist:art35-dpia');
    assert.equal(JSON.parse(log[0]).reason, 'DPIA approved, docs/dpia.md');
    const m = (await model())!;
    assert.equal(m.checklist.find((i) => i.id === 'art35-dpia')!.status, 'done');
    assert.equal(m.signoffs.count, 1);
  });

  it('asks before overwriting a change made on disk after the page showed the item', async () => {
    const shown = (await model())!.checklist.find((i) => i.id === 'art35-dpia')!.changedAt;
    // a teammate changes the owner of the same item on disk
    const theirs = readFileSync(checklist(), 'utf8').replace(/(\[item\.art35-dpia\]\n(?:.*\n){3})owner = "[^"]*"\n((?:.*\n){2})changed_by = "[^"]*"\nchanged_at = "[^"]*"/, '$1owner = "carol@example.com"\n$2changed_by = "Carol"\nchanged_at = "2026-11-25T23:59:00.000Z"');
    assert.match(theirs, /carol@example\.com/);
    writeFileSync(checklist(), theirs);
    // Reload: nothing written, the view shows theirs
    let r = await send2({ type: 'setChecklist', id: 'art35-dpia', note: 'mine', version: shown }, 'Reload');
    assert.equal(r.accepted, true);
    assert.equal(readFileSync(checklist(), 'utf8'), theirs);
    await waitFor('the view to show theirs', async () => (await model())?.checklist.find((i) => i.id === 'art35-dpia')?.owner === 'carol@example.com');
    // Overwrite: this item gets my edit
    r = await send2({ type: 'setChecklist', id: 'art35-dpia', note: 'mine', version: shown }, 'Overwrite');
    assert.equal(r.conflicts, 2);
    assert.match(readFileSync(checklist(), 'utf8'), /\[item\.art35-dpia\]\n(?:.*\n){4}note = "mine"/);
  });

  it('reloads when .mlguard changes on disk (a teammate\'s pull)', async () => {
    const text = readFileSync(checklist(), 'utf8').replace(/(\[item\.art30-records\]\n(?:.*\n){2})status = "todo"/, '$1status = "in-progress"');
    assert.match(text, /status = "in-progress"/);
    writeFileSync(checklist(), text);
    await waitFor('the view model to show the on-disk change', async () => (await model())?.checklist.find((i) => i.id === 'art30-records')?.status === 'in-progress', 15000);
  });

  it('reports a corrupted file with its position and never overwrites it', async () => {
    const broken = 'schema = 1\n\n[item.art6-lawful-basis\nstatus = "done"\n';
    writeFileSync(checklist(), broken);
    const m = await waitFor('the problem to show', async () => {
      const x = await model();
      return x?.problems.find((p) => p.file === '.mlguard/checklist.toml') ? x : undefined;
    });
    assert.equal(m.problems[0].line, 3);
    await send({ type: 'setChecklist', id: 'art6-lawful-basis', owner: 'Bob' });
    assert.equal(readFileSync(checklist(), 'utf8'), broken);
  });

  it('exports the compliance report as Markdown and HTML without whole secrets', async () => {
    const target = vscode.Uri.file(join(root, 'reports'));
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('mlguard.exportComplianceReport', target);
    assert.equal(uris.length, 2);
    const md = readFileSync(uris[0].fsPath, 'utf8');
    const html = readFileSync(uris[1].fsPath, 'utf8');
    assert.match(md, /## Findings summary[\s\S]*## Threat model[\s\S]*## Checklists[\s\S]*### GDPR/);
    assert.match(html, /<h2>Checklists<\/h2>[\s\S]*<h3>GDPR<\/h3>/);
    assert.ok(!md.includes(SECRET) && !html.includes(SECRET));
  });
});
