// Where to write `# mlguard: ignore[ID] reason` so the result is valid Python and the pragma covers
// the finding's line: at the end of the line when that is plain code; on a comment line above it
// (same indentation) when the line already has a comment, would get too long, ends with a
// backslash continuation, or ends inside a string. Every candidate is re-parsed; a candidate that
// introduces a syntax error is never used. Pure (no vscode), so it is easy to test.
import { parsePython, type SyntaxNode } from '../engine';
import { LineIndex } from '../engine/positions';
import type { TextEdit } from '../engine';

export const MAX_LINE = 100;

/** The reason must say something: at least two letters (as the engine requires). */
export function validateReason(reason: string): string | undefined {
  if (!reason.trim()) return 'A reason is required: a suppression without one is not applied (and reviewers cannot audit it).';
  if (!/[\p{L}]{2,}/u.test(reason)) return 'Write the reason in words, e.g. "synthetic test data" or "public demo dataset".';
  if (/[\r\n]/.test(reason)) return 'The reason must fit on one line.';
  return undefined;
}

export function pragmaText(ruleId: string, reason: string): string {
  // Without a reason (editors that cannot ask for one) the pragma is written for the user to complete;
  // until then it suppresses nothing and MLG001 says so.
  return `# mlguard: ignore[${ruleId}]${reason.trim() ? ` ${reason.trim()}` : ''}`;
}

function stringAt(root: SyntaxNode, offset: number): boolean {
  let n: SyntaxNode | null = root.descendantForIndex(offset, offset);
  while (n) {
    if ((n.type === 'string' || n.type === 'string_content' || n.type === 'concatenated_string') && n.startIndex < offset && offset < n.endIndex) return true;
    n = n.parent;
  }
  return false;
}

function hasCommentOnLine(root: SyntaxNode, lines: LineIndex, line: number): boolean {
  const start = lines.lineStart(line);
  const end = lines.lineEnd(line);
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.endIndex < start || n.startIndex > end) continue;
    if (n.type === 'comment' && n.startIndex >= start && n.startIndex <= end) return true;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return false;
}

function errorCount(source: string): number {
  const tree = parsePython(source);
  let count = 0;
  const stack: SyntaxNode[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) count++;
    if (!n.hasError) continue;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  tree.delete();
  return count;
}

function apply(source: string, e: TextEdit): string {
  return source.slice(0, e.start) + e.text + source.slice(e.end);
}

export interface PragmaPlacement {
  edit: TextEdit;
  placement: 'end-of-line' | 'line-above';
}

/**
 * The edit that suppresses `ruleId` on 1-based `line` of `source`, or undefined when no placement
 * keeps the file valid (e.g. the line starts and ends inside a multi-line string).
 */
export function pragmaEdit(source: string, line: number, ruleId: string, reason: string): PragmaPlacement | undefined {
  const lines = new LineIndex(source);
  const text = lines.lineText(line);
  const pragma = pragmaText(ruleId, reason);
  const tree = parsePython(source);
  const root = tree.rootNode;
  const endOffset = lines.lineEnd(line);
  const startOffset = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text)![0];
  const trimmedEnd = text.replace(/[ \t]+$/, '');
  const endOk =
    !hasCommentOnLine(root, lines, line) &&
    !/\\$/.test(trimmedEnd) &&
    !stringAt(root, lines.lineStart(line) + trimmedEnd.length) &&
    trimmedEnd.length + 2 + pragma.length <= MAX_LINE &&
    trimmedEnd.trim() !== '';
  const aboveOk = !stringAt(root, startOffset + indent.length);
  tree.delete();
  const before = errorCount(source);
  const candidates: PragmaPlacement[] = [];
  const endEdit: PragmaPlacement = {
    edit: { start: startOffset + trimmedEnd.length, end: endOffset, text: `  ${pragma}` },
    placement: 'end-of-line',
  };
  const aboveEdit: PragmaPlacement = { edit: { start: startOffset, end: startOffset, text: `${indent}${pragma}${lines.eol}` }, placement: 'line-above' };
  if (endOk) candidates.push(endEdit);
  if (aboveOk) candidates.push(aboveEdit);
  return candidates.find((c) => errorCount(apply(source, c.edit)) <= before);
}
