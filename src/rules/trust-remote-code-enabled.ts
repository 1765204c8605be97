import type { Rule } from '../engine/rule';
import type { CallFact } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';
import { removeArgument } from '../engine/edits/call-arguments';
import { COMMIT_HASH } from '../engine/models/hub';

/**
 * `load_dataset("./data", ...)` or `load_dataset(args.train_data_dir, ...)`: a local folder (its loading
 * script, if any, is the project's own file), not a Hub repository.
 */
function readsLocalDirectory(call: CallFact): boolean {
  if (call.method !== 'load_dataset') return false;
  const first = call.args[0] ?? call.kwargs.get('path');
  if (!first) return false;
  const literal = stringValue(first);
  if (literal !== undefined) return /^(\.{1,2}\/|\/|~\/)/.test(literal);
  const name = (dottedName(first) ?? '').split('.').pop() ?? '';
  return /(^|_)(dir|folder)$/i.test(name);
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const trustRemoteCodeEnabled: Rule = {
  meta: {
    id: 'SUP002',
    name: 'trust-remote-code-enabled',
    family: 'SUP',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: '`trust_remote_code=True` runs Python code from a Hub repository',
    fixTitle: 'Remove `trust_remote_code=True`',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports the literal `trust_remote_code=True` in a call (`from_pretrained`, `load_dataset`, `pipeline`, `SentenceTransformer`, `dict(...)`) or as a `"trust_remote_code": True` dict entry, unless the same call pins `revision=` to a 40-hex commit hash (the code that runs is then the code you reviewed). A non-literal value (`trust_remote_code=args.trust_remote_code`) is the user\'s choice and is not reported. Nor is `load_dataset` of a local folder (`"./data"`, `args.train_data_dir`): no Hub repository\'s code runs.',
      why: 'With `trust_remote_code=True` the library downloads and imports the Python modules of the Hub repository (custom modelling code, dataset loading scripts): whoever can push to that repository, or takes over its account, runs arbitrary code with your data and credentials in training or serving (CWE-94, CWE-829, OWASP ML06 AI supply chain, MITRE ATLAS AML.T0010).',
      example: {
        bad: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("acme/fancy-arch", trust_remote_code=True)',
        good: 'from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained(\n    "acme/fancy-arch",\n    trust_remote_code=True,\n    revision="4f1c0e6d9a1b2c3d4e5f60718293a4b5c6d7e8f9",  # remote code reviewed at this commit\n)',
      },
      fixSafety: 'Suggestion (never applied by `--fix`): removes the `trust_remote_code=True` argument; models or datasets whose code is not part of the installed library then fail to load. Pinning `revision=` to a reviewed commit is the alternative when the remote code is needed.',
    },
    references: {
      cwe: ['CWE-94', 'CWE-829'],
      gdpr: [],
      nist: ['Manage'],
      stride: ['Elevation of privilege', 'Tampering'],
      owaspMl: ['ML06:2023 AI Supply Chain Attacks'],
      atlas: ['AML.T0010'],
    },
  },
  check(ctx) {
    const message = '`trust_remote_code=True` imports and runs the Python files of the Hub repository with your data and credentials; whoever can push to it runs code here (CWE-94, OWASP ML06). Use an architecture the library ships, or pin `revision=` to the commit whose code you reviewed.';
    for (const call of ctx.facts.calls) {
      const flag = call.kwargs.get('trust_remote_code');
      if (flag?.type !== 'true') continue;
      if (readsLocalDirectory(call)) continue;
      const revision = stringValue(call.kwargs.get('revision'));
      if (revision !== undefined && COMMIT_HASH.test(revision)) continue;
      const arg = call.kwargNodes.get('trust_remote_code')!;
      const edit = removeArgument(call, arg);
      ctx.report({ node: arg, message, fixes: edit ? [{ title: 'Remove `trust_remote_code=True`', applicability: 'suggestion', edits: [edit] }] : [] });
    }
    for (const s of ctx.facts.strings) {
      const pair = ctx.facts.stringParent(s);
      if (pair?.type !== 'pair' || pair.childForFieldName('key')?.id !== s.id) continue;
      if (stringValue(s) !== 'trust_remote_code' || pair.childForFieldName('value')?.type !== 'true') continue;
      ctx.report({ node: pair, message });
    }
  },
};
