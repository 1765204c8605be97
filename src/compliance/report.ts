// The compliance report: findings summary, assets and threat model, GDPR checklist with owners
// and evidence, sign-off log state. Markdown for PRs, HTML (self-contained, no script) for
// auditors. Secrets never appear whole: finding messages are masked by the engine and secret
// assets are named by rule and place only.
import { escapeHtml as h, safeUrl } from '../shared/html';
import type { AcceptedFinding, ChecklistEvidence, CodeRef, ComplianceModel, Threat } from './types';
import { FRAMEWORKS } from './checklist-template';

const STATUS: Record<string, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable' };
const THREAT_STATUS: Record<string, string> = { open: 'Open', clear: 'No findings', unchecked: 'Needs review', mitigated: 'Mitigated', accepted: 'Accepted risk', suppressed: 'Accepted risk (suppressed in code)' };

function checkText(ev: ChecklistEvidence): { label: string; cls: string } {
  if (ev.count) return { label: `Failing (${ev.count})`, cls: 'fail' };
  if (ev.accepted.length) return { label: `Accepted risk (${ev.accepted.length} suppressed)`, cls: 'accepted' };
  return { label: 'Passing', cls: 'pass' };
}

function frameworkLabel(id: string): string {
  return FRAMEWORKS.find((f) => f.id === id)?.label ?? 'Own items';
}

/** "accepted risk (reason, by whom)": the pragma's author from git, or why there is none. */
export function whoSuppressed(a: AcceptedFinding): string {
  if (a.kind === 'baseline') return 'baseline file';
  const pragma = `# mlguard: ${a.kind === 'file' ? 'ignore-file' : 'ignore'} pragma`;
  return a.by ? `${a.by}, ${pragma}` : `${pragma} (author unknown: not in git history)`;
}

/** " (by Jane Doe (…))", " (uncommitted)" or "" after a suppression's reason. */
function byNote(a: AcceptedFinding): string {
  return a.by ? ` (${a.by === 'uncommitted' ? 'uncommitted' : `by ${a.by}`})` : '';
}

/** Every decision to live with a risk: threats accepted in the sidebar and findings suppressed in code. */
function acceptances(m: ComplianceModel): { what: string; where: string; reason: string; by: string }[] {
  const threats = m.threats
    .filter((t) => t.status === 'accepted')
    .map((t) => ({ what: `Threat: ${t.title} (${assetName(m, t)})`, where: '.mlguard/threats.toml', reason: t.acceptedReason ?? '', by: `owner ${t.owner ?? ''}; recorded by ${t.changedBy ?? ''} ${t.changedAt ?? ''}`.trim() }));
  const suppressed = m.suppressions.map((a: AcceptedFinding) => ({ what: `Finding ${a.ruleId ?? ''}: ${a.message ?? ''}`, where: refText(a), reason: a.reason, by: whoSuppressed(a) }));
  return [...threats, ...suppressed];
}

/** Markdown table cell: pipes and line breaks escaped, HTML neutralised. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function refText(r: CodeRef): string {
  return `${r.path}${r.cell !== undefined ? ` cell ${r.cell + 1}` : ''}:${r.line}${r.ruleId ? ` (${r.ruleId})` : ''}`;
}

const ORDER = ['open', 'unchecked', 'accepted', 'mitigated', 'clear'];

/** Threats needing attention first. */
function sortedThreats(m: ComplianceModel): Threat[] {
  return [...m.threats].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
}

function assetName(m: ComplianceModel, t: Threat): string {
  return t.assetId ? (m.assets.find((a) => a.id === t.assetId)?.name ?? t.assetId) : 'workspace';
}

export function complianceMarkdown(m: ComplianceModel): string {
  const out: string[] = [];
  out.push(`# Compliance report: ${cell(m.workspace)}`, '', `Generated ${m.generatedAt} by MLGuard.`, '');
  out.push('## Findings summary', '');
  const fams = Object.entries(m.summary.byFamily);
  out.push(`${m.summary.total} open finding(s)${m.summary.suppressed ? `, ${m.summary.suppressed} suppressed with a reason` : ''}.`, '');
  if (fams.length) out.push('| Family | Open findings |', '| --- | ---: |', ...fams.map(([f, n]) => `| ${f} | ${n} |`), '');
  if (m.problems.length) {
    out.push('## Problems in `.mlguard/` files', '');
    for (const p of m.problems) out.push(`- \`${p.file}:${p.line}:${p.column}\` ${cell(p.message)}`);
    out.push('');
  }
  out.push('## Threat model', '', '### Assets', '');
  if (!m.assets.length) out.push('No assets found.', '');
  else out.push('| Kind | Asset | Where |', '| --- | --- | --- |', ...m.assets.map((a) => `| ${a.kind} | ${cell(a.name)} | ${cell(a.refs.slice(0, 3).map(refText).join(', '))}${a.refs.length > 3 ? ` +${a.refs.length - 3}` : ''} |`), '');
  out.push('### Threats', '', '| Status | Threat | Asset | STRIDE | NIST AI RMF | Mitigation | Evidence / decision |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const t of sortedThreats(m)) {
    const ev =
      t.status === 'accepted'
        ? `Accepted risk: ${t.acceptedReason ?? ''} (owner ${t.owner ?? ''}; ${t.changedBy ?? ''}, ${t.changedAt ?? ''})`
        : t.status === 'suppressed'
          ? t.suppressed.map((a) => `${refText(a)} suppressed: ${a.reason}${byNote(a)}`).join('; ')
          : t.findings.map(refText).slice(0, 5).join(', ') + (t.findings.length > 5 ? ` +${t.findings.length - 5}` : '');
    out.push(`| ${THREAT_STATUS[t.status]} | ${cell(t.title)}${t.custom ? ' (own)' : ''} | ${cell(assetName(m, t))} | ${t.stride} | ${t.nist} | ${cell(t.mitigation)} | ${cell(ev)} |`);
  }
  out.push('');
  const acc = acceptances(m);
  out.push('## Accepted risks and suppressions', '');
  if (!acc.length) out.push('None: no threat was accepted and no finding is suppressed.', '');
  else out.push('| Decision | Where | Reason | By |', '| --- | --- | --- | --- |', ...acc.map((a) => `| ${cell(a.what)} | ${cell(a.where)} | ${cell(a.reason)} | ${cell(a.by)} |`), '');
  const p = m.progress;
  out.push('## Checklists', '', `${p.done} done, ${p.inProgress} in progress, ${p.todo} to do, ${p.notApplicable} not applicable (of ${p.total}).`, '');
  const evidence = new Map(m.evidence.map((e) => [e.itemId, e]));
  for (const fw of [...new Set(m.checklist.map((i) => i.framework))]) {
    out.push(`### ${cell(frameworkLabel(fw))}`, '', '| Article | Item | Status | Owner | Note | Evidence | Automated check | Last change |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const i of m.checklist.filter((x) => x.framework === fw)) {
      const ev = evidence.get(i.id);
      const check = ev ? `${ev.count ? `**${checkText(ev).label}** (${ev.findings.slice(0, 3).map(refText).join(', ')})` : checkText(ev).label}: ${ev.check}` : '';
      const signed = i.signoff ? ` (signed ${i.signoff.slice(0, 8)}${i.signedBy ? ` by ${i.signedBy}: ${i.statement ?? ''}` : ''})` : '';
      out.push(`| ${cell(i.article)} | ${cell(i.title)} | ${STATUS[i.status]}${cell(signed)} | ${cell(i.owner)} | ${cell(i.note)} | ${cell(i.evidence.join(', '))} | ${cell(check)} | ${cell(`${i.changedBy} ${i.changedAt}`.trim())} |`);
    }
    out.push('');
  }
  out.push('## Sign-offs', '', `${m.signoffs.count} sign-off(s) in \`.mlguard/signoffs.jsonl\`; ${m.signoffs.intact ? 'sign-off history unchanged' : '**the sign-off history was altered** (run `mlguard verify`)'}.`, '');
  return out.join('\n');
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#fff}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.open,.fail{color:#a00000;font-weight:600}.accepted,.pass{color:#075f07}code{font-family:ui-monospace,monospace}@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}th{background:#333}.open,.fail{color:#ff8a80}.accepted,.pass{color:#8fd18f}}`;

export function complianceHtml(m: ComplianceModel): string {
  const ref = (r: CodeRef) => `<code>${h(refText(r))}</code>`;
  const evidence = new Map(m.evidence.map((e) => [e.itemId, e]));
  const fams = Object.entries(m.summary.byFamily).map(([f, n]) => `<tr><td>${h(f)}</td><td>${n}</td></tr>`).join('');
  const threats = sortedThreats(m)
    .map((t) => {
      const ev =
        t.status === 'accepted'
          ? `Accepted risk: ${h(t.acceptedReason ?? '')} <small>(owner ${h(t.owner ?? '')}; ${h(t.changedBy ?? '')}, ${h(t.changedAt ?? '')})</small>`
          : t.status === 'suppressed'
            ? t.suppressed.map((a) => `${ref(a)} suppressed: ${h(a.reason)}${h(byNote(a))}`).join('; ')
            : t.findings.slice(0, 5).map(ref).join(', ');
      return `<tr><td class="${h(t.status)}">${h(THREAT_STATUS[t.status])}</td><td>${h(t.title)}${t.custom ? ' (own)' : ''}</td><td>${h(assetName(m, t))}</td><td>${h(t.stride)}</td><td>${h(t.nist)}</td><td>${h(t.mitigation)}</td><td>${ev}</td></tr>`;
    })
    .join('');
  const row = (i: ComplianceModel['checklist'][number]) => {
    const ev = evidence.get(i.id);
    const c = ev ? checkText(ev) : undefined;
    const check = ev && c ? `<span class="${c.cls}">${h(c.label)}</span>: ${h(ev.check)} ${ev.findings.slice(0, 3).map(ref).join(', ')}` : '';
    const links = i.evidence.map((x) => (safeUrl(x) ? `<a href="${h(x)}">${h(x)}</a>` : `<code>${h(x)}</code>`)).join(', ');
    const signed = i.signoff ? ` <small>signed ${h(i.signoff.slice(0, 8))}${i.signedBy ? ` by ${h(i.signedBy)}: ${h(i.statement ?? '')}` : ''}</small>` : '';
    return `<tr><td>${h(i.article)}</td><td>${h(i.title)}</td><td>${h(STATUS[i.status])}${signed}</td><td>${h(i.owner)}</td><td>${h(i.note)}</td><td>${links}</td><td>${check}</td><td>${h(`${i.changedBy} ${i.changedAt}`.trim())}</td></tr>`;
  };
  const head = '<table><thead><tr><th>Article</th><th>Item</th><th>Status</th><th>Owner</th><th>Note</th><th>Evidence</th><th>Automated check</th><th>Last change</th></tr></thead><tbody>';
  const items = [...new Set(m.checklist.map((i) => i.framework))].map((fw) => `<h3>${h(frameworkLabel(fw))}</h3>${head}${m.checklist.filter((i) => i.framework === fw).map(row).join('')}</tbody></table>`).join('');
  const acc = acceptances(m);
  const accepted = acc.length
    ? `<table><thead><tr><th>Decision</th><th>Where</th><th>Reason</th><th>By</th></tr></thead><tbody>${acc.map((a) => `<tr><td>${h(a.what)}</td><td><code>${h(a.where)}</code></td><td>${h(a.reason)}</td><td>${h(a.by)}</td></tr>`).join('')}</tbody></table>`
    : '<p>None: no threat was accepted and no finding is suppressed.</p>';
  const assets = m.assets.map((a) => `<tr><td>${h(a.kind)}</td><td>${h(a.name)}</td><td>${a.refs.slice(0, 3).map(ref).join(', ')}</td></tr>`).join('');
  const problems = m.problems.length ? `<h2>Problems in <code>.mlguard/</code> files</h2><ul>${m.problems.map((p) => `<li><code>${h(`${p.file}:${p.line}:${p.column}`)}</code> ${h(p.message)}</li>`).join('')}</ul>` : '';
  const p = m.progress;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Compliance report: ${h(m.workspace)}</title><style>${CSS}</style></head>
<body><h1>Compliance report: ${h(m.workspace)}</h1><p>Generated ${h(m.generatedAt)} by MLGuard.</p>
<h2>Findings summary</h2><p>${m.summary.total} open finding(s)${m.summary.suppressed ? `, ${m.summary.suppressed} suppressed with a reason` : ''}.</p>${fams ? `<table><thead><tr><th>Family</th><th>Open findings</th></tr></thead><tbody>${fams}</tbody></table>` : ''}
${problems}
<h2>Threat model</h2><h3>Assets</h3>${assets ? `<table><thead><tr><th>Kind</th><th>Asset</th><th>Where</th></tr></thead><tbody>${assets}</tbody></table>` : '<p>No assets found.</p>'}
<h3>Threats</h3><table><thead><tr><th>Status</th><th>Threat</th><th>Asset</th><th>STRIDE</th><th>NIST AI RMF</th><th>Mitigation</th><th>Evidence / decision</th></tr></thead><tbody>${threats}</tbody></table>
<h2>Accepted risks and suppressions</h2>${accepted}
<h2>Checklists</h2><p>${p.done} done, ${p.inProgress} in progress, ${p.todo} to do, ${p.notApplicable} not applicable (of ${p.total}).</p>
${items}
<h2>Sign-offs</h2><p>${m.signoffs.count} sign-off(s) in <code>.mlguard/signoffs.jsonl</code>; ${m.signoffs.intact ? 'sign-off history unchanged' : '<strong class="fail">the sign-off history was altered</strong> (run <code>mlguard verify</code>)'}.</p>
</body></html>
`;
}
