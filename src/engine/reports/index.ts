// Report formatters: pure functions of findings + rule metadata.
export * from './model';
export * from './summary';
export { formatText, findingLine, caretLine } from './text';
export type { TextOptions } from './text';
export { formatJson, buildJsonReport, JSON_REPORT_VERSION } from './json';
export type { JsonReport, JsonFinding } from './json';
export { formatSarif, buildSarif, pathToUri } from './sarif';
export { formatMarkdown, mdEscape, mdInline } from './markdown';
export { ruleDocText, ruleDocMarkdown, ruleTags, securitySeverity } from './rule-docs';
