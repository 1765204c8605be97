// The compliance model: plain data shared by the store, the CLI report and the sidebar view.
// Pure (no vscode, no file system here).
import type { Family, NistFunction, StrideCategory } from '../engine/types';

/** A problem in a `.mlguard/` file: path relative to the workspace root, 1-based position. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type AssetKind = 'dataset' | 'third-party-data' | 'personal-data' | 'model' | 'endpoint' | 'secret';

/** A place in the code that evidences an asset, a threat or a checklist item. */
export interface CodeRef {
  path: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** For notebooks: the cell (0-based index among all cells); line/column are then in the cell. */
  cell?: number;
  /** Rule id for finding references. */
  ruleId?: string;
  message?: string;
}

export interface Asset {
  /** Stable id: kind + normalised name (e.g. `dataset:data/customers.csv`). */
  id: string;
  kind: AssetKind;
  /** Human name: a path, table, column, model URI, host, or a masked secret. */
  name: string;
  /** Where the code touches it (first few occurrences). */
  refs: CodeRef[];
}

/** open: live findings evidence it; clear: it has automated checks and none fires; unchecked: no
 * automated check (a person must review it); mitigated: declared by a user (own threats); accepted: signed off. */
export type ThreatStatus = 'open' | 'clear' | 'unchecked' | 'mitigated' | 'accepted' | 'suppressed';

/** A finding a person chose to live with: suppressed in code with a reason (never "passing"). */
export interface AcceptedFinding extends CodeRef {
  reason: string;
  /** line/file pragma or baseline entry. */
  kind: 'line' | 'file' | 'baseline';
  /** Who made it, from git blame of the pragma: "Jane Doe (a1b2c3d4e5f6, 2026-11-02)" or "uncommitted"; absent when git cannot say. */
  by?: string;
}

export interface Threat {
  /** Stable id: `<catalogue id>@<asset id>` for derived threats, `custom:<slug>` for users' own. */
  id: string;
  catalogueId?: string;
  title: string;
  stride: StrideCategory;
  nist: NistFunction;
  mitigation: string;
  assetId?: string;
  /** open = live findings evidence it; mitigated = no live finding; accepted = signed off. */
  status: ThreatStatus;
  /** Open findings that evidence the threat (link to file + line). */
  findings: CodeRef[];
  /** Suppressed findings that evidence it: status `suppressed` when no finding is open. */
  suppressed: AcceptedFinding[];
  custom: boolean;
  acceptedReason?: string;
  owner?: string;
  note?: string;
  changedBy?: string;
  changedAt?: string;
}

export type ChecklistStatus = 'todo' | 'in-progress' | 'done' | 'not-applicable';
export const CHECKLIST_STATUSES: readonly ChecklistStatus[] = ['todo', 'in-progress', 'done', 'not-applicable'];

export interface ChecklistItem {
  id: string;
  /** gdpr | hipaa | eu-ai-act, or `own` for items a team added by hand. */
  framework: string;
  /** e.g. "Art. 6". */
  article: string;
  title: string;
  /** What "done" means. */
  guidance: string;
  status: ChecklistStatus;
  owner: string;
  note: string;
  /** Files (workspace-relative) or URLs. */
  evidence: string[];
  changedBy: string;
  changedAt: string;
  /** Hash of the sign-off log entry for the last status change to done. */
  signoff?: string;
  /** The sign-off entry behind `signoff`, when it is in the log: who signed, when, and the statement. */
  signedBy?: string;
  signedAt?: string;
  statement?: string;
}

/** What findings say about a checklist item (computed, never stored). */
export interface ChecklistEvidence {
  itemId: string;
  /** Description of the automated check. */
  check: string;
  /** No open finding and none suppressed. */
  passing: boolean;
  count: number;
  findings: CodeRef[];
  /** Suppressed findings: the check then reads "accepted risk", never "passing". */
  accepted: AcceptedFinding[];
}

export interface FindingSummary {
  total: number;
  byFamily: Partial<Record<Family, number>>;
  suppressed: number;
}

export interface ChecklistProgress {
  total: number;
  done: number;
  inProgress: number;
  todo: number;
  notApplicable: number;
}

export interface ComplianceModel {
  workspace: string;
  generatedAt: string;
  summary: FindingSummary;
  assets: Asset[];
  threats: Threat[];
  checklist: ChecklistItem[];
  evidence: ChecklistEvidence[];
  progress: ChecklistProgress;
  /** Problems in `.mlguard/` files (corrupted, schema, broken chain): shown, never overwritten. */
  problems: FileProblem[];
  signoffs: { count: number; intact: boolean };
  /** Every suppressed finding with its reason (for reviewers and the report). */
  suppressions: AcceptedFinding[];
  /** Who the host will record as the author of a change (git user.name), for previews. */
  actor?: string;
  /** Which state of the code the model reflects (saved files, or open editors' unsaved text too). */
  source?: { unsaved: string[] };
  /** Checklist frameworks chosen for this workspace (gdpr, hipaa, eu-ai-act). */
  frameworks: string[];
  /** A file that does not parse: the view shows its last good content and allows no edits. */
  readOnly?: { checklist: boolean; threats: boolean };
}

