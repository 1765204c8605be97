// The string constant a name stands for where it is used: `SECRET = "..."` at module level or in
// the same (or an enclosing) function, or a class attribute read as `self.KEY` / `cls.KEY` /
// `Config.KEY`. Flow-insensitive but strict: a name bound more than once, or by anything other than
// one plain `name = "literal"` (parameters, imports, augmented or tuple assignments), has no
// constant value, so a rebinding never makes the engine report a value that is not used.
import type { SyntaxNode } from './parser';
import type { FileFacts } from './facts';
import { stringValue } from './ast';
import { literalValue } from './secrets/binding';

export interface StringConstant {
  /** The name as read at the use (`SECRET`, `self.key`). */
  name: string;
  value: string;
  /** The string literal that holds the value. */
  literal: SyntaxNode;
}

/** Right sides bound to each name per owner (function, class or module node id), plus names bound in other ways. */
interface Bindings {
  plain: Map<string, SyntaxNode[]>;
  other: Set<string>;
}

function owner(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') return p;
  return undefined;
}

const key = (ownerNode: SyntaxNode | undefined, name: string): string => `${ownerNode?.id ?? -1}:${name}`;

function bindings(facts: FileFacts): Bindings {
  return facts.memo('constants.bindings', () => {
    const plain = new Map<string, SyntaxNode[]>();
    const other = new Set<string>();
    for (const a of facts.assignments) {
      const scope = owner(a.node);
      if (a.left.type === 'identifier' && a.operator === '=' && a.right && a.right.type !== 'assignment') {
        const k = key(scope, a.left.text);
        plain.set(k, [...(plain.get(k) ?? []), a.right]);
      } else if (a.left.type === 'attribute' && a.operator === '=' && a.right && /^(self|cls)$/.test(a.left.childForFieldName('object')?.text ?? '')) {
        // self.key = "..." inside a method binds the class attribute `key`.
        const cls = scope && owner(scope);
        const attr = a.left.childForFieldName('attribute')?.text;
        if (cls?.type === 'class_definition' && attr) {
          const k = key(cls, attr);
          plain.set(k, [...(plain.get(k) ?? []), a.right]);
        }
      } else {
        const names = a.left.type === 'identifier' ? [a.left.text] : a.left.descendantsOfType('identifier').map((n) => n?.text ?? '');
        for (const n of names) other.add(key(scope, n));
      }
    }
    return { plain, other };
  });
}

function single(b: Bindings, ownerNode: SyntaxNode | undefined, name: string): SyntaxNode[] | undefined {
  const k = key(ownerNode, name);
  if (b.other.has(k)) return [];
  return b.plain.get(k);
}

/**
 * The right sides bound to `name` where it is used inside `scope`: in the nearest enclosing
 * function that binds it, else at module level; undefined when it is a parameter there.
 */
function rightsOf(b: Bindings, name: string, scope: SyntaxNode | undefined): SyntaxNode[] | undefined {
  for (let fn: SyntaxNode | undefined = scope; fn; fn = owner(fn)) {
    if (fn.type !== 'function_definition') continue; // class bodies are not enclosing scopes of their methods
    if (isParameter(fn, name)) return undefined;
    const rights = single(b, fn, name);
    if (rights) return rights;
  }
  return single(b, undefined, name);
}

/**
 * The one expression a name is bound to where it is used (`MODEL_PATH = os.getenv("M", "/m.pkl")`),
 * whatever its kind; undefined when the name is a parameter, an import or bound more than once.
 */
export function boundExpression(expr: SyntaxNode | undefined, facts: FileFacts, scope: SyntaxNode | undefined): SyntaxNode | undefined {
  if (expr?.type !== 'identifier' || facts.imports.bindsLocal(expr.text)) return undefined;
  const rights = rightsOf(bindings(facts), expr.text, scope);
  return rights?.length === 1 ? rights[0] : undefined;
}

function fromRights(name: string, rights: SyntaxNode[] | undefined): StringConstant | undefined {
  if (!rights || rights.length !== 1) return undefined;
  const literal = rights[0];
  if (literal.type !== 'string' && literal.type !== 'concatenated_string') return undefined;
  const value = literalValue(literal);
  return value === undefined ? undefined : { name, value, literal };
}

function isParameter(fn: SyntaxNode, name: string): boolean {
  const params = fn.childForFieldName('parameters');
  return !!params?.namedChildren.some((p) => p && (p.type === 'identifier' ? p.text === name : p.namedChildren[0]?.text === name || p.childForFieldName('name')?.text === name));
}

function classNamed(facts: FileFacts, name: string): SyntaxNode | undefined {
  return facts.memo(`constants.class:${name}`, () => facts.root.namedChildren.find((n) => {
    const def = n?.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    return def?.type === 'class_definition' && def.childForFieldName('name')?.text === name;
  }) ?? undefined);
}

/** Unwraps `X.encode()`, `bytes(X, "utf-8")`, `str(X)` and parentheses to X. */
export function unwrap(expr: SyntaxNode): SyntaxNode {
  let cur = expr;
  for (;;) {
    if (cur.type === 'parenthesized_expression' && cur.namedChildren[0]) cur = cur.namedChildren[0];
    else if (cur.type === 'call') {
      const fn = cur.childForFieldName('function');
      const args = cur.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment') ?? [];
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'encode' && fn.childForFieldName('object')) cur = fn.childForFieldName('object')!;
      else if (fn?.type === 'identifier' && (fn.text === 'bytes' || fn.text === 'str') && args[0] && args[0].type !== 'keyword_argument') cur = args[0];
      else return cur;
    } else return cur;
  }
}

/**
 * The string constant `expr` (an identifier or `self.X` / `cls.X` / `Class.X`, possibly wrapped in
 * `.encode()` / `bytes(...)`) stands for at a use inside `scope` (a function node, or undefined at
 * module level); undefined when it is not one plain string constant.
 */
export function stringConstant(expr: SyntaxNode | undefined, facts: FileFacts, scope: SyntaxNode | undefined): StringConstant | undefined {
  if (!expr) return undefined;
  const node = unwrap(expr);
  const b = bindings(facts);
  if (node.type === 'identifier') {
    const name = node.text;
    if (facts.imports.bindsLocal(name)) return undefined;
    return fromRights(name, rightsOf(b, name, scope));
  }
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return undefined;
    let cls: SyntaxNode | undefined;
    if (object.type === 'identifier' && /^(self|cls)$/.test(object.text)) {
      const method = scope;
      cls = method && owner(method);
    } else if (object.type === 'identifier') {
      const def = classNamed(facts, object.text);
      cls = def?.type === 'decorated_definition' ? (def.childForFieldName('definition') ?? undefined) : def;
    }
    if (cls?.type !== 'class_definition') return undefined;
    return fromRights(node.text, single(b, cls, attr));
  }
  return undefined;
}

/** A string literal's own value, or the constant an identifier stands for (see stringConstant). */
export function stringOrConstant(expr: SyntaxNode | undefined, facts: FileFacts, scope: SyntaxNode | undefined): string | undefined {
  return stringValue(expr) ?? stringConstant(expr, facts, scope)?.value;
}
