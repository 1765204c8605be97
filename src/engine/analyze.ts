// The runner: parse, compute facts once, run every enabled rule, then turn reports into findings
// (severity from config, masked snippets, fingerprints, suppressions). Pure: no file system.
import { createHash } from 'node:crypto';
import { parsePython, type SyntaxNode, type Tree } from './parser';
import { FileFacts } from './facts';
import type { VocabularySource } from './dataflow/interpreter';
import { LineIndex } from './positions';
import { DEFAULT_CONFIG, type MlguardConfig, type SeveritySetting } from './config';
import { maskText } from './mask';
import { codeMatches, parsePragmas, type Pragma } from './suppressions';
import { LINE_MENTION, worthRunning, type Report, type Rule, type RuleContext } from './rule';
import type { Finding, RuleMeta, Severity } from './types';
import { RULES } from '../rules';

export interface AnalyzeOptions {
  /** Rules to run (default: the registry). */
  rules?: readonly Rule[];
  /** Report suppressed findings as if no pragma existed (reviewers, CI). */
  ignoreSuppressions?: boolean;
  /** A previous tree already edited with tree.edit(), for incremental reparsing. */
  oldTree?: Tree | null;
  /** Run every rule even where its prefilter (`Rule.requires`) says the file cannot match (tests). */
  noPrefilter?: boolean;
}

export interface AnalysisResult {
  /** All findings, suppressed ones included (with `suppression` set). */
  findings: Finding[];
  tree: Tree;
  /** Where the file has syntax errors (analysis still covered the rest). */
  syntaxErrors: { line: number; column: number }[];
  /** Rules that threw: reported, never allowed to hide the other rules' findings. */
  internalErrors: string[];
  /** Rules skipped because the code nests deeper than they can follow (a limit, not a bug). */
  tooDeep: string[];
  /** Literal secrets the rules reported (a file analysed in parts masks every part with all of them). */
  secrets: string[];
}

export function isRuleEnabled(meta: RuleMeta, config: MlguardConfig): boolean {
  const keys = [meta.id, meta.family, meta.name];
  if (config.disable.some((d) => keys.includes(d) || keys.includes(d.toUpperCase()))) return false;
  return severityFor(meta, config) !== 'off';
}

export function severityFor(meta: RuleMeta, config: MlguardConfig): SeveritySetting {
  return config.severity[meta.id] ?? config.severity[meta.name] ?? config.severity[meta.family] ?? meta.defaultSeverity;
}

function rangeOf(r: { node?: SyntaxNode; start?: number; end?: number }): { start: number; end: number } {
  if (r.node) return { start: r.node.startIndex, end: r.node.endIndex };
  const start = r.start ?? 0;
  return { start, end: r.end ?? start };
}

function normalise(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Analyses one Python source. initParser() must have resolved. */
export function analyzePython(source: string, path: string, config: MlguardConfig = DEFAULT_CONFIG, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeTree(source, parsePython(source, options.oldTree), path, config, options);
}

/** analyzePython on a tree already parsed from `source` (the incremental analysis parses first to decide). */
export function analyzeTree(source: string, tree: Tree, path: string, config: MlguardConfig = DEFAULT_CONFIG, options: AnalyzeOptions = {}): AnalysisResult {
  const root = tree.rootNode;
  const lines = new LineIndex(source);
  const run = runRules(source, root, lines, path, config, options);
  const findings = findingsOf(run.raw, lines, parsePragmas(run.facts.comments, lines), path, config, options);
  return { findings, tree, syntaxErrors: syntaxErrors(root, lines), internalErrors: run.internalErrors, tooDeep: run.tooDeep, secrets: run.raw.flatMap((r) => r.report.secrets ?? []) };
}

/** One rule's report, before it becomes a finding. */
export interface RawReport {
  rule: Rule;
  report: Report;
}

/** The rules that run on a file under a config: enabled ones, in registry order (prefilters aside). */
export function enabledRules(config: MlguardConfig, options: AnalyzeOptions = {}): Rule[] {
  return (options.rules ?? RULES).filter((r) => isRuleEnabled(r.meta, config));
}

/** Runs every enabled rule worth running on one tree; reports in rule order, then report order. */
export function runRules(
  source: string,
  root: SyntaxNode,
  lines: LineIndex,
  path: string,
  config: MlguardConfig,
  options: AnalyzeOptions = {},
  /** The vocabulary the interpreter assumes columns from (an incremental slice's: the whole file's). */
  vocabularySource?: VocabularySource,
): { raw: RawReport[]; internalErrors: string[]; tooDeep: string[]; facts: FileFacts } {
  const facts = new FileFacts(root);
  facts.vocabularySource = vocabularySource;
  const rules = enabledRules(config, options).filter((r) => options.noPrefilter || worthRunning(r, source));

  const raw: RawReport[] = [];
  const internalErrors: string[] = [];
  const tooDeep: string[] = [];
  for (const rule of rules) {
    const context: RuleContext = {
      path,
      source,
      lines,
      root,
      facts,
      config,
      report: (report) => raw.push({ rule, report }),
    };
    try {
      rule.check(context);
    } catch (e) {
      // Pathological nesting (thousands of brackets) exhausts the stack of the recursive data-flow
      // rules: say so plainly instead of calling it a bug; the other rules still ran.
      if (e instanceof RangeError && /call stack/i.test(e.message)) tooDeep.push(rule.meta.id);
      else internalErrors.push(`${rule.meta.id}: ${(e as Error).message}`);
    }
  }
  return { raw, internalErrors, tooDeep, facts };
}

/** Writes the line numbers of lineMention() placeholders in, from the file's own line index. */
function withLines(message: string, lines: LineIndex): string {
  return message.includes('\uE000') ? message.replace(LINE_MENTION, (_, offset: string) => String(lines.position(Number(offset)).line)) : message;
}

/**
 * Remembers masked texts and fingerprints between analyses of one document (the incremental
 * analysis finalises every finding of the file after each edit; most are unchanged).
 */
export class FindingMemo {
  private masks = new Map<string, string>();
  private digests = new Map<string, string>();

  masker(secrets: readonly string[]): (text: string) => string {
    const key = `${secrets.join('\0')}\u0001`;
    return (text) => {
      const k = key + text;
      let m = this.masks.get(k);
      if (m === undefined) {
        if (this.masks.size > 20000) this.masks = new Map();
        m = maskText(text, [...secrets]);
        this.masks.set(k, m);
      }
      return m;
    };
  }

  readonly digest = (text: string): string => {
    let d = this.digests.get(text);
    if (d === undefined) {
      if (this.digests.size > 20000) this.digests = new Map();
      d = createHash('sha256').update(text).digest('hex').slice(0, 32);
      this.digests.set(text, d);
    }
    return d;
  };
}

/**
 * Turns rule reports into findings: one per rule and span (the first report wins), masked
 * messages and snippets (secrets seen anywhere in the file), fingerprints, suppressions.
 */
export function findingsOf(
  raw: readonly RawReport[],
  lines: LineIndex,
  pragmas: readonly Pragma<unknown>[],
  path: string,
  config: MlguardConfig,
  options: AnalyzeOptions = {},
  memo?: FindingMemo,
): Finding[] {
  // Secrets seen anywhere in the file are masked in every finding of the file.
  const secrets = raw.flatMap((r) => r.report.secrets ?? []);
  const masked = memo ? memo.masker(secrets) : (text: string) => maskText(text, secrets);
  const digest = memo ? memo.digest : (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { rule, report } of raw) {
    const { start, end } = rangeOf(report);
    const key = `${rule.meta.id}:${start}:${end}`;
    if (seen.has(key)) continue; // one finding per rule per span
    seen.add(key);
    const span = lines.span(start, end);
    const snippet = masked(lines.lineText(span.line));
    const base = fingerprintBase(rule.meta.id, snippet);
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    const fingerprint = digest(`${base}\0${n}`);
    const severity = severityFor(rule.meta, config) as Severity;
    const finding: Finding = {
      ruleId: rule.meta.id,
      ruleName: rule.meta.name,
      family: rule.meta.family,
      severity,
      message: masked(withLines(report.message, lines)),
      path,
      span,
      related: (report.related ?? []).map((r) => {
        const rr = rangeOf(r);
        return { span: lines.span(rr.start, rr.end), message: masked(withLines(r.message, lines)) };
      }),
      fixes: report.fixes ?? [],
      fingerprint,
      snippet,
    };
    if (!options.ignoreSuppressions) {
      const pragma = matchingPragma(pragmas, rule.meta, span.line);
      if (pragma) finding.suppression = { kind: pragma.kind, reason: pragma.reason, line: pragma.line };
    }
    findings.push(finding);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

/** What identifies a finding's line for its fingerprint: rule ID + the whitespace-normalised (masked) line. */
export function fingerprintBase(ruleId: string, snippet: string): string {
  return `${ruleId}\0${normalise(snippet)}`;
}

/** The fingerprint of the n-th (0-based) finding of a file with this base. */
export function fingerprintOf(base: string, n: number): string {
  return createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32);
}

function matchingPragma(pragmas: readonly Pragma<unknown>[], meta: RuleMeta, line: number): Pragma<unknown> | undefined {
  return pragmas.find(
    (p) => p.hasReason && p.codes.some((c) => codeMatches(c, meta)) && (p.kind === 'file' || p.targetLine === line),
  );
}

export function syntaxErrors(root: SyntaxNode, lines: LineIndex): { line: number; column: number }[] {
  if (!root.hasError) return [];
  const out: { line: number; column: number }[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length && out.length < 20) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(lines.position(n.startIndex));
      continue;
    }
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
