import { strict as assert } from 'node:assert';
import { LineIndex, parsePython } from '../../src/engine';
import { ready } from '../helpers/engine';

describe('positions', () => {
  before(() => ready);
  it('tree-sitter indices are UTF-16 offsets on non-ASCII source', () => {
    const src = 'x = "héllo😀"\ny = 1\n';
    const tree = parsePython(src);
    const y = tree.rootNode.descendantsOfType('identifier').find((n) => n?.text === 'y')!;
    assert.equal(src.slice(y.startIndex, y.endIndex), 'y');
    const s = tree.rootNode.descendantsOfType('string')[0]!;
    assert.equal(src.slice(s.startIndex, s.endIndex), '"héllo😀"');
    const lines = new LineIndex(src);
    assert.deepEqual(lines.position(s.endIndex), { line: 1, column: 14 });
    assert.deepEqual(lines.position(y.startIndex), { line: 2, column: 1 });
    tree.delete();
  });
  it('handles CRLF and lone CR line breaks', () => {
    const lines = new LineIndex('a\r\nbb\rccc\n');
    assert.deepEqual(lines.position(3), { line: 2, column: 1 });
    assert.equal(lines.lineText(2), 'bb');
    assert.equal(lines.lineText(3), 'ccc');
    assert.equal(lines.offset(3, 2), 7);
    assert.equal(lines.eol, '\r\n');
  });
  it('clamps offsets outside the text', () => {
    const lines = new LineIndex('ab');
    assert.deepEqual(lines.position(99), { line: 1, column: 3 });
    assert.deepEqual(lines.position(-5), { line: 1, column: 1 });
  });
});
