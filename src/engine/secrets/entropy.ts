// Shannon entropy in bits per character: the tie-breaker detect-secrets and gitleaks use to tell
// random key material from words.

export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** True for strings made only of lower-case words and separators (`my-secret-name`, `supersecret`). */
export function isWordLike(value: string): boolean {
  return /^[a-z]+(?:[-_. ][a-z]+)*$/.test(value);
}
