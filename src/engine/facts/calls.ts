// Every call in the file with its callee name, arguments and enclosing function, collected once.
import type { SyntaxNode } from '../parser';
import { dottedName } from '../ast';

export interface CallFact {
  node: SyntaxNode;
  /** The function expression (identifier, attribute, ...). */
  function: SyntaxNode;
  /** Dotted callee as written (`np.load`), or undefined when the callee is not a plain chain. */
  callee?: string;
  /** Callee with import aliases expanded (`numpy.load`); same as callee for unknown names. */
  qualified?: string;
  /** Last attribute or identifier of the callee (`load` for `x().y.load(...)`). */
  method?: string;
  /** For attribute callees, the object the method is called on. */
  receiver?: SyntaxNode;
  args: SyntaxNode[];
  kwargs: Map<string, SyntaxNode>;
  /** Node of each keyword argument (`key=value`), for edits that remove or change it. */
  kwargNodes: Map<string, SyntaxNode>;
  argumentList?: SyntaxNode;
  /** `**kwargs` present: keyword arguments are not all known. */
  hasSplat: boolean;
  /** Enclosing function_definition, undefined at module level. */
  scope?: SyntaxNode;
}

/** Builds the fact; `qualified` is filled in by FileFacts once all imports are known. */
export function callFact(node: SyntaxNode, scope: SyntaxNode | undefined): CallFact {
  const fn = node.childForFieldName('function')!;
  const callee = dottedName(fn);
  let method: string | undefined;
  let receiver: SyntaxNode | undefined;
  if (fn.type === 'identifier') method = fn.text;
  else if (fn.type === 'attribute') {
    method = fn.childForFieldName('attribute')?.text;
    receiver = fn.childForFieldName('object') ?? undefined;
  }
  const argumentList = node.childForFieldName('arguments') ?? undefined;
  const args: SyntaxNode[] = [];
  const kwargs = new Map<string, SyntaxNode>();
  const kwargNodes = new Map<string, SyntaxNode>();
  let hasSplat = false;
  if (argumentList && argumentList.type === 'argument_list') {
    for (const a of argumentList.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        const value = a.childForFieldName('value');
        if (name && value) {
          kwargs.set(name, value);
          kwargNodes.set(name, a);
        }
      } else if (a.type === 'dictionary_splat') hasSplat = true;
      else args.push(a);
    }
  } else if (argumentList) {
    args.push(argumentList); // generator expression as the only argument
  }
  return {
    node,
    function: fn,
    callee,
    qualified: callee,
    method,
    receiver,
    args,
    kwargs,
    kwargNodes,
    argumentList,
    hasSplat,
    scope,
  };
}

/** The argument at a position or under a keyword, as Python would bind it. */
export function argument(call: CallFact, index: number, keyword?: string): SyntaxNode | undefined {
  if (keyword && call.kwargs.has(keyword)) return call.kwargs.get(keyword);
  return call.args[index];
}
