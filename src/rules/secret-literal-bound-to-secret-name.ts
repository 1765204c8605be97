import { HARDCODED_CREDENTIAL_REFERENCES } from './family-references';
import { lineMention, type Rule, type RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { stringConstant } from '../engine/constants';
import { stringValue } from '../engine/ast';
import { SQL_CREDENTIAL_SETTINGS } from '../engine/models/secrets';
import {
  bindingOf,
  boundSecret,
  credentialConfigUses,
  envLookupFix,
  envNameFor,
  envNameForBinding,
  envNameForConstant,
  findTokens,
  looksLikeSecretValue,
  secretNamedUses,
  classifySecretName,
  AUTH_SCHEME,
  type Binding,
  type SecretKind,
} from '../engine/secrets';

const KIND_WORD: Record<SecretKind, string> = {
  password: 'password',
  token: 'token',
  key: 'secret key',
  secret: 'secret',
  credential: 'credential',
  auth: 'authorization credential',
};

function describe(binding: Binding): string {
  switch (binding.kind) {
    case 'env-default':
      return `as the fallback of \`${binding.display}\``;
    case 'get-default':
      return `as the default of \`${binding.display}\``;
    case 'parameter':
      return `as the default of ${binding.display}`;
    case 'option-default':
      return `as the default of the \`${binding.name}\` option`;
    case 'comparison':
      return `in a ${binding.display.replace(/^comparison with /, 'comparison with `')}\``;
    case 'environ':
      return `written to \`${binding.display}\``;
    default:
      return `in \`${binding.display}\``;
  }
}

function how(binding: Binding, envName: string): string {
  if (binding.kind === 'env-default') return `Drop the fallback so a missing variable fails loudly, and set \`${binding.name}\` outside the code.`;
  if (binding.kind === 'environ') return `Set \`${binding.name}\` in the deployment environment or a secret manager instead.`;
  return `Read it from the environment (\`os.environ["${envName}"]\`) or a secret manager.`;
}

function check(ctx: RuleContext): void {
  const reported = new Set<number>();
  for (const node of ctx.facts.strings) {
    const found = boundSecret(node, ctx.facts);
    if (!found) continue;
    const { binding, value, kind } = found;
    const kindWord = found.config?.what ?? kindWordFor(kind, found.tokens);
    const fallback = /^(?:authorization|auth|bearer)$/i.test(binding.name) ? 'API_TOKEN' : envNameFor(binding.name);
    const envName = found.config?.envName ?? envNameForBinding(binding, ctx.facts, fallback, envNameFor);
    const fix = envLookupFix(ctx, node, binding, envName);
    const cwe = kind === 'password' ? 'CWE-259' : 'CWE-798';
    reported.add(node.id);
    ctx.report({
      node,
      message: `Hardcoded ${kindWord} ${describe(binding)}: anyone who can read this code has the credential, and rotating it needs a code change (${cwe}, GDPR Art. 32). ${how(binding, envName)}`,
      fixes: fix ? [fix] : [],
      secrets: [value, value.trim(), value.trim().replace(AUTH_SCHEME, '')],
    });
  }
  // A constant passed to a credential configuration key: `SK = "..."` ... `.config("fs.s3a.secret.key", SK)`.
  reportConstantUses(
    ctx,
    reported,
    credentialConfigUses(ctx.facts).map((use) => ({ value: use.value, scope: use.scope, slot: use.key, what: use.config.entry.what, kind: use.config.entry.kind, envName: (name: string) => envNameForConstant(name, use.config.envName) })),
  );
  // A constant given to a secret-named slot (`headers={"X-Api-Key": PARTNER_KEY}`, `api_key=K`).
  reportConstantUses(
    ctx,
    reported,
    secretNamedUses(ctx.facts).map((use) => ({ value: use.value, scope: use.scope, slot: use.name, what: kindWordFor(use.secret.kind, use.secret.tokens), kind: use.secret.kind, envName: (name: string) => envNameForConstant(name, envNameFor(name)) })),
  );
  reportSqlSettings(ctx, reported);
}

/** `api_key` -> "API key", otherwise the kind's word. */
function kindWordFor(kind: SecretKind, tokens: readonly string[]): string {
  return kind === 'key' && tokens.includes('api') ? 'API key' : KIND_WORD[kind];
}

interface ConstantUse {
  /** The non-literal value given to the slot (resolved to a constant here). */
  value: SyntaxNode;
  scope?: SyntaxNode;
  /** The slot's name, as the message shows it (`fs.s3a.secret.key`, `X-Api-Key`). */
  slot: string;
  what: string;
  kind: SecretKind;
  envName: (constantName: string) => string;
}

/** Reports, at its literal, each string constant given to a credential slot, once per literal. */
function reportConstantUses(ctx: RuleContext, reported: Set<number>, uses: readonly ConstantUse[]): void {
  for (const use of uses) {
    const constant = stringConstant(use.value, ctx.facts, use.scope);
    if (!constant || reported.has(constant.literal.id)) continue;
    if (!looksLikeSecretValue(constant.value, use.kind) || findTokens(constant.literal.text, { includePlaceholders: true }).length > 0) continue;
    reported.add(constant.literal.id);
    const envName = use.envName(constant.name);
    const binding = bindingOf(constant.literal, ctx.facts);
    const fix = envLookupFix(ctx, constant.literal, binding, envName);
    const line = lineMention(use.value.startIndex);
    ctx.report({
      node: constant.literal,
      message: `Hardcoded ${use.what} in \`${constant.name}\`, used as \`${use.slot}\` on line ${line}: anyone who can read this code has the credential, and rotating it needs a code change (${use.kind === 'password' ? 'CWE-259' : 'CWE-798'}, GDPR Art. 32). Read it from the environment (\`os.environ["${envName}"]\`) or a secret manager.`,
      related: [{ node: use.value, message: `\`${constant.name}\` is used as \`${use.slot}\` here` }],
      fixes: fix ? [fix] : [],
      secrets: [constant.value, constant.value.trim()],
    });
  }
}

/** Credentials set by name inside SQL text (`con.execute("SET s3_secret_access_key='...'")`). */
function reportSqlSettings(ctx: RuleContext, reported: Set<number>): void {
  for (const node of ctx.facts.strings) {
    if (reported.has(node.id) || !/\b(SET|SECRET)\b/i.test(node.text)) continue;
    const text = stringValue(node);
    if (text === undefined) continue;
    for (const re of SQL_CREDENTIAL_SETTINGS) {
      const hit = [...text.matchAll(re)].map((m) => ({ name: m[1], value: m[2], secret: classifySecretName(m[1]) ?? (/^secret$/i.test(m[1]) ? { kind: 'secret' as const, tokens: ['secret'] } : undefined) })).find((h) => h.secret && looksLikeSecretValue(h.value, h.secret.kind));
      if (!hit?.secret) continue;
      reported.add(node.id);
      ctx.report({
        node,
        message: `Hardcoded ${KIND_WORD[hit.secret.kind]} set as \`${hit.name}\` in SQL text: anyone who can read this code has the credential, and rotating it needs a code change (CWE-798, GDPR Art. 32). Pass it from the environment (e.g. a query parameter or an f-string of \`os.environ[...]\`) or use the engine's credential chain.`,
        fixes: [],
        secrets: [hit.value],
      });
      break;
    }
  }
}

export const secretLiteralBoundToSecretName: Rule = {
  meta: {
    id: 'SEC002',
    name: 'secret-literal-bound-to-secret-name',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'medium',
    title: 'String literal assigned, passed or defaulted to a password / token / API-key name',
    fixTitle: 'Read the value from an environment variable',
    fixAvailability: 'sometimes',
    docs: {
      what:
        'Reports a non-placeholder string literal bound to a secret-like name: a variable, attribute, keyword argument, dict key, `os.environ[...] =` target, `os.getenv(..., default)` / `.get(key, default)` fallback, function parameter default, command-line option default, pydantic `SecretStr(...)` / `Field(default=...)` value (named by the field), or `==` comparison; and credentials given to Spark / Hadoop / cloud-storage configuration keys (`.config("spark.hadoop.fs.s3a.secret.key", ...)`, `spark.conf.set("fs.azure.account.key.<account>...", ...)`, `hadoopConfiguration().set(...)`, `SparkConf().set(...)` / `setAll([...])`, `.option(...)`, `{key: value}` dicts; the keys are a data table), also when the value is a module or function constant holding the literal (`SK = "..."` ... `conf.set("fs.s3a.secret.key", SK)`: reported at the literal). A constant whose own name says nothing (`PARTNER = "..."`) is reported when it is given to a secret-named keyword or dict key (`api_key=PARTNER`, `headers={"X-Api-Key": PARTNER}`), and credentials set by name in SQL text (`SET s3_secret_access_key=\'...\'`, DuckDB `CREATE SECRET (..., SECRET \'...\')`) are reported at the query string. Names are tokenised (snake_case, camelCase, ALLCAPS compounds such as DATABASEPASSWORD) and judged by their head word, so `max_tokens`, `token_count`, `NextToken`, `pad_token`, `public_key`, `password_min_length`, `secret_name`, `token_env` and `auth_type` are not secret names. Not reported: env lookups, empty strings, true placeholders (`<...>`, `${...}`, `{{...}}`, `{name}`, `%s`, masks such as `xxxx` / `***`, instructions such as `your-...-here` / `REPLACE_ME` / `ENTER_KEY_HERE`, stand-in words such as `example` / `dummy` / `fake` / `todo` as whole words of a readable value, one repeated character or a run over half the value such as `0000000000000000`, counting runs such as `1234567890`, and published documentation values), env-var names (`"HF_TOKEN"`), paths, URLs (SEC003 judges those), prose with spaces, and values shorter than 4 characters (passwords) or 6-8 characters (tokens, keys). Lower-case word-only values for tokens and keys (`my-secret-name`) need 16+ characters and 3.5 bits/char of entropy. Random-looking keys that merely contain a run of repeated characters ARE reported. Decision: `changeme`, `admin` and similar weak defaults ARE reported: a default credential that ships is CWE-1392.',
      why:
        'Anyone who can read the repository, a notebook or a built package has the credential, and rotating it needs a code change and a release. CWE-798 / CWE-259 (hardcoded password); GDPR Art. 32 requires appropriate measures to keep access to personal data confidential.',
      example: {
        bad: 'DB_PASSWORD = "pr0d-Passw0rd!"\nclient = MlflowClient()\nheaders = {"Authorization": "Bearer 9f8e7d6c5b4a"}',
        good: 'import os\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\nheaders = {"Authorization": "Bearer " + os.environ["AUTHORIZATION"]}',
      },
      fixSafety:
        'Unsafe: replaces the literal with `os.environ["NAME"]` (NAME derived from the bound name, e.g. `api_key=` -> `API_KEY`, `openai.api_key` -> `OPENAI_API_KEY`), or `os.environ.get("NAME")` for parameter and option defaults (evaluated at import or parser-build time, so they must not raise), adding `import os` when needed. For `os.getenv("K", "literal")` it removes the fallback; for `os.environ["K"] = "literal"` it deletes the statement. The program then needs the variable set.',
    },
    references: HARDCODED_CREDENTIAL_REFERENCES,
  },
  check,
};
