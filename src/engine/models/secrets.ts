// Knowledge for the SEC rules kept as data: what a placeholder looks like, which configuration
// keys of Spark / Hadoop / cloud connectors carry a credential, and which call parameters are used
// as a credential or key. The rules and src/engine/secrets/ read these tables.
import { lookupTable } from '../lookup-table';

// ---- placeholders ----------------------------------------------------------------------------

/** Whole values that name a secret or a setting instead of being one (compared lower-case). */
export const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'apikey', 'api_key', 'api-key', 'key', 'none', 'null',
  'nil', 'undefined', 'true', 'false', 'yes', 'no', 'test', 'testing', 'default', 'required', 'optional', 'auto', 'env',
  'environment', 'unset', 'empty', 'n/a', 'na', 'tbd', 'todo', 'notset', 'not-set', 'not_set', 'missing', 'bearer',
  'basic', 'oauth', 'oauth2', 'hidden', 'masked', 'redacted', 'secret_key', 'secret-key', 'access_token', 'header',
  'query', 'keyring', 'vault', 'aws', 'gcp', 'azure', 'local', 'disabled', 'enabled', 'off', 'on', 'string', 'str',
  'bytes', 'text', 'digest', 'sha256', 'md5', 'plain', 'plaintext', 'client_credentials', 'authorization_code',
  'refresh_token', 'id_token', 'password_grant', 'user', 'username', 'admin_password', 'db_password', 'mypassword',
  'mysecret', 'mytoken', 'myapikey', 'secretkey', 'secret-token', 'dummy', 'fake', 'sample', 'example', 'placeholder',
]);

/**
 * Words that, as a whole word of the value (split at separators and case humps), mark it as an
 * instruction or a stand-in: `your-api-key-here`, `example-key`, `DUMMY_TOKEN`. Matched as words,
 * never as substrings, so random key material that happens to contain `tbd` or `fake` still counts.
 * Decision (SEC002 docs): `changeme` / `changeit` are NOT here: they are default credentials that
 * ship unchanged (CWE-1392).
 */
export const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'your', 'yours', 'placeholder', 'example', 'examples', 'dummy', 'redacted', 'sample', 'fake', 'todo', 'tbd', 'fixme',
  'replaceme', 'insertme', 'notreal', 'xxx',
]);

/** First words of an instruction to the reader: `insert-token`, `ENTER_KEY_HERE`. */
export const INSTRUCTION_VERBS: ReadonlySet<string> = new Set(['put', 'insert', 'enter', 'replace', 'fill', 'add', 'set', 'paste', 'change']);

/** Last words of an instruction: `token-here`, `REPLACE_ME`. */
export const INSTRUCTION_ENDINGS: ReadonlySet<string> = new Set(['here', 'me']);

/** Documentation values published by providers (AWS docs, jwt.io): never real. */
export const KNOWN_EXAMPLE_VALUES: readonly string[] = ['AKIAIOSFODNN7EXAMPLE', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

/** Counting and keyboard runs that stand for "some value" (`1234567890`, `abcdefgh`), matched at the start. */
export const SEQUENCES: readonly string[] = ['0123456789', '1234567890', 'abcdefgh', 'qwertyuiop'];

/** Characters used to mask a value (`sk-****`, `ab••••cd`, `xxxx`): a run of 4 of them is a mask. */
export const MASK_CHARACTERS = 'xX*•#';

/**
 * A value is a repeated-character stand-in (`aaaaaaaa`, `sk-000000000000`) when one run covers
 * more than this share of its letters and digits. Random keys may contain a run; they are not dominated by it.
 */
export const DOMINANT_RUN_SHARE = 0.5;

// ---- credentials in configuration pairs -------------------------------------------------------

export interface CredentialConfigKey {
  /** Whole configuration key (after stripping SPARK_HADOOP_PREFIX). */
  pattern: RegExp;
  kind: 'password' | 'token' | 'key' | 'secret';
  /** What the value is, for the message. */
  what: string;
  /** Environment variable the fix reads; `$1` is the first capture group of `pattern`. */
  envName: string;
}

/**
 * Configuration keys whose value is a credential, in Spark / Hadoop connectors and cloud storage
 * settings (`.config(key, value)`, `conf.set(key, value)`, `hadoopConfiguration().set(...)`,
 * `.option(key, value)`, `setAll([(key, value)])`, `{key: value}`). Access key IDs are identifiers,
 * not secrets (SEC001 still reports an `AKIA...` literal by its shape).
 */
export const CREDENTIAL_CONFIG_KEYS: readonly CredentialConfigKey[] = [
  // Hadoop S3A (incl. per-bucket `fs.s3a.bucket.<b>.secret.key`) and the legacy s3/s3n connectors
  { pattern: /^fs\.s3a\.(?:bucket\.[^.\s]+\.)?secret\.key$/, kind: 'key', what: 'S3 secret access key', envName: 'AWS_SECRET_ACCESS_KEY' },
  { pattern: /^fs\.s3a\.(?:bucket\.[^.\s]+\.)?session\.token$/, kind: 'token', what: 'S3 session token', envName: 'AWS_SESSION_TOKEN' },
  { pattern: /^fs\.s3a\.(?:bucket\.[^.\s]+\.)?(?:encryption|server-side-encryption)\.key$/, kind: 'key', what: 'S3 encryption key', envName: 'S3_ENCRYPTION_KEY' },
  { pattern: /^fs\.s3n?\.awsSecretAccessKey$/, kind: 'key', what: 'S3 secret access key', envName: 'AWS_SECRET_ACCESS_KEY' },
  // Azure storage: WASB / ABFS account keys and SAS tokens, OAuth client secrets
  { pattern: /^fs\.azure\.account\.key(?:\.\S+)?$/, kind: 'key', what: 'Azure storage account key', envName: 'AZURE_STORAGE_KEY' },
  { pattern: /^fs\.azure\.sas\.(?:fixed\.token\.)?\S+$/, kind: 'token', what: 'Azure SAS token', envName: 'AZURE_STORAGE_SAS_TOKEN' },
  { pattern: /^fs\.azure\.account\.oauth2\.client\.secret(?:\.\S+)?$/, kind: 'secret', what: 'Azure OAuth client secret', envName: 'AZURE_CLIENT_SECRET' },
  { pattern: /^(?:fs\.adl|dfs\.adls)\.oauth2\.credential$/, kind: 'secret', what: 'Azure Data Lake OAuth credential', envName: 'AZURE_CLIENT_SECRET' },
  // Google Cloud Storage connector
  { pattern: /^(?:fs\.gs|google\.cloud)\.auth\.service\.account\.private\.key$/, kind: 'key', what: 'GCS service-account private key', envName: 'GCS_PRIVATE_KEY' },
  { pattern: /^fs\.gs\.auth\.client\.secret$/, kind: 'secret', what: 'GCS OAuth client secret', envName: 'GCS_CLIENT_SECRET' },
  // Alibaba OSS, Tencent COS, Huawei OBS
  { pattern: /^fs\.oss\.accessKeySecret$/, kind: 'key', what: 'OSS access key secret', envName: 'OSS_ACCESS_KEY_SECRET' },
  { pattern: /^fs\.cosn\.userinfo\.secretKey$/, kind: 'key', what: 'COS secret key', envName: 'COS_SECRET_KEY' },
  { pattern: /^fs\.obs\.secret\.key$/, kind: 'key', what: 'OBS secret key', envName: 'OBS_SECRET_KEY' },
  // Spark itself: RPC authentication secret, SSL key-store passwords, secrets passed to executors
  { pattern: /^spark\.authenticate\.secret$/, kind: 'secret', what: 'Spark authentication secret', envName: 'SPARK_AUTHENTICATE_SECRET' },
  { pattern: /^spark\.ssl(?:\.[A-Za-z]+)?\.(?:keyPassword|keyStorePassword|trustStorePassword)$/, kind: 'password', what: 'Spark SSL key-store password', envName: 'SPARK_SSL_PASSWORD' },
  { pattern: /^spark\.(?:executorEnv|yarn\.appMasterEnv|kubernetes\.driverEnv)\.([A-Z0-9_]*(?:SECRET|PASSWORD|TOKEN|API_KEY|ACCESS_KEY)[A-Z0-9_]*)$/, kind: 'secret', what: 'secret passed to Spark executors', envName: '$1' },
];

/** Hadoop keys reach Spark prefixed with `spark.hadoop.`; it is stripped before matching. */
export const SPARK_HADOOP_PREFIX = 'spark.hadoop.';

// ---- auth / crypto calls whose parameter is a credential --------------------------------------

export interface AuthParam {
  /** Qualified callee names, or `.method` for any receiver. */
  callees: readonly string[];
  index: number;
  keyword?: string;
  /** What the value is, for the message. */
  what: string;
  envName: string;
  /** Keys: any non-marker value counts (a weak key is still a key). Passwords: placeholders excluded. */
  kind: 'key' | 'password';
  /** Number of positional arguments the call must have (for generic method names such as login). */
  positionalCount?: number;
}

export const AUTH_PARAMS: readonly AuthParam[] = [
  { callees: ['jwt.encode', 'jwt.decode', 'jose.jwt.encode', 'jose.jwt.decode'], index: 1, keyword: 'key', what: 'JWT signing key', envName: 'JWT_SECRET', kind: 'key' },
  { callees: ['hmac.new', 'hmac.digest', 'hmac.HMAC'], index: 0, keyword: 'key', what: 'HMAC key', envName: 'HMAC_KEY', kind: 'key' },
  { callees: ['cryptography.fernet.Fernet'], index: 0, keyword: 'key', what: 'Fernet encryption key', envName: 'FERNET_KEY', kind: 'key' },
  { callees: ['Crypto.Cipher.AES.new', 'Cryptodome.Cipher.AES.new', 'AES.new'], index: 0, keyword: 'key', what: 'AES key', envName: 'ENCRYPTION_KEY', kind: 'key' },
  {
    callees: ['itsdangerous.URLSafeTimedSerializer', 'itsdangerous.URLSafeSerializer', 'itsdangerous.Serializer', 'itsdangerous.TimedSerializer', 'itsdangerous.Signer', 'itsdangerous.TimestampSigner'],
    index: 0,
    keyword: 'secret_key',
    what: 'signing secret',
    envName: 'SECRET_KEY',
    kind: 'key',
  },
  { callees: ['wandb.login'], index: 1, keyword: 'key', what: 'Weights & Biases API key', envName: 'WANDB_API_KEY', kind: 'password' },
  { callees: ['huggingface_hub.login'], index: 0, what: 'Hugging Face token', envName: 'HF_TOKEN', kind: 'password' },
  {
    callees: ['requests.auth.HTTPBasicAuth', 'requests.auth.HTTPDigestAuth', 'requests.auth.HTTPProxyAuth', 'requests.HTTPBasicAuth', 'aiohttp.BasicAuth', 'httpx.BasicAuth', 'httpx.DigestAuth'],
    index: 1,
    what: 'HTTP password',
    envName: 'HTTP_PASSWORD',
    kind: 'password',
  },
  { callees: ['.login'], index: 1, what: 'login password', envName: 'LOGIN_PASSWORD', kind: 'password', positionalCount: 2 },
  { callees: ['pymysql.connect', 'MySQLdb.connect', 'MySQLdb.Connect', 'pymysql.connections.Connection'], index: 2, what: 'database password', envName: 'DB_PASSWORD', kind: 'password' },
  { callees: ['redis.Redis', 'redis.StrictRedis', 'redis.client.Redis'], index: 3, what: 'Redis password', envName: 'REDIS_PASSWORD', kind: 'password' },
  { callees: ['ldap3.Connection'], index: 2, what: 'LDAP password', envName: 'LDAP_PASSWORD', kind: 'password' },
  { callees: ['.simple_bind_s', '.simple_bind', '.bind_s'], index: 1, what: 'LDAP password', envName: 'LDAP_PASSWORD', kind: 'password', positionalCount: 2 },
  { callees: ['keyring.set_password'], index: 2, what: 'password', envName: 'SERVICE_PASSWORD', kind: 'password' },
];

/** Provider SDK modules whose generic `api_key=` / `token=` should become the provider's variable. */
export const PROVIDER_ENV_PREFIX = lookupTable<string>({
  openai: 'OPENAI', anthropic: 'ANTHROPIC', stripe: 'STRIPE', wandb: 'WANDB', huggingface_hub: 'HF', groq: 'GROQ',
  replicate: 'REPLICATE', cohere: 'COHERE', mistralai: 'MISTRAL', pinecone: 'PINECONE', sendgrid: 'SENDGRID',
  twilio: 'TWILIO', langsmith: 'LANGSMITH', together: 'TOGETHER', comet_ml: 'COMET', neptune: 'NEPTUNE',
  google: 'GOOGLE', github: 'GITHUB', slack_sdk: 'SLACK', databricks: 'DATABRICKS', clearml: 'CLEARML',
});

// ---- credentials set by SQL text ---------------------------------------------------------------

/**
 * SQL statements that set a credential by name inside a query string: DuckDB / Postgres
 * `SET s3_secret_access_key='...'`, `SET azure_storage_connection_string = '...'`, and DuckDB
 * `CREATE SECRET (TYPE S3, KEY_ID '...', SECRET '...')`. Group 1 is the setting's name, group 2
 * the value; the name is judged like any bound name.
 */
export const SQL_CREDENTIAL_SETTINGS: readonly RegExp[] = [
  /\bSET\s+(?:GLOBAL\s+|SESSION\s+)?([A-Za-z_][\w.]*)\s*(?:=|\bTO\b)\s*'([^']+)'/gi,
  /\b(SECRET|SESSION_TOKEN|PASSWORD|TOKEN)\s+'([^']+)'/g,
];
