// Shared fix helper: make a module available under some local name, adding `import X` in the
// conventional place (after the module docstring, `from __future__` imports and the leading block
// of imports) when the file does not import it at module level yet. Every fix that needs the same
// import produces the identical edit, so applyEdits() deduplicates them.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import type { LineIndex } from '../positions';
import type { TextEdit } from '../types';
import { enclosingFunction } from '../ast';

export interface ImportContext {
  readonly root: SyntaxNode;
  readonly facts: FileFacts;
  readonly lines: LineIndex;
}

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChildren[0]?.type === 'string';
}

function isImport(node: SyntaxNode): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement';
}

/**
 * `{edits: [], localName}` when `module` is already imported at module level as a whole module
 * (`import os`, `import os as _os`), otherwise the edit inserting `import <module>` and the name
 * `module`. Only plain modules are supported (`os`, `hashlib`), not members. Pass `usedAt` (the
 * node the fix writes the name into) so that an import placed after a module-level use is not relied on.
 */
export function ensureImport(ctx: ImportContext, module: string, usedAt?: SyntaxNode): { edits: TextEdit[]; localName: string } {
  // An import further down the module only counts for uses inside functions (run after module load).
  const deferred = usedAt !== undefined && enclosingFunction(usedAt) !== undefined;
  const existing = ctx.facts.imports.ofTarget(module).find(
    (i) =>
      i.target === module &&
      i.node.type === 'import_statement' &&
      i.node.parent?.type === 'module' &&
      (usedAt === undefined || deferred || i.node.startIndex < usedAt.startIndex),
  );
  if (existing) return { edits: [], localName: existing.local };
  return { edits: [importInsertion(ctx, `import ${module}`)], localName: module };
}

/** The edit that inserts a whole import line after the file's header (docstring, __future__, leading imports). */
export function importInsertion(ctx: ImportContext, statement: string): TextEdit {
  // Computed once per file and statement: rules call this for every finding they fix.
  return ctx.facts.memo(`edits:import-insertion:${statement}`, () => computeInsertion(ctx, statement));
}

function computeInsertion(ctx: ImportContext, statement: string): TextEdit {
  const { root, lines } = ctx;
  const eol = lines.eol;
  let anchor: SyntaxNode | undefined;
  let leadingComment: SyntaxNode | undefined;
  // Walk only the file's header: stop at the first statement that is not a docstring, comment or import.
  let i = 0;
  for (let c = root.firstNamedChild; c; c = c.nextNamedSibling, i++) {
    if (c.type === 'comment') {
      if (!anchor && (i === 0 || leadingComment)) leadingComment = c; // shebang / coding / licence header
      continue;
    }
    if (!anchor && isDocstring(c)) {
      anchor = c;
      continue;
    }
    if (isImport(c)) {
      anchor = c;
      continue;
    }
    break;
  }
  const after = anchor ?? leadingComment;
  if (!after) return { start: 0, end: 0, text: `${statement}${eol}` };
  const line = lines.position(after.endIndex).line;
  if (line < lines.lineCount) return { start: lines.lineStart(line + 1), end: lines.lineStart(line + 1), text: `${statement}${eol}` };
  const end = lines.text.length;
  return { start: end, end, text: `${eol}${statement}${eol}` };
}
