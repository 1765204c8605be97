// Runs every parse and analysis of the language server off its main loop (a worker_threads
// Worker), so a large file never delays other requests (hover, cancellation, commands). The worker
// keeps one tree-sitter Tree per document: edits arrive in order as they happen and are applied
// with tree.edit(); an analysis reparses incrementally from that tree. Messages are processed in
// the order they were posted, so an analysis always sees the edits sent before it.
// Bundled on its own (dist/analysis-worker.js); no `vscode` import.
import { parentPort } from 'node:worker_threads';
import { Edit } from 'web-tree-sitter';
import { analyseSafely } from '../cli/analyse-file';
import { analyzeCells, analyzePython, fixSource, initParser, type AnalysisResult, type Tree } from '../engine';
import { IncrementalAnalyzer, type IncrementalStats } from '../engine/incremental';
import { warmUp } from './warm-up';
import { analyseWorkspace, type AnalysisCache } from '../compliance/workspace';
import { pragmaEdit } from './pragma';
import type { WorkerJob, WorkerRequest, WorkerResponse, WorkerResults } from './worker-protocol';

const trees = new Map<string, Tree>();
/**
 * Per open document: its slices' reports, so an edit re-analyses only what it can change
 * (src/engine/incremental/). MLGUARD_NO_INCREMENTAL=1 analyses the whole file every time.
 */
const incremental = process.env.MLGUARD_NO_INCREMENTAL === '1' ? undefined : new Map<string, IncrementalAnalyzer>();
/** Documents whose slices are still to be computed while the worker is idle. */
const toWarm = new Set<IncrementalAnalyzer>();
let warming: NodeJS.Immediate | undefined;

/** Computes missing slices a few milliseconds at a time; messages are handled in between. */
function warmStep(): void {
  warming = undefined;
  for (const a of toWarm) {
    if (a.warm(performance.now() + 8)) toWarm.delete(a);
    break;
  }
  if (toWarm.size) warming = setImmediate(warmStep);
}
/** Compliance results per unchanged file on disk, kept between sidebar refreshes. */
const workspaceCache: AnalysisCache = new Map();

function run(job: WorkerJob): WorkerResults[WorkerJob['type']] | Promise<WorkerResults['workspace']> {
  switch (job.type) {
    case 'analyze': {
      const old = trees.get(job.uri);
      const t0 = performance.now();
      try {
        let analyzer = incremental?.get(job.uri);
        if (incremental && !analyzer) incremental.set(job.uri, (analyzer = new IncrementalAnalyzer()));
        const r: AnalysisResult & { incremental?: IncrementalStats } = analyzer
          ? analyzer.analyze(job.text, job.path, job.config, { oldTree: old })
          : analyzePython(job.text, job.path, job.config, { oldTree: old });
        if (old !== r.tree) old?.delete(); // the incremental analysis may keep the edited tree unparsed
        trees.set(job.uri, r.tree);
        if (analyzer) {
          toWarm.add(analyzer);
          warming ??= setImmediate(warmStep);
        }
        return { findings: r.findings, internalErrors: r.internalErrors, tooDeep: r.tooDeep, syntaxErrors: r.syntaxErrors.length, engineMs: performance.now() - t0, incremental: old !== undefined, slices: r.incremental };
      } catch (e) {
        old?.delete();
        trees.delete(job.uri);
        incremental?.delete(job.uri);
        throw e;
      }
    }
    case 'cells': {
      const t0 = performance.now();
      const r = analyzeCells(job.cells, job.path, job.config);
      return { findings: r.findings, internalErrors: r.internalErrors, tooDeep: r.tooDeep, syntaxErrors: r.syntaxErrors.length, engineMs: performance.now() - t0, incremental: false };
    }
    case 'fix': {
      const r = fixSource(job.text, job.path, job.config, { unsafe: job.unsafe });
      return { output: r.output, fixed: r.applied.length };
    }
    case 'pragma':
      return { placement: pragmaEdit(job.text, job.line, job.codes, job.reason)?.edit };
    case 'file':
      return analyseSafely(job.file, job.config, { fix: false, unsafeFixes: false, ignoreSuppressions: false, maxFileBytes: job.maxFileBytes });
    case 'workspace':
      return analyseWorkspace(job.root, { cache: workspaceCache, overrides: new Map(job.texts), notebookOverrides: new Map(job.notebooks) });
  }
}

const port = parentPort;
if (port) {
  const ready = initParser().then(warmUp);
  port.on('message', async (m: WorkerRequest) => {
    await ready;
    if (m.type === 'edit') {
      const tree = trees.get(m.uri);
      if (!tree) return;
      try {
        for (const e of m.edits) tree.edit(new Edit(e));
      } catch {
        tree.delete();
        trees.delete(m.uri); // the next analysis parses from scratch
      }
      return;
    }
    if (m.type === 'close') {
      trees.get(m.uri)?.delete();
      trees.delete(m.uri);
      const analyzer = incremental?.get(m.uri);
      if (analyzer) toWarm.delete(analyzer);
      incremental?.delete(m.uri);
      return;
    }
    let reply: WorkerResponse;
    try {
      reply = { id: m.id, ok: true, result: await run(m.job) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}
