// Masking of secret values. Every snippet and message passes through here before leaving the
// engine, so a secret never appears whole in any output.

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

/** Replaces every occurrence of the given secrets, then anything shaped like a known token. */
export function maskText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const s of sorted) out = out.split(s).join(maskSecret(s));
  for (const m of extraMaskers) out = m(out);
  return out;
}
