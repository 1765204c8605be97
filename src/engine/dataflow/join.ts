// Joins at control-flow merges: the state after an `if` is what any of its branches may leave.
import type { SyntaxNode } from '../parser';
import type { ColumnFact, Env, Value } from './values';

/** `False`, `0`, `None` -> false; `True`, non-zero integers -> true; anything else unknown. */
export function constantTruth(node: SyntaxNode): boolean | undefined {
  if (node.type === 'false' || node.type === 'none') return false;
  if (node.type === 'true') return true;
  if (node.type === 'integer') return Number(node.text) !== 0;
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return constantTruth(node.namedChildren[0]);
  if (node.type === 'not_operator') {
    const inner = node.childForFieldName('argument');
    const t = inner ? constantTruth(inner) : undefined;
    return t === undefined ? undefined : !t;
  }
  return undefined;
}

/**
 * Join of the environments at the end of the branches of an `if`: a variable may hold what any
 * branch left in it. Frames are joined column by column: a column is present when any branch
 * keeps it, and masked or removed only when every branch masked or removed it.
 */
export function joinEnvs(envs: Env[]): Env {
  if (envs.length === 1) return envs[0];
  const out: Env = new Map();
  const names = new Set<string>();
  for (const e of envs) for (const k of e.keys()) names.add(k);
  for (const name of names) {
    let joined: Value | undefined;
    for (const e of envs) {
      const v = e.get(name);
      joined = joined === undefined ? v : v === undefined ? joined : joinValues(joined, v);
    }
    if (joined !== undefined) out.set(name, joined);
  }
  return out;
}

export function joinValues(a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.kind === 'frame' && b.kind === 'frame') {
    const columns = new Map<string, ColumnFact>();
    for (const [name, col] of a.columns) {
      const other = b.columns.get(name);
      columns.set(name, other && !(col.masked && other.masked) && (col.masked || other.masked) ? { ...col, masked: undefined } : col);
    }
    for (const [name, col] of b.columns) if (!columns.has(name)) columns.set(name, col);
    const removed = new Set([...a.removed].filter((c) => b.removed.has(c) || !b.columns.has(c)));
    for (const c of b.removed) if (!a.columns.has(c) && a.removed.has(c)) removed.add(c);
    for (const c of columns.keys()) removed.delete(c);
    return { ...a, columns, removed, open: a.open || b.open, selected: a.selected && b.selected };
  }
  if (a.kind === 'columns' && b.kind === 'columns' && !a.base && !b.base) {
    const seen = new Map(a.items.map((i) => [i.value, i]));
    for (const i of b.items) if (!seen.has(i.value)) seen.set(i.value, i);
    return { kind: 'columns', items: [...seen.values()], partial: a.partial || b.partial, records: joinedRecords(a, b) };
  }
  // a masked value joined with an unmasked one may be unmasked
  if (a.kind === 'masked') return b;
  return a;
}

/** Records on both paths, or records on one and the empty list they start from (`rows = []` then `if ...: rows.append({...})`). */
function joinedRecords(a: { records?: boolean; items: readonly unknown[] }, b: { records?: boolean; items: readonly unknown[] }): boolean | undefined {
  if (!a.records && !b.records) return undefined;
  return (a.records || a.items.length === 0) && (b.records || b.items.length === 0) ? true : undefined;
}
