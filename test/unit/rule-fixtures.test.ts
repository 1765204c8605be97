// Fixture-driven rule tests (semgrep/ruff style): test/fixtures/rules/<ID>.py carries
// `# expect: ID` on lines that must fire and `# ok: ID` on lines that must not; found must equal
// expected exactly. <ID>.fixed.py, when present, is the file after applying that rule's fixes.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, fixSource, RULES, parsePython } from '../../src/engine';
import { assertPythonCompiles, ready } from '../helpers/engine';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

export interface Annotations {
  expected: Map<string, Set<number>>;
  ok: Map<string, Set<number>>;
}

export function readAnnotations(source: string): Annotations {
  const expected = new Map<string, Set<number>>();
  const ok = new Map<string, Set<number>>();
  source.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(/#\s*(expect|ok):\s*([A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)/g)) {
      const target = m[1] === 'expect' ? expected : ok;
      for (const id of m[2].split(',').map((s) => s.trim())) {
        if (!target.has(id)) target.set(id, new Set());
        target.get(id)!.add(i + 1);
      }
    }
  });
  return { expected, ok };
}

describe('rule fixtures', () => {
  before(() => ready);
  // <ID>.py, plus topic files <ID>.<topic>.py (e.g. FAIR001.feature-frames.py) for one gap class each
  const files = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => /^[A-Z]+\d{3}(\.(?!fixed\.)[a-z0-9-]+)?\.py$/.test(f)) : [];
  for (const file of files) {
    const id = file.replace(/\.py$/, '').split('.')[0];
    const label = file.replace(/\.py$/, '');
    it(`${label}: findings equal the # expect: annotations`, () => {
      const source = readFileSync(join(FIXTURES, file), 'utf8');
      const { expected, ok } = readAnnotations(source);
      const findings = analyze(source, file);
      const ids = new Set([id, ...expected.keys()]);
      for (const rid of ids) {
        const found = findings.filter((f) => f.ruleId === rid && !f.suppression).map((f) => f.span.line);
        const want = [...(expected.get(rid) ?? [])].sort((a, b) => a - b);
        const got = [...new Set(found)].sort((a, b) => a - b);
        const missing = want.filter((l) => !got.includes(l));
        const extra = got.filter((l) => !want.includes(l));
        assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${rid} in ${file}: lines missing / unexpected`);
        for (const l of ok.get(rid) ?? []) assert.ok(!got.includes(l), `${rid} fired on # ok line ${l}`);
      }
    });
    // <ID>.fixed.py, or <ID>.<topic>.fixed.py for a topic file, is the file after that rule's fixes.
    const fixed = join(FIXTURES, `${label}.fixed.py`);
    if (existsSync(fixed)) {
      it(`${label}: applying its safe and unsafe fixes gives ${label}.fixed.py, valid Python`, () => {
        const source = readFileSync(join(FIXTURES, file), 'utf8');
        const rule = RULES.find((r) => r.meta.id === id);
        assert.ok(rule, `no rule ${id}`);
        const { output } = fixSource(source, file, undefined, { unsafe: true, rules: [rule] });
        assert.equal(output, readFileSync(fixed, 'utf8'));
        const tree = parsePython(output);
        assert.equal(tree.rootNode.hasError, false, 'fixed file has syntax errors');
        tree.delete();
        assertPythonCompiles(output, `${label}.fixed.py`);
      });
    }
  }
});
