// Masking of secret values. Every snippet and message passes through here before leaving the
// engine, so a secret never appears whole in any output: the literal values rules report
// (`report({secrets})`) and, even when no rule reported them, anything shaped like a provider
// token, a private key block, a JWT, the password of a URL, a credential-named query parameter
// of a URL (presigned `X-Amz-Signature=`, SAS `sig=`, `token=`), or any long high-entropy token.
// This is the one masking path: reports, CLI messages and the compliance model all call it.
import { shannonEntropy } from './secrets/entropy';
import { findTokens } from './secrets/patterns';

/** A masked form that keeps a short prefix (to recognise the provider) and the length. */
export function maskSecret(secret: string): string {
  const len = secret.length;
  const keep = len >= 16 ? 4 : len >= 10 ? 2 : 0;
  return `${secret.slice(0, keep)}${'*'.repeat(Math.min(8, Math.max(3, len - keep)))}(${len} chars)`;
}

const extraMaskers: ((text: string) => string)[] = [];

/** Lets the secret detectors register a shape-based masker (token formats) for all text output. */
export function registerMasker(masker: (text: string) => string): void {
  extraMaskers.push(masker);
}

const PEM_HEADER = /^-----BEGIN[ A-Z0-9]*-----/;
// scheme://user:PASSWORD@host — the password part, bounded so the scan stays linear.
const URL_PASSWORD = /([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:@/?#'"]{0,256}:)([^\s@/?#'"]{1,256})@/g;

// Query parameters that carry a credential in presigned / SAS / OAuth URLs (value masked).
const QUERY_SECRET =
  /([?&;](?:x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|signature|sig|token|access_token|id_token|refresh_token|api_key|apikey|api-key|key|secret|client_secret|password|passwd|pwd|auth|sas)=)([^&#\s'"<>`]{3,2048})/gi;

// Candidate tokens for the entropy check ('/' splits, so paths are judged segment by segment).
const TOKEN_CANDIDATE = /[A-Za-z0-9+_-]{20,4096}={0,2}/g;

/**
 * Random-looking key material no provider pattern knows: at least 20 characters mixing upper
 * case, lower case and digits, high entropy, and switching character class often (CamelCase
 * identifiers and words switch rarely; hex digests and UUIDs have no upper case and are kept).
 */
export function looksRandom(token: string): boolean {
  if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9].*[0-9]/.test(token)) return false;
  if (shannonEntropy(token) < 3.6) return false;
  let switches = 0;
  const cls = (c: string): number => (c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : c >= '0' && c <= '9' ? 2 : 3);
  for (let i = 1; i < token.length; i++) if (cls(token[i]) !== cls(token[i - 1])) switches++;
  return switches / token.length >= 0.3;
}

/** Masks high-entropy tokens and credential query parameters. */
function maskUnknownSecrets(text: string): string {
  let out = text;
  if (/[?&;]/.test(out) && out.includes('=')) out = out.replace(QUERY_SECRET, (m: string, head: string, value: string) => (value.includes('*') ? m : `${head}${maskSecret(value)}`));
  return out.replace(TOKEN_CANDIDATE, (t) => (looksRandom(t) ? maskSecret(t) : t));
}

/** Masks provider tokens, private key blocks, JWTs and URL passwords found by shape. */
export function maskTokenShapes(text: string): string {
  let out = text;
  const tokens = findTokens(out, { includePlaceholders: true });
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    const header = t.pattern.id === 'private-key' || t.pattern.id === 'gcp-service-account' ? PEM_HEADER.exec(t.text) : null;
    const masked = header ? `${header[0]}****(${t.text.length} chars)` : maskSecret(t.text);
    out = out.slice(0, t.index) + masked + out.slice(t.index + t.text.length);
  }
  if (out.includes('://') && out.includes('@')) {
    out = out.replace(URL_PASSWORD, (m: string, head: string, password: string) => (password.startsWith('*') ? m : `${head}****@`));
  }
  return maskUnknownSecrets(out);
}

// The runner passes the same array of a file's secrets for every finding: dedupe and sort it once.
const prepared = new WeakMap<object, string[]>();

function preparedSecrets(secrets: Iterable<string>): string[] {
  const cached = prepared.get(secrets);
  if (cached) return cached;
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (Array.isArray(secrets)) prepared.set(secrets, sorted);
  return sorted;
}

/** Replaces every occurrence of the given secrets, then anything shaped like a known token. */
export function maskText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of preparedSecrets(secrets)) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  out = maskTokenShapes(out);
  for (const m of extraMaskers) out = m(out);
  return out;
}

// Fields of the compliance model that are hashes or versions, not workspace text (never masked).
const UNMASKED_KEYS = new Set(['hash', 'prev', 'signoff', 'fingerprint', 'generatedAt', 'changedAt', 'version']);

/**
 * A deep copy of plain data (the compliance model) with every string masked: asset names come
 * from literals in the code (`joblib.load("ftp://ops:PASSWORD@host/m.pkl")`) and must not reach
 * the sidebar or a report whole.
 */
export function maskDeep<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (UNMASKED_KEYS.has(key) ? value : maskText(value)) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, k);
    return out as T;
  }
  return value;
}
