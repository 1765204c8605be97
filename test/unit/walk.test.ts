// ast.walk with a type set (a per-tree index of those types, sliced for subtrees) visits exactly
// the nodes a full cursor walk visits, in the same pre-order, on every fixture and corpus file and
// on hostile shapes, from the root and from every block, argument list, call and string (compared
// with the compiled query it replaced); the string parents FileFacts finds (node.parent within a
// time budget, then one query) are the ones `node.parent` gives, on both paths.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parsePython } from '../../src/engine';
import { nodesOfTypes, queryNodesOfTypes, walk } from '../../src/engine/ast';
import { FileFacts, stringParentsByQuery } from '../../src/engine/facts';
import { ready } from '../helpers/engine';
import { digestFiles } from '../helpers/findings-digest';

const TYPES: ReadonlySet<string> = new Set(['call', 'string', 'concatenated_string', 'assignment', 'comment', 'function_definition', 'import_from_statement']);

function visits(source: string, types?: ReadonlySet<string>): string[] {
  const tree = parsePython(source);
  const out: string[] = [];
  try {
    walk(tree.rootNode, (n) => {
      if (TYPES.has(n.type)) out.push(`${n.type}@${n.startIndex}-${n.endIndex}`);
    }, types);
  } finally {
    tree.delete();
  }
  return out;
}

describe('ast.walk over a type set', () => {
  before(() => ready);

  it('visits the same nodes in the same order as a full cursor walk', () => {
    const sources = digestFiles().filter((f) => f.endsWith('.py')).map((f) => readFileSync(f, 'utf8'));
    sources.push('f(g(h(1)))(2)("a" "b")\nx = "a" f"{\'y\'}" "c"  # c\n', 'def f(:\n  g(x\n"unterminated', 'x = ' + Array.from({ length: 300 }, () => '"a"').join(' + ') + '\n');
    let total = 0;
    for (const src of sources) {
      const expected = visits(src);
      assert.deepEqual(visits(src, TYPES), expected);
      total += expected.length;
    }
    assert.ok(total > 10_000, `only ${total} nodes compared`);
  });

  it('visits from a subtree what the query captures from it', () => {
    const sources = digestFiles().filter((f) => f.endsWith('.py')).map((f) => readFileSync(f, 'utf8'));
    // Equal ranges (a call as the whole statement, a string alone in parentheses), zero-width and
    // adjacent nodes, nested calls starting at one offset.
    sources.push('f()\n("a")\nf(g(h(1)))(2)("a" "b")\nx = "a" f"{\'y\'}" "c"  # c\n', 'def g():\n    return f()\n', 'x = ' + Array.from({ length: 300 }, () => '"a"').join(' + ') + '\n');
    const roots: ReadonlySet<string> = new Set(['block', 'argument_list', 'call', 'string', 'expression_statement', 'parenthesized_expression', 'function_definition', 'assignment']);
    let subtrees = 0;
    for (const src of sources) {
      const tree = parsePython(src);
      try {
        for (const root of queryNodesOfTypes(tree.rootNode, roots)) {
          assert.deepEqual(nodesOfTypes(root, TYPES).map((n) => n.id), queryNodesOfTypes(root, TYPES).map((n) => n.id), `${root.type} ${root.startIndex}`);
          subtrees++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(subtrees > 10_000, `only ${subtrees} subtrees compared`);
  });
});

describe('FileFacts.stringParent', () => {
  before(() => ready);

  it('is the parent tree-sitter reports, for every string of the fixtures and corpora', () => {
    const sources = digestFiles().filter((f) => f.endsWith('.py')).map((f) => readFileSync(f, 'utf8'));
    sources.push('d = {"a": 1, "b": ("x", "y"), "c": "z" "w"}\nf("q", k="v")\n"""doc"""\n', 'def f(:\n  g("x"\n"unterminated', 'x = ' + Array.from({ length: 300 }, () => '"a"').join(' + ') + '\n');
    let total = 0;
    for (const src of sources) {
      const tree = parsePython(src);
      try {
        const facts = new FileFacts(tree.rootNode);
        const byQuery = stringParentsByQuery(tree.rootNode);
        for (const s of facts.strings) {
          assert.equal(facts.stringParent(s)?.id, s.parent?.id, `${s.text} in ${src.slice(0, 40)}`);
          assert.equal(byQuery.get(s.id)?.id, s.parent?.id, `query: ${s.text} in ${src.slice(0, 40)}`);
          total++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(total > 1000, `only ${total} strings compared`);
  });
});
