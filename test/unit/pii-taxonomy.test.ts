// The PII taxonomy: identifiers (direct / indirect), special categories (GDPR Art. 9/10) and
// ordinary attributes, and the per-sink choice of which classes are findings
// ([tool.mlguard.pii.report]).
import { strict as assert } from 'node:assert';
import { analyze, DEFAULT_CONFIG, mergeConfig, parseConfigTable } from '../../src/engine';
import { classifyPii } from '../../src/engine/pii/names';
import { ready } from '../helpers/engine';

const pii = (src: string, config = DEFAULT_CONFIG) =>
  analyze(src, 'x.py', config)
    .filter((f) => f.ruleId.startsWith('PII'))
    .map((f) => `${f.ruleId}:${f.span.line}`);

const CREDIT = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  'apps = pd.read_csv("apps.csv", usecols=["annual_income", "salary", "debt_ratio", "email", "y"])',
  'LogisticRegression().fit(apps[["annual_income", "salary", "debt_ratio"]], apps["y"])',
  'apps[["annual_income", "debt_ratio"]].to_csv("out.csv")',
  'LogisticRegression().fit(apps[["email", "debt_ratio"]], apps["y"])',
  '',
].join('\n');

describe('PII taxonomy', () => {
  before(() => ready);

  it('classifies names into direct / indirect identifiers, special categories and attributes', () => {
    const cls = (n: string) => classifyPii(n)?.cls;
    assert.equal(cls('email'), 'direct-identifier');
    assert.equal(cls('customer_phone'), 'direct-identifier');
    assert.equal(cls('passport_number'), 'direct-identifier');
    assert.equal(cls('ip_address'), 'indirect-identifier');
    assert.equal(cls('device_id'), 'indirect-identifier');
    assert.equal(cls('date_of_birth'), 'indirect-identifier');
    assert.equal(cls('diagnosis_code'), 'special-category');
    assert.equal(cls('religion'), 'special-category');
    assert.equal(cls('annual_income'), 'attribute');
    assert.equal(cls('salary'), 'attribute');
    assert.equal(cls('user_id'), 'none');
    assert.equal(cls('gender'), 'none');
  });

  it('ordinary attributes (income, salary) are not findings at training or export by default; identifiers are', () => {
    assert.deepEqual(pii(CREDIT), ['PII001:6']);
  });

  it('[tool.mlguard.pii.report] turns attributes on per sink', () => {
    const { config, problems } = parseConfigTable({ pii: { report: { export: ['identifier', 'special-category', 'attribute'] } } });
    assert.deepEqual(problems, []);
    assert.deepEqual(pii(CREDIT, config).sort(), ['PII001:6', 'PII002:5']);
    const training = mergeConfig(DEFAULT_CONFIG, { pii: { report: { ...DEFAULT_CONFIG.pii.report, training: ['attribute'] } } });
    assert.deepEqual(pii(CREDIT, training), ['PII001:4']);
  });

  it('an unknown class or sink in [tool.mlguard.pii.report] is a configuration problem with its key', () => {
    const bad = parseConfigTable({ pii: { report: { training: ['identifiers'] } } });
    assert.ok(bad.problems.length > 0);
    assert.match(bad.problems.map((p) => `${p.key} ${p.message}`).join('\n'), /pii\.report\.training/);
    const sink = parseConfigTable({ pii: { report: { printing: ['identifier'] } } });
    assert.match(sink.problems.map((p) => `${p.key} ${p.message}`).join('\n'), /printing/);
  });

  it('says when a column was hashed without a key (unsalted digests are not pseudonymisation)', () => {
    const src = [
      'import hashlib',
      'import pandas as pd',
      'df = pd.read_csv("c.csv", usecols=["email", "spend"])',
      'df["email"] = df["email"].map(lambda e: hashlib.sha256(e.encode()).hexdigest())',
      'df.to_csv("out.csv")',
      '',
    ].join('\n');
    const f = analyze(src, 'x.py').find((x) => x.ruleId === 'PII002');
    assert.ok(f, 'PII002 reports the unsalted digest export');
    assert.match(f.message, /hashed without a key/);
  });
});
