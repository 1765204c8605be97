// `mlguard audit`: discover files, read and decode them, (optionally fix,) analyse, report, and
// turn the findings into an exit code.
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { DEFAULT_CONFIG, findConfigFile, initParser, LineIndex, loadConfigFile, RULES, type Diagnostic, type Finding, type LoadedConfig, type Severity } from '../engine';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline';
import { discoverFiles, displayPath } from '../engine/discovery';
import { excludeMatcher } from '../engine/glob';
import { maskText } from '../engine/mask';
import { terminalSafe } from '../engine/reports/text-escape';
import { readRegularText } from '../engine/read-file';
import { withSuppressionAuthors } from '../compliance/suppression-authors';
import { defaultLinks, formatJson, formatMarkdown, formatSarif, formatText, meetsThreshold, type FixedFile, type ReportInput, type SkippedFile } from '../engine/reports';
import type { Rule } from '../engine/rule';
import type { RuleMeta } from '../engine/types';
import { analyseSafely, type FileOutcome } from './analyse-file';
import { writeFileAtomic } from './fix';
import { UsageError, wantsColor, type CliIO } from './io';
import { changedFiles } from './changed-files';
import { analyseInWorkers, DEFAULT_BUDGETS, workerEntry } from './pool';

export type Format = 'text' | 'json' | 'sarif' | 'markdown';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'markdown'];
export const FAIL_ON: readonly (Severity | 'never')[] = ['error', 'warning', 'note', 'never'];
export const DEFAULT_MAX_FILE_MB = 10;

export interface AuditOptions {
  paths: string[];
  format: Format;
  output?: string;
  failOn: Severity | 'never';
  fix: boolean;
  unsafeFixes: boolean;
  config?: string;
  ignoreSuppressions: boolean;
  /** Findings listed in this baseline file count as accepted (suppression kind "baseline"). */
  baseline?: string;
  /** Write the current unsuppressed findings to this baseline file and exit 0. */
  writeBaseline?: string;
  progress: boolean;
  quiet: boolean;
  forceExclude: boolean;
  respectGitignore: boolean;
  maxFileBytes: number;
  /** For tests: the rules to run (default: the registry). Forces in-process analysis. */
  rules?: readonly Rule[];
  /** --diff <ref> / --changed (HEAD): analyse only the discovered files git reports as changed. */
  onlyChangedSince?: string;
  /** Worker threads for analysis (tiny audits stay in the main thread). */
  jobs: number;
  /** Per-file time budget in seconds (default 60); files over it are skipped with a note. */
  fileTimeoutS?: number;
  toolVersion: string;
  /** Repository URL for SARIF informationUri and rule doc links (default: defaultLinks()). */
  informationUri?: string;
}

/** Config lookup per folder (nearest mlguard.toml / pyproject.toml with [tool.mlguard]), cached. */
class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly fixed?: LoadedConfig;
  private readonly defaults: LoadedConfig;

  constructor(
    cwd: string,
    explicit?: string,
    private readonly rules?: readonly RuleMeta[],
  ) {
    this.defaults = { config: DEFAULT_CONFIG, root: cwd, problems: [] };
    if (explicit) this.fixed = this.load(resolve(cwd, explicit));
  }

  private load(file: string): LoadedConfig {
    let loaded = this.byFile.get(file);
    if (!loaded) {
      loaded = loadConfigFile(file, this.rules);
      this.byFile.set(file, loaded);
    }
    return loaded;
  }

  forDir(dir: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    let loaded = this.byDir.get(dir);
    if (!loaded) {
      const file = findConfigFile(dir);
      loaded = file ? this.load(file) : this.defaults;
      this.byDir.set(dir, loaded);
    }
    return loaded;
  }

  get loaded(): LoadedConfig[] {
    return this.fixed ? [this.fixed] : [...this.byFile.values()];
  }
}

/** One `mlguard: error: file:line: …` line per configuration problem (also used by `mlguard report`). */
export function configProblemLines(configs: LoadedConfig[], cwd: string): string[] {
  const out: string[] = [];
  for (const c of configs) {
    for (const p of c.problems) {
      const where = `${displayPath(resolve(cwd, p.file), cwd)}${p.line ? `:${p.line}` : ''}${p.line && p.column ? `:${p.column}` : ''}`;
      const what = p.message.startsWith('unknown key') && p.key ? `unknown key "${p.key}"` : p.key ? `"${p.key}" ${p.message}` : p.message;
      out.push(terminalSafe(`mlguard: error: ${where}: ${what}`));
    }
  }
  return out;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function diagnosticLine(d: Diagnostic): string {
  return `${d.path}${d.line ? `:${d.line}` : ''}${d.line && d.column ? `:${d.column}` : ''}: ${d.severity}: ${d.message}`;
}

export async function runAudit(opts: AuditOptions, io: CliIO): Promise<number> {
  const cwd = io.cwd;
  if (opts.unsafeFixes && !opts.fix) throw new UsageError('--unsafe-fixes only makes sense with --fix', 'audit');
  if (opts.config) {
    try {
      if (!statSync(resolve(cwd, opts.config)).isFile()) throw new Error('not a file');
    } catch {
      throw new UsageError(`config file not found: ${opts.config}`, 'audit');
    }
  }
  const configs = new ConfigResolver(cwd, opts.config, opts.rules?.map((r) => r.meta));
  const matchers = new Map<LoadedConfig, ((rel: string) => boolean) | undefined>();
  const isExcluded = (abs: string): boolean => {
    const loaded = configs.forDir(dirname(abs));
    if (!matchers.has(loaded)) matchers.set(loaded, excludeMatcher(loaded.config.exclude));
    const match = matchers.get(loaded);
    if (!match) return false;
    const rel = toPosix(relative(loaded.root, abs));
    if (rel === '' || rel.startsWith('..')) return false;
    return match(rel);
  };
  const discovery = discoverFiles(opts.paths, { cwd, isExcluded, forceExclude: opts.forceExclude, respectGitignore: opts.respectGitignore });
  if (discovery.missing.length) {
    throw new UsageError(`path not found: ${discovery.missing.join(', ')}`, 'audit');
  }
  if (opts.onlyChangedSince !== undefined) {
    const isChanged = changedFiles(cwd, opts.onlyChangedSince);
    discovery.files = discovery.files.filter((f) => isChanged(f.absPath));
  }
  // Every file's config must be valid before anything is analysed or fixed.
  for (const f of discovery.files) configs.forDir(dirname(f.absPath));
  const problems = configProblemLines(configs.loaded, cwd);
  if (problems.length) {
    io.stderr(problems.join('\n') + '\n');
    return 2;
  }

  await initParser();
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped: SkippedFile[] = [...discovery.skipped];
  const analysed: string[] = [];
  const fixed: FixedFile[] = [];
  const sources = new Map<string, LineIndex>();
  const total = discovery.files.length;
  const showProgress = opts.progress && !opts.quiet && io.stderrIsTTY && total > 20;
  let lastDraw = 0;
  const draw = (done: number): void => {
    const now = Date.now();
    if (done !== total && now - lastDraw < 80) return;
    lastDraw = now;
    io.stderr(`\r\x1b[KAnalysing ${done}/${total} files…`);
  };
  const outcomes: FileOutcome[] = new Array(total);
  let done = 0;
  const record = (i: number, outcome: FileOutcome): void => {
    outcomes[i] = outcome;
    done++;
    if (showProgress) draw(done);
  };
  const fileOpts = { fix: opts.fix, unsafeFixes: opts.unsafeFixes, ignoreSuppressions: opts.ignoreSuppressions, maxFileBytes: opts.maxFileBytes, keepText: opts.format === 'sarif', rules: opts.rules };
  const configsOf = discovery.files.map((f) => configs.forDir(dirname(f.absPath)).config);
  // Workers bound each file's time and memory (src/cli/pool.ts). Only a few small files, where
  // starting a worker would cost more than the analysis, stay in the main thread.
  const jobs = Math.max(1, Math.min(opts.jobs, Math.floor(total / 4)));
  const entry = workerEntry();
  const inProcess = total < 4 && discovery.files.every((f) => sizeOf(f.absPath) < IN_PROCESS_MAX_BYTES);
  if (entry && !opts.rules && !inProcess) {
    if (io.env.MLGUARD_DEBUG) io.stderr(`mlguard: debug: analysing ${total} files in ${jobs} worker threads\n`);
    const budgets = { ...DEFAULT_BUDGETS, ...(opts.fileTimeoutS ? { fileTimeoutMs: opts.fileTimeoutS * 1000 } : {}) };
    await analyseInWorkers(entry, jobs, discovery.files, configsOf, fileOpts, record, budgets);
  } else {
    for (let i = 0; i < total; i++) {
      if (showProgress) draw(i);
      record(i, analyseSafely(discovery.files[i], configsOf[i], fileOpts));
    }
  }
  for (let i = 0; i < total; i++) {
    const file = discovery.files[i];
    const outcome = outcomes[i];
    if (outcome.skipped) skipped.push({ path: file.path, reason: outcome.skipped });
    else analysed.push(file.path);
    // Not push(...list): a file with a few hundred thousand findings would overflow the stack.
    for (const f of outcome.findings) findings.push(f);
    for (const d of outcome.diagnostics) diagnostics.push(d);
    if (outcome.fixed) fixed.push(outcome.fixed);
    if (outcome.text !== undefined) sources.set(file.path, new LineIndex(outcome.text));
  }
  if (showProgress) io.stderr('\r\x1b[K');

  if (!opts.quiet) {
    // One list in path order, whatever stage (discovery, reading, analysis) produced the message.
    const entries = [...skipped.map((s) => ({ path: s.path, text: `${s.path}: warning: ${s.reason}` })), ...diagnostics.map((d) => ({ path: d.path, text: diagnosticLine(d) }))];
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (entries.length) io.stderr(entries.map((e) => `mlguard: ${terminalSafe(maskText(e.text))}`).join('\n') + '\n');
  }
  if (total === 0 && !opts.quiet) io.stderr('mlguard: warning: no Python files or notebooks found\n');

  if (opts.writeBaseline !== undefined) {
    const baseline = createBaseline(findings);
    try {
      writeOutput(resolve(cwd, opts.writeBaseline), serializeBaseline(baseline));
    } catch (e) {
      throw new UsageError(`cannot write ${opts.writeBaseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'audit');
    }
    if (!opts.quiet) io.stderr(`mlguard: wrote a baseline of ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} to ${opts.writeBaseline}; pass --baseline ${opts.writeBaseline} to report only new ones\n`);
    return 0;
  }
  if (opts.baseline !== undefined && !opts.ignoreSuppressions) {
    const read = readRegularText(resolve(cwd, opts.baseline), { limit: 256 * 1024 * 1024 });
    if (!read.ok) throw new UsageError(`cannot read baseline ${opts.baseline}: ${read.reason}`, 'audit');
    const text = read.text;
    let baseline;
    try {
      baseline = parseBaseline(text);
    } catch (e) {
      throw new UsageError(`baseline ${opts.baseline}: ${(e as Error).message}`, 'audit');
    }
    const { stale } = applyBaseline(findings, baseline, opts.baseline);
    if (stale > 0 && !opts.quiet) io.stderr(`mlguard: note: ${stale} baseline entr${stale === 1 ? 'y matches' : 'ies match'} no finding any more (fixed?); rewrite it with --write-baseline to prune\n`);
  }

  const ranRules = (opts.rules ?? RULES).map((r) => r.meta);
  // The formats that list suppressions say who made each one (git blame of the pragma).
  const listed = opts.format === 'text' ? findings : withSuppressionAuthors(cwd, findings);
  const input: ReportInput = {
    findings: listed,
    rules: ranRules,
    diagnostics,
    analysed,
    skipped,
    fixed: opts.fix ? fixed : undefined,
    toolVersion: opts.toolVersion,
    failOn: opts.failOn,
    ignoreSuppressions: opts.ignoreSuppressions,
    unsafeFixes: opts.unsafeFixes,
    sources,
    linkBase: githubLinkBase(io.env),
    links: defaultLinks(opts.informationUri),
  };
  const toFile = opts.output !== undefined;
  let out: string;
  switch (opts.format) {
    case 'json':
      out = formatJson(input);
      break;
    case 'sarif':
      out = formatSarif(input);
      break;
    case 'markdown':
      out = formatMarkdown(input);
      break;
    default:
      out = formatText(input, { color: !toFile && wantsColor(io, io.stdoutIsTTY), quiet: opts.quiet });
  }
  if (toFile) {
    const target = resolve(cwd, opts.output!);
    try {
      writeOutput(target, out);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'audit');
    }
    if (!opts.quiet) io.stderr(`mlguard: wrote ${opts.format} report to ${opts.output}\n`);
  } else {
    io.stdout(out);
  }
  const failing = findings.some((f) => !f.suppression && meetsThreshold(f.severity, opts.failOn));
  return failing ? 1 : 0;
}

/** Files up to this size may be analysed in the main thread (no budgets there). */
const IN_PROCESS_MAX_BYTES = 64_000;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // reading reports the problem
  }
}

function writeOutput(target: string, text: string): void {
  writeFileAtomic(target, text);
}

/** In GitHub Actions, Markdown links point at the exact commit. */
function githubLinkBase(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (server && repo && sha) return `${server}/${repo}/blob/${sha}/`;
  return undefined;
}
