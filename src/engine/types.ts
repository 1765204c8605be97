// The engine's public data model. Everything here is plain data (no vscode, no tree-sitter
// objects) so that findings cross to the CLI, the extension and the webview unchanged.

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

// SUP: model/dataset supply chain (unpinned downloads, remote code); SRV: model serving access control.
export type Family = 'SEC' | 'PII' | 'AUD' | 'FAIR' | 'SER' | 'SUP' | 'SRV' | 'TLS' | 'MLG';
export const FAMILIES: readonly Family[] = ['SEC', 'PII', 'AUD', 'FAIR', 'SER', 'SUP', 'SRV', 'TLS', 'MLG'];

export type Applicability = 'safe' | 'unsafe' | 'suggestion';
export type Confidence = 'high' | 'medium' | 'low';
export type NistFunction = 'Govern' | 'Map' | 'Measure' | 'Manage';
export type StrideCategory =
  | 'Spoofing'
  | 'Tampering'
  | 'Repudiation'
  | 'Information disclosure'
  | 'Denial of service'
  | 'Elevation of privilege';

/** A replacement of source[start, end) (UTF-16 offsets) by text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /** For notebooks: the code cell (0-based index among all cells) the offsets refer to. */
  cell?: number;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
}

/** A span of source: UTF-16 offsets plus 1-based line/column (column counts UTF-16 units). */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RelatedLocation {
  /** In a notebook finding: relative to its cell (`cell`), like the finding's own `span`. */
  span: Span;
  /** In a notebook finding the message ends with " (cell N, line L)" (1-based), naming `cell`. */
  message: string;
  /** The notebook cell the related span is in (notebook findings only). */
  cell?: CellLocation;
}

/** Where a finding sits inside a Jupyter notebook (0-based cell index, 1-based line in the cell). */
export interface CellLocation {
  index: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 1-based line of the .ipynb file where the finding's source line is stored (when the notebook text was read). */
  fileLine?: number;
}

/**
 * Who introduced a suppression pragma, from git blame. Set outside the pure engine (the CLI and
 * the compliance workspace analysis ask git); absent outside a git work tree or when git cannot say.
 */
export type SuppressionAuthor =
  /** The commit that introduced the pragma line: its author name, short id and author date (YYYY-MM-DD). */
  | { kind: 'commit'; name: string; commit: string; date: string }
  /** The pragma line is not committed yet (new file, or changed since the last commit). */
  | { kind: 'uncommitted' };

export interface Suppression {
  kind: 'line' | 'file' | 'baseline';
  reason: string;
  /** 1-based line of the pragma (absent for baseline); in notebooks, the line inside `cell`. */
  line?: number;
  /** Notebooks: the pragma's 0-based cell index. */
  cell?: number;
  /** Notebooks: the 1-based .ipynb line holding the pragma's source line (when the notebook text was read). */
  fileLine?: number;
  by?: SuppressionAuthor;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  family: Family;
  severity: Severity;
  /** Human message: what, why, how to fix. Never contains a whole secret. */
  message: string;
  /** Path as given to analyze() (the CLI passes paths relative to the working directory). */
  path: string;
  span: Span;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Stable across line moves: rule id + normalised content of the flagged line + occurrence index. */
  fingerprint: string;
  /** The flagged source line, with any secret masked; for reports. */
  snippet: string;
  cell?: CellLocation;
  suppression?: Suppression;
}

export interface RuleDocs {
  /** What it does. */
  what: string;
  /** Why is this bad (risk, regulation). */
  why: string;
  /** Bad and good Python examples. */
  example: { bad: string; good: string };
  /** What the fix does and when it is safe to apply unattended. */
  fixSafety: string;
}

export interface RuleReferences {
  cwe: string[];
  gdpr: string[];
  nist: NistFunction[];
  stride: StrideCategory[];
  owaspMl?: string[];
  atlas?: string[];
  links?: string[];
}

export interface RuleMeta {
  id: string;
  /** kebab-case name of the pattern; equals the rule's file name. */
  name: string;
  family: Family;
  defaultSeverity: Severity;
  confidence: Confidence;
  /** One-line summary shown in rule lists. */
  title: string;
  fixTitle?: string;
  fixAvailability: 'always' | 'sometimes' | 'none';
  docs: RuleDocs;
  references: RuleReferences;
}

/** An analysis problem that is not a finding of a rule (unreadable file, broken config, ...). */
export interface Diagnostic {
  path: string;
  message: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
}
