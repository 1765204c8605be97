// Applies fixes to a whole source the way `ruff --fix` does: pick non-overlapping fixes, apply,
// re-analyse, repeat until nothing changes. A batch that would break the Python is undone and its
// fixes are tried one by one, so a fixed file always still parses.
import { analyzePython, type AnalyzeOptions } from './analyze';
import type { MlguardConfig } from './config';
import { allowedApplicabilities, applyEdits, pickFixes } from './fixes';
import { parsePython } from './parser';
import type { Finding, Fix } from './types';

export interface FixResult {
  output: string;
  /** Findings whose fix was applied (positions as in the pass that fixed them). */
  applied: Finding[];
  /** Fixes rejected because the result would not parse. */
  rejected: { finding: Finding; fix: Fix }[];
}

function parsesCleanly(source: string): boolean {
  const tree = parsePython(source);
  const ok = !tree.rootNode.hasError;
  tree.delete();
  return ok;
}

export function fixSource(source: string, path: string, config: MlguardConfig | undefined, opts: { unsafe?: boolean } & AnalyzeOptions = {}): FixResult {
  const allowed = allowedApplicabilities(opts.unsafe ?? false);
  const startedClean = parsesCleanly(source);
  const applied: Finding[] = [];
  const rejected: { finding: Finding; fix: Fix }[] = [];
  const rejectedKeys = new Set<string>();
  let current = source;
  for (let pass = 0; pass < 10; pass++) {
    const { findings, tree } = analyzePython(current, path, config, { rules: opts.rules });
    tree.delete();
    const candidates = findings.filter((f) => !rejectedKeys.has(`${f.fingerprint}`));
    const { fixes, findings: fixed } = pickFixes(candidates, allowed);
    if (fixes.length === 0) break;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    if (!startedClean || parsesCleanly(next)) {
      current = next;
      applied.push(...fixed);
      continue;
    }
    // Find the culprits one by one; keep the others.
    let progressed = false;
    fixes.forEach((fix, i) => {
      const attempt = applyEdits(current, fix.edits);
      if (parsesCleanly(attempt)) {
        current = attempt;
        applied.push(fixed[i]);
        progressed = true;
      } else {
        rejected.push({ finding: fixed[i], fix });
        rejectedKeys.add(fixed[i].fingerprint);
      }
    });
    // Offsets of later fixes are stale after one applies: re-analyse next pass.
    if (!progressed && rejected.length === 0) break;
  }
  return { output: current, applied, rejected };
}
