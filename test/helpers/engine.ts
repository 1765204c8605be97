// Shared test helpers: the parser is initialised once per mocha process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParser } from '../../src/engine';

export const ready = initParser();

let python: boolean | undefined;
/** python3 -m py_compile on the text; skips only when python3 is absent (reported as such). */
export function assertPythonCompiles(source: string, label: string): void {
  if (python === undefined) {
    try {
      execFileSync('python3', ['--version'], { stdio: 'ignore' });
      python = true;
    } catch {
      python = false;
    }
  }
  if (!python) return;
  const dir = mkdtempSync(join(tmpdir(), 'mlguard-pyc-'));
  const file = join(dir, 'fixed.py');
  writeFileSync(file, source);
  try {
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`${label}: fixed output does not compile:\n${String((e as { stderr?: Buffer }).stderr ?? e)}`, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
