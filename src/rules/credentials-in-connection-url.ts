import { HARDCODED_CREDENTIAL_REFERENCES } from './family-references';
import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { bindingOf, classifySecretName, envLookupFix, envNameFor, findTokens, isPlaceholder, splitIdentifier, literalValue, type Binding } from '../engine/secrets';

// scheme://user:password@host — bounded classes keep the scan linear. \u0001 marks an f-string interpolation.
const URL_CREDENTIALS = /([A-Za-z][A-Za-z0-9+.-]{0,30}):\/\/([^\s:@/?#'"]{0,256}):([^\s@/'"]{1,256})@([^\s/?#'"]{1,256})/g;
const QUERY_PARAM = /[?&]([A-Za-z][A-Za-z0-9_.-]{0,63})=([^&#\s'"]{1,512})/g;
const KV_SECRET = /(?:^|[;\s])(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=\s*(\{[^}]{1,256}\}|[^;'"\s]{1,512})/gi;
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal)(?::\d+)?$/i;
const INTERP = '\u0001';

/** Literal text of a string with interpolations replaced by a marker (f-strings), or the plain value. */
function template(node: SyntaxNode): string | undefined {
  const plain = literalValue(node);
  if (plain !== undefined) return plain;
  const parts = node.type === 'concatenated_string' ? node.namedChildren : [node];
  let out = '';
  for (const part of parts) {
    if (!part || part.type !== 'string') return undefined;
    for (const c of part.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') out += c.text;
      else if (c.type === 'interpolation') out += INTERP;
      else if (c.type === 'escape_sequence') out += c.text;
    }
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function realSecret(value: string, min: number): boolean {
  if (value.includes(INTERP) || value.length < min) return false;
  const v = decode(value).replace(/^\{|\}$/g, '');
  return !isPlaceholder(v) && !isPlaceholder(value) && !/^[A-Z][A-Z0-9_]*$/.test(v);
}

interface Hit {
  what: string;
  secret: string;
  scheme: string;
  /** A URL, or a key=value connection string. */
  form: 'url' | 'kv';
}

function findCredential(text: string): Hit | undefined {
  if (text.includes('://')) {
    if (text.includes('@')) {
      for (const m of text.matchAll(URL_CREDENTIALS)) {
        const [, scheme, , password, host] = m;
        if (LOCAL_HOST.test(host) || !realSecret(password, 3)) continue;
        return { what: `the password of the \`${scheme}://\` URL`, secret: password, scheme: scheme.toLowerCase(), form: 'url' };
      }
    }
    if (text.includes('=')) {
      for (const m of text.matchAll(QUERY_PARAM)) {
        const [, name, value] = m;
        if (name.toLowerCase() !== 'sig' && !classifySecretName(name)) continue;
        if (!realSecret(value, 8)) continue;
        const scheme = /^([A-Za-z][A-Za-z0-9+.-]{0,30}):\/\//.exec(text)?.[1] ?? 'http';
        return { what: `the \`${name}\` query parameter of a URL`, secret: value, scheme: scheme.toLowerCase(), form: 'url' };
      }
    }
  }
  if (text.includes('=') && /password|pwd|accountkey|sharedaccess/i.test(text)) {
    const pairs = text.match(/[A-Za-z][\w ]{0,40}=/g)?.length ?? 0;
    if (pairs < 2) return undefined; // one `password=` alone is a format string or a log line, not a connection string
    for (const m of text.matchAll(KV_SECRET)) {
      const [, key, value] = m;
      if (!realSecret(value, 4)) continue;
      return { what: `\`${key}=\` in a connection string`, secret: value.replace(/^\{|\}$/g, ''), scheme: /accountkey|sharedaccess/i.test(key) ? 'azure' : 'db', form: 'kv' };
    }
  }
  return undefined;
}

const SCHEME_ENV: [RegExp, string][] = [
  [/^db$/, 'DATABASE_CONNECTION_STRING'],
  [/^(?:postgres|postgresql|mysql|mariadb|mssql|oracle|sqlite|cockroachdb|snowflake|redshift)(?:\+|$)/, 'DATABASE_URL'],
  [/^mongodb/, 'MONGODB_URI'],
  [/^rediss?$/, 'REDIS_URL'],
  [/^amqps?$/, 'AMQP_URL'],
  [/^azure$/, 'AZURE_STORAGE_CONNECTION_STRING'],
  [/^https?$/, 'SERVICE_URL'],
];
const URL_WORDS = new Set(['url', 'uri', 'dsn', 'endpoint', 'string', 'conn', 'connection', 'str']);

function envNameForUrl(binding: Binding | undefined, hit: Hit): string {
  const words = binding?.name ? splitIdentifier(binding.name).map((w) => w.toLowerCase()) : [];
  const generic = words.length === 0 || words.every((w) => URL_WORDS.has(w) || w === 'database' || w === 'db');
  if (binding?.name && binding.kind !== 'positional' && !generic) {
    const own = envNameFor(binding.name);
    return URL_WORDS.has(words[words.length - 1]) ? own : `${own}${hit.form === 'kv' ? '_CONNECTION_STRING' : '_URL'}`;
  }
  if (binding?.call?.method === 'set_tracking_uri' || binding?.call?.method === 'set_registry_uri') return 'MLFLOW_TRACKING_URI';
  for (const [re, name] of SCHEME_ENV) if (re.test(hit.scheme)) return name;
  return `${hit.scheme.replace(/[^a-z0-9]+/g, '_').toUpperCase()}_URL`;
}

function check(ctx: RuleContext): void {
  for (const node of ctx.facts.strings) {
    if (node.endIndex - node.startIndex < 12) continue;
    // Docstrings hold documentation examples (`?access_token=kjfch2345sdf`); SEC001 still scans them for real token shapes.
    const parent = ctx.facts.stringParent(node);
    if (parent?.type === 'expression_statement' && parent.namedChildCount === 1) continue;
    const raw = node.text;
    if (!raw.includes('://') && !raw.includes('=')) continue;
    const text = template(node);
    if (text === undefined) continue;
    const hit = findCredential(text);
    if (!hit) continue;
    if (findTokens(raw, { includePlaceholders: true }).length > 0) continue; // SEC001 reports provider tokens, URL or not
    const binding = bindingOf(node, ctx.facts);
    const envName = envNameForUrl(binding, hit);
    const fix = literalValue(node) !== undefined ? envLookupFix(ctx, node, binding?.kind === 'positional' ? undefined : binding, envName) : undefined;
    ctx.report({
      node,
      message:
        `Credential hardcoded as ${hit.what}: the secret travels with the code and with every log line, traceback or tracking record that prints the URL (CWE-798, GDPR Art. 32). ` +
        `Keep the whole URL in the environment (\`os.environ["${envName}"]\`) or a secret manager.`,
      fixes: fix ? [fix] : [],
      secrets: [hit.secret, decode(hit.secret)],
    });
  }
}

export const credentialsInConnectionUrl: Rule = {
  meta: {
    id: 'SEC003',
    name: 'credentials-in-connection-url',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'Password or key written into a connection URL or connection string',
    fixTitle: 'Read the connection URL from an environment variable',
    fixAvailability: 'sometimes',
    docs: {
      what:
        'Reports string literals (and f-strings whose password part is literal text) containing `scheme://user:password@host` (PostgreSQL, MySQL, MongoDB incl. +srv, Redis, AMQP, SQLAlchemy dialect+driver URLs, MLflow and other HTTP(S) tracking URIs), a secret-named query parameter (`?api_key=`, `&token=`, Azure SAS `sig=`), or `Password=` / `Pwd=` / `AccountKey=` / `SharedAccessKey=` in a key=value connection string. Not reported: docstrings (documentation examples), placeholders (`<password>`, `{password}`, `${DB_PASS}`, `%s`, `****`), interpolated passwords, and hosts that are the local machine (localhost, 127.x, ::1), whose credentials are local development defaults.',
      why:
        'A URL with a password is a credential that travels further than most: it is logged, printed in tracebacks and stored by experiment trackers and orchestration tools. CWE-798; GDPR Art. 32 (confidentiality of the systems holding personal data).',
      example: {
        bad: 'engine = create_engine("postgresql://ml:Sup3rS3cret@db.internal:5432/features")',
        good: 'import os\n\nengine = create_engine(os.environ["DATABASE_URL"])',
      },
      fixSafety:
        'Unsafe: replaces the whole URL literal with `os.environ["NAME"]` (NAME from the bound name, e.g. `FEATURE_DB_URL`, else from the scheme: DATABASE_URL, MONGODB_URI, REDIS_URL, AMQP_URL, MLFLOW_TRACKING_URI), adding `import os` when needed. The program then needs the variable set to the full URL. No fix for f-strings.',
    },
    references: HARDCODED_CREDENTIAL_REFERENCES,
  },
  check,
};
