// The interned, memoised nodes (src/engine/node-cache.ts) answer exactly what tree-sitter answers:
// every node of every fixture and corpus file is checked against a TreeCursor walk (cursor reads
// are not cached), asked twice so the memoised answer is checked too; and an edited tree gets
// fresh nodes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Edit } from 'web-tree-sitter';
import { parsePython, type SyntaxNode } from '../../src/engine';
import { ready } from '../helpers/engine';
import { digestFiles } from '../helpers/findings-digest';

interface Seen {
  node: SyntaxNode;
  field: string | null;
  named: boolean;
}

/** Checks one node and its children against the cursor positioned on it; returns nodes checked. */
function checkTree(source: string): number {
  const tree = parsePython(source);
  let checked = 0;
  try {
    const cursor = tree.walk();
    const stack: { node: SyntaxNode; children: Seen[] }[] = [];
    const close = (): void => {
      const { node, children } = stack.pop()!;
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(node.children.map((c) => c.id), children.map((c) => c.node.id));
        assert.deepEqual(node.namedChildren.map((c) => c.id), children.filter((c) => c.named).map((c) => c.node.id));
        assert.equal(node.childCount, children.length);
        for (const [i, c] of children.entries()) {
          assert.equal(node.child(i), c.node, 'child(i) is the interned node');
          assert.equal(c.node.parent?.id, node.id);
          if (c.field) assert.equal(node.childForFieldName(c.field)?.id, children.find((d) => d.field === c.field)!.node.id);
        }
      }
    };
    for (let descending = true; ; ) {
      if (descending) {
        const node = cursor.currentNode;
        for (let round = 0; round < 2; round++) {
          assert.equal(node.type, cursor.nodeType);
          assert.equal(node.typeId, cursor.nodeTypeId);
          assert.equal(node.startIndex, cursor.startIndex);
          assert.equal(node.endIndex, cursor.endIndex);
          assert.equal(node.text, cursor.nodeText);
          assert.equal(node.isNamed, cursor.nodeIsNamed);
          assert.equal(node.isMissing, cursor.nodeIsMissing);
        }
        assert.equal(cursor.currentNode, node, 'one object per node');
        stack[stack.length - 1]?.children.push({ node, field: cursor.currentFieldName, named: cursor.nodeIsNamed });
        stack.push({ node, children: [] });
        checked++;
        if (cursor.gotoFirstChild()) continue;
        close();
      }
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      close();
      descending = false;
    }
    cursor.delete();
    assert.equal(stack.length, 0);
  } finally {
    tree.delete();
  }
  return checked;
}

describe('node cache', function () {
  this.timeout(300000);
  before(() => ready);

  it('gives what a TreeCursor reads, for every node of the fixtures and corpora', () => {
    const sources = digestFiles().filter((f) => f.endsWith('.py')).map((f) => readFileSync(f, 'utf8'));
    sources.push('def f(:\n  g(x\n"unterminated', 'x = "é" + "😀"  # ü\nf(a=1, *b, **c)\n', '');
    let total = 0;
    for (const src of sources) total += checkTree(src);
    assert.ok(total > 100_000, `only ${total} nodes checked`);
  });

  it('drops a tree\'s nodes when it is edited, so positions are fresh', () => {
    const tree = parsePython('x = 1\ny = 2\n');
    try {
      const before = tree.rootNode.namedChildren[1];
      assert.equal(before.startIndex, 6);
      tree.edit(new Edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: 2, startPosition: { row: 0, column: 0 }, oldEndPosition: { row: 0, column: 0 }, newEndPosition: { row: 0, column: 2 } }));
      const after = tree.rootNode.namedChildren[1];
      assert.notEqual(after, before);
      assert.equal(after.startIndex, 8);
    } finally {
      tree.delete();
    }
  });
});
