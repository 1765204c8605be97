// ruff's WASM build (@astral-sh/ruff-wasm-nodejs, a pinned devDependency) with its flake8-bandit
// `S` rules over every file listed on stdin, in one Node process, for `npm run bench`. Prints one
// JSON line; exits 3 when the package is not installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
let ruff;
try {
  ruff = require('@astral-sh/ruff-wasm-nodejs');
} catch {
  process.exit(3);
}
const files = readFileSync(0, 'utf8').split('\n').filter(Boolean);
const t0 = performance.now();
const workspace = new ruff.Workspace({ lint: { select: ['S'] } }, ruff.PositionEncoding.Utf16);
let findings = 0;
let failed = 0;
for (const f of files) {
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue;
  }
  try {
    findings += workspace.check(text).length;
  } catch {
    failed++;
  }
}
console.log(JSON.stringify({ ms: performance.now() - t0, files: files.length, findings, failed }));
