import { TLS_VERIFICATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { FileFacts } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';
import { lookupTable } from '../engine/lookup-table';

const TRUTHY = /^(1|true|yes|on|y|t)$/i;
const TOGGLES = lookupTable<(value: string) => boolean>({
  MLFLOW_TRACKING_INSECURE_TLS: (v) => TRUTHY.test(v.trim()),
  WANDB_INSECURE_DISABLE_SSL: (v) => TRUTHY.test(v.trim()),
  GIT_SSL_NO_VERIFY: (v) => v.trim() !== '' && !/^(0|false|no)$/i.test(v.trim()),
  PYTHONHTTPSVERIFY: (v) => v.trim() === '0',
  NODE_TLS_REJECT_UNAUTHORIZED: (v) => v.trim() === '0',
  CURL_CA_BUNDLE: (v) => v.trim() === '',
  REQUESTS_CA_BUNDLE: (v) => v.trim() === '',
});

function isEnviron(node: SyntaxNode | null | undefined, facts: FileFacts): boolean {
  const name = dottedName(node);
  return !!name && facts.imports.resolve(name) === 'os.environ';
}

export const tlsVerificationDisabledByEnvironment: Rule = {
  meta: {
    id: 'TLS003',
    name: 'tls-verification-disabled-by-environment',
    family: 'TLS',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'Environment variable set to disable TLS verification (MLflow, requests, Hub, git)',
    fixAvailability: 'none',
    docs: {
      what: 'Reports code that sets `MLFLOW_TRACKING_INSECURE_TLS` / `WANDB_INSECURE_DISABLE_SSL` / `GIT_SSL_NO_VERIFY` to a true value, `PYTHONHTTPSVERIFY` or `NODE_TLS_REJECT_UNAUTHORIZED` to `0`, or `CURL_CA_BUNDLE` / `REQUESTS_CA_BUNDLE` to an empty string, through `os.environ[...] =`, `setdefault`, `update` or `os.putenv`, and Kubernetes-style env entries `{"name": K, "value": v}` in job specs.',
      why: 'These switches silently turn off certificate checks for every later MLflow, requests, Hugging Face Hub or git call in the process, so tracking credentials, datasets and models can be intercepted or swapped (CWE-295, GDPR Art. 32).',
      example: {
        bad: 'os.environ["CURL_CA_BUNDLE"] = ""  # make hf_hub_download work behind the proxy',
        good: 'os.environ["REQUESTS_CA_BUNDLE"] = "/etc/ssl/certs/corp-proxy-ca.pem"',
      },
      fixSafety: 'No automatic fix: the correct CA bundle (e.g. `MLFLOW_TRACKING_SERVER_CERT_PATH`, `REQUESTS_CA_BUNDLE`) is deployment-specific.',
    },
    references: TLS_VERIFICATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: Object.keys(TOGGLES),
  check(ctx) {
    const { facts } = ctx;
    const consider = (at: SyntaxNode, key: string | undefined, valueNode: SyntaxNode | undefined): void => {
      const value = stringValue(valueNode);
      if (!key || value === undefined) return;
      const test = TOGGLES[key];
      if (!test || !test(value)) return;
      ctx.report({
        node: at,
        message: `Setting \`${key}=${JSON.stringify(value)}\` turns off TLS certificate verification for every later call in the process, so credentials, data and models can be intercepted or swapped (CWE-295, GDPR Art. 32). Configure the CA bundle instead (e.g. \`REQUESTS_CA_BUNDLE\`, \`MLFLOW_TRACKING_SERVER_CERT_PATH\`).`,
      });
    };
    for (const a of facts.assignments) {
      if (a.operator !== '=' || a.left.type !== 'subscript') continue;
      if (!isEnviron(a.left.childForFieldName('value'), facts)) continue;
      consider(a.node, stringValue(a.left.childForFieldName('subscript')), a.right);
    }
    // Container/job specs: {"name": "MLFLOW_TRACKING_INSECURE_TLS", "value": "true"} (Kubernetes env entries).
    for (const s of facts.strings) {
      const pair = facts.stringParent(s);
      if (pair?.type !== 'pair' || pair.childForFieldName('value')?.id !== s.id || stringValue(pair.childForFieldName('key')) !== 'name') continue;
      const name = stringValue(s);
      if (!name || !TOGGLES[name]) continue;
      const valuePair = pair.parent?.namedChildren.find((p) => p?.type === 'pair' && stringValue(p.childForFieldName('key')) === 'value');
      if (valuePair) consider(pair.parent!, name, valuePair.childForFieldName('value') ?? undefined);
    }
    for (const call of facts.calls) {
      const q = call.qualified ?? '';
      if (q === 'os.putenv' || (call.method === 'setdefault' && isEnviron(call.receiver, facts))) {
        consider(call.node, stringValue(call.args[0]), call.args[1]);
      } else if (call.method === 'update' && isEnviron(call.receiver, facts)) {
        const dict = call.args[0];
        if (dict?.type === 'dictionary') {
          for (const pair of dict.namedChildren) {
            if (pair?.type === 'pair') consider(pair, stringValue(pair.childForFieldName('key')), pair.childForFieldName('value') ?? undefined);
          }
        }
        for (const [k, v] of call.kwargs) consider(call.kwargNodes.get(k) ?? v, k, v);
      }
    }
  },
};
