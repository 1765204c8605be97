// `mlguard report [--format markdown|html] [--output FILE] [--root DIR]`: the compliance report
// (findings summary, threat model, GDPR checklist with owners and evidence) for the workspace in
// the current folder, the same document the sidebar's Export Compliance Report writes.
import { writeFileAtomic } from '../../engine/atomic-write';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildModel } from '../../compliance/model';
import { complianceHtml, complianceMarkdown } from '../../compliance/report';
import { ComplianceStore } from '../../compliance/store';
import { analyseWorkspace } from '../../compliance/workspace';
import { loadConfigFor } from '../../engine/config-file';
import { maskText } from '../../engine/mask';
import { terminalSafe } from '../../engine/reports/text-escape';
import { configProblemLines } from '../audit';

export const REPORT_HELP = `Usage: mlguard report [--format markdown|html] [--output FILE] [--root DIR]

Analyses the workspace (default: the current folder) and writes the compliance
report: findings summary, assets and threat model, GDPR checklist with owners and
evidence, and the state of the sign-off log. Secrets are never shown whole.

  -f, --format FORMAT   markdown (default) or html
  -o, --output FILE     write to FILE instead of standard output
      --root DIR        the workspace root (default: current folder)

Exit status: 0 report written, 1 the .mlguard files have problems (report still
written, problems listed in it), 2 usage or I/O error.
`;

export async function run(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let values: { format?: string; output?: string; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err(`mlguard: error: ${(e as Error).message}\nRun 'mlguard report --help' for usage.\n`);
    return 2;
  }
  if (values.help) {
    out(REPORT_HELP);
    return 0;
  }
  const format = values.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'html' && format !== 'md') {
    err(`mlguard: error: invalid value '${format}' for --format: expected one of markdown, html\nRun 'mlguard report --help' for usage.\n`);
    return 2;
  }
  const root = resolve(values.root ?? process.cwd());
  // An invalid configuration is a usage error, as for `mlguard audit`: never a report built on defaults.
  const problems = configProblemLines([loadConfigFor(root)], process.cwd());
  if (problems.length) {
    err(`${problems.join('\n')}\n`);
    return 2;
  }
  const analysis = await analyseWorkspace(root);
  for (const s of analysis.skipped) err(terminalSafe(`mlguard: warning: ${s.path}: ${s.reason}`) + '\n');
  const model = buildModel(basename(root), analysis.files, new ComplianceStore(root).read());
  const text = format === 'html' ? complianceHtml(model) : complianceMarkdown(model);
  if (values.output) {
    try {
      writeFileAtomic(resolve(values.output), text);
    } catch (e) {
      err(`mlguard: error: cannot write ${values.output}: ${(e as Error).message}\n`);
      return 2;
    }
    err(`mlguard report: wrote ${values.output} (${analysis.files.length} file(s) analysed, ${model.summary.total} open finding(s), ${model.threats.length} threat(s))\n`);
  } else out(text);
  if (model.problems.length) {
    for (const p of model.problems) err(terminalSafe(maskText(`${p.file}:${p.line}:${p.column}: ${p.message}`)) + '\n');
    return 1;
  }
  return 0;
}
