// `# mlguard: ignore[SEC001] reason` (this line, or the next code line when the comment stands
// alone) and `# mlguard: ignore-file[PII] reason`. A pragma without a reason does not suppress;
// the MLG rules report it.
import type { SyntaxNode } from './parser';
import type { LineIndex } from './positions';

export interface Pragma<C = SyntaxNode> {
  node: C;
  kind: 'line' | 'file';
  /** Codes as written: rule IDs, families or rule names. Empty when the brackets are missing. */
  codes: string[];
  reason: string;
  /** True when the reason is real text (not empty, not punctuation). */
  hasReason: boolean;
  /** 1-based line the pragma covers (kind line), or the pragma's own line (kind file). */
  targetLine: number;
  line: number;
}

const PRAGMA = /#\s*mlguard\s*:\s*(ignore-file|ignore)\b(\s*\[([^\]]*)\])?(.*)$/i;

/** The pragmas among comments (nodes, or text and offset: the incremental analysis keeps no tree). */
export function parsePragmas<C extends { text: string; startIndex: number } = SyntaxNode>(comments: readonly C[], lines: LineIndex): Pragma<C>[] {
  const out: Pragma<C>[] = [];
  for (const c of comments) {
    const m = PRAGMA.exec(c.text);
    if (!m) continue;
    const line = lines.position(c.startIndex).line;
    const before = lines.lineText(line).slice(0, lines.position(c.startIndex).column - 1);
    const standalone = before.trim() === '';
    // A second comment after the pragma (`# noqa`, `# type: ignore`) is not part of the reason.
    const reason = m[4].split(/\s#\s/)[0].trim().replace(/^[-–—:,;\s]+/, '').trim();
    const codes = (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    out.push({
      node: c,
      kind: m[1].toLowerCase() === 'ignore-file' ? 'file' : 'line',
      codes: m[2] ? codes : [],
      reason,
      hasReason: /[\p{L}]{2,}/u.test(reason),
      targetLine: standalone ? nextCodeLine(lines, line) : line,
      line,
    });
  }
  return out;
}

function nextCodeLine(lines: LineIndex, line: number): number {
  for (let l = line + 1; l <= lines.lineCount; l++) {
    const t = lines.lineText(l).trim();
    if (t !== '' && !t.startsWith('#')) return l;
  }
  return line;
}

/** Whether a pragma code names the rule: its ID, its family, its name, or "all". */
export function codeMatches(code: string, rule: { id: string; family: string; name: string }): boolean {
  const c = code.trim();
  return c.toUpperCase() === rule.id || c.toUpperCase() === rule.family || c.toLowerCase() === rule.name || c.toLowerCase() === 'all';
}
