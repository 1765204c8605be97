// Entry point of dist/cli.js (see scripts/build.mjs). Sets the exit code instead of calling
// process.exit so piped output is flushed completely.
import { main } from './cli';

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
