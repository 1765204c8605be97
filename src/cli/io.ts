// What the CLI talks to: injected so tests can run main() in-process and capture everything.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A usage or configuration problem: one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help to point at ("audit"), or "" for the top level. */
    readonly command = '',
  ) {
    super(message);
  }
}

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colours on a TTY unless NO_COLOR is set (any non-empty value), or FORCE_COLOR asks for them. */
export function wantsColor(io: CliIO, isTTY: boolean): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return isTTY && io.env.TERM !== 'dumb';
}
