// Whether a name is already bound in the file (import, assignment, def/class, for target), so the
// audit fix knows if it must add a module-level `audit_log = logging.getLogger("audit")`.
// Where module-level lines go is edits/ensure-import.ts (shared with the SEC fixes).
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import { walk } from '../ast';

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
