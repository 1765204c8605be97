// Training inside a generic same-file helper (`def train(df, cols): lgb.train(..., lgb.Dataset(df[cols]))`):
// the caller decides the features, so a reviewer expects the finding where the helper is called
// with them (`train(df, cols)`), and a caller that passes a safe list is not a finding. A helper
// that picks the columns itself (`df[FEATURES]`) keeps its own sink.
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts, FunctionFact } from '../facts';
import type { ColumnFact, DataframeFacts, FrameValue } from '../facts/dataframes';
import { parameterIdentifier, walk } from '../ast';

/** The shape trainingSinks() produces (kept structural to avoid an import cycle). */
export interface LiftableSink {
  call: CallFact;
  arg: SyntaxNode;
  columns: ColumnFact[];
  frame?: FrameValue;
}

const IDENTIFIERS: ReadonlySet<string> = new Set(['identifier']);

export function parameterNames(fn: FunctionFact): string[] {
  const out: string[] = [];
  for (const p of fn.parameters) {
    const id = parameterIdentifier(p);
    if (id && id.text !== 'self' && id.text !== 'cls') out.push(id.text);
  }
  return out;
}

/** Names the expression depends on inside the function, through its plain assignments. */
function dependencies(fn: FunctionFact, facts: FileFacts, start: SyntaxNode): { names: Set<string>; nodes: SyntaxNode[] } {
  const names = new Set<string>();
  const nodes: SyntaxNode[] = [start];
  const queue: SyntaxNode[] = [start];
  const assigned = facts.assignments.filter((a) => a.scope === fn.node || (a.scope && a.scope.id === fn.node.id));
  while (queue.length) {
    const n = queue.pop()!;
    walk(n, (id) => {
      if (names.has(id.text)) return;
      names.add(id.text);
      for (const a of assigned) {
        if (a.right && a.node.startIndex < start.startIndex && a.left.text.split(/\s*,\s*/).includes(id.text)) {
          queue.push(a.right);
          nodes.push(a.right);
        }
      }
    }, IDENTIFIERS);
  }
  return { names, nodes };
}

/**
 * The parameter through which the caller decides the features, if any: one used as a column
 * selector (`df[cols]`) or passed as the matrix itself (`clf.fit(X, y)` with X a parameter).
 */
function decidingParameter(fn: FunctionFact, facts: FileFacts, sink: LiftableSink): { name: string; selector: boolean; frameParam?: string } | undefined {
  const params = parameterNames(fn);
  if (!params.length) return undefined;
  const { names, nodes } = dependencies(fn, facts, sink.arg);
  for (const n of nodes) {
    let found: { name: string; selector: boolean; frameParam?: string } | undefined;
    walk(n, (sub) => {
      if (found) return;
      const idx = sub.childForFieldName('subscript');
      const obj = sub.childForFieldName('value');
      if (idx?.type === 'identifier' && params.includes(idx.text)) found = { name: idx.text, selector: true, frameParam: obj?.type === 'identifier' && params.includes(obj.text) ? obj.text : undefined };
    }, SUBSCRIPTS);
    if (found) return found;
  }
  // the matrix itself is a parameter (possibly through plain copies / array conversions)
  const direct = params.find((p) => names.has(p) && isMatrixParameter(p, nodes));
  return direct ? { name: direct, selector: false } : undefined;
}

const SUBSCRIPTS: ReadonlySet<string> = new Set(['subscript']);
/** Conversions that keep the matrix (a same-file helper called on the frame may select columns: not one of these). */
const ARRAY_CONVERSION = '(np|numpy)\\.(asarray|array|ascontiguousarray)|torch\\.(tensor|as_tensor|from_numpy)|(tf|tensorflow)\\.convert_to_tensor|sparse\\.csr_matrix';

/** True when `p` is the matrix itself in one of the nodes (not an index, a keyword or a target). */
function isMatrixParameter(p: string, nodes: SyntaxNode[]): boolean {
  return nodes.some((n) => {
    if (n.type === 'identifier') return n.text === p;
    // `p.values`, `p.to_numpy()`, `np.asarray(p)`, `torch.tensor(p.values)`
    return new RegExp(`^(${ARRAY_CONVERSION}\\()?${p}(\\.(values|to_numpy\\(\\)|astype\\([^)]*\\)))?\\)?$`).test(n.text.replace(/\s+/g, ''));
  });
}

/** The call-site argument bound to a parameter. */
export function argumentFor(fn: FunctionFact, call: CallFact, name: string): SyntaxNode | undefined {
  const kw = call.kwargs.get(name);
  if (kw) return kw;
  const all = fn.parameters.map((p) => parameterIdentifier(p)?.text);
  const offset = all[0] === 'self' || all[0] === 'cls' ? 1 : 0;
  const i = all.indexOf(name) - offset;
  return i >= 0 ? call.args[i] : undefined;
}

/** Calls of the helper elsewhere in the file: `train(...)` for functions, `self.train(...)` in its class. */
export function callSites(fn: FunctionFact, facts: FileFacts): CallFact[] {
  const method = fn.node.parent?.type === 'block' && fn.node.parent.parent?.type === 'class_definition';
  return facts.calls.filter((c) => {
    if (c.scope?.id === fn.node.id) return false;
    if (!method) return c.function.type === 'identifier' && c.function.text === fn.name;
    return c.function.type === 'attribute' && c.method === fn.name && c.receiver?.text === 'self';
  });
}

/** Columns the helper trains on for one call site, from the arguments the caller passes. */
function columnsAt(df: DataframeFacts, fn: FunctionFact, call: CallFact, deciding: { name: string; selector: boolean; frameParam?: string }, fallback: ColumnFact[]): { arg: SyntaxNode; columns: ColumnFact[]; frame?: FrameValue } | undefined {
  const arg = argumentFor(fn, call, deciding.name);
  if (!arg) return undefined;
  const v = df.valueAt(arg);
  if (!deciding.selector) return v?.kind === 'frame' && !v.row ? { arg, columns: [...v.columns.values()], frame: v } : { arg, columns: fallback };
  const frameArg = deciding.frameParam ? argumentFor(fn, call, deciding.frameParam) : undefined;
  const frame = frameArg ? df.valueAt(frameArg) : undefined;
  const known = frame?.kind === 'frame' ? frame.columns : undefined;
  if (v?.kind === 'columns' && !v.base) {
    return { arg, columns: v.items.map((i) => known?.get(i.value) ?? { name: i.value, sourceName: i.value, origin: i.node }) };
  }
  return { arg, columns: fallback };
}

/** A helper's sink as one call site's arguments make it; null when that call was not followed. */
export type SinkAtSite<S> = (sink: S, site: CallFact) => S | undefined | null;

/** True when both lists name the same columns (order and repeats aside). */
export function sameNames(a: readonly ColumnFact[], b: readonly ColumnFact[]): boolean {
  const x = new Set(a.map((c) => c.name));
  const y = new Set(b.map((c) => c.name));
  return x.size === y.size && [...x].every((n) => y.has(n));
}

/**
 * Moves the sinks of generic helpers to their call sites; other sinks are returned unchanged. A
 * helper is generic when a parameter decides its features (a selector or the matrix itself), or
 * when its callers, followed into its body, make it train on different columns. Where every call
 * was followed, each call site gets the columns its own arguments lead to, after what the helper
 * drops; otherwise the columns the deciding argument holds.
 */
export function liftHelperSinks<S extends LiftableSink>(facts: FileFacts, df: DataframeFacts, sinks: S[], atSite: SinkAtSite<S>): S[] {
  const out: S[] = [];
  const lifted = new Map<number, S>();
  const place = (site: CallFact, moved: S): void => {
    // several sinks of one helper (a user tower and an item tower) are one finding per call site
    const prev = lifted.get(site.node.id);
    if (prev) {
      for (const c of moved.columns) if (!prev.columns.some((p) => p.name === c.name)) prev.columns.push(c);
      return;
    }
    lifted.set(site.node.id, moved);
    out.push(moved);
  };
  for (const sink of sinks) {
    const fn = facts.functionOf(sink.call.scope);
    const sites = fn ? callSites(fn, facts) : [];
    const deciding = fn && sites.length ? decidingParameter(fn, facts, sink) : undefined;
    const perSite = sites.map((site) => ({ site, at: atSite(sink, site) }));
    const followed = perSite.length > 0 && perSite.every((p) => p.at !== null);
    if (followed && (deciding || perSite.some((p) => !p.at || !sameNames(p.at.columns, sink.columns)))) {
      for (const { site, at } of perSite) if (at) place(site, { ...at, call: site, arg: site.node, columns: [...at.columns] });
      continue;
    }
    if (fn && deciding) {
      for (const site of sites) {
        const at = columnsAt(df, fn, site, deciding, sink.columns);
        if (at) place(site, { ...sink, call: site, arg: at.arg, columns: [...at.columns], frame: at.frame });
      }
      continue;
    }
    out.push(sink);
  }
  return out;
}
