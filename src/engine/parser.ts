// The one place that loads tree-sitter. Parsing a JS string gives node indices in UTF-16 code
// units (checked in test/unit/positions.test.ts), which is what the rest of the engine speaks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Node, Parser, Query, type Tree } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree, Edit, Query, QueryCapture } from 'web-tree-sitter';

let ready: Promise<Language> | undefined;
let language: Language | undefined;

/**
 * The WASM files live next to the bundle (dist/) in the package and the VSIX; when running from
 * source (tests via tsx) they are resolved from node_modules.
 */
function locate(file: 'web-tree-sitter.wasm' | 'tree-sitter-python.wasm'): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  const fromPackage = file === 'web-tree-sitter.wasm' ? 'web-tree-sitter/web-tree-sitter.wasm' : 'tree-sitter-python/tree-sitter-python.wasm';
  return require.resolve(fromPackage);
}

/**
 * Every web-tree-sitter Node getter copies the node into WASM memory and calls across (and
 * `childForFieldName`/`parent` also allocate a new Node). Facts and rules ask the same node for
 * its type, text, end and fields many times, so the answers are cached on the Node object. A
 * Node is a snapshot of one tree (web-tree-sitter already caches `children` the same way); the
 * engine never reads a node across tree.edit(), which is the only thing that could change them.
 */
function cacheNodeGetters(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  if (proto.__mlguardCached || process.env.NOCACHE) return;
  proto.__mlguardCached = true;
  const getter = (name: string): ((this: Node) => unknown) => {
    const d = Object.getOwnPropertyDescriptor(Node.prototype, name);
    if (!d?.get) throw new Error(`web-tree-sitter Node has no getter ${name}`);
    return d.get as (this: Node) => unknown;
  };
  for (const name of ['typeId', 'endIndex', 'text', 'parent', 'hasError']) {
    const original = getter(name);
    const slot = `__mlguard_${name}`;
    Object.defineProperty(Node.prototype, name, {
      configurable: true,
      get(this: Record<string, unknown>) {
        let v = this[slot];
        if (v === undefined) this[slot] = v = original.call(this as unknown as Node);
        return v;
      },
    });
  }
  const childForFieldName = Node.prototype.childForFieldName;
  Node.prototype.childForFieldName = function cachedChildForFieldName(this: Node & { __mlguard_fields?: Map<string, Node | null> }, field: string) {
    let fields = this.__mlguard_fields;
    if (!fields) this.__mlguard_fields = fields = new Map();
    let v = fields.get(field);
    if (v === undefined) fields.set(field, (v = childForFieldName.call(this, field)));
    return v;
  };
}

/** Loads the runtime and the Python grammar once; later calls reuse them. */
export function initParser(): Promise<Language> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => locate('web-tree-sitter.wasm') });
    cacheNodeGetters();
    language = await Language.load(locate('tree-sitter-python.wasm'));
    return language;
  })();
  return ready;
}

export function isParserReady(): boolean {
  return language !== undefined;
}

let shared: Parser | undefined;

/**
 * Parses Python source. initParser() must have resolved first (analysis entry points await it).
 * Pass the previous tree, already edited with tree.edit(), to reparse incrementally.
 */
export function parsePython(source: string, oldTree?: Tree | null): Tree {
  if (!language) throw new Error('MLGuard parser used before initParser() resolved');
  if (!shared) {
    shared = new Parser();
    shared.setLanguage(language);
  }
  const tree = shared.parse(source, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Compiles a tree-sitter query for the Python grammar (initParser() must have resolved). */
export function compileQuery(source: string): Query {
  if (!language) throw new Error('MLGuard parser used before initParser() resolved');
  return new Query(language, source);
}
