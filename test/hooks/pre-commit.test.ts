// The pre-commit contract on a real repository: pre-commit (Debian package) installs the hook from
// a clean clone of this repository at its HEAD (nodeenv with the system Node, npm install, npm
// pack, npm install -g, exactly as for any `language: node` hook), then runs it on staged files.
// Slow (it installs the package), so it runs in `npm run test:hooks`, not in the unit suite.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'WANDB_API_KEY = "wandb_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0"\n';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

describe('pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(15 * 60 * 1000);
  let tmp: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    const which = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(which.status, 0, 'pre-commit is a prerequisite (Debian: apt-get install pre-commit), see README');
    tmp = mkdtempSync(join(tmpdir(), 'mlguard-pre-commit-'));
    // A clean clone: only what is committed reaches users of the hook.
    const source = join(tmp, 'mlguard');
    git(tmp, 'clone', '--quiet', '--no-hardlinks', ROOT, source);
    const rev = git(source, 'rev-parse', 'HEAD').trim();
    repo = join(tmp, 'project');
    git(tmp, 'init', '--quiet', '-b', 'main', repo);
    git(repo, 'config', 'user.email', 'dev@example.com');
    git(repo, 'config', 'user.name', 'Dev');
    writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${source}\n    rev: ${rev}\n    hooks:\n      - id: mlguard\n`);
    writeFileSync(join(repo, 'clean.py'), 'import os\n\nTOKEN = os.environ["WANDB_API_KEY"]\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'initial');
    env = { ...process.env, PRE_COMMIT_HOME: join(tmp, 'cache'), NO_COLOR: '1' };
    delete env.npm_config_user_agent;
    const install = spawnSync('pre-commit', ['install-hooks'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(install.status, 0, `pre-commit install-hooks failed:\n${install.stdout}\n${install.stderr}`);
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('fails on a staged secret, checks only staged files, and passes once it is fixed; git commit runs it', () => {
    writeFileSync(join(repo, 'train.py'), `import requests\n\n${SECRET}`);
    writeFileSync(join(repo, 'scratch.py'), SECRET); // untracked, not staged: not checked
    git(repo, 'add', 'train.py');
    const bad = spawnSync('pre-commit', ['run'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /MLGuard compliance checks\.+Failed/);
    assert.match(bad.stdout, /train\.py:3:17: SEC001 \[error\]/);
    assert.doesNotMatch(bad.stdout, /scratch\.py/);
    assert.doesNotMatch(bad.stdout, /9f8e7d6c5b4a39281706f5e4d3c2b1a0/, 'the secret is masked');

    git(repo, 'reset', '--quiet', 'scratch.py');
    spawnSync('pre-commit', ['install'], { cwd: repo, env, encoding: 'utf8' });
    const refused = spawnSync('git', ['commit', '-m', 'add training'], { cwd: repo, env, encoding: 'utf8' });
    assert.notEqual(refused.status, 0, 'git commit is refused by the hook');

    writeFileSync(join(repo, 'train.py'), 'import os\n\nimport requests\n\nWANDB_API_KEY = os.environ["WANDB_API_KEY"]\n');
    git(repo, 'add', 'train.py');
    const good = spawnSync('pre-commit', ['run'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /MLGuard compliance checks\.+Passed/);
    const commit = spawnSync('git', ['commit', '-m', 'add training'], { cwd: repo, env, encoding: 'utf8' });
    assert.equal(commit.status, 0, commit.stdout + commit.stderr);
  });
});
