// Values that stand for a secret without being one: template markers, masks, instructions.
// Decision (documented in SEC002's docs): `changeme` / `changeit` are NOT placeholders: they are
// well-known default credentials that get deployed unchanged, which is exactly CWE-1392.

/** Whole values that name a secret or a setting instead of being one. */
const WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'apikey', 'api_key', 'api-key', 'key', 'none', 'null',
  'nil', 'undefined', 'true', 'false', 'yes', 'no', 'test', 'testing', 'default', 'required', 'optional', 'auto', 'env',
  'environment', 'unset', 'empty', 'n/a', 'na', 'tbd', 'todo', 'notset', 'not-set', 'not_set', 'missing', 'bearer',
  'basic', 'oauth', 'oauth2', 'hidden', 'masked', 'redacted', 'secret_key', 'secret-key', 'access_token', 'header',
  'query', 'keyring', 'vault', 'aws', 'gcp', 'azure', 'local', 'disabled', 'enabled', 'off', 'on', 'string', 'str',
  'bytes', 'text', 'digest', 'sha256', 'md5', 'plain', 'plaintext', 'client_credentials', 'authorization_code',
  'refresh_token', 'id_token', 'password_grant', 'user', 'username', 'admin_password', 'db_password', 'mypassword',
  'mysecret', 'mytoken', 'myapikey', 'secretkey', 'secret-token', 'dummy', 'fake', 'sample', 'example', 'placeholder',
]);

const PATTERNS: RegExp[] = [
  /^<[^<>]*>$/, // <your-token>
  /\$\{[^}]*\}/, // ${DB_PASSWORD}
  /\{\{[^}]*\}\}/, // {{ secret }}
  /^\{[A-Za-z_][\w.]*\}$/, // {password} (str.format)
  /%\(?\w*\)?[sd]/, // %s, %(password)s
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^[x*•.#_?-]+$/i, // xxxx, ****, ...
  /x{4,}|X{4,}|\*{3,}|\.{3}|…/, // partially masked: sk-xxxx, ab***cd
  /(.)\1{5,}/, // aaaaaa, 000000
  /^(?:0123456789|1234567890|abcdefgh|qwertyuiop)/i,
  /your[-_ ]?|[-_ ]here$|^(?:put|insert|enter|replace|fill|add|set)[-_ ]|replace[-_ ]?me|placeholder|example|dummy|redacted|fake[-_]|[-_]fake|sample[-_]|todo|fixme|tbd/i,
  /^[A-Z_]+[-_ ]?(?:HERE|ME)$/, // REPLACE_ME, TOKEN_HERE
];

/** True when the value is empty, a template marker, a mask or an instruction, not a secret. */
export function isPlaceholder(value: string): boolean {
  const t = value.trim();
  if (!t) return true;
  if (WORDS.has(t.toLowerCase())) return true;
  if (new Set(t).size === 1) return true;
  return PATTERNS.some((p) => p.test(t));
}

/** For values whose meaning is fixed by the call (jwt key, HMAC key): only markers and masks count as placeholders. */
export function isTemplateMarker(value: string): boolean {
  const t = value.trim();
  if (!t) return true;
  if (new Set(t).size === 1) return true;
  return PATTERNS.slice(0, 8).some((p) => p.test(t)) || /your[-_ ]|[-_ ]here$|replace[-_ ]?me|placeholder|<|>/i.test(t);
}
