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
  return new LazyCall(node, scope);
}

interface Arguments {
  args: SyntaxNode[];
  kwargs: Map<string, SyntaxNode>;
  kwargNodes: Map<string, SyntaxNode>;
  hasSplat: boolean;
}

/**
 * The callee is read at once (every rule filters calls by name); the arguments only when a rule
 * asks for them, since most calls of a file match no rule and reading an argument list
 * materialises each argument node (a WASM round trip per node).
 */
class LazyCall implements CallFact {
  readonly function: SyntaxNode;
  readonly callee?: string;
  qualified?: string;
  readonly method?: string;
  readonly receiver?: SyntaxNode;
  private argumentListRead = false;
  private argumentListNode: SyntaxNode | undefined;
  private parsed: Arguments | undefined;

  constructor(
    readonly node: SyntaxNode,
    readonly scope: SyntaxNode | undefined,
  ) {
    const fn = node.childForFieldName('function')!;
    this.function = fn;
    this.callee = dottedName(fn);
    this.qualified = this.callee;
    if (fn.type === 'identifier') this.method = fn.text;
    else if (fn.type === 'attribute') {
      this.method = fn.childForFieldName('attribute')?.text;
      this.receiver = fn.childForFieldName('object') ?? undefined;
    }
  }

  get argumentList(): SyntaxNode | undefined {
    if (!this.argumentListRead) {
      this.argumentListNode = this.node.childForFieldName('arguments') ?? undefined;
      this.argumentListRead = true;
    }
    return this.argumentListNode;
  }

  get args(): SyntaxNode[] {
    return this.arguments().args;
  }

  get kwargs(): Map<string, SyntaxNode> {
    return this.arguments().kwargs;
  }

  get kwargNodes(): Map<string, SyntaxNode> {
    return this.arguments().kwargNodes;
  }

  get hasSplat(): boolean {
    return this.arguments().hasSplat;
  }

  private arguments(): Arguments {
    if (this.parsed) return this.parsed;
    const parsed: Arguments = { args: [], kwargs: new Map(), kwargNodes: new Map(), hasSplat: false };
    const argumentList = this.argumentList;
    if (argumentList && argumentList.type === 'argument_list') {
      for (const a of argumentList.namedChildren) {
        if (!a || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name')?.text;
          const value = a.childForFieldName('value');
          if (name && value) {
            parsed.kwargs.set(name, value);
            parsed.kwargNodes.set(name, a);
          }
        } else if (a.type === 'dictionary_splat') parsed.hasSplat = true;
        else parsed.args.push(a);
      }
    } else if (argumentList) {
      parsed.args.push(argumentList); // generator expression as the only argument
    }
    this.parsed = parsed;
    return parsed;
  }
}

/** The argument at a position or under a keyword, as Python would bind it. */
export function argument(call: CallFact, index: number, keyword?: string): SyntaxNode | undefined {
  if (keyword && call.kwargs.has(keyword)) return call.kwargs.get(keyword);
  return call.args[index];
}
