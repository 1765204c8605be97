// Resolves the MLGuard configuration of a document: the nearest mlguard.toml / pyproject.toml
// with [tool.mlguard] (read through workspace.fs, so virtual file systems work), merged with the
// `mlguard.*` settings. Broken files are reported (output channel + a diagnostic on the file at
// the right line) and analysis continues with the defaults.
import * as vscode from 'vscode';
import { DEFAULT_CONFIG, mergeConfig, parseConfigSource, type MlguardConfig, type SeveritySetting } from '../engine';
import { mentionsMlguardTable } from '../engine/config-file';
import { excludeMatcher } from '../engine/glob';
import { SMALL_FILE_LIMIT } from '../engine/read-file';
import { readWorkspaceFile } from './workspace-read';

export interface ConfigProblemAt {
  file: vscode.Uri;
  key: string;
  message: string;
  line?: number;
  column?: number;
}

export interface FileConfig {
  config: MlguardConfig;
  /** The config file, when one was found. */
  file?: vscode.Uri;
  /** Folder the file's exclude globs are relative to. */
  root?: vscode.Uri;
  problems: ConfigProblemAt[];
}

export interface ResolvedConfig {
  enabled: boolean;
  run: 'onType' | 'onSave';
  config: MlguardConfig;
  file?: vscode.Uri;
  /** Exclude globs with the folder they are relative to. */
  excludes: { root: vscode.Uri; globs: string[] }[];
}

const CONFIG_NAMES = ['mlguard.toml', 'pyproject.toml'];

function parentOf(uri: vscode.Uri): vscode.Uri | undefined {
  const parent = vscode.Uri.joinPath(uri, '..');
  return parent.path === uri.path ? undefined : parent;
}

/** Parses a config file's text (exported for tests); the parsing itself is the engine's. */
export function parseConfigText(text: string, file: vscode.Uri): FileConfig {
  const parsed = parseConfigSource(text, /pyproject\.toml$/i.test(file.path));
  if (!parsed.found) return { config: DEFAULT_CONFIG, problems: [] };
  return {
    config: parsed.config,
    file,
    root: parentOf(file),
    problems: parsed.problems.map((p) => ({ file, key: p.key, message: p.message, line: p.line, column: p.column })),
  };
}

export class ConfigService implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<FileConfig>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when a config file or an `mlguard.*` setting changed: re-analyse. */
  readonly onDidChange = this.emitter.event;
  private readonly problemDiagnostics = vscode.languages.createDiagnosticCollection('mlguard-config');
  private readonly reported = new Set<string>();

  constructor(private readonly output: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{pyproject.toml,mlguard.toml}');
    const changed = (uri: vscode.Uri): void => {
      this.output.info(`configuration file changed: ${uri.fsPath || uri.toString()}`);
      this.invalidate();
    };
    watcher.onDidChange(changed, null, this.disposables);
    watcher.onDidCreate(changed, null, this.disposables);
    watcher.onDidDelete(changed, null, this.disposables);
    this.disposables.push(
      watcher,
      this.problemDiagnostics,
      this.emitter,
      // Saving a config file from the editor (the watcher may lag behind or miss remote saves).
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (CONFIG_NAMES.some((n) => d.uri.path.endsWith('/' + n))) changed(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mlguard')) {
          this.output.info('settings changed: re-analysing');
          this.emitter.fire();
        }
      }),
    );
  }

  invalidate(): void {
    this.cache.clear();
    this.reported.clear();
    this.problemDiagnostics.clear();
    this.emitter.fire();
  }

  /** The file configuration that applies to a document (nearest config file upwards). */
  fileConfigFor(uri: vscode.Uri): Promise<FileConfig> {
    // Untitled documents have no folder: defaults (plus settings).
    if (uri.scheme === 'untitled' || !uri.path.startsWith('/')) return Promise.resolve({ config: DEFAULT_CONFIG, problems: [] });
    const dir = parentOf(uri);
    if (!dir) return Promise.resolve({ config: DEFAULT_CONFIG, problems: [] });
    return this.fileConfigIn(dir, vscode.workspace.getWorkspaceFolder(uri));
  }

  private fileConfigIn(dir: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): Promise<FileConfig> {
    const key = dir.toString();
    let p = this.cache.get(key);
    if (!p) {
      p = this.lookup(dir, folder);
      this.cache.set(key, p);
    }
    return p;
  }

  private async lookup(dir: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): Promise<FileConfig> {
    for (const name of CONFIG_NAMES) {
      const file = vscode.Uri.joinPath(dir, name);
      const read = await readWorkspaceFile(file, SMALL_FILE_LIMIT);
      if (!read.ok) {
        if (read.missing) continue;
        // A FIFO, device or huge file named like a config: say so, use the defaults.
        const loaded: FileConfig = { config: DEFAULT_CONFIG, file, root: parentOf(file), problems: [{ file, key: '', message: `cannot read: ${read.reason}` }] };
        this.report(loaded);
        return loaded;
      }
      const text = new TextDecoder().decode(read.bytes);
      if (name === 'pyproject.toml' && !mentionsMlguardTable(text)) continue;
      const loaded = parseConfigText(text, file);
      this.report(loaded);
      return loaded;
    }
    // Stop at the workspace folder (or the file system root for files outside any folder).
    const atTop = folder ? dir.toString() === folder.uri.toString() : false;
    const parent = parentOf(dir);
    if (atTop || !parent || (folder && !parent.path.startsWith(folder.uri.path))) return { config: DEFAULT_CONFIG, problems: [] };
    return this.fileConfigIn(parent, folder);
  }

  private report(loaded: FileConfig): void {
    if (!loaded.file || loaded.problems.length === 0) return;
    const key = loaded.file.toString();
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const diagnostics: vscode.Diagnostic[] = [];
    for (const p of loaded.problems) {
      const where = `${vscode.workspace.asRelativePath(p.file)}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`;
      this.output.warn(`${where}: ${p.key ? `${p.key}: ` : ''}${p.message} (MLGuard uses the default configuration for files under this config)`);
      const line = Math.max(0, (p.line ?? 1) - 1);
      const col = Math.max(0, (p.column ?? 1) - 1);
      const d = new vscode.Diagnostic(
        new vscode.Range(line, col, line, Number.MAX_SAFE_INTEGER),
        `MLGuard configuration: ${p.key ? `${p.key}: ` : ''}${p.message}. Analysis continues with the default configuration.`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'MLGuard';
      diagnostics.push(d);
    }
    this.problemDiagnostics.set(loaded.file, diagnostics);
  }

  /** Settings layered over the file configuration. */
  async resolve(uri: vscode.Uri): Promise<ResolvedConfig> {
    const settings = vscode.workspace.getConfiguration('mlguard', uri);
    const fileConfig = await this.fileConfigFor(uri);
    const overrides = settings.get<Record<string, SeveritySetting>>('severityOverrides', {});
    const config = mergeConfig(fileConfig.config, {
      severity: overrides,
      pii: { extraNames: settings.get<string[]>('pii.extraNames', []), allow: [] },
      audit: {
        functions: settings.get<string[]>('audit.functions', []),
        sensitiveOperations: [],
        fixFunction: fileConfig.config.audit.fixFunction,
      },
    });
    const excludes: { root: vscode.Uri; globs: string[] }[] = [];
    if (fileConfig.root && fileConfig.config.exclude.length) excludes.push({ root: fileConfig.root, globs: fileConfig.config.exclude });
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const settingExcludes = settings.get<string[]>('exclude', []);
    if (folder && settingExcludes.length) excludes.push({ root: folder.uri, globs: settingExcludes });
    return {
      enabled: settings.get<boolean>('enable', true),
      run: settings.get<string>('run', 'onType') === 'onSave' ? 'onSave' : 'onType',
      config,
      file: fileConfig.file,
      excludes,
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether a document is excluded by the config's or the settings' globs. */
export function isExcluded(uri: vscode.Uri, excludes: ResolvedConfig['excludes']): boolean {
  for (const { root, globs } of excludes) {
    const base = root.path.endsWith('/') ? root.path : root.path + '/';
    if (!uri.path.startsWith(base)) continue;
    const rel = uri.path.slice(base.length);
    if (excludeMatcher(globs)?.(rel)) return true;
  }
  return false;
}
