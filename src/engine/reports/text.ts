// Human output, ruff-like: `path:line:col: ID [severity] message`, the (masked) source line with
// a caret underline, the fix hint, then a summary. Colours only when asked (the CLI asks on a TTY
// without NO_COLOR). Everything from the workspace (paths, lines, messages) is masked, then made
// terminal-safe (text-escape.ts) before it is painted.
import { maskText } from '../mask';
import { terminalSafe } from './text-escape';
import type { Finding, Severity } from '../types';
import type { ReportInput } from './model';
import { active, clipLine, locationOf, maskedColumn, plural, severityCounts, sortFindings, summarize } from './summary';

export interface TextOptions {
  color?: boolean;
  /** Only the finding lines: no snippets, no summary. */
  quiet?: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', green: '\x1b[32m', blue: '\x1b[34m' };
type Style = keyof typeof ANSI;

function painter(color: boolean): (text: string, ...styles: Style[]) => string {
  if (!color) return (text) => text;
  return (text, ...styles) => `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}`;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'blue' };

/** The caret line under a snippet: tabs copied so the carets line up, at least one caret. */
export function caretLine(snippet: string, column: number, endColumn: number, multiLine: boolean): string {
  const start = Math.max(0, Math.min(column - 1, snippet.length));
  const end = multiLine ? snippet.length : Math.min(Math.max(endColumn - 1, start + 1), Math.max(snippet.length, start + 1));
  const prefix = snippet.slice(0, start).replace(/[^\t]/g, ' ');
  return prefix + '^'.repeat(Math.max(1, end - start));
}

/** The first line of one finding (also what --quiet prints). */
export function findingLine(f: Finding, color = false): string {
  const p = painter(color);
  return `${p(terminalSafe(locationOf(f)), 'bold')}: ${p(f.ruleId, 'bold', SEVERITY_STYLE[f.severity])} [${p(f.severity, SEVERITY_STYLE[f.severity])}] ${shown(f.message)}`;
}

/** Workspace text as the terminal may show it: secrets masked, control characters escaped. */
function shown(text: string): string {
  return terminalSafe(maskText(text));
}

function findingBlock(f: Finding, input: ReportInput, color: boolean): string[] {
  const p = painter(color);
  const out = [findingLine(f, color)];
  const line = f.cell ? f.cell.line : f.span.line;
  const endLine = f.cell ? f.cell.endLine : f.span.endLine;
  const column = f.cell ? f.cell.column : f.span.column;
  const endColumn = f.cell ? f.cell.endColumn : f.span.endColumn;
  const full = maskText(f.snippet).replace(/\r/g, '');
  if (full.trim() !== '') {
    const col = maskedColumn(full, column);
    const clip = clipLine(full, col, endLine > line ? full.length + 1 : Math.max(col + 1, maskedColumn(full, endColumn)));
    const gutter = String(line);
    const pad = ' '.repeat(gutter.length);
    out.push(`${pad} ${p('|', 'blue')}`);
    // Escaping lengthens the line: move the carets with it.
    const safe = terminalSafe(clip.text);
    const at = (c: number): number => terminalSafe(clip.text.slice(0, Math.max(0, c - 1))).length + 1;
    out.push(`${p(gutter, 'blue')} ${p('|', 'blue')} ${safe}`);
    out.push(`${pad} ${p('|', 'blue')} ${p(caretLine(safe, at(clip.column), at(clip.endColumn), false), SEVERITY_STYLE[f.severity])}`);
  }
  for (const r of f.related) {
    // A notebook's related message already ends with "(cell N, line L)".
    out.push(`  ${p('note', 'cyan')}: ${r.cell ? '' : `line ${r.span.line}: `}${shown(r.message)}`);
  }
  const safe = f.fixes.find((x) => x.applicability === 'safe');
  const unsafe = f.fixes.find((x) => x.applicability === 'unsafe');
  const suggestion = f.fixes.find((x) => x.applicability === 'suggestion');
  if (safe) out.push(`  ${p('[*]', 'green')} fixable with --fix: ${shown(safe.title)}`);
  else if (unsafe) out.push(`  ${p('[unsafe fix available]', 'yellow')} ${shown(unsafe.title)} (apply with --fix --unsafe-fixes)`);
  else if (suggestion) out.push(`  ${p('help', 'cyan')}: ${shown(suggestion.title)}`);
  if (input.ignoreSuppressions && f.suppression) out.push(`  ${p('note', 'cyan')}: suppressed (ignored by --ignore-suppressions): ${shown(f.suppression.reason)}`);
  return out;
}

/** The whole text report (findings, warnings about skipped files are printed by the CLI on stderr). */
export function formatText(input: ReportInput, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const p = painter(color);
  // With --ignore-suppressions every finding is shown; otherwise suppressed ones are only counted.
  const shown = sortFindings(input.ignoreSuppressions ? input.findings : active(input.findings));
  if (options.quiet) return shown.map((f) => findingLine(f, color) + '\n').join('');
  const out: string[] = [];
  for (const f of shown) {
    out.push(...findingBlock(f, input, color), '');
  }
  const s = summarize(input);
  if (input.fixed && input.fixed.length > 0) {
    out.push(p(`Fixed ${plural(s.fixedProblems, 'problem')} in ${plural(s.fixedFiles, 'file')}:`, 'green', 'bold'));
    for (const f of input.fixed) {
      const rules = Object.entries(f.rules)
        .map(([id, n]) => (n > 1 ? `${id} ×${n}` : id))
        .join(', ');
      out.push(`  ${terminalSafe(f.path)}: ${plural(f.count, 'fix', 'fixes')} (${rules})`);
    }
    out.push('');
  }
  const files = `${plural(s.filesAnalysed, 'file')} analysed` + (s.filesSkipped ? `, ${s.filesSkipped} skipped` : '');
  if (s.total === 0) {
    out.push(p(`No problems found`, 'green', 'bold') + ` (${files}).`);
  } else {
    out.push(p(`Found ${plural(s.total, 'problem')}`, 'bold') + ` (${severityCounts(s)}) in ${plural(s.filesWithFindings, 'file')} (${files}).`);
    const fam = Object.entries(s.byFamily)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push(`  By family: ${fam}`);
  }
  if (s.suppressed > 0) {
    out.push(`  ${plural(s.suppressed, 'finding')} suppressed with a reason, in source or by the baseline (--ignore-suppressions shows them; JSON, SARIF and Markdown list them).`);
  }
  if (input.ignoreSuppressions) out.push('  Suppression pragmas were ignored (--ignore-suppressions).');
  if (s.fixable > 0) out.push(`  ${p('[*]', 'green')} ${s.fixable} fixable with --fix` + (s.unsafeFixable ? ` (${s.unsafeFixable} more with --fix --unsafe-fixes)` : '') + '.');
  else if (s.unsafeFixable > 0) out.push(`  ${s.unsafeFixable} fixable with --fix --unsafe-fixes.`);
  return out.join('\n') + '\n';
}
