// The input every report formatter takes: plain data (findings, rule metadata, what happened to
// each file). Formatters are pure functions of it, so the CLI, the extension and tests share them.
import type { LineIndex } from '../positions';
import type { Diagnostic, Finding, RuleMeta, Severity } from '../types';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface FixedFile {
  path: string;
  /** Number of problems fixed in the file. */
  count: number;
  /** Rule IDs whose fixes were applied, with counts. */
  rules: Record<string, number>;
}

export interface ReportInput {
  /** Every finding, suppressed ones included (they carry `suppression`). */
  findings: Finding[];
  /** Metadata of the rules that ran (reports describe these rules). */
  rules: readonly RuleMeta[];
  /** Problems that are not findings: unreadable files, syntax errors, broken notebooks. */
  diagnostics: Diagnostic[];
  /** Paths (as displayed, relative to the working directory) of the files that were analysed. */
  analysed: string[];
  skipped: SkippedFile[];
  /** Files changed by --fix. */
  fixed?: FixedFile[];
  toolVersion: string;
  /** The severity at or above which the run fails (for the summary line). */
  failOn?: Severity | 'never';
  /** Whether the run ignored suppression pragmas. */
  ignoreSuppressions?: boolean;
  /** Whether unsafe fixes were enabled (changes the "fixable" wording). */
  unsafeFixes?: boolean;
  /** Line indexes of sources with fixable findings: lets SARIF express fixes as line/column regions. */
  sources?: ReadonlyMap<string, LineIndex>;
  /** Where the tool and its rule docs live (default: defaultLinks()). */
  links?: ProjectLinks;
  /** Base URL for links to source lines (e.g. https://github.com/o/r/blob/SHA/); relative links when absent. */
  linkBase?: string;
}

/**
 * Defaults for where the project and its rule documentation live. The CLI derives both from
 * package.json (`repository` / `homepage`) when present; these are used otherwise.
 */
export const DEFAULT_INFORMATION_URI = 'https://github.com/mlguard/mlguard';

export interface ProjectLinks {
  /** The tool's home page (SARIF tool.driver.informationUri). */
  informationUri: string;
  /** Prefix of the rule pages: `${docsBase}${id}.md` (docs/rules/<ID>.md in the repository). */
  docsBase: string;
}

export function defaultLinks(informationUri = DEFAULT_INFORMATION_URI): ProjectLinks {
  const base = informationUri.replace(/\.git$/, '').replace(/\/+$/, '');
  return { informationUri: base, docsBase: `${base}/blob/main/docs/rules/` };
}

export function ruleDocUrl(id: string, links: ProjectLinks = defaultLinks()): string {
  return `${links.docsBase}${id}.md`;
}
