// DataFrame facts: which variables hold DataFrames, which columns they are known to carry, and how
// columns flow (loads, selections, feature lists, copies, renames, drops, masking, train/test
// splits, simple summaries of functions in the same file). Computed once per file through
// `dataframeFacts(facts)` (memo key 'dataframes') and shared by the PII, FAIR and AUD rules and by
// the compliance threat model.
//
// Where the parts live: dataflow/values.ts (the value domain), dataflow/interpreter.ts (the
// statement interpreter and its model), dataflow/join.ts (branch joins), dataflow/syntax.ts (node
// shapes), models/*.ts (library knowledge as tables), sql/select-list.ts (SELECT lists), pii/
// (what is personal data and where it must not go). This module is the stable entry point.
//
// Public API:
//   dataframeFacts(facts).valueAt(node)   -> Value of an expression, in the environment of its statement
//   dataframeFacts(facts).loads           -> every recognised load with its known columns
//   dataframeFacts(facts).writes          -> DataFrame exports (to_csv, spark write, ...) with their frame
//   liveColumns(frame)                    -> columns present and not masked
import type { SyntaxNode } from '../parser';
import type { FileFacts } from './index';
import { Analyzer } from '../dataflow/interpreter';
import type { DataframeFacts, Env, Value } from '../dataflow/values';
import { DATA_HINT } from '../models/frames';

/** The facts of a file without any DataFrame vocabulary (see DATA_HINT). */
const NO_DATAFRAMES: DataframeFacts = { loads: [], writes: [], maskingFunctions: new Set(), valueAt: () => undefined, valueAtSite: () => null };

export type { ColumnFact, ColumnsValue, DataframeFacts, DictValue, FrameValue, LoadFact, MaskedValue, ModelValue, SeriesValue, StringValue, TrackerValue, TupleValue, Value, WriteFact } from '../dataflow/values';
export { liveColumns, modelFeatures } from '../dataflow/values';
export { parseSelectColumns } from '../sql/select-list';
export { isMaskingName } from '../models/masking';

/** The DataFrame facts of a file, computed once and shared (memo key 'dataframes'). */
export function dataframeFacts(facts: FileFacts): DataframeFacts {
  return facts.memo('dataframes', () => {
    if (!DATA_HINT.test(facts.root.text)) return NO_DATAFRAMES;
    const a = new Analyzer(facts.root, facts.imports, (why) => facts.readsWholeFile(why), facts.vocabularySource);
    a.run();
    facts.firstPassVocabulary = a.firstPassVocabulary;
    facts.firstPassVocabularySteps = a.firstPassVocabularySteps;
    return {
      loads: [...a.loads.values()].sort((x, y) => x.call.startIndex - y.call.startIndex),
      writes: a.writes,
      maskingFunctions: a.maskingFunctions,
      valueAt(node: SyntaxNode): Value | undefined {
        return evalIn(a, a.snapshots, node) ?? undefined;
      },
      valueAtSite(node: SyntaxNode, site: SyntaxNode): Value | undefined | null {
        const key = a.siteKeys.get(site.id);
        const snapshots = key === undefined ? undefined : a.keySnapshots.get(key);
        return snapshots ? evalIn(a, snapshots, node) : null;
      },
    } satisfies DataframeFacts;
  });
}

/** Evaluates `node` in the environment of its statement; null when no statement of it was walked. */
function evalIn(a: Analyzer, snapshots: ReadonlyMap<number, Env>, node: SyntaxNode): Value | undefined | null {
  let stmt: SyntaxNode | null = node;
  while (stmt && !snapshots.has(stmt.id)) stmt = stmt.parent;
  if (!stmt) return null;
  try {
    return a.eval(node, new Map(snapshots.get(stmt.id)));
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}
