// Jupyter notebooks: code cells are analysed together (a DataFrame loaded in cell 1 and trained on
// in cell 5 is one flow), IPython magics are blanked out, outputs and images are never read.
// Findings and fix edits are mapped back to (cell, line).
import { visit } from 'jsonc-parser';
import { analyzePython, type AnalyzeOptions, type AnalysisResult } from './analyze';
import type { MlguardConfig } from './config';
import { LineIndex } from './positions';
import type { Finding, Span, Suppression, TextEdit } from './types';

export interface NotebookCell {
  /** Index among all cells of the notebook (markdown cells count), as editors number them. */
  index: number;
  source: string;
  /** 1-based line of the .ipynb file holding each line of the source (SARIF and unopened notebooks point there). */
  fileLines?: number[];
}

export class NotebookFormatError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
  }
}

/** Code cells of an .ipynb document. Throws NotebookFormatError with a position when unreadable. */
export function readNotebookCells(text: string): NotebookCell[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    if (at) {
      const p = new LineIndex(text).position(Number(at[1]));
      throw new NotebookFormatError(`not valid JSON: ${msg}`, p.line, p.column);
    }
    throw new NotebookFormatError(`not valid JSON: ${msg}`);
  }
  const cells = (doc as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) throw new NotebookFormatError('not a Jupyter notebook (nbformat 4): no "cells" array');
  const out: NotebookCell[] = [];
  cells.forEach((cell: unknown, index) => {
    const c = cell as { cell_type?: unknown; source?: unknown };
    if (c?.cell_type !== 'code') return;
    const src = Array.isArray(c.source) ? c.source.filter((s): s is string => typeof s === 'string').join('') : typeof c.source === 'string' ? c.source : '';
    out.push({ index, source: src });
  });
  locateSourceLines(text, out);
  return out;
}

/** Fills each cell's fileLines: the JSON string of `source` (or its array element) each source line is in. */
function locateSourceLines(text: string, cells: NotebookCell[]): void {
  const byIndex = new Map(cells.map((c) => [c.index, { cell: c, lines: [] as number[] }]));
  visit(text, {
    onLiteralValue(value: unknown, _offset, _length, startLine, _startCharacter, pathSupplier) {
      if (typeof value !== 'string') return;
      const path = pathSupplier();
      if (path.length < 3 || path[0] !== 'cells' || path[2] !== 'source') return;
      const slot = byIndex.get(path[1] as number);
      if (!slot) return;
      // An element holds one line (nbformat) or several; a string source holds them all.
      const inside = value.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(value) ? 1 : 0);
      for (let i = 0; i < Math.max(1, inside); i++) slot.lines.push(startLine + 1);
    },
  });
  for (const { cell, lines } of byIndex.values()) if (lines.length) cell.fileLines = lines;
}

/**
 * Replaces IPython-only syntax by spaces of the same length so offsets stay put: line magics
 * (`%pip`, `!ls`), `x = !cmd`, help (`obj?`) and whole-cell magics (`%%bash`).
 */
export function blankMagics(source: string): string {
  const firstLine = source.trimStart().split(/\r?\n/, 1)[0] ?? '';
  if (/^%%/.test(firstLine) && !/^%%(time|timeit|capture|prun)\b/.test(firstLine)) {
    return source.replace(/[^\r\n]/g, ' ');
  }
  return source
    .split(/(\r?\n)/)
    .map((part) => {
      if (/^\s*(%%?|!)/.test(part) || /^\s*[A-Za-z_][\w.]*\s*\?{1,2}\s*$/.test(part)) return ' '.repeat(part.length);
      const assigned = /^(\s*[A-Za-z_]\w*\s*=\s*)(!|%)/.exec(part);
      if (assigned) return part.slice(0, assigned[1].length) + 'None' + ' '.repeat(Math.max(0, part.length - assigned[1].length - 4));
      return part;
    })
    .join('');
}

interface CellSlice {
  cell: NotebookCell;
  offset: number;
  lines: LineIndex;
}

export interface NotebookAnalysis extends Omit<AnalysisResult, 'tree' | 'syntaxErrors'> {
  syntaxErrors: { cell: number; line: number; column: number }[];
}

function fileLineOf(cell: NotebookCell, line: number): { fileLine?: number } {
  const at = cell.fileLines?.[Math.min(line, cell.fileLines.length) - 1];
  return at === undefined ? {} : { fileLine: at };
}

/** Analyses code cells as one program and maps every finding and edit back to its cell. */
export function analyzeCells(cells: NotebookCell[], path: string, config?: MlguardConfig, options: AnalyzeOptions = {}): NotebookAnalysis {
  const slices: CellSlice[] = [];
  let virtual = '';
  for (const cell of cells) {
    slices.push({ cell, offset: virtual.length, lines: new LineIndex(cell.source) });
    virtual += blankMagics(cell.source) + '\n';
  }
  const result = analyzePython(virtual, path, config, options);
  const sliceAt = (offset: number): CellSlice => {
    let found = slices[0];
    for (const s of slices) if (s.offset <= offset) found = s;
    return found;
  };
  const local = (s: CellSlice, span: Span): Span => {
    const start = Math.min(span.start - s.offset, s.cell.source.length);
    const end = Math.min(Math.max(start, span.end - s.offset), s.cell.source.length);
    return s.lines.span(start, end);
  };
  const mapEdit = (e: TextEdit): TextEdit => {
    const s = sliceAt(e.start);
    return { start: e.start - s.offset, end: Math.min(e.end - s.offset, s.cell.source.length), text: e.text, cell: s.cell.index };
  };
  const vlines = new LineIndex(virtual);
  // The pragma's line in the virtual program → its cell, the line there and the .ipynb line.
  const pragmaInCell = (sup: Suppression): Suppression => {
    if (sup.line === undefined) return sup;
    const ps = sliceAt(vlines.offset(sup.line, 1));
    const line = ps.lines.position(Math.min(vlines.offset(sup.line, 1) - ps.offset, ps.cell.source.length)).line;
    return { ...sup, line, cell: ps.cell.index, ...fileLineOf(ps.cell, line) };
  };
  const findings: Finding[] = result.findings.map((f) => {
    const s = sliceAt(f.span.start);
    const span = local(s, f.span);
    return {
      ...f,
      span,
      snippet: f.snippet,
      cell: { index: s.cell.index, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, ...fileLineOf(s.cell, span.line) },
      related: f.related.map((r) => {
        // Always named (also in the finding's own cell): reports and editors show related
        // messages without the finding beside them.
        const rs = sliceAt(r.span.start);
        const rspan = local(rs, r.span);
        const cell = { index: rs.cell.index, line: rspan.line, column: rspan.column, endLine: rspan.endLine, endColumn: rspan.endColumn, ...fileLineOf(rs.cell, rspan.line) };
        return { span: rspan, message: `${r.message} (cell ${rs.cell.index + 1}, line ${rspan.line})`, cell };
      }),
      fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(mapEdit) })),
      ...(f.suppression ? { suppression: pragmaInCell(f.suppression) } : {}),
    };
  });
  const syntaxErrors = result.syntaxErrors.map((e) => {
    const s = sliceAt(vlines.offset(e.line, e.column));
    const p = s.lines.position(vlines.offset(e.line, e.column) - s.offset);
    return { cell: s.cell.index, line: p.line, column: p.column };
  });
  return { findings, syntaxErrors, internalErrors: result.internalErrors, tooDeep: result.tooDeep, secrets: result.secrets };
}
