// Names from user code index lookup tables all over the rules; JavaScript's Object.prototype
// members must never be found there (this crashed SEC002 on scipy's test suite).
import { strict as assert } from 'node:assert';
import { analyzePython } from '../../src/engine';
import { ready } from '../helpers/engine';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

describe('names that are Object.prototype members', () => {
  before(() => ready);
  it('analyse without internal errors or findings', () => {
    const lines: string[] = ['import os', 'import yaml', 'import pandas as pd'];
    for (const n of NAMES) {
      lines.push(`${n} = "value-${n}"`);
      lines.push(`os.environ["${n}"] = "1"`);
      lines.push(`x = yaml.${n}(f)`);
      lines.push(`obj.${n} = "abc"`);
      lines.push(`cfg = {"${n}": "abc"}`);
      lines.push(`call(${n}="abc")`);
      lines.push(`df = pd.read_csv("d.csv", usecols=["${n}"])`);
      lines.push(`df["${n}"].to_csv("o.csv")`);
      lines.push(`for ${n} in (set, frozenset):\n    ${n}(df.keys())`);
      lines.push(`def ${n}(a="b"):\n    return a`);
    }
    const { findings, internalErrors, tree } = analyzePython(lines.join('\n') + '\n', 'proto.py');
    tree.delete();
    assert.deepEqual(internalErrors, []);
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.span.line}`), []);
  });
});
