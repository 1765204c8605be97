// Import aliases: `import numpy as np` maps np -> numpy; `from pickle import loads as l` maps
// l -> pickle.loads. Used to resolve call names so rules match `np.load` and `numpy.load` alike.
import type { SyntaxNode } from '../parser';
import { dottedName } from '../ast';

export interface ImportFact {
  node: SyntaxNode;
  /** Fully qualified module or member (e.g. "os", "pickle.loads"). */
  target: string;
  /** Local name it is bound to. */
  local: string;
}

export class Imports {
  readonly list: ImportFact[] = [];
  private readonly aliases = new Map<string, string>();

  add(node: SyntaxNode): void {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          // `import a.b` binds `a` to module `a` (and a.b is then reachable as a.b).
          const first = child.text.split('.')[0];
          this.bind(node, first, first);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.bind(node, alias, name);
        }
      }
    } else if (node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name')?.text;
      if (!module) return;
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'dotted_name') this.bind(node, child.text, `${module}.${child.text}`);
        else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.bind(node, alias, `${module}.${name}`);
        }
      }
    }
  }

  private bind(node: SyntaxNode, local: string, target: string): void {
    this.aliases.set(local, target);
    this.list.push({ node, target, local });
  }

  /** True when a module (or a member of it) is imported, e.g. has("os"). */
  has(module: string): boolean {
    return this.list.some((i) => i.target === module || i.target.startsWith(`${module}.`));
  }

  /** The local name bound to exactly this module (`import os` -> "os"), if any. */
  localFor(target: string): string | undefined {
    return this.list.find((i) => i.target === target)?.local;
  }

  /** Expands the first segment through the alias table: np.load -> numpy.load. */
  resolve(dotted: string): string {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const target = this.aliases.get(head);
    if (!target) return dotted;
    return dot < 0 ? target : target + dotted.slice(dot);
  }

  resolveNode(node: SyntaxNode | null | undefined): string | undefined {
    const d = dottedName(node);
    return d === undefined ? undefined : this.resolve(d);
  }
}
