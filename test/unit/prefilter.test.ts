// Rule prefilters (`Rule.requires`): a rule whose required text is absent is not run, and on every
// fixture and corpus file the prefiltered run reports exactly what running every rule reports.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyzePython, RULES } from '../../src/engine';
import { worthRunning, type Rule } from '../../src/engine/rule';
import { ready } from '../helpers/engine';
import { digestFile, digestFiles } from '../helpers/findings-digest';

describe('rule prefilters', function () {
  // Analyses every fixture and corpus file (twice for prefilters): minutes on a loaded machine.
  this.timeout(300000);
  before(() => ready);

  it('skips a rule only when none of its required strings or patterns occur', () => {
    let runs = 0;
    const probe: Rule = {
      meta: RULES[0].meta,
      requires: ['needle', /HAY\d/i],
      check: () => {
        runs++;
      },
    };
    analyzePython('x = 1\n', 'a.py', undefined, { rules: [probe] }).tree.delete();
    assert.equal(runs, 0);
    analyzePython('x = "needle"\n', 'a.py', undefined, { rules: [probe] }).tree.delete();
    analyzePython('# hay7\n', 'a.py', undefined, { rules: [probe] }).tree.delete();
    assert.equal(runs, 2);
    analyzePython('x = 1\n', 'a.py', undefined, { rules: [probe], noPrefilter: true }).tree.delete();
    assert.equal(runs, 3);
    assert.equal(worthRunning({ ...probe, requires: undefined }, ''), true);
  });

  it('declares prefilters on the SER and TLS rules', () => {
    const filtered = RULES.filter((r) => r.requires).map((r) => r.meta.family);
    assert.ok(filtered.filter((f) => f === 'SER').length >= 4, filtered.join());
    assert.ok(filtered.filter((f) => f === 'TLS').length >= 3, filtered.join());
    for (const r of RULES) for (const p of r.requires ?? []) if (p instanceof RegExp) assert.ok(!p.global && !p.sticky, `${r.meta.id}: stateful RegExp`);
  });

  it('gives identical findings with and without prefilters on all fixtures and corpora', () => {
    const files = digestFiles();
    let skippedSomewhere = 0;
    for (const rel of files) {
      assert.deepEqual(digestFile(rel), digestFile(rel, { noPrefilter: true }), rel);
    }
    // The equivalence is not vacuous: prefilters do skip rules on some of these files.
    for (const rel of files) if (RULES.some((r) => !worthRunning(r, readFileSync(rel, 'utf8')))) skippedSomewhere++;
    assert.ok(skippedSomewhere > files.length / 4, `prefilters skipped rules on only ${skippedSomewhere} of ${files.length} files`);
  });
});
