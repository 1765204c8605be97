// Fix builders for the PII and FAIR rules: remove names from a list literal (keeping commas and
// formatting valid), insert a line before a statement with its indentation, drop columns before a
// sink, replace columns by a keyed HMAC-SHA256 pseudonym. All are pure edits.
import type { SyntaxNode } from '../parser';
import type { RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { enclosingStatement, indentationOf, stringValue } from '../ast';
import { ensureImport } from '../edits/ensure-import';
import type { ColumnFact, FrameValue } from '../facts/dataframes';

/** Edits removing the given elements from a list/tuple literal; undefined if one is not in it. */
export function removeFromListLiteral(list: SyntaxNode, remove: SyntaxNode[]): TextEdit[] | undefined {
  const elements = list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const ids = new Set(remove.map((r) => r.id));
  const flags = elements.map((e) => ids.has(e.id));
  if (remove.some((r) => !elements.some((e) => e.id === r.id))) return undefined;
  const edits: TextEdit[] = [];
  if (flags.every(Boolean)) {
    // everything goes: keep the brackets (a one-element tuple becomes `()`)
    return [{ start: elements[0].startIndex, end: list.endIndex - 1, text: '' }];
  }
  let i = 0;
  while (i < elements.length) {
    if (!flags[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < elements.length && flags[j + 1]) j++;
    if (j + 1 < elements.length) edits.push({ start: elements[i].startIndex, end: elements[j + 1].startIndex, text: '' });
    else edits.push({ start: elements[i - 1].endIndex, end: elements[j].endIndex, text: '' });
    i = j + 1;
  }
  return edits;
}

/** The list literal an element belongs to, when it is a feature list (not a load's usecols). */
export function featureListOf(element: SyntaxNode): SyntaxNode | undefined {
  const list = element.parent;
  if (!list || !['list', 'tuple'].includes(list.type) || stringValue(element) === undefined) return undefined;
  const parent = list.parent;
  if (parent?.type === 'keyword_argument') {
    const k = parent.childForFieldName('name')?.text ?? '';
    // not `columns=` (get_dummies/DataFrame/usecols: removing the name there does not remove the column)
    return ['inputCols', 'feature_cols', 'features', 'feature_names'].includes(k) && !isLoadCall(parent.parent?.parent) ? list : undefined;
  }
  if (parent?.type === 'assignment' || parent?.type === 'subscript' || parent?.type === 'expression_list') return list;
  if (parent?.type === 'binary_operator') return list;
  return undefined;
}

function isLoadCall(call: SyntaxNode | null | undefined): boolean {
  if (!call || call.type !== 'call') return false;
  return /read_|\.read\b|\.sql\b|DataFrame/.test(call.childForFieldName('function')?.text ?? '');
}

/** `(indent)text(eol)` inserted before the statement containing node; undefined if the statement does not start its line. */
export function insertBeforeStatement(ctx: RuleContext, node: SyntaxNode, text: string | ((indent: string) => string)): TextEdit | undefined {
  const stmt = enclosingStatement(node);
  const indent = indentationOf(ctx.source, stmt.startIndex);
  const line = ctx.lines.position(stmt.startIndex).line;
  const lineStart = ctx.lines.lineStart(line);
  if (ctx.source.slice(lineStart, stmt.startIndex) !== indent) return undefined;
  // a statement after a decorator or in a one-line compound header cannot take a line before it
  if (stmt.parent?.type === 'block' && ctx.lines.position(stmt.parent.startIndex).line === line && stmt.parent.parent && ctx.lines.position(stmt.parent.parent.startIndex).line === line) return undefined;
  const body = typeof text === 'string' ? text : text(indent);
  return { start: lineStart, end: lineStart, text: `${indent}${body}${ctx.lines.eol}` };
}

function pyList(names: string[]): string {
  return `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
}

/**
 * "Drop the columns": remove them from the feature-list literal they were selected with, or insert
 * `X = X.drop(columns=[...])` before the sink when X is a plain DataFrame variable.
 */
export function dropColumnsFix(ctx: RuleContext, sinkArg: SyntaxNode, frame: FrameValue | undefined, columns: ColumnFact[], title: string): Fix | undefined {
  // 1. feature-list literal
  const byList = new Map<number, { list: SyntaxNode; nodes: SyntaxNode[] }>();
  let allInLists = true;
  for (const c of columns) {
    const list = featureListOf(c.origin);
    if (!list) {
      allInLists = false;
      break;
    }
    const e = byList.get(list.id) ?? { list, nodes: [] };
    e.nodes.push(c.origin);
    byList.set(list.id, e);
  }
  if (allInLists && byList.size) {
    const edits: TextEdit[] = [];
    for (const { list, nodes } of byList.values()) {
      const e = removeFromListLiteral(list, nodes);
      if (!e) return undefined;
      edits.push(...e);
    }
    return { title, applicability: 'unsafe', edits };
  }
  // 2. drop before the sink (never for columns only assumed to be there: the drop could fail)
  if (sinkArg.type !== 'identifier' || !frame?.dataframe || frame.row || columns.some((c) => c.assumed)) return undefined;
  const v = sinkArg.text;
  const names = [...new Set(columns.map((c) => c.name))];
  const call = frame.spark ? `${v}.drop(${names.map((n) => JSON.stringify(n)).join(', ')})` : `${v}.drop(columns=${pyList(names)})`;
  const edit = insertBeforeStatement(ctx, sinkArg, `${v} = ${call}`);
  return edit ? { title, applicability: 'unsafe', edits: [edit] } : undefined;
}

/**
 * "Pseudonymise": before the sink, replace each column by HMAC-SHA256 keyed from the environment
 * (`PSEUDONYM_KEY`), adding the imports. A plain hash of an e-mail is not a pseudonym: a dictionary
 * of candidate values reverses it, a secret key does not.
 */
export function pseudonymiseFix(ctx: RuleContext, frameVar: SyntaxNode, frame: FrameValue | undefined, columns: ColumnFact[]): Fix | undefined {
  if (frameVar.type !== 'identifier' || !frame?.dataframe || frame.spark || frame.row) return undefined;
  const hashlib = ensureImport(ctx, 'hashlib');
  const hmac = ensureImport(ctx, 'hmac');
  const os = ensureImport(ctx, 'os');
  const v = frameVar.text;
  const names = [...new Set(columns.map((c) => c.name))];
  const lines = names.map(
    (n) =>
      `${v}[${JSON.stringify(n)}] = ${v}[${JSON.stringify(n)}].astype(str).map(lambda value: ${hmac.localName}.new(${os.localName}.environ["PSEUDONYM_KEY"].encode(), value.encode(), ${hashlib.localName}.sha256).hexdigest())`,
  );
  const edit = insertBeforeStatement(ctx, frameVar, (indent) => lines.join(`${ctx.lines.eol}${indent}`));
  if (!edit) return undefined;
  return {
    title: `Replace ${names.map((n) => `"${n}"`).join(', ')} with a keyed HMAC-SHA256 pseudonym before this line`,
    applicability: 'suggestion',
    edits: [...hashlib.edits, ...hmac.edits, ...os.edits, edit],
  };
}
