// Argument edits used by the SER/TLS fixes: set a keyword (replace or append) and remove an
// argument with its comma, always leaving a call that parses.
import { strict as assert } from 'node:assert';
import { applyEdits, parsePython } from '../../src/engine';
import { FileFacts } from '../../src/engine/facts';
import { removeArgument, setKeywordArgument } from '../../src/engine/edits/call-arguments';
import { ready } from '../helpers/engine';

function firstCall(src: string): { facts: FileFacts; src: string } {
  return { facts: new FileFacts(parsePython(src).rootNode), src };
}

function setKw(src: string, name: string, value: string): string {
  const { facts } = firstCall(src);
  const edit = setKeywordArgument(facts.calls[0], name, value);
  assert.ok(edit);
  const out = applyEdits(src, [edit]);
  assert.equal(parsePython(out).rootNode.hasError, false, out);
  return out;
}

function removeKw(src: string, name: string): string {
  const { facts } = firstCall(src);
  const call = facts.calls[0];
  const edit = removeArgument(call, call.kwargNodes.get(name) ?? call.args[Number(name)]);
  assert.ok(edit);
  const out = applyEdits(src, [edit]);
  assert.equal(parsePython(out).rootNode.hasError, false, out);
  return out;
}

describe('call argument edits', () => {
  before(() => ready);

  it('appends a keyword after the last argument, before a trailing comma, or into empty parentheses', () => {
    assert.equal(setKw('torch.load(p)\n', 'weights_only', 'True'), 'torch.load(p, weights_only=True)\n');
    assert.equal(setKw('torch.load(p, map_location="cpu",)\n', 'weights_only', 'True'), 'torch.load(p, map_location="cpu", weights_only=True,)\n');
    assert.equal(setKw('f()\n', 'x', '1'), 'f(x=1)\n');
    assert.equal(setKw('torch.load(\n    p,\n    map_location="cpu",  # device\n)\n', 'weights_only', 'True'), 'torch.load(\n    p,\n    map_location="cpu", weights_only=True,  # device\n)\n');
  });

  it('replaces the value of an existing keyword', () => {
    assert.equal(setKw('torch.load(p, weights_only=False)\n', 'weights_only', 'True'), 'torch.load(p, weights_only=True)\n');
  });

  it('removes an argument with the comma before it, or the first one with the comma after it', () => {
    assert.equal(removeKw('yaml.load(f, Loader=yaml.Loader)\n', 'Loader'), 'yaml.load(f)\n');
    assert.equal(removeKw('yaml.load(stream=f, Loader=yaml.Loader)\n', 'stream'), 'yaml.load(Loader=yaml.Loader)\n');
    assert.equal(removeKw('yaml.load(f, yaml.Loader)\n', '1'), 'yaml.load(f)\n');
    assert.equal(removeKw('g(only=1)\n', 'only'), 'g()\n');
  });
});
