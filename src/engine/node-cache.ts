// Interned, memoised tree-sitter nodes. web-tree-sitter builds a new JS `Node` for every child,
// field or parent it returns, and every property read (`type`, `endIndex`, `text`...) marshals
// the node into WASM memory and calls across the boundary. The rules and the DataFrame
// interpreter read the same nodes many times (on the standard library: `type` 13 times per
// node, `childForFieldName` and `text` 6 times), so that marshalling dominated the audit.
//
// Installed once by parser.ts (the only other module that knows web-tree-sitter): each tree keeps
// one canonical JS object per node id, every node-returning accessor returns the canonical
// object, and each read-only accessor computes its value once per node. The values are exactly
// what web-tree-sitter returns (a tree is immutable between edits), so nothing downstream can
// tell, except that the same node is now the same object. `Tree.edit` and `Tree.delete` drop the
// tree's table (edited positions must not come from the cache).
import { Node, Query, Tree, TreeCursor } from 'web-tree-sitter';

/**
 * Nodes interned per tree at most. Past it nodes are still correct, just no longer shared (their
 * caches die with them), so memory stays bounded on huge files: ~250 bytes per interned node.
 */
export const MAX_INTERNED_NODES = 600_000;

const TABLE = Symbol('mlguard.internTable');
const SLOTS = Symbol('mlguard.nodeSlots');

/** A node's memoised values; `undefined` means not computed yet (null is a real answer). */
class Slots {
  typeId: number | undefined = undefined;
  type: string | undefined = undefined;
  text: string | undefined = undefined;
  endIndex: number | undefined = undefined;
  parent: Node | null | undefined = undefined;
  children: Node[] | undefined = undefined;
  namedChildren: Node[] | undefined = undefined;
  /** Other getters (by name): isNamed, hasError, nextSibling... */
  getters: Map<string, unknown> | undefined = undefined;
  /** childForFieldId results, indexed by field id. */
  fields: (Node | null | undefined)[] | undefined = undefined;
  child: Map<number, Node | null> | undefined = undefined;
  namedChild: Map<number, Node | null> | undefined = undefined;
}

interface Interned {
  [TABLE]?: Map<number, Node>;
}
interface WithSlots {
  [SLOTS]?: Slots;
}

function slotsOf(node: Node): Slots {
  const n = node as Node & WithSlots;
  return (n[SLOTS] ??= new Slots());
}

/** The canonical object for this node of its tree (the node itself the first time). */
export function canonical<T extends Node | null>(node: T): T {
  if (!node) return node;
  const tree = node.tree as Tree & Interned;
  let table = tree[TABLE];
  if (!table) table = tree[TABLE] = new Map();
  const known = table.get(node.id);
  if (known) return known as T;
  if (table.size < MAX_INTERNED_NODES) table.set(node.id, node);
  return node;
}

function canonicalAll(nodes: (Node | null)[]): Node[] {
  const out = new Array<Node>(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = canonical(nodes[i]) as Node;
  return out;
}

function getterOf(proto: object, name: string): (this: unknown) => unknown {
  const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
  // The runtime is pinned (package.json); a renamed accessor must fail loudly in tests.
  if (!get) throw new Error(`web-tree-sitter: no getter ${name}`);
  return get as (this: unknown) => unknown;
}

function methodOf<A extends unknown[], R>(proto: object, name: string): (this: unknown, ...args: A) => R {
  const value: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
  if (typeof value !== 'function') throw new Error(`web-tree-sitter: no method ${name}`);
  return value as (this: unknown, ...args: A) => R;
}

function defineGetter(proto: object, name: string, get: (this: Node) => unknown): void {
  Object.defineProperty(proto, name, { configurable: true, enumerable: false, get });
}

function defineMethod(proto: object, name: string, value: (this: Node, ...args: never[]) => unknown): void {
  Object.defineProperty(proto, name, { configurable: true, enumerable: false, writable: true, value });
}

/** Value getters that never change for a node of an unedited tree. */
const PLAIN_GETTERS = ['isNamed', 'isExtra', 'isError', 'isMissing', 'hasError', 'endPosition', 'childCount', 'namedChildCount', 'descendantCount'] as const;
/** Getters that return one node (or null). */
const NODE_GETTERS = ['firstChild', 'firstNamedChild', 'lastChild', 'lastNamedChild', 'nextSibling', 'previousSibling', 'nextNamedSibling', 'previousNamedSibling'] as const;
/** Methods with arbitrary arguments whose node results are only made canonical (not memoised). */
const NODE_METHODS = ['childWithDescendant', 'descendantForIndex', 'namedDescendantForIndex', 'descendantForPosition', 'namedDescendantForPosition', 'firstChildForIndex', 'firstNamedChildForIndex'] as const;

let installed = false;

/** Patches web-tree-sitter's prototypes once per loaded copy of the runtime. */
export function installNodeCache(): void {
  if (installed) return;
  installed = true;
  const proto = Node.prototype;

  const typeId = getterOf(proto, 'typeId');
  defineGetter(proto, 'typeId', function () {
    const s = slotsOf(this);
    return (s.typeId ??= typeId.call(this) as number);
  });
  const type = getterOf(proto, 'type');
  defineGetter(proto, 'type', function () {
    const s = slotsOf(this);
    return (s.type ??= type.call(this) as string);
  });
  const text = getterOf(proto, 'text');
  defineGetter(proto, 'text', function () {
    const s = slotsOf(this);
    return (s.text ??= text.call(this) as string);
  });
  const endIndex = getterOf(proto, 'endIndex');
  defineGetter(proto, 'endIndex', function () {
    const s = slotsOf(this);
    return (s.endIndex ??= endIndex.call(this) as number);
  });
  const parent = getterOf(proto, 'parent');
  defineGetter(proto, 'parent', function () {
    const s = slotsOf(this);
    if (s.parent === undefined) s.parent = canonical(parent.call(this) as Node | null);
    return s.parent;
  });
  const children = getterOf(proto, 'children');
  defineGetter(proto, 'children', function () {
    const s = slotsOf(this);
    return (s.children ??= canonicalAll(children.call(this) as Node[]));
  });
  const namedChildren = getterOf(proto, 'namedChildren');
  defineGetter(proto, 'namedChildren', function () {
    const s = slotsOf(this);
    return (s.namedChildren ??= canonicalAll(namedChildren.call(this) as Node[]));
  });

  for (const name of PLAIN_GETTERS) {
    const get = getterOf(proto, name);
    defineGetter(proto, name, function () {
      const s = slotsOf(this);
      const getters = (s.getters ??= new Map());
      if (getters.has(name)) return getters.get(name);
      const v = get.call(this);
      getters.set(name, v);
      return v;
    });
  }
  for (const name of NODE_GETTERS) {
    const get = getterOf(proto, name);
    defineGetter(proto, name, function () {
      const s = slotsOf(this);
      const getters = (s.getters ??= new Map());
      if (getters.has(name)) return getters.get(name);
      const v = canonical(get.call(this) as Node | null);
      getters.set(name, v);
      return v;
    });
  }
  for (const name of NODE_METHODS) {
    const method = methodOf<unknown[], Node | null>(proto, name);
    defineMethod(proto, name, function (...args: never[]) {
      return canonical(method.apply(this, args));
    });
  }

  // Fields by id in an array, names through a Map: web-tree-sitter looks a name up with indexOf
  // over the grammar's field list on every call.
  const childForFieldId = methodOf<[number], Node | null>(proto, 'childForFieldId');
  const fieldChild = function (this: Node, fieldId: number): Node | null {
    const s = slotsOf(this);
    const fields = (s.fields ??= []);
    let v = fields[fieldId];
    if (v === undefined) v = fields[fieldId] = canonical(childForFieldId.call(this, fieldId));
    return v;
  };
  defineMethod(proto, 'childForFieldId', fieldChild);
  const fieldIds = new WeakMap<object, Map<string, number>>();
  const idOf = (node: Node, fieldName: string): number => {
    const language = node.tree.language;
    let ids = fieldIds.get(language);
    if (!ids) {
      ids = new Map();
      language.fields.forEach((f, i) => {
        if (f !== null && !ids!.has(f)) ids!.set(f, i);
      });
      fieldIds.set(language, ids);
    }
    return ids.get(fieldName) ?? -1;
  };
  defineMethod(proto, 'childForFieldName', function (fieldName: string) {
    const id = idOf(this, fieldName);
    return id === -1 ? null : fieldChild.call(this, id);
  });
  const childrenForFieldId = methodOf<[number], Node[]>(proto, 'childrenForFieldId');
  defineMethod(proto, 'childrenForFieldId', function (fieldId: number) {
    return canonicalAll(childrenForFieldId.call(this, fieldId));
  });
  defineMethod(proto, 'childrenForFieldName', function (fieldName: string) {
    const id = idOf(this, fieldName);
    // As web-tree-sitter: field id 0 is not a field.
    return id === -1 || id === 0 ? [] : canonicalAll(childrenForFieldId.call(this, id));
  });
  const child = methodOf<[number], Node | null>(proto, 'child');
  defineMethod(proto, 'child', function (index: number) {
    const s = slotsOf(this);
    const map = (s.child ??= new Map());
    let v = map.get(index);
    if (v === undefined) {
      v = canonical(child.call(this, index));
      map.set(index, v);
    }
    return v;
  });
  const namedChild = methodOf<[number], Node | null>(proto, 'namedChild');
  defineMethod(proto, 'namedChild', function (index: number) {
    const s = slotsOf(this);
    const map = (s.namedChild ??= new Map());
    let v = map.get(index);
    if (v === undefined) {
      v = canonical(namedChild.call(this, index));
      map.set(index, v);
    }
    return v;
  });
  const descendantsOfType = methodOf<unknown[], Node[]>(proto, 'descendantsOfType');
  defineMethod(proto, 'descendantsOfType', function (...args: never[]) {
    return canonicalAll(descendantsOfType.apply(this, args));
  });

  const rootNode = getterOf(Tree.prototype, 'rootNode');
  defineGetter(Tree.prototype, 'rootNode', function (this: unknown) {
    return canonical(rootNode.call(this) as Node);
  } as (this: Node) => unknown);
  for (const name of ['edit', 'delete'] as const) {
    const method = methodOf<unknown[], unknown>(Tree.prototype, name);
    defineMethod(Tree.prototype, name, function (this: unknown, ...args: never[]) {
      forgetTree(this);
      return method.apply(this, args);
    } as (this: Node, ...args: never[]) => unknown);
  }

  const currentNode = getterOf(TreeCursor.prototype, 'currentNode');
  defineGetter(TreeCursor.prototype, 'currentNode', function (this: unknown) {
    return canonical(currentNode.call(this) as Node);
  } as (this: Node) => unknown);

  const captures = methodOf<unknown[], { node: Node }[]>(Query.prototype, 'captures');
  defineMethod(Query.prototype, 'captures', function (this: unknown, ...args: never[]) {
    const out = captures.apply(this, args);
    for (const c of out) c.node = canonical(c.node);
    return out;
  } as (this: Node, ...args: never[]) => unknown);
  const matches = methodOf<unknown[], { captures: { node: Node }[] }[]>(Query.prototype, 'matches');
  defineMethod(Query.prototype, 'matches', function (this: unknown, ...args: never[]) {
    const out = matches.apply(this, args);
    for (const m of out) for (const c of m.captures) c.node = canonical(c.node);
    return out;
  } as (this: Node, ...args: never[]) => unknown);
}

const TYPE_INDEX = Symbol('mlguard.typeIndex');

interface Indexed {
  [TYPE_INDEX]?: Map<ReadonlySet<string>, Node[]>;
}

/** Tree state that `Tree.edit` / `Tree.delete` must drop (wrapped in installNodeCache). */
function forgetTree(tree: unknown): void {
  const t = tree as Interned & Indexed;
  delete t[TABLE];
  delete t[TYPE_INDEX];
}

/**
 * The nodes of these types in the whole tree, in document (pre-order) order, from one
 * `descendantsOfType` call (a C loop over the tree inside WASM: faster than a query, and only
 * matching nodes cross into JS), computed once per tree and type set. A set contained in one
 * already indexed (calls within the facts' types) is filtered from it: order is kept, and the
 * walk over the tree is not repeated.
 */
export function typeIndex(tree: Tree, types: ReadonlySet<string>): readonly Node[] {
  const t = tree as Tree & Indexed;
  const byTypes = (t[TYPE_INDEX] ??= new Map<ReadonlySet<string>, Node[]>());
  let list = byTypes.get(types);
  if (!list) {
    for (const [indexed, nodes] of byTypes) {
      if ([...types].every((type) => indexed.has(type))) {
        list = nodes.filter((n) => types.has(n.type));
        break;
      }
    }
    list ??= tree.rootNode.descendantsOfType([...types]).filter((n): n is Node => n !== null);
    byTypes.set(types, list);
  }
  return list;
}
