// Very large files are analysed in parts of whole top-level statements, so that time and memory
// stay linear in the file's size (one 10 MB tree and its facts did not fit a worker's heap).
// Each part is analysed as its own program, preceded by the file's top-level imports and
// `ignore-file` pragmas (so names resolve and file suppressions apply); findings are mapped back
// to the whole file. A flow from one part into another is not followed: that is the price, and
// why only files over PART_THRESHOLD_CHARS are cut (every normal file is analysed whole).
import { analyzePython, fingerprintBase, fingerprintOf, type AnalyzeOptions } from './analyze';
import { DEFAULT_CONFIG, type MlguardConfig } from './config';
import { maskText } from './mask';
import { LineIndex } from './positions';
import { outlineModule, type ModuleOutline } from './top-level-split';
import type { Finding, Span } from './types';

/** Files longer than this (UTF-16 units, ~1 MB) are analysed in parts. */
export const PART_THRESHOLD_CHARS = 1_000_000;
/** The size a part grows to before the next cut (a part is never cut inside a statement). */
export const PART_TARGET_CHARS = 200_000;
/** At most this much of the file's imports precedes each part. */
const MAX_PREFIX_CHARS = 50_000;

const FILE_PRAGMA = /mlguard:\s*ignore-file/;

export interface PartsAnalysis {
  findings: Finding[];
  syntaxErrors: { line: number; column: number }[];
  internalErrors: string[];
  tooDeep: string[];
  /** How many parts the file was analysed in (1: whole). */
  parts: number;
}

/** A range of the original source copied into a part's program. */
interface Segment {
  /** Offset of the copy in the part's program. */
  at: number;
  /** The copied range of the original source. */
  start: number;
  end: number;
  /** The part's own statements (findings are kept only here; the rest is context). */
  own: boolean;
}

/** Cuts [0, source.length) into ranges of whole top-level statements of about `target` chars. */
export function partRanges(source: string, outline: ModuleOutline, target = PART_TARGET_CHARS): { start: number; end: number }[] {
  const cuts = [0];
  for (const s of outline.statements) {
    if (s.cuttable && s.start - cuts[cuts.length - 1] >= target) cuts.push(s.start);
  }
  // A small tail joins the part before it.
  if (cuts.length > 1 && source.length - cuts[cuts.length - 1] < target / 4) cuts.pop();
  return cuts.map((start, k) => ({ start, end: k + 1 < cuts.length ? cuts[k + 1] : source.length }));
}

/** Analyses a file whole when it is small, else in parts; findings use whole-file positions. */
export function analyzeLarge(
  source: string,
  path: string,
  config: MlguardConfig = DEFAULT_CONFIG,
  options: AnalyzeOptions = {},
  sizes: { threshold: number; target: number } = { threshold: PART_THRESHOLD_CHARS, target: PART_TARGET_CHARS },
): PartsAnalysis {
  if (source.length <= sizes.threshold) {
    const r = analyzePython(source, path, config, options);
    r.tree.delete();
    return { findings: r.findings, syntaxErrors: r.syntaxErrors, internalErrors: r.internalErrors, tooDeep: r.tooDeep, parts: 1 };
  }
  const outline = outlineModule(source);
  const ranges = partRanges(source, outline, sizes.target);
  const lines = new LineIndex(source);
  // Context copied before every part: imports and file pragmas, in file order.
  const context: { start: number; end: number }[] = [];
  let contextChars = 0;
  const candidates = [
    ...outline.statements.filter((s) => s.isImport).map((s) => ({ start: s.start, end: s.firstLogicalEnd })),
    ...outline.comments.filter((c) => FILE_PRAGMA.test(source.slice(c.start, c.end))).map((c) => ({ start: c.start, end: c.end })),
  ].sort((a, b) => a.start - b.start);
  for (const c of candidates) {
    if (contextChars + (c.end - c.start) > MAX_PREFIX_CHARS) break;
    context.push(c);
    contextChars += c.end - c.start + 1;
  }

  const findings: Finding[] = [];
  const syntaxErrors: { line: number; column: number }[] = [];
  const internalErrors = new Set<string>();
  const tooDeep = new Set<string>();
  const secrets: string[] = [];
  for (const range of ranges) {
    const segments: Segment[] = [];
    let program = '';
    for (const c of context) {
      if (c.start >= range.start && c.start < range.end) continue; // the part's own import
      segments.push({ at: program.length, start: c.start, end: c.end, own: false });
      program += source.slice(c.start, c.end);
      if (!program.endsWith('\n')) program += '\n';
    }
    segments.push({ at: program.length, start: range.start, end: range.end, own: true });
    program += source.slice(range.start, range.end);
    const result = analyzePython(program, path, config, options);
    result.tree.delete();
    const partLines = new LineIndex(program);
    const map = (offset: number): { offset: number; own: boolean } => {
      let seg = segments[0];
      for (const s of segments) if (s.at <= offset) seg = s;
      return { offset: Math.min(seg.start + offset - seg.at, seg.end), own: seg.own };
    };
    const mapSpan = (span: Span): Span => lines.span(map(span.start).offset, map(span.end).offset);
    for (const f of result.findings) {
      if (!map(f.span.start).own) continue; // a context copy: its own part reports it
      findings.push({
        ...f,
        span: mapSpan(f.span),
        related: f.related.map((r) => ({ ...r, span: mapSpan(r.span) })),
        fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: map(e.start).offset, end: map(e.end).offset })) })),
        ...(f.suppression ? { suppression: { ...f.suppression, ...(f.suppression.line !== undefined ? { line: lines.position(map(partLines.lineStart(f.suppression.line)).offset).line } : {}) } } : {}),
      });
    }
    for (const e of result.syntaxErrors) {
      const m = map(partLines.offset(e.line, e.column));
      if (m.own) syntaxErrors.push(lines.position(m.offset));
    }
    for (const e of result.internalErrors) internalErrors.add(e);
    for (const e of result.tooDeep) tooDeep.add(e);
    secrets.push(...result.secrets);
  }

  // Every finding of the file is masked with every part's secrets, and fingerprints count
  // identical lines over the whole file, as for a file analysed whole.
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  const occurrences = new Map<string, number>();
  for (const f of findings) {
    if (secrets.length) {
      f.message = maskText(f.message, secrets);
      f.snippet = maskText(f.snippet, secrets);
      f.related = f.related.map((r) => ({ ...r, message: maskText(r.message, secrets) }));
    }
    const base = fingerprintBase(f.ruleId, f.snippet);
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    f.fingerprint = fingerprintOf(base, n);
  }
  syntaxErrors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, syntaxErrors: syntaxErrors.slice(0, 20), internalErrors: [...internalErrors], tooDeep: [...tooDeep], parts: ranges.length };
}
