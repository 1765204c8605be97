// `mlguard audit`: discover files, read and decode them, (optionally fix,) analyse, report, and
// turn the findings into an exit code.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import {
  analyzeCells,
  analyzePython,
  DEFAULT_CONFIG,
  findConfigFile,
  fixSource,
  initParser,
  LineIndex,
  loadConfigFile,
  NotebookFormatError,
  readNotebookCells,
  RULES,
  type Diagnostic,
  type Finding,
  type LoadedConfig,
  type MlguardConfig,
  type Severity,
} from '../engine';
import { discoverFiles, displayPath, type DiscoveredFile } from '../engine/discovery';
import { defaultLinks, formatJson, formatMarkdown, formatSarif, formatText, meetsThreshold, type FixedFile, type ReportInput, type SkippedFile } from '../engine/reports';
import type { Rule } from '../engine/rule';
import { fixNotebook, writeFileAtomic } from './fix';
import { UsageError, wantsColor, type CliIO } from './io';
import { decodeSource } from './source';

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
  progress: boolean;
  quiet: boolean;
  forceExclude: boolean;
  respectGitignore: boolean;
  maxFileBytes: number;
  /** For tests: the rules to run (default: the registry). */
  rules?: readonly Rule[];
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

  constructor(cwd: string, explicit?: string) {
    this.defaults = { config: DEFAULT_CONFIG, root: cwd, problems: [] };
    if (explicit) this.fixed = this.load(resolve(cwd, explicit));
  }

  private load(file: string): LoadedConfig {
    let loaded = this.byFile.get(file);
    if (!loaded) {
      loaded = loadConfigFile(file);
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

function excludeMatcher(loaded: LoadedConfig): ((rel: string) => boolean) | undefined {
  const patterns = loaded.config.exclude;
  if (patterns.length === 0) return undefined;
  // Like .gitignore/ruff: a pattern without a slash matches a file or folder name at any depth;
  // one with a slash matches the path relative to the config file's folder.
  const withSlash = patterns.filter((g) => g.replace(/\/$/, '').includes('/'));
  const bare = patterns.filter((g) => !g.replace(/\/$/, '').includes('/')).map((g) => g.replace(/\/$/, ''));
  const full = withSlash.length ? picomatch(withSlash.map((g) => g.replace(/^\.\//, '').replace(/\/$/, '')), { dot: true }) : undefined;
  const name = bare.length ? picomatch(bare, { dot: true }) : undefined;
  return (rel) => (full?.(rel) ?? false) || (name?.(rel.slice(rel.lastIndexOf('/') + 1)) ?? false);
}

function configProblemLines(configs: LoadedConfig[], cwd: string): string[] {
  const out: string[] = [];
  for (const c of configs) {
    for (const p of c.problems) {
      const where = `${displayPath(resolve(cwd, p.file), cwd)}${p.line ? `:${p.line}` : ''}${p.line && p.column ? `:${p.column}` : ''}`;
      const what = p.message.startsWith('unknown key') && p.key ? `unknown key "${p.key}"` : p.key ? `"${p.key}" ${p.message}` : p.message;
      out.push(`mlguard: error: ${where}: ${what}`);
    }
  }
  return out;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

interface FileOutcome {
  findings: Finding[];
  diagnostics: Diagnostic[];
  skipped?: string;
  fixed?: FixedFile;
  lines?: LineIndex;
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

function analyseFile(file: DiscoveredFile, config: MlguardConfig, opts: AuditOptions): FileOutcome {
  let bytes: Buffer;
  try {
    const size = statSync(file.absPath).size;
    if (size > opts.maxFileBytes) {
      return { findings: [], diagnostics: [], skipped: `${formatBytes(size)}, over the ${formatBytes(opts.maxFileBytes)} limit (raise it with --max-file-size), skipped` };
    }
    bytes = readFileSync(file.absPath);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EISDIR' ? 'is a folder' : (err.code ?? err.message);
    return { findings: [], diagnostics: [], skipped: `cannot read (${why}), skipped` };
  }
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
          writeFileAtomic(file.absPath, (decoded.bom ? '\ufeff' : '') + res.output);
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
    return { findings: result.findings, diagnostics, fixed };
  }

  let text = decoded.text;
  if (opts.fix) {
    const res = fixSource(text, file.path, config, { unsafe: opts.unsafeFixes, rules: opts.rules });
    if (res.output !== text) {
      try {
        writeFileAtomic(file.absPath, (decoded.bom ? '\ufeff' : '') + res.output);
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
  const result = analyzePython(text, file.path, config, analyzeOpts);
  result.tree.delete();
  const syntax = syntaxDiagnostic(file.path, result.syntaxErrors);
  if (syntax) diagnostics.push(syntax);
  for (const err of result.internalErrors) diagnostics.push({ path: file.path, severity: 'warning', message: `internal error in rule ${err} (please report this)` });
  const needsLines = result.findings.some((f) => f.fixes.length > 0);
  return { findings: result.findings, diagnostics, fixed, lines: needsLines ? new LineIndex(text) : undefined };
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
  const configs = new ConfigResolver(cwd, opts.config);
  const matchers = new Map<LoadedConfig, ((rel: string) => boolean) | undefined>();
  const isExcluded = (abs: string): boolean => {
    const loaded = configs.forDir(dirname(abs));
    if (!matchers.has(loaded)) matchers.set(loaded, excludeMatcher(loaded));
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
  for (let i = 0; i < total; i++) {
    const file = discovery.files[i];
    if (showProgress) draw(i);
    const config = configs.forDir(dirname(file.absPath)).config;
    let outcome: FileOutcome;
    try {
      outcome = analyseFile(file, config, opts);
    } catch (e) {
      // One file must never take the run down (deep recursion, a rule bug): report and go on.
      outcome = { findings: [], diagnostics: [], skipped: `internal error while analysing (${(e as Error).message.split('\n')[0]}), skipped; please report this` };
    }
    if (outcome.skipped) skipped.push({ path: file.path, reason: outcome.skipped });
    else analysed.push(file.path);
    findings.push(...outcome.findings);
    diagnostics.push(...outcome.diagnostics);
    if (outcome.fixed) fixed.push(outcome.fixed);
    if (outcome.lines) sources.set(file.path, outcome.lines);
  }
  if (showProgress) io.stderr('\r\x1b[K');

  if (!opts.quiet) {
    const lines = [...skipped.map((s) => `${s.path}: warning: ${s.reason}`), ...diagnostics.map(diagnosticLine)];
    if (lines.length) io.stderr(lines.map((l) => `mlguard: ${l}`).join('\n') + '\n');
  }
  if (total === 0 && !opts.quiet) io.stderr('mlguard: warning: no Python files or notebooks found\n');

  const ranRules = (opts.rules ?? RULES).map((r) => r.meta);
  const input: ReportInput = {
    findings,
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

function writeOutput(target: string, text: string): void {
  // A new file cannot be written atomically through writeFileAtomic (it needs an existing target).
  if (existsSync(target)) writeFileAtomic(target, text);
  else writeFileSync(target, text);
}

/** In GitHub Actions, Markdown links point at the exact commit. */
function githubLinkBase(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (server && repo && sha) return `${server}/${repo}/blob/${sha}/`;
  return undefined;
}
