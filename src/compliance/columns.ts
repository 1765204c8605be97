// Personal-data columns named in the code: string literals used as DataFrame column keys
// (`df["email"]`, `df[["name", "ssn"]]`, `usecols=[...]`, `columns=[...]`, `subset=[...]`,
// `.select("...")`, `.drop(columns=...)` is excluded: dropping is a mitigation, not a use),
// classified by the engine's PII name classifier; plus the columns the engine's DataFrame facts
// know for every recognised load (usecols, SELECT lists, columns read later in the scope).
// Used for the threat model's assets only.
import type { FileFacts } from '../engine/facts';
import type { SyntaxNode } from '../engine/parser';
import { stringValue } from '../engine/ast';
import { classifyPii, isSensitivePii } from '../engine/pii/names';
import { dataframeFacts } from '../engine/facts/dataframes';

const COLUMN_KWARGS = new Set(['usecols', 'columns', 'subset', 'features', 'feature_names', 'cols', 'by', 'on']);
const SELECT_METHODS = new Set(['select', 'groupby', 'filter', 'withColumn', 'sort_values', 'merge', 'join', 'pivot', 'value_counts']);

function isColumnContext(node: SyntaxNode): boolean {
  let n: SyntaxNode | null = node.parent;
  if (n && (n.type === 'list' || n.type === 'tuple' || n.type === 'set')) n = n.parent;
  if (!n) return false;
  if (n.type === 'subscript') return true;
  if (n.type === 'keyword_argument') {
    const name = n.childForFieldName('name')?.text ?? '';
    if (!COLUMN_KWARGS.has(name)) return false;
    const call = n.parent?.parent;
    const method = call?.childForFieldName('function')?.childForFieldName('attribute')?.text;
    return method !== 'drop';
  }
  if (n.type === 'argument_list') {
    const method = n.parent?.childForFieldName('function')?.childForFieldName('attribute')?.text;
    return !!method && SELECT_METHODS.has(method);
  }
  // FEATURES = ["age", "email"]: a module-level list of column names
  if (n.type === 'assignment') return /feature|column|cols/i.test(n.childForFieldName('left')?.text ?? '');
  return false;
}

export function personalColumns(facts: FileFacts): { name: string; offset: number }[] {
  const out: { name: string; offset: number }[] = [];
  for (const s of facts.strings) {
    const v = stringValue(s);
    if (!v || v.length > 80 || !isColumnContext(s)) continue;
    const match = classifyPii(v);
    if (isSensitivePii(match) && match.strength === 'strong') out.push({ name: v, offset: s.startIndex });
  }
  let loads: ReturnType<typeof dataframeFacts>['loads'];
  try {
    loads = dataframeFacts(facts).loads;
  } catch {
    loads = []; // the DataFrame facts are an optimisation of precision here, never a reason to fail
  }
  for (const load of loads)
    for (const c of load.frame.columns.values()) {
      const match = classifyPii(c.sourceName);
      if (isSensitivePii(match) && match.strength === 'strong') out.push({ name: c.sourceName, offset: c.origin.startIndex });
    }
  return out;
}
