import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';

const LOADERS = /^(tensorflow\.|tf_keras\.)?(keras\.)?(models|saving)\.load_model$|^keras\.(models|saving)\.load_model$|^tf_keras\.models\.load_model$/;
const GLOBAL_SWITCH = /^(tensorflow\.)?keras\.(config|saving)\.enable_unsafe_deserialization$/;

export const kerasUnsafeDeserialization: Rule = {
  meta: {
    id: 'SER005',
    name: 'keras-unsafe-deserialization',
    family: 'SER',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: 'Keras model loading with `safe_mode=False` or unsafe deserialization enabled',
    fixTitle: 'Use `safe_mode=True`',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports `keras.models.load_model` / `keras.saving.load_model` / `tf.keras.models.load_model` with `safe_mode=False`, and `keras.config.enable_unsafe_deserialization()`.',
      why: 'Unsafe mode deserializes `Lambda` layers, which are arbitrary Python code: a tampered model file runs code on load (CWE-502, OWASP ML06 AI supply chain, MITRE ATLAS AML.T0010).',
      example: {
        bad: 'model = keras.models.load_model(path, safe_mode=False)',
        good: 'model = keras.models.load_model(path)',
      },
      fixSafety: 'Unsafe: turns `safe_mode=False` into `safe_mode=True`; models containing `Lambda` layers then fail to load until those layers become registered custom layers. No fix for `enable_unsafe_deserialization()`.',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['load_model', 'enable_unsafe_deserialization'],
  check(ctx) {
    for (const call of ctx.facts.calls) {
      const q = call.qualified ?? '';
      if (GLOBAL_SWITCH.test(q)) {
        ctx.report({
          node: call.node,
          message: '`enable_unsafe_deserialization()` lets every later Keras load run `Lambda`-layer code from the model file (CWE-502). Remove it and register custom layers instead.',
        });
        continue;
      }
      if (!LOADERS.test(q) || !q.includes('keras')) continue;
      const flag = call.kwargs.get('safe_mode');
      if (flag?.type !== 'false') continue;
      ctx.report({
        node: call.node,
        message: '`load_model(..., safe_mode=False)` deserializes `Lambda` layers, so a tampered model file runs arbitrary code (CWE-502). Keep `safe_mode=True` and use registered custom layers.',
        fixes: [{ title: 'Use `safe_mode=True`', applicability: 'unsafe', edits: [{ start: flag.startIndex, end: flag.endIndex, text: 'True' }] }],
      });
    }
  },
};
