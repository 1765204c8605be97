// Per-file facts, computed in one pass over the tree and shared by every rule. Heavier facts
// (DataFrame column tracking) are computed on first use through memo() and then shared too.
import type { SyntaxNode } from '../parser';
import { walk } from '../ast';
import { compileQuery, type Query } from '../parser';
import { Imports } from './imports';
import { callFact, type CallFact } from './calls';
import type { VocabularySource, VocabularyStep } from '../dataflow/interpreter';

export { Imports } from './imports';
export type { CallFact } from './calls';
export { argument } from './calls';

export interface AssignmentFact {
  node: SyntaxNode;
  /** Left side (identifier, attribute, subscript, pattern_list...). */
  left: SyntaxNode;
  /** Right side, undefined for annotations without value. */
  right?: SyntaxNode;
  /** `=`, `+=`, ... */
  operator: string;
  scope?: SyntaxNode;
}

export interface FunctionFact {
  node: SyntaxNode;
  name: string;
  parameters: SyntaxNode[];
  body: SyntaxNode;
  calls: CallFact[];
}

const FACT_NODE_TYPES: ReadonlySet<string> = new Set([
  'import_statement',
  'import_from_statement',
  'function_definition',
  'call',
  'assignment',
  'augmented_assignment',
  'string',
  'concatenated_string',
  'comment',
]);

let stringParentQuery: Query | undefined;

/** Milliseconds of `node.parent` lookups per file before stringParent switches to one query. */
const PARENT_LOOKUP_BUDGET_MS = 20;

/**
 * The parent of every string and concatenated string under root, by one query inside WASM. `_`
 * does not match ERROR nodes, hence the second pattern.
 */
export function stringParentsByQuery(root: SyntaxNode): Map<number, SyntaxNode> {
  const out = new Map<number, SyntaxNode>();
  stringParentQuery ??= compileQuery('(_ [(string) (concatenated_string)] @child) @parent (ERROR [(string) (concatenated_string)] @child) @parent');
  for (const match of stringParentQuery.matches(root)) {
    const child = match.captures.find((c) => c.name === 'child')?.node;
    const parent = match.captures.find((c) => c.name === 'parent')?.node;
    if (child && parent) out.set(child.id, parent);
  }
  return out;
}

export class FileFacts {
  readonly imports = new Imports();
  readonly calls: CallFact[] = [];
  readonly assignments: AssignmentFact[] = [];
  readonly functions: FunctionFact[] = [];
  readonly strings: SyntaxNode[] = [];
  readonly comments: SyntaxNode[] = [];
  /** Calls at module level (outside any function). */
  readonly moduleCalls: CallFact[] = [];
  /**
   * Why a result of this analysis depends on the whole file, not only on the definitions named in
   * the code: the incremental analysis then analyses the whole file (src/engine/incremental/),
   * except for columns assumed from the file's vocabulary, which a slice is handed whole
   * (vocabularySource).
   */
  readonly wholeFileReads: string[] = [];
  /**
   * Set before the DataFrame facts are computed: replaces the vocabulary the interpreter assumes
   * columns from (an incremental slice would pass the whole file's). Unset: the file's own.
   */
  vocabularySource: VocabularySource | undefined;
  /** The vocabulary the interpreter's first pass found in this file (set once it ran). */
  firstPassVocabulary: ReadonlyMap<string, SyntaxNode> = new Map();
  /** Where that pass first saw each of those names (merging slices' vocabularies in file order). */
  firstPassVocabularySteps: ReadonlyMap<string, VocabularyStep> = new Map();
  private readonly memos = new Map<string, unknown>();
  private readonly functionByNode = new Map<number, FunctionFact>();
  /** Time spent in `node.parent` for stringParent in this file, and the query's answer once over budget. */
  private parentLookupMs = 0;
  private parentsByQuery: Map<number, SyntaxNode> | undefined;

  constructor(readonly root: SyntaxNode) {
    const scopeStack: { end: number; fn: FunctionFact }[] = [];
    const concatenatedParts = new Set<number>();
    walk(
      root,
      (node) => {
        while (scopeStack.length && node.startIndex >= scopeStack[scopeStack.length - 1].end) scopeStack.pop();
        const scope = scopeStack.length ? scopeStack[scopeStack.length - 1].fn : undefined;
        switch (node.type) {
          case 'import_statement':
          case 'import_from_statement':
            this.imports.add(node);
            break;
          case 'function_definition': {
            const body = node.childForFieldName('body');
            const params = node.childForFieldName('parameters');
            if (!body) break;
            const fn: FunctionFact = {
              node,
              name: node.childForFieldName('name')?.text ?? '',
              parameters: params ? params.namedChildren.filter((p): p is SyntaxNode => !!p) : [],
              body,
              calls: [],
            };
            this.functions.push(fn);
            this.functionByNode.set(node.id, fn);
            scopeStack.push({ end: node.endIndex, fn });
            break;
          }
          case 'call': {
            if (!node.childForFieldName('function')) break;
            const call = callFact(node, scope?.node);
            this.calls.push(call);
            if (scope) scope.calls.push(call);
            else this.moduleCalls.push(call);
            break;
          }
          case 'assignment':
          case 'augmented_assignment': {
            const left = node.childForFieldName('left');
            if (!left) break;
            // A plain assignment has no operator field (only augmented ones do): no WASM call for it.
            const op = node.type === 'assignment' ? '=' : (node.childForFieldName('operator')?.text ?? '?=');
            this.assignments.push({ node, left, right: node.childForFieldName('right') ?? undefined, operator: op, scope: scope?.node });
            break;
          }
          case 'string':
            // Parts of an implicit concatenation are reported through it (walk is pre-order, so
            // the concatenation came first); asking each string for its parent is quadratic.
            if (!concatenatedParts.has(node.id)) this.strings.push(node);
            break;
          case 'concatenated_string':
            this.strings.push(node);
            for (const part of node.namedChildren) if (part) concatenatedParts.add(part.id);
            break;
          case 'comment':
            this.comments.push(node);
            break;
        }
      },
      FACT_NODE_TYPES,
    );
    // Imports anywhere in the file (also below their first use, or inside functions) resolve names.
    for (const call of this.calls) if (call.callee !== undefined) call.qualified = this.imports.resolve(call.callee);
  }

  /** The function fact for a function_definition node. */
  functionOf(node: SyntaxNode | undefined): FunctionFact | undefined {
    return node ? this.functionByNode.get(node.id) : undefined;
  }

  /** Calls in the same scope as `node` (its function, or module level). */
  callsInScope(scope: SyntaxNode | undefined): CallFact[] {
    return scope ? (this.functionOf(scope)?.calls ?? []) : this.moduleCalls;
  }

  /**
   * The parent of a string in `strings` (null for the root). `node.parent` descends from the root
   * inside WASM, so it costs the node's depth: cheap in ordinary code (and memoised per node), but
   * quadratic over a long chain (`x = "a" + "a" + ...`, 16k terms). So each file gets a time budget
   * for those lookups; past it, the parents of all strings come from one query
   * (`stringParentsByQuery`). Either way the answer is the same node (test/unit/walk.test.ts).
   */
  stringParent(node: SyntaxNode): SyntaxNode | null {
    if (this.parentsByQuery) return this.parentsByQuery.get(node.id) ?? null;
    if (this.parentLookupMs < PARENT_LOOKUP_BUDGET_MS) {
      const t = performance.now();
      const parent = node.parent;
      this.parentLookupMs += performance.now() - t;
      return parent;
    }
    this.parentsByQuery = stringParentsByQuery(this.root);
    return this.parentsByQuery.get(node.id) ?? null;
  }

  /** Records that a fact was derived from the whole file (see wholeFileReads). */
  readsWholeFile(why: string): void {
    if (!this.wholeFileReads.includes(why)) this.wholeFileReads.push(why);
  }

  /** Computes a derived fact once per file and shares it between rules. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}
