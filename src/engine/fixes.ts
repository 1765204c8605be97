// Fixes are data until the editor boundary. This is the one place that applies text edits
// (for the CLI's --fix, tests and fix-all), rejecting overlaps and checking the result parses.
import type { Applicability, Finding, Fix, TextEdit } from './types';

export class OverlappingEditsError extends Error {}

/** Identical edits (same range and text, e.g. two fixes adding `import os`) count once. */
function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}:${e.end}:${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Applies edits to source. Throws OverlappingEditsError if two edits overlap. */
export function applyEdits(source: string, edits: TextEdit[]): string {
  const sorted = dedupe(edits).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    // Two insertions at the same point are fine (kept in order); anything else overlapping is not.
    if (cur.start < prev.end) {
      throw new OverlappingEditsError(`edits overlap at offsets ${prev.start}-${prev.end} and ${cur.start}-${cur.end}`);
    }
  }
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > source.length) throw new OverlappingEditsError(`invalid edit ${e.start}-${e.end}`);
    out += source.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + source.slice(pos);
}

function overlaps(a: TextEdit[], b: TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start === y.start && x.end === y.end && x.text === y.text) continue;
      const xEmpty = x.start === x.end;
      const yEmpty = y.start === y.end;
      if (xEmpty && yEmpty) continue; // insertions at distinct or equal points never clobber text
      if (x.start < y.end && y.start < x.end) return true;
      if (xEmpty && x.start > y.start && x.start < y.end) return true;
      if (yEmpty && y.start > x.start && y.start < x.end) return true;
    }
  }
  return false;
}

export function allowedApplicabilities(unsafe: boolean): Applicability[] {
  return unsafe ? ['safe', 'unsafe'] : ['safe'];
}

/**
 * Picks, from unsuppressed findings, the first fix of each whose applicability is allowed and
 * whose edits do not collide with an already picked fix. Callers re-analyse and repeat.
 */
export function pickFixes(findings: Finding[], allowed: Applicability[]): { fixes: Fix[]; findings: Finding[] } {
  const picked: Fix[] = [];
  const fixedFindings: Finding[] = [];
  const taken: TextEdit[] = [];
  for (const f of findings) {
    if (f.suppression) continue;
    const fix = f.fixes.find((x) => allowed.includes(x.applicability));
    if (!fix || overlaps(fix.edits, taken)) continue;
    picked.push(fix);
    fixedFindings.push(f);
    taken.push(...fix.edits);
  }
  return { fixes: picked, findings: fixedFindings };
}
