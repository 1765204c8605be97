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

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}
