import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';

export const numpyLoadAllowPickle: Rule = {
  meta: {
    id: 'SER004',
    name: 'numpy-load-allow-pickle',
    family: 'SER',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: '`numpy.load` with `allow_pickle=True` unpickles object arrays',
    fixTitle: 'Set `allow_pickle=False`',
    fixAvailability: 'always',
    docs: {
      what: 'Reports `numpy.load` (any alias) called with `allow_pickle=True` (keyword or third positional argument).',
      why: 'Object arrays are stored as pickles; loading them with `allow_pickle=True` runs any code a tampered `.npy`/`.npz` file carries (CWE-502, OWASP ML06, MITRE ATLAS AML.T0010).',
      example: {
        bad: 'import numpy as np\n\nfeatures = np.load(path, allow_pickle=True)',
        good: 'import numpy as np\n\nfeatures = np.load(path, allow_pickle=False)',
      },
      fixSafety: 'Unsafe: `allow_pickle=False` makes files with object arrays (ragged lists, dicts) fail to load; convert them to numeric arrays or another data format.',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['load'],
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (call.qualified !== 'numpy.load') continue;
      const flag = call.kwargs.get('allow_pickle') ?? call.args[2];
      if (flag?.type !== 'true') continue;
      ctx.report({
        node: call.node,
        message: '`numpy.load(..., allow_pickle=True)` unpickles object arrays, so a tampered file runs arbitrary code (CWE-502). Keep `allow_pickle=False` and store object data in a format without code.',
        fixes: [{ title: 'Set `allow_pickle=False`', applicability: 'unsafe', edits: [{ start: flag.startIndex, end: flag.endIndex, text: 'False' }] }],
      });
    }
  },
};
