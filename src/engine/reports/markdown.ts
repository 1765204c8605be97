// A report fit for a pull-request comment: summary table, findings grouped by file with links to
// the lines, the suppressions with their reasons (for reviewers), and links to the rule docs.
import { maskText } from '../mask';
import { FAMILIES, SEVERITIES, type Finding } from '../types';
import { defaultLinks, ruleDocUrl, type ReportInput } from './model';
import { active, clipLine, plural, sortFindings, summarize, suppressionAuthorText } from './summary';

function escapeChars(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** Escapes text for a Markdown table cell or inline position (no HTML, no pipes, no newlines). */
export function mdEscape(text: string): string {
  return escapeChars(text).trim();
}

/**
 * Message text for a list item: `code spans` written by rule messages are kept as code, the rest
 * is escaped (no HTML, no accidental emphasis or links).
 */
export function mdInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeChars(part)))
    .join('')
    .trim();
}

/** Inline code that survives backticks in the content. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const runs = t.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function lineLink(f: Finding, input: ReportInput): string {
  const label = f.cell ? `cell ${f.cell.index + 1}, line ${f.cell.line}` : `line ${f.span.line}`;
  if (f.cell) return label; // lines inside a cell do not map to lines of the .ipynb file
  const target = `${input.linkBase ?? ''}${encodeURI(f.path.replace(/\\/g, '/'))}#L${f.span.line}`;
  return `[${label}](${target})`;
}

const SEVERITY_ICON = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' } as const;

export function formatMarkdown(input: ReportInput): string {
  const s = summarize(input);
  const links = input.links ?? defaultLinks();
  const out: string[] = ['## MLGuard report', ''];
  if (s.total === 0) out.push(`✅ No problems found in ${plural(s.filesAnalysed, 'file')}.`);
  else out.push(`Found **${plural(s.total, 'problem')}** in ${plural(s.filesWithFindings, 'file')} (${plural(s.filesAnalysed, 'file')} analysed).`);
  if (s.filesSkipped) out.push('', `${plural(s.filesSkipped, 'file')} skipped: ${input.skipped.map((k) => `${code(k.path)} (${mdEscape(k.reason)})`).join(', ')}.`);
  if (s.suppressed) out.push('', `${plural(s.suppressed, 'finding')} suppressed (in source or by the baseline) — listed below with their reasons for review.`);
  if (s.total > 0) {
    out.push('', '| Family | Errors | Warnings | Notes | Total |', '|---|---:|---:|---:|---:|');
    for (const fam of FAMILIES) {
      const row = s.byFamilySeverity[fam];
      if (!row) continue;
      out.push(`| ${fam} | ${row.error} | ${row.warning} | ${row.note} | ${row.error + row.warning + row.note} |`);
    }
    out.push(`| **All** | **${s.bySeverity.error}** | **${s.bySeverity.warning}** | **${s.bySeverity.note}** | **${s.total}** |`);
  }
  if (s.fixable) out.push('', `${s.fixable} of these can be fixed automatically with \`mlguard audit --fix\`.`);

  const shown = sortFindings(active(input.findings));
  const used = new Set<string>();
  if (shown.length) {
    out.push('', '### Findings');
    const byFile = new Map<string, Finding[]>();
    for (const f of shown) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
    for (const [path, list] of byFile) {
      out.push('', `#### ${code(path)}`, '');
      for (const f of list) {
        used.add(f.ruleId);
        out.push(`- ${SEVERITY_ICON[f.severity]} [${f.ruleId}](${ruleDocUrl(f.ruleId, links)}) ${lineLink(f, input)}: ${mdInline(maskText(f.message))}`);
        if (f.snippet.trim()) out.push(`  ${code(clipLine(maskText(f.snippet), f.cell?.column ?? f.span.column, f.cell?.endColumn ?? f.span.endColumn).text.trim())}`);
        const fix = f.fixes.find((x) => x.applicability === 'safe') ?? f.fixes.find((x) => x.applicability === 'unsafe');
        if (fix) out.push(`  - Fix (${fix.applicability}): ${mdInline(maskText(fix.title))}`);
      }
    }
  }
  const suppressed = sortFindings(input.findings.filter((f) => f.suppression));
  if (suppressed.length) {
    // "By" (from git blame of the pragma) only when git could say for at least one.
    const by = suppressed.some((f) => f.suppression?.by);
    out.push('', '### Suppressions to review', '', `| Location | Rule | Reason |${by ? ' By |' : ''}`, `|---|---|---|${by ? '---|' : ''}`);
    for (const f of suppressed) {
      used.add(f.ruleId);
      const who = f.suppression?.kind === 'baseline' ? 'baseline file' : (suppressionAuthorText(f.suppression?.by) ?? '—');
      out.push(`| ${code(f.path)} ${lineLink(f, input)} | [${f.ruleId}](${ruleDocUrl(f.ruleId, links)}) | ${mdEscape(maskText(f.suppression?.reason ?? ''))} |${by ? ` ${mdEscape(maskText(who))} |` : ''}`);
    }
  }
  if (input.diagnostics.length) {
    out.push('', '### Analysis warnings', '');
    for (const d of input.diagnostics) out.push(`- ${code(d.path + (d.line ? `:${d.line}` : '') + (d.column ? `:${d.column}` : ''))}: ${mdEscape(maskText(d.message))}`);
  }
  if (used.size) {
    out.push('', '### Rules', '');
    for (const id of [...used].sort()) {
      const meta = input.rules.find((r) => r.id === id);
      out.push(`- [${id}](${ruleDocUrl(id, links)})${meta ? ` ${code(meta.name)}: ${mdEscape(meta.title)}` : ''}`);
    }
  }
  out.push('', `<sub>MLGuard ${mdEscape(input.toolVersion)} · severities: ${SEVERITIES.join(', ')}</sub>`);
  return out.join('\n') + '\n';
}
