// Checks what the packaged .vsix contains: exactly the bundles (extension, language server, its
// analysis worker, the sidebar page), the two WASM files, the manifest,
// README/CHANGELOG/LICENSE, the icon (media/) and the grammar (syntaxes/) — no sources, tests,
// source maps, node_modules or fixtures. Usage: node test/e2e/vsix-contents.mjs <file.vsix>
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const vsix = process.argv[2];
if (!vsix) throw new Error('usage: vsix-contents.mjs <file.vsix>');
const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('/'));

const required = [
  'extension.vsixmanifest',
  '[Content_Types].xml',
  'extension/package.json',
  'extension/dist/extension.js',
  // The language server (its own process) and its analysis worker.
  'extension/dist/server.js',
  'extension/dist/analysis-worker.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-python.wasm',
  // README.md is the user guide (its VS Code section is what the Marketplace page shows).
  ...(existsSync('README.md') ? ['extension/readme.md'] : []),
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/media/icon.png',
  'extension/syntaxes/mlguard-pragma.injection.tmLanguage.json',
  // The compliance sidebar's page script, when the project has one.
  ...(existsSync('src/webview/main.ts') ? ['extension/dist/webview.js'] : []),
];
const allowed = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/package\.json$/, /^extension\/dist\/(extension\.js|server\.js|analysis-worker\.js|webview\.js|web-tree-sitter\.wasm|tree-sitter-python\.wasm)$/, /^extension\/(readme|changelog)\.md$/i, /^extension\/LICENSE\.txt$/, /^extension\/media\/[^/]+\.(png|svg|css)$/, /^extension\/syntaxes\/[^/]+\.json$/];

const problems = [];
// Test-only hooks must not ship: the page-message automation command is neither contributed nor
// registered outside the extension test host (ExtensionMode.Test); ui.mjs proves it at run time.
const manifest = execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' });
if (manifest.includes('mlguard.compliance.receive')) problems.push('package.json contributes the test-only command mlguard.compliance.receive');
const bundle = execFileSync('unzip', ['-p', vsix, 'extension/dist/extension.js'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const at = bundle.indexOf('"mlguard.compliance.receive"');
if (at >= 0 && !/extensionMode\s*===\s*\w+\.ExtensionMode\.Test/.test(bundle.slice(Math.max(0, at - 400), at))) problems.push('dist/extension.js registers mlguard.compliance.receive outside the ExtensionMode.Test guard');
if (!existsSync('README.md')) console.warn('WARNING: the project has no README.md, so the package has none (the Marketplace page would be empty).');
for (const r of required) if (!files.some((f) => f.toLowerCase() === r.toLowerCase())) problems.push(`missing: ${r}`);
for (const f of files) if (!allowed.some((re) => re.test(f))) problems.push(`not allowed in the package: ${f}`);
if (problems.length) {
  console.error(`vsix contents check FAILED for ${vsix}:\n  ${problems.join('\n  ')}\ncontents:\n  ${files.join('\n  ')}`);
  process.exit(1);
}
console.log(`vsix contents OK: ${files.length} files (${files.join(', ')})`);
