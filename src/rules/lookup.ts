// Late-bound view of the registry for rules that need to know the other rules (MLG002), without
// an import cycle through index.ts.
import type { RuleMeta } from '../engine/types';

let metas: readonly RuleMeta[] = [];

export function setRuleLookup(all: readonly RuleMeta[]): void {
  metas = all;
}

export function RULE_LOOKUP(): readonly RuleMeta[] {
  return metas;
}
