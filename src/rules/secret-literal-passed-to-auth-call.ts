import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact } from '../engine/facts';
import { classifySecretName, envLookupFix, findTokens, isPlaceholder, isTemplateMarker, literalValue, WANDB_HEX_KEY } from '../engine/secrets';

interface AuthParam {
  /** Qualified callee names, or `.method` for any receiver. */
  callees: string[];
  index: number;
  keyword?: string;
  /** What the value is, for the message. */
  what: string;
  envName: string;
  /** Keys: any non-marker value counts (a weak key is still a key). Passwords: placeholders excluded. */
  kind: 'key' | 'password';
  /** Number of positional arguments the call must have (for generic method names such as login). */
  positionalCount?: number;
}

const PARAMS: AuthParam[] = [
  { callees: ['jwt.encode', 'jwt.decode', 'jose.jwt.encode', 'jose.jwt.decode'], index: 1, keyword: 'key', what: 'JWT signing key', envName: 'JWT_SECRET', kind: 'key' },
  { callees: ['hmac.new', 'hmac.digest', 'hmac.HMAC'], index: 0, keyword: 'key', what: 'HMAC key', envName: 'HMAC_KEY', kind: 'key' },
  { callees: ['cryptography.fernet.Fernet'], index: 0, keyword: 'key', what: 'Fernet encryption key', envName: 'FERNET_KEY', kind: 'key' },
  { callees: ['Crypto.Cipher.AES.new', 'Cryptodome.Cipher.AES.new', 'AES.new'], index: 0, keyword: 'key', what: 'AES key', envName: 'ENCRYPTION_KEY', kind: 'key' },
  {
    callees: ['itsdangerous.URLSafeTimedSerializer', 'itsdangerous.URLSafeSerializer', 'itsdangerous.Serializer', 'itsdangerous.TimedSerializer', 'itsdangerous.Signer', 'itsdangerous.TimestampSigner'],
    index: 0,
    keyword: 'secret_key',
    what: 'signing secret',
    envName: 'SECRET_KEY',
    kind: 'key',
  },
  { callees: ['wandb.login'], index: 1, keyword: 'key', what: 'Weights & Biases API key', envName: 'WANDB_API_KEY', kind: 'password' },
  { callees: ['huggingface_hub.login'], index: 0, what: 'Hugging Face token', envName: 'HF_TOKEN', kind: 'password' },
  {
    callees: ['requests.auth.HTTPBasicAuth', 'requests.auth.HTTPDigestAuth', 'requests.auth.HTTPProxyAuth', 'requests.HTTPBasicAuth', 'aiohttp.BasicAuth', 'httpx.BasicAuth', 'httpx.DigestAuth'],
    index: 1,
    what: 'HTTP password',
    envName: 'HTTP_PASSWORD',
    kind: 'password',
  },
  { callees: ['.login'], index: 1, what: 'login password', envName: 'LOGIN_PASSWORD', kind: 'password', positionalCount: 2 },
  { callees: ['pymysql.connect', 'MySQLdb.connect', 'MySQLdb.Connect', 'pymysql.connections.Connection'], index: 2, what: 'database password', envName: 'DB_PASSWORD', kind: 'password' },
  { callees: ['redis.Redis', 'redis.StrictRedis', 'redis.client.Redis'], index: 3, what: 'Redis password', envName: 'REDIS_PASSWORD', kind: 'password' },
  { callees: ['ldap3.Connection'], index: 2, what: 'LDAP password', envName: 'LDAP_PASSWORD', kind: 'password' },
  { callees: ['.simple_bind_s', '.simple_bind', '.bind_s'], index: 1, what: 'LDAP password', envName: 'LDAP_PASSWORD', kind: 'password', positionalCount: 2 },
  { callees: ['keyring.set_password'], index: 2, what: 'password', envName: 'SERVICE_PASSWORD', kind: 'password' },
];

function matches(p: AuthParam, call: CallFact): boolean {
  if (p.positionalCount !== undefined && call.args.length !== p.positionalCount) return false;
  return p.callees.some((c) => (c.startsWith('.') ? call.method === c.slice(1) && !/^(?:huggingface_hub|wandb)\b/.test(call.qualified ?? '') : call.qualified === c || (c.startsWith('AES') && call.qualified?.endsWith(`.${c}`))));
}

function judge(value: string, kind: 'key' | 'password'): boolean {
  if (kind === 'key') return !isTemplateMarker(value) && value.length >= 3;
  return value.length >= 4 && !/\s/.test(value) && !isPlaceholder(value) && !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value);
}

function report(ctx: RuleContext, call: CallFact, node: SyntaxNode, p: AuthParam): void {
  const value = literalValue(node);
  if (value === undefined || !judge(value, p.kind)) return;
  if (findTokens(node.text, { includePlaceholders: true }).length > 0) return; // SEC001 names the provider
  if (p.envName === 'WANDB_API_KEY' && WANDB_HEX_KEY.test(value)) return; // SEC001's wandb case
  const fix = envLookupFix(ctx, node, undefined, p.envName);
  const cwe = p.kind === 'key' ? 'CWE-321' : 'CWE-798';
  ctx.report({
    node,
    message:
      `Hardcoded ${p.what} passed to \`${call.callee ?? call.method}()\`: anyone who can read the code can ${p.kind === 'key' ? 'forge or decrypt what this key protects' : 'log in with it'} (${cwe}, GDPR Art. 32). ` +
      `Read it from the environment (\`os.environ["${p.envName}"]\`) or a secret manager.`,
    fixes: fix ? [fix] : [],
    secrets: [value],
  });
}

function check(ctx: RuleContext): void {
  for (const call of ctx.facts.calls) {
    if (!call.argumentList) continue;
    for (const p of PARAMS) {
      if (!matches(p, call)) continue;
      const positional = call.args[p.index];
      if (positional) report(ctx, call, positional, p);
      // A keyword whose own name says "secret" (password=, token=) is SEC002's.
      else if (p.keyword && call.kwargs.has(p.keyword) && !classifySecretName(p.keyword)) report(ctx, call, call.kwargs.get(p.keyword)!, p);
      break;
    }
    // requests.get(url, auth=("user", "password")) and friends.
    const auth = call.kwargs.get('auth');
    if (auth?.type === 'tuple' && auth.namedChildCount === 2) {
      const pw = auth.namedChildren[1];
      if (pw && (pw.type === 'string' || pw.type === 'concatenated_string')) {
        report(ctx, call, pw, { callees: [], index: 1, what: 'HTTP password', envName: 'HTTP_PASSWORD', kind: 'password' });
      }
    }
  }
}

export const secretLiteralPassedToAuthCall: Rule = {
  meta: {
    id: 'SEC004',
    name: 'secret-literal-passed-to-auth-call',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'String literal used as a password or cryptographic key by a known auth / crypto call',
    fixTitle: 'Read the credential from an environment variable',
    fixAvailability: 'sometimes',
    docs: {
      what:
        'Reports string literals passed where a known API uses them as a credential or key, in parameters whose names do not say so: `jwt.encode/decode(..., key)`, `hmac.new(key)`, `Fernet(key)`, `AES.new(key)`, itsdangerous serializers, `wandb.login(key=...)`, `huggingface_hub.login(token)`, `HTTPBasicAuth(user, password)`, `auth=(user, password)` tuples, `<client>.login(user, password)` (smtplib, ftplib, imaplib...), `pymysql.connect(host, user, password)`, `redis.Redis(host, port, db, password)`, LDAP binds and `keyring.set_password`. For keys, any literal other than a template marker counts (`"secret"` is a real, weak key); for passwords, placeholders are skipped.',
      why:
        'The call gives the literal its meaning: a JWT or session cookie signed with a key from the source can be forged by anyone who reads it (CWE-321), and a password in a login call is a hardcoded credential (CWE-798). GDPR Art. 32 requires keeping access to personal data confidential.',
      example: {
        bad: 'import jwt\n\ntoken = jwt.encode(claims, "s3cr3t", algorithm="HS256")',
        good: 'import os\nimport jwt\n\ntoken = jwt.encode(claims, os.environ["JWT_SECRET"], algorithm="HS256")',
      },
      fixSafety:
        'Unsafe: replaces the literal with `os.environ["NAME"]` (with `.encode()` for bytes literals), adding `import os` when needed; the program then needs the variable set. Existing tokens signed with the old key stop verifying once the key changes.',
    },
    references: {
      cwe: ['CWE-798', 'CWE-321', 'CWE-259'],
      gdpr: ['Art. 32'],
      nist: ['Manage', 'Govern'],
      stride: ['Information disclosure', 'Spoofing'],
      atlas: ['AML.T0055 Unsecured Credentials'],
    },
  },
  check,
};
