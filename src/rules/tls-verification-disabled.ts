import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact, FileFacts } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';

const HTTP_LIBS = ['requests', 'httpx', 'urllib3', 'aiohttp', 'boto3', 'botocore', 'aioboto3', 's3fs', 'elasticsearch', 'opensearchpy', 'hvac', 'gitlab', 'zeep', 'httplib2', 'pysolr', 'minio', 'mlflow', 'wandb', 'openai', 'kubernetes'];
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'send', 'urlopen', 'Session', 'Client', 'AsyncClient', 'ClientSession', 'TCPConnector', 'PoolManager', 'HTTPSConnectionPool', 'client', 'resource', 'Elasticsearch', 'OpenSearch', 'Minio', 'Gitlab']);
const FLAG_KWARGS = ['verify', 'verify_ssl', 'ssl_verify', 'verify_certs', 'ssl'];
/** Calls whose `verify` means something else (JWT signatures, checksums). */
const NOT_TLS = /^(jwt|jose|python_jwt|authlib)\.|(^|\.)(decode|verify_signature|check_model|checksum)$/;

function usesHttpClient(facts: FileFacts): boolean {
  return facts.memo('tls.usesHttp', () => HTTP_LIBS.some((m) => facts.imports.has(m)));
}

function isHttpCall(call: CallFact, facts: FileFacts): boolean {
  const q = call.qualified ?? '';
  if (NOT_TLS.test(q) || NOT_TLS.test(call.callee ?? '')) return false;
  const root = q.split('.')[0];
  if (HTTP_LIBS.includes(root)) return true;
  if (call.method && HTTP_METHODS.has(call.method)) return true;
  return usesHttpClient(facts);
}

export const tlsVerificationDisabled: Rule = {
  meta: {
    id: 'TLS001',
    name: 'tls-verification-disabled',
    family: 'TLS',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'TLS certificate verification disabled on an HTTP client (`verify=False`)',
    fixTitle: 'Turn certificate verification back on',
    fixAvailability: 'always',
    docs: {
      what: 'Reports `verify=False`, `verify_ssl=False`, `ssl_verify=False`, `verify_certs=False` and aiohttp `ssl=False` on HTTP client calls and sessions, `<session>.verify = False`, `{"verify": False}` option dicts and `VERIFY_SSL = False`-style flags in files that use an HTTP client, and `insecure_skip_tls_verify=True`. JWT `verify=False` is a different problem and is not reported here; `urllib3.disable_warnings(...)` alone only hides the warning and is not reported.',
      why: 'Unverified TLS lets anyone on the network path impersonate the tracking server, registry or API: credentials and personal data leak and models or predictions can be tampered with (CWE-295, GDPR Art. 32, STRIDE spoofing/tampering/information disclosure).',
      example: {
        bad: 'resp = requests.get(FEATURE_API, params=q, verify=False)',
        good: 'resp = requests.get(FEATURE_API, params=q, verify="/etc/ssl/certs/corp-ca.pem")',
      },
      fixSafety: 'Unsafe: the fix turns the flag into `True`; a server with a self-signed or private-CA certificate then fails until its CA bundle is configured (pass the bundle path to `verify=` or set `REQUESTS_CA_BUNDLE`).',
    },
    references: {
      cwe: ['CWE-295'],
      gdpr: ['Art. 32'],
      nist: ['Manage'],
      stride: ['Spoofing', 'Tampering', 'Information disclosure'],
      owaspMl: ['ML06:2023 AI Supply Chain Attacks'],
    },
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: [/verify|ssl/i],
  check(ctx) {
    const { facts } = ctx;
    const report = (node: SyntaxNode, value: SyntaxNode, what: string, safeValue = 'True'): void => {
      ctx.report({
        node,
        message: `${what} turns off TLS certificate verification, so anyone on the network path can impersonate the server and read or alter the data sent (CWE-295, GDPR Art. 32). Keep verification on and pass your CA bundle (\`verify="/path/ca.pem"\`) if the server uses a private CA.`,
        fixes: [{ title: 'Turn certificate verification back on', applicability: 'unsafe', edits: [{ start: value.startIndex, end: value.endIndex, text: safeValue }] }],
      });
    };
    for (const call of facts.calls) {
      for (const kw of FLAG_KWARGS) {
        const value = call.kwargs.get(kw);
        if (value?.type !== 'false') continue;
        if (kw === 'ssl' && !facts.imports.has('aiohttp')) continue;
        if (!isHttpCall(call, facts)) continue;
        report(call.kwargNodes.get(kw) ?? value, value, `\`${kw}=False\``);
      }
      // Kubernetes / docker clients: insecure_skip_tls_verify=True, skip_tls_verify=True.
      for (const kw of ['insecure_skip_tls_verify', 'skip_tls_verify']) {
        const value = call.kwargs.get(kw);
        if (value?.type === 'true') report(call.kwargNodes.get(kw) ?? value, value, `\`${kw}=True\``, 'False');
      }
    }
    for (const a of facts.assignments) {
      if (a.operator !== '=' || a.left.type !== 'attribute' || a.right?.type !== 'false') continue;
      const attr = a.left.childForFieldName('attribute')?.text;
      const object = dottedName(a.left.childForFieldName('object'));
      if (!attr || !['verify', 'verify_ssl', 'ssl_verify', 'verify_certs'].includes(attr) || !object || object === 'self' || object === 'cls') continue;
      report(a.node, a.right, `\`${a.left.text} = False\``);
    }
    // VERIFY_SSL = False / ssl_verify = False / self.verify_certs = False, later passed to a client.
    if (usesHttpClient(facts)) {
      for (const a of facts.assignments) {
        if (a.operator !== '=' || a.right?.type !== 'false') continue;
        const name = a.left.type === 'identifier' ? a.left.text : a.left.type === 'attribute' ? a.left.childForFieldName('attribute')?.text : undefined;
        if (!name || !/^_?(verify_?(ssl|tls|certs?|https)|(ssl|tls|https)_?verify(_certs?)?|verify_?certificates?)$/i.test(name)) continue;
        report(a.node, a.right, `\`${a.left.text} = False\``);
      }
    }
    if (usesHttpClient(facts)) {
      for (const s of facts.strings) {
        const pair = facts.stringParent(s);
        if (pair?.type !== 'pair' || pair.childForFieldName('key')?.id !== s.id) continue;
        const key = stringValue(s);
        const value = pair.childForFieldName('value');
        if (!key || !['verify', 'verify_ssl', 'ssl_verify', 'verify_certs'].includes(key) || value?.type !== 'false') continue;
        report(pair, value, `\`"${key}": False\``);
      }
    }
  },
};
