// A load inside a generic same-file reader (`def read_table(query): return spark.read...option(
// "query", query).load()`): the caller decides what is read, so the personal-data read, and the
// audit record it needs, belong to each call site (`customers = read_table("SELECT name ...")`).
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts } from '../facts';
import type { ColumnFact, DataframeFacts, FrameValue, LoadFact } from '../facts/dataframes';
import { walk } from '../ast';
import { argumentFor, callSites, parameterNames, sameNames } from './caller-sinks';

/** Parameters that name a connection or session rather than what is read. */
const CONNECTION_PARAMETER = /^(conn|connection|con|engine|spark|session|sess|client|db|cursor|cur|ctx|context|fs|storage_options|options|opts|kwargs|args)$/i;
const IDENTIFIERS: ReadonlySet<string> = new Set(['identifier']);

/** Calls whose argument is a query: `read_sql(q, conn)`, `spark.sql(q)`, `.option("query", q)`, `con.execute(q)`. */
const QUERY_CALL = /(^|\.)(read_sql|read_sql_query|read_gbq|sql|execute|query|table)$/;
const QUERY_KEYWORD = /^(sql|query|dbtable|table)$/;

function isQueryArgument(id: SyntaxNode): boolean {
  const p = id.parent;
  if (p?.type === 'keyword_argument') return QUERY_KEYWORD.test(p.childForFieldName('name')?.text ?? '');
  if (p?.type !== 'argument_list') return false;
  const call = p.parent;
  const callee = call?.childForFieldName('function')?.text ?? '';
  const args = p.namedChildren.filter((a) => !!a && a.type !== 'comment');
  if (/(^|\.)option$/.test(callee)) return args[1]?.id === id.id && /^["'](query|dbtable)["']$/.test(args[0]?.text ?? '');
  return QUERY_CALL.test(callee) && args[0]?.id === id.id;
}

export interface LoadAtSite {
  site: CallFact;
  frame: FrameValue;
}

/**
 * The call sites of a reader whose path or query is one of its parameters, each with the frame its
 * arguments make the load produce; undefined when the load reads what its own function decides or
 * some call was not followed, or every caller reads the same personal-data columns (`isSensitive`).
 */
export function loadAtCallSites(load: LoadFact, facts: FileFacts, df: DataframeFacts, isSensitive: (name: string) => boolean): LoadAtSite[] | undefined {
  const fn = facts.functionOf(load.scope);
  if (!fn) return undefined;
  const params = new Set(parameterNames(fn).filter((p) => !CONNECTION_PARAMETER.test(p)));
  // the caller passes the query (what is read), not only a path or a connection
  let decided = false;
  walk(load.call, (id: SyntaxNode) => {
    if (params.has(id.text) && isQueryArgument(id)) decided = true;
  }, IDENTIFIERS);
  if (!decided) return undefined;
  const sites = callSites(fn, facts);
  if (!sites.length) return undefined;
  const out: LoadAtSite[] = [];
  for (const site of sites) {
    const v = df.valueAtSite(load.call, site.node);
    if (v === null) return undefined;
    if (v?.kind === 'frame') out.push({ site, frame: v });
  }
  // a reader that picks its columns itself (`read_csv(path, usecols=[...])`) reads the same at
  // every call: its own load is the finding
  const sensitive = (frame: FrameValue): ColumnFact[] => [...frame.columns.values()].filter((c) => isSensitive(c.name));
  const own = sensitive(load.frame);
  return out.some((o) => !sameNames(sensitive(o.frame), own)) ? out : undefined;
}

/**
 * The call sites of a reader whose path is one of its parameters (`def load_borrowers(path): return
 * pd.read_parquet(path)`), each with the argument it passes as the path; undefined when the load's
 * path is not a parameter or the reader is never called in the file.
 */
export function pathArgumentSites(load: LoadFact, facts: FileFacts): { site: CallFact; path: SyntaxNode }[] | undefined {
  const fn = facts.functionOf(load.scope);
  const first = load.call.childForFieldName('arguments')?.namedChildren.find((a) => !!a && a.type !== 'comment' && a.type !== 'keyword_argument');
  if (!fn || first?.type !== 'identifier' || !parameterNames(fn).includes(first.text)) return undefined;
  const out: { site: CallFact; path: SyntaxNode }[] = [];
  for (const site of callSites(fn, facts)) {
    const path = argumentFor(fn, site, first.text);
    if (path) out.push({ site, path });
  }
  return out.length ? out : undefined;
}
