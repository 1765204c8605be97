// The persistent maps/sets of the data-flow values (dataflow/layered.ts) behave exactly like a Map/Set
// copied and then changed: same lookups, size and iteration order, and every older version unchanged.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LayeredMap, LayeredSet } from '../../src/engine/dataflow/layered';

const key = fc.integer({ min: 0, max: 150 }).map((n) => `c${n}`);
// an operation batch applied to one earlier version (not always the newest: branches share layers)
const step = fc.record({ from: fc.nat(), ops: fc.array(fc.tuple(key, fc.option(fc.nat(), { nil: undefined })), { maxLength: 4 }) });

describe('LayeredMap / LayeredSet', () => {
  it('LayeredMap versions equal Maps copied and changed the same way', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), fc.array(step, { maxLength: 300 }), (initial, steps) => {
        const plain: Map<string, number>[] = [new Map(initial.map((k, i) => [k, i]))];
        const layered: ReadonlyMap<string, number>[] = [plain[0]];
        for (const { from, ops } of steps) {
          const i = from % plain.length;
          const copy = new Map(plain[i]);
          for (const [k, v] of ops) {
            if (v === undefined) copy.delete(k);
            else copy.set(k, v);
          }
          plain.push(copy);
          layered.push(LayeredMap.update(layered[i], ops));
        }
        plain.forEach((expected, i) => {
          const got = layered[i];
          assert.equal(got.size, expected.size);
          for (let n = 0; n <= 150; n++) {
            assert.equal(got.has(`c${n}`), expected.has(`c${n}`));
            assert.equal(got.get(`c${n}`), expected.get(`c${n}`));
          }
          assert.deepEqual([...got], [...expected]);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('LayeredSet versions equal Sets copied and changed the same way', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), fc.array(fc.record({ from: fc.nat(), add: fc.array(key, { maxLength: 3 }), remove: fc.array(key, { maxLength: 2 }) }), { maxLength: 300 }), (initial, steps) => {
        const plain: Set<string>[] = [new Set(initial)];
        const layered: ReadonlySet<string>[] = [plain[0]];
        for (const { from, add, remove } of steps) {
          const i = from % plain.length;
          const copy = new Set(plain[i]);
          for (const x of add) copy.add(x);
          for (const x of remove) copy.delete(x);
          plain.push(copy);
          layered.push(LayeredSet.update(layered[i], add, remove));
        }
        plain.forEach((expected, i) => {
          assert.equal(layered[i].size, expected.size);
          assert.deepEqual([...layered[i]], [...expected]);
          for (const x of expected) assert.ok(layered[i].has(x));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('a long chain of single deletions stays shallow and shares its base', () => {
    let m: ReadonlyMap<string, number> = new Map(Array.from({ length: 5000 }, (_, i) => [`c${i}`, i]));
    const versions = [m];
    for (let i = 0; i < 5000; i++) versions.push((m = LayeredMap.update(m, [[`c${i}`, undefined]])));
    assert.equal(m.size, 0);
    assert.equal(versions[2500].size, 2500);
    assert.equal(versions[2500].has('c2499'), false);
    assert.equal(versions[2500].get('c2500'), 2500);
    assert.deepEqual([...versions[4998].keys()], ['c4998', 'c4999']);
  });
});
