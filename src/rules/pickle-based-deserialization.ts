import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';
import type { CallFact } from '../engine/facts';

const TARGETS = new Set([
  'pickle.load',
  'pickle.loads',
  'pickle.Unpickler',
  'cPickle.load',
  'cPickle.loads',
  'cPickle.Unpickler',
  '_pickle.load',
  '_pickle.loads',
  '_pickle.Unpickler',
  'pickle5.load',
  'pickle5.loads',
  'cloudpickle.load',
  'cloudpickle.loads',
  'dill.load',
  'dill.loads',
  'dill.Unpickler',
  'joblib.load',
  'sklearn.externals.joblib.load',
  'pandas.read_pickle',
  'shelve.open',
  'jsonpickle.decode',
]);

const REMOTE = /\b(requests?|urlopen|urlretrieve|download\w*|hf_hub_download|http|https|s3|boto3|blob|gcs|upload\w*|recv|socket|redis|kafka|b64decode|base64|files|body|payload|get_data|content)\b/i;

/** The dotted target when the call deserializes through pickle, else undefined. */
export function pickleLoadTarget(call: CallFact): string | undefined {
  const q = call.qualified;
  if (!q) return undefined;
  if (TARGETS.has(q)) return q;
  return undefined;
}

export const pickleBasedDeserialization: Rule = {
  meta: {
    id: 'SER001',
    name: 'pickle-based-deserialization',
    family: 'SER',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: 'Deserialization with pickle, joblib, dill, cloudpickle or pandas.read_pickle',
    fixAvailability: 'none',
    docs: {
      what: 'Reports `pickle`/`cPickle` `load`/`loads`/`Unpickler`, `cloudpickle` and `dill` loads, `joblib.load`, `pandas.read_pickle`, `shelve.open` and `jsonpickle.decode`. Aliases and `from ... import load` are resolved; `dump`/`dumps` and unrelated functions named `load` are not reported.',
      why: 'Unpickling executes code embedded in the data. A tampered model, feature store export or request body becomes remote code execution on the training or serving host (CWE-502, OWASP ML06 AI supply chain, MITRE ATLAS AML.T0010). The finding message says when the bytes look remote (URL, download, request), the worst case.',
      example: {
        bad: 'import joblib\nmodel = joblib.load(hf_hub_download("org/churn", "model.joblib"))',
        good: 'from safetensors.torch import load_file\nstate = load_file(hf_hub_download("org/churn", "model.safetensors"))',
      },
      fixSafety: 'No automatic fix: which safe format fits depends on what the file stores (weights: safetensors; sklearn: skops with trusted types; tables: parquet). Verify a hash or signature where pickle must stay.',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['load', 'Unpickler', 'read_pickle', 'shelve', 'jsonpickle'],
  check(ctx) {
    for (const call of ctx.facts.calls) {
      const target = pickleLoadTarget(call);
      if (!target) continue;
      const source = call.args[0] ?? call.kwargs.get('filename') ?? call.kwargs.get('file') ?? call.kwargs.get('filepath_or_buffer');
      const remote = source !== undefined && REMOTE.test(source.text);
      const origin = remote ? 'data that looks remote or user-supplied' : 'this data';
      ctx.report({
        node: call.node,
        message: `\`${call.callee ?? target}\` unpickles ${origin}, which runs any code embedded in it (CWE-502, AI supply-chain risk). Load models and data from a format without code (safetensors, ONNX, parquet, skops with trusted types) or verify the file's hash/signature first.`,
      });
    }
  },
};
