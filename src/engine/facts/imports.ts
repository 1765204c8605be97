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
    const fact = { node, target, local };
    this.list.push(fact);
    // Indexed because fixes and masking checks ask per finding (a scan each time is quadratic).
    const same = this.targets.get(target);
    if (same) same.push(fact);
    else this.targets.set(target, [fact]);
  }

  private readonly targets = new Map<string, ImportFact[]>();

  /** Imports of exactly this module or member, in file order. */
  ofTarget(target: string): readonly ImportFact[] {
    return this.targets.get(target) ?? [];
  }

  /** True when an import binds this local name anywhere in the file. */
  bindsLocal(local: string): boolean {
    return this.aliases.has(local);
  }

  /** True when a module (or a member of it) is imported, e.g. has("os"). */
  has(module: string): boolean {
    return this.list.some((i) => i.target === module || i.target.startsWith(`${module}.`));
  }

  /** The local name bound to exactly this module (`import os` -> "os"), if any. */
  localFor(target: string): string | undefined {
    return this.targets.get(target)?.[0]?.local;
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
