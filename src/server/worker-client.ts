// The main-loop side of the analysis worker. Edits, closes and jobs go through one ordered queue,
// so the worker's trees always see edits in the order of the texts analysed. Jobs are sent one at
// a time: a job still waiting in the queue can be cancelled (it never runs), a running one is
// finished and its result dropped by the caller. A worker that dies is replaced (its trees are
// gone: the next analysis parses from scratch).
import { Worker } from 'node:worker_threads';
import type { TreeEditData, WorkerJob, WorkerRequest, WorkerResponse, WorkerResults } from './worker-protocol';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

interface QueuedJob {
  kind: 'job';
  id: number;
  job: WorkerJob;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

type Queued = QueuedJob | { kind: 'message'; message: WorkerRequest };

export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private readonly queue: Queued[] = [];
  private running: QueuedJob | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly file: string,
    private readonly log: (message: string) => void,
    started?: Worker,
  ) {
    this.start(started);
  }

  private start(started?: Worker): void {
    const w = started ?? new Worker(this.file);
    this.worker = w;
    w.on('message', (m: WorkerResponse) => {
      const job = this.running;
      if (!job || job.id !== m.id) return;
      this.running = undefined;
      if (m.ok) job.resolve(m.result);
      else job.reject(new Error(m.error));
      this.pump();
    });
    const died = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const job = this.running;
      this.running = undefined;
      job?.reject(new Error(`analysis worker stopped: ${why}`));
      if (this.disposed) return;
      this.log(`analysis worker stopped (${why}); starting a new one`);
      this.start();
      this.pump();
    };
    w.on('error', (e) => died(e.message));
    w.on('exit', (code) => died(`exit code ${code}`));
  }

  private pump(): void {
    while (!this.running && this.worker && this.queue.length) {
      const next = this.queue.shift()!;
      if (next.kind === 'message') {
        this.worker.postMessage(next.message);
      } else {
        this.running = next;
        this.worker.postMessage({ type: 'job', id: next.id, job: next.job } satisfies WorkerRequest);
      }
    }
  }

  edit(uri: string, edits: TreeEditData[]): void {
    this.queue.push({ kind: 'message', message: { type: 'edit', uri, edits } });
    this.pump();
  }

  close(uri: string): void {
    this.queue.push({ kind: 'message', message: { type: 'close', uri } });
    this.pump();
  }

  /** Runs a job in the worker. Rejects with CancelledError when cancelled before it started. */
  run<K extends WorkerJob['type']>(job: Extract<WorkerJob, { type: K }>, token?: CancelSignal): Promise<WorkerResults[K]> {
    if (this.disposed) return Promise.reject(new Error('analysis worker disposed'));
    if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      const queued: QueuedJob = { kind: 'job', id: this.nextId++, job, resolve: resolve as (r: unknown) => void, reject };
      this.queue.push(queued);
      token?.onCancellationRequested(() => {
        const i = this.queue.indexOf(queued);
        if (i < 0) return; // already running: the caller drops the result
        this.queue.splice(i, 1);
        reject(new CancelledError());
      });
      this.pump();
    });
  }

  get alive(): boolean {
    return !this.disposed;
  }

  /** Jobs waiting (not counting the running one): for tests and logs. */
  get backlog(): number {
    return this.queue.filter((q) => q.kind === 'job').length;
  }

  dispose(): void {
    this.disposed = true;
    for (const q of this.queue) if (q.kind === 'job') q.reject(new CancelledError());
    this.queue.length = 0;
    this.running?.reject(new CancelledError());
    this.running = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
