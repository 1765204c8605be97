// The SEC fix: replace a hardcoded secret by an environment lookup. Unsafe by nature (the
// program now needs the variable set), so every SEC fix has applicability 'unsafe'.
import type { SyntaxNode } from '../parser';
import type { RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { stringPrefix } from '../ast';
import { literalValue, type Binding } from './binding';
import { ensureImport } from '../edits/ensure-import';

import { AUTH_SCHEME } from './value';


function validEnvName(name: string): string {
  let n = name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!n) n = 'SECRET';
  if (/^[0-9]/.test(n)) n = `SECRET_${n}`;
  return n;
}

/** Deletes a whole statement line when nothing else shares its lines, or replaces it by `pass` when it is alone in its block. */
function removeStatement(ctx: RuleContext, stmt: SyntaxNode): TextEdit | undefined {
  const block = stmt.parent;
  if (!block) return undefined;
  const startPos = ctx.lines.position(stmt.startIndex);
  const endPos = ctx.lines.position(stmt.endIndex);
  const before = ctx.lines.lineText(startPos.line).slice(0, startPos.column - 1);
  const after = ctx.lines.lineText(endPos.line).slice(endPos.column - 1);
  if (before.trim() !== '' || !/^\s*(#.*)?$/.test(after)) return undefined;
  let alone = true;
  for (const dir of ['previous', 'next'] as const) {
    for (let s = dir === 'next' ? stmt.nextNamedSibling : stmt.previousNamedSibling; s; s = dir === 'next' ? s.nextNamedSibling : s.previousNamedSibling) {
      if (s.type !== 'comment') {
        alone = false;
        break;
      }
    }
  }
  if (block.type === 'block' && alone) return { start: stmt.startIndex, end: stmt.endIndex, text: 'pass' };
  const start = ctx.lines.lineStart(startPos.line);
  const end = endPos.line < ctx.lines.lineCount ? ctx.lines.lineStart(endPos.line + 1) : ctx.lines.lineEnd(endPos.line);
  return { start, end, text: '' };
}

/**
 * The fix replacing the literal bound by `binding` (or unbound) with an environment lookup of
 * `envName`. Undefined when no safe textual replacement exists (f-strings with interpolation).
 */
export function envLookupFix(ctx: RuleContext, literal: SyntaxNode, binding: Binding | undefined, envName: string): Fix | undefined {
  const value = literalValue(literal);
  if (value === undefined) return undefined;
  const name = validEnvName(envName);
  const { edits: importEdits, localName: os } = ensureImport(ctx, 'os', literal);
  const target = binding?.node ?? literal;

  if (binding?.kind === 'env-default' && binding.call) {
    const call = binding.call;
    const key = call.args[0];
    if (!key) return undefined;
    if (call.qualified === 'os.environ.setdefault') {
      return {
        title: `Require ${name} from the environment instead of a hardcoded default`,
        applicability: 'unsafe',
        edits: [...importEdits, { start: call.node.startIndex, end: call.node.endIndex, text: `${os}.environ[${key.text}]` }],
      };
    }
    const end = binding.owner?.type === 'keyword_argument' ? binding.owner.endIndex : target.endIndex;
    return {
      title: `Remove the hardcoded default of ${call.callee}(${key.text})`,
      applicability: 'unsafe',
      edits: [{ start: key.endIndex, end, text: '' }],
    };
  }

  if (binding?.kind === 'environ' && binding.owner) {
    const stmt = binding.owner.parent?.type === 'expression_statement' ? binding.owner.parent : undefined;
    const edit = stmt && removeStatement(ctx, stmt);
    if (!edit) return undefined;
    return { title: `Delete the assignment: set ${binding.name} in the environment or a secret manager`, applicability: 'unsafe', edits: [edit] };
  }

  const bytes = stringPrefix(literal).includes('b');
  const lookup = binding?.kind === 'parameter' || binding?.kind === 'option-default' ? `${os}.environ.get("${name}")` : `${os}.environ["${name}"]`;
  let text = bytes ? `${lookup}.encode()` : lookup;
  const scheme = AUTH_SCHEME.exec(value);
  if (scheme && !bytes) text = `"${scheme[0]}" + ${text}`;
  return {
    title: `Read ${name} from the environment (${os}.environ) instead of hardcoding it`,
    applicability: 'unsafe',
    edits: [...importEdits, { start: target.startIndex, end: target.endIndex, text }],
  };
}

export { validEnvName };
