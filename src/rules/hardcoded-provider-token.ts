import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import {
  AUTH_SCHEME,
  bindingOf,
  classifySecretName,
  envLookupFix,
  envNameFor,
  envNameForBinding,
  findTokens,
  literalValue,
  WANDB_HEX_KEY,
  type Binding,
  type TokenMatch,
} from '../engine/secrets';

const WANDB_LOGIN = new Set(['wandb.login']);

function wandbKeyMatch(node: SyntaxNode, binding: Binding | undefined): TokenMatch | undefined {
  if (!binding?.call?.qualified || !WANDB_LOGIN.has(binding.call.qualified)) return undefined;
  const isKey = (binding.kind === 'keyword' && binding.name === 'key') || (binding.kind === 'positional' && binding.index === 1);
  const value = literalValue(node);
  if (!isKey || value === undefined || !WANDB_HEX_KEY.test(value)) return undefined;
  if (/(.)\1{5,}/.test(value) || /0123456789|abcdef0123/.test(value)) return undefined;
  return {
    pattern: { id: 'wandb-hex-key', label: 'Weights & Biases API key', envName: 'WANDB_API_KEY', regex: WANDB_HEX_KEY },
    text: value,
    index: 0,
  };
}

/** True when the literal's value is the token (possibly after an auth scheme), so replacing the literal loses nothing. */
function valueIsToken(value: string | undefined, match: TokenMatch): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  const id = match.pattern.id;
  if (id === 'private-key') return /^-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----/.test(v) && /-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----$/.test(v);
  if (id === 'gcp-service-account') return v.startsWith('{') && v.endsWith('}');
  return v.replace(AUTH_SCHEME, '') === match.text;
}

function where(binding: Binding | undefined): string {
  if (!binding || binding.kind === 'positional') return binding?.call?.callee ? ` passed to \`${binding.call.callee}()\`` : ' in a string literal';
  return ` in \`${binding.display}\``;
}

/** Source text of the literal's content; implicit concatenations are joined (PEM blocks are often split over lines). */
function scanText(node: SyntaxNode): string {
  if (node.type !== 'concatenated_string') return node.text;
  return node.namedChildren
    .filter((c): c is SyntaxNode => c?.type === 'string')
    .map((c) => c.text.replace(/^[A-Za-z]*("{3}|'{3}|"|')/, '').replace(/("{3}|'{3}|"|')$/, ''))
    .join('');
}

/** Tokens in comments (commented-out code such as `# openai.api_key = "sk-..."`): reported, never auto-fixed. */
function checkComments(ctx: RuleContext): void {
  for (const node of ctx.facts.comments) {
    const matches = node.text.length >= 18 ? findTokens(node.text) : [];
    if (matches.length === 0) continue;
    const first = matches[0];
    ctx.report({
      node,
      message:
        `Hardcoded ${first.pattern.label} in a comment: commented-out credentials leak like live ones (CWE-798, GDPR Art. 32). ` +
        `Delete it from the comment, keep it in the environment (\`${first.pattern.envName}\`) or a secret manager, and revoke the exposed one.`,
      secrets: matches.map((m) => m.text),
    });
  }
}

function check(ctx: RuleContext): void {
  checkComments(ctx);
  for (const node of ctx.facts.strings) {
    const raw = scanText(node);
    let matches = raw.length >= 16 ? findTokens(raw) : [];
    let binding: Binding | undefined;
    if (matches.length === 0) {
      // wandb.login(key="<40 hex>"): only the call makes 40 hex characters a W&B key.
      if (raw.length < 42 || raw.length > 60 || ctx.facts.stringParent(node)?.type === 'expression_statement') continue;
      binding = bindingOf(node, ctx.facts);
      const w = wandbKeyMatch(node, binding);
      if (!w) continue;
      matches = [w];
    } else {
      binding = bindingOf(node, ctx.facts);
    }
    const first = matches[0];
    const value = literalValue(node);
    const secrets = new Set<string>();
    for (const m of matches) {
      secrets.add(m.text);
      // Key blocks: each body line on its own, so a line shown by any finding is masked too.
      for (const line of m.text.split(/\\+[nr]|\n|\r/)) if (line.trim().length >= 16 && !line.trim().startsWith('-----')) secrets.add(line.trim());
    }
    if (value !== undefined && matches.length === 1 && valueIsToken(value, first) && !AUTH_SCHEME.test(value.trim())) secrets.add(value.trim());

    const named = binding?.name && classifySecretName(binding.name) ? binding : binding?.kind === 'env-default' || binding?.kind === 'environ' ? binding : undefined;
    const envName = envNameForBinding(named, ctx.facts, first.pattern.envName, envNameFor);
    const fix = matches.length === 1 && valueIsToken(value, first) ? envLookupFix(ctx, node, binding, envName) : undefined;
    const others = matches.length > 1 ? ` (and ${matches.length - 1} more token${matches.length > 2 ? 's' : ''})` : '';
    ctx.report({
      node,
      message:
        `Hardcoded ${first.pattern.label}${where(binding)}${others}: anyone who can read the repository, a notebook or a package built from it can use it (CWE-798, GDPR Art. 32). ` +
        `Read it from the environment (\`os.environ["${envName}"]\`) or a secret manager, and revoke the exposed one.`,
      fixes: fix ? [fix] : [],
      secrets: [...secrets],
    });
  }
}

export const hardcodedProviderToken: Rule = {
  meta: {
    id: 'SEC001',
    name: 'hardcoded-provider-token',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'Provider API token, private key or JWT hardcoded in a string literal',
    fixTitle: 'Read the token from an environment variable',
    fixAvailability: 'sometimes',
    docs: {
      what:
        'Finds string literals (and comments, e.g. commented-out code) containing a credential in a known provider format: AWS access key IDs, GitHub/GitLab tokens, Slack tokens and webhook URLs, Stripe, Google API, OpenAI, Anthropic, Hugging Face, Weights & Biases (including a 40-hex key passed to `wandb.login(key=...)`), Replicate, Groq, Perplexity, Databricks, npm, PyPI, SendGrid, Twilio, Azure AD client secrets, Vault, DigitalOcean, PEM private keys, JWTs and Google service-account JSON. Documented example values (AKIAIOSFODNN7EXAMPLE, the jwt.io token) and obvious fakes (`xxxx`, one repeated character, counting runs) are ignored.',
      why:
        'A token in source code is readable by everyone with access to the repository, its forks and history, notebooks shared from it, built packages and CI logs. It grants what the token grants (cloud resources, private models and datasets, billing) until it is revoked. CWE-798; GDPR Art. 32 requires appropriate technical measures to keep access to personal data confidential.',
      example: {
        bad: 'import openai\n\nopenai.api_key = "sk-proj-Q7mZ2rVt9KcW4nLp8HsJ3dYb6FgX1aEu"  # pasted from the dashboard',
        good: 'import os\nimport openai\n\nopenai.api_key = os.environ["OPENAI_API_KEY"]',
      },
      fixSafety:
        'Unsafe: replaces the literal with `os.environ["NAME"]` (or removes the default of `os.getenv`), adding `import os` when needed; the program then fails with KeyError until the variable is set. Offered only when the literal is exactly the token; never for tokens in comments or inside longer strings. Revoke the leaked token in any case: it stays in the git history.',
    },
    references: {
      cwe: ['CWE-798', 'CWE-321'],
      gdpr: ['Art. 32'],
      nist: ['Manage', 'Govern'],
      stride: ['Information disclosure', 'Spoofing'],
      owaspMl: ['ML05:2023 Model Theft'],
      atlas: ['AML.T0055 Unsecured Credentials'],
    },
  },
  check,
};
