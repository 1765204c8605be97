// Is this identifier / dict key / keyword the name of a secret? Names are tokenised
// (snake_case, kebab-case, camelCase, ALLCAPS compounds such as DATABASEPASSWORD) and judged by
// their head word: `password_min_length` is a length, `token_count` a count, `NextToken` a page
// cursor, `pad_token` a tokenizer symbol, `db_password` a password.
import { lookupTable } from '../lookup-table';

export type SecretKind = 'password' | 'token' | 'key' | 'secret' | 'credential' | 'auth';

/** `pat` is a personal access token only next to a platform word (`GITHUB_PAT`); alone it is a pattern. */
const PAT_MODIFIERS = new Set(['github', 'gh', 'gitlab', 'gl', 'ado', 'azure', 'devops', 'personal', 'access', 'hf', 'huggingface', 'bitbucket', 'databricks']);

export interface SecretName {
  kind: SecretKind;
  /** Lower-case tokens after compound splitting. */
  tokens: string[];
}

/** Splits an identifier into words: `apiKey` -> [api, Key], `DB_PASSWORD` -> [DB, PASSWORD], `--api-key` -> [api, key]. */
export function splitIdentifier(name: string): string[] {
  const out: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    if (!part) continue;
    const words = part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
    if (words) out.push(...words);
  }
  return out;
}

// Secret words that are recognised at the end of a run-together word (DATABASEPASSWORD, apikey).
const COMPOUND_SUFFIXES = ['passphrase', 'password', 'passwd', 'credentials', 'credential', 'secret', 'token', 'creds', 'pwd'];
const COMPOUNDS = lookupTable<string[]>({
  apikey: ['api', 'key'],
  accesskey: ['access', 'key'],
  secretkey: ['secret', 'key'],
  privatekey: ['private', 'key'],
  signingkey: ['signing', 'key'],
  masterkey: ['master', 'key'],
  authtoken: ['auth', 'token'],
  accesstoken: ['access', 'token'],
  clientsecret: ['client', 'secret'],
});
const WORDS = new Set(['passphrase', 'password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'credentials', 'credential', 'creds', 'cred', 'auth', 'authorization', 'bearer', 'key', 'jwt', 'pat']);

function splitCompound(word: string, out: string[]): void {
  if (WORDS.has(word)) {
    out.push(word);
    return;
  }
  const c = COMPOUNDS[word];
  if (c) {
    out.push(...c);
    return;
  }
  for (const [whole, parts] of Object.entries(COMPOUNDS)) {
    if (word.length > whole.length && word.endsWith(whole)) {
      splitCompound(word.slice(0, -whole.length), out);
      out.push(...(parts ?? []));
      return;
    }
  }
  for (const suffix of COMPOUND_SUFFIXES) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      splitCompound(word.slice(0, -suffix.length), out);
      out.push(suffix);
      return;
    }
  }
  out.push(word);
}

/** Lower-case words of a name, run-together secret words split off (`databasepassword` -> database, password). */
export function tokenizeName(name: string): string[] {
  const out: string[] = [];
  for (const w of splitIdentifier(name)) splitCompound(w.toLowerCase(), out);
  return out;
}

const HEADS = lookupTable<SecretKind | 'pat'>({
  password: 'password',
  passwd: 'password',
  pwd: 'password',
  pass: 'password',
  passphrase: 'password',
  passcode: 'password',
  secret: 'secret',
  token: 'token',
  jwt: 'token',
  pat: 'pat',
  bearer: 'token',
  credentials: 'credential',
  credential: 'credential',
  creds: 'credential',
  cred: 'credential',
  auth: 'auth',
  authorization: 'auth',
  key: 'key',
});

/** Trailing words that do not change what a name denotes (`db_password_prod`, `API_KEY_V2`, `token1`). */
const NOISE = new Set([
  'prod', 'production', 'dev', 'development', 'staging', 'stage', 'qa', 'uat', 'test', 'local', 'default', 'fallback',
  'value', 'val', 'str', 'string', 'raw', 'plain', 'plaintext', 'old', 'new', 'main', 'primary', 'secondary', 'backup',
  'override', 'b64', 'base64', 'hex', 'bytes', 'live', 'sandbox', 'v', 'cfg', 'conf', 'setting', 'literal', 'hardcoded',
]);

/** Words before the head that make the whole name a non-secret. */
const NEGATORS = new Set([
  'public', 'pub', 'next', 'prev', 'previous', 'page', 'pagination', 'continuation', 'cursor', 'sync', 'csrf', 'xsrf',
  'pad', 'padding', 'eos', 'bos', 'unk', 'sep', 'cls', 'mask', 'special', 'start', 'end', 'stop', 'max', 'min', 'num',
  'total', 'hashed', 'hash', 'encrypted', 'masked', 'salted', 'dummy', 'fake', 'mock', 'example', 'sample', 'is', 'has',
  'image', 'vision', 'audio', 'placeholder', 'sentinel', 'split', 'delimiter', 'added', 'extra', 'vocab', 'sos', 'bpe',
  'unknown', 'prompt', 'input', 'output', 'completion', 'context', 'reasoning', 'cached', 'bypass', 'first', 'second',
  'forward', 'backward', 'single', 'multi', 'one', 'two', 'dry', 'no', 'require', 'requires', 'required', 'enable',
  'enabled', 'should', 'allow', 'skip', 'primary', 'sort', 'partition', 'foreign', 'cache', 'dict', 'hotkey',
]);

/** `key` alone is a dictionary key; these modifiers make it a secret key (`api_key`, `aws_secret_access_key`). */
const KEY_MODIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'priv', 'signing', 'sign', 'encryption', 'encrypt', 'crypt', 'crypto', 'master',
  'auth', 'client', 'hmac', 'fernet', 'session', 'service', 'subscription', 'storage', 'account', 'shared', 'app',
  'application', 'consumer', 'developer', 'ssh', 'rsa', 'ecdsa', 'ed25519', 'pgp', 'gpg', 'jwt', 'aes', 'cipher',
  'webhook', 'license', 'deploy', 'admin', 'root', 'secure', 'sas', 'token', 'bot', 'ingest', 'write', 'read', 'rest',
  // providers
  'openai', 'anthropic', 'claude', 'stripe', 'aws', 'hf', 'huggingface', 'wandb', 'github', 'gitlab', 'slack', 'google',
  'gcp', 'gemini', 'azure', 'groq', 'replicate', 'cohere', 'mistral', 'pinecone', 'sendgrid', 'twilio', 'datadog', 'dd',
  'mapbox', 'algolia', 'firebase', 'pplx', 'perplexity', 'together', 'fireworks', 'deepseek', 'voyage', 'langsmith',
  'langchain', 'serpapi', 'tavily', 'comet', 'neptune', 'databricks', 'snowflake', 'elastic', 'weaviate', 'qdrant',
  'supabase', 'openrouter', 'mailgun', 'sentry', 'xai', 'grok', 'elevenlabs', 'assemblyai', 'deepgram', 'clearml',
]);

const cache = new Map<string, SecretName | null>();

/** The secret kind a name denotes, or undefined when it is not the name of a secret. */
export function classifySecretName(name: string): SecretName | undefined {
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const result = classify(name);
  if (cache.size > 5000) cache.clear();
  cache.set(name, result ?? null);
  return result;
}

function classify(name: string): SecretName | undefined {
  const tokens = tokenizeName(name);
  let end = tokens.length;
  while (end > 1 && (NOISE.has(tokens[end - 1]) || /^(?:v?[0-9]+)$/.test(tokens[end - 1]))) end--;
  const words = tokens.slice(0, end);
  const head = words[words.length - 1];
  const kind = head === undefined ? undefined : HEADS[head];
  if (!kind) return undefined;
  const modifiers = words.slice(0, -1);
  if (modifiers.some((m) => NEGATORS.has(m))) return undefined;
  if (kind === 'key' && !modifiers.some((m) => KEY_MODIFIERS.has(m))) return undefined;
  if (kind === 'pat') return modifiers.some((m) => PAT_MODIFIERS.has(m)) ? { kind: 'token', tokens } : undefined;
  return { kind, tokens };
}

/** UPPER_SNAKE environment variable name for a bound name: `apiKey` -> API_KEY, `--db-pass` -> DB_PASS. */
export function envNameFor(name: string): string {
  const words: string[] = [];
  for (const part of name.split(/[^A-Za-z0-9]+/)) {
    // Like splitIdentifier, but digits stay attached to their word (API_KEY_V2, not API_KEY_V_2).
    for (const w of part.match(/[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+/g) ?? []) words.push(w.toUpperCase());
  }
  let out = words.join('_');
  if (!out) out = 'SECRET';
  if (/^[0-9]/.test(out)) out = `SECRET_${out}`;
  return out;
}

/** True for values that are the name of an environment variable (`"HF_TOKEN"`), not a secret. */
export function looksLikeEnvVarName(value: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) && !/[0-9]{4}/.test(value);
}
