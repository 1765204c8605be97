// What counts as masking personal data, judged honestly (issue 7): pseudonymisation under GDPR
// Art. 4(5) needs "additional information kept separately" — a key. A keyed HMAC, encryption,
// tokenisation, redaction or an anonymiser (Presidio) qualifies; an unsalted MD5/SHA-x of an
// e-mail or phone number does not (anyone can hash a list of candidate addresses and match), and
// neither does truncating a value. Library knowledge lives in these tables, read by the DataFrame
// facts (values replaced by masking calls) and by the logging sinks.
import type { SyntaxNode } from '../parser';
import { dottedName, walk } from '../ast';

/** Callee name segments that mask with a key or remove the value. */
const KEYED_OR_REMOVING = /hmac|pseudonym|anonymi[sz]|encrypt|fernet|tokeni[sz]e|tokeni[sz]ation|redact|(^|_)mask|scrub|obfuscat|sanitiz|sanitis|deidentif|de_identif|aesgcm|aes_|kms|vault_transit|presidio/i;

/** Digests that are deterministic and unkeyed: reversible by a dictionary of candidate values. */
const UNKEYED_DIGEST = /^(md5|sha|sha1|sha2|sha224|sha256|sha384|sha512|sha3|sha3_224|sha3_256|sha3_384|sha3_512|blake2b|blake2s|new|hash|crc32|adler32|xxh32|xxh64|xxh3_64|xxh128|xxhash|xxhash64|murmurhash3_32|murmur3|mmh3|hash_pandas_object|farm_fingerprint|fingerprint|md5_hex|sha256_hex|digest|hexdigest)$/i;

/** Modules whose functions are digests (so `hashlib.new("sha256", ...)` is one). */
const DIGEST_MODULES = /^(hashlib|zlib|xxhash|mmh3|pyspark\.sql\.functions|F|pandas\.util|pd\.util|polars|pl|binascii|hash_utils)$/;

/** True for modules of digest functions (`hashlib`): their name says "hash", their functions are unkeyed. */
export function isDigestModule(name: string): boolean {
  return DIGEST_MODULES.test(name);
}

/** A name that holds a key or salt: hashing with it is keyed (`sha256((SALT + email).encode())`). */
const KEY_HINT = /salt|pepper|secret|(^|_)key($|_)|hmac_key|signing|private/i;

/** Calls that combine the value with another component before it is hashed. */
const SALTING_CALL = /(^|\.)(concat|concat_ws|format_string|join)$/;

export type MaskingVerdict = 'masks' | 'unkeyed-hash' | 'none';

/** Judges the callee name of a call (or a function reference passed to `.map`/`.apply`). */
export function maskingByName(name: string): MaskingVerdict {
  const segments = name.split('.');
  const last = segments[segments.length - 1];
  if (segments.some((s) => KEYED_OR_REMOVING.test(s))) return 'masks';
  if (UNKEYED_DIGEST.test(last) && (segments.length === 1 ? last !== 'new' : DIGEST_MODULES.test(segments.slice(0, -1).join('.')) || /^(sha|md5|blake|xxh|crc|murmur|hash)/i.test(last))) return 'unkeyed-hash';
  // a helper imported from another module and named for what it does (`hash_email`): its body is
  // not visible, so its name is taken at its word (same-file helpers are judged by their body)
  if (/hash|(^|_)sha(\d|_|$)|sha2|sha1|sha3|md5|blake2/i.test(last)) return 'masks';
  return 'none';
}

/** True when the call passes a key or salt (`key=` for blake2, a SALT/secret name in its arguments). */
export function hasKeyMaterial(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return false;
  let found = false;
  walk(args, (n) => {
    if (found) return;
    if (n.type === 'keyword_argument' && ['key', 'salt', 'person', 'digest_key'].includes(n.childForFieldName('name')?.text ?? '')) found = true;
    else if ((n.type === 'identifier' || n.type === 'attribute') && KEY_HINT.test(n.text)) found = true;
    // the value concatenated with something else before hashing: a salt or pepper, taken at its word
    else if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') found = true;
    else if (n.type === 'call' && SALTING_CALL.test(dottedName(n.childForFieldName('function')) ?? '')) found = true;
  });
  return found;
}

/**
 * The verdict on one call: 'masks' for keyed/removing operations (and digests given key material),
 * 'unkeyed-hash' for a plain digest of the value, 'none' otherwise.
 */
export function maskingCall(call: SyntaxNode): MaskingVerdict {
  const name = dottedName(call.childForFieldName('function'));
  if (!name) return 'none';
  const verdict = maskingByName(name);
  if (verdict === 'unkeyed-hash' && hasKeyMaterial(call)) return 'masks';
  return verdict;
}

/** True when a callee name names a masking operation (unkeyed digests do not). */
export function isMaskingName(name: string): boolean {
  return maskingByName(name) === 'masks';
}
