// ast.walk with a type set (a compiled tree-sitter query) visits exactly the nodes a full cursor
// walk visits, in the same pre-order, on every fixture and corpus file and on hostile shapes; the
// string parents FileFacts finds by one query are the ones `node.parent` gives.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parsePython } from '../../src/engine';
import { walk } from '../../src/engine/ast';
import { FileFacts } from '../../src/engine/facts';
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
});

describe('FileFacts.stringParent', () => {
  before(() => ready);

  it('is the parent tree-sitter reports, for every string of the fixtures and corpora', () => {
    const sources = digestFiles().filter((f) => f.endsWith('.py')).map((f) => readFileSync(f, 'utf8'));
    sources.push('d = {"a": 1, "b": ("x", "y"), "c": "z" "w"}\nf("q", k="v")\n"""doc"""\n', 'def f(:\n  g("x"\n"unterminated');
    let total = 0;
    for (const src of sources) {
      const tree = parsePython(src);
      try {
        const facts = new FileFacts(tree.rootNode);
        for (const s of facts.strings) {
          assert.equal(facts.stringParent(s)?.id, s.parent?.id, `${s.text} in ${src.slice(0, 40)}`);
          total++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(total > 1000, `only ${total} strings compared`);
  });
});
