// Analysis of one file: read, decode, (fix,) analyse. Runs in the main thread or in a worker
// (src/cli/pool.ts), so its input and output are plain, structured-clonable data.
import {
  analyzeCells,
  fixSource,
  NotebookFormatError,
  readNotebookCells,
  type Diagnostic,
  type Finding,
  type MlguardConfig,
} from '../engine';
import { analyzeLarge, PART_THRESHOLD_CHARS } from '../engine/analyze-parts';
import type { DiscoveredFile } from '../engine/discovery';
import { readRegularFile } from '../engine/read-file';
import type { FixedFile } from '../engine/reports';
import type { Rule } from '../engine/rule';
import { fixNotebook, writeFileAtomic } from './fix';
import { decodeSource } from './source';

/** What analyseFile needs from the audit options (rules only in-process: they are code). */
export interface FileOptions {
  fix: boolean;
  unsafeFixes: boolean;
  ignoreSuppressions: boolean;
  maxFileBytes: number;
  /** Keep the text of files whose findings have fixes (only SARIF needs it). */
  keepText?: boolean;
  rules?: readonly Rule[];
}

export interface FileOutcome {
  findings: Finding[];
  diagnostics: Diagnostic[];
  skipped?: string;
  fixed?: FixedFile;
  /** The analysed text, kept when findings have fixes (SARIF expresses fixes as line/column regions). */
  text?: string;
}

function syntaxDiagnostic(path: string, errors: { line: number; column: number; cell?: number }[]): Diagnostic | undefined {
  if (errors.length === 0) return undefined;
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const where = first.cell !== undefined ? `in cell ${first.cell + 1} at line ${first.line}, column ${first.column}` : `at line ${first.line}, column ${first.column}`;
  return {
    path,
    severity: 'warning',
    message: `syntax error ${where}${more}; the rest of the file was analysed, findings next to the error may be missing`,
    ...(first.cell === undefined ? { line: first.line, column: first.column } : {}),
  };
}

function countRules(findings: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) out[f.ruleId] = (out[f.ruleId] ?? 0) + 1;
  return out;
}

function formatBytes(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} kB`;
  return `${n} bytes`;
}

export function analyseFile(file: DiscoveredFile, config: MlguardConfig, opts: FileOptions): FileOutcome {
  // Regular files only, bounded read (a committed `model.py -> /dev/zero` or a FIFO must not hang or exhaust memory).
  const read = readRegularFile(file.absPath, { limit: opts.maxFileBytes });
  if (!read.ok) {
    if (read.code === 'TOO_LARGE') {
      return { findings: [], diagnostics: [], skipped: `${formatBytes(read.size ?? opts.maxFileBytes + 1)}, over the ${formatBytes(opts.maxFileBytes)} limit (raise it with --max-file-size), skipped` };
    }
    return { findings: [], diagnostics: [], skipped: `cannot read (${read.reason}), skipped` };
  }
  const bytes = read.bytes;
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { findings: [], diagnostics: [], skipped: decoded.reason };
  const analyzeOpts = { rules: opts.rules, ignoreSuppressions: opts.ignoreSuppressions };
  const diagnostics: Diagnostic[] = [];
  let fixed: FixedFile | undefined;

  if (file.kind === 'notebook') {
    let text = decoded.text;
    let cells;
    try {
      cells = readNotebookCells(text);
    } catch (e) {
      if (e instanceof NotebookFormatError) {
        const at = e.line ? ` at line ${e.line}, column ${e.column ?? 1}` : '';
        return { findings: [], diagnostics: [], skipped: `${e.message.replace(/ in JSON at position \d+.*$/, '')}${at}, skipped` };
      }
      throw e;
    }
    if (opts.fix) {
      const res = fixNotebook(text, file.path, config, { unsafe: opts.unsafeFixes, rules: opts.rules });
      if (res.problem) diagnostics.push({ path: file.path, severity: 'warning', message: res.problem });
      if (res.output !== undefined && res.output !== text) {
        try {
          writeFileAtomic(file.absPath, (decoded.bom ? '\ufeff' : '') + res.output, { within: file.root });
          text = res.output;
          cells = readNotebookCells(text);
          fixed = { path: file.path, count: res.applied.length, rules: countRules(res.applied) };
        } catch (e) {
          diagnostics.push({ path: file.path, severity: 'error', message: `could not write fixes: ${(e as Error).message}` });
        }
      }
    }
    const result = analyzeCells(cells, file.path, config, analyzeOpts);
    const syntax = syntaxDiagnostic(file.path, result.syntaxErrors);
    if (syntax) diagnostics.push(syntax);
    for (const err of result.internalErrors) diagnostics.push({ path: file.path, severity: 'warning', message: `internal error in rule ${err} (please report this)` });
    if (result.tooDeep.length) diagnostics.push(tooDeepDiagnostic(file.path, result.tooDeep));
    return { findings: result.findings, diagnostics, fixed };
  }

  let text = decoded.text;
  const inParts = text.length > PART_THRESHOLD_CHARS;
  if (opts.fix && inParts) {
    // Fixes are checked by re-analysing the whole file, which is what a file this large cannot afford.
    diagnostics.push({ path: file.path, severity: 'warning', message: `fixes not applied: the file is over ${formatBytes(PART_THRESHOLD_CHARS)} and is analysed in parts` });
  } else if (opts.fix) {
    const res = fixSource(text, file.path, config, { unsafe: opts.unsafeFixes, rules: opts.rules });
    if (res.output !== text) {
      try {
        writeFileAtomic(file.absPath, (decoded.bom ? '\ufeff' : '') + res.output, { within: file.root });
        text = res.output;
        fixed = { path: file.path, count: res.applied.length, rules: countRules(res.applied) };
      } catch (e) {
        diagnostics.push({ path: file.path, severity: 'error', message: `could not write fixes: ${(e as Error).message}` });
      }
    }
    for (const r of res.rejected) {
      diagnostics.push({ path: file.path, severity: 'warning', message: `fix for ${r.finding.ruleId} at line ${r.finding.span.line} not applied: the result would not parse (please report this)` });
    }
  }
  const result = analyzeLarge(text, file.path, config, analyzeOpts);
  const syntax = syntaxDiagnostic(file.path, result.syntaxErrors);
  if (syntax) diagnostics.push(syntax);
  for (const err of result.internalErrors) diagnostics.push({ path: file.path, severity: 'warning', message: `internal error in rule ${err} (please report this)` });
  if (result.tooDeep.length) diagnostics.push(tooDeepDiagnostic(file.path, result.tooDeep));
  const needsLines = opts.keepText === true && result.findings.some((f) => f.fixes.length > 0);
  return { findings: result.findings, diagnostics, fixed, text: needsLines ? text : undefined };
}

/** One file must never take the run down (deep recursion, a rule bug): report it and go on. */
export function analyseSafely(...args: Parameters<typeof analyseFile>): FileOutcome {
  try {
    return analyseFile(...args);
  } catch (e) {
    return { findings: [], diagnostics: [], skipped: `internal error while analysing (${String((e as Error)?.message ?? e).split('\n')[0]}), skipped; please report this` };
  }
}

function tooDeepDiagnostic(path: string, rules: string[]): Diagnostic {
  return { path, severity: 'warning', message: `expressions are nested too deeply to follow; ${rules.join(', ')} skipped for this file (the other rules ran)` };
}
