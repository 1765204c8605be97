// The one "smallest replacement" helper behind fix-all in the language server and the extension.
import { strict as assert } from 'node:assert';
import { minimalChange } from '../../src/engine/edits/minimal-change';

describe('minimalChange', () => {
  it('replaces only the changed middle, and nothing for equal texts', () => {
    assert.equal(minimalChange('abc', 'abc'), undefined);
    assert.deepEqual(minimalChange('import os\nx = 1\n', 'import os\nimport sys\nx = 1\n'), { start: 10, end: 10, text: 'import sys\n' });
    assert.deepEqual(minimalChange('key = "s3cr3t"\n', 'key = os.environ["KEY"]\n'), { start: 6, end: 14, text: 'os.environ["KEY"]' });
    assert.deepEqual(minimalChange('aaa', 'aa'), { start: 2, end: 3, text: '' });
  });
  it('applying the change gives the new text', () => {
    const before = 'df.to_csv("x.csv")\nprint(df)\n';
    const after = 'df.drop(columns=["email"]).to_csv("x.csv")\nprint(df)\n';
    const c = minimalChange(before, after)!;
    assert.equal(before.slice(0, c.start) + c.text + before.slice(c.end), after);
  });
});
