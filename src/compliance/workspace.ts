// Analyses a workspace folder for the compliance model (CLI `mlguard report` and the sidebar):
// files found by the engine's discovery (same excludes and .gitignore as `mlguard audit`), each
// analysed once; findings plus the assets each file touches.
import { statSync } from 'node:fs';
import { readRegularFile } from '../engine/read-file';
import { relative, resolve } from 'node:path';
import { discoverFiles } from '../engine/discovery';
import { excludeMatcher } from '../engine/glob';
import { loadConfigFor } from '../engine/config-file';
import { initParser } from '../engine/parser';
import { analyzeCells, blankMagics, readNotebookCells, type NotebookCell } from '../engine/notebook';
import { parsePython } from '../engine/parser';
import { FileFacts } from '../engine/facts';
import { LineIndex } from '../engine/positions';
import { extractAssets, mergeAssets } from './assets';
import { analyseSource, type AnalysedFile } from './model';
import { personalColumns } from './columns';
import { filesWithSuppressionAuthors } from './suppression-authors';

export interface WorkspaceAnalysis {
  files: AnalysedFile[];
  skipped: { path: string; reason: string }[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Per-file results kept between runs (the sidebar re-analyses only files that changed). */
export type AnalysisCache = Map<string, { mtimeMs: number; size: number; configKey: string; file: AnalysedFile }>;

/**
 * `overrides`: text to analyse instead of the file on disk (absolute path → text), for editors
 * with unsaved changes, so that the compliance view shows what the diagnostics show;
 * `notebookOverrides`: the code cells of open notebooks, likewise.
 */
export async function analyseWorkspace(
  rootDir: string,
  options: { maxFileBytes?: number; cache?: AnalysisCache; overrides?: ReadonlyMap<string, string>; notebookOverrides?: ReadonlyMap<string, NotebookCell[]> } = {},
): Promise<WorkspaceAnalysis> {
  const root = resolve(rootDir);
  await initParser();
  const loaded = loadConfigFor(root);
  const config = loaded.config;
  const globs = config.exclude;
  const isMatch = excludeMatcher(globs);
  const found = discoverFiles([root], {
    cwd: root,
    isExcluded: isMatch ? (abs) => isMatch(relative(loaded.root, abs).split('\\').join('/')) : undefined,
  });
  const files: AnalysedFile[] = [];
  const skipped = [...found.skipped];
  const max = options.maxFileBytes ?? 5 * 1024 * 1024;
  const configKey = JSON.stringify(config);
  const seen = new Set<string>();
  /** Adds one file's analysis; a failure skips the file with its reason. Returns whether it was added. */
  const analyse = (path: string, run: () => AnalysedFile): boolean => {
    try {
      files.push(run());
      return true;
    } catch (e) {
      skipped.push({ path, reason: (e as Error).message });
      return false;
    }
  };
  const notebook = (path: string, cells: NotebookCell[]): AnalysedFile => {
    const result = analyzeCells(cells, path, config);
    return { path, findings: result.findings, assets: notebookAssets(path, cells, result.findings) };
  };
  for (const f of found.files) {
    seen.add(f.absPath);
    const cellsOverride = f.kind === 'notebook' ? options.notebookOverrides?.get(f.absPath) : undefined;
    if (cellsOverride) {
      // An open notebook: its cells as the editor has them (saved or not).
      analyse(f.path, () => notebook(f.path, cellsOverride));
      continue;
    }
    const override = f.kind === 'notebook' ? undefined : options.overrides?.get(f.absPath);
    if (override !== undefined) {
      analyse(f.path, () => analyseSource(override, f.path, config, personalColumns));
      continue;
    }
    let stat: { mtimeMs: number; size: number } | undefined;
    try {
      stat = statSync(f.absPath);
    } catch {
      stat = undefined;
    }
    const cached = options.cache?.get(f.absPath);
    if (cached && stat && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && cached.configKey === configKey) {
      files.push(cached.file);
      continue;
    }
    let text: string;
    try {
      const read = readRegularFile(f.absPath, { limit: max });
      if (!read.ok) {
        skipped.push({ path: f.path, reason: read.reason });
        continue;
      }
      text = utf8.decode(read.bytes).replace(/^\uFEFF/, '');
    } catch (e) {
      skipped.push({ path: f.path, reason: (e as Error).message });
      continue;
    }
    const added = analyse(f.path, () => (f.kind === 'notebook' ? notebook(f.path, readNotebookCells(text)) : analyseSource(text, f.path, config, personalColumns)));
    if (options.cache && stat && added) options.cache.set(f.absPath, { mtimeMs: stat.mtimeMs, size: stat.size, configKey, file: files[files.length - 1] });
  }
  if (options.cache) for (const k of [...options.cache.keys()]) if (!seen.has(k)) options.cache.delete(k);
  // Who made each suppression (git blame; unsaved editors' text is blamed as it is): not cached,
  // since a commit changes the answer without changing the file.
  return { files: filesWithSuppressionAuthors(root, files, { contents: options.overrides }), skipped };
}

/**
 * Assets of a notebook: its code cells parsed as one program (as analyzeCells does, magics
 * blanked), every reference mapped back to its cell and the line inside the cell.
 */
export function notebookAssets(path: string, cells: NotebookCell[], findings: AnalysedFile['findings']): AnalysedFile['assets'] {
  const starts: { index: number; line: number }[] = [];
  let virtual = '';
  for (const c of cells) {
    starts.push({ index: c.index, line: new LineIndex(virtual).lineCount });
    virtual += `${blankMagics(c.source)}\n`;
  }
  const tree = parsePython(virtual);
  try {
    const facts = new FileFacts(tree.rootNode);
    const lines = new LineIndex(virtual);
    const fromCode = extractAssets(path, facts, lines, [], { personalColumns: personalColumns(facts) });
    for (const a of fromCode)
      for (const r of a.refs) {
        let slot = starts[0];
        for (const s of starts) if (s.line <= r.line) slot = s;
        if (!slot) continue;
        r.line = r.line - slot.line + 1;
        r.cell = slot.index;
      }
    const fromFindings = extractAssets(path, { calls: [], assignments: [], strings: [] } as unknown as FileFacts, lines, findings);
    return mergeAssets([fromCode, fromFindings]);
  } finally {
    tree.delete();
  }
}
