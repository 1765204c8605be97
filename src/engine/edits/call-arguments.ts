// Edits on a call's argument list: set a keyword argument (replace its value or append it),
// insert items into a bracketed list (wrapped as ruff format would when the line gets too long),
// remove an argument together with its separating comma. Offsets are UTF-16 (tree-sitter indices).
import type { CallFact } from '../facts';
import type { SyntaxNode } from '../parser';
import type { LineIndex } from '../positions';
import type { TextEdit } from '../types';

/** ruff's and black's default line length: a fix must not push a line past it. */
export const LINE_LENGTH = 88;

/** The last real argument (not a comment) in the call's argument list. */
function lastArgument(call: CallFact): SyntaxNode | undefined {
  const list = call.argumentList;
  if (!list || list.type !== 'argument_list') return undefined;
  const args = list.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment');
  return args[args.length - 1];
}

/**
 * Sets `name=value`: replaces the value of an existing keyword argument, or appends the keyword
 * after the last argument (before a trailing comma, if any). Undefined when the call has no
 * parenthesised argument list (e.g. a generator argument).
 */
export function setKeywordArgument(call: CallFact, name: string, value: string, lines?: LineIndex): TextEdit | undefined {
  const existing = call.kwargs.get(name);
  if (existing) return { start: existing.startIndex, end: existing.endIndex, text: value };
  const list = call.argumentList;
  if (!list || list.type !== 'argument_list') return undefined;
  const last = lastArgument(call);
  if (!last) return { start: list.startIndex + 1, end: list.startIndex + 1, text: `${name}=${value}` };
  return insertItems(list, last, [`${name}=${value}`], lines);
}

/**
 * Inserts `added` after the element `after` of a bracketed `container` (argument list, list,
 * tuple) as `, a, b`. When `lines` is given and that would push a one-line container past
 * LINE_LENGTH, the container is laid out as ruff format would: all elements on one indented line
 * if that fits, else one per line with a trailing comma (not with comments inside: plain insert).
 */
export function insertItems(container: SyntaxNode, after: SyntaxNode, added: readonly string[], lines?: LineIndex): TextEdit {
  const plain: TextEdit = { start: after.endIndex, end: after.endIndex, text: added.map((a) => `, ${a}`).join('') };
  if (!lines) return plain;
  const a = lines.position(container.startIndex);
  const b = lines.position(container.endIndex);
  const text = lines.lineText(a.line);
  if (a.line !== b.line || text.length + plain.text.length <= LINE_LENGTH || nestedOnLine(container, a.line, lines)) return plain;
  const items = container.namedChildren.filter((n): n is SyntaxNode => !!n);
  if (items.some((n) => n.type === 'comment')) return plain;
  const parts = items.map((n) => lines.text.slice(n.startIndex, n.endIndex));
  const at = items.findIndex((n) => n.id === after.id);
  if (at < 0) return plain;
  parts.splice(at + 1, 0, ...added);
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  const inner = `${indent}    `;
  const oneLine = `${inner}${parts.join(', ')}`;
  const body = oneLine.length <= LINE_LENGTH ? oneLine : parts.map((p) => `${inner}${p},`).join('\n');
  const whole = lines.text.slice(container.startIndex, container.endIndex);
  return { start: container.startIndex, end: container.endIndex, text: `${whole[0]}\n${body}\n${indent}${whole[whole.length - 1]}` };
}

const BRACKETED = new Set(['argument_list', 'list', 'tuple', 'dictionary', 'set', 'parenthesized_expression', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'subscript']);

/** Inside another bracket opened on the same line: ruff would split that one first, so we do not split. */
function nestedOnLine(node: SyntaxNode, line: number, lines: LineIndex): boolean {
  for (let p = node.parent; p && lines.position(p.startIndex).line === line; p = p.parent) if (BRACKETED.has(p.type)) return true;
  return false;
}

/** Removes one argument and the comma that separates it from its neighbour. */
export function removeArgument(call: CallFact, arg: SyntaxNode): TextEdit | undefined {
  const list = call.argumentList;
  if (!list || list.type !== 'argument_list') return undefined;
  const children = list.children.filter((n): n is SyntaxNode => !!n);
  const i = children.findIndex((c) => c.id === arg.id);
  if (i < 0) return undefined;
  const prev = children[i - 1];
  const next = children[i + 1];
  if (prev && prev.type === ',') return { start: prev.startIndex, end: arg.endIndex, text: '' };
  // First argument: remove it, the following comma and the whitespace up to the next argument.
  if (next && next.type === ',') {
    const after = children[i + 2];
    const end = after && after.type !== ')' ? after.startIndex : next.endIndex;
    return { start: arg.startIndex, end, text: '' };
  }
  return { start: arg.startIndex, end: arg.endIndex, text: '' };
}
