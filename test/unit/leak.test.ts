// Leak test (issue 9): a repository holding a secret of every supported provider, URL credentials
// (password, presigned X-Amz-Signature, SAS sig=, token=) and an unknown high-entropy token, each
// also inside other findings' lines, is run through every output path of the CLI — text, JSON,
// SARIF, Markdown, baseline, stderr logs, the compliance report (Markdown and HTML), verify — and
// the sidebar's HTML renderer; no secret may appear whole in any of them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ComplianceStore } from '../../src/compliance/store';
import { buildModel } from '../../src/compliance/model';
import { analyseWorkspace } from '../../src/compliance/workspace';
import { renderView } from '../../src/webview/render';
import { PROVIDER_SAMPLES } from './secrets-detect.test';

const CLI = resolve(__dirname, '../../dist/cli.js');

const URL_SECRETS = {
  ftpPassword: 'Sup3rSecretPw-77',
  amzSignature: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  sasSig: 'q8Zr%2F7kLmN3pQw9XyZ1aBcDeFgHiJkLmNoPqRsTuVw%3D',
  token: 'ghx7Hq2Lm9Pz4Rt8Wv3Ky6Nb1Cd5Fg0Jk',
  unknownHighEntropy: 'Zq8vL3mP9xW2rT7yK4nB6cJ1hF5gD0sA',
};

function pyString(s: string): string {
  return JSON.stringify(s);
}

function source(): string {
  const lines = ['import os, pickle, joblib, requests, yaml', 'import pandas as pd', ''];
  PROVIDER_SAMPLES.forEach(([id, sample], i) => {
    lines.push(`# ${id}`);
    lines.push(`api_token_${i} = ${pyString(sample)}`);
    // The same secret on a line another rule flags (its snippet must be masked too).
    lines.push(`requests.get("https://svc.example.com", verify=False, headers={"X-Key": ${pyString(sample)}})`);
  });
  lines.push(`model = joblib.load("ftp://ops:${URL_SECRETS.ftpPassword}@files.example.com/m.pkl")`);
  lines.push(`data = pd.read_csv("https://bucket.s3.amazonaws.com/p.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${URL_SECRETS.amzSignature}")`);
  lines.push(`blob = requests.get("https://acct.blob.core.windows.net/c/f?sv=2020-08-04&sig=${URL_SECRETS.sasSig}", verify=False)`);
  lines.push(`feed = requests.get("http://feeds.example.com/x?token=${URL_SECRETS.token}")`);
  lines.push(`requests.post("https://x.example.com", json={"k": ${pyString(URL_SECRETS.unknownHighEntropy)}}, verify=False)`);
  lines.push('pickle.load(open("model.pkl", "rb"))');
  return lines.join('\n') + '\n';
}

function secrets(): [string, string][] {
  return [...PROVIDER_SAMPLES, ...Object.entries(URL_SECRETS)];
}

function assertNoLeak(where: string, text: string): void {
  assert.ok(text.length > 0, `${where}: empty output`);
  for (const [id, s] of secrets()) {
    const whole = s.replace(/\\n/g, '\n');
    assert.ok(!text.includes(s) && !text.includes(whole), `${where} leaks ${id}`);
    // JSON-escaped forms too (private keys carry newlines).
    assert.ok(!text.includes(JSON.stringify(s).slice(1, -1)), `${where} leaks ${id} (JSON-escaped)`);
  }
}

describe('leak test: no secret appears whole in any output (issue 9)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlguard-leak-'));
    writeFileSync(join(dir, 'train.py'), source());
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: source().split(/(?<=\n)/) }] };
    writeFileSync(join(dir, 'explore.ipynb'), JSON.stringify(nb, null, 1) + '\n');
    mkdirSync(join(dir, 'out'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  for (const format of ['text', 'json', 'sarif', 'markdown'] as const) {
    it(`mlguard audit --format ${format} (stdout and stderr)`, () => {
      const r = cli('audit', '.', '--format', format, '--ignore-suppressions');
      assert.equal(r.code, 1, r.stderr);
      assertNoLeak(`audit ${format}`, r.stdout);
      assertNoLeak(`audit ${format} stderr`, r.stderr + ' ');
    });
  }

  it('the report actually flags the secrets (the test is not vacuous)', () => {
    const r = JSON.parse(cli('audit', '.', '--format', 'json').stdout) as { findings: { ruleId: string }[] };
    const sec = r.findings.filter((f) => f.ruleId.startsWith('SEC')).length;
    assert.ok(sec >= PROVIDER_SAMPLES.length, `only ${sec} SEC findings`);
  });

  it('baseline file, --output file and MLGUARD_DEBUG logs', () => {
    cli('audit', '.', '--write-baseline', 'out/baseline.json');
    assertNoLeak('baseline', readFileSync(join(dir, 'out/baseline.json'), 'utf8'));
    const r = spawnSync(process.execPath, [CLI, 'audit', '.', '--output', 'out/r.sarif', '--format', 'sarif'], { cwd: dir, encoding: 'utf8', env: { ...process.env, MLGUARD_DEBUG: '1' } });
    assertNoLeak('sarif file', readFileSync(join(dir, 'out/r.sarif'), 'utf8'));
    assertNoLeak('debug stderr', r.stderr + ' ');
  });

  it('mlguard report (Markdown and HTML) and verify, with a sign-off whose reason quotes a secret', () => {
    const store = new ComplianceStore(dir);
    const w = store.updateChecklistItem(store.read(), 'lawful-basis', { status: 'done', owner: 'Alice', note: `rotated ${PROVIDER_SAMPLES[0][1]}` }, { name: 'Alice', now: () => new Date('2026-01-01T00:00:00Z') }, { reason: `key ${URL_SECRETS.unknownHighEntropy} rotated` });
    assert.equal(w.ok, true);
    const md = cli('report');
    assertNoLeak('report markdown', md.stdout);
    assert.match(md.stdout, /ftp:\/\/ops:\*\*\*\*@files\.example\.com/);
    const html = cli('report', '--format', 'html');
    assertNoLeak('report html', html.stdout);
    const v = cli('verify', '--no-git');
    assertNoLeak('verify', v.stdout + v.stderr);
  });

  it('the sidebar HTML (renderer of the model the extension posts)', async () => {
    const analysis = await analyseWorkspace(dir);
    const model = buildModel(basename(dir), analysis.files, new ComplianceStore(dir).read());
    assertNoLeak('sidebar model', JSON.stringify(model));
    for (const tab of ['threats', 'checklist'] as const) assertNoLeak(`sidebar ${tab}`, renderView(model, tab));
  });
});
