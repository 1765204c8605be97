// The optimised engine (cursor-walk facts, rule prefilters) reports exactly what the engine
// reported before that work, on every fixture and corpus file. The snapshot was generated from
// main before the change (test/helpers/write-findings-snapshot.ts); a deliberate rule change
// regenerates it in the same commit.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready } from '../helpers/engine';
import { digestFile, digestFiles } from '../helpers/findings-digest';

const snapshot = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'findings-snapshot.json'), 'utf8')) as Record<string, string[]>;

describe('findings snapshot (performance work changes no finding)', function () {
  // Analyses every fixture and corpus file (twice for prefilters): minutes on a loaded machine.
  this.timeout(300000);
  before(() => ready);

  it('covers the same files as the snapshot', () => {
    assert.deepEqual([...digestFiles()].sort(), Object.keys(snapshot).sort());
  });

  it('reports the snapshot findings on every fixture and corpus file', () => {
    const differing: string[] = [];
    for (const rel of digestFiles()) {
      const now = digestFile(rel);
      try {
        assert.deepEqual(now, snapshot[rel]);
      } catch {
        differing.push(rel);
      }
    }
    for (const rel of differing.slice(0, 3)) assert.deepEqual(digestFile(rel), snapshot[rel], rel);
    assert.deepEqual(differing, []);
  });
});
