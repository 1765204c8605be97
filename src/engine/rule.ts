// The contract between the runner and a rule. A rule reads the shared facts and reports; the
// runner turns reports into findings (spans, severity, masking, fingerprints, suppressions).
import type { SyntaxNode } from './parser';
import type { FileFacts } from './facts';
import type { LineIndex } from './positions';
import type { MlguardConfig } from './config';
import type { Fix, RuleMeta } from './types';

export interface Located {
  node?: SyntaxNode;
  start?: number;
  end?: number;
}

export interface Report extends Located {
  message: string;
  related?: (Located & { message: string })[];
  fixes?: Fix[];
  /** Literal secret values on this finding's lines; masked in every output. */
  secrets?: string[];
}

export interface RuleContext {
  readonly path: string;
  readonly source: string;
  readonly lines: LineIndex;
  readonly root: SyntaxNode;
  readonly facts: FileFacts;
  readonly config: MlguardConfig;
  report(report: Report): void;
}

/**
 * What a file must contain for a rule to be worth running (semgrep-style prefilter): at least one
 * of these literal substrings or patterns (no `g`/`y` flag) must occur in the source, otherwise the
 * runner skips the rule. Only declare what the rule needs in *every* finding (the name of the
 * call, keyword or setting it matches); test/unit/prefilter.test.ts proves it changes nothing.
 */
export type Prefilter = readonly (string | RegExp)[];

export interface Rule {
  readonly meta: RuleMeta;
  /** Optional prefilter; without it the rule runs on every file. */
  readonly requires?: Prefilter;
  check(context: RuleContext): void;
}

/**
 * The 1-based line of `offset`, for a message that names a line ("used on line 12"). The runner
 * writes the number in when it turns reports into findings, from the finding's final offsets, so
 * a message stays true when the incremental analysis moves a cached report up or down
 * (src/engine/incremental/). Messages must not print line numbers any other way.
 */
export function lineMention(offset: number): string {
  return `\uE000line:${offset}\uE000`;
}

/** Line mentions in a report's message (see lineMention): offsets in the report's coordinates. */
export const LINE_MENTION = /\uE000line:(\d+)\uE000/g;

/** True when the source contains what the rule requires (always true without a prefilter). */
export function worthRunning(rule: Rule, source: string): boolean {
  const requires = rule.requires;
  if (!requires) return true;
  for (const p of requires) if (typeof p === 'string' ? source.includes(p) : p.test(source)) return true;
  return false;
}
