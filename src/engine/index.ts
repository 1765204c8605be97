// The engine's public surface, used by the CLI, the extension and the compliance model.
export * from './types';
export { initParser, isParserReady, parsePython } from './parser';
export type { SyntaxNode, Tree, Edit } from './parser';
export { analyzePython, isRuleEnabled, severityFor } from './analyze';
export type { AnalyzeOptions, AnalysisResult } from './analyze';
export { analyzeCells, readNotebookCells, blankMagics, NotebookFormatError } from './notebook';
export type { NotebookCell, NotebookAnalysis } from './notebook';
export { applyEdits, pickFixes, OverlappingEditsError } from './fixes';
export { fixSource } from './fix-file';
export type { FixResult } from './fix-file';
export { DEFAULT_CONFIG, mergeConfig, parseConfigTable, CONFIG_SCHEMA } from './config';
export type { MlguardConfig, ConfigProblem, SeveritySetting } from './config';
export { loadConfigFile, loadConfigFor, findConfigFile, parseConfigSource } from './config-file';
export type { LoadedConfig } from './config-file';
export { LineIndex } from './positions';
export { maskSecret, maskText } from './mask';
export { RULES, ruleById } from '../rules';

import { analyzePython, type AnalyzeOptions } from './analyze';
import type { MlguardConfig } from './config';
import type { Finding } from './types';

/** analyze(source, path, config) → findings (suppressed ones carry `suppression`). initParser() first. */
export function analyze(source: string, path: string, config?: MlguardConfig, options?: AnalyzeOptions): Finding[] {
  const result = analyzePython(source, path, config, options);
  result.tree.delete();
  return result.findings;
}
