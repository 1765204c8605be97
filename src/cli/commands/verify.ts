// `mlguard verify [--root DIR]`: checks the `.mlguard/` files in CI — checklist and threats
// against their schemas, the hash chain of the sign-off log, and that every done/accepted status
// is backed by a sign-off in the log. Exit 0 = all good, 1 = problems found, 2 = usage error or
// nothing to verify.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { crossCheckSignoffs } from '../../compliance/signoff-provenance';
import { ComplianceStore, SIGNOFFS_FILE, verifyStore } from '../../compliance/store';
import { maskText } from '../../engine/mask';
import { terminalSafe } from '../../engine/reports/text-escape';

export const VERIFY_HELP = `Usage: mlguard verify [--root DIR] [--no-git]

Checks the compliance files in DIR/.mlguard (default: the current folder):
  checklist.toml and threats.toml against their schemas, the hash chain of
  signoffs.jsonl (any edited, deleted or reordered entry is reported), and that
  every "done" checklist item and "accepted" threat has its sign-off in the log.

In a git repository it also asks git which commit introduced each sign-off:
  a sign-off whose commit author is not the signer, or whose commit signature
  does not verify (git verify-commit), is reported: no commit vouches for it.
  Sign-offs not committed yet are listed as warnings. The hash chain alone
  cannot stop someone from rewriting the log and recomputing every hash.

      --no-git   skip the git history cross-check

Exit status: 0 all checks pass, 1 problems found, 2 usage error or no .mlguard folder.
`;

export async function run(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let values: { root?: string; help?: boolean; 'no-git'?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { root: { type: 'string' }, 'no-git': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
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
  const snapshot = store.read();
  const report = verifyStore(snapshot);
  let history = '';
  if (!values['no-git'] && snapshot.signoffs.entries.length) {
    const prov = crossCheckSignoffs(root, store.abs(SIGNOFFS_FILE), snapshot.signoffs.entries);
    if (!prov.available) history = `; git history not checked (${prov.reason})`;
    else {
      const lines = snapshot.signoffs.text?.split('\n') ?? [];
      const lineOf = (hash: string): number => lines.findIndex((l) => l.includes(`"hash":"${hash}"`)) + 1 || 1;
      let vouched = 0;
      let signed = 0;
      const uncommitted: number[] = [];
      const shallow: number[] = [];
      for (const e of snapshot.signoffs.entries) {
        const p = prov.bySignoff.get(e.hash);
        const at = { file: SIGNOFFS_FILE, line: lineOf(e.hash), column: 1 };
        if (!p || p.kind === 'uncommitted') uncommitted.push(e.seq);
        else if (p.kind === 'shallow') shallow.push(e.seq);
        else if (p.kind === 'author-mismatch')
          report.problems.push({ ...at, message: `sign-off #${e.seq} (${e.subject}) is signed by "${e.by}" but was introduced by commit ${p.commit.slice(0, 12)} authored by "${p.author}": no commit vouches for it` });
        else if (p.kind === 'bad-signature') report.problems.push({ ...at, message: `sign-off #${e.seq} (${e.subject}): the signature of commit ${p.commit.slice(0, 12)} that introduced it does not verify (${p.detail})` });
        else {
          vouched++;
          if (p.signed) signed++;
        }
      }
      if (uncommitted.length) err(`mlguard verify: warning: sign-off${uncommitted.length === 1 ? '' : 's'} #${uncommitted.join(', #')} not committed yet: no commit vouches for ${uncommitted.length === 1 ? 'it' : 'them'} until committed\n`);
      if (shallow.length) err(`mlguard verify: warning: sign-off${shallow.length === 1 ? '' : 's'} #${shallow.join(', #')} came from commits outside this shallow clone: not cross-checked (fetch the full history, e.g. actions/checkout with fetch-depth: 0)\n`);
      history = `; ${vouched} vouched for by their commit author in git${signed ? ` (${signed} with a verified commit signature)` : ''}`;
    }
  }
  if (report.problems.length) {
    for (const p of report.problems) err(terminalSafe(maskText(`${p.file}:${p.line}:${p.column}: ${p.message}`)) + '\n');
    err(`mlguard verify: ${report.problems.length} problem(s) in ${report.checked.join(', ') || '.mlguard'}\n`);
    return 1;
  }
  out(`mlguard verify: OK — ${report.checked.join(', ') || 'nothing'} valid; ${report.entries} sign-off(s), chain intact${history}\n`);
  return 0;
}
