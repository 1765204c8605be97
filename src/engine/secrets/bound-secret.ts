// SEC002's judgement of one string literal, shared so that other SEC rules can tell whether a
// literal is already reported by its name (and not report it twice): the literal must be bound to
// a secret-like name or to a credential configuration key, look like a secret, and not be a
// provider-shaped token (SEC001's).
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import { bindingOf, literalValue, type Binding } from './binding';
import { classifySecretName, type SecretKind } from './names';
import { credentialConfigKey } from './config-keys';
import { looksLikeSecretValue } from './value';
import { findTokens } from './patterns';

export interface BoundSecret {
  binding: Binding;
  value: string;
  kind: SecretKind;
  /** Words of the bound name (for "API key" wording). */
  tokens: string[];
  /** For credential configuration keys: what the value is and the variable the fix reads. */
  config?: { what: string; envName: string };
}

/** Binding kinds whose name may be a configuration key (`conf["fs.s3a.secret.key"] = ...`). */
const CONFIG_BINDINGS = new Set<Binding['kind']>(['config-key', 'dict-key', 'subscript']);

/** The secret a string literal holds by what it is bound to, or undefined (see the file comment). */
export function boundSecret(node: SyntaxNode, facts: FileFacts): BoundSecret | undefined {
  // Cheap filters first: this runs on every string of the file on every keystroke.
  const len = node.endIndex - node.startIndex;
  if (len < 6 || len > 2000) return undefined;
  const parentType = node.parent?.type;
  if (parentType === 'expression_statement' || parentType === 'binary_operator' || parentType === 'interpolation') return undefined;
  const value = literalValue(node);
  if (value === undefined) return undefined;
  const binding = bindingOf(node, facts);
  if (!binding || !binding.name || binding.kind === 'positional') return undefined;
  const config = CONFIG_BINDINGS.has(binding.kind) ? credentialConfigKey(binding.name) : undefined;
  const named = config ? undefined : classifySecretName(binding.name);
  const kind = config?.entry.kind ?? named?.kind;
  if (!kind || !looksLikeSecretValue(value, kind)) return undefined;
  if (findTokens(node.text, { includePlaceholders: true }).length > 0) return undefined; // SEC001 owns provider-shaped tokens (and their placeholders)
  return { binding, value, kind, tokens: named?.tokens ?? [], config: config && { what: config.entry.what, envName: config.envName } };
}
