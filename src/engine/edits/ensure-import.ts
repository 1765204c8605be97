// Shared fix helper: make a module available under some local name, adding `import X` in the
// conventional place (after the module docstring, `from __future__` imports and the leading block
// of imports) when the file does not import it at module level yet. Every fix that needs the same
// import produces the identical edit, so applyEdits() deduplicates them.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import type { LineIndex } from '../positions';
import type { TextEdit } from '../types';
import { enclosingFunction } from '../ast';
import { isStdlibModule } from './stdlib-modules';

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
  const statement = `import ${module}`;
  return { edits: [importInsertion(ctx, statement), ...importSeparator(ctx, statement)], localName: module };
}

/**
 * The edits that insert a whole statement line: `import <stdlib module>` goes into the standard
 * library group of the leading imports, sorted (where isort/ruff put it; a new group gets a blank
 * line before the third-party imports); anything else goes after the file's header (docstring,
 * __future__, leading imports). Several fixes asking for the same statement get identical edits.
 */
export function importInsertion(ctx: ImportContext, statement: string): TextEdit {
  // Computed once per file and statement: rules call this for every finding they fix.
  return ctx.facts.memo(`edits:import-insertion:${statement}`, () => computeInsertion(ctx, statement));
}

/** The blank line that separates a new stdlib group from the imports after it (empty if none is needed). */
export function importSeparator(ctx: ImportContext, statement: string): TextEdit[] {
  return ctx.facts.memo(`edits:import-separator:${statement}`, () => computeSeparator(ctx, statement));
}

interface HeaderImport {
  node: SyntaxNode;
  /** Top-level module (`os` for `import os.path`, `from os import x`); '' for relative imports. */
  module: string;
  from: boolean;
  future: boolean;
}

function importedModule(node: SyntaxNode): string {
  if (node.type === 'import_from_statement') {
    const name = node.childForFieldName('module_name');
    return name && name.type !== 'relative_import' ? name.text.split('.')[0] : '';
  }
  const first = node.namedChildren.find((c) => c?.type === 'dotted_name' || c?.type === 'aliased_import');
  const dotted = first?.type === 'aliased_import' ? first.childForFieldName('name') : first;
  return dotted?.text.split('.')[0] ?? '';
}

/** The file's header: leading comments, docstring and the import statements before any code. */
function header(root: SyntaxNode): { anchor?: SyntaxNode; leadingComment?: SyntaxNode; imports: HeaderImport[] } {
  let anchor: SyntaxNode | undefined;
  let leadingComment: SyntaxNode | undefined;
  const imports: HeaderImport[] = [];
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
      imports.push({ node: c, module: c.type === 'future_import_statement' ? '__future__' : importedModule(c), from: c.type !== 'import_statement', future: c.type === 'future_import_statement' });
      continue;
    }
    break;
  }
  return { anchor, leadingComment, imports };
}

const lineInsert = (ctx: ImportContext, node: SyntaxNode, text: string): TextEdit => {
  const start = ctx.lines.lineStart(ctx.lines.position(node.startIndex).line);
  return { start, end: start, text };
};

function stdlibTarget(statement: string): string | undefined {
  const m = /^import ([A-Za-z_][\w.]*)$/.exec(statement);
  return m && isStdlibModule(m[1]) ? m[1] : undefined;
}

function computeInsertion(ctx: ImportContext, statement: string): TextEdit {
  const { root, lines } = ctx;
  const eol = lines.eol;
  const h = header(root);
  const module = stdlibTarget(statement);
  if (module) {
    const std = h.imports.filter((x) => !x.future && x.module && isStdlibModule(x.module));
    const key = module.toLowerCase();
    if (std.length) {
      // straight `import x` lines first, sorted; then `from x import y` (isort/ruff defaults)
      const after = std.find((x) => !x.from && x.node.text.slice(7).toLowerCase() > key) ?? std.find((x) => x.from);
      if (after) return lineInsert(ctx, after.node, `${statement}${eol}`);
      return lineAfter(ctx, std[std.length - 1].node, statement);
    }
    const first = h.imports.find((x) => !x.future);
    if (first) return lineInsert(ctx, first.node, `${statement}${eol}`);
  }
  const after = h.anchor ?? h.leadingComment;
  if (!after) return { start: 0, end: 0, text: `${statement}${eol}` };
  // Code (not an import) after the import block is separated from it by a blank line.
  const isCode = !/^(import|from) /.test(statement);
  if (isCode && isImport(after)) {
    const edit = lineAfter(ctx, after, statement);
    return { ...edit, text: `${eol}${edit.text}` };
  }
  return lineAfter(ctx, after, statement);
}

function lineAfter(ctx: ImportContext, node: SyntaxNode, statement: string): TextEdit {
  const { lines } = ctx;
  const eol = lines.eol;
  const line = lines.position(node.endIndex).line;
  if (line < lines.lineCount) return { start: lines.lineStart(line + 1), end: lines.lineStart(line + 1), text: `${statement}${eol}` };
  const end = lines.text.length;
  return { start: end, end, text: `${eol}${statement}${eol}` };
}

/**
 * A new stdlib group before third-party imports needs a blank line after it. It is written as
 * "replace the first character of the next import with a line break and that character": one
 * edit, identical for every fix, ordered after all the insertions at that point.
 */
function computeSeparator(ctx: ImportContext, statement: string): TextEdit[] {
  const module = stdlibTarget(statement);
  if (!module) return [];
  const h = header(ctx.root);
  if (h.imports.some((x) => !x.future && x.module && isStdlibModule(x.module))) return [];
  const first = h.imports.find((x) => !x.future);
  const text = ctx.lines.text;
  // before the third-party imports, or (no imports yet) before the code that follows the new import
  const start = first ? ctx.lines.lineStart(ctx.lines.position(first.node.startIndex).line) : computeInsertion(ctx, statement).start;
  if (start >= text.length || text[start] === '\n' || text[start] === '\r') return [];
  return [{ start, end: start + 1, text: `${ctx.lines.eol}${text[start]}` }];
}
