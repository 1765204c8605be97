// Is a configuration key (Spark / Hadoop / cloud storage connector) one whose value is a credential?
// The keys are data (models/secrets.ts); this only normalises and matches them.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import { enclosingFunction, stringValue } from '../ast';
import { CREDENTIAL_CONFIG_KEYS, SPARK_HADOOP_PREFIX, type CredentialConfigKey } from '../models/secrets';

export interface CredentialConfig {
  entry: CredentialConfigKey;
  /** The environment variable the fix should read. */
  envName: string;
}

/** The credential entry for a configuration key (`spark.hadoop.` prefix accepted), or undefined. */
export function credentialConfigKey(key: string | undefined): CredentialConfig | undefined {
  if (!key || key.length > 300 || !key.includes('.')) return undefined;
  const bare = key.trim().startsWith(SPARK_HADOOP_PREFIX) ? key.trim().slice(SPARK_HADOOP_PREFIX.length) : key.trim();
  for (const entry of CREDENTIAL_CONFIG_KEYS) {
    const m = entry.pattern.exec(bare);
    if (m) return { entry, envName: entry.envName.replace('$1', m[1] ?? '') };
  }
  return undefined;
}

export interface CredentialConfigUse {
  key: string;
  config: CredentialConfig;
  /** The expression given as the value (not a string literal: those are bound literals, see binding.ts). */
  value: SyntaxNode;
  /** Enclosing function of the use, undefined at module level. */
  scope?: SyntaxNode;
}

/**
 * Non-literal values given to credential configuration keys: `.config(KEY, value)` / `.set(...)` /
 * `.option(...)` calls (positional or `value=`), `(KEY, value)` pairs, `{KEY: value}` dicts and
 * `conf[KEY] = value` assignments. Rules resolve the value to a constant (src/engine/constants.ts).
 */
export function credentialConfigUses(facts: FileFacts): CredentialConfigUse[] {
  return facts.memo('sec.credentialConfigUses', () => {
    const out: CredentialConfigUse[] = [];
    const add = (key: string | undefined, value: SyntaxNode | null | undefined, at: SyntaxNode): void => {
      const config = credentialConfigKey(key);
      if (!config || !value || value.type === 'string' || value.type === 'concatenated_string') return;
      out.push({ key: key!, config, value, scope: enclosingFunction(at) });
    };
    // Every key below is the value of a string of facts.strings (a call's first argument, a dict
    // key, a subscript: parentheses and implicit concatenation included). A file without one
    // that names a credential setting (nearly all files) has no use, and its calls' arguments
    // need not be read.
    const keys = facts.strings.filter((s) => credentialConfigKey(stringValue(s)) !== undefined);
    if (keys.length === 0) return out;
    for (const call of facts.calls) {
      const first = call.args[0] ?? call.kwargs.get('key');
      if (first?.type !== 'string') continue;
      add(stringValue(first), call.args[1] ?? call.kwargs.get('value'), call.node);
    }
    for (const s of keys) {
      const key = stringValue(s);
      const parent = facts.stringParent(s);
      if (parent?.type === 'pair' && parent.childForFieldName('key')?.id === s.id) add(key, parent.childForFieldName('value'), parent);
      else if (parent?.type === 'tuple' && parent.namedChildCount === 2 && parent.namedChildren[0]?.id === s.id) add(key, parent.namedChildren[1], parent);
    }
    for (const a of facts.assignments) {
      if (a.operator === '=' && a.left.type === 'subscript') add(stringValue(a.left.childForFieldName('subscript')), a.right, a.node);
    }
    return out;
  });
}
