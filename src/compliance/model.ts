// The whole compliance picture of a workspace: findings summary, assets, threats, checklist with
// evidence, and any problem with the `.mlguard/` files. Built from analysed sources + a store
// snapshot; the sidebar, the Markdown/HTML report and the CLI all render this one object.
import { maskDeep } from '../engine/mask';
import { FileFacts } from '../engine/facts';
import { analyzePython } from '../engine/analyze';
import type { MlguardConfig } from '../engine/config';
import { LineIndex } from '../engine/positions';
import type { Finding } from '../engine/types';
import { extractAssets, mergeAssets } from './assets';
import { acceptedFindings, checklistEvidence, deriveThreats, summarizeFindings } from './derive';
import { chosenFrameworks } from './checklist-template';
import { checklistItems, storedThreats, type ChecklistDoc, type ThreatsDoc } from './documents';
import type { StoreSnapshot } from './store';
import type { Asset, ChecklistItem, ChecklistProgress, ComplianceModel } from './types';

export type { ChecklistProgress, ComplianceModel } from './types';

export interface AnalysedFile {
  path: string;
  findings: Finding[];
  assets: Asset[];
}

/** Optional provider of personal-data columns (DataFrame facts), when the engine has one. */
export type PersonalColumns = (facts: FileFacts) => { name: string; offset: number }[];

/** Analyses one Python source: findings plus the assets it touches. initParser() first. */
export function analyseSource(source: string, path: string, config?: MlguardConfig, personalColumns?: PersonalColumns): AnalysedFile {
  const result = analyzePython(source, path, config);
  try {
    const facts = new FileFacts(result.tree.rootNode);
    const lines = new LineIndex(source);
    let extra: { name: string; offset: number }[] = [];
    if (personalColumns) {
      try {
        extra = personalColumns(facts);
      } catch {
        extra = [];
      }
    }
    return { path, findings: result.findings, assets: extractAssets(path, facts, lines, result.findings, { personalColumns: extra }) };
  } finally {
    result.tree.delete();
  }
}

export function progressOf(items: readonly ChecklistItem[]): ChecklistProgress {
  const p: ChecklistProgress = { total: items.length, done: 0, inProgress: 0, todo: 0, notApplicable: 0 };
  for (const i of items) {
    if (i.status === 'done') p.done++;
    else if (i.status === 'in-progress') p.inProgress++;
    else if (i.status === 'not-applicable') p.notApplicable++;
    else p.todo++;
  }
  return p;
}

/**
 * `lastGood`: documents read before a file broke. While a file does not parse, the view keeps
 * showing its last good content (read-only) instead of an empty template that would look like
 * everyone's work was lost.
 */
export function buildModel(workspace: string, files: readonly AnalysedFile[], snapshot: StoreSnapshot, now: Date = new Date(), lastGood: { checklist?: ChecklistDoc; threats?: ThreatsDoc } = {}): ComplianceModel {
  const findings = files.flatMap((f) => f.findings);
  const assets = mergeAssets(files.map((f) => f.assets));
  const checklistBroken = snapshot.checklist.problems.length > 0;
  const threatsBroken = snapshot.threats.problems.length > 0;
  const threatsDoc = threatsBroken ? lastGood.threats : snapshot.threats.doc;
  const threats = deriveThreats(assets, findings, threatsDoc ? storedThreats(threatsDoc) : []);
  const checklistDoc = checklistBroken ? lastGood.checklist : snapshot.checklist.doc;
  const checklist = checklistItems(checklistDoc, snapshot.signoffs.entries);
  const frameworks = chosenFrameworks(checklistDoc?.frameworks);
  // Every string masked once, here: the sidebar, Markdown and HTML reports all render this model.
  return maskDeep({
    workspace,
    generatedAt: now.toISOString(),
    summary: summarizeFindings(findings),
    assets,
    threats,
    checklist,
    evidence: checklistEvidence(findings, frameworks),
    progress: progressOf(checklist),
    problems: [...snapshot.checklist.problems, ...snapshot.threats.problems, ...snapshot.signoffs.problems],
    signoffs: { count: snapshot.signoffs.entries.length, intact: snapshot.signoffs.problems.length === 0 },
    suppressions: acceptedFindings(findings),
    frameworks,
    readOnly: { checklist: checklistBroken, threats: threatsBroken },
  });
}
