// `mlguard verify [--root DIR]`: checks the `.mlguard/` files in CI — checklist and threats
// against their schemas, the hash chain of the sign-off log, and that every done/accepted status
// is backed by a sign-off in the log. Exit 0 = all good, 1 = problems found, 2 = usage error or
// nothing to verify.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ComplianceStore, verifyStore } from '../../compliance/store';
import { maskText } from '../../engine/mask';
import { terminalSafe } from '../../engine/reports/text-escape';

export const VERIFY_HELP = `Usage: mlguard verify [--root DIR]

Checks the compliance files in DIR/.mlguard (default: the current folder):
  checklist.toml and threats.toml against their schemas, the hash chain of
  signoffs.jsonl (any edited, deleted or reordered entry is reported), and that
  every "done" checklist item and "accepted" threat has its sign-off in the log.

Exit status: 0 all checks pass, 1 problems found, 2 usage error or no .mlguard folder.
`;

export async function run(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let values: { root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    err(`mlguard: error: ${(e as Error).message}\nRun 'mlguard verify --help' for usage.\n`);
    return 2;
  }
  if (values.help) {
    out(VERIFY_HELP);
    return 0;
  }
  const root = resolve(values.root ?? process.cwd());
  if (!existsSync(resolve(root, '.mlguard'))) {
    err(`mlguard: error: no .mlguard folder in ${root}: run 'mlguard verify' in a workspace root (or pass --root)\n`);
    return 2;
  }
  const store = new ComplianceStore(root);
  const report = verifyStore(store.read());
  if (report.problems.length) {
    for (const p of report.problems) err(terminalSafe(maskText(`${p.file}:${p.line}:${p.column}: ${p.message}`)) + '\n');
    err(`mlguard verify: ${report.problems.length} problem(s) in ${report.checked.join(', ') || '.mlguard'}\n`);
    return 1;
  }
  out(`mlguard verify: OK — ${report.checked.join(', ') || 'nothing'} valid; ${report.entries} sign-off(s), chain intact\n`);
  return 0;
}
