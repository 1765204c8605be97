// `mlguard audit --diff <ref>` / `--changed` on a real git repository (the built CLI, real git).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './server-client';

const SECRET = 'WANDB_API_KEY = "wandb_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0"\n';

describe('mlguard audit --diff / --changed', function () {
  this.timeout(60000);
  let repo: string;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const audit = (...args: string[]) => spawnSync(process.execPath, [CLI, 'audit', '--no-progress', '--fail-on', 'never', '--format', 'json', ...args], { cwd: repo, encoding: 'utf8' });
  const paths = (out: string): string[] => [...new Set((JSON.parse(out) as { findings: { path: string }[] }).findings.map((f) => f.path))].sort();

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'mlguard-diff-'));
    git('init', '--quiet', '-b', 'main');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    writeFileSync(join(repo, 'old.py'), SECRET);
    writeFileSync(join(repo, 'touched.py'), 'x = 1\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
    git('checkout', '--quiet', '-b', 'feature');
    writeFileSync(join(repo, 'committed.py'), SECRET);
    git('add', 'committed.py');
    git('commit', '--quiet', '-m', 'feature work');
    writeFileSync(join(repo, 'touched.py'), `x = 1\n${SECRET}`); // unstaged change
    writeFileSync(join(repo, 'new.py'), SECRET); // untracked
  });

  after(() => rmSync(repo, { recursive: true, force: true }));

  it('--diff main: committed, unstaged and untracked changes since the merge base, not the untouched file', () => {
    const r = audit('--diff', 'main');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(paths(r.stdout), ['committed.py', 'new.py', 'touched.py']);
  });

  it('--changed: only the working tree changes', () => {
    const r = audit('--changed');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(paths(r.stdout), ['new.py', 'touched.py']);
  });

  it('a ref that looks like an option or does not exist is a usage error (exit 2), never passed on as an option', () => {
    const opt = audit('--diff=--output=/tmp/x');
    assert.equal(opt.status, 2);
    assert.match(opt.stderr, /invalid git revision '--output=\/tmp\/x'/);
    const missing = audit('--diff', 'no-such-branch');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /unknown git revision 'no-such-branch'|git rev-parse failed/);
  });
});
