// Threats and checklist evidence derived from assets and live findings. The sidebar and the
// report render what this computes; they never re-derive anything.
import type { Family, Finding } from '../engine/types';
import { FAMILIES } from '../engine/types';
import { suppressionAuthorText } from '../engine/reports/summary';
import { THREAT_CATALOGUE, type CatalogueThreat } from './catalogue';
import { templateFor } from './checklist-template';
import type { AcceptedFinding, Asset, ChecklistEvidence, CodeRef, FindingSummary, Threat } from './types';
import type { StoredThreat } from './documents';

function matches(f: Finding, evidence: readonly string[]): boolean {
  return evidence.includes(f.family) || evidence.includes(f.ruleId);
}

function toRef(f: Finding): CodeRef {
  const r: CodeRef = { path: f.path, line: f.span.line, column: f.span.column, ruleId: f.ruleId, message: f.message };
  if (f.cell) r.cell = f.cell.index;
  return r;
}

export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppression);
}

/** Every suppressed finding with its reason: accepted risk, listed for reviewers. */
export function acceptedFindings(findings: readonly Finding[]): AcceptedFinding[] {
  return findings
    .filter((f) => f.suppression)
    .map((f) => {
      const by = suppressionAuthorText(f.suppression!.by);
      return { ...toRef(f), reason: f.suppression!.reason, kind: f.suppression!.kind, ...(by ? { by } : {}) };
    });
}

/**
 * Which assets a finding evidences for a catalogue threat: assets referenced on the finding's
 * line; else applicable assets in the same file; else none (the threat then appears once at
 * workspace level so that an open finding is never hidden).
 */
function attribute(f: Finding, candidates: readonly Asset[]): Asset[] {
  const sameLine = candidates.filter((a) => a.refs.some((r) => r.path === f.path && r.line === f.span.line && r.cell === f.cell?.index));
  if (sameLine.length) return sameLine;
  return candidates.filter((a) => a.refs.some((r) => r.path === f.path));
}

export const WORKSPACE_ASSET = 'workspace';

export function deriveThreats(assets: readonly Asset[], findings: readonly Finding[], stored: readonly StoredThreat[] = []): Threat[] {
  const out: Threat[] = [];
  const byId = new Map(stored.map((s) => [s.id, s]));
  for (const t of THREAT_CATALOGUE) {
    const candidates = assets.filter((a) => t.appliesTo.includes(a.kind));
    const perAsset = new Map<string, Finding[]>(candidates.map((a) => [a.id, []]));
    const unattributed: Finding[] = [];
    for (const f of findings) {
      if (!matches(f, t.evidence)) continue;
      const hit = attribute(f, candidates);
      if (hit.length) for (const a of hit) perAsset.get(a.id)!.push(f);
      else unattributed.push(f);
    }
    for (const a of candidates) out.push(make(t, a.id, perAsset.get(a.id)!, byId));
    if (unattributed.length && t.workspaceFallback !== false) out.push(make(t, undefined, unattributed, byId));
  }
  // Decisions about derived threats whose asset is no longer in the code stay visible (a signed
  // acceptance must not silently disappear), marked as such.
  const derived = new Set(out.map((t) => t.id));
  for (const s of stored) {
    if (s.custom || derived.has(s.id)) continue;
    const [catalogueId, assetId] = [s.id.slice(0, s.id.indexOf('@')), s.id.slice(s.id.indexOf('@') + 1)];
    const t = THREAT_CATALOGUE.find((c) => c.id === catalogueId);
    if (!t) continue;
    out.push({ ...make(t, assetId === WORKSPACE_ASSET ? undefined : assetId, [], byId), status: s.status === 'accepted' ? 'accepted' : 'unchecked', note: [s.note, 'The asset is no longer found in the code.'].filter(Boolean).join(' ') });
  }
  for (const s of stored) {
    if (!s.custom) continue;
    out.push({
      id: s.id,
      title: s.title ?? s.id,
      stride: s.stride ?? 'Tampering',
      nist: s.nist ?? 'Manage',
      mitigation: s.mitigation ?? '',
      assetId: s.asset,
      status: s.status === 'accepted' ? 'accepted' : s.status === 'mitigated' ? 'mitigated' : 'open',
      findings: [],
      suppressed: [],
      custom: true,
      acceptedReason: s.reason,
      owner: s.owner,
      note: s.note,
      changedBy: s.changed_by,
      changedAt: s.changed_at,
    });
  }
  return out;
}

export function threatId(catalogueId: string, assetId: string | undefined): string {
  return `${catalogueId}@${assetId ?? WORKSPACE_ASSET}`;
}

/** `evidence`: the threat's findings, open and suppressed (a suppressed one is accepted risk, not clear). */
function make(t: CatalogueThreat, assetId: string | undefined, evidence: Finding[], stored: Map<string, StoredThreat>): Threat {
  const id = threatId(t.id, assetId);
  const s = stored.get(id);
  const found = openFindings(evidence);
  const suppressed = acceptedFindings(evidence);
  const status = s?.status === 'accepted' ? 'accepted' : t.evidence.length === 0 ? 'unchecked' : found.length ? 'open' : suppressed.length ? 'suppressed' : 'clear';
  return {
    id,
    catalogueId: t.id,
    title: t.title,
    stride: t.stride,
    nist: t.nist,
    mitigation: t.mitigation,
    assetId,
    status,
    findings: found.map(toRef),
    suppressed,
    custom: false,
    acceptedReason: s?.reason,
    owner: s?.owner,
    note: s?.note,
    changedBy: s?.changed_by,
    changedAt: s?.changed_at,
  };
}

/**
 * What the findings say about the checklist items (of the chosen frameworks) that have an
 * automated check. Passing means no finding at all: suppressed ones are accepted risk.
 */
export function checklistEvidence(findings: readonly Finding[], frameworks?: readonly string[]): ChecklistEvidence[] {
  return templateFor(frameworks)
    .filter((i) => i.check)
    .map((i) => {
      const relevant = findings.filter((f) => matches(f, i.check!.evidence));
      const hits = openFindings(relevant);
      const accepted = acceptedFindings(relevant);
      return { itemId: i.id, check: i.check!.description, passing: hits.length === 0 && accepted.length === 0, count: hits.length, findings: hits.map(toRef), accepted };
    });
}

export function summarizeFindings(findings: readonly Finding[]): FindingSummary {
  const byFamily: Partial<Record<Family, number>> = {};
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppression) {
      suppressed++;
      continue;
    }
    byFamily[f.family] = (byFamily[f.family] ?? 0) + 1;
  }
  const ordered: Partial<Record<Family, number>> = {};
  for (const fam of FAMILIES) if (byFamily[fam]) ordered[fam] = byFamily[fam];
  return { total: findings.length - suppressed, byFamily: ordered, suppressed };
}
