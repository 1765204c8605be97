// The bundled example project (examples/credit-scoring) through the CLI with the real rules:
// the documented findings are there, the notebook outputs are not, suppressions keep their reasons.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPythonCompiles } from '../helpers/engine';
import type { JsonReport } from '../../src/engine/reports';
import { runCli } from './cli-support';

const ROOT = join(__dirname, '..', '..');

describe('cli: example project', () => {
  let report: JsonReport;
  let code: number;
  before(async function () {
    this.timeout(60000);
    const r = await runCli(['audit', '--format', 'json', 'examples/'], ROOT, { rules: null });
    code = r.code;
    report = JSON.parse(r.stdout) as JsonReport;
  });

  const at = (path: string, ruleId: string, line: number): boolean => report.findings.some((f) => f.path === `examples/credit-scoring/${path}` && f.ruleId === ruleId && f.line === line && !f.suppression);

  it('reports the documented problems of each family', () => {
    assert.equal(code, 1);
    assert.ok(at('src/settings.py', 'SEC001', 8), 'hardcoded AWS key');
    assert.ok(at('src/train.py', 'PII001', 35), 'e-mail reaches training');
    assert.ok(at('src/train.py', 'FAIR001', 35), 'gender as a feature');
    assert.ok(at('src/train.py', 'SER002', 40), 'torch.load');
    assert.ok(at('src/serve.py', 'AUD001', 15), 'model load without audit');
    assert.ok(at('src/serve.py', 'TLS001', 24), 'verify=False');
    const nb = report.findings.filter((f) => f.path.endsWith('explore.ipynb'));
    assert.ok(nb.some((f) => f.ruleId === 'PII003' && f.cell === 4 && f.line === 2), 'printed e-mail in the notebook source');
  });

  it('reports nothing in the right patterns, the notebook outputs, or the excluded scratch folder', () => {
    for (const f of report.findings) {
      assert.ok(!f.path.includes('scratch/'), `excluded file reported: ${f.path}`);
      assert.doesNotMatch(f.snippet, /jane\.doe|iVBORw0KGgo/, 'notebook outputs are never analysed');
      if (f.path.endsWith('src/train.py')) assert.ok(f.line >= 28 || f.suppression, `train_baseline is the right pattern: ${f.ruleId} at ${f.line}`);
      if (f.path.endsWith('src/serve.py')) assert.ok([15, 24].includes(f.line), `unexpected ${f.ruleId} at serve.py:${f.line}`);
    }
    assert.ok(!report.findings.some((f) => f.path.endsWith('governance.py') || f.path.endsWith('features.py')));
    assert.equal(report.files.analysed.length, 6);
  });

  it('keeps the two suppressions with their reasons; income is allowed by the config', () => {
    const s = report.findings.filter((f) => f.suppression);
    assert.deepEqual(s.map((f) => [f.path.split('/').pop(), f.ruleId, f.suppression?.reason]).sort(), [
      ['settings.py', s.find((f) => f.path.endsWith('settings.py'))?.ruleId, 'documented public sandbox key, no access to real data'],
      ['train.py', 'SER001', 'artifact checksum verified by the release pipeline before this call'],
    ]);
    assert.ok(!report.findings.some((f) => /`income`/.test(f.message)), 'pii.allow = ["income"]');
  });

  it('--fix --unsafe-fixes on a copy leaves compiling Python and a valid notebook, and fixes what it says', async function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'mlguard-example-'));
    try {
      cpSync(join(ROOT, 'examples', 'credit-scoring'), join(dir, 'cs'), { recursive: true });
      const r = await runCli(['audit', '--fix', '--unsafe-fixes', '--format', 'json', 'cs'], dir, { rules: null });
      const after = JSON.parse(r.stdout) as JsonReport;
      assert.ok(after.summary.fixedProblems >= 6, `fixed ${after.summary.fixedProblems}`);
      assert.ok(after.summary.total < report.summary.total);
      for (const f of ['governance.py', 'settings.py', 'features.py', 'train.py', 'serve.py']) {
        assertPythonCompiles(readFileSync(join(dir, 'cs', 'src', f), 'utf8'), f);
      }
      assert.match(readFileSync(join(dir, 'cs/src/serve.py'), 'utf8'), /verify=True\)/);
      const nb = JSON.parse(readFileSync(join(dir, 'cs/notebooks/explore.ipynb'), 'utf8')) as { cells: { source: string[] }[] };
      assert.equal(nb.cells.length, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the secrets of the example never appear whole', () => {
    const text = JSON.stringify(report);
    assert.ok(!text.includes('AKIAQ3EGUV7XKWJ2RT5M'));
    assert.ok(!text.includes('sk_test_4eC39HqLyjWDarjtT1zdp7dc'));
  });
});
