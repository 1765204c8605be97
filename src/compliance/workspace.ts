// Analyses a workspace folder for the compliance model (CLI `mlguard report` and the sidebar):
// files found by the engine's discovery (same excludes and .gitignore as `mlguard audit`), each
// analysed once; findings plus the assets each file touches.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverFiles } from '../engine/discovery';
import { loadConfigFor } from '../engine/config-file';
import { initParser } from '../engine/parser';
import { analyzeCells, readNotebookCells } from '../engine/notebook';
import { extractAssets } from './assets';
import { analyseSource, type AnalysedFile } from './model';
import { personalColumns } from './columns';
import picomatch from 'picomatch';

export interface WorkspaceAnalysis {
  files: AnalysedFile[];
  skipped: { path: string; reason: string }[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function analyseWorkspace(root: string, options: { maxFileBytes?: number } = {}): Promise<WorkspaceAnalysis> {
  await initParser();
  const loaded = loadConfigFor(root);
  const config = loaded.config;
  const globs = config.exclude;
  const isMatch = globs.length ? picomatch(globs, { dot: true }) : undefined;
  const found = discoverFiles([root], {
    cwd: root,
    isExcluded: isMatch ? (abs) => isMatch(relative(loaded.root, abs).split('\\').join('/')) : undefined,
  });
  const files: AnalysedFile[] = [];
  const skipped = [...found.skipped];
  const max = options.maxFileBytes ?? 5 * 1024 * 1024;
  for (const f of found.files) {
    let text: string;
    try {
      const buf = readFileSync(f.absPath);
      if (buf.length > max) {
        skipped.push({ path: f.path, reason: `larger than ${max} bytes` });
        continue;
      }
      text = utf8.decode(buf).replace(/^\uFEFF/, '');
    } catch (e) {
      skipped.push({ path: f.path, reason: (e as Error).message });
      continue;
    }
    try {
      if (f.kind === 'notebook') {
        const cells = readNotebookCells(text);
        const result = analyzeCells(cells, f.path, config);
        // Assets in notebooks come from the findings (cell positions); call-derived assets would
        // need per-cell facts, which analyzeCells does not expose.
        files.push({ path: f.path, findings: result.findings, assets: extractAssetsFromFindings(f.path, result.findings) });
      } else {
        files.push(analyseSource(text, f.path, config, personalColumns));
      }
    } catch (e) {
      skipped.push({ path: f.path, reason: (e as Error).message });
    }
  }
  return { files, skipped };
}

function extractAssetsFromFindings(path: string, findings: AnalysedFile['findings']): AnalysedFile['assets'] {
  const noCalls = { calls: [] } as unknown as Parameters<typeof extractAssets>[1];
  const lines = { position: () => ({ line: 1, column: 1 }) } as unknown as Parameters<typeof extractAssets>[2];
  return extractAssets(path, noCalls, lines, findings);
}
