import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';
import { setKeywordArgument } from '../engine/edits/call-arguments';

export const torchLoadWithoutWeightsOnly: Rule = {
  meta: {
    id: 'SER002',
    name: 'torch-load-without-weights-only',
    family: 'SER',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: '`torch.load` without `weights_only=True` unpickles arbitrary objects',
    fixTitle: 'Pass `weights_only=True`',
    fixAvailability: 'always',
    docs: {
      what: 'Reports `torch.load(...)` without `weights_only=True` (missing or `False`), import-resolved (`from torch import load`). A non-literal value (`weights_only=args.safe`) and calls with `**kwargs` are not reported.',
      why: 'A checkpoint loaded without `weights_only=True` is unpickled, so a tampered or downloaded checkpoint runs arbitrary code (CWE-502, OWASP ML06 AI supply chain, MITRE ATLAS AML.T0010). PyTorch < 2.6 defaults to the unsafe mode; `weights_only=False` opts back into it on any version.',
      example: {
        bad: 'state = torch.load(ckpt_path, map_location="cpu")',
        good: 'state = torch.load(ckpt_path, map_location="cpu", weights_only=True)',
      },
      fixSafety: 'Unsafe: adds `weights_only=True` (or turns `False` into `True`); checkpoints that pickle whole modules, optimizers with custom classes or other objects stop loading until re-saved as plain state dicts or their classes are allow-listed with `torch.serialization.add_safe_globals`.',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['load'],
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.qualified !== 'torch.load') continue;
      const flag = call.kwargs.get('weights_only');
      if (flag && flag.type !== 'false') continue;
      if (!flag && call.hasSplat) continue;
      const edit = setKeywordArgument(call, 'weights_only', 'True', ctx.lines);
      ctx.report({
        node: call.node,
        message: flag
          ? '`torch.load(..., weights_only=False)` unpickles the checkpoint, so a tampered file runs arbitrary code (CWE-502). Use `weights_only=True` and save checkpoints as state dicts.'
          : '`torch.load` without `weights_only=True` unpickles the checkpoint on PyTorch < 2.6, so a tampered file runs arbitrary code (CWE-502). Pass `weights_only=True`.',
        fixes: edit ? [{ title: 'Pass `weights_only=True`', applicability: 'unsafe', edits: [edit] }] : [],
      });
    }
  },
};
