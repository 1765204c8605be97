// Where module-level lines (imports, a module logger) go when a fix needs them, and whether a
// name is already bound in the file. Used by the audit fix (AUD rules). Kept small and local to
// the audit family; a shared import helper can replace it without changing callers' behaviour.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import type { LineIndex } from '../positions';
import { walk } from '../ast';

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChildren[0]?.type === 'string';
}

/**
 * The offset just past the last line of the module's leading import block (docstring, comments,
 * `from __future__`, imports, try/except import fallbacks); 0-based offset at a line start.
 * Returns the offset where new module-level lines must be inserted, and whether that point is
 * the end of a line (so the inserted text must start with a line break) or a line start.
 */
export function moduleInsertionPoint(root: SyntaxNode, lines: LineIndex): { offset: number; atLineEnd: boolean } {
  let last: SyntaxNode | undefined;
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'comment') continue;
    if (child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'future_import_statement') {
      last = child;
      continue;
    }
    if (isDocstring(child) && !last) {
      last = child;
      continue;
    }
    if (child.type === 'try_statement' && /^try\s*:\s*(\r?\n\s*)+(import|from)\s/.test(child.text)) {
      last = child;
      continue;
    }
    break;
  }
  if (!last) {
    // After a shebang / encoding comment block at the very top, otherwise at offset 0.
    let offset = 0;
    for (let line = 1; line <= lines.lineCount; line++) {
      const text = lines.lineText(line);
      if (/^#!|^#.*coding[:=]/.test(text)) offset = line < lines.lineCount ? lines.lineStart(line + 1) : lines.lineEnd(line);
      else break;
    }
    return { offset, atLineEnd: offset > 0 && offset === lines.text.length && !/\n$/.test(lines.text) };
  }
  const endLine = lines.position(last.endIndex).line;
  return { offset: lines.lineEnd(endLine), atLineEnd: true };
}

/** True when `name` is bound at module level or anywhere as a plain assignment/import/def. */
export function isNameBound(name: string, root: SyntaxNode, facts: FileFacts): boolean {
  if (facts.imports.list.some((i) => i.local === name)) return true;
  if (facts.assignments.some((a) => a.left.type === 'identifier' && a.left.text === name)) return true;
  let found = false;
  walk(root, (node) => {
    if (found) return;
    if ((node.type === 'function_definition' || node.type === 'class_definition') && node.childForFieldName('name')?.text === name) found = true;
    else if (node.type === 'for_statement' && node.childForFieldName('left')?.text === name) found = true;
    else if (node.type === 'as_pattern_target' && node.text === name) found = true;
  });
  return found;
}
