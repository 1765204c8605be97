// The real bundled CLI (dist/cli.js, built once here) in a child process: exit codes, stdout vs
// stderr, no stack traces, a closed pipe.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { project } from './cli-support';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = ROOT, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' }, timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: the built dist/cli.js', function () {
  this.timeout(120000);
  before(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });

  it('--version and exit 0', () => {
    const r = run(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^mlguard \d+\.\d+\.\d+\n$/);
  });

  it('audits the example: report on stdout, exit 1; --fail-on never exits 0', () => {
    const r = run(['audit', 'examples/', '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    assert.ok(log.runs[0].results.length >= 8);
    assert.equal(run(['audit', 'examples/', '--fail-on', 'never', '-q']).code, 0);
  });

  it('usage, path and config errors exit 2 with one line and no stack trace', () => {
    const p = project({ 'pyproject.toml': '[tool.mlguard]\nbogus = true\n', 'a.py': 'x = 1\n' });
    try {
      for (const [args, cwd, re] of [
        [['audit', '--wat'], ROOT, /^mlguard: error: unknown option '--wat' for 'mlguard audit'\nRun 'mlguard audit --help' for usage\.\n$/],
        [['audit', 'does/not/exist'], ROOT, /^mlguard: error: path not found: does\/not\/exist\n/],
        [['audit'], p.dir, /^mlguard: error: pyproject\.toml:2: unknown key "tool\.mlguard\.bogus"\n$/],
      ] as [string[], string, RegExp][]) {
        const r = run(args, cwd);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, re);
        assert.doesNotMatch(r.stderr, /\s+at .*\(/);
      }
    } finally {
      p.cleanup();
    }
  });

  it('--jobs 2 (worker threads) gives the same report as --jobs 1, and --fix works from workers', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 16; i++) {
      files[`pkg/m${String(i).padStart(2, '0')}.py`] = `import requests\nimport torch\n\n\ndef f${i}(p):\n    m = torch.load(p)\n    return requests.get(p, verify=False), m\n`;
    }
    files['pkg/broken.py'] = 'def f(:\n';
    files['pkg/blob.py'] = '\0\0';
    const p = project(files);
    try {
      const one = run(['audit', '-j', '1', '--format', 'json'], p.dir);
      const two = run(['audit', '-j', '2', '--format', 'json'], p.dir);
      assert.equal(one.code, 1);
      assert.equal(two.code, 1);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
      assert.ok((JSON.parse(one.stdout) as { findings: unknown[] }).findings.length >= 32);
      const fixed = run(['audit', '-j', '2', '--fix', '--unsafe-fixes', '--format', 'json'], p.dir);
      const report = JSON.parse(fixed.stdout) as { files: { fixed: { path: string }[] } };
      assert.equal(report.files.fixed.length, 16, fixed.stderr);
      assert.match(readFileSync(join(p.dir, 'pkg/m07.py'), 'utf8'), /verify=True/);
    } finally {
      p.cleanup();
    }
  });

  it("a closed pipe (mlguard audit --format sarif | head -1: 130 kB into a 64 kB pipe) ends quietly", () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" audit examples/ --format sarif | head -1`], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.stdout, '{\n');
    assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  });
});
