// Behaviour of the supply-chain and serving rules that fixtures alone do not show: suggestion
// fixes are offered but never applied by --fix, and the edits they carry give valid Python.
import { strict as assert } from 'node:assert';
import { analyze, applyEdits, fixSource, parsePython, RULES } from '../../src/engine';
import { assertPythonCompiles, ready } from '../helpers/engine';

const SUP002 = RULES.find((r) => r.meta.id === 'SUP002')!;

describe('SUP002 trust-remote-code-enabled suggestion', () => {
  before(() => ready);
  const source = 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained(\n    "acme/fancy-arch",\n    trust_remote_code=True,\n    torch_dtype="auto",\n)\n';

  it('offers a suggestion that removes the argument and leaves valid Python', () => {
    const [finding] = analyze(source, 'm.py').filter((f) => f.ruleId === 'SUP002');
    assert.ok(finding, 'SUP002 reports trust_remote_code=True');
    const fix = finding.fixes[0];
    assert.equal(fix.applicability, 'suggestion');
    const out = applyEdits(source, fix.edits);
    assert.ok(!out.includes('trust_remote_code'), out);
    assert.ok(out.includes('"acme/fancy-arch",') && out.includes('torch_dtype="auto"'), out);
    const tree = parsePython(out);
    assert.equal(tree.rootNode.hasError, false);
    tree.delete();
    assertPythonCompiles(out, 'm.py');
  });

  it('is never applied by --fix, even with unsafe fixes', () => {
    const { output } = fixSource(source, 'm.py', undefined, { unsafe: true, rules: [SUP002] });
    assert.equal(output, source);
  });
});

describe('SUP001 revision judgement', () => {
  before(() => ready);
  const findings = (code: string): number => analyze(`from transformers import AutoModel\n${code}\n`, 'm.py').filter((f) => f.ruleId === 'SUP001').length;
  it('accepts only a full 40-hex commit as pinned', () => {
    assert.equal(findings('m = AutoModel.from_pretrained("org/m", revision="4f1c0e6d9a1b2c3d4e5f60718293a4b5c6d7e8f9")'), 0);
    assert.equal(findings('m = AutoModel.from_pretrained("org/m", revision="4f1c0e6")'), 1, 'a short hash can collide and is not pinned');
    assert.equal(findings('m = AutoModel.from_pretrained("org/m", revision="main")'), 1);
  });
  it('does not treat f-string approximations as repository ids', () => {
    assert.equal(findings('out = f"{base}_lora"\nm = AutoModel.from_pretrained(out)'), 0);
  });
  it('ignores other libraries\' from_pretrained', () => {
    assert.equal(analyze('from efficientnet_pytorch import EfficientNet\nm = EfficientNet.from_pretrained("efficientnet-b0")\n', 'm.py').filter((f) => f.ruleId === 'SUP001').length, 0);
  });
});

describe('SEC005 argparse namespaces', () => {
  before(() => ready);
  const found = (options: string): number =>
    analyze(`import argparse\nimport wandb\nparser = argparse.ArgumentParser()\n${options}\nargs = parser.parse_args()\nwandb.init(project="p", config=vars(args))\n`, 't.py').filter((f) => f.ruleId === 'SEC005').length;
  it('reports a namespace with a credential option, not one with vocabulary tokens or flags', () => {
    assert.equal(found('parser.add_argument("--api-key", help="Scoring service API key")'), 1);
    assert.equal(found('parser.add_argument("--hub_token", type=str, default=None)'), 1);
    assert.equal(found('parser.add_argument("--initializer_token", type=str, help="A token to use as initializer word.")'), 0);
    assert.equal(found('parser.add_argument("--use_auth_token", action="store_true")'), 0);
    assert.equal(found('parser.add_argument("--max_tokens", type=int, default=512)'), 0);
  });
});

describe('supply-chain and serving rule docs examples', () => {
  before(() => ready);
  for (const id of ['SUP001', 'SUP002', 'SEC005', 'SRV001', 'SRV002', 'PII005']) {
    it(`${id}: the bad example fires, the good example is clean`, () => {
      const rule = RULES.find((r) => r.meta.id === id)!;
      const fired = (code: string): number => analyze(code + '\n', 'example.py').filter((f) => f.ruleId === id).length;
      assert.ok(fired(rule.meta.docs.example.bad) > 0, 'bad example');
      assert.equal(fired(rule.meta.docs.example.good), 0, 'good example');
    });
  }
});

describe('SEC005 W&B guard', () => {
  before(() => ready);
  const src = (sink: string): string =>
    `import argparse\nimport wandb\nfrom accelerate import Accelerator\nparser = argparse.ArgumentParser()\nparser.add_argument("--hub_token", help="Token to push to the Hub")\nparser.add_argument("--report_to", default="wandb")\nargs = parser.parse_args()\nif args.report_to == "wandb" and args.hub_token is not None:\n    raise ValueError("do not log the token to wandb")\naccelerator = Accelerator(log_with=args.report_to)\n${sink}\n`;
  const count = (code: string): number => analyze(code, 't.py').filter((f) => f.ruleId === 'SEC005').length;
  it('a guard that refuses the token for W&B protects a W&B sink', () => assert.equal(count(src('wandb.init(project="p", config=vars(args))')), 0));
  it('but not accelerate trackers, which may be MLflow, Comet or TensorBoard', () => assert.equal(count(src('accelerator.init_trackers("p", config=vars(args))')), 1));
});
