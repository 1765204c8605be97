// The audit paths agree: the sequential in-process run, the built CLI with one worker and with
// two workers report the same findings on all fixtures and corpora. Per-file budgets end in a
// clear "skipped" note, never a crash, and the rest of the audit still reports.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RULES } from '../../src/engine';
import { project, runCli } from './cli-support';
import { DIGEST_ROOTS } from '../helpers/findings-digest';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function runBuilt(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 180000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('audit paths: sequential, one worker, parallel workers', function () {
  this.timeout(240000);
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });

  it('give identical JSON reports on all fixtures and corpora', async () => {
    const args = ['audit', ...DIGEST_ROOTS, '--format', 'json', '--fail-on', 'never', '--no-gitignore'];
    const sequential = await runCli(args, ROOT, { rules: RULES });
    const one = runBuilt([...args, '--jobs', '1']);
    const two = runBuilt([...args, '--jobs', '2']);
    assert.equal(sequential.code, 0, sequential.stderr);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const findings = (s: string) => (JSON.parse(s) as { findings: unknown[] }).findings;
    assert.ok(findings(sequential.stdout).length > 500);
    assert.deepEqual(findings(one.stdout), findings(sequential.stdout));
    assert.deepEqual(findings(two.stdout), findings(sequential.stdout));
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
  });

  it('skips a file over the time budget with a "too slow" note and reports the other files', () => {
    let drops = 'import pandas as pd\ndf = pd.read_csv("x.csv")\n';
    for (let k = 0; k < 8000; k++) drops += `df = df.drop(columns=["c${k}"])\n`;
    const files: Record<string, string> = { 'slow.py': drops };
    for (let i = 0; i < 4; i++) files[`ok${i}.py`] = 'import torch\nm = torch.load("m.pt")\n';
    const p = project(files);
    try {
      const r = runBuilt(['audit', '.', '--format', 'json', '--file-timeout', '1', '--jobs', '2'], p.dir);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: { path: string }[]; files: { skipped: { path: string; reason: string }[] } };
      assert.deepEqual(report.files.skipped.map((s) => s.path), ['slow.py']);
      assert.match(report.files.skipped[0].reason, /^too slow: .*1 s per-file budget/);
      assert.equal(new Set(report.findings.map((f) => f.path)).size, 4);
      assert.match(r.stderr, /slow\.py: warning: too slow/);
    } finally {
      p.cleanup();
    }
  });

  it('rejects a --file-timeout that is not a positive number', () => {
    const r = runBuilt(['audit', 'examples/', '--file-timeout', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid value '0' for --file-timeout/);
  });
});
