// Edits on a call's argument list: set a keyword argument (replace its value or append it) and
// remove an argument together with its separating comma. Offsets are UTF-16 (tree-sitter indices).
import type { CallFact } from '../facts';
import type { SyntaxNode } from '../parser';
import type { TextEdit } from '../types';

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
export function setKeywordArgument(call: CallFact, name: string, value: string): TextEdit | undefined {
  const existing = call.kwargs.get(name);
  if (existing) return { start: existing.startIndex, end: existing.endIndex, text: value };
  const list = call.argumentList;
  if (!list || list.type !== 'argument_list') return undefined;
  const last = lastArgument(call);
  if (!last) return { start: list.startIndex + 1, end: list.startIndex + 1, text: `${name}=${value}` };
  return { start: last.endIndex, end: last.endIndex, text: `, ${name}=${value}` };
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
