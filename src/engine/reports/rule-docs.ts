// A rule's documentation rendered from its metadata: plain text (for `mlguard explain` and SARIF
// help.text) and Markdown (SARIF help.markdown, docs/rules/<ID>.md).
import type { RuleMeta } from '../types';

const SECURITY_SEVERITY = { error: '8.0', warning: '5.0', note: '2.0' } as const;

/** GitHub code scanning's numeric severity (critical ≥ 9, high ≥ 7, medium ≥ 4, low < 4). */
export function securitySeverity(meta: RuleMeta): string {
  return SECURITY_SEVERITY[meta.defaultSeverity];
}

/** Tags for SARIF and listings: family, "security", GDPR articles, NIST function, STRIDE, CWE. */
export function ruleTags(meta: RuleMeta): string[] {
  const r = meta.references;
  const tags = [meta.family, 'security', ...r.gdpr.map((a) => `GDPR ${a}`), ...r.nist.map((n) => `NIST AI RMF ${n}`), ...r.stride.map((s) => `STRIDE ${s}`)];
  tags.push(...r.cwe.map((c) => (/^CWE-/i.test(c) ? c.toUpperCase() : `CWE-${c}`)));
  tags.push(...(r.owaspMl ?? []).map((o) => `OWASP ML ${o}`), ...(r.atlas ?? []).map((a) => `MITRE ATLAS ${a}`));
  return [...new Set(tags)];
}

function referenceLines(meta: RuleMeta): string[] {
  const r = meta.references;
  const out: string[] = [];
  if (r.cwe.length) out.push(`CWE: ${r.cwe.join(', ')}`);
  if (r.gdpr.length) out.push(`GDPR: ${r.gdpr.join(', ')}`);
  if (r.nist.length) out.push(`NIST AI RMF: ${r.nist.join(', ')}`);
  if (r.stride.length) out.push(`STRIDE: ${r.stride.join(', ')}`);
  if (r.owaspMl?.length) out.push(`OWASP ML Top 10: ${r.owaspMl.join(', ')}`);
  if (r.atlas?.length) out.push(`MITRE ATLAS: ${r.atlas.join(', ')}`);
  for (const l of r.links ?? []) out.push(l);
  return out;
}

/** Word-wraps prose paragraphs to `width` columns, each line indented by `by`. */
export function wrap(text: string, by = '  ', width = 96): string {
  return text
    .split(/\r?\n/)
    .map((para) => {
      const lines: string[] = [];
      let cur = '';
      for (const word of para.split(/ +/)) {
        if (cur && by.length + cur.length + 1 + word.length > width) {
          lines.push(by + cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      lines.push(cur ? by + cur : '');
      return lines.join('\n');
    })
    .join('\n');
}

function indent(text: string, by = '    '): string {
  return text
    .split(/\r?\n/)
    .map((l) => (l ? by + l : l))
    .join('\n');
}

export function ruleDocText(meta: RuleMeta): string {
  const fix = meta.fixAvailability === 'none' ? 'no automatic fix' : `${meta.fixAvailability}: ${meta.fixTitle ?? 'automatic fix'}`;
  const parts = [
    `${meta.id} ${meta.name}: ${meta.title}`,
    `Family ${meta.family} · default severity ${meta.defaultSeverity} · confidence ${meta.confidence} · fix ${fix}`,
    '',
    'What it does',
    wrap(meta.docs.what),
    '',
    'Why is this bad',
    wrap(meta.docs.why),
    '',
    'Example',
    indent(meta.docs.example.bad),
    '',
    'Use instead',
    indent(meta.docs.example.good),
    '',
    'Fix safety',
    wrap(meta.docs.fixSafety),
  ];
  const refs = referenceLines(meta);
  if (refs.length) parts.push('', 'References', ...refs.map((r) => `  ${r}`));
  parts.push('', `Suppress with a reason: # mlguard: ignore[${meta.id}] <why this is acceptable>`);
  return parts.join('\n') + '\n';
}

export function ruleDocMarkdown(meta: RuleMeta): string {
  const fix = meta.fixAvailability === 'none' ? 'none' : `${meta.fixAvailability} (${meta.fixTitle ?? 'automatic fix'})`;
  const parts = [
    `# ${meta.id} ${meta.name}`,
    '',
    `**${meta.title}**`,
    '',
    `| Family | Default severity | Confidence | Fix |`,
    `|---|---|---|---|`,
    `| ${meta.family} | ${meta.defaultSeverity} | ${meta.confidence} | ${fix} |`,
    '',
    '## What it does',
    '',
    meta.docs.what,
    '',
    '## Why is this bad',
    '',
    meta.docs.why,
    '',
    '## Example',
    '',
    '```python',
    meta.docs.example.bad,
    '```',
    '',
    'Use instead:',
    '',
    '```python',
    meta.docs.example.good,
    '```',
    '',
    '## Fix safety',
    '',
    meta.docs.fixSafety,
  ];
  const refs = referenceLines(meta);
  if (refs.length) parts.push('', '## References', '', ...refs.map((r) => `- ${r}`));
  parts.push('', '## Suppression', '', `\`# mlguard: ignore[${meta.id}] <why this is acceptable>\` on the line or the comment line above it; the reason is required.`);
  return parts.join('\n') + '\n';
}
