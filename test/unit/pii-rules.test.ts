// PII / FAIR / AUD002 rules beyond the fixtures: configuration, fixes on CRLF files, the
// pseudonymisation suggestion, notebooks, and related locations.
import { strict as assert } from 'node:assert';
import { analyze, analyzeCells, applyEdits, DEFAULT_CONFIG, fixSource, mergeConfig, parsePython, RULES } from '../../src/engine';
import { assertPythonCompiles, ready } from '../helpers/engine';

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;
const ids = (src: string, config = DEFAULT_CONFIG) =>
  analyze(src, 'x.py', config)
    .filter((f) => /^(PII|FAIR|AUD002)/.test(f.ruleId))
    .map((f) => `${f.ruleId}:${f.span.line}`);

const TRAIN = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  'df = pd.read_csv("c.csv", usecols=["loyalty_ref", "contact_email", "gender", "tenure", "y"])',
  'audit_log = None',
  'LogisticRegression().fit(df[["loyalty_ref", "contact_email", "gender", "tenure"]], df["y"])',
  '',
].join('\n');

describe('PII/FAIR rules: configuration', () => {
  before(() => ready);

  it('a statsmodels model trained where it is built is one training sink, not two', () => {
    const src = 'import pandas as pd\nimport statsmodels.api as sm\ndf = pd.read_csv("c.csv")\nsm.Logit(df["y"], df[["email", "gender"]]).fit()\nglm = sm.GLM(df["y"], df[["email"]])\nglm.fit()\n';
    assert.deepEqual(ids(src).filter((x) => !x.startsWith('AUD002')).sort(), ['FAIR001:4', 'PII001:4', 'PII001:6']);
  });

  it('reports personal data and protected attributes by default', () => {
    assert.deepEqual(ids(TRAIN).sort(), ['AUD002:3', 'FAIR001:5', 'PII001:5']);
  });

  it('pii.allow removes a column; pii.extra-names adds one', () => {
    const allow = mergeConfig(DEFAULT_CONFIG, { pii: { extraNames: [], allow: ['contact_email'] } });
    assert.deepEqual(ids(TRAIN, allow).sort(), ['FAIR001:5']);
    const extra = mergeConfig(DEFAULT_CONFIG, { pii: { extraNames: ['loyalty_ref'], allow: ['contact_email'] } });
    const f = analyze(TRAIN, 'x.py', extra).find((x) => x.ruleId === 'PII001');
    assert.ok(f && f.message.includes('loyalty_ref') && !f.message.includes('contact_email'), f?.message);
  });

  it('fairness.allow and fairness.extra-attributes', () => {
    const allow = mergeConfig(DEFAULT_CONFIG, { fairness: { extraAttributes: [], allow: ['gender'] } });
    assert.ok(!ids(TRAIN, allow).includes('FAIR001:5'));
    const extra = mergeConfig(DEFAULT_CONFIG, { fairness: { extraAttributes: ['tenure'], allow: ['gender'] } });
    const f = analyze(TRAIN, 'x.py', extra).find((x) => x.ruleId === 'FAIR001');
    assert.ok(f?.message.includes('tenure'));
  });

  it('audit.functions makes a project helper count as the audit record', () => {
    const src = 'import pandas as pd\ndef load():\n    note_usage("crm")\n    return pd.read_sql("SELECT email FROM crm", con)\n';
    assert.deepEqual(ids(src), ['AUD002:4']);
    const cfg = mergeConfig(DEFAULT_CONFIG, { audit: { functions: ['note_usage'], sensitiveOperations: [], fixFunction: 'audit_log.info' } });
    assert.deepEqual(ids(src, cfg), []);
  });
});

describe('PII/FAIR rules: findings and fixes', () => {
  before(() => ready);

  it('reports at the sink with the column entry as a related location', () => {
    const f = analyze(TRAIN, 'x.py').find((x) => x.ruleId === 'PII001')!;
    assert.equal(f.span.line, 5);
    assert.ok(f.related.some((r) => r.span.line === 5 && r.message.includes('contact_email')));
    const load = analyze('import pandas as pd\nX = pd.read_csv("c.csv", usecols=["email", "x"])\nm.fit(X, y)\n', 'x.py').find((x) => x.ruleId === 'PII001')!;
    assert.deepEqual(load.related.map((r) => r.span.line), [2]);
  });

  it('drop fix keeps CRLF line endings and indentation, and compiles', () => {
    const src = 'import pandas as pd\r\ndef train(m):\r\n    X = pd.read_csv("c.csv", usecols=["ssn", "x"])\r\n    m.fit(X, None)\r\n';
    const { output } = fixSource(src, 'x.py', undefined, { unsafe: true, rules: [rule('PII001')] });
    assert.equal(output, 'import pandas as pd\r\ndef train(m):\r\n    X = pd.read_csv("c.csv", usecols=["ssn", "x"])\r\n    X = X.drop(columns=["ssn"])\r\n    m.fit(X, None)\r\n');
    assertPythonCompiles(output, 'crlf drop');
  });

  it('offers a keyed HMAC pseudonym for an export as a suggestion: a named helper, .assign, stdlib imports', () => {
    const src = 'import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email", "score"])\ndf.to_csv("out.csv")\n';
    const f = analyze(src, 'x.py').find((x) => x.ruleId === 'PII002')!;
    assert.deepEqual(f.fixes.map((x) => x.applicability), ['unsafe', 'suggestion']);
    const out = applyEdits(src, f.fixes[1].edits);
    assert.match(out, /^import hashlib\nimport hmac\nimport os\n\nimport pandas as pd\n/);
    assert.match(out, /\ndef pseudonymise\(value\):\n/);
    assert.match(out, /df = df\.assign\(email=df\["email"\]\.map\(pseudonymise\)\)\ndf\.to_csv/);
    assertPythonCompiles(out, 'pseudonymise');
    const tree = parsePython(out);
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
  });

  it('FAIR fix removes the attribute from a multi-line feature list, keeping it valid', () => {
    const src = 'FEATURES = [\n    "income",\n    "gender",  # self-reported\n    "tenure",\n]\nm.fit(df[FEATURES], y)\n';
    const { output } = fixSource(src, 'x.py', undefined, { unsafe: true, rules: [rule('FAIR001')] });
    assert.equal(output, 'FEATURES = [\n    "income",\n    "tenure",\n]\nm.fit(df[FEATURES], y)\n');
    const last = 'FEATURES = ["income", "gender"]\nm.fit(df[FEATURES], y)\n';
    assert.equal(fixSource(last, 'x.py', undefined, { unsafe: true, rules: [rule('FAIR001')] }).output, 'FEATURES = ["income"]\nm.fit(df[FEATURES], y)\n');
  });

  it('works across notebook cells and maps findings to cells', () => {
    const cells = [
      { index: 0, source: 'import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email", "x", "y"])' },
      { index: 1, source: '# markdown-free code cell\nX = df[["email", "x"]]' },
      { index: 2, source: 'model.fit(X, df["y"])\nprint(df["email"].head())' },
    ];
    const { findings } = analyzeCells(cells, "n.ipynb");
    const got = findings.filter((f) => /^PII/.test(f.ruleId)).map((f) => `${f.ruleId}@${f.cell?.index}:${f.cell?.line}`).sort();
    assert.deepEqual(got, ['PII001@2:1', 'PII003@2:2']);
  });
});
