// Masking of secret values. Every snippet and message passes through here before leaving the
// engine, so a secret never appears whole in any output: the literal values rules report
// (`report({secrets})`) and, even when no rule reported them, anything shaped like a provider
// token, a private key block, a JWT or the password of a URL.
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
  return out;
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
