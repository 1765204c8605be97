import { lineMention, type Rule, type RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact } from '../engine/facts';
import { bindingOf, boundSecret, classifySecretName, envLookupFix, envNameForConstant, findTokens, isPlaceholder, isTemplateMarker, literalValue, WANDB_HEX_KEY } from '../engine/secrets';
import { stringConstant, unwrap } from '../engine/constants';
import { AUTH_PARAMS, type AuthParam } from '../engine/models/secrets';

function matches(p: AuthParam, call: CallFact): boolean {
  if (p.positionalCount !== undefined && call.args.length !== p.positionalCount) return false;
  return p.callees.some((c) => (c.startsWith('.') ? call.method === c.slice(1) && !/^(?:huggingface_hub|wandb)\b/.test(call.qualified ?? '') : call.qualified === c || (c.startsWith('AES') && call.qualified?.endsWith(`.${c}`))));
}

function judge(value: string, kind: 'key' | 'password'): boolean {
  if (kind === 'key') return !isTemplateMarker(value) && value.length >= 3;
  return value.length >= 4 && !/\s/.test(value) && !isPlaceholder(value) && !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value);
}

/** Literal node ids already reported through a constant (a key used by encode and decode is one finding). */
type Seen = Set<number>;

function report(ctx: RuleContext, call: CallFact, arg: SyntaxNode, p: AuthParam, seen: Seen): void {
  // "key".encode() / bytes("key", "utf-8") is the literal itself.
  let node = unwrap(arg);
  let via: string | undefined;
  if (node.type !== 'string' && node.type !== 'concatenated_string') {
    // SECRET = "..." ... jwt.encode(payload, SECRET): the constant's literal is the hardcoded key.
    const constant = stringConstant(arg, ctx.facts, call.scope);
    if (!constant || seen.has(constant.literal.id)) return;
    if (boundSecret(constant.literal, ctx.facts)) return; // SEC002 reports it by its name
    node = constant.literal;
    via = constant.name;
  }
  const value = literalValue(node);
  if (value === undefined || !judge(value, p.kind)) return;
  if (findTokens(node.text, { includePlaceholders: true }).length > 0) return; // SEC001 names the provider
  if (p.envName === 'WANDB_API_KEY' && WANDB_HEX_KEY.test(value)) return; // SEC001's wandb case
  if (via) seen.add(node.id);
  const envName = via ? envNameForConstant(via, p.envName) : p.envName;
  const fix = envLookupFix(ctx, node, via ? bindingOf(node, ctx.facts) : undefined, envName);
  const cwe = p.kind === 'key' ? 'CWE-321' : 'CWE-798';
  const callee = `\`${call.callee ?? call.method}()\``;
  const where = via ? `in \`${via}\`, passed to ${callee} on line ${lineMention(arg.startIndex)}` : `passed to ${callee}`;
  ctx.report({
    node,
    message:
      `Hardcoded ${p.what} ${where}: anyone who can read the code can ${p.kind === 'key' ? 'forge or decrypt what this key protects' : 'log in with it'} (${cwe}, GDPR Art. 32). ` +
      `Read it from the environment (\`os.environ["${envName}"]\`) or a secret manager.`,
    related: via ? [{ node: arg, message: `\`${via}\` is used as the ${p.what} here` }] : undefined,
    fixes: fix ? [fix] : [],
    secrets: [value],
  });
}

const HTTP_AUTH_TUPLE: AuthParam = { callees: [], index: 1, what: 'HTTP password', envName: 'HTTP_PASSWORD', kind: 'password' };

function check(ctx: RuleContext): void {
  const seen: Seen = new Set();
  for (const call of ctx.facts.calls) {
    if (!call.argumentList) continue;
    for (const p of AUTH_PARAMS) {
      if (!matches(p, call)) continue;
      const positional = call.args[p.index];
      if (positional) report(ctx, call, positional, p, seen);
      // A keyword whose own name says "secret" (password=, token=) is SEC002's.
      else if (p.keyword && call.kwargs.has(p.keyword) && !classifySecretName(p.keyword)) report(ctx, call, call.kwargs.get(p.keyword)!, p, seen);
      break;
    }
    // requests.get(url, auth=("user", "password")) and friends.
    const auth = call.kwargs.get('auth');
    if (auth?.type === 'tuple' && auth.namedChildCount === 2) {
      const pw = auth.namedChildren[1];
      if (pw) report(ctx, call, pw, HTTP_AUTH_TUPLE, seen);
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
        'Reports string literals passed where a known API uses them as a credential or key, in parameters whose names do not say so: `jwt.encode/decode(..., key)`, `hmac.new(key)`, `Fernet(key)`, `AES.new(key)`, itsdangerous serializers, `wandb.login(key=...)`, `huggingface_hub.login(token)`, `HTTPBasicAuth(user, password)`, `auth=(user, password)` tuples, `<client>.login(user, password)` (smtplib, ftplib, imaplib...), `pymysql.connect(host, user, password)`, `redis.Redis(host, port, db, password)`, LDAP binds and `keyring.set_password`. The value may be the literal itself or a constant holding it (`SIGNING = "..."` at module level, in the same or an enclosing function, or a class attribute read as `self.X` / `Class.X`; `.encode()` / `bytes(...)` around it are seen through): the finding is then on the constant\'s literal, once however many calls use it, and not when SEC002 already reports that literal by its name. A name bound more than once, or a parameter, is not a constant. For keys, any literal other than a template marker counts (`"secret"` is a real, weak key); for passwords, placeholders are skipped.',
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
