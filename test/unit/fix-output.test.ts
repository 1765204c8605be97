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
