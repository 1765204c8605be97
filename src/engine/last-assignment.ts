// The value last assigned to a plain name before a position (`params = {...}` before
// `mlflow.log_params(params)`), from a per-file index built once: rules ask this per call, and a
// scan of every assignment per call is quadratic on large files.
import type { SyntaxNode } from './parser';
import type { AssignmentFact, FileFacts } from './facts';

function index(facts: FileFacts): Map<string, AssignmentFact[]> {
  return facts.memo('lastAssignment.index', () => {
    const byName = new Map<string, AssignmentFact[]>();
    for (const a of facts.assignments) {
      if (a.operator !== '=' || a.left.type !== 'identifier' || !a.right) continue;
      const list = byName.get(a.left.text);
      if (list) list.push(a);
      else byName.set(a.left.text, [a]);
    }
    return byName; // each list is in source order: facts.assignments is collected in one walk
  });
}

/** The right side of the last `name = value` that ends before `offset`, anywhere in the file. */
export function lastAssignedValue(facts: FileFacts, name: string, offset: number): SyntaxNode | undefined {
  const list = index(facts).get(name);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found: AssignmentFact | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].node.endIndex <= offset) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found?.right;
}
