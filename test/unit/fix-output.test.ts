// Fix-output tests: each fix's result is compared with an expected file and must pass
// `ruff check --select I,E501` (isort order and line length, via the pinned ruff WASM build) when
// the input already did, so that a user can accept the fix without editing it.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { analyze, applyEdits, fixSource, RULES } from '../../src/engine';
import { assertPythonCompiles, ready } from '../helpers/engine';

const DIR = join(__dirname, '..', 'fixtures', 'fix-output');
const ruff = new Workspace({ 'line-length': 88, lint: { select: ['I', 'E501'] } }, PositionEncoding.Utf16);

function ruffProblems(source: string): string[] {
  return (ruff.check(source) as { code: string | null; message: string; start_location: { row: number } }[]).map((d) => `${d.start_location.row}: ${d.code} ${d.message}`);
}

/** Applies one fix (chosen by title) of every finding of the rule, or all its fixes with fixSource. */
function applyFix(source: string, file: string, ruleId: string, title?: RegExp): string {
  if (!title) return fixSource(source, file, undefined, { unsafe: true, rules: [RULES.find((r) => r.meta.id === ruleId)!] }).output;
  const edits = analyze(source, file)
    .filter((f) => f.ruleId === ruleId)
    .flatMap((f) => f.fixes.filter((x) => title.test(x.title)).slice(0, 1).flatMap((x) => x.edits));
  assert.ok(edits.length, `no ${ruleId} fix matching ${title}`);
  return applyEdits(source, edits);
}

const CASES: { file: string; rule: string; title?: RegExp; what: string }[] = [
  { file: 'pii-export-pseudonym.py', rule: 'PII002', title: /pseudonym/, what: 'keyed pseudonym of exported columns: helper once, .assign, stdlib imports sorted' },
  { file: 'pii-export-pseudonym-no-stdlib.py', rule: 'PII002', title: /pseudonym/, what: 'pseudonym at module level in a file with no stdlib imports: a new stdlib group' },
  { file: 'sec-env-lookup.py', rule: 'SEC002', what: 'secret from the environment: import os starts the stdlib group' },
  { file: 'sec-env-lookup-stdlib.py', rule: 'SEC002', what: 'secret from the environment: import os sorted into the stdlib group' },
  { file: 'aud-model-load.py', rule: 'AUD001', what: 'audit record: import logging in the stdlib group, the logger after the imports' },
  { file: 'aud-personal-read.py', rule: 'AUD002', what: 'audit record of a personal-data read inside a function' },
  { file: 'fair-drop-feature.py', rule: 'FAIR001', what: 'protected attribute removed from the model features' },
  { file: 'pii-train-drop.py', rule: 'PII001', what: 'personal data dropped from the training features' },
  { file: 'pii-export-drop.py', rule: 'PII002', title: /^Drop/, what: 'personal data dropped from an export' },
  { file: 'pii-s3-kms.py', rule: 'PII005', what: 'S3 upload encrypted with SSE-KMS' },
  { file: 'sec-provider-token.py', rule: 'SEC001', what: 'provider token read from the environment' },
  { file: 'sec-getenv-default.py', rule: 'SEC001', what: 'hardcoded default of os.getenv removed (wrapped call)' },
  { file: 'sec-connection-url.py', rule: 'SEC003', what: 'connection URL with credentials read from the environment' },
  { file: 'sec-signing-key.py', rule: 'SEC004', what: 'signing key read from the environment' },
  { file: 'ser-torch-load.py', rule: 'SER002', what: 'torch.load with weights_only=True' },
  { file: 'ser-yaml-load.py', rule: 'SER003', what: 'yaml.safe_load' },
  { file: 'ser-numpy-pickle.py', rule: 'SER004', what: 'np.load with allow_pickle=False' },
  { file: 'ser-keras-safe-mode.py', rule: 'SER005', what: 'Keras load_model with safe_mode=True' },
  { file: 'srv-mlflow-bind.py', rule: 'SRV002', what: 'mlflow server started with basic auth' },
  { file: 'sup-trust-remote-code.py', rule: 'SUP002', title: /trust_remote_code/, what: 'trust_remote_code=True removed from a wrapped call' },
  { file: 'tls-verify.py', rule: 'TLS001', what: 'certificate verification back on' },
  { file: 'tls-unverified-context.py', rule: 'TLS002', what: 'default SSL context instead of an unverified one' },
  { file: 'tls-http-endpoint.py', rule: 'TLS004', what: 'https:// instead of http://' },
];

describe('fix output: expected files, isort-clean and within the line length', () => {
  before(() => ready);
  for (const c of CASES) {
    it(`${c.file}: ${c.what}`, () => {
      const source = readFileSync(join(DIR, c.file), 'utf8');
      assert.deepEqual(ruffProblems(source), [], 'the input is ruff-clean (I, E501)');
      const output = applyFix(source, c.file, c.rule, c.title);
      const expectedFile = join(DIR, c.file.replace(/\.py$/, '.expected.py'));
      if (process.env.MLGUARD_UPDATE_EXPECTED) writeFileSync(expectedFile, output);
      assert.equal(output, readFileSync(expectedFile, 'utf8'));
      assert.deepEqual(ruffProblems(output), [], 'the fixed file stays ruff-clean (I, E501)');
      assertPythonCompiles(output, c.file);
      assert.equal(analyze(output, c.file).filter((f) => f.ruleId === c.rule).length, 0, `${c.rule} is fixed`);
    });
  }

  it('applies the pseudonym fix of two exports in one file with one helper and one set of imports', () => {
    const source = 'import pandas as pd\n\na = pd.read_csv("a.csv", usecols=["email", "x"])\na.to_csv("a_out.csv")\nb = pd.read_csv("b.csv", usecols=["phone", "y"])\nb.to_csv("b_out.csv")\n';
    const output = applyFix(source, 'two.py', 'PII002', /pseudonym/);
    assert.equal(output.match(/^def pseudonymise\(/gm)?.length, 1);
    assert.equal(output.match(/^import hmac$/gm)?.length, 1);
    assert.match(output, /a = a\.assign\(email=a\["email"\]\.map\(pseudonymise\)\)\na\.to_csv/);
    assert.match(output, /b = b\.assign\(phone=b\["phone"\]\.map\(pseudonymise\)\)\nb\.to_csv/);
    assert.deepEqual(ruffProblems(output), []);
  });

  it('offers no pseudonym for training features (a pseudonym is no feature): drop only', () => {
    const source = 'import pandas as pd\n\nX = pd.read_csv("c.csv", usecols=["email", "income"])\nmodel.fit(X, y)\n';
    const f = analyze(source, 'train.py').find((x) => x.ruleId === 'PII001');
    assert.ok(f);
    assert.ok(f.fixes.length > 0);
    assert.ok(f.fixes.every((x) => !/pseudonym/i.test(x.title)), f.fixes.map((x) => x.title).join(' | '));
  });
});
