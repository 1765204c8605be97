// Meta-test (eslint style): every rule has full docs and metadata, a file named after it, and a
// fixture with at least three positive and three negative cases.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/engine';
import { FIXTURES, readAnnotations } from './rule-fixtures.test';

const RULES_DIR = join(__dirname, '..', '..', 'src', 'rules');

describe('rule metadata', () => {
  it('IDs are unique, family prefix + three digits, and the registry is sorted', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    for (const r of RULES) assert.match(r.meta.id, new RegExp(`^${r.meta.family}\\d{3}$`));
    const names = RULES.map((r) => r.meta.name);
    assert.equal(new Set(names).size, names.length, 'rule names are unique');
  });
  for (const rule of RULES) {
    const m = rule.meta;
    describe(`${m.id} ${m.name}`, () => {
      it('has a kebab-case name equal to its file name, and the file defines this ID', () => {
        assert.match(m.name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
        const file = join(RULES_DIR, `${m.name}.ts`);
        assert.ok(existsSync(file), `src/rules/${m.name}.ts is missing`);
        assert.ok(readFileSync(file, 'utf8').includes(`'${m.id}'`), `src/rules/${m.name}.ts does not define ${m.id}`);
      });
      it('has complete docs and references', () => {
        for (const k of ['what', 'why', 'fixSafety'] as const) assert.ok(m.docs[k].length > 20, `docs.${k} too short`);
        assert.ok(m.docs.example.bad.trim() && m.docs.example.good.trim(), 'examples');
        assert.ok(m.title.length > 10);
        assert.ok(m.references.nist.length > 0, 'NIST AI RMF function');
        assert.ok(m.references.stride.length > 0, 'STRIDE category');
        if (m.family !== 'MLG') assert.ok(m.references.cwe.length + m.references.gdpr.length > 0, 'CWE or GDPR reference');
        if (m.fixAvailability !== 'none') assert.ok(m.fixTitle, 'fixTitle for a fixable rule');
      });
      it('has a fixture with at least 3 positive and 3 negative cases', () => {
        const file = join(FIXTURES, `${m.id}.py`);
        assert.ok(existsSync(file), `test/fixtures/rules/${m.id}.py is missing`);
        const { expected, ok } = readAnnotations(readFileSync(file, 'utf8'));
        assert.ok((expected.get(m.id)?.size ?? 0) >= 3, 'at least 3 # expect lines');
        assert.ok((ok.get(m.id)?.size ?? 0) >= 3, 'at least 3 # ok lines');
      });
    });
  }
});
