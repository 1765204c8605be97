// Module aliases every esbuild bundle of this project needs (extension, CLI, integration suites).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const BUNDLE_ALIASES = {
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CommonJS bundle: use its CJS build.
  'web-tree-sitter': require.resolve('web-tree-sitter'),
  // jsonc-parser's UMD build requires its parts dynamically, which a bundle cannot follow: use its ESM build.
  'jsonc-parser': join(dirname(require.resolve('jsonc-parser/package.json')), 'lib/esm/main.js'),
};
