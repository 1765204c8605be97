// Personal-data and protected-attribute classification of identifiers (DataFrame column names,
// attribute names, variable names). Names are tokenised first (snake_case, camelCase, kebab,
// dots, digits), then matched on whole tokens, so `usage`, `image` or `hour_sin` never match
// `age` or `sin`. Exclusion tokens turn a match into a non-match (`email_template`,
// `phone_service`, `has_credit_card`, `model_name`, `account_age_days`), and names that say a
// sanitizer already ran (`email_hash`, `masked_ssn`) are not personal data for the sinks.
//
// Public API:
//   tokenize(name)                     -> lower-case tokens
//   classifyPii(name, options)         -> PiiMatch | undefined
//   isSensitivePii(match)              -> true for categories the PII sinks report
//   classifyProtected(name, options)   -> ProtectedMatch | undefined (FAIR)

/**
 * contact: direct identifiers and contact data (names, e-mail, phone, street address, username);
 * online: online identifiers (IP, device ID, cookie ID, MAC, IMEI);
 * government: government-issued identifiers (SSN, passport, national ID, tax ID...);
 * financial: financial account data (card number, CVV, IBAN, account/routing number);
 * quasi: quasi-identifiers and financial status (date of birth, postal code, coordinates,
 *        income, salary) — reported by the sinks: together they single people out;
 * demographic: age and sex/gender — personal data, but reported by FAIR001 as protected
 *        attributes rather than by the PII sinks;
 * identifier: pseudonymous record keys (customer_id, user_id) — not reported by the sinks;
 * health: GDPR Art. 9 health, genetic and biometric data;
 * special: other GDPR Art. 9 categories (racial/ethnic origin, religion, politics, union, sex life);
 * criminal: GDPR Art. 10 criminal convictions and offences;
 * other: names the project declared personal via `pii.extra-names`.
 */
export type PiiCategory =
  | 'contact'
  | 'online'
  | 'government'
  | 'financial'
  | 'quasi'
  | 'demographic'
  | 'identifier'
  | 'health'
  | 'special'
  | 'criminal'
  | 'other';

/**
 * The GDPR reading of a category, which decides at which sinks it is a finding (see
 * `PII_SINK_DEFAULTS`):
 * - direct-identifier: names a person on its own (name, e-mail, phone, postal address, government
 *   or financial account number);
 * - indirect-identifier: singles a person out when combined (IP, device ID, exact date of birth,
 *   postal code, precise location);
 * - special-category: GDPR Art. 9 (health, genetic, biometric, racial/ethnic origin, religion,
 *   politics, union membership, sex life) and Art. 10 (criminal offences);
 * - attribute: ordinary personal attributes a model legitimately uses (income, salary): reported
 *   only where the project configures it;
 * - none: personal data reported elsewhere (age, sex: FAIR001) or pseudonymous keys (user_id).
 */
export type PiiClass = 'direct-identifier' | 'indirect-identifier' | 'special-category' | 'attribute' | 'none';

const CATEGORY_CLASS: Record<PiiCategory, PiiClass> = {
  contact: 'direct-identifier',
  government: 'direct-identifier',
  financial: 'direct-identifier',
  other: 'direct-identifier',
  online: 'indirect-identifier',
  quasi: 'indirect-identifier',
  health: 'special-category',
  special: 'special-category',
  criminal: 'special-category',
  demographic: 'none',
  identifier: 'none',
};

export interface PiiMatch {
  category: PiiCategory;
  /** How GDPR reads the category (what the sinks decide on). */
  cls: PiiClass;
  /** Human label, e.g. "e-mail address". */
  label: string;
  /** GDPR Art. 9 special category (or Art. 10 criminal data). */
  special: boolean;
  /** 'weak' when the name alone is ambiguous (bare `name`, `address`). */
  strength: 'strong' | 'weak';
}

export interface PiiOptions {
  /** Extra names or tokens that denote personal data (config `pii.extra-names`). */
  extraNames?: readonly string[];
  /** Names that are never personal data here (config `pii.allow`). */
  allow?: readonly string[];
  /** Name of the variable/table the column belongs to, used for bare `name` (`products["name"]`). */
  context?: string;
}

/** Splits an identifier into lower-case words: `customerEmailAddress` -> [customer, email, address]. */
export function tokenize(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function normalise(name: string): string {
  return tokenize(name).join('_');
}

/** Tokens that mean a sanitizer ran on the value. */
const SANITISED = new Set([
  'hash', 'hashed', 'sha', 'sha1', 'sha256', 'md5', 'hmac', 'masked', 'mask', 'pseudo', 'pseudonym',
  'pseudonymised', 'pseudonymized', 'anon', 'anonymised', 'anonymized', 'anonymous', 'encrypted', 'enc',
  'redacted', 'tokenized', 'tokenised', 'token', 'digest', 'salted', 'obfuscated', 'scrubbed',
]);

/** Tokens that make a name metadata about a field rather than the field's value. */
const META = new Set([
  'is', 'has', 'count', 'cnt', 'counts', 'total', 'nunique', 'regex', 're', 'pattern', 'format', 'fmt',
  'template', 'config', 'cfg', 'enabled', 'settings', 'setting', 'required', 'valid', 'validated',
  'verified', 'length', 'len', 'col', 'cols', 'column', 'columns', 'field', 'fields', 'key', 'keys',
  'idx', 'index', 'feature', 'features', 'missing', 'null', 'na', 'present', 'provided', 'flag',
  'ratio', 'rate', 'pct', 'percent', 'freq', 'frequency', 'type', 'types', 'dtype', 'list', 'schema',
  'mapping', 'map', 'encoder', 'vectorizer', 'tokenizer', 'embedding_dim', 'changed', 'change',
  'changes', 'updated', 'match', 'matches', 'mismatch', 'similarity', 'distance', 'score', 'domain',
  'placeholder', 'example', 'label', 'header', 'prefix', 'suffix', 'policy', 'consent', 'opt',
  'optin', 'optout', 'unsubscribed', 'subscribed', 'bounce', 'bounced',
  // aggregates and rates: `max_accounts_per_ip` is a count, `distinct_ips` a number
  'per', 'max', 'min', 'avg', 'mean', 'median', 'sum', 'std', 'distinct', 'unique', 'uniq',
]);

/** Metadata words that still carry a special category's value: a flag or an encoding of it. */
const SPECIAL_ENCODING = new Set(['is', 'has', 'idx', 'index', 'flag']);
const SPECIAL_CATEGORIES = new Set(['health', 'special', 'criminal']);

/** Leading words that turn a name into a count (`num_credit_cards`, `n_emails`). */
const COUNT_HEAD = new Set(['n', 'num', 'number', 'count', 'cnt', 'total', 'no']);

const PERSON_QUALIFIERS = new Set([
  'first', 'last', 'full', 'given', 'middle', 'maiden', 'family', 'sur', 'nick', 'customer', 'cust',
  'patient', 'client', 'user', 'member', 'employee', 'emp', 'applicant', 'holder', 'card', 'cardholder',
  'contact', 'person', 'owner', 'account', 'beneficiary', 'borrower', 'guarantor', 'subscriber',
  'insured', 'policyholder', 'student', 'father', 'mother', 'spouse', 'parent', 'guardian', 'legal',
  'display', 'real', 'buyer', 'seller', 'sender', 'recipient', 'payee', 'payer', 'passenger', 'driver',
  'traveler', 'traveller', 'donor', 'voter', 'candidate', 'tenant', 'resident', 'victim', 'suspect',
  'reviewer', 'respondent', 'participant', 'originator', 'debtor', 'creditor', 'claimant',
  'subject', 'caller', 'the', 'of', 'and', 'his', 'her', 'name', 'counterparty', 'cp', 'account_holder', 'emergency', 'next', 'kin',
]);

/** Tables whose `name` column names a thing, not a person. */
const NON_PERSON_CONTEXT = /(product|item|movie|film|song|track|book|article|model|feature|file|dataset|table|column|store|shop|merchant|company|brand|categor|city|countr|region|station|drug|course|game|app|repo|project|job|task|metric|param|artifact|experiment|run|stage|layer|device|service|event|genre|tag|skill|ingredient|recipe|restaurant|hotel|airport|team|league|asset|stock|ticker|coin|token|vocab)/;

interface Pattern {
  /** Token sequences that must appear contiguously, joined by '_' (any one of them). */
  any: string[];
  category: PiiCategory;
  label: string;
  strength?: 'strong' | 'weak';
  /** Extra tokens that make this pattern a non-match. */
  unless?: string[];
  /** Only match when the whole normalised name is one of `any` (plus person qualifiers). */
  exactish?: boolean;
  /** Overrides the category's class (income is quasi-identifying data but an ordinary attribute). */
  cls?: PiiClass;
}

const TIME_TOKENS = ['date', 'time', 'ts', 'timestamp', 'at', 'days', 'day', 'since', 'attempts', 'attempt', 'failed', 'success', 'duration', 'hour', 'hours'];

const PATTERNS: Pattern[] = [
  // online identifiers before address so `ip_address` and `mac_address` land here
  { any: ['ip', 'ip_address', 'ipaddress', 'ip_addr', 'ipaddr', 'remote_addr', 'client_ip', 'src_ip', 'source_ip'], category: 'online', label: 'IP address', unless: ['version', 'range', 'subnet', 'mask', 'country', 'city', 'asn', 'reputation', 'risk', 'distinct'] },
  { any: ['mac_address', 'mac_addr', 'macaddress'], category: 'online', label: 'MAC address' },
  { any: ['device_id', 'deviceid', 'imei', 'idfa', 'ifa', 'maid', 'aaid', 'gaid', 'advertising_id', 'ad_id', 'android_id', 'udid', 'cookie_id', 'cookieid'], category: 'online', label: 'device or cookie identifier', unless: ['type', 'model', 'os'] },
  // e-mail
  { any: ['email', 'e_mail', 'emailaddress', 'email_address', 'mail_address', 'email_addr', 'email_id'], category: 'contact', label: 'e-mail address', unless: ['subject', 'body', 'campaign', 'opened', 'open', 'clicked', 'click', 'sent', 'sent_by', 'provider', 'server', 'host', 'smtp', 'notification', 'notifications', 'marketing', 'alert', 'alerts', 'frequency', 'engagement', 'response', 'spam', 'content', 'text', 'message', 'thread', 'client', 'service'] },
  // phone
  { any: ['phone', 'phone_number', 'phone_no', 'phone_num', 'phonenumber', 'telephone', 'tel', 'tel_no', 'msisdn', 'mobile_number', 'mobile_no', 'mobile_phone', 'mobile_num', 'cell_phone', 'cellphone', 'cell_number', 'contact_number', 'fax'], category: 'contact', label: 'phone number', unless: ['code', 'business', 'company', 'app', 'form', 'service', 'services', 'lines', 'line', 'plan', 'usage', 'minutes', 'calls', 'bill', 'model', 'brand', 'os', 'carrier', 'make', 'screen', 'battery', 'prefix', 'country', 'area', 'ext'] },
  // names
  { any: ['first_name', 'firstname', 'fname', 'last_name', 'lastname', 'lname', 'surname', 'full_name', 'fullname', 'given_name', 'middle_name', 'maiden_name', 'family_name', 'nickname', 'nick_name', 'display_name', 'legal_name', 'real_name'], category: 'contact', label: "person's name" },
  { any: ['username', 'user_name', 'login_name', 'screen_name', 'login_id', 'userid_login', 'handle'], category: 'contact', label: 'username', unless: ['column', 'field'] },
  { any: ['name', 'names'], category: 'contact', label: "person's name", exactish: true },
  // postal address
  { any: ['street', 'street_address', 'address', 'addr', 'address_line', 'home_address', 'billing_address', 'shipping_address', 'mailing_address', 'postal_address', 'residential_address', 'house_number'], category: 'contact', label: 'postal address', unless: ['email', 'mail', 'ip', 'mac', 'memory', 'url', 'web', 'wallet', 'contract', 'server', 'bind', 'hash', 'changed', 'change', 'same', 'match', 'verified', 'distance', 'type', 'length', 'count'] },
  // government identifiers
  { any: ['ssn', 'social_security', 'social_security_number', 'social_security_no', 'ssn_last_4', 'social_insurance_number', 'sin_number', 'national_id', 'national_insurance', 'national_insurance_number', 'nino', 'nin', 'national_id_number', 'id_card_number', 'id_card_no', 'passport', 'passport_no', 'passport_number', 'driver_license', 'drivers_license', 'driver_licence', 'drivers_licence', 'driving_license', 'driving_licence', 'license_number_driver', 'dl_number', 'tax_id', 'taxid', 'tin', 'itin', 'ein', 'tax_number', 'aadhaar', 'aadhar', 'pan_number', 'pan_card', 'nhs_number', 'nhs_no', 'pesel', 'nric', 'bsn', 'codice_fiscale', 'dni', 'nie', 'nif', 'voter_id', 'cpf', 'curp', 'personnummer', 'steuer_id', 'medicare_number', 'medicaid_id'], category: 'government', label: 'government identifier', unless: ['country', 'expiry', 'expiration', 'issued', 'issuing', 'type', 'photo'] },
  // financial account data
  { any: ['card_number', 'card_no', 'card_num', 'cardnumber', 'cc_num', 'cc_number', 'ccn', 'credit_card', 'credit_card_number', 'creditcard', 'debit_card', 'debit_card_number', 'pan', 'cvv', 'cvc', 'cvv_2', 'card_cvv', 'card_expiry', 'iban', 'account_number', 'account_no', 'acct_num', 'acct_no', 'acct_number', 'bank_account', 'bank_account_number', 'routing_number', 'routing_no', 'sort_code', 'aba_number'], category: 'financial', label: 'financial account number', unless: ['limit', 'balance', 'utilization', 'utilisation', 'provider', 'issuer', 'brand', 'type', 'category', 'debt', 'spend', 'spending', 'payment', 'payments', 'amount', 'transactions', 'txn', 'age', 'tenure', 'open', 'opened', 'status', 'length'] },
  // health (Art. 9)
  { any: ['diagnosis', 'diagnoses', 'diagnosis_code', 'dx', 'dx_code', 'icd', 'icd_code', 'icd_9', 'icd_10', 'disease', 'diseases', 'illness', 'medical_condition', 'health_condition', 'chronic_condition', 'chronic_conditions', 'pre_existing_condition', 'preexisting_condition', 'comorbidity', 'comorbidities', 'medication', 'medications', 'prescription', 'prescriptions', 'mrn', 'medical_record', 'medical_record_number', 'medical_record_no', 'medical_history', 'insurance_member_id', 'health_insurance_id', 'member_insurance_id', 'allergy', 'allergies', 'blood_type', 'blood_group', 'lab_result', 'lab_results', 'vaccination', 'vaccination_status', 'vaccine_status', 'disability', 'disabilities', 'disability_status', 'pregnancy', 'pregnant', 'pregnancy_status', 'mental_health', 'psychiatric_history', 'hiv', 'hiv_status', 'genetic', 'genetic_data', 'genetic_marker', 'genotype', 'dna', 'dna_sequence', 'biometric', 'biometrics', 'fingerprint', 'face_embedding', 'face_encoding', 'face_image', 'voiceprint', 'retina_scan', 'symptoms', 'treatment', 'substance_abuse', 'sexual_health'], category: 'health', label: 'health data (GDPR Art. 9)', unless: ['model', 'code_system', 'version', 'group', 'arm', 'effect', 'plan', 'hash'] },
  // other Art. 9 special categories
  { any: ['race', 'ethnicity', 'ethnic', 'ethnic_origin', 'ethnic_group', 'racial', 'religion', 'religious', 'religious_belief', 'religious_affiliation', 'faith', 'political_party', 'political_affiliation', 'political_opinion', 'political_view', 'political_views', 'politics', 'trade_union', 'union_member', 'union_membership', 'sex_life', 'sexual_orientation', 'sexuality', 'philosophical_belief'], category: 'special', label: 'special-category data (GDPR Art. 9)', unless: ['condition', 'car', 'horse', 'track', 'lap'] },
  // Art. 10 criminal data
  { any: ['criminal_record', 'criminal_records', 'criminal_history', 'conviction', 'convictions', 'prior_convictions', 'criminal_offense', 'criminal_offence', 'offense_history', 'offence_history', 'arrest_record', 'arrests', 'felony', 'felonies', 'incarceration'], category: 'criminal', label: 'criminal-offence data (GDPR Art. 10)' },
  // quasi-identifiers
  { any: ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday', 'birth_year', 'year_of_birth', 'place_of_birth', 'birth_place', 'birthplace'], category: 'quasi', label: 'date or place of birth' },
  { any: ['zip', 'zipcode', 'zip_code', 'postcode', 'post_code', 'postal_code', 'postalcode'], category: 'quasi', label: 'postal code' },
  // where a place is (an antenna site, a store, a depot) is not where a person is
  { any: ['lat', 'lon', 'lng', 'latitude', 'longitude', 'gps', 'geolocation', 'geo_location', 'coordinates', 'lat_lon', 'latlong'], category: 'quasi', label: 'location', unless: ['site', 'tower', 'antenna', 'station', 'store', 'shop', 'branch', 'atm', 'warehouse', 'depot', 'plant', 'venue', 'poi', 'airport', 'merchant', 'hotel', 'restaurant', 'facility', 'hospital', 'clinic', 'school', 'office', 'sensor', 'substation', 'turbine', 'centroid', 'grid', 'tile'] },
  { any: ['salary', 'income', 'annual_income', 'monthly_income', 'household_income', 'wage', 'wages', 'net_worth'], category: 'quasi', cls: 'attribute', label: 'income', unless: ['debt', 'to', 'ratio', 'dti', 'log', 'bucket', 'band', 'bin', 'source', 'type', 'verified', 'verification'] },
  { any: ['gender', 'sex'], category: 'demographic', label: 'sex or gender' },
  { any: ['age'], category: 'demographic', label: 'age' },
  // pseudonymous record keys
  { any: ['customer_id', 'cust_id', 'user_id', 'userid', 'patient_id', 'client_id', 'member_id', 'person_id', 'employee_id', 'applicant_id', 'account_id', 'subscriber_id', 'borrower_id', 'policy_holder_id'], category: 'identifier', label: 'record identifier' },
];

const altTokenCache = new Map<string, string[]>();

/** The tokens of a pattern alternative (`date_of_birth` -> date, of, birth), split once. */
function altTokens(alt: string): string[] {
  let tokens = altTokenCache.get(alt);
  if (!tokens) altTokenCache.set(alt, (tokens = alt.split('_')));
  return tokens;
}

function containsSeq(tokens: string[], seq: string[]): number {
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The alternatives of a pattern found as a token run in the name, each with the remaining tokens,
 * skipping those where a remaining token is one of the pattern's `unless` words. Shared by the
 * personal-data and protected-attribute classifiers.
 */
function* matchingAlternatives(tokens: string[], p: { any: readonly string[]; unless?: readonly string[] }): Generator<{ alt: string; rest: string[] }> {
  for (const alt of p.any) {
    const seq = altTokens(alt);
    if (!tokens.includes(seq[0])) continue; // most names share no token with most alternatives
    const at = containsSeq(tokens, seq);
    if (at < 0) continue;
    const rest = [...tokens.slice(0, at), ...tokens.slice(at + seq.length)];
    if (p.unless && rest.some((t) => p.unless!.includes(t))) continue;
    yield { alt, rest };
  }
}

function matchPattern(tokens: string[], p: Pattern, context: string | undefined): boolean {
  for (const { alt, rest } of matchingAlternatives(tokens, p)) {
    if (p.exactish) {
      // bare `name` (or `customer_name`): every other token must qualify a person
      if (!rest.every((t) => PERSON_QUALIFIERS.has(t))) continue;
      if (rest.length === 0 && context && NON_PERSON_CONTEXT.test(context.toLowerCase())) continue;
    }
    // `address`, `street` need not be qualified; time-stamps of events are not the data itself
    if (p.category !== 'quasi' && p.category !== 'demographic' && rest.some((t) => TIME_TOKENS.includes(t)) && !['dob'].includes(alt)) continue;
    return true;
  }
  return false;
}

function isAllowed(name: string, allow: readonly string[] | undefined): boolean {
  if (!allow?.length) return false;
  const n = normalise(name);
  return allow.some((a) => normalise(a) === n);
}

/**
 * Classifies a name as personal data. Undefined when it is not personal data, when it is metadata
 * about a field (`email_template`, `num_credit_cards`), when a sanitizer is named (`email_hash`),
 * or when the project allows it.
 */
export function classifyPii(name: string, options: PiiOptions = {}): PiiMatch | undefined {
  // Rules classify the same few column names thousands of times in a large file.
  const key = `${name}\0${options.context ?? ''}\0${(options.extraNames ?? []).join('\u0001')}\0${(options.allow ?? []).join('\u0001')}`;
  if (piiCache.has(key)) return piiCache.get(key);
  const result = classifyPiiUncached(name, options);
  if (piiCache.size > 20000) piiCache.clear();
  piiCache.set(key, result);
  return result;
}

const piiCache = new Map<string, PiiMatch | undefined>();

function classifyPiiUncached(name: string, options: PiiOptions): PiiMatch | undefined {
  if (isAllowed(name, options.allow)) return undefined;
  // Python's own dunder attributes (`cls.__name__`, `__qualname__`) name code, not people
  if (/^__\w+__$/.test(name) || /\.__\w+__$/.test(name)) return undefined;
  const tokens = tokenize(name);
  if (tokens.length === 0) return undefined;
  if (tokens.some((t) => SANITISED.has(t))) return undefined;
  for (const extra of options.extraNames ?? []) {
    const seq = tokenize(extra);
    if (seq.length && containsSeq(tokens, seq) >= 0) return { category: 'other', cls: 'direct-identifier', label: 'personal data (configured)', special: false, strength: 'strong' };
  }
  // A flag or an encoding of a special category (`has_disability`, `is_pregnant`, `ethnicity_idx`)
  // still discloses it; other metadata words (`diagnosis_missing`, `email_count`) make it a non-value.
  const meta = tokens.filter((t) => META.has(t));
  const encodedOnly = meta.length > 0 && meta.every((t) => SPECIAL_ENCODING.has(t));
  if (meta.length && !encodedOnly) return undefined;
  if (tokens.length > 1 && COUNT_HEAD.has(tokens[0])) return undefined;
  for (const p of PATTERNS) {
    if (encodedOnly && !SPECIAL_CATEGORIES.has(p.category)) continue;
    if (!matchPattern(tokens, p, options.context)) continue;
    const weak = p.strength === 'weak' || (p.exactish && tokens.length === 1) || (p.label === 'postal address' && tokens.length === 1);
    return {
      category: p.category,
      cls: p.cls ?? CATEGORY_CLASS[p.category],
      label: p.label,
      special: p.category === 'health' || p.category === 'special' || p.category === 'criminal',
      strength: weak ? 'weak' : 'strong',
    };
  }
  return undefined;
}

/** Where personal data goes: each sink reports the classes configured for it. */
export type PiiSink = 'training' | 'export' | 'logging' | 'tracking' | 'load';

/** What users write in `[tool.mlguard.pii.report]`: `identifier` means both identifier classes. */
export type PiiClassSetting = 'identifier' | 'direct-identifier' | 'indirect-identifier' | 'special-category' | 'attribute';

export const PII_CLASS_SETTINGS: readonly PiiClassSetting[] = ['identifier', 'direct-identifier', 'indirect-identifier', 'special-category', 'attribute'];

/**
 * Defaults per sink. Training on identifiers is needless (a model should not learn who someone
 * is: Art. 5(1)(c) data minimisation) and Art. 9 data needs an Art. 9(2) condition; an income
 * column in a credit model is the purpose of the processing, so attributes are off by default.
 */
export const PII_SINK_DEFAULTS: Readonly<Record<PiiSink, readonly PiiClassSetting[]>> = {
  training: ['identifier', 'special-category'],
  export: ['identifier', 'special-category'],
  logging: ['identifier', 'special-category'],
  tracking: ['identifier', 'special-category'],
  load: ['identifier', 'special-category'],
};

/** True when a class is reported at a sink under the given per-sink settings. */
export function classReported(cls: PiiClass, settings: readonly PiiClassSetting[]): boolean {
  if (cls === 'none') return false;
  return settings.some((s) => s === cls || (s === 'identifier' && (cls === 'direct-identifier' || cls === 'indirect-identifier')));
}

/** Personal data that some sink may report (anything but `none`), e.g. for the asset inventory. */
export function isSensitivePii(match: PiiMatch | undefined): match is PiiMatch {
  return !!match && match.cls !== 'none';
}

// ---------------------------------------------------------------------------------------------
// Protected attributes (FAIR)

export type ProtectedAttribute =
  | 'sex or gender'
  | 'race or ethnicity'
  | 'age'
  | 'religion'
  | 'marital status'
  | 'national origin'
  | 'disability'
  | 'pregnancy'
  | 'sexual orientation'
  | 'configured protected attribute';

export interface ProtectedMatch {
  attribute: ProtectedAttribute;
}

export interface ProtectedOptions {
  extraAttributes?: readonly string[];
  allow?: readonly string[];
}

/** Things that have an age that is not a person's age. */
const NON_PERSON_AGE = new Set([
  'account', 'acct', 'vehicle', 'veh', 'car', 'auto', 'loan', 'policy', 'credit', 'device', 'house', 'home',
  'building', 'property', 'item', 'product', 'mortgage', 'card', 'contract', 'tenure', 'relationship',
  'employment', 'job', 'file', 'model', 'data', 'cache', 'ttl', 'page', 'session', 'record', 'debt',
  'asset', 'equipment', 'tree', 'roof', 'phone', 'battery', 'vintage', 'business', 'company', 'firm',
  'store', 'listing', 'post', 'content', 'document', 'doc', 'message', 'ticket', 'claim', 'subscription',
  'plan', 'membership', 'customer_since', 'since', 'oldest_account', 'trade', 'line', 'history',
  'address', 'residence', 'job', 'position', 'machine', 'engine', 'aircraft', 'ship', 'bond', 'position',
  'inventory', 'stock', 'invoice', 'order', 'transaction', 'txn', 'snapshot', 'cookie', 'token', 'key',
  'password', 'pwd', 'cert', 'certificate', 'feature', 'sample', 'event', 'lead', 'opportunity', 'case',
  'usage', 'site', 'cell', 'tower', 'antenna', 'network', 'node', 'server', 'host', 'sensor', 'meter', 'firmware',
  'software', 'version', 'release', 'build', 'link', 'commit', 'branch',
]);
/** Duration units a person's age is never given in (`usage_age_h`, `cache_age_ms`). */
const DURATION_UNITS = new Set(['days', 'months', 'hours', 'minutes', 'seconds', 'h', 'hrs', 'min', 'mins', 'sec', 'secs', 'ms']);

interface ProtectedPattern {
  any: string[];
  attribute: ProtectedAttribute;
  unless?: string[];
}

const PROTECTED: ProtectedPattern[] = [
  { any: ['sex', 'gender', 'is_female', 'is_male', 'female', 'male', 'gender_identity'], attribute: 'sex or gender', unless: ['neutral', 'pronoun_count', 'ratio', 'balance', 'gap'] },
  { any: ['race', 'racial', 'ethnicity', 'ethnic', 'ethnic_origin', 'ethnic_group', 'skin_color', 'skin_colour', 'skin_tone'], attribute: 'race or ethnicity', unless: ['car', 'horse', 'track', 'lap', 'condition', 'time', 'pace', 'distance', 'id', 'number', 'day', 'date', 'course', 'results', 'result', 'winner', 'position', 'laps', 'type', 'grade', 'class'] },
  { any: ['age', 'age_group', 'age_band', 'age_bucket', 'age_bin', 'age_range', 'age_years', 'age_cat', 'dob', 'date_of_birth', 'birth_date', 'birthdate', 'birth_year', 'year_of_birth', 'senior_citizen', 'seniorcitizen', 'is_senior'], attribute: 'age' },
  { any: ['religion', 'religious', 'religious_belief', 'religious_affiliation', 'faith'], attribute: 'religion' },
  { any: ['marital', 'marital_status', 'married', 'is_married', 'civil_status', 'marriage'], attribute: 'marital status' },
  { any: ['nationality', 'national_origin', 'citizenship', 'country_of_birth', 'native_country', 'birth_country', 'country_of_origin', 'immigration_status', 'immigrant'], attribute: 'national origin', unless: ['product', 'item', 'goods', 'manufacturer', 'shipment'] },
  { any: ['disability', 'disabled', 'disabilities', 'disability_status', 'handicap', 'impairment'], attribute: 'disability' },
  { any: ['pregnancy', 'pregnant', 'pregnancy_status', 'maternity'], attribute: 'pregnancy' },
  { any: ['sexual_orientation', 'sexuality'], attribute: 'sexual orientation' },
];

/** Classifies a name as a protected attribute (fairness), e.g. `gender`, `applicant_age`, `race`. */
export function classifyProtected(name: string, options: ProtectedOptions = {}): ProtectedMatch | undefined {
  if (isAllowed(name, options.allow)) return undefined;
  const tokens = tokenize(name);
  if (tokens.length === 0) return undefined;
  for (const extra of options.extraAttributes ?? []) {
    const seq = tokenize(extra);
    if (seq.length && containsSeq(tokens, seq) >= 0) return { attribute: 'configured protected attribute' };
  }
  // an encoding or flag of the attribute (`gender_idx`, `has_disability`, `race_flag`) is still the attribute
  if (tokens.some((t) => META.has(t) && t !== 'label' && !SPECIAL_ENCODING.has(t))) return undefined;
  if (tokens.length > 1 && COUNT_HEAD.has(tokens[0])) return undefined;
  for (const p of PROTECTED) {
    for (const { rest } of matchingAlternatives(tokens, p)) {
      if (p.attribute === 'age' && rest.some((t) => NON_PERSON_AGE.has(t) || DURATION_UNITS.has(t))) continue;
      return { attribute: p.attribute };
    }
  }
  return undefined;
}
