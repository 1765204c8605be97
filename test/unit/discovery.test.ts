// File discovery: what is walked, what is skipped, in which order.
import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFiles } from '../../src/engine/discovery';
import { project, runCli } from './cli-support';

function paths(dir: string, args: string[] = ['.'], opts: Parameters<typeof discoverFiles>[1] = {}): string[] {
  return discoverFiles(args, { cwd: dir, ...opts }).files.map((f) => f.path);
}

describe('discovery', () => {
  let p: ReturnType<typeof project>;
  afterEach(() => p?.cleanup());

  it('keeps .py, .pyw and .ipynb in code-point order, depth first', () => {
    p = project({ 'b.py': '', 'a/z.py': '', 'a/b.ipynb': '{}', 'A.pyw': '', 'c.txt': '', 'd.pyc': '', 'e.pyi': '', 'a/sub/x.py': '' });
    assert.deepEqual(paths(p.dir), ['A.pyw', 'a/b.ipynb', 'a/sub/x.py', 'a/z.py', 'b.py']);
  });

  it('skips VCS, tool and cache folders, node_modules, site-packages, dist', () => {
    const files: Record<string, string> = { 'keep.py': '' };
    for (const d of ['.git', 'node_modules', '__pycache__', '.tox', '.mypy_cache', 'site-packages', 'dist', '.ipynb_checkpoints', '.venv', 'venv', '.nox']) files[`${d}/x.py`] = '';
    files['build/generated.py'] = ''; // not a default exclude (ruff neither): often real source
    p = project(files);
    assert.deepEqual(paths(p.dir), ['build/generated.py', 'keep.py']);
  });

  it('skips any folder that is a virtual or conda environment, whatever its name', () => {
    p = project({ 'myenv/pyvenv.cfg': 'home = /usr/bin\n', 'myenv/lib/python3.11/site.py': '', 'conda/conda-meta/history': '', 'conda/lib/x.py': '', 'env/app.py': '', 'ok.py': '' });
    assert.deepEqual(paths(p.dir), ['env/app.py', 'ok.py']);
  });

  it('honours nested .gitignore files, negations, and the repository root above the walked folder', () => {
    p = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n*.tmp.py\n',
      'proj/.gitignore': 'secret_*.py\n!secret_ok.py\n',
      'proj/main.py': '',
      'proj/secret_a.py': '',
      'proj/secret_ok.py': '',
      'proj/x.tmp.py': '',
      'proj/generated/g.py': '',
      'proj/deep/.gitignore': '/local.py\n',
      'proj/deep/local.py': '',
      'proj/deep/other.py': '',
    });
    assert.deepEqual(paths(p.dir, ['proj']), ['proj/deep/other.py', 'proj/main.py', 'proj/secret_ok.py']);
    // Walking a subfolder still applies the root .gitignore (inside a repository).
    assert.deepEqual(paths(join(p.dir, 'proj'), ['.']), ['deep/other.py', 'main.py', 'secret_ok.py']);
    assert.deepEqual(paths(p.dir, ['proj'], { respectGitignore: false }), [
      'proj/deep/local.py', 'proj/deep/other.py', 'proj/generated/g.py', 'proj/main.py', 'proj/secret_a.py', 'proj/secret_ok.py', 'proj/x.tmp.py',
    ]);
  });

  it('explicit paths are analysed even when ignored or excluded, unless forceExclude', () => {
    p = project({ '.gitignore': 'ignored.py\nnode_modules/\n', 'ignored.py': '', 'node_modules/pkg/x.py': '', 'other.txt': '' });
    const r = discoverFiles(['ignored.py', 'node_modules/pkg', 'other.txt'], { cwd: p.dir });
    assert.deepEqual(r.files.map((f) => [f.path, f.explicit]), [['ignored.py', true], ['node_modules/pkg/x.py', false]]);
    assert.deepEqual(r.skipped, [{ path: 'other.txt', reason: 'not a .py, .pyw or .ipynb file' }]);
    assert.deepEqual(discoverFiles(['ignored.py'], { cwd: p.dir, forceExclude: true }).files, []);
  });

  it('reports missing paths and de-duplicates overlapping ones', () => {
    p = project({ 'a/x.py': '' });
    const r = discoverFiles(['a', 'a/x.py', './a/../a', 'nope'], { cwd: p.dir });
    assert.deepEqual(r.files.map((f) => f.path), ['a/x.py']);
    assert.deepEqual(r.missing, ['nope']);
  });

  it('does not follow symlinked folders (no cycles) but reads symlinked files', () => {
    p = project({ 'real/x.py': '' });
    symlinkSync(join(p.dir, 'real'), join(p.dir, 'loop'));
    symlinkSync(join(p.dir, 'real/x.py'), join(p.dir, 'link.py'));
    mkdirSync(join(p.dir, 'real/sub'));
    symlinkSync(p.dir, join(p.dir, 'real/sub/up'));
    assert.deepEqual(paths(p.dir), ['link.py', 'real/x.py']);
  });

  it('applies the isExcluded callback to folders and files', () => {
    p = project({ 'data/x.py': '', 'src/a.py': '', 'src/a_test.py': '' });
    const seen: string[] = [];
    const files = paths(p.dir, ['.'], { isExcluded: (abs, isDir) => (seen.push(abs), (isDir && abs.endsWith('data')) || abs.endsWith('_test.py')) });
    assert.deepEqual(files, ['src/a.py']);
    assert.ok(seen.some((s) => s.endsWith('data')));
  });

  it('config exclude globs are relative to the config file folder (via the CLI)', async () => {
    p = project({
      'pyproject.toml': '[tool.mlguard]\nexclude = ["tests/fixtures/**", "*_generated.py", "scratch"]\n',
      'tests/fixtures/bad.py': '',
      'tests/test_a.py': '',
      'src/model_generated.py': '',
      'src/model.py': '',
      'scratch/tmp.py': '',
    });
    const r = await runCli(['audit', '--format', 'json'], p.dir);
    assert.deepEqual((JSON.parse(r.stdout) as { files: { analysed: string[] } }).files.analysed, ['src/model.py', 'tests/test_a.py']);
    // Explicitly named: analysed anyway, unless --force-exclude.
    const explicit = await runCli(['audit', '--format', 'json', 'src/model_generated.py'], p.dir);
    assert.deepEqual((JSON.parse(explicit.stdout) as { files: { analysed: string[] } }).files.analysed, ['src/model_generated.py']);
    const forced = await runCli(['audit', '--format', 'json', '--force-exclude', 'src/model_generated.py'], p.dir);
    assert.deepEqual((JSON.parse(forced.stdout) as { files: { analysed: string[] } }).files.analysed, []);
  });

  it('--no-gitignore (via the CLI) analyses ignored files too', async () => {
    p = project({ '.gitignore': 'gen/\n', 'gen/out.py': '', 'src/a.py': '' });
    const analysed = async (args: string[]) => (JSON.parse((await runCli(['audit', '--format', 'json', ...args], p.dir)).stdout) as { files: { analysed: string[] } }).files.analysed;
    assert.deepEqual(await analysed([]), ['src/a.py']);
    assert.deepEqual(await analysed(['--no-gitignore']), ['gen/out.py', 'src/a.py']);
  });

  it('an empty tree says so and exits 0', async () => {
    p = project({ 'README.md': '# hi\n' });
    writeFileSync(join(p.dir, 'notes.txt'), 'x');
    const r = await runCli(['audit'], p.dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no Python files or notebooks found/);
    assert.match(r.stdout, /No problems found \(0 files analysed\)/);
  });
});
