// The configuration of a document: the nearest mlguard.toml / pyproject.toml with [tool.mlguard]
// (read with the engine's loader), overlaid with the client's `mlguard` settings (asked with
// workspace/configuration when the client supports it, else taken from didChangeConfiguration or
// initializationOptions). Settings accept the nested form editors send ({ pii: { extraNames } })
// and the dotted form ("pii.extraNames").
import { dirname, relative, sep } from 'node:path';
import { DEFAULT_CONFIG, loadConfigFor, mergeConfig, type LoadedConfig, type MlguardConfig, type SeveritySetting } from '../engine';
import { excludeMatcher } from '../engine/glob';

export interface ClientSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  severityOverrides: Record<string, SeveritySetting>;
  extraNames: string[];
  auditFunctions: string[];
  exclude: string[];
}

export const DEFAULT_SETTINGS: ClientSettings = { enable: true, run: 'onType', severityOverrides: {}, extraNames: [], auditFunctions: [], exclude: [] };

const SEVERITIES = new Set(['error', 'warning', 'note', 'off']);

function pick(raw: Record<string, unknown>, dotted: string): unknown {
  if (dotted in raw) return raw[dotted];
  let cur: unknown = raw;
  for (const part of dotted.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Validates whatever the client sent; wrong types fall back to the defaults. */
export function parseSettings(raw: unknown): ClientSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const overrides: Record<string, SeveritySetting> = {};
  const o = pick(r, 'severityOverrides');
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && SEVERITIES.has(v)) overrides[k] = v as SeveritySetting;
  }
  return {
    enable: pick(r, 'enable') !== false,
    run: pick(r, 'run') === 'onSave' ? 'onSave' : 'onType',
    severityOverrides: overrides,
    extraNames: strings(pick(r, 'pii.extraNames')),
    auditFunctions: strings(pick(r, 'audit.functions')),
    exclude: strings(pick(r, 'exclude')),
  };
}

export interface Resolved {
  enabled: boolean;
  run: 'onType' | 'onSave';
  config: MlguardConfig;
  /** The config file, when one applies (problems are reported on it). */
  file: LoadedConfig;
  excluded: boolean;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function matches(root: string, path: string, globs: string[]): boolean {
  if (!globs.length) return false;
  const rel = toPosix(relative(root, path));
  if (rel === '' || rel.startsWith('..')) return false;
  // The engine's matcher, as `mlguard audit` uses it (a pattern without a slash matches a name at any depth).
  return excludeMatcher(globs)?.(rel) ?? false;
}

/** Config files per folder, cached until a config file changes. */
export class FileConfigs {
  private readonly byDir = new Map<string, LoadedConfig>();

  forFile(path: string): LoadedConfig {
    const dir = dirname(path);
    let c = this.byDir.get(dir);
    if (!c) {
      c = loadConfigFor(dir);
      this.byDir.set(dir, c);
    }
    return c;
  }

  clear(): void {
    this.byDir.clear();
  }
}

/** Settings layered over the file configuration, as the VS Code extension always did. */
export function resolveConfig(path: string | undefined, file: LoadedConfig | undefined, settings: ClientSettings, folder: string | undefined): Resolved {
  const loaded = file ?? { config: DEFAULT_CONFIG, root: '', problems: [] };
  const config = mergeConfig(loaded.config, {
    severity: settings.severityOverrides,
    pii: { extraNames: settings.extraNames, allow: [] },
    audit: { functions: settings.auditFunctions, sensitiveOperations: [], fixFunction: loaded.config.audit.fixFunction },
  });
  const excluded = path !== undefined && (matches(loaded.root, path, loaded.file ? loaded.config.exclude : []) || (folder !== undefined && matches(folder, path, settings.exclude)));
  return { enabled: settings.enable, run: settings.run, config, file: loaded, excluded };
}
