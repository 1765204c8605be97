// Every rule page's examples are checked against the engine: the "bad" example must fire that
// rule, the "good" example must fire nothing at all. The examples live in one place, the rule's
// `meta.docs.example` (docs/rules/<ID>.md is generated from it, see the docs/rules test below).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, RULES } from '../../src/engine';
import { ruleDocMarkdown } from '../../src/engine/reports/rule-docs';
import { ready } from '../helpers/engine';

/**
 * Rules whose examples are known not to hold yet. The test asserts the opposite for these, so the
 * list has to shrink the moment one is fixed.
 */
const knownFailing = new Set<string>([
  // lead fixes in the data-flow branch (FAIR001, PII001 and PII002 were listed here until it merged)
]);

interface Verdict {
  badFires: boolean;
  goodClean: boolean;
  goodFindings: string[];
}

function judge(id: string, bad: string, good: string): Verdict {
  const badFindings = analyze(bad, `docs-example-${id}-bad.py`);
  const goodFindings = analyze(good, `docs-example-${id}-good.py`).filter((f) => !f.suppression);
  return {
    badFires: badFindings.some((f) => f.ruleId === id && !f.suppression),
    goodClean: goodFindings.length === 0,
    goodFindings: goodFindings.map((f) => `${f.ruleId}@${f.span.line}`),
  };
}

describe('rule documentation examples', () => {
  before(() => ready);
  for (const rule of RULES) {
    const { id } = rule.meta;
    const { bad, good } = rule.meta.docs.example;
    if (knownFailing.has(id)) {
      it(`${id}: still listed as known failing (remove it from knownFailing once its examples hold)`, () => {
        const v = judge(id, bad, good);
        assert.ok(!(v.badFires && v.goodClean), `${id}'s examples now hold: remove it from knownFailing`);
      });
      continue;
    }
    it(`${id}: the "bad" example fires ${id}`, () => {
      assert.ok(judge(id, bad, good).badFires, `${id} does not fire on its own bad example:\n${bad}`);
    });
    it(`${id}: the "good" example fires nothing`, () => {
      const v = judge(id, bad, good);
      assert.deepEqual(v.goodFindings, [], `${id}'s good example is flagged:\n${good}`);
    });
  }
  it('knownFailing names only registered rules', () => {
    for (const id of knownFailing) assert.ok(RULES.some((r) => r.meta.id === id), `${id} is not a rule`);
  });
});

describe('docs/rules pages', () => {
  // One source per rule: the pages are generated from meta (`mlguard rules --write-docs docs/rules`),
  // so a page that differs from its rule's metadata is a stale second copy.
  const DOCS = join(__dirname, '..', '..', 'docs', 'rules');
  for (const rule of RULES) {
    it(`${rule.meta.id}.md is generated from the rule's metadata`, () => {
      const page = readFileSync(join(DOCS, `${rule.meta.id}.md`), 'utf8');
      assert.equal(page, ruleDocMarkdown(rule.meta), `docs/rules/${rule.meta.id}.md is stale: run \`node dist/cli.js rules --write-docs docs/rules\``);
    });
  }
});
