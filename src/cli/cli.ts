// argv → command → exit code. Every failure ends as one line on stderr and exit code 2; nothing
// here may let a stack trace reach the user.
import { maskText } from '../engine/mask';
import { terminalSafe } from '../engine/reports/text-escape';
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../engine/atomic-write';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { RULES, ruleById } from '../engine';
import { mdEscape, ruleDocMarkdown, ruleDocText } from '../engine/reports';
import type { RuleMeta } from '../engine/types';
import type { Rule } from '../engine/rule';
import { DEFAULT_MAX_FILE_MB, FAIL_ON, FORMATS, runAudit, type Format } from './audit';
import { AUDIT_HELP, EXPLAIN_HELP, MAIN_HELP, RULES_HELP } from './help';
import { processIO, UsageError, type CliIO } from './io';

export const VERSION: string = packageJson.version;

/** The repository URL from package.json (repository or homepage), if it declares one. */
export function repositoryUrl(pkg: { repository?: unknown; homepage?: unknown }): string | undefined {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  const candidates = [repo, pkg.homepage].filter((u): u is string => typeof u === 'string');
  for (const c of candidates) {
    const url = c.replace(/^git\+/, '').replace(/^git@github\.com:/, 'https://github.com/').replace(/\.git$/, '').replace(/#.*$/, '');
    if (/^https?:\/\//.test(url)) return url;
  }
  return undefined;
}

export interface MainDeps {
  /** Rules to run instead of the registry (tests). */
  rules?: readonly Rule[];
}

type ParseConfig = Parameters<typeof parseArgs>[0] & {};

/** parseArgs (strict) with its errors turned into one readable line. */
function parse(command: string, args: string[], options: NonNullable<ParseConfig['options']>, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const quoted = /'([^']+)'/.exec(err.message)?.[1];
    const label = command ? `mlguard ${command}` : 'mlguard';
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown option '${quoted}' for '${label}'`, command);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(`${err.message.replace(/^Option/, 'option')}`, command);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`unexpected argument '${quoted}' for '${label}'`, command);
      default:
        throw new UsageError(err.message, command);
    }
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, command: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`invalid value '${value}' for ${flag}: expected one of ${allowed.join(', ')}`, command);
  }
  return value as T;
}

async function audit(args: string[], io: CliIO, deps: MainDeps): Promise<number> {
  const { values, positionals } = parse(
    'audit',
    args,
    {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      fix: { type: 'boolean' },
      'unsafe-fixes': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      'ignore-suppressions': { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'force-exclude': { type: 'boolean' },
      'no-gitignore': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'no-progress': { type: 'boolean' },
      diff: { type: 'string' },
      changed: { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      'file-timeout': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  let maxMb = DEFAULT_MAX_FILE_MB;
  if (values['max-file-size'] !== undefined) {
    maxMb = Number(values['max-file-size']);
    if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`invalid value '${values['max-file-size']}' for --max-file-size: expected a positive number of megabytes`, 'audit');
  }
  let jobs = Math.min(availableParallelism(), 4);
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`invalid value '${values.jobs}' for --jobs: expected a whole number ≥ 1`, 'audit');
  }
  let fileTimeoutS: number | undefined;
  if (values['file-timeout'] !== undefined) {
    fileTimeoutS = Number(values['file-timeout']);
    if (!Number.isFinite(fileTimeoutS) || fileTimeoutS <= 0) throw new UsageError(`invalid value '${values['file-timeout']}' for --file-timeout: expected a positive number of seconds`, 'audit');
  }
  if (values.output === '') throw new UsageError('--output needs a file name', 'audit');
  if (values.baseline === '' || values['write-baseline'] === '') throw new UsageError('--baseline / --write-baseline need a file name', 'audit');
  if (values.diff !== undefined && values.changed) throw new UsageError('use either --diff <ref> or --changed, not both', 'audit');
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) throw new UsageError('use either --baseline or --write-baseline, not both', 'audit');
  return runAudit(
    {
      paths: positionals.length ? positionals : ['.'],
      format: oneOf<Format>(values.format as string | undefined, FORMATS, '--format', 'audit') ?? 'text',
      output: values.output as string | undefined,
      failOn: oneOf(values['fail-on'] as string | undefined, FAIL_ON, '--fail-on', 'audit') ?? 'warning',
      fix: values.fix === true,
      unsafeFixes: values['unsafe-fixes'] === true,
      config: values.config as string | undefined,
      ignoreSuppressions: values['ignore-suppressions'] === true,
      baseline: values.baseline as string | undefined,
      writeBaseline: values['write-baseline'] as string | undefined,
      progress: values['no-progress'] !== true,
      quiet: values.quiet === true,
      forceExclude: values['force-exclude'] === true,
      respectGitignore: values['no-gitignore'] !== true,
      maxFileBytes: Math.round(maxMb * 1e6),
      jobs,
      fileTimeoutS,
      onlyChangedSince: values.changed ? 'HEAD' : (values.diff as string | undefined),
      rules: deps.rules,
      toolVersion: VERSION,
      informationUri: repositoryUrl(packageJson as { repository?: unknown; homepage?: unknown }),
    },
    io,
  );
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function rules(args: string[], io: CliIO, deps: MainDeps): number {
  const { values } = parse('rules', args, { format: { type: 'string', short: 'f' }, 'write-docs': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    io.stdout(RULES_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'rules') ?? 'text';
  const metas = (deps.rules ?? RULES).map((r) => r.meta);
  const docsDir = values['write-docs'] as string | undefined;
  if (docsDir !== undefined) {
    const dir = resolve(io.cwd, docsDir);
    try {
      mkdirSync(dir, { recursive: true });
      // Replace (never write through) symlinks planted in a docs folder inside a repository.
      for (const m of metas) writeFileAtomic(join(dir, `${m.id}.md`), ruleDocMarkdown(m), { within: dir, replaceLinks: true });
      writeFileAtomic(join(dir, 'README.md'), rulesIndexMarkdown(metas), { within: dir, replaceLinks: true });
    } catch (e) {
      throw new UsageError(`cannot write rule docs to ${docsDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'rules');
    }
    io.stderr(`mlguard: wrote ${metas.length} rule pages and README.md to ${docsDir}\n`);
    return 0;
  }
  if (format === 'json') {
    io.stdout(JSON.stringify(metas.map((m) => ({ id: m.id, name: m.name, family: m.family, severity: m.defaultSeverity, confidence: m.confidence, fix: m.fixAvailability, title: m.title })), null, 2) + '\n');
    return 0;
  }
  const rows = [['ID', 'NAME', 'SEVERITY', 'FIX', 'TITLE'], ...metas.map((m) => [m.id, m.name, m.defaultSeverity, m.fixAvailability, m.title])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  io.stdout(rows.map((r) => r.map((cell, c) => (c < 4 ? pad(cell, widths[c]) : cell)).join('  ')).join('\n') + '\n');
  io.stdout(`\n${metas.length} rules. Fix: always / sometimes = \`mlguard audit --fix\` can fix it; none = manual. Details: mlguard explain <ID>\n`);
  return 0;
}

function rulesIndexMarkdown(metas: RuleMeta[]): string {
  const rows = metas.map((m) => `| [${m.id}](${m.id}.md) | \`${m.name}\` | ${m.defaultSeverity} | ${m.fixAvailability} | ${mdEscape(m.title)} |`);
  return ['# MLGuard rules', '', 'Generated by `mlguard rules --write-docs docs/rules` from the rules\' metadata; do not edit by hand.', '', '| ID | Name | Severity | Fix | Title |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

function explain(args: string[], io: CliIO, deps: MainDeps): number {
  const { values, positionals } = parse('explain', args, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, ['text', 'markdown'] as const, '--format', 'explain') ?? 'text';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'explain takes one rule ID or name' : 'missing rule ID or name (e.g. mlguard explain MLG001)', 'explain');
  const wanted = positionals[0];
  const rule = deps.rules ? deps.rules.find((r) => r.meta.id === wanted.toUpperCase() || r.meta.name === wanted.toLowerCase()) : ruleById(wanted) ?? ruleById(wanted.toLowerCase());
  if (!rule) throw new UsageError(`unknown rule '${wanted}' (list them with: mlguard rules)`, 'explain');
  io.stdout(format === 'markdown' ? ruleDocMarkdown(rule.meta) : ruleDocText(rule.meta));
  return 0;
}

async function dispatch(argv: string[], io: CliIO, deps: MainDeps): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr(MAIN_HELP);
      return 2;
    case '-h':
    case '--help':
    case 'help':
      if (command === 'help' && rest[0]) return dispatch([rest[0], '--help'], io, deps);
      io.stdout(MAIN_HELP);
      return 0;
    case '-V':
    case '--version':
      io.stdout(`mlguard ${VERSION}\n`);
      return 0;
    case 'audit':
      return audit(rest, io, deps);
    case 'rules':
      return rules(rest, io, deps);
    case 'explain':
      return explain(rest, io, deps);
    case 'verify':
      return (await import('./commands/verify')).run(rest);
    case 'report':
      return (await import('./commands/report')).run(rest);
    case 'server': {
      // The language server keeps the process alive until the client says exit.
      const code = (await import('../server/main')).runServer(rest, VERSION, io.stderr);
      return code ?? new Promise<number>(() => undefined);
    }
    default:
      if (command.startsWith('-')) throw new UsageError(`unknown option '${command}' (options go after the command, e.g. mlguard audit ${command})`);
      throw new UsageError(`unknown command '${command}'`);
  }
}

/** Runs the CLI; never throws. */
export async function main(argv: string[], io: CliIO = processIO(), deps: MainDeps = {}): Promise<number> {
  try {
    return await dispatch(argv, io, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      const help = e.command ? `mlguard ${e.command} --help` : 'mlguard --help';
      io.stderr(`mlguard: error: ${terminalSafe(maskText(e.message))}\nRun '${help}' for usage.\n`);
      return 2;
    }
    const first = String((e as Error)?.message ?? e).split('\n')[0];
    io.stderr(`mlguard: internal error: ${terminalSafe(maskText(first))}\nThis is a bug in MLGuard: please report it with the command you ran.\n`);
    if (io.env.MLGUARD_DEBUG) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
    return 2;
  }
}
