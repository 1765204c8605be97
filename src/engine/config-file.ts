// Finds and reads configuration files: [tool.mlguard] in the nearest pyproject.toml, or
// mlguard.toml. A broken file is reported with its path and position, never a crash.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { DEFAULT_CONFIG, parseConfigTable, type ConfigProblem, type MlguardConfig } from './config';
import { readRegularText, SMALL_FILE_LIMIT } from './read-file';
import type { RuleMeta } from './types';
// The rule registry, so `disable`/`severity` selectors can be checked against the known rules.
import '../rules';

export interface LoadedConfig {
  config: MlguardConfig;
  /** The file it came from; undefined when defaults are used. */
  file?: string;
  /** Folder that relative globs (exclude) are resolved against. */
  root: string;
  problems: (ConfigProblem & { file: string; line?: number; column?: number })[];
}

/** Reads one file. mlguard.toml holds the table at top level (or under [tool.mlguard]). */
export function loadConfigFile(file: string, rules?: readonly RuleMeta[]): LoadedConfig {
  const root = dirname(resolve(file));
  const read = readRegularText(file, { limit: SMALL_FILE_LIMIT });
  if (!read.ok) return { config: DEFAULT_CONFIG, file, root, problems: [{ file, key: '', message: `cannot read: ${read.reason}` }] };
  const text = read.text;
  const parsed = parseConfigSource(text, /pyproject\.toml$/i.test(file), rules);
  return { config: parsed.config, file, root, problems: parsed.problems.map((p) => ({ ...p, file })) };
}

/**
 * Parses the text of a pyproject.toml (the [tool.mlguard] table) or mlguard.toml (top level or
 * [tool.mlguard]). Pure: the CLI reads files with fs, the extension through workspace.fs.
 */
export function parseConfigSource(
  text: string,
  isPyproject: boolean,
  /** The rules `disable`/`severity` may name (default: the registry). */
  rules?: readonly RuleMeta[],
): { config: MlguardConfig; problems: (ConfigProblem & { line?: number; column?: number })[]; found: boolean } {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as TomlError;
    const first = String(err.message).split('\n')[0];
    return { config: DEFAULT_CONFIG, problems: [{ key: '', message: `invalid TOML: ${first}`, line: err.line, column: err.column }], found: true };
  }
  const tool = doc.tool && typeof doc.tool === 'object' ? (doc.tool as Record<string, unknown>) : undefined;
  let table: unknown = tool?.mlguard;
  let prefix = 'tool.mlguard';
  if (table === undefined && !isPyproject) {
    table = doc;
    prefix = '';
  }
  // A pyproject.toml without [tool.mlguard] is not an MLGuard configuration file.
  if (table === undefined) return { config: DEFAULT_CONFIG, problems: [], found: false };
  const { config, problems } = parseConfigTable(table, prefix, rules);
  return { config, problems: problems.map((p) => ({ ...p, key: p.key.replace(/^\./, ''), ...locateKey(text, p.key) })), found: true };
}

/** Best-effort line of a key in the TOML text, so messages point somewhere useful. */
function locateKey(text: string, key: string): { line?: number } {
  const last = key.split('.').filter(Boolean).pop();
  if (!last) return {};
  const lines = text.split(/\r?\n/);
  const re = new RegExp(`^\\s*(["']?)${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*=`);
  const idx = lines.findIndex((l) => re.test(l));
  return idx >= 0 ? { line: idx + 1 } : {};
}

/**
 * Whether a pyproject.toml means to configure MLGuard: any `[tool.mlguard…` header (even a broken
 * one, so its TOML error is reported instead of the table being silently ignored) or a
 * `tool.mlguard` dotted key.
 */
export function mentionsMlguardTable(text: string): boolean {
  return /^[ \t]*(\[+[ \t]*)?["']?tool["']?[ \t]*\.[ \t]*["']?mlguard\b/m.test(text);
}

function hasMlguardTable(pyproject: string): boolean {
  // An unreadable or special (FIFO, device) pyproject.toml still counts: loading it reports why.
  const read = readRegularText(pyproject, { limit: SMALL_FILE_LIMIT });
  return read.ok ? mentionsMlguardTable(read.text) : read.code !== 'ENOENT';
}

/** The nearest mlguard.toml, or pyproject.toml with a [tool.mlguard] table, from start upwards. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const own = join(dir, 'mlguard.toml');
    if (existsSync(own)) return own;
    const py = join(dir, 'pyproject.toml');
    if (existsSync(py) && hasMlguardTable(py)) return py;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfigFor(start: string): LoadedConfig {
  const file = findConfigFile(start);
  if (!file) return { config: DEFAULT_CONFIG, root: resolve(start), problems: [] };
  return loadConfigFile(file);
}
