// Fix builders for the PII and FAIR rules: remove names from a list literal (keeping commas and
// formatting valid), insert a line before a statement with its indentation, drop columns before a
// sink, replace columns by a keyed HMAC-SHA256 pseudonym. All are pure edits.
import type { SyntaxNode } from '../parser';
import type { RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { enclosingStatement, indentationOf, stringValue } from '../ast';
import { ensureImport, importInsertion } from '../edits/ensure-import';
import { isNameBound } from '../edits/imports-local';
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

const HELPER = 'pseudonymise';
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);
/** ruff/black's default line length: a fix's lines stay within it. */
const LINE_LENGTH = 88;

/**
 * The module-level helper the pseudonym fix calls, inserted once per file after the imports (every
 * fix builds the identical edit, so applyEdits() merges them). Reused when the file already defines
 * it (a previous fix); undefined when the name is taken by something else.
 */
function pseudonymHelper(ctx: RuleContext, names: { hashlib: string; hmac: string; os: string }): { edits: TextEdit[]; name: string } | undefined {
  const existing = ctx.facts.functions.find((f) => f.name === HELPER);
  if (existing) return existing.node.text.includes('PSEUDONYM_KEY') && existing.node.parent?.type === 'module' ? { edits: [], name: HELPER } : undefined;
  if (isNameBound(HELPER, ctx.root, ctx.facts)) return undefined;
  const eol = ctx.lines.eol;
  const body = [
    `def ${HELPER}(value):`,
    `    """Keyed HMAC-SHA256 pseudonym of a value; the key comes from PSEUDONYM_KEY."""`,
    `    key = ${names.os}.environ["PSEUDONYM_KEY"].encode()`,
    `    return ${names.hmac}.new(key, str(value).encode(), ${names.hashlib}.sha256).hexdigest()`,
  ].join(eol);
  const at = importInsertion(ctx, `${HELPER} = None`); // after the file's imports, like a module-level binding
  // two blank lines around a top-level def (PEP 8), counting the blank lines already there
  const following = /^(?:[ \t]*\r?\n)*/.exec(ctx.source.slice(at.start))![0].split('\n').length - 1;
  const after = eol.repeat(Math.max(0, 2 - following));
  return { edits: [{ start: at.start, end: at.end, text: `${eol}${eol}${body}${eol}${after}` }], name: HELPER };
}

/**
 * "Pseudonymise" (for exports): before the sink, replace each column by a keyed HMAC-SHA256
 * pseudonym with `frame = frame.assign(col=frame["col"].map(pseudonymise))` (a new frame, never
 * a write into a slice), through a small named helper added once per file, and the stdlib imports
 * in their group. A plain hash of an e-mail is not a pseudonym: a dictionary of candidate values
 * reverses it, a secret key does not. Not offered for training features: a pseudonym column is
 * an object column most estimators reject, and an identifier is no feature (drop it instead).
 */
export function pseudonymiseFix(ctx: RuleContext, frameVar: SyntaxNode, frame: FrameValue | undefined, columns: ColumnFact[]): Fix | undefined {
  if (frameVar.type !== 'identifier' || !frame?.dataframe || frame.spark || frame.row) return undefined;
  const names = [...new Set(columns.map((c) => c.name))];
  // `.assign(col=...)` needs identifier column names
  if (!names.every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && !KEYWORDS.has(n))) return undefined;
  const hashlib = ensureImport(ctx, 'hashlib');
  const hmac = ensureImport(ctx, 'hmac');
  const os = ensureImport(ctx, 'os');
  const helper = pseudonymHelper(ctx, { hashlib: hashlib.localName, hmac: hmac.localName, os: os.localName });
  if (!helper) return undefined;
  const v = frameVar.text;
  const eol = ctx.lines.eol;
  const args = names.map((n) => `${n}=${v}[${JSON.stringify(n)}].map(${helper.name})`);
  const edit = insertBeforeStatement(ctx, frameVar, (indent) => {
    const oneLine = `${v} = ${v}.assign(${args.join(', ')})`;
    if (indent.length + oneLine.length <= LINE_LENGTH) return oneLine;
    return [`${v} = ${v}.assign(`, ...args.map((a) => `${indent}    ${a},`), `${indent})`].join(eol);
  });
  if (!edit) return undefined;
  // The helper must be defined before a module-level use.
  if (helper.edits.some((e) => e.start > frameVar.startIndex)) return undefined;
  return {
    title: `Replace ${names.map((n) => `"${n}"`).join(', ')} with a keyed HMAC-SHA256 pseudonym (key from PSEUDONYM_KEY) before this export`,
    applicability: 'suggestion',
    edits: [...hashlib.edits, ...hmac.edits, ...os.edits, ...helper.edits, edit],
  };
}
