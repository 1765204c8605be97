// The parse-only floor for `npm run bench`: read and parse every file listed on stdin (one path a
// line) with web-tree-sitter in one Node process, nothing else. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Parser, Language } = require('web-tree-sitter');
const files = readFileSync(0, 'utf8').split('\n').filter(Boolean);
const t0 = performance.now();
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const parser = new Parser();
parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
let nodes = 0;
for (const f of files) {
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue;
  }
  const tree = parser.parse(text);
  nodes += tree.rootNode.descendantCount;
  tree.delete();
}
console.log(JSON.stringify({ ms: performance.now() - t0, files: files.length, nodes }));
