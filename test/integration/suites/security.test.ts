// Hostile input in the real extension host (issue 9): diagnostics (what hovers and the Problems
// panel show) never carry a whole secret; a FIFO named mlguard.toml neither hangs nor stops
// analysis; Export Compliance Report replaces a planted symlink instead of writing through it;
// the sidebar model carries no whole secret; an evidence link through a planted symlinked folder
// does not open a file outside the workspace.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ComplianceModel } from '../../../src/compliance/types';
import { api, mlguardDiagnostics, waitFor, ws } from '../helpers';

const SECRETS = {
  aws: 'AKIAZ7VQ3XKJ4MPL2WTE',
  github: 'ghp_R7k2Lm9Pz4Rt8Wv3Ky6Nb1Cd5Fg0JkQx2Hs7',
  openai: 'sk-proj-Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa12',
  urlPassword: 'Sup3rSecretPw-77',
  amzSignature: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  highEntropy: 'Zq8vL3mP9xW2rT7yK4nB6cJ1hF5gD0sA',
};

const PROBE = `import joblib, requests
aws_access_key_id = "${SECRETS.aws}"
GITHUB_TOKEN = "${SECRETS.github}"
requests.get("https://api.example.com", verify=False, headers={"Authorization": "${SECRETS.openai}"})
model = joblib.load("ftp://ops:${SECRETS.urlPassword}@files.example.com/m.pkl")
requests.get("https://b.s3.amazonaws.com/p.csv?X-Amz-Signature=${SECRETS.amzSignature}", verify=False)
requests.post("https://x.example.com", json={"k": "${SECRETS.highEntropy}"}, verify=False)
`;

function assertNoSecret(where: string, text: string): void {
  for (const [name, s] of Object.entries(SECRETS)) assert.ok(!text.includes(s), `${where} shows the ${name} secret whole`);
}

describe('hostile input in the extension host', function () {
  this.timeout(60_000);
  const created: string[] = [];
  after(() => {
    for (const p of created) rmSync(p, { recursive: true, force: true });
  });

  it('diagnostics (messages, related information, hovers) never carry a whole secret', async () => {
    await api();
    const uri = ws('security_probe.py');
    writeFileSync(uri.fsPath, PROBE);
    created.push(uri.fsPath);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitFor('diagnostics on the probe', () => {
      const d = mlguardDiagnostics(uri);
      return d.length >= 6 ? d : undefined;
    });
    assert.ok(diags.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('SEC')), 'the secrets are flagged');
    for (const d of diags) {
      assertNoSecret(`diagnostic ${String(typeof d.code === 'object' ? d.code.value : d.code)}`, d.message);
      for (const r of d.relatedInformation ?? []) assertNoSecret('related information', r.message);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the sidebar model has no whole secret (URL credentials and asset names included)', async () => {
    await vscode.commands.executeCommand('mlguard.refreshCompliance');
    const m = await waitFor('a model that includes the probe', async () => {
      const model = await vscode.commands.executeCommand<ComplianceModel | undefined>('mlguard.compliance.model');
      return model && JSON.stringify(model).includes('security_probe.py') ? model : undefined;
    });
    assertNoSecret('sidebar model', JSON.stringify(m));
    assert.match(JSON.stringify(m), /ftp:\/\/ops:\*\*\*\*@files\.example\.com/);
  });

  it('a FIFO named mlguard.toml does not hang the extension host; the file is still analysed', async () => {
    const dir = ws('fifo_config').fsPath;
    mkdirSync(dir, { recursive: true });
    created.push(dir);
    const mk = spawnSync('mkfifo', [join(dir, 'mlguard.toml')]);
    assert.equal(mk.status, 0, String(mk.stderr));
    const py = vscode.Uri.file(join(dir, 'app.py'));
    writeFileSync(py.fsPath, 'import requests\nrequests.get("https://x.example.com", verify=False)\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(py));
    await waitFor('diagnostics despite the FIFO config', () => mlguardDiagnostics(py).length > 0 || undefined, 20_000);
    const cfg = await waitFor('a configuration problem on the FIFO', () => vscode.languages.getDiagnostics(vscode.Uri.file(join(dir, 'mlguard.toml'))).find((d) => /not a regular file/.test(d.message)), 20_000);
    assert.match(cfg.message, /cannot read: not a regular file/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Export Compliance Report replaces a planted symlink instead of writing through it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mlguard-victim-'));
    const target = mkdtempSync(join(tmpdir(), 'mlguard-export-'));
    created.push(outside, target);
    const victim = join(outside, '.bashrc');
    writeFileSync(victim, 'original\n');
    symlinkSync(victim, join(target, 'mlguard-compliance-report.md'));
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>('mlguard.exportComplianceReport', vscode.Uri.file(target));
    assert.equal(uris.length, 2);
    assert.equal(readFileSync(victim, 'utf8'), 'original\n', 'the report was written through the symlink');
    assert.equal(lstatSync(uris[0].fsPath).isSymbolicLink(), false);
    assert.match(readFileSync(uris[0].fsPath, 'utf8'), /## Checklists/);
  });
  it('an evidence link through a planted symlinked folder does not open the file outside the workspace', async () => {
    // A repository commits `evidence_link -> <outside>`; the page (or a forged page message) asks to
    // open evidence_link/id_rsa. The path string stays inside the workspace; its real path does not.
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'mlguard-evidence-')));
    created.push(outside);
    const secret = join(outside, 'id_rsa');
    writeFileSync(secret, 'PRIVATE KEY MATERIAL\n');
    const link = ws('evidence_link').fsPath;
    symlinkSync(outside, link);
    created.push(link);
    const inside = ws('evidence_inside.py');
    writeFileSync(inside.fsPath, 'x = 1\n');
    created.push(inside.fsPath);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Positive control: an in-workspace evidence link is opened by the same message.
    const ok = await vscode.commands.executeCommand<{ accepted: boolean }>('mlguard.compliance.receive', { type: 'open', path: 'evidence_inside.py', line: 1, column: 1 });
    assert.equal(ok.accepted, true);
    await waitFor('the in-workspace evidence file opened', () => vscode.window.activeTextEditor?.document.uri.fsPath === inside.fsPath || undefined, 15_000);
    const r = await vscode.commands.executeCommand<{ accepted: boolean }>('mlguard.compliance.receive', { type: 'open', path: 'evidence_link/id_rsa', line: 1, column: 1 });
    assert.equal(r.accepted, true, 'a well-formed message: refused by containment, not by validation');
    await new Promise((res) => setTimeout(res, 1500));
    const opened = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && (d.uri.fsPath === join(link, 'id_rsa') || d.uri.fsPath === secret));
    assert.deepEqual(opened.map((d) => d.uri.fsPath), [], 'the evidence link opened a file outside the workspace');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, inside.fsPath);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
