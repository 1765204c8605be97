// Renders the sidebar as an HTML string from the ComplianceModel. Pure (no DOM) so that it is
// tested in plain Node; every dynamic value goes through escapeHtml. Interaction is wired by
// main.ts through data-* attributes (no inline handlers: the CSP forbids them anyway).
import { escapeHtml as e, safeUrl } from '../shared/html';
import { NIST_FUNCTIONS, STATUSES, STRIDE_CATEGORIES } from '../shared/protocol';
import type { Asset, ChecklistEvidence, ChecklistItem, CodeRef, ComplianceModel, Threat } from '../compliance/types';

export type Tab = 'threats' | 'checklist';

const STATUS_LABEL: Record<string, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable' };
const THREAT_LABEL: Record<string, string> = { open: 'Open', clear: 'No findings', unchecked: 'Needs review', mitigated: 'Mitigated', accepted: 'Accepted' };
const KIND_LABEL: Record<string, string> = { dataset: 'Datasets and tables', 'personal-data': 'Personal-data columns', model: 'Models', endpoint: 'Tracking servers and endpoints', secret: 'Secrets (masked)' };

/** A DOM id fragment from any string (ids must not carry the raw string). */
export function domId(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return `${s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}-${(h >>> 0).toString(36)}`;
}

function codeLink(r: CodeRef, label?: string): string {
  const where = r.cell !== undefined ? `${r.path} cell ${r.cell + 1}:${r.line}` : `${r.path}:${r.line}`;
  const text = label ?? `${where}${r.ruleId ? ` ${r.ruleId}` : ''}`;
  const cell = r.cell !== undefined ? ` data-cell="${r.cell}"` : '';
  return `<button type="button" class="link" data-action="open" data-path="${e(r.path)}" data-line="${r.line}" data-column="${r.column}"${cell} title="${e(r.message ?? `Open ${where}`)}">${e(text)}</button>`;
}

export function renderHeader(m: ComplianceModel): string {
  const fams = Object.entries(m.summary.byFamily)
    .map(([f, n]) => `<li><span class="badge fam-${e(f)}">${e(f)}</span> ${n}</li>`)
    .join('');
  const p = m.progress;
  const pct = p.total ? Math.round(((p.done + p.notApplicable) / p.total) * 100) : 0;
  return `<header class="summary" aria-label="Summary">
  <p><strong>${m.summary.total}</strong> open finding${m.summary.total === 1 ? '' : 's'}${m.summary.suppressed ? ` (${m.summary.suppressed} suppressed)` : ''}</p>
  ${fams ? `<ul class="families" aria-label="Open findings by family">${fams}</ul>` : ''}
  <p>Checklist: <strong>${p.done}</strong> done, ${p.inProgress} in progress, ${p.todo} to do, ${p.notApplicable} n/a</p>
  <div class="progress" role="progressbar" aria-label="Checklist progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><div class="bar" data-pct="${pct}"></div></div>
  <p class="muted">Sign-offs: ${m.signoffs.count}${m.signoffs.intact ? ' (chain intact)' : ' — <strong class="error-text">chain broken</strong>'}</p>
  <div class="actions"><button type="button" data-action="refresh">Refresh</button> <button type="button" data-action="exportReport">Export report</button></div>
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
  if (!id) return 'workspace';
  return m.assets.find((a) => a.id === id)?.name ?? id;
}

function renderThreat(m: ComplianceModel, t: Threat): string {
  const id = domId(t.id);
  const dis = m.readOnly?.threats ? ' disabled' : '';
  const findings = t.findings.length
    ? `<ul class="findings">${t.findings.map((f) => `<li>${codeLink(f)} <span class="muted">${e(f.message ?? '')}</span></li>`).join('')}</ul>`
    : '';
  const accepted = t.status === 'accepted' ? `<p class="accepted">Accepted by ${e(t.owner ?? '')}: ${e(t.acceptedReason ?? '')} <span class="muted">(${e(t.changedBy ?? '')}, ${e(t.changedAt ?? '')})</span></p>` : '';
  const actions =
    t.status === 'accepted'
      ? `<button type="button" data-action="reopenThreat" data-id="${e(t.id)}"${dis}>Reopen</button>`
      : `<details class="accept" id="accept-${id}"><summary>Accept risk…</summary>
  <label for="reason-${id}">Reason</label><textarea id="reason-${id}" data-field="reason" rows="2"></textarea>
  <label for="owner-${id}">Owner</label><input id="owner-${id}" data-field="owner" type="text">
  <button type="button" data-action="acceptThreat" data-id="${e(t.id)}"${dis}>Accept</button></details>`;
  const remove = t.custom ? ` <button type="button" data-action="removeThreat" data-id="${e(t.id)}"${dis}>Remove</button>` : '';
  return `<li class="threat status-${e(t.status)}" data-threat="${e(t.id)}" data-version="${e(t.changedAt ?? '')}">
  <div class="threat-head"><span class="badge status">${e(THREAT_LABEL[t.status] ?? t.status)}</span> <strong>${e(t.title)}</strong></div>
  <div class="meta"><span>${e(t.stride)}</span> · <span>NIST ${e(t.nist)}</span>${t.custom ? ' · <span>own threat</span>' : ''} · <span>asset: ${e(assetName(m, t.assetId))}</span>${t.findings.length ? ` · <span>${t.findings.length} open finding${t.findings.length === 1 ? '' : 's'}</span>` : ''}</div>
  <p class="mitigation"><span class="muted">Mitigation:</span> ${e(t.mitigation)}</p>
  ${findings}${accepted}
  <div class="actions">${actions}${remove}</div>
</li>`;
}

function renderAsset(a: Asset): string {
  const refs = a.refs.slice(0, 5).map((r) => codeLink(r, r.cell !== undefined ? `${r.path} cell ${r.cell + 1}:${r.line}` : `${r.path}:${r.line}`)).join(' ');
  return `<li class="asset" data-asset="${e(a.id)}"><span class="asset-name">${e(a.name)}</span> ${refs}${a.refs.length > 5 ? ` <span class="muted">+${a.refs.length - 5}</span>` : ''}</li>`;
}

export function renderThreats(m: ComplianceModel): string {
  const kinds = ['dataset', 'personal-data', 'model', 'endpoint', 'secret'];
  const assets = kinds
    .map((k) => {
      const list = m.assets.filter((a) => a.kind === k);
      return list.length ? `<h3>${e(KIND_LABEL[k])} (${list.length})</h3><ul class="assets">${list.map(renderAsset).join('')}</ul>` : '';
    })
    .join('');
  const order = ['open', 'unchecked', 'accepted', 'mitigated', 'clear'];
  const threats = [...m.threats].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.title.localeCompare(b.title));
  const attention = threats.filter((t) => t.status !== 'clear');
  const clear = threats.filter((t) => t.status === 'clear');
  const options = (list: readonly string[]) => list.map((x) => `<option value="${e(x)}">${e(x)}</option>`).join('');
  const assetOptions = `<option value="">(workspace)</option>${m.assets.map((a) => `<option value="${e(a.id)}">${e(a.name)}</option>`).join('')}`;
  return `<section class="assets-section" aria-labelledby="assets-h"><h2 id="assets-h">Assets</h2>${assets || '<p class="muted">No assets found in the analysed files.</p>'}</section>
<section aria-labelledby="threats-h"><h2 id="threats-h">Threats (${threats.length})</h2>
<ul class="threats">${attention.map((t) => renderThreat(m, t)).join('')}</ul>
${clear.length ? `<details class="clear-threats" id="clear-threats"><summary>${clear.length} threat${clear.length === 1 ? '' : 's'} with automated checks and no open finding</summary><ul class="threats">${clear.map((t) => renderThreat(m, t)).join('')}</ul></details>` : ''}
<details class="add-threat" id="add-threat"><summary>Add your own threat…</summary>
  <label for="nt-title">Title</label><input id="nt-title" data-field="title" type="text">
  <label for="nt-stride">STRIDE category</label><select id="nt-stride" data-field="stride">${options(STRIDE_CATEGORIES)}</select>
  <label for="nt-nist">NIST AI RMF function</label><select id="nt-nist" data-field="nist">${options(NIST_FUNCTIONS)}</select>
  <label for="nt-asset">Asset</label><select id="nt-asset" data-field="asset">${assetOptions}</select>
  <label for="nt-mitigation">Mitigation</label><textarea id="nt-mitigation" data-field="mitigation" rows="2"></textarea>
  <button type="button" data-action="addThreat"${m.readOnly?.threats ? ' disabled' : ''}>Add threat</button>
</details></section>`;
}

function renderEvidence(ev: ChecklistEvidence | undefined): string {
  if (!ev) return '';
  if (ev.passing) return `<p class="evidence pass"><span class="badge pass">Passing</span> ${e(ev.check)}</p>`;
  const links = ev.findings.slice(0, 5).map((f) => codeLink(f)).join(' ');
  return `<p class="evidence fail"><span class="badge fail">Failing</span> ${e(ev.check)}: ${ev.count} open finding${ev.count === 1 ? '' : 's'} ${links}</p>`;
}

function evidenceLink(x: string): string {
  const url = safeUrl(x);
  if (url) return `<a href="${e(url)}">${e(x)}</a>`;
  return codeLink({ path: x, line: 1, column: 1 }, x);
}

function renderItem(item: ChecklistItem, ev: ChecklistEvidence | undefined, readOnly = false): string {
  const id = domId(item.id);
  const dis = readOnly ? ' disabled' : '';
  const statusOptions = STATUSES.map((s) => `<option value="${s}"${s === item.status ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`).join('');
  return `<li class="item status-${e(item.status)}" data-item="${e(item.id)}" data-version="${e(item.changedAt)}">
  <div class="item-head"><span class="article">${e(item.article)}</span> <strong>${e(item.title)}</strong></div>
  ${item.guidance ? `<p class="muted">${e(item.guidance)}</p>` : ''}
  ${renderEvidence(ev)}
  <label for="status-${id}">Status</label><select id="status-${id}" data-field="status" data-action="setStatus" data-id="${e(item.id)}"${dis}>${statusOptions}</select>
  ${item.owner || item.note ? `<p class="item-meta">${item.owner ? `Owner: ${e(item.owner)}` : ''}${item.owner && item.note ? ' · ' : ''}${item.note ? e(item.note) : ''}</p>` : ''}
  ${item.evidence.length ? `<p class="evidence-links">Evidence: ${item.evidence.map(evidenceLink).join(' ')}</p>` : ''}
  <details class="edit" id="edit-${id}"><summary>Owner, note, evidence…</summary>
    <label for="owner-${id}">Owner</label><input id="owner-${id}" data-field="owner" type="text" value="${e(item.owner)}"${dis}>
    <label for="note-${id}">Note</label><textarea id="note-${id}" data-field="note" rows="2"${dis}>${e(item.note)}</textarea>
    <label for="evidence-${id}">Evidence (files or URLs, one per line)</label><textarea id="evidence-${id}" data-field="evidence" rows="2"${dis}>${e(item.evidence.join('\n'))}</textarea>
    <div class="actions"><button type="button" data-action="saveItem" data-id="${e(item.id)}"${dis}>Save</button></div>
  </details>
  ${item.changedBy || item.changedAt ? `<p class="muted">Last changed by ${e(item.changedBy)} ${e(item.changedAt)}${item.signoff ? ` · <span title="${e(item.signoff)}">signed ${e(item.signoff.slice(0, 8))}</span>` : ''}</p>` : ''}
</li>`;
}

export function renderChecklist(m: ComplianceModel): string {
  const byItem = new Map(m.evidence.map((x) => [x.itemId, x]));
  const ro = !!m.readOnly?.checklist;
  const note = ro ? '<p class="readonly-note" role="note">.mlguard/checklist.toml does not parse: showing the last version read, read-only until the file is fixed.</p>' : '';
  return `<section aria-labelledby="checklist-h"><h2 id="checklist-h">GDPR checklist</h2>${note}<ul class="checklist">${m.checklist.map((i) => renderItem(i, byItem.get(i.id), ro)).join('')}</ul></section>`;
}

export function renderTabs(tab: Tab): string {
  const t = (id: Tab, label: string) => `<button type="button" role="tab" id="tab-${id}" aria-controls="panel-${id}" aria-selected="${tab === id}" tabindex="${tab === id ? 0 : -1}" data-action="tab" data-tab="${id}">${label}</button>`;
  return `<div class="tabs" role="tablist" aria-label="Compliance views">${t('threats', 'Threat model')}${t('checklist', 'GDPR checklist')}</div>`;
}

/** The whole view. */
export function renderView(m: ComplianceModel, tab: Tab): string {
  return `${renderHeader(m)}${renderProblems(m)}${renderTabs(tab)}
<div role="tabpanel" id="panel-threats" aria-labelledby="tab-threats"${tab === 'threats' ? '' : ' hidden'}>${renderThreats(m)}</div>
<div role="tabpanel" id="panel-checklist" aria-labelledby="tab-checklist"${tab === 'checklist' ? '' : ' hidden'}>${renderChecklist(m)}</div>`;
}
