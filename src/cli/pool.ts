// Parallel analysis with worker threads. The bundled CLI (dist/cli.js) is its own worker script:
// main.ts registers itself with setWorkerEntry() and, started as a worker, runs workerMain().
// Files are handed out one at a time (big files do not block a pre-assigned share); results are
// stored by index, so the report is identical to a sequential run. If a worker dies, the files it
// had not finished are analysed in the main thread.
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

/** The worker side: initialise the parser once, then analyse every file sent. */
export async function workerMain(): Promise<void> {
  await initParser();
  parentPort?.on('message', (job: Job) => {
    const outcome = analyseSafely(job.file, job.config, job.opts);
    parentPort?.postMessage({ index: job.index, outcome } satisfies Done);
  });
}

export async function analyseInWorkers(
  script: string,
  jobs: number,
  files: DiscoveredFile[],
  configs: MlguardConfig[],
  opts: FileOptions,
  record: (index: number, outcome: FileOutcome) => void,
): Promise<void> {
  const { rules: _rules, ...plain } = opts;
  let next = 0;
  const pending = new Set<number>();
  const orphaned: number[] = [];
  await Promise.all(
    Array.from({ length: jobs }, () => new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: WORKER_MARK });
      let current: number | undefined;
      const feed = (): void => {
        if (next >= files.length) {
          current = undefined;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        pending.add(current);
        worker.postMessage({ index: current, file: files[current], config: configs[current], opts: plain } satisfies Job);
      };
      worker.on('message', (done: Done) => {
        pending.delete(done.index);
        record(done.index, done.outcome);
        feed();
      });
      worker.on('error', () => {
        if (current !== undefined) orphaned.push(current);
        current = undefined;
        resolve();
      });
      worker.on('exit', () => resolve());
      feed();
    })),
  );
  // Files handed to a worker that died, and any never handed out: finish them here.
  const rest = new Set<number>([...orphaned, ...pending]);
  for (let i = next; i < files.length; i++) rest.add(i);
  if (rest.size) {
    await initParser();
    for (const i of [...rest].sort((a, b) => a - b)) record(i, analyseSafely(files[i], configs[i], opts));
  }
}
