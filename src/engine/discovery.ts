// Which files `mlguard audit PATH…` analyses. Directories are walked recursively in a
// deterministic (code-point sorted) order; .py, .pyw and .ipynb files are kept. Skipped while
// walking: version-control and tool folders (ruff's default excludes), virtual environments (any
// folder with pyvenv.cfg or conda-meta), paths ignored by .gitignore files (nested ones too, and
// the ones above the walked folder up to the repository root), and the config's `exclude` globs.
// Paths named explicitly are always analysed, like ruff, unless `forceExclude` is set.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularText, SMALL_FILE_LIMIT } from './read-file';

/** Folder names never walked into (ruff's default `exclude`, minus files, plus a few caches). */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = [
  '.bzr', '.direnv', '.eggs', '.git', '.git-rewrite', '.hg', '.ipynb_checkpoints', '.mypy_cache', '.nox', '.pants.d',
  '.pyenv', '.pytest_cache', '.pytype', '.ruff_cache', '.svn', '.tox', '.venv', '.vscode', '__pycache__', '__pypackages__',
  '_build', 'buck-out', 'dist', 'node_modules', 'site-packages', 'venv',
];

export type SourceKind = 'python' | 'notebook';

export interface DiscoveredFile {
  /** Absolute path. */
  absPath: string;
  /** Path relative to the working directory, with forward slashes (what reports show). */
  path: string;
  kind: SourceKind;
  /** Named on the command line (not found by walking a folder). */
  explicit: boolean;
  /** The folder named on the command line it was found in (an explicit file: its folder); --fix writes only inside it. */
  root: string;
}

export interface DiscoveryOptions {
  /** Base for relative display paths (default: process.cwd()). */
  cwd?: string;
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
  /** Config `exclude` decision for a path met while walking (true = excluded). */
  isExcluded?: (absPath: string, isDir: boolean) => boolean;
  /** Apply excludes and .gitignore to explicitly named paths too (ruff's --force-exclude). */
  forceExclude?: boolean;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  /** Explicitly named paths that do not exist. */
  missing: string[];
  /** Explicit paths that are not analysable, folders that cannot be read. */
  skipped: { path: string; reason: string }[];
}

const KINDS: Record<string, SourceKind> = { '.py': 'python', '.pyw': 'python', '.ipynb': 'notebook' };

export function sourceKind(path: string): SourceKind | undefined {
  return KINDS[extname(path).toLowerCase()];
}

export function displayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  const shown = rel === '' ? '.' : isAbsolute(rel) ? absPath : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

interface Layer {
  base: string;
  ig: Ignore;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readIgnoreFile(file: string): string | undefined {
  // Regular files only: a FIFO named .gitignore must not hang the walk.
  const read = readRegularText(file, { limit: SMALL_FILE_LIMIT });
  return read.ok ? read.text : undefined;
}

function layerFor(dir: string, file = join(dir, '.gitignore')): Layer | undefined {
  const text = readIgnoreFile(file);
  if (text === undefined) return undefined;
  return { base: dir, ig: ignore({ allowRelativePaths: true }).add(text) };
}

/** .gitignore layers from the repository root (folder with .git) down to dir, inclusive. */
function ancestorLayers(dir: string): Layer[] {
  const chain: string[] = [];
  let cur = dir;
  let gitRoot: string | undefined;
  for (;;) {
    chain.unshift(cur);
    if (existsSync(join(cur, '.git'))) {
      gitRoot = cur;
      break;
    }
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  // Outside a repository only the walked folder's own .gitignore applies (and nested ones).
  const dirs = gitRoot ? chain : [dir];
  const layers: Layer[] = [];
  if (gitRoot) {
    const info = layerFor(gitRoot, join(gitRoot, '.git', 'info', 'exclude'));
    if (info) layers.push(info);
  }
  for (const d of dirs) {
    const l = layerFor(d);
    if (l) layers.push(l);
  }
  return layers;
}

/** Git semantics: the deepest layer that has an opinion wins. */
function ignoredBy(layers: Layer[], absPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = toPosix(relative(layer.base, absPath));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const r = layer.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** A virtual environment or conda environment: never walked into, whatever its name. */
export function isEnvironmentDir(dir: string): boolean {
  return existsSync(join(dir, 'pyvenv.cfg')) || existsSync(join(dir, 'conda-meta'));
}

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}

export function discoverFiles(paths: readonly string[], options: DiscoveryOptions = {}): DiscoveryResult {
  const cwd = resolve(options.cwd ?? process.cwd());
  const respectGitignore = options.respectGitignore ?? true;
  const found = new Map<string, DiscoveredFile>();
  const missing: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const excluded = (abs: string, isDir: boolean, layers: Layer[]): boolean =>
    (respectGitignore && ignoredBy(layers, abs, isDir)) || (options.isExcluded?.(abs, isDir) ?? false);

  const add = (abs: string, kind: SourceKind, explicit: boolean, root: string): void => {
    if (!found.has(abs)) found.set(abs, { absPath: abs, path: displayPath(abs, cwd), kind, explicit, root });
  };

  const walk = (root: string, rootLayers: Layer[]): void => {
    const stack: { dir: string; layers: Layer[] }[] = [{ dir: root, layers: rootLayers }];
    while (stack.length) {
      const { dir, layers: parentLayers } = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({ path: displayPath(dir, cwd), reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      const own = dir === root ? undefined : respectGitignore ? layerFor(dir) : undefined;
      const layers = own ? [...parentLayers, own] : parentLayers;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const entry of entries) {
        const abs = join(dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          // Symlinked folders are not followed (no cycles, no escaping the tree); linked files are read.
          const target = isDirectory(abs);
          if (target !== false) continue;
          isDir = false;
          isFile = true;
        }
        if (isDir) {
          if (DEFAULT_EXCLUDED_DIRS.includes(entry.name) || isEnvironmentDir(abs) || excluded(abs, true, layers)) continue;
          subdirs.push(abs);
        } else if (isFile) {
          const kind = sourceKind(entry.name);
          if (kind && !excluded(abs, false, layers)) add(abs, kind, false, root);
        } else if (sourceKind(entry.name) && !excluded(abs, false, layers)) {
          // A FIFO, socket or device named like a source file: say so rather than skip it silently.
          const what = entry.isFIFO() ? 'FIFO' : entry.isSocket() ? 'socket' : 'device';
          skipped.push({ path: displayPath(abs, cwd), reason: `cannot read (not a regular file (${what})), skipped` });
        }
      }
      // Depth-first, in sorted order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], layers });
    }
  };

  for (const given of paths) {
    const abs = resolve(cwd, given);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      missing.push(given);
      continue;
    }
    const layers = respectGitignore ? ancestorLayers(stat.isDirectory() ? abs : dirname(abs)) : [];
    if (options.forceExclude && excluded(abs, stat.isDirectory(), layers)) continue;
    if (stat.isDirectory()) {
      walk(abs, layers);
    } else {
      const kind = sourceKind(abs);
      if (kind) add(abs, kind, true, dirname(abs));
      else skipped.push({ path: displayPath(abs, cwd), reason: 'not a .py, .pyw or .ipynb file' });
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, missing, skipped };
}
