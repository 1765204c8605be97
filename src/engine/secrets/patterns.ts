// Provider token shapes (gitleaks / GitHub secret-scanning style), compiled once. Used by SEC001 to
// find tokens in string literals and by mask.ts to hide them in every output.
//
// Every pattern is linear: bounded character classes, no nested quantifiers, and a boundary check
// (`(?<![A-Za-z0-9])`) instead of backtracking prefixes, so a 5 MB file scans in time linear in
// its size. A cheap prefilter (PREFILTER) rejects the vast majority of strings before any pattern runs.
import { KNOWN_EXAMPLE_VALUES } from '../models/secrets';
import { isRepeatedCharacter } from './placeholder';

export interface TokenPattern {
  /** Stable identifier, e.g. "github-pat". */
  id: string;
  /** Human label used in messages ("GitHub personal access token"). */
  label: string;
  /** Environment variable the fix reads the token from. */
  envName: string;
  /** Global regex matching the whole token. */
  regex: RegExp;
  /** Cheap literal test run before `regex`: the token's fixed part. */
  trigger?: RegExp;
  /** Extra validation of a match (e.g. JWT header decodes to JSON). */
  validate?: (match: string) => boolean;
  /** Part of the token after its fixed prefix, for placeholder checks. */
  bodyOffset?: number;
}

const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

function re(source: string, flags = 'g'): RegExp {
  return new RegExp(source, flags);
}

function jwtHeaderIsJson(token: string): boolean {
  const head = token.slice(0, token.indexOf('.'));
  try {
    const json = Buffer.from(head.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return /^\s*\{[\s\S]*"(?:alg|typ|kid|enc)"/.test(json);
  } catch {
    return false;
  }
}

/** Random base62 bodies mix upper and lower case; `hf_modelcheckpointversion...` is an identifier, not a token. */
function mixedCase(token: string): boolean {
  const body = token.slice(token.search(/[_-]/) + 1);
  return /[a-z]/.test(body) && /[A-Z]/.test(body);
}

/** Token shapes, most specific first (Anthropic before OpenAI's generic `sk-`). */
export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { id: 'aws-access-key-id', trigger: /AKIA|ASIA|ABIA|ACCA/, label: 'AWS access key ID', envName: 'AWS_ACCESS_KEY_ID', regex: re(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${E}`), bodyOffset: 4 },
  { id: 'github-fine-grained-pat', trigger: /github_pat_/, label: 'GitHub fine-grained personal access token', envName: 'GITHUB_TOKEN', regex: re(`${B}github_pat_[A-Za-z0-9_]{60,100}${E}`), bodyOffset: 11 },
  { id: 'github-token', trigger: /gh[pousr]_/, label: 'GitHub token', envName: 'GITHUB_TOKEN', regex: re(`${B}gh[pousr]_[A-Za-z0-9]{36,255}${E}`), validate: mixedCase, bodyOffset: 4 },
  { id: 'gitlab-pat', trigger: /glpat-/, label: 'GitLab personal access token', envName: 'GITLAB_TOKEN', regex: re(`${B}glpat-[A-Za-z0-9_-]{20,60}${E}`), bodyOffset: 6 },
  { id: 'slack-token', trigger: /xox[abposre]-/, label: 'Slack token', envName: 'SLACK_TOKEN', regex: re(`${B}xox[abposre]-[0-9A-Za-z-]{10,250}${E}`), bodyOffset: 5 },
  { id: 'slack-app-token', trigger: /xapp-/, label: 'Slack app-level token', envName: 'SLACK_APP_TOKEN', regex: re(`${B}xapp-[0-9]-[A-Za-z0-9-]{10,250}${E}`), bodyOffset: 7 },
  { id: 'slack-webhook', trigger: /hooks\.slack\.com/, label: 'Slack webhook URL', envName: 'SLACK_WEBHOOK_URL', regex: re(`https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,200}`), bodyOffset: 33 },
  { id: 'stripe-key', trigger: /[sr]k_(?:live|test)_/, label: 'Stripe secret key', envName: 'STRIPE_API_KEY', regex: re(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99}${E}`), bodyOffset: 8 },
  { id: 'google-api-key', trigger: /AIza/, label: 'Google API key', envName: 'GOOGLE_API_KEY', regex: re(`${B}AIza[0-9A-Za-z_-]{35}${E}`), bodyOffset: 4 },
  { id: 'anthropic-key', trigger: /sk-ant-/, label: 'Anthropic API key', envName: 'ANTHROPIC_API_KEY', regex: re(`${B}sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{32,120}${E}`), bodyOffset: 14 },
  { id: 'openai-key', trigger: /sk-(?:proj|svcacct|admin|None)-/, label: 'OpenAI API key', envName: 'OPENAI_API_KEY', regex: re(`${B}sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,250}${E}`), bodyOffset: 8 },
  { id: 'openai-legacy-key', trigger: /T3BlbkFJ/, label: 'OpenAI API key', envName: 'OPENAI_API_KEY', regex: re(`${B}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${E}`), bodyOffset: 3 },
  { id: 'huggingface-token', trigger: /hf_/, label: 'Hugging Face access token', envName: 'HF_TOKEN', regex: re(`${B}hf_[A-Za-z0-9]{30,40}${E}`), validate: mixedCase, bodyOffset: 3 },
  { id: 'huggingface-org-token', trigger: /api_org_/, label: 'Hugging Face organization token', envName: 'HF_TOKEN', regex: re(`${B}api_org_[A-Za-z0-9]{30,40}${E}`), validate: mixedCase, bodyOffset: 8 },
  { id: 'wandb-key', trigger: /wandb_v1_/, label: 'Weights & Biases API key', envName: 'WANDB_API_KEY', regex: re(`${B}wandb_v1_[A-Za-z0-9_-]{20,120}${E}`), bodyOffset: 9 },
  { id: 'replicate-token', trigger: /r8_/, label: 'Replicate API token', envName: 'REPLICATE_API_TOKEN', regex: re(`${B}r8_[A-Za-z0-9]{37}${E}`), validate: mixedCase, bodyOffset: 3 },
  { id: 'groq-key', trigger: /gsk_/, label: 'Groq API key', envName: 'GROQ_API_KEY', regex: re(`${B}gsk_[A-Za-z0-9]{52}${E}`), validate: mixedCase, bodyOffset: 4 },
  { id: 'perplexity-key', trigger: /pplx-/, label: 'Perplexity API key', envName: 'PERPLEXITY_API_KEY', regex: re(`${B}pplx-[A-Za-z0-9]{48}${E}`), validate: mixedCase, bodyOffset: 5 },
  { id: 'databricks-token', trigger: /dapi/, label: 'Databricks personal access token', envName: 'DATABRICKS_TOKEN', regex: re(`${B}dapi[a-f0-9]{32}(?:-[0-9])?${E}`), bodyOffset: 4 },
  { id: 'npm-token', trigger: /npm_/, label: 'npm access token', envName: 'NPM_TOKEN', regex: re(`${B}npm_[A-Za-z0-9]{36}${E}`), validate: mixedCase, bodyOffset: 4 },
  { id: 'pypi-token', trigger: /pypi-/, label: 'PyPI API token', envName: 'PYPI_API_TOKEN', regex: re(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300}${E}`), bodyOffset: 19 },
  { id: 'sendgrid-key', trigger: /SG\./, label: 'SendGrid API key', envName: 'SENDGRID_API_KEY', regex: re(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`), bodyOffset: 3 },
  { id: 'twilio-key', trigger: /SK[0-9a-f]/, label: 'Twilio API key', envName: 'TWILIO_API_KEY', regex: re(`${B}SK[0-9a-f]{32}${E}`), bodyOffset: 2 },
  { id: 'azure-client-secret', trigger: /Q~/, label: 'Azure AD client secret', envName: 'AZURE_CLIENT_SECRET', regex: re(`${B}[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`), bodyOffset: 6 },
  { id: 'vault-token', trigger: /hv[sb]\./, label: 'HashiCorp Vault token', envName: 'VAULT_TOKEN', regex: re(`${B}hv[sb]\\.[A-Za-z0-9_-]{90,300}${E}`), bodyOffset: 4 },
  { id: 'digitalocean-token', trigger: /do[por]_v1_/, label: 'DigitalOcean token', envName: 'DIGITALOCEAN_TOKEN', regex: re(`${B}do[por]_v1_[a-f0-9]{64}${E}`), bodyOffset: 7 },
  {
    id: 'private-key',
    trigger: /PRIVATE KEY/,
    label: 'private key',
    envName: 'PRIVATE_KEY',
    // Header, then a body of base64 / PEM header lines / escaped newlines (at least 32 chars).
    regex: re(`-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\\s:,.]|\\\\{1,2}[nr]|-(?!----)){32,}`),
    validate: (m) => /[A-Za-z0-9+/]{24}/.test(m.replace(/\\{1,2}[nr]/g, '\n')),
    bodyOffset: 0,
  },
  {
    id: 'jwt',
    trigger: /eyJ/,
    label: 'JSON Web Token',
    envName: 'JWT_TOKEN',
    regex: re(`${B}eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_.-])`),
    validate: jwtHeaderIsJson,
    bodyOffset: 3,
  },
];

/** Google Cloud service-account key file content pasted into a string. */
export const GCP_SERVICE_ACCOUNT: TokenPattern = {
  id: 'gcp-service-account',
  label: 'Google Cloud service-account key',
  envName: 'GOOGLE_APPLICATION_CREDENTIALS_JSON',
  regex: /"type"\s*:\s*"service_account"/,
};

/** The 40-hex W&B API key (only meaningful where the string is passed to wandb.login). */
export const WANDB_HEX_KEY = /^(?:local-)?[0-9a-f]{40}$/;

/** Rejects strings that cannot contain any token shape, in one pass. */
const PREFILTER =
  /AKIA|ASIA|ABIA|ACCA|github_pat_|gh[pousr]_|glpat-|xox[abposre]-|xapp-|hooks\.slack\.com|[sr]k_(?:live|test)_|AIza|sk-|hf_|api_org_|wandb_v1_|r8_|gsk_|pplx-|dapi|npm_|pypi-|SG\.|SK[0-9a-f]|Q~|hv[sb]\.|do[por]_v1_|PRIVATE KEY|eyJ|service_account/;

export interface TokenMatch {
  pattern: TokenPattern;
  /** The token text as it appears in the scanned text. */
  text: string;
  /** Offset of the token in the scanned text. */
  index: number;
}

/** True when a token's variable part is obviously fake: xxxx, EXAMPLE, one dominating repeated character, a counting run. */
export function isPlaceholderToken(token: string, bodyOffset = 0, kind = ''): boolean {
  if (KNOWN_EXAMPLE_VALUES.some((e) => token.includes(e))) return true;
  const body = token.slice(bodyOffset);
  const lower = body.toLowerCase();
  // Key material legitimately has runs (OpenSSH keys are full of AAAA): only obvious fakes count.
  if (kind === 'private-key') return /x{4,}|\.{3}|example|placeholder|redacted|your|<|>|\{|\}/.test(lower);
  if (/x{4,}|\*{3,}|\.{3}|example|placeholder|dummy|redacted|your|fake|sample|insert|replace|<|>|\{|\}/.test(lower)) return true;
  // Padding (`ghp_000000...`), not randomness; a random body may still contain a run of a few equal characters.
  if (isRepeatedCharacter(body)) return true;
  if (/0123456789|1234567890|abcdefghij|qwertyuiop/.test(lower)) return true;
  const distinct = new Set(body.replace(/[-_.]/g, '')).size;
  return distinct <= 3;
}

/**
 * Provider tokens in `text` (raw source text of a string literal, or any output text), in order,
 * placeholders excluded. Overlapping matches of later patterns are dropped.
 */
export function findTokens(text: string, opts: { includePlaceholders?: boolean } = {}): TokenMatch[] {
  if (text.length < 16 || !PREFILTER.test(text)) return [];
  const out: TokenMatch[] = [];
  for (const pattern of TOKEN_PATTERNS) {
    if (pattern.trigger && !pattern.trigger.test(text)) continue;
    pattern.regex.lastIndex = 0;
    for (const m of text.matchAll(pattern.regex)) {
      const index = m.index ?? 0;
      const token = m[0];
      if (pattern.validate && !pattern.validate(token)) continue;
      if (!opts.includePlaceholders && isPlaceholderToken(token, pattern.bodyOffset, pattern.id)) continue;
      if (out.some((o) => index < o.index + o.text.length && o.index < index + token.length)) continue;
      out.push({ pattern, text: token, index });
    }
  }
  if (text.includes('service_account') && GCP_SERVICE_ACCOUNT.regex.test(text)) {
    // A service-account JSON: the leaked secret is its private key.
    const i = out.findIndex((o) => o.pattern.id === 'private-key');
    if (i >= 0) out[i] = { ...out[i], pattern: GCP_SERVICE_ACCOUNT };
  }
  return out.sort((a, b) => a.index - b.index);
}
