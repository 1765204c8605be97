// Pathological nesting and very long lines with the real rules: the data-flow rules degrade per
// expression / statement, never per file (issue 7: a 6 KB line used to switch PII/FAIR/AUD002
// off for the whole file, an evasion hole), and nothing ends in an internal error.
import { strict as assert } from 'node:assert';
import { analyzePython } from '../../src/engine';
import { ready } from '../helpers/engine';

const HEAD = ['import pandas as pd', 'from sklearn.linear_model import LogisticRegression', 'df = pd.read_csv("customers.csv")'];
const SUM = `_pad = ${Array(10000).fill('0').join(' + ')}`;
const BRACKETS = `_n = ${'['.repeat(5000)}${']'.repeat(5000)}`;
const PARENS = `_p = ${'('.repeat(5000)}1${')'.repeat(5000)}`;

function run(lines: string[]) {
  const r = analyzePython([...lines, ''].join('\n'), 'deep.py');
  r.tree.delete();
  assert.deepEqual(r.internalErrors, []);
  return r;
}
const at = (r: ReturnType<typeof run>, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => f.span.line);

describe('deep nesting and long lines with the real rules', () => {
  before(() => ready);

  for (const [label, filler] of [['a 10,000-term sum', SUM], ['5,000 nested brackets', BRACKETS], ['5,000 nested parentheses', PARENS]] as const) {
    it(`${label} before the sink: PII001 still reports, nothing is skipped for the file`, () => {
      const r = run([...HEAD, filler, 'LogisticRegression().fit(df[["email", "tenure"]], df["y"])']);
      assert.deepEqual(at(r, 'PII001'), [5]);
      assert.deepEqual(r.tooDeep, []);
    });
    it(`${label} inside a function and after the sink: PII001 and FAIR001 still report`, () => {
      const r = run([...HEAD, 'def pad():', `    ${filler}`, '    return 1', 'LogisticRegression().fit(df[["email", "gender"]], df["y"])', filler]);
      assert.deepEqual(at(r, 'PII001'), [7]);
      assert.deepEqual(at(r, 'FAIR001'), [7]);
    });
  }

  it('a deep expression inside the logged call itself: the shallow argument is still followed', () => {
    const r = run([...HEAD, `print(df["email"], ${Array(10000).fill('0').join(' + ')})`]);
    assert.deepEqual(at(r, 'PII003'), [4]);
  });

  it('the secret rules still report next to pathological nesting', () => {
    const r = run([...HEAD, BRACKETS, 'DB_PASSWORD = "Tr0ub4dor&3-horse-battery"']);
    assert.ok(r.findings.some((f) => f.ruleId.startsWith('SEC') && f.span.line === 5), 'SEC still reports');
  });

  it('ordinary nesting (300 brackets) is followed by the DataFrame rules', () => {
    const r = run([...HEAD, `print(${'('.repeat(300)}df["email"]${')'.repeat(300)})`]);
    assert.deepEqual(r.tooDeep, []);
    assert.deepEqual(at(r, 'PII003'), [4]);
  });
});
