// Bundles the integration suites (test/integration/) for VS Code's extension host: one file per
// suite so mocha's globals exist when each suite loads; `vscode` and `mocha` stay external
// (mocha is resolved from the project's node_modules at run time).
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE_ALIASES } from '../bundle-aliases.mjs';


const root = dirname(dirname(dirname(new URL(import.meta.url).pathname)));
const suites = readdirSync(join(root, 'test/integration/suites')).filter((f) => f.endsWith('.test.ts'));
await build({
  absWorkingDir: root,
  entryPoints: ['test/integration/index.ts', 'test/integration/bench.ts', ...suites.map((s) => `test/integration/suites/${s}`)].filter((f) => existsSync(join(root, f))),
  outdir: 'out/integration',
  outbase: 'test/integration',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  alias: BUNDLE_ALIASES,
  logLevel: 'warning',
});
