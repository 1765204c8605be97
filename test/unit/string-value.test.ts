// ast.stringValue reads a plain literal (no backslash, no interpolation) from its text instead of
// its string_content children (plainStringValue). Both must give the same value for every string
// of every fixture and corpus file and for the tricky shapes below.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePython, type SyntaxNode } from '../../src/engine';
import { stringValue } from '../../src/engine/ast';
import { ready } from '../helpers/engine';
import { digestFiles } from '../helpers/findings-digest';

/** The children walk stringValue did before the text fast path (escapes kept as written, except the simple ones). */
function byChildren(node: SyntaxNode): string | undefined {
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') return 'ESCAPED'; // the fast path never answers these
  }
  return out;
}

function compareAll(source: string): number {
  const tree = parsePython(source);
  let n = 0;
  try {
    const stack: SyntaxNode[] = [tree.rootNode];
    while (stack.length) {
      const node = stack.pop()!;
      for (const c of node.namedChildren) if (c) stack.push(c);
      if (node.type !== 'string') continue;
      const expected = byChildren(node);
      if (expected === 'ESCAPED') continue;
      assert.equal(stringValue(node), expected, `${JSON.stringify(node.text)} at ${node.startIndex}`);
      n++;
    }
  } finally {
    tree.delete();
  }
  return n;
}

const root = join(__dirname, '../..');

describe('stringValue: the text fast path equals the children walk', () => {
  before(() => ready);

  it('on every string of the fixtures and corpora', () => {
    let n = 0;
    for (const f of digestFiles()) if (f.endsWith('.py')) n += compareAll(readFileSync(join(root, f), 'utf8'));
    assert.ok(n > 5000, `only ${n} strings compared`);
  });

  it('on prefixes, quotes, empty and triple-quoted literals, braces, f-strings and unterminated ones', () => {
    const shapes = [`''`, `""`, `""""""`, `''''''`, `'a"b'`, `"it's"`, `"""multi\nline 'x' "y" """`, `b"bytes"`, `rb'raw'`, `Rb"x"`, `u"uni"`, `"{not} {interp}"`, `f"{x} y"`, `F'{a!r:>10}'`, `rf"{x}"`, `f"{{escaped}}"`, `"a" "b"`, `("a"\n "b")`, `x = "unterminated\n`, `'''open\n`, `"tab\\tescape"`];
    for (const s of shapes) compareAll(`v = ${s}\n`);
    const tree = parsePython('v = "{a}"\n');
    assert.equal(stringValue(tree.rootNode.descendantsOfType('string')[0]), '{a}');
    tree.delete();
  });
});
