// Parallel analysis with worker threads. The bundled CLI (dist/cli.js) is its own worker script:
// main.ts registers itself with setWorkerEntry() and, started as a worker, runs workerMain().
// Files are handed out one at a time (big files do not block a pre-assigned share); results are
// passed to `record` by index, so the report is identical to a sequential run.
//
// Budgets: each worker's JS heap is capped (resourceLimits) and each file has a time budget. A
// file that runs out of either ends its worker, is reported as skipped with the reason, and a
// fresh worker takes the remaining files: one hostile file never takes the audit down or holds
// memory for the rest of the run. Files of a worker that died otherwise are finished here.
import { parentPort, Worker } from 'node:worker_threads';
import { initParser, type MlguardConfig } from '../engine';
import type { DiscoveredFile } from '../engine/discovery';
import { analyseSafely, type FileOptions, type FileOutcome } from './analyse-file';

let entry: string | undefined;

/** Called by the CLI entry point with its own file name; without it analysis stays in-process. */
export function setWorkerEntry(file: string): void {
  entry = file;
}

export function workerEntry(): string | undefined {
  return entry;
}

export const WORKER_MARK = 'mlguard-analysis-worker';

/** Per-file limits enforced by the pool. */
export interface Budgets {
  /** Wall time one file may take, in milliseconds. */
  fileTimeoutMs: number;
  /** JS heap (old generation) of one worker, in megabytes. */
  workerHeapMb: number;
}

export const DEFAULT_BUDGETS: Budgets = { fileTimeoutMs: 60_000, workerHeapMb: 512 };

/**
 * Young generation of each worker. Analysis allocates many short-lived objects (tree-sitter
 * nodes, environments of the data-flow): with V8's default the scavenger ran often and promoted
 * much of it, ~14 % of a worker's time on the stdlib; 64 MB cut the audit's CPU by ~10 % for
 * ~40 MB more peak RSS. 128 MB saved another ~15 % of CPU (stdlib test/, one worker: 13.1 ->
 * 10.9 s) but the 10x corpus then peaked at 1.72x the 1x run's RSS (460 vs 267 MB; the bar is
 * 1.5x), so it stays 64. Not part of the heap budget (that caps the old generation).
 */
const YOUNG_GENERATION_MB = 64;

interface Job {
  index: number;
  file: DiscoveredFile;
  config: MlguardConfig;
  opts: Omit<FileOptions, 'rules'>;
}

interface Done {
  index: number;
  outcome: FileOutcome;
}

interface Ready {
  ready: true;
}

/** The worker side: initialise the parser once, then analyse every file sent. */
export async function workerMain(): Promise<void> {
  await initParser();
  parentPort?.on('message', (job: Job) => {
    const outcome = analyseSafely(job.file, job.config, job.opts);
    parentPort?.postMessage({ index: job.index, outcome } satisfies Done);
  });
  // The pool starts a file's time budget only once the worker can analyse (startup is not counted).
  parentPort?.postMessage({ ready: true } satisfies Ready);
}

function skipped(reason: string): FileOutcome {
  return { findings: [], diagnostics: [], skipped: reason };
}

export function tooSlowReason(budgets: Budgets): string {
  return `too slow: analysis took longer than the ${budgets.fileTimeoutMs / 1000} s per-file budget (raise it with --file-timeout), skipped`;
}

export function tooLargeReason(budgets: Budgets): string {
  return `too large: analysis needed more than the ${budgets.workerHeapMb} MB per-worker memory budget, skipped`;
}

export async function analyseInWorkers(
  script: string,
  jobs: number,
  files: DiscoveredFile[],
  configs: MlguardConfig[],
  opts: FileOptions,
  record: (index: number, outcome: FileOutcome) => void,
  budgets: Budgets = DEFAULT_BUDGETS,
): Promise<void> {
  const { rules: _rules, ...plain } = opts;
  let next = 0;
  const pending = new Set<number>();
  const orphaned: number[] = [];

  /** One lane: a worker analysing files until none are left; replaced when a budget ends it. */
  const lane = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: WORKER_MARK, resourceLimits: { maxOldGenerationSizeMb: budgets.workerHeapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (replacement?: Promise<void>): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (replacement) void replacement.then(resolve);
        else resolve();
      };
      // A file that ran out of a budget is reported; the lane goes on with a fresh worker.
      const giveUp = (reason: string): void => {
        if (current === undefined) return finish();
        pending.delete(current);
        record(current, skipped(reason));
        current = undefined;
        void worker.terminate();
        finish(next < files.length ? lane() : undefined);
      };
      const feed = (): void => {
        if (timer) clearTimeout(timer);
        if (next >= files.length) {
          current = undefined;
          void worker.terminate().then(() => finish());
          return;
        }
        current = next++;
        pending.add(current);
        worker.postMessage({ index: current, file: files[current], config: configs[current], opts: plain } satisfies Job);
        timer = setTimeout(() => giveUp(tooSlowReason(budgets)), budgets.fileTimeoutMs);
      };
      worker.on('message', (done: Done | Ready) => {
        if (settled) return; // a late answer from a worker already given up on
        if ('ready' in done) return feed();
        pending.delete(done.index);
        record(done.index, done.outcome);
        feed();
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (settled) return;
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return giveUp(tooLargeReason(budgets));
        if (current !== undefined) orphaned.push(current);
        current = undefined;
        finish();
      });
      worker.on('exit', () => finish());
    });

  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, files.length)) }, lane));
  // Files handed to a worker that died for another reason, and any never handed out: finish here.
  const rest = new Set<number>([...orphaned, ...pending]);
  for (let i = next; i < files.length; i++) rest.add(i);
  if (rest.size) {
    await initParser();
    for (const i of [...rest].sort((a, b) => a - b)) record(i, analyseSafely(files[i], configs[i], opts));
  }
}
