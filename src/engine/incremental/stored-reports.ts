// Rule reports kept between analyses: offsets in the slice's text instead of nodes (a slice's tree
// is deleted once its rules ran), moved to where their pieces are in the file at each analysis.
import type { Report } from '../rule';
import { LINE_MENTION } from '../rule';
import type { Fix } from '../types';

export interface StoredReport {
  /** Index of the rule in the enabled rule list. */
  rule: number;
  start: number;
  end: number;
  message: string;
  related: { start: number; end: number; message: string }[];
  fixes: Fix[];
  secrets?: string[];
}

function rangeOf(r: { node?: { startIndex: number; endIndex: number }; start?: number; end?: number }): { start: number; end: number } {
  if (r.node) return { start: r.node.startIndex, end: r.node.endIndex };
  const start = r.start ?? 0;
  return { start, end: r.end ?? start };
}

export function storeReport(rule: number, report: Report): StoredReport {
  const { start, end } = rangeOf(report);
  return {
    rule,
    start,
    end,
    message: report.message,
    related: (report.related ?? []).map((r) => ({ ...rangeOf(r), message: r.message })),
    fixes: report.fixes ?? [],
    secrets: report.secrets,
  };
}

/**
 * Maps offsets of a slice's text to the file: `from` are the included pieces' starts in the slice
 * text, `to` their starts in the file now (same pieces, so same lengths).
 */
export function offsetMover(from: readonly number[], to: readonly number[]): (offset: number) => number {
  return (o) => {
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (from[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return to[lo] + (o - from[lo]);
  };
}

function moveMessage(message: string, move: (o: number) => number): string {
  return message.includes('\uE000') ? message.replace(LINE_MENTION, (_, o: string) => `\uE000line:${move(Number(o))}\uE000`) : message;
}

/** The report as it reads in the file (a copy; the stored one stays in the slice's offsets). */
export function moveReport(r: StoredReport, move: (o: number) => number): Report {
  return {
    start: move(r.start),
    end: move(r.end),
    message: moveMessage(r.message, move),
    related: r.related.map((x) => ({ start: move(x.start), end: move(x.end), message: moveMessage(x.message, move) })),
    fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })) })),
    secrets: r.secrets,
  };
}
