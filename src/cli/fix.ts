// --fix: applies fixes to files in place. Python files go through the engine's fixSource; notebooks
// get the same loop over their cells and are rewritten only when re-serialising the JSON
// reproduces the original byte for byte (so nothing but the fixed cells changes).
import { analyzeCells, applyEdits, blankMagics, parsePython, pickFixes, readNotebookCells, type Finding, type Fix, type MlguardConfig, type NotebookCell } from '../engine';
import type { Rule } from '../engine/rule';

export { writeFileAtomic } from '../engine/atomic-write';

function parses(source: string): boolean {
  const tree = parsePython(blankMagics(source));
  const ok = !tree.rootNode.hasError;
  tree.delete();
  return ok;
}

/** The indentation unit of a pretty-printed JSON document ('' when it is on one line). */
export function detectJsonIndent(text: string): string | undefined {
  const m = /^\{\r?\n([ \t]+)"/.exec(text);
  if (m) return m[1];
  return /^\{\s*\}\s*$|^\{"/.test(text) ? '' : undefined;
}

function serialise(doc: unknown, indent: string, trailingNewline: boolean): string {
  return JSON.stringify(doc, null, indent || undefined) + (trailingNewline ? '\n' : '');
}

/** Splits a cell source into nbformat's list of lines, each keeping its line break. */
export function toSourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface NotebookFixResult {
  output?: string;
  applied: Finding[];
  /** Why the notebook was not rewritten (fixes were available but could not be written safely). */
  problem?: string;
}

export function fixNotebook(text: string, path: string, config: MlguardConfig, opts: { unsafe: boolean; rules?: readonly Rule[] }): NotebookFixResult {
  const doc = JSON.parse(text) as { cells: { source?: string | string[] }[] };
  const indent = detectJsonIndent(text);
  const trailingNewline = text.endsWith('\n');
  const cells: NotebookCell[] = readNotebookCells(text);
  const allowed: Fix['applicability'][] = opts.unsafe ? ['safe', 'unsafe'] : ['safe'];
  const applied: Finding[] = [];
  const rejected = new Set<string>();
  const clean = new Map(cells.map((c) => [c.index, parses(c.source)]));

  const applyFix = (fix: Fix): boolean => {
    const byCell = new Map<number, Fix['edits']>();
    for (const e of fix.edits) {
      if (e.cell === undefined) return false;
      byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), { start: e.start, end: e.end, text: e.text }]);
    }
    const next = new Map<number, string>();
    for (const [index, edits] of byCell) {
      const cell = cells.find((c) => c.index === index);
      if (!cell) return false;
      const out = applyEdits(cell.source, edits);
      if (clean.get(index) && !parses(out)) return false;
      next.set(index, out);
    }
    for (const c of cells) if (next.has(c.index)) c.source = next.get(c.index)!;
    return true;
  };

  for (let pass = 0; pass < 10; pass++) {
    const { findings } = analyzeCells(cells, path, config, { rules: opts.rules });
    const { fixes, findings: fixed } = pickFixes(findings.filter((f) => !rejected.has(f.fingerprint)), allowed);
    if (fixes.length === 0) break;
    // One fix at a time (offsets of later fixes go stale after the first edit of a cell): re-analyse
    // after each batch of fixes touching distinct cells.
    const touched = new Set<number>();
    let progressed = false;
    fixes.forEach((fix, i) => {
      const cellsOfFix = fix.edits.map((e) => e.cell ?? -1);
      if (cellsOfFix.some((c) => touched.has(c))) return;
      if (applyFix(fix)) {
        applied.push(fixed[i]);
        cellsOfFix.forEach((c) => touched.add(c));
        progressed = true;
      } else {
        rejected.add(fixed[i].fingerprint);
      }
    });
    if (!progressed && fixes.every((_, i) => !rejected.has(fixed[i].fingerprint))) break;
  }
  if (applied.length === 0) return { applied };
  if (indent === undefined || serialise(JSON.parse(text), indent, trailingNewline) !== text) {
    return { applied: [], problem: 'fixes available but not applied: re-writing this notebook would change its JSON formatting (fix it in the editor)' };
  }
  for (const c of cells) {
    const cell = doc.cells[c.index];
    if (!cell) continue;
    const before = cell.source;
    const joined = Array.isArray(before) ? before.join('') : before;
    if (joined === c.source) continue;
    cell.source = Array.isArray(before) ? toSourceLines(c.source) : c.source;
  }
  return { output: serialise(doc, indent, trailingNewline), applied };
}
