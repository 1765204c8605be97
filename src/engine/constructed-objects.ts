// Which names hold an object built by a known factory (`client = MlflowClient()`,
// `yaml = YAML(typ="rt")`, `def promote(client: MlflowClient)`), so rules can judge a method call
// by its receiver's type instead of its method name alone. File-wide and flow-insensitive: a name
// bound to the factory anywhere counts, which is what the rules that use it need.
import type { SyntaxNode } from './parser';
import type { CallFact, FileFacts } from './facts';
import { dottedName } from './ast';

export interface Factory {
  /** Memo key: one computation per factory and file. */
  key: string;
  /** Callee names of the factory, matched against the import-resolved callee whole or as a dotted suffix (`MlflowClient`). */
  names: readonly string[];
}

function isFactoryName(qualified: string | undefined, factory: Factory): boolean {
  if (!qualified) return false;
  return factory.names.some((n) => qualified === n || qualified.endsWith(`.${n}`));
}

/** The constructing calls of each dotted name bound to the factory; annotated parameters map to []. */
export function constructedNames(facts: FileFacts, factory: Factory): ReadonlyMap<string, readonly SyntaxNode[]> {
  return facts.memo(`constructed:${factory.key}`, () => {
    const out = new Map<string, SyntaxNode[]>();
    for (const a of facts.assignments) {
      if (a.operator !== '=' || a.right?.type !== 'call') continue;
      const target = dottedName(a.left);
      if (!target || !isFactoryName(facts.imports.resolveNode(a.right.childForFieldName('function')), factory)) continue;
      out.set(target, [...(out.get(target) ?? []), a.right]);
    }
    // `def promote(client: MlflowClient)`: typed parameters hold such an object too.
    for (const fn of facts.functions) {
      for (const p of fn.parameters) {
        const type = p.childForFieldName('type');
        const name = p.namedChildren[0];
        if (type && name?.type === 'identifier' && isFactoryName(facts.imports.resolve(type.text), factory) && !out.has(name.text)) out.set(name.text, []);
      }
    }
    return out;
  });
}

/**
 * The factory calls that built the call's receiver: `[receiver]` for `Factory(...).method()`, the
 * bound calls for `x.method()` with `x` constructed by the factory, undefined when the receiver is
 * not known to come from the factory.
 */
export function receiverConstruction(call: CallFact, facts: FileFacts, factory: Factory): readonly SyntaxNode[] | undefined {
  const recv = call.receiver;
  if (!recv) return undefined;
  if (recv.type === 'call') return isFactoryName(facts.imports.resolveNode(recv.childForFieldName('function')), factory) ? [recv] : undefined;
  const name = dottedName(recv);
  return name ? constructedNames(facts, factory).get(name) : undefined;
}
