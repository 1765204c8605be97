// Small, allocation-light helpers over tree-sitter Python nodes shared by facts and rules.
import { compileQuery, type Query, type SyntaxNode } from './parser';
import { typeIndex } from './node-cache';

/**
 * Visits every node depth-first (pre-order, document order) without recursion, so deeply nested
 * input cannot blow the stack. With `types`, only nodes of those types are visited, taken from a
 * per-tree index of those types (`typeIndex`: one C walk inside WASM per tree and type set, so
 * only matching nodes become JS objects, and walking a subtree again is a binary search).
 */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => void, types?: ReadonlySet<string>): void {
  if (types) {
    for (const node of nodesOfTypes(root, types)) visit(node);
    return;
  }
  const cursor = root.walk();
  try {
    let descending = true;
    for (;;) {
      if (descending) {
        visit(cursor.currentNode);
        if (cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descending = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descending = false;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * `root` and its descendants of these types, in pre-order: what the query `[(a) (b)] @node`
 * captures on `root` (queryNodesOfTypes, the reference test/unit/walk.test.ts compares with).
 * A tree with syntax errors takes the query: `descendantsOfType` skips zero-width nodes at the
 * very start of the file, which only error recovery creates.
 */
export function nodesOfTypes(root: SyntaxNode, types: ReadonlySet<string>): readonly SyntaxNode[] {
  const tree = root.tree;
  const top = tree.rootNode;
  if (top.hasError) return queryNodesOfTypes(root, types);
  const all = typeIndex(tree, types);
  if (root.id === top.id) return all;
  const start = root.startIndex;
  const end = root.endIndex;
  // Pre-order has non-decreasing start offsets: the subtree's nodes follow the first one at `start`.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid].startIndex < start) lo = mid + 1;
    else hi = mid;
  }
  const out: SyntaxNode[] = [];
  for (let i = lo; i < all.length; i++) {
    const n = all[i];
    if (n.startIndex > end) break;
    if (n.endIndex > end) continue; // an enclosing node that starts where root starts
    // Contained by offsets is inside root, except an ancestor with root's exact range, or a
    // zero-width node on root's boundary that belongs to a neighbour: ask the tree for those.
    const ambiguous = (n.startIndex === start && n.endIndex === end) || (n.startIndex === n.endIndex && (n.startIndex === start || n.startIndex === end));
    if (!ambiguous || isWithin(n, root)) out.push(n);
  }
  return out;
}

/** True when `node` is `root` or one of its descendants. */
function isWithin(node: SyntaxNode, root: SyntaxNode): boolean {
  const width = root.endIndex - root.startIndex;
  for (let p: SyntaxNode | null = node; p; p = p.parent) {
    if (p.id === root.id) return true;
    if (p.endIndex - p.startIndex > width) return false;
  }
  return false;
}

const typeQueries = new WeakMap<ReadonlySet<string>, Query>();

/** The same nodes found by a compiled query per type set, e.g. `[(call)] @n` (the reference). */
export function queryNodesOfTypes(root: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  let query = typeQueries.get(types);
  if (!query) {
    query = compileQuery(`[${[...types].map((t) => `(${t})`).join(' ')}] @node`);
    typeQueries.set(types, query);
  }
  return query.captures(root).map((c) => c.node);
}

/** `a.b.c` for identifier/attribute chains, undefined for anything else (calls, subscripts...). */
export function dottedName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return object && attr ? `${object}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The value of a plain string literal (no interpolation); undefined for f-strings with fields. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  // `("SELECT a, b "\n "FROM t")`: a long literal wrapped in parentheses is that literal. A loop,
  // not recursion: 5,000 nested parentheses overflowed the stack (and switched PII001 off).
  while (node && node.type === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChildren[0];
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = part ? stringValue(part) : undefined;
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const quick = plainStringValue(node.text);
  if (quick !== undefined) return quick;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') out += unescape(child.text);
  }
  return out;
}

/**
 * The value of a complete string literal without backslashes or interpolation, read from its
 * text: what its string_content children hold, without materialising them (every string of a
 * file is read by several rules, and the children cost a WASM round trip each). Undefined when
 * the slow path must decide (escapes, f/t-strings, an unterminated literal).
 */
export function plainStringValue(text: string): string | undefined {
  if (text.includes('\\')) return undefined;
  let i = 0;
  while (i < text.length && i < 3 && /[A-Za-z]/.test(text[i])) i++;
  if (/[ft]/i.test(text.slice(0, i))) return undefined;
  const q = text[i];
  if (q !== '"' && q !== "'") return undefined;
  const delimiter = text.startsWith(q.repeat(3), i) ? q.repeat(3) : q;
  const start = i + delimiter.length;
  if (text.length < start + delimiter.length || !text.endsWith(delimiter)) return undefined;
  return text.slice(start, text.length - delimiter.length);
}

function unescape(seq: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  const c = seq.charAt(1);
  if (c in simple) return simple[c];
  if (c === 'x' || c === 'u' || c === 'U') {
    const code = parseInt(seq.slice(2), 16);
    if (!Number.isNaN(code)) return String.fromCodePoint(code);
  }
  return seq;
}

/** The string's prefix letters (r, b, f, u...) lower-cased. */
export function stringPrefix(node: SyntaxNode): string {
  const start = node.type === 'concatenated_string' ? node.namedChildren[0] : node;
  const text = start?.text ?? '';
  const m = /^[A-Za-z]*/.exec(text);
  return (m ? m[0] : '').toLowerCase();
}

/** Strings in a list/tuple/set literal, or undefined if any element is not a plain string. */
export function stringList(node: SyntaxNode | null | undefined): { value: string; node: SyntaxNode }[] | undefined {
  if (!node || !['list', 'tuple', 'set'].includes(node.type)) return undefined;
  const out: { value: string; node: SyntaxNode }[] = [];
  for (const el of node.namedChildren) {
    if (!el || el.type === 'comment') continue;
    const v = stringValue(el);
    if (v === undefined) return undefined;
    out.push({ value: v, node: el });
  }
  return out;
}

/** The name identifier of a parameter node (`x`, `x: int`, `x=1`, `x: int = 1`, `*args`), if it has one. */
export function parameterIdentifier(p: SyntaxNode): SyntaxNode | undefined {
  if (p.type === 'identifier') return p;
  const id = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
  return id?.type === 'identifier' ? id : undefined;
}

/** Nearest enclosing function definition, or undefined at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
  }
  return undefined;
}

/** The statement that contains node (direct child of a block or the module). */
export function enclosingStatement(node: SyntaxNode): SyntaxNode {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'module') cur = cur.parent;
  return cur;
}

/** Leading whitespace of the line that node starts on. */
export function indentationOf(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(source.slice(lineStart, offset));
  return m ? m[0] : '';
}

/** True when the tree has no ERROR or MISSING nodes. */
export function isCleanParse(root: SyntaxNode): boolean {
  return !root.hasError;
}
