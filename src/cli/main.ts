// Entry point of dist/cli.js (see scripts/build.mjs), and the script of its analysis workers.
// Sets the exit code instead of calling process.exit so piped output is flushed completely.
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './cli';
import { setWorkerEntry, WORKER_MARK, workerMain } from './pool';

if (!isMainThread && workerData === WORKER_MARK) {
  void workerMain();
} else {
  setWorkerEntry(__filename);

  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `mlguard audit | head`: the reader went away; stop quietly.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });

  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mlguard: internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}\nThis is a bug in MLGuard: please report it.\n`);
      process.exitCode = 2;
    },
  );
}
