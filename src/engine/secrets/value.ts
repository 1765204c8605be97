// Is a literal bound to a secret-like name plausibly a real secret? Rejects placeholders, prose,
// env-var names, file paths, URLs, class paths and (for tokens and keys) short or word-like values;
// entropy breaks the tie for word-like values.
import type { SecretKind } from './names';
import { looksLikeEnvVarName } from './names';
import { isPlaceholder } from './placeholder';
import { isWordLike, shannonEntropy } from './entropy';

/** Authorization scheme words that may precede a credential in a header value. */
export const AUTH_SCHEME = /^(?:Bearer|Token|Basic|Bot|Digest)\s+/i;

const FILE_EXT = /\.(?:json|pem|key|txt|env|ya?ml|cfg|conf|ini|toml|p12|pfx|crt|cer|der|jks|keystore|gpg|asc|enc|secret|secrets|csv|pkl|py|sh)$/i;

/** Minimum length: passwords are often short (and that is the problem); keys and tokens are not. */
export const MIN_LENGTH: Record<SecretKind, number> = { password: 4, token: 8, key: 8, secret: 6, credential: 6, auth: 8 };

const FIELD_WORDS = /(?:key|token|secret|password|passwd|auth|credentials?|id)$/i;

/**
 * A camelCase/PascalCase or `::`-separated identifier that ends in (or contains) a secret word is a
 * field or parameter name used as a dictionary key or constant, as in AWS SDKs (`'AWSSecretKey'`,
 * `"waitForTaskToken"`, `"AWS::S3::DisableS3ExpressSessionAuth"`). A lower-case run such as
 * `supersecretkey` has no word humps and still counts as a (weak) secret.
 */
function isFieldName(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9]*(?:::[A-Za-z][A-Za-z0-9]*)*$/.test(value)) return false;
  const humps = value.includes('::') || /[a-z][A-Z]/.test(value);
  if (!humps || /\d{3,}/.test(value)) return false;
  const words = value.split(/::|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
  return words.some((w) => FIELD_WORDS.test(w));
}

export function looksLikeSecretValue(raw: string, kind: SecretKind): boolean {
  const value = raw.trim().replace(AUTH_SCHEME, '');
  if (value.length < MIN_LENGTH[kind]) return false;
  if (/\s/.test(value)) return false; // prose, prompts, help text
  if (looksLikeEnvVarName(value)) return false; // token_env = "HF_TOKEN"
  if (value.includes('://')) return false; // URLs: SEC003 judges credentials inside them
  if (/^(?:\.{0,2}\/|~[/\\]|[A-Za-z]:[\\/])/.test(value) || FILE_EXT.test(value)) return false; // paths
  if (value.includes('/') && !/[A-Z+=]/.test(value)) return false; // lower-case path segments, not base64
  if (/^(?:arn:|projects\/|secrets?\/|vault:|sm:\/\/|op:\/\/|keyring:)/i.test(value)) return false; // secret-manager references
  if (/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,}$/.test(value)) return false; // dotted class path
  if (/^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(value)) return false; // an e-mail address
  if (isFieldName(value)) return false; // 'AWSSecretKey', 'waitForTaskToken': the name of a field, not its value
  if (/\(\?[:=!<P]|\[[a-zA-Z0-9]-[a-zA-Z0-9]|\\[dwsbDWSB]|\[\^/.test(value)) return false; // a regular expression
  if (kind !== 'password' && /^[0-9.:/-]+$/.test(value)) return false; // OIDs, versions, dates, addresses
  if (kind !== 'password' && isWordLike(value) && (value.length < 16 || shannonEntropy(value) < 3.5)) return false;
  // Last: the slowest test (every string of a file is judged here; the order changes no answer).
  if (isPlaceholder(value)) return false;
  return true;
}
