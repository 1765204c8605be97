// Whether a name is bound at module level (import, assignment, def/class, for target), so the
// audit fix knows if it must add a module-level `audit_log = logging.getLogger("audit")`.
// Where module-level lines go is edits/ensure-import.ts (shared with the SEC fixes).
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';

/** True when node sits directly in module code (not inside a function or class body). */
function atModuleLevel(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return false;
  }
  return true;
}

/** True when `name` is bound at module level: visible from every function of the file. */
export function isNameBound(name: string, root: SyntaxNode, facts: FileFacts): boolean {
  // Fixes ask this once per finding: scanning every assignment each time was quadratic in file size.
  return facts.memo(`edits:name-bound:${name}`, () => computeNameBound(name, root, facts));
}

function computeNameBound(name: string, root: SyntaxNode, facts: FileFacts): boolean {
  if (facts.imports.list.some((i) => i.local === name && atModuleLevel(i.node))) return true;
  if (facts.assignments.some((a) => a.left.type === 'identifier' && a.left.text === name && atModuleLevel(a.node))) return true;
  for (const child of root.namedChildren) {
    if (!child) continue;
    const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if ((def?.type === 'function_definition' || def?.type === 'class_definition') && def.childForFieldName('name')?.text === name) return true;
    if (child.type === 'for_statement' && child.childForFieldName('left')?.text === name) return true;
    if (child.type === 'with_statement' && child.descendantsOfType('as_pattern_target').some((t) => t?.text === name)) return true;
  }
  return false;
}
