// Alternative launcher for people with a desktop VS Code and internet access: runs the same
// integration suite (out/integration/index.js) with @vscode/test-electron, which downloads VS Code
// from Microsoft. (On machines that reach only npm and apt, use scripts/vscode/run.sh, which runs
// the suite in code-server's real VS Code extension host instead.)
// Usage: node scripts/vscode/run-electron.mjs [--vscode-version 1.139.1] [--code /path/to/code]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts/vscode/build-tests.mjs')], { stdio: 'inherit' });
const run = mkdtempSync(join(tmpdir(), 'mlguard-electron-'));
const workspace = join(run, 'ws');
cpSync(join(root, 'test/integration/workspace'), workspace, { recursive: true });

try {
  await runTests({
    version: opt('--vscode-version') ?? '1.139.1',
    vscodeExecutablePath: opt('--code'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/integration/index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(run, 'ud'), '--extensions-dir', join(run, 'exts')],
  });
} catch (e) {
  console.error('integration tests failed (or VS Code could not be downloaded):', e instanceof Error ? e.message : e);
  process.exit(1);
}
