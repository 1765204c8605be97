// The messages between the language server's main loop and its analysis worker (plain data).
import type { FileOutcome } from '../cli/analyse-file';
import type { Finding, MlguardConfig, NotebookCell, TextEdit } from '../engine';
import type { DiscoveredFile } from '../engine/discovery';
import type { WorkspaceAnalysis } from '../compliance/workspace';
import type { IncrementalStats } from '../engine/incremental';

export interface TreeEditData {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

export type WorkerJob =
  | { type: 'analyze'; uri: string; text: string; path: string; config: MlguardConfig }
  | { type: 'cells'; cells: NotebookCell[]; path: string; config: MlguardConfig }
  | { type: 'fix'; text: string; path: string; config: MlguardConfig; unsafe: boolean }
  | { type: 'pragma'; text: string; line: number; codes: string; reason: string }
  /** A file on disk, read and analysed exactly as `mlguard audit` does (workspace audit). */
  | { type: 'file'; file: DiscoveredFile; config: MlguardConfig; maxFileBytes: number }
  /** The compliance model's per-file findings and assets of a folder (open buffers' text instead of the disk's). */
  | { type: 'workspace'; root: string; texts: [string, string][]; notebooks: [string, NotebookCell[]][] };

export interface AnalysisOutcome {
  findings: Finding[];
  internalErrors: string[];
  tooDeep: string[];
  syntaxErrors: number;
  engineMs: number;
  /** Whether the tree was reparsed incrementally from the previous one. */
  incremental: boolean;
  /** How the incremental analysis got the findings (absent for notebooks and with MLGUARD_NO_INCREMENTAL=1). */
  slices?: IncrementalStats;
}

export interface WorkerResults {
  analyze: AnalysisOutcome;
  cells: AnalysisOutcome;
  fix: { output: string; fixed: number };
  pragma: { placement: TextEdit | undefined };
  file: FileOutcome;
  workspace: WorkspaceAnalysis;
}

export type WorkerRequest =
  | { type: 'edit'; uri: string; edits: TreeEditData[] }
  | { type: 'close'; uri: string }
  | { type: 'job'; id: number; job: WorkerJob };

export type WorkerResponse = { id: number; ok: true; result: WorkerResults[WorkerJob['type']] } | { id: number; ok: false; error: string };

/** UTF-16 line/character position, as LSP and tree-sitter (on JS strings) both count. */
export interface Point {
  line: number;
  character: number;
}

function pointAfter(start: Point, text: string): { row: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.line, column: start.character + text.length };
  return { row: start.line + lines.length - 1, column: lines[lines.length - 1].length };
}

/** The tree-sitter edit for one content change, given its range and offsets in the old text. */
export function treeEditData(range: { start: Point; end: Point }, startOffset: number, endOffset: number, text: string): TreeEditData {
  return {
    startIndex: startOffset,
    oldEndIndex: endOffset,
    newEndIndex: startOffset + text.length,
    startPosition: { row: range.start.line, column: range.start.character },
    oldEndPosition: { row: range.end.line, column: range.end.character },
    newEndPosition: pointAfter(range.start, text),
  };
}
