export { IncrementalAnalyzer } from './analyzer';
export type { IncrementalOptions, IncrementalResult, IncrementalStats } from './analyzer';
