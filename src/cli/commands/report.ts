// PLACEHOLDER written by the CLI helper so that `mlguard report` dispatches; the compliance helper
// owns this file and replaces it with the real command.
export async function run(args: string[]): Promise<number> {
  void args;
  process.stderr.write('mlguard: error: `mlguard report` is not available yet\n');
  return 2;
}
