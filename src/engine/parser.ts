// The one place that loads tree-sitter. Parsing a JS string gives node indices in UTF-16 code
// units (checked in test/unit/positions.test.ts), which is what the rest of the engine speaks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { installNodeCache } from './node-cache';

export type { Node as SyntaxNode, Tree, Edit, Query, QueryCapture } from 'web-tree-sitter';

// Every node the engine sees is interned and memoised (node-cache.ts): reading the same node's
// type, fields and text again costs a property read instead of a WASM round trip.
installNodeCache();

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

/** Loads the runtime and the Python grammar once; later calls reuse them. */
export function initParser(): Promise<Language> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => locate('web-tree-sitter.wasm') });
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
