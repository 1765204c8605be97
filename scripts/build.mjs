// Bundles the CLI and the extension with esbuild and copies the tree-sitter WASM files
// next to the bundles, so the grammar ships with the package (no download at run time).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUNDLE_ALIASES } from './bundle-aliases.mjs';

const require = createRequire(import.meta.url);
const root = dirname(dirname(new URL(import.meta.url).pathname));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root, alias: BUNDLE_ALIASES };
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], format: 'cjs' },
  // The language server on its own, started by the extension as a separate process.
  { entryPoints: ['src/server/bin.ts'], outfile: 'dist/server.js', format: 'cjs' },
  // The language server's analysis worker (`mlguard server` and dist/server.js start it).
  { entryPoints: ['src/server/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', format: 'cjs' },
  // The compliance sidebar page: runs in the webview (browser), no Node, no vscode module.
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];
for (const entry of entries) {
  if (!existsSync(join(root, entry.entryPoints[0]))) continue;
  await build({ ...common, ...entry });
}
if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);

copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
