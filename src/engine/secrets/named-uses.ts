// Constants given to secret-named slots: `headers={"X-Api-Key": REINSURER_KEY}`,
// `Client(api_key=PARTNER)`. The constant's own name may not say it is a secret; the slot does,
// so the literal it holds is a hardcoded credential (reported at the literal).
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import { enclosingFunction, stringValue } from '../ast';
import { classifySecretName, type SecretName } from './names';

export interface SecretNamedUse {
  /** The slot's name (`X-Api-Key`, `api_key`). */
  name: string;
  secret: SecretName;
  /** The non-literal value given to it (an identifier or attribute, resolved by the rule). */
  value: SyntaxNode;
  scope?: SyntaxNode;
}

/** Identifiers and attributes given to secret-named keyword arguments and dict keys. */
export function secretNamedUses(facts: FileFacts): SecretNamedUse[] {
  return facts.memo('sec.secretNamedUses', () => {
    const out: SecretNamedUse[] = [];
    const add = (name: string | undefined, value: SyntaxNode | null | undefined, at: SyntaxNode): void => {
      if (!name || !value || (value.type !== 'identifier' && value.type !== 'attribute')) return;
      const secret = classifySecretName(name);
      if (secret) out.push({ name, secret, value, scope: enclosingFunction(at) });
    };
    for (const call of facts.calls) for (const [k, v] of call.kwargs) add(k, v, call.node);
    for (const s of facts.strings) {
      const parent = facts.stringParent(s);
      if (parent?.type === 'pair' && parent.childForFieldName('key')?.id === s.id) add(stringValue(s), parent.childForFieldName('value'), parent);
    }
    return out;
  });
}
