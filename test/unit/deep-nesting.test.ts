// Pathological nesting with the real rules: the recursive data-flow rules give up with a clear
// "too deep" note, never an internal error, and every other rule still reports.
import { strict as assert } from 'node:assert';
import { analyzePython } from '../../src/engine';
import { ready } from '../helpers/engine';

describe('deep nesting with the real rules', () => {
  before(() => ready);
  it('5,000 nested brackets: DataFrame rules skipped as too deep, secrets still found', () => {
    const depth = 5000;
    const src = [
      'import pandas as pd',
      'df = pd.read_csv("customers.csv")',
      `x = ${'('.repeat(depth)}df["email"]${')'.repeat(depth)}`,
      'DB_PASSWORD = "Tr0ub4dor&3-horse-battery"',
      '',
    ].join('\n');
    const r = analyzePython(src, 'deep.py');
    r.tree.delete();
    assert.deepEqual(r.internalErrors, []);
    assert.ok(r.tooDeep.length > 0, 'some rule reports the nesting limit');
    assert.ok(r.findings.some((f) => f.ruleId.startsWith('SEC') && f.span.line === 4), 'SEC still reports');
  });
  it('ordinary nesting (300 brackets) is followed by the DataFrame rules', () => {
    const src = `import pandas as pd\ndf = pd.read_csv("c.csv")\nprint(${'('.repeat(300)}df["email"]${')'.repeat(300)})\n`;
    const r = analyzePython(src, 'ok.py');
    r.tree.delete();
    assert.deepEqual(r.tooDeep, []);
    assert.ok(r.findings.some((f) => f.ruleId === 'PII003'), 'PII003 follows 300 levels');
  });
});
