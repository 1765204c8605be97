// Renders the sidebar as an HTML string from the ComplianceModel. Pure (no DOM) so that it is
// tested in plain Node; every dynamic value goes through escapeHtml. Interaction is wired by
// main.ts through data-* attributes (no inline handlers: the CSP forbids them anyway).
// The threat model is grouped by threat (STRIDE category → threat → affected assets) and leads
// with what needs attention; the checklist shows one section per chosen framework.
import { escapeHtml as e, safeUrl } from '../shared/html';
import { NIST_FUNCTIONS, STATUSES, STRIDE_CATEGORIES } from '../shared/protocol';
import { FRAMEWORKS } from '../compliance/checklist-template';
import type { AcceptedFinding, Asset, ChecklistEvidence, ChecklistItem, ComplianceModel, Threat } from '../compliance/types';
import { codeLink, inlineMarkdown, plural, timeTag, whereText } from './format';

export type Tab = 'threats' | 'checklist';

const STATUS_LABEL: Record<string, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable' };
export const THREAT_LABEL: Record<string, string> = { open: 'Open', clear: 'No findings', unchecked: 'Needs review', mitigated: 'Mitigated', accepted: 'Accepted risk', suppressed: 'Accepted risk (in code)' };
const KIND_LABEL: Record<string, string> = { dataset: 'Datasets and tables', 'third-party-data': 'Third-party data', 'personal-data': 'Personal-data columns', model: 'Models', endpoint: 'Tracking servers and endpoints', secret: 'Secrets (masked)' };

/** A DOM id fragment from any string (ids must not carry the raw string). */
export function domId(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return `${s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-${(h >>> 0).toString(36)}`;
}

function now(m: ComplianceModel): Date {
  const t = Date.parse(m.generatedAt);
  return Number.isNaN(t) ? new Date() : new Date(t);
}

/** Which state of the code the view reflects, in plain words. */
export function sourceNote(m: ComplianceModel): string {
  const unsaved = m.source?.unsaved ?? [];
  if (!unsaved.length) return 'Reflects the saved files (same as the Problems panel: no unsaved editors).';
  return `Includes unsaved changes in ${unsaved.slice(0, 3).join(', ')}${unsaved.length > 3 ? ` and ${unsaved.length - 3} more` : ''} (as the Problems panel shows them).`;
}

export function renderHeader(m: ComplianceModel): string {
  const fams = Object.entries(m.summary.byFamily)
    .map(([f, n]) => `<li><span class="badge fam-${e(f)}">${e(f)}</span> ${n}</li>`)
    .join('');
  const p = m.progress;
  const pct = p.total ? Math.round(((p.done + p.notApplicable) / p.total) * 100) : 0;
  const attention = new Set(m.threats.filter((t) => t.status === 'open').map(groupKey)).size;
  const history = m.signoffs.intact
    ? `${plural(m.signoffs.count, 'sign-off')}, history unchanged`
    : `<strong class="error-text">${plural(m.signoffs.count, 'sign-off')}: the sign-off history was altered</strong> (run <code>mlguard verify</code>)`;
  return `<header class="summary" aria-label="Summary">
  <p class="headline"><strong>${m.summary.total}</strong> open finding${m.summary.total === 1 ? '' : 's'} · <strong>${attention}</strong> threat${attention === 1 ? '' : 's'} need${attention === 1 ? 's' : ''} attention</p>
  ${m.summary.suppressed ? `<p class="muted">${plural(m.summary.suppressed, 'finding')} suppressed with a reason (accepted risk)</p>` : ''}
  ${fams ? `<ul class="families" aria-label="Open findings by family">${fams}</ul>` : ''}
  <p>Checklist: <strong>${p.done}</strong> of ${p.total} done${p.inProgress ? `, ${p.inProgress} in progress` : ''}${p.notApplicable ? `, ${p.notApplicable} n/a` : ''}</p>
  <div class="progress" role="progressbar" aria-label="Checklist progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><div class="bar" data-pct="${pct}"></div></div>
  <p class="muted">${history}</p>
  <p class="muted source-note">${e(sourceNote(m))}</p>
  <div class="actions"><button type="button" data-action="refresh">Refresh</button> <button type="button" data-action="exportReport">Export report…</button></div>
</header>`;
}

export function renderProblems(m: ComplianceModel): string {
  if (!m.problems.length) return '';
  const items = m.problems
    .map((p) => `<li>${codeLink({ path: p.file, line: p.line, column: p.column }, `${p.file}:${p.line}:${p.column}`)} ${e(p.message)}</li>`)
    .join('');
  return `<section class="problems" role="alert" aria-label="Problems in .mlguard files"><h2>Problems in .mlguard files</h2><p>These files were left untouched: fix them by hand (or resolve the merge), then the view reloads.</p><ul>${items}</ul></section>`;
}

function assetName(m: ComplianceModel, id: string | undefined): string {
  if (!id) return 'the whole workspace';
  return m.assets.find((a) => a.id === id)?.name ?? id;
}

function acceptedList(list: readonly AcceptedFinding[]): string {
  if (!list.length) return '';
  return `<ul class="accepted-list">${list
    .slice(0, 5)
    .map((a) => `<li>${codeLink(a)} <span class="muted">accepted risk: “${e(a.reason)}”${a.kind === 'baseline' ? ' (baseline)' : a.by ? (a.by === 'uncommitted' ? ', uncommitted' : `, by ${e(a.by)}`) : ''}</span></li>`)
    .join('')}${list.length > 5 ? `<li class="muted">+${list.length - 5} more</li>` : ''}</ul>`;
}

/** One asset under a threat: its status, findings, decision and the accept/reopen controls. */
function renderInstance(m: ComplianceModel, t: Threat): string {
  const id = domId(t.id);
  const dis = m.readOnly?.threats ? ' disabled' : '';
  const findings = t.findings.length
    ? `<ul class="findings">${t.findings
        .slice(0, 5)
        .map((f) => `<li>${codeLink(f)} <span class="muted">${inlineMarkdown(f.message ?? '')}</span></li>`)
        .join('')}${t.findings.length > 5 ? `<li class="muted">+${t.findings.length - 5} more</li>` : ''}</ul>`
    : '';
  const accepted =
    t.status === 'accepted'
      ? `<p class="accepted">Accepted risk: “${e(t.acceptedReason ?? '')}” — owner ${e(t.owner ?? '')} <span class="muted">(recorded by ${e(t.changedBy ?? '')}, ${timeTag(t.changedAt, now(m))})</span></p>`
      : '';
  const actions =
    t.status === 'accepted'
      ? `<button type="button" data-action="reopenThreat" data-id="${e(t.id)}"${dis}>Reopen</button>`
      : t.status === 'clear'
        ? ''
        : `<details class="accept" id="accept-${id}"><summary>Accept risk…</summary>
  <label for="reason-${id}">Reason (why this risk is acceptable)</label><textarea id="reason-${id}" data-field="reason" rows="2" aria-describedby="accept-err-${id}"></textarea>
  <label for="owner-${id}">Owner (accountable person)</label><input id="owner-${id}" data-field="owner" type="text" aria-describedby="accept-err-${id}">
  <p class="field-error" id="accept-err-${id}" role="alert" hidden></p>
  <button type="button" data-action="acceptThreat" data-id="${e(t.id)}"${dis}>Accept</button></details>`;
  const remove = t.custom ? ` <button type="button" data-action="removeThreat" data-id="${e(t.id)}"${dis}>Remove</button>` : '';
  const note = t.note ? `<p class="muted">${e(t.note)}</p>` : '';
  return `<li class="threat status-${e(t.status)}" data-threat="${e(t.id)}" data-version="${e(t.changedAt ?? '')}">
  <div class="instance-head"><span class="badge status">${e(THREAT_LABEL[t.status] ?? t.status)}</span> <span class="asset-name">${e(assetName(m, t.assetId))}</span></div>
  ${findings}${acceptedList(t.suppressed)}${accepted}${note}
  ${actions || remove ? `<div class="actions">${actions}${remove}</div>` : ''}
</li>`;
}

function groupKey(t: Threat): string {
  return t.catalogueId ?? t.id;
}

const SECTION_ORDER = ['open', 'unchecked', 'accepted', 'suppressed', 'mitigated', 'clear'];
const INSTANCE_ORDER = ['open', 'suppressed', 'unchecked', 'accepted', 'mitigated', 'clear'];

export interface ThreatGroup {
  key: string;
  title: string;
  stride: Threat['stride'];
  nist: Threat['nist'];
  mitigation: string;
  custom: boolean;
  instances: Threat[];
  /** The status that needs most attention among its assets. */
  status: Threat['status'];
}

/** Threats grouped by catalogue entry (one group per threat, its affected assets inside). */
export function groupThreats(threats: readonly Threat[]): ThreatGroup[] {
  const groups = new Map<string, ThreatGroup>();
  for (const t of threats) {
    const k = groupKey(t);
    const g = groups.get(k) ?? { key: k, title: t.title, stride: t.stride, nist: t.nist, mitigation: t.mitigation, custom: t.custom, instances: [], status: t.status };
    g.instances.push(t);
    groups.set(k, g);
  }
  for (const g of groups.values()) {
    g.instances.sort((a, b) => INSTANCE_ORDER.indexOf(a.status) - INSTANCE_ORDER.indexOf(b.status));
    g.status = [...g.instances].sort((a, b) => SECTION_ORDER.indexOf(a.status) - SECTION_ORDER.indexOf(b.status))[0].status;
  }
  return [...groups.values()].sort(
    (a, b) => SECTION_ORDER.indexOf(a.status) - SECTION_ORDER.indexOf(b.status) || STRIDE_CATEGORIES.indexOf(a.stride) - STRIDE_CATEGORIES.indexOf(b.stride) || a.title.localeCompare(b.title),
  );
}

function renderGroup(m: ComplianceModel, g: ThreatGroup): string {
  const open = g.instances.filter((t) => t.status === 'open');
  const findings = open.reduce((n, t) => n + t.findings.length, 0);
  const counts = [plural(g.instances.length, 'asset'), open.length ? `${open.length} open` : '', findings ? plural(findings, 'open finding') : ''].filter(Boolean).join(' · ');
  // Assets without findings are folded away when the threat has many: attention first.
  const shown = g.instances.filter((t) => t.status !== 'clear');
  const clear = g.instances.filter((t) => t.status === 'clear');
  const clearList = clear.length
    ? shown.length
      ? `<details class="clear-assets" id="clear-${domId(g.key)}"><summary>${plural(clear.length, 'more asset')} with no findings</summary><ul class="instances">${clear.map((t) => renderInstance(m, t)).join('')}</ul></details>`
      : `<ul class="instances">${clear.map((t) => renderInstance(m, t)).join('')}</ul>`
    : '';
  return `<li class="threat-group status-${e(g.status)}" data-group="${e(g.key)}">
  <div class="threat-head"><span class="badge stride">${e(g.stride)}</span> <strong>${e(g.title)}</strong></div>
  <p class="meta">${e(counts)} · NIST ${e(g.nist)}${g.custom ? ' · own threat' : ''}</p>
  <details class="mitigation" id="mit-${domId(g.key)}"${g.status === 'open' ? ' open' : ''}><summary>How to mitigate</summary><p>${inlineMarkdown(g.mitigation)}</p></details>
  ${shown.length ? `<ul class="instances">${shown.map((t) => renderInstance(m, t)).join('')}</ul>` : ''}${clearList}
</li>`;
}

function renderAsset(a: Asset): string {
  const refs = a.refs.slice(0, 3).map((r) => codeLink(r, whereText(r))).join(' ');
  return `<li class="asset" data-asset="${e(a.id)}"><span class="asset-name">${e(a.name)}</span> ${refs}${a.refs.length > 3 ? ` <span class="muted">+${a.refs.length - 3}</span>` : ''}</li>`;
}

const SECTIONS: { id: string; title: string; statuses: Threat['status'][]; open: boolean }[] = [
  { id: 'attention', title: 'Needs attention', statuses: ['open'], open: true },
  { id: 'review', title: 'To review (no automated check)', statuses: ['unchecked'], open: true },
  { id: 'accepted', title: 'Accepted risk', statuses: ['accepted', 'suppressed', 'mitigated'], open: true },
  { id: 'clear', title: 'No findings', statuses: ['clear'], open: false },
];

export function renderThreats(m: ComplianceModel): string {
  const groups = groupThreats(m.threats);
  const sections = SECTIONS.map((s) => {
    const list = groups.filter((g) => s.statuses.includes(g.status));
    if (!list.length) return '';
    const body = `<ul class="threat-groups">${list.map((g) => renderGroup(m, g)).join('')}</ul>`;
    return s.open
      ? `<section class="threat-section section-${s.id}" aria-labelledby="ts-${s.id}"><h3 id="ts-${s.id}">${e(s.title)} (${list.length})</h3>${body}</section>`
      : `<details class="threat-section section-${s.id}" id="ts-${s.id}"><summary>${e(s.title)} (${list.length}): automated checks found nothing</summary>${body}</details>`;
  }).join('');
  const kinds = ['dataset', 'third-party-data', 'personal-data', 'model', 'endpoint', 'secret'];
  const assets = kinds
    .map((k) => {
      const list = m.assets.filter((a) => a.kind === k);
      return list.length ? `<h3>${e(KIND_LABEL[k])} (${list.length})</h3><ul class="assets">${list.map(renderAsset).join('')}</ul>` : '';
    })
    .join('');
  const options = (list: readonly string[]) => list.map((x) => `<option value="${e(x)}">${e(x)}</option>`).join('');
  const assetOptions = `<option value="">(workspace)</option>${m.assets.map((a) => `<option value="${e(a.id)}">${e(a.name)}</option>`).join('')}`;
  return `<section aria-labelledby="threats-h"><h2 id="threats-h">Threats (${groups.length})</h2>
${sections}
<details class="add-threat" id="add-threat"><summary>Add your own threat…</summary>
  <label for="nt-title">Title</label><input id="nt-title" data-field="title" type="text">
  <label for="nt-stride">STRIDE category</label><select id="nt-stride" data-field="stride">${options(STRIDE_CATEGORIES)}</select>
  <label for="nt-nist">NIST AI RMF function</label><select id="nt-nist" data-field="nist">${options(NIST_FUNCTIONS)}</select>
  <label for="nt-asset">Asset</label><select id="nt-asset" data-field="asset">${assetOptions}</select>
  <label for="nt-mitigation">Mitigation</label><textarea id="nt-mitigation" data-field="mitigation" rows="2"></textarea>
  <p class="field-error" id="nt-err" role="alert" hidden></p>
  <button type="button" data-action="addThreat"${m.readOnly?.threats ? ' disabled' : ''}>Add threat</button>
</details></section>
<details class="assets-section" id="assets-section"><summary>Assets found in the code (${m.assets.length})</summary>${assets || '<p class="muted">No assets found in the analysed files.</p>'}</details>`;
}

function renderEvidence(ev: ChecklistEvidence | undefined): string {
  if (!ev) return '';
  if (ev.count > 0) {
    const links = ev.findings.slice(0, 5).map((f) => codeLink(f)).join(' ');
    return `<div class="evidence fail"><p><span class="badge fail">Failing</span> ${e(ev.check)}: ${plural(ev.count, 'open finding')} ${links}</p>${acceptedList(ev.accepted)}</div>`;
  }
  if (ev.accepted.length) return `<div class="evidence accepted"><p><span class="badge accepted">Accepted risk</span> ${e(ev.check)}: no open finding, ${plural(ev.accepted.length, 'suppressed finding')}</p>${acceptedList(ev.accepted)}</div>`;
  return `<p class="evidence pass"><span class="badge pass">Passing</span> ${e(ev.check)}</p>`;
}

function evidenceLink(x: string): string {
  const url = safeUrl(x);
  if (url) return `<a href="${e(url)}">${e(x)}</a>`;
  return codeLink({ path: x, line: 1, column: 1 }, x);
}

/** What a sign-off will write, shown before it is written (plain text: set with textContent). */
export function signoffPreview(item: Pick<ChecklistItem, 'id' | 'title'>, statement: string, owner: string, actor: string | undefined): string {
  return [
    `Adds an entry to .mlguard/signoffs.jsonl (part of the sign-off history):`,
    `  item:      ${item.id} (${item.title})`,
    `  status:    done`,
    `  signed by: ${actor || '(your git user.name)'}`,
    `  owner:     ${owner.trim() || '(required)'}`,
    `  statement: ${statement.trim() || '(required)'}`,
  ].join('\n');
}

function renderSignoffForm(item: ChecklistItem, actor: string | undefined, dis: string): string {
  const id = domId(item.id);
  return `<div class="signoff" id="signoff-${id}" role="group" aria-labelledby="signoff-h-${id}" hidden>
    <p id="signoff-h-${id}"><strong>Sign off as done</strong>: this is recorded in the sign-off history with your name.</p>
    <label for="statement-${id}">Statement: what evidence shows this is done</label><textarea id="statement-${id}" data-field="statement" rows="3" aria-describedby="signoff-err-${id}"${dis}></textarea>
    <label for="signowner-${id}">Owner (accountable person)</label><input id="signowner-${id}" data-field="signoff-owner" type="text" value="${e(item.owner)}" aria-describedby="signoff-err-${id}"${dis}>
    <p class="field-error" id="signoff-err-${id}" role="alert" hidden></p>
    <p class="muted">Preview of the record:</p><pre class="preview" data-preview data-item-title="${e(item.title)}">${e(signoffPreview(item, '', item.owner, actor))}</pre>
    <div class="actions"><button type="button" data-action="confirmSignoff" data-id="${e(item.id)}"${dis}>Sign off</button> <button type="button" data-action="cancelSignoff" data-id="${e(item.id)}">Cancel</button></div>
  </div>`;
}

function renderItem(m: ComplianceModel, item: ChecklistItem, ev: ChecklistEvidence | undefined, readOnly = false): string {
  const id = domId(item.id);
  const dis = readOnly ? ' disabled' : '';
  const statusOptions = STATUSES.map((s) => `<option value="${s}"${s === item.status ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`).join('');
  const signed =
    item.status === 'done' && item.signedBy
      ? `<p class="signed">Signed off by ${e(item.signedBy)} ${timeTag(item.signedAt, now(m))}${item.statement ? `: “${e(item.statement)}”` : ''}</p>`
      : '';
  return `<li class="item status-${e(item.status)}" data-item="${e(item.id)}" data-version="${e(item.changedAt)}" data-status="${e(item.status)}">
  <div class="item-head"><span class="article">${e(item.article)}</span> <strong>${e(item.title)}</strong></div>
  ${item.guidance ? `<p class="muted">${e(item.guidance)}</p>` : ''}
  ${renderEvidence(ev)}
  <label for="status-${id}">Status</label><select id="status-${id}" data-field="status" data-action="setStatus" data-id="${e(item.id)}"${dis}>${statusOptions}</select>
  ${renderSignoffForm(item, m.actor, dis)}
  ${signed}
  ${item.owner || item.note ? `<p class="item-meta">${item.owner ? `Owner: ${e(item.owner)}` : ''}${item.owner && item.note ? ' · ' : ''}${item.note ? e(item.note) : ''}</p>` : ''}
  ${item.evidence.length ? `<p class="evidence-links">Evidence: ${item.evidence.map(evidenceLink).join(' ')}</p>` : ''}
  <details class="edit" id="edit-${id}"><summary>Owner, note, evidence…</summary>
    <label for="owner-${id}">Owner</label><input id="owner-${id}" data-field="owner" type="text" value="${e(item.owner)}"${dis}>
    <label for="note-${id}">Note</label><textarea id="note-${id}" data-field="note" rows="2"${dis}>${e(item.note)}</textarea>
    <label for="evidence-${id}">Evidence (files or URLs, one per line)</label><textarea id="evidence-${id}" data-field="evidence" rows="2"${dis}>${e(item.evidence.join('\n'))}</textarea>
    <div class="actions"><button type="button" data-action="saveItem" data-id="${e(item.id)}"${dis}>Save</button></div>
  </details>
  ${item.changedBy || item.changedAt ? `<p class="muted">Last changed by ${e(item.changedBy)} ${timeTag(item.changedAt, now(m))}</p>` : ''}
</li>`;
}

function renderFrameworkChooser(m: ComplianceModel, ro: boolean): string {
  const boxes = FRAMEWORKS.map((f) => `<label for="fw-${f.id}"><input type="checkbox" id="fw-${f.id}" data-action="framework" value="${e(f.id)}"${m.frameworks.includes(f.id) ? ' checked' : ''}${ro ? ' disabled' : ''}> ${e(f.label)}</label>`).join('');
  return `<fieldset class="frameworks"><legend>Frameworks for this workspace</legend>${boxes}<p class="field-error" id="fw-err" role="alert" hidden></p></fieldset>`;
}

export function checklistTitle(m: ComplianceModel): string {
  return m.frameworks.length === 1 && m.frameworks[0] === 'gdpr' ? 'GDPR checklist' : 'Checklists';
}

export function renderChecklist(m: ComplianceModel): string {
  const byItem = new Map(m.evidence.map((x) => [x.itemId, x]));
  const ro = !!m.readOnly?.checklist;
  const note = ro ? '<p class="readonly-note" role="note">.mlguard/checklist.toml does not parse: showing the last version read, read-only until the file is fixed.</p>' : '';
  const sections = [...FRAMEWORKS.filter((f) => m.frameworks.includes(f.id)).map((f) => ({ id: f.id, label: f.label })), { id: 'own', label: 'Own items' }]
    .map((f) => {
      const items = m.checklist.filter((i) => i.framework === f.id);
      if (!items.length) return '';
      const done = items.filter((i) => i.status === 'done' || i.status === 'not-applicable').length;
      return `<section class="framework framework-${e(f.id)}" aria-labelledby="fw-h-${e(f.id)}"><h3 id="fw-h-${e(f.id)}">${e(f.label)} <span class="muted">(${done} of ${items.length} closed)</span></h3><ul class="checklist">${items.map((i) => renderItem(m, i, byItem.get(i.id), ro)).join('')}</ul></section>`;
    })
    .join('');
  return `<section aria-labelledby="checklist-h"><h2 id="checklist-h">${e(checklistTitle(m))}</h2>${note}${renderFrameworkChooser(m, ro)}${sections}</section>`;
}

export function renderTabs(m: ComplianceModel, tab: Tab): string {
  const t = (id: Tab, label: string) => `<button type="button" role="tab" id="tab-${id}" aria-controls="panel-${id}" aria-selected="${tab === id}" tabindex="${tab === id ? 0 : -1}" data-action="tab" data-tab="${id}">${e(label)}</button>`;
  return `<div class="tabs" role="tablist" aria-label="Compliance views">${t('threats', 'Threat model')}${t('checklist', checklistTitle(m))}</div>`;
}

/** The whole view. */
export function renderView(m: ComplianceModel, tab: Tab): string {
  return `${renderHeader(m)}${renderProblems(m)}${renderTabs(m, tab)}
<div role="tabpanel" id="panel-threats" aria-labelledby="tab-threats"${tab === 'threats' ? '' : ' hidden'}>${renderThreats(m)}</div>
<div role="tabpanel" id="panel-checklist" aria-labelledby="tab-checklist"${tab === 'checklist' ? '' : ' hidden'}>${renderChecklist(m)}</div>`;
}
