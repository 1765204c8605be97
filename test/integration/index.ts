// Entry point VS Code's extension host calls (extensionTestsPath): runs every suite with mocha.
// Suites are bundled one file each (scripts/vscode/build-tests.mjs) next to this file.
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  const dir = path.resolve(__dirname, 'suites');
  const grep = process.env.MLGUARD_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
  });
}
