// The compliance report: findings summary, assets and threat model, GDPR checklist with owners
// and evidence, sign-off log state. Markdown for PRs, HTML (self-contained, no script) for
// auditors. Secrets never appear whole: finding messages are masked by the engine and secret
// assets are named by rule and place only.
import { escapeHtml as h, safeUrl } from '../shared/html';
import type { CodeRef, ComplianceModel, Threat } from './types';

const STATUS: Record<string, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'Not applicable' };
const THREAT_STATUS: Record<string, string> = { open: 'Open', clear: 'No findings', unchecked: 'Needs review', mitigated: 'Mitigated', accepted: 'Accepted' };

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
    const ev = t.status === 'accepted' ? `Accepted by ${t.owner ?? ''}: ${t.acceptedReason ?? ''} (${t.changedBy ?? ''}, ${t.changedAt ?? ''})` : t.findings.map(refText).slice(0, 5).join(', ') + (t.findings.length > 5 ? ` +${t.findings.length - 5}` : '');
    out.push(`| ${THREAT_STATUS[t.status]} | ${cell(t.title)}${t.custom ? ' (own)' : ''} | ${cell(assetName(m, t))} | ${t.stride} | ${t.nist} | ${cell(t.mitigation)} | ${cell(ev)} |`);
  }
  out.push('');
  const p = m.progress;
  out.push('## GDPR checklist', '', `${p.done} done, ${p.inProgress} in progress, ${p.todo} to do, ${p.notApplicable} not applicable (of ${p.total}).`, '');
  out.push('| Article | Item | Status | Owner | Note | Evidence | Automated check | Last change |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  const evidence = new Map(m.evidence.map((e) => [e.itemId, e]));
  for (const i of m.checklist) {
    const ev = evidence.get(i.id);
    const check = ev ? `${ev.passing ? 'Passing' : `**Failing** (${ev.count}: ${ev.findings.slice(0, 3).map(refText).join(', ')})`}: ${ev.check}` : '';
    out.push(`| ${cell(i.article)} | ${cell(i.title)} | ${STATUS[i.status]}${i.signoff ? ` (signed ${i.signoff.slice(0, 8)})` : ''} | ${cell(i.owner)} | ${cell(i.note)} | ${cell(i.evidence.join(', '))} | ${cell(check)} | ${cell(`${i.changedBy} ${i.changedAt}`.trim())} |`);
  }
  out.push('', '## Sign-offs', '', `${m.signoffs.count} sign-off(s) in \`.mlguard/signoffs.jsonl\`; chain ${m.signoffs.intact ? 'intact' : '**broken** (run `mlguard verify`)'}.`, '');
  return out.join('\n');
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#fff}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.open,.fail{color:#a00000;font-weight:600}.accepted,.pass{color:#075f07}code{font-family:ui-monospace,monospace}@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}th{background:#333}.open,.fail{color:#ff8a80}.accepted,.pass{color:#8fd18f}}`;

export function complianceHtml(m: ComplianceModel): string {
  const ref = (r: CodeRef) => `<code>${h(refText(r))}</code>`;
  const evidence = new Map(m.evidence.map((e) => [e.itemId, e]));
  const fams = Object.entries(m.summary.byFamily).map(([f, n]) => `<tr><td>${h(f)}</td><td>${n}</td></tr>`).join('');
  const threats = sortedThreats(m)
    .map((t) => {
      const ev = t.status === 'accepted' ? `Accepted by ${h(t.owner ?? '')}: ${h(t.acceptedReason ?? '')} <small>(${h(t.changedBy ?? '')}, ${h(t.changedAt ?? '')})</small>` : t.findings.slice(0, 5).map(ref).join(', ');
      return `<tr><td class="${h(t.status)}">${h(THREAT_STATUS[t.status])}</td><td>${h(t.title)}${t.custom ? ' (own)' : ''}</td><td>${h(assetName(m, t))}</td><td>${h(t.stride)}</td><td>${h(t.nist)}</td><td>${h(t.mitigation)}</td><td>${ev}</td></tr>`;
    })
    .join('');
  const items = m.checklist
    .map((i) => {
      const ev = evidence.get(i.id);
      const check = ev ? `<span class="${ev.passing ? 'pass' : 'fail'}">${ev.passing ? 'Passing' : `Failing (${ev.count})`}</span>: ${h(ev.check)} ${ev.findings.slice(0, 3).map(ref).join(', ')}` : '';
      const links = i.evidence.map((x) => (safeUrl(x) ? `<a href="${h(x)}">${h(x)}</a>` : `<code>${h(x)}</code>`)).join(', ');
      return `<tr><td>${h(i.article)}</td><td>${h(i.title)}</td><td>${h(STATUS[i.status])}${i.signoff ? ` <small>signed ${h(i.signoff.slice(0, 8))}</small>` : ''}</td><td>${h(i.owner)}</td><td>${h(i.note)}</td><td>${links}</td><td>${check}</td><td>${h(`${i.changedBy} ${i.changedAt}`.trim())}</td></tr>`;
    })
    .join('');
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
<h2>GDPR checklist</h2><p>${p.done} done, ${p.inProgress} in progress, ${p.todo} to do, ${p.notApplicable} not applicable (of ${p.total}).</p>
<table><thead><tr><th>Article</th><th>Item</th><th>Status</th><th>Owner</th><th>Note</th><th>Evidence</th><th>Automated check</th><th>Last change</th></tr></thead><tbody>${items}</tbody></table>
<h2>Sign-offs</h2><p>${m.signoffs.count} sign-off(s) in <code>.mlguard/signoffs.jsonl</code>; chain ${m.signoffs.intact ? 'intact' : '<strong class="fail">broken</strong> (run <code>mlguard verify</code>)'}.</p>
</body></html>
`;
}
