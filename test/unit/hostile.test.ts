// Attack tests (issue 9): a hostile repository must not hang, exhaust, fool or escape MLGuard.
// Every test runs the built CLI (dist/cli.js) in a real temp folder with real FIFOs, device
// symlinks and planted symlinks, under a timeout: a hang fails the test instead of the suite.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic, WriteEscapeError, isInsideReal } from '../../src/engine/atomic-write';
import { excludeMatcher, globProblem } from '../../src/engine/glob';
import { readRegularFile } from '../../src/engine/read-file';
import { parseConfigSource } from '../../src/engine/config-file';
import { terminalSafe } from '../../src/engine/reports/text-escape';
import { ComplianceStore } from '../../src/compliance/store';
import { makeEntry, serializeEntry, type SignoffEntry } from '../../src/compliance/signoffs';

const CLI = process.env.MLGUARD_TEST_CLI ?? resolve(__dirname, '../../dist/cli.js');
const TIMEOUT = 30_000;

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: TIMEOUT, env: { ...process.env, NO_COLOR: '1', MLGUARD_DEBUG: '' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0, timedOut: r.error !== undefined && /ETIMEDOUT/.test(String(r.error)) };
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo failed: ${r.stderr}`);
}

describe('hostile repositories (issue 9)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlguard-hostile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('only regular files are read, bounded', () => {
    it('a .py FIFO and a .py -> /dev/zero are skipped with a note; audit finishes', () => {
      writeFileSync(join(dir, 'ok.py'), 'import requests\nrequests.get("https://x", verify=False)\n');
      mkfifo(join(dir, 'pipe.py'));
      symlinkSync('/dev/zero', join(dir, 'zero.py'));
      mkfifo(join(dir, 'nb.ipynb'));
      const r = run(['audit', '.'], dir);
      assert.equal(r.timedOut, false, 'audit hung');
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /pipe\.py: warning: cannot read \(not a regular file \(FIFO\)\), skipped/);
      assert.match(r.stderr, /zero\.py: warning: cannot read \(not a regular file \(character device\)\), skipped/);
      assert.match(r.stderr, /nb\.ipynb: warning: cannot read \(not a regular file \(FIFO\)\)/);
      assert.match(r.stdout, /ok\.py:2/);
    });

    it('mlguard.toml -> /dev/zero and a FIFO pyproject.toml are configuration errors, not a crash or a hang', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      symlinkSync('/dev/zero', join(dir, 'mlguard.toml'));
      let r = run(['audit', '.'], dir);
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /mlguard\.toml: cannot read: not a regular file \(character device\)/);
      rmSync(join(dir, 'mlguard.toml'));
      mkfifo(join(dir, 'pyproject.toml'));
      r = run(['audit', '.'], dir);
      assert.equal(r.timedOut, false, 'hung on a FIFO pyproject.toml');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pyproject\.toml: cannot read: not a regular file \(FIFO\)/);
      r = run(['report'], dir);
      assert.equal(r.timedOut, false, 'report hung on a FIFO pyproject.toml');
      assert.equal(r.code, 2);
    });

    it('a FIFO .gitignore does not hang the walk', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      mkfifo(join(dir, '.gitignore'));
      const r = run(['audit', '.'], dir);
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 0, r.stderr);
    });

    it('report and verify survive .mlguard files that are FIFOs or /dev/zero, and a .py -> /dev/zero', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      symlinkSync('/dev/zero', join(dir, 'model.py'));
      mkdirSync(join(dir, '.mlguard'));
      mkfifo(join(dir, '.mlguard', 'checklist.toml'));
      symlinkSync('/dev/zero', join(dir, '.mlguard', 'signoffs.jsonl'));
      let r = run(['verify'], dir);
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /checklist\.toml:1:1: cannot read \(not a regular file \(FIFO\)\)/);
      assert.match(r.stderr, /signoffs\.jsonl:1:1: cannot read \(is a symbolic link/);
      r = run(['report'], dir);
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /model\.py: not a regular file \(character device\)/);
    });

    it('readRegularFile reads at most limit + 1 bytes of a file that grows, and refuses devices by the descriptor', () => {
      const big = join(dir, 'big.py');
      writeFileSync(big, 'x'.repeat(5000));
      const r = readRegularFile(big, { limit: 1000 });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'TOO_LARGE');
      const z = readRegularFile('/dev/zero', { limit: 1000 });
      assert.equal(!z.ok && z.code, 'NOT_REGULAR');
      const ok = readRegularFile(big, { limit: 5000 });
      assert.equal(ok.ok && ok.bytes.length, 5000);
    });
  });

  describe('configuration is untrusted input', () => {
    it('a backtracking-bait exclude pattern on a long file name stays fast (linear matcher)', () => {
      const long = `${'a'.repeat(60)}.py`;
      writeFileSync(join(dir, long), 'x = 1\n');
      writeFileSync(join(dir, 'mlguard.toml'), 'exclude = ["*a*a*a*a*a*a*a*ab"]\n');
      const r = run(['audit', '.'], dir);
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 0, r.stderr);
      const match = excludeMatcher(['*a*a*a*a*a*a*a*ab', '**/*a*a*a*a*a*a*a*a*ab/**'])!;
      const name = 'a'.repeat(20_000);
      const t0 = process.hrtime.bigint();
      assert.equal(match(`${name}/${name}.py`), false);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      console.log(`      [glob] *a*a*a*a*a*a*a*ab on a 40,000-character path: ${ms.toFixed(1)} ms; CLI run ${r.ms} ms`);
      assert.ok(ms < 5000, `matcher took ${ms} ms`);
    });

    it('the linear matcher keeps the documented glob semantics', () => {
      const m = excludeMatcher(['vendor/**', '*.gen.py', '**/fixtures_*.py', '{a,b}.py', '[xy]z.py', '/top.py', 'build/'])!;
      for (const yes of ['vendor', 'vendor/x/y.py', 'src/m.gen.py', 'm.gen.py', 'deep/er/fixtures_1.py', 'fixtures_2.py', 'q/a.py', 'b.py', 'xz.py', 'top.py', 'build', 'p/build']) assert.equal(m(yes), true, yes);
      for (const no of ['vendorx/y.py', 'src/m.py', 'c.py', 'zz.py', 'sub/top.py', 'builds']) assert.equal(m(no), false, no);
      assert.match(globProblem('[abc')!, /unclosed/);
      assert.match(globProblem('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}')!, /alternatives/);
    });

    it('exclude = [""] is a configuration error with file and key', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.mlguard]\nexclude = [""]\n');
      const r = run(['audit', '.'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pyproject\.toml:5: "tool\.mlguard\.exclude" entry 1 \(""\) is empty/);
      assert.doesNotMatch(r.stderr, /internal error/);
    });

    it('unknown rule selectors in disable and severity are reported with the nearest rule', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      writeFileSync(join(dir, 'mlguard.toml'), 'disable = ["SEC01", "pii", "secret-literal-bound-to-secret-nme"]\n[severity]\nTSL001 = "error"\n');
      const r = run(['audit', '.'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /"disable" unknown rule "SEC01"; did you mean "SEC001"\?/);
      assert.match(r.stderr, /unknown rule "secret-literal-bound-to-secret-nme"; did you mean "secret-literal-bound-to-secret-name"\?/);
      assert.match(r.stderr, /"severity\.TSL001" unknown rule "TSL001"; did you mean "TLS001"\?/);
      assert.doesNotMatch(r.stderr, /"pii"/);
    });

    it('a broken [tool.mlguard header is a reported TOML error', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n[tool.mlguard\ndisable = ["SEC001"]\n');
      const r = run(['audit', '.'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pyproject\.toml:3:\d+: invalid TOML/);
      const parsed = parseConfigSource('[tool.mlguard\n', true);
      assert.equal(parsed.found, true);
    });

    it('mlguard report with an invalid config exits 2 with the problem', () => {
      writeFileSync(join(dir, 'a.py'), 'x = 1\n');
      writeFileSync(join(dir, 'mlguard.toml'), 'disable = ["NOPE999"]\n');
      const r = run(['report'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /mlguard\.toml:1: "disable" unknown rule "NOPE999"/);
      assert.equal(r.stdout, '');
    });
  });

  describe('terminal injection', () => {
    it('control characters of a flagged line are escaped in the text report', () => {
      writeFileSync(join(dir, 'a.py'), 'import requests\nrequests.get("https://x", verify=False)  # \x1b[2J\x1b]52;c;ZXZpbA==\x07 \u202egnp.exe \x9b31m\x7f\n');
      const r = run(['audit', '.'], dir);
      assert.equal(r.code, 1, r.stderr);
      // eslint-disable-next-line no-control-regex -- asserting their absence
      assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
      assert.match(r.stdout, /\\x1b\[2J\\x1b\]52;c;ZXZpbA==\\x07 \\u202egnp\.exe \\x9b31m\\x7f/);
      // the carets still sit under verify=False
      const lines = r.stdout.split('\n');
      const src = lines.findIndex((l) => /^2 \| /.test(l));
      assert.ok(src > 0, r.stdout);
      const caret = lines[src + 1].indexOf('^');
      assert.equal(lines[src].slice(caret, caret + 12), 'verify=False');
    });

    it('a newline and ESC in a file name do not split or inject a finding line', () => {
      const name = 'evil\nfake.py:1:1: SEC001 [error] forged\x1b[8m.py';
      writeFileSync(join(dir, name), 'import requests\nrequests.get("https://x", verify=False)\n');
      const r = run(['audit', '.', '--quiet'], dir);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1, r.stdout);
      assert.match(lines[0], /^evil\\nfake\.py:1:1: SEC001 \[error\] forged\\x1b\[8m\.py:2:\d+: TLS001/);
    });

    it('terminalSafe escapes C0, C1, DEL and bidi controls but keeps tabs', () => {
      assert.equal(terminalSafe('a\tb\x1b\x00\x7f\x85\u2066\u200f\n'), 'a\tb\\x1b\\x00\\x7f\\x85\\u2066\\u200f\\n');
    });
  });

  describe('writes that escape the tree', () => {
    it('--fix refuses to write through a symlinked .py that points outside the tree', () => {
      const outside = mkdtempSync(join(tmpdir(), 'mlguard-outside-'));
      try {
        const victim = join(outside, 'victim.py');
        const original = 'import requests\nrequests.get("https://x", verify=False)\nimport yaml\nyaml.load(open("c"))\n';
        writeFileSync(victim, original);
        const repo = join(dir, 'repo');
        mkdirSync(repo);
        symlinkSync(victim, join(repo, 'model.py'));
        const r = run(['audit', '--fix', '--unsafe-fixes', 'repo'], dir);
        assert.equal(readFileSync(victim, 'utf8'), original, 'the file outside the tree was changed');
        assert.match(r.stderr, /could not write fixes: refusing to write .*model\.py: it resolves to .*victim\.py, outside/);
        // A link inside the tree is still fixed.
        writeFileSync(join(repo, 'real.py'), original);
        rmSync(join(repo, 'model.py'));
        symlinkSync(join(repo, 'real.py'), join(repo, 'model.py'));
        run(['audit', '--fix', '--unsafe-fixes', 'repo/model.py'], dir);
        assert.notEqual(readFileSync(join(repo, 'real.py'), 'utf8'), original);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('the .mlguard store never writes through planted symlinks (file or folder)', () => {
      const outside = mkdtempSync(join(tmpdir(), 'mlguard-outside-'));
      try {
        const target = join(outside, 'authorized_keys');
        writeFileSync(target, 'precious\n');
        mkdirSync(join(dir, '.mlguard'));
        symlinkSync(target, join(dir, '.mlguard', 'checklist.toml'));
        const store = new ComplianceStore(dir);
        const snap = store.read();
        assert.match(snap.checklist.problems[0]?.message ?? '', /symbolic link/);
        const w = store.updateChecklistItem(snap, 'lawful-basis', { owner: 'x' }, { name: 't', now: () => new Date() });
        assert.equal(w.ok, false);
        assert.equal(readFileSync(target, 'utf8'), 'precious\n');
        // A symlinked .mlguard folder is refused outright.
        rmSync(join(dir, '.mlguard'), { recursive: true });
        symlinkSync(outside, join(dir, '.mlguard'));
        const w2 = store.updateChecklistItem(store.read(), 'lawful-basis', { owner: 'x' }, { name: 't', now: () => new Date() });
        assert.equal(w2.ok, false);
        assert.match(!w2.ok && 'invalid' in w2 ? w2.invalid : '', /\.mlguard is a symbolic link/);
        assert.equal(existsSync(join(outside, 'checklist.toml')), false);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('report files replace a planted symlink instead of writing through it; real-path containment', () => {
      const outside = mkdtempSync(join(tmpdir(), 'mlguard-outside-'));
      try {
        const bashrc = join(outside, '.bashrc');
        writeFileSync(bashrc, 'original\n');
        const report = join(dir, 'mlguard-compliance-report.md');
        symlinkSync(bashrc, report);
        writeFileAtomic(report, '# report\n', { within: dir, replaceLinks: true });
        assert.equal(readFileSync(bashrc, 'utf8'), 'original\n');
        assert.equal(readFileSync(report, 'utf8'), '# report\n');
        // Following links with containment: a link leaving the tree is refused.
        const link = join(dir, 'link.py');
        symlinkSync(bashrc, link);
        assert.throws(() => writeFileAtomic(link, 'x', { within: dir }), WriteEscapeError);
        assert.equal(readFileSync(bashrc, 'utf8'), 'original\n');
        // No folder is created through a symlinked parent either.
        symlinkSync(outside, join(dir, 'linked'));
        assert.throws(() => writeFileAtomic(join(dir, 'linked', 'deep', 'x.md'), 'x', { within: dir, createFolders: true }), WriteEscapeError);
        assert.equal(existsSync(join(outside, 'deep')), false);
        // Evidence links: containment is judged on real paths.
        symlinkSync(outside, join(dir, 'docs'));
        assert.equal(isInsideReal(join(dir, 'docs', '.bashrc'), dir), false);
        assert.equal(isInsideReal(join(dir, 'mlguard-compliance-report.md'), dir), true);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});

describe('concurrent writers of the .mlguard store (issue 9)', function () {
  this.timeout(240_000);
  it('two real processes each writing 200 checklist updates lose nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlguard-race-'));
    try {
      const writer = resolve(__dirname, 'support/store-writer.ts');
      const spawnWriter = (tag: string): Promise<{ oks: { id: string; note: string; signoff?: string }[]; failures: number }> =>
        new Promise((resolveP, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, tag, '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolveP(JSON.parse(out)) : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
        });
      const t0 = Date.now();
      const [a, b] = await Promise.all([spawnWriter('a'), spawnWriter('b')]);
      console.log(`      [store] 2 × 200 concurrent updates in ${Date.now() - t0} ms; ok ${a.oks.length} + ${b.oks.length}, refused ${a.failures} + ${b.failures}`);
      assert.equal(a.failures + b.failures, 0, 'a write was refused');
      const snap = new ComplianceStore(dir).read();
      assert.deepEqual(snap.checklist.problems, []);
      assert.deepEqual(snap.signoffs.problems, [], 'the sign-off chain is intact');
      // The last ok'd write of every item is what is on disk; every ok'd sign-off is in the log.
      const last = new Map<string, string>();
      for (const w of [...a.oks, ...b.oks]) last.set(w.id, w.note);
      for (const [id, note] of last) assert.equal(snap.checklist.doc?.item[id]?.note, note, `item ${id} lost its last write`);
      const logged = new Set(snap.signoffs.entries.map((e) => e.hash));
      const signed = [...a.oks, ...b.oks].filter((w) => w.signoff);
      assert.equal(signed.length, 200, 'each process signs 100 times');
      for (const w of signed) assert.ok(logged.has(w.signoff!), `sign-off for ${w.id} reported ok but not in the log`);
      assert.equal(snap.signoffs.entries.length, 200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sign-off log honesty: mlguard verify cross-checks git history (issue 9)', function () {
  this.timeout(120_000);
  let dir: string;
  const gitIn = (cwd: string, ...args: string[]): string => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const as = (name: string): void => {
    gitIn(dir, 'config', 'user.name', name);
    gitIn(dir, 'config', 'user.email', `${name.toLowerCase()}@example.com`);
  };
  const commitAll = (msg: string): void => {
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '-q', '-m', msg);
  };
  const signAs = (name: string, item: string): void => {
    const store = new ComplianceStore(dir);
    const r = store.updateChecklistItem(store.read(), item, { status: 'done', owner: name }, { name, now: () => new Date('2026-01-02T03:04:05Z') }, { reason: 'reviewed' });
    assert.equal(r.ok, true);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlguard-git-'));
    gitIn(dir, 'init', '-q');
    as('Alice');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a sign-off committed by its signer is vouched for', () => {
    signAs('Alice', 'lawful-basis');
    commitAll('sign');
    const r = run(['verify'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 sign-off\(s\), chain intact; 1 vouched for by their commit author in git/);
  });

  it('a rewritten log with recomputed hashes (chain intact) is caught: no commit by the signer introduced it', () => {
    signAs('Alice', 'lawful-basis');
    commitAll('sign');
    // Mallory rewrites the signer and reason, recomputes every hash, and fixes the checklist's reference.
    as('Mallory');
    const logPath = join(dir, '.mlguard', 'signoffs.jsonl');
    const entry = JSON.parse(readFileSync(logPath, 'utf8').trim()) as SignoffEntry;
    const forged = makeEntry(undefined, { at: entry.at, by: 'Alice', subject: entry.subject, status: entry.status, owner: entry.owner, reason: 'forged reason' });
    writeFileSync(logPath, serializeEntry(forged) + '\n');
    const checklist = join(dir, '.mlguard', 'checklist.toml');
    writeFileSync(checklist, readFileSync(checklist, 'utf8').replace(entry.hash, forged.hash));
    commitAll('tidy');
    assert.equal(run(['verify', '--no-git'], dir).code, 0, 'the hash chain alone cannot see it');
    const r = run(['verify'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /signoffs\.jsonl:1:1: sign-off #1 \(checklist:lawful-basis\) is signed by "Alice" but was introduced by commit [0-9a-f]{12} authored by "Mallory": no commit vouches for it/);
  });

  it('an appended forged sign-off is reported; an uncommitted one is a warning', () => {
    signAs('Alice', 'lawful-basis');
    commitAll('sign');
    signAs('Bob', 'dpia');
    let r = run(['verify'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: sign-off #2 not committed yet/);
    commitAll('Alice commits a sign-off in the name of Bob');
    r = run(['verify'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /sign-off #2 \(checklist:dpia\) is signed by "Bob" but was introduced by commit [0-9a-f]{12} authored by "Alice"/);
  });

  it('a commit whose signature does not verify is reported, and the repository cannot make git run its programs', () => {
    signAs('Alice', 'lawful-basis');
    commitAll('sign');
    // A hostile .git/config: every hook-like setting would leave a marker file if git ran it.
    const marker = join(dir, 'pwned');
    const evil = join(dir, 'evil.sh');
    writeFileSync(evil, `#!/bin/sh\ntouch ${marker}\nexit 0\n`, { mode: 0o755 });
    for (const [k, v] of [['core.fsmonitor', evil], ['core.pager', evil], ['gpg.program', evil], ['gpg.ssh.program', evil], ['diff.external', evil], ['core.hooksPath', dir]]) gitIn(dir, 'config', k, v);
    // Replace HEAD by the same commit carrying a bogus PGP signature.
    const raw = gitIn(dir, 'cat-file', 'commit', 'HEAD');
    const sig = 'gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEbogusbogusbogusbogusbogusbogusbogus=\n =AAAA\n -----END PGP SIGNATURE-----\n';
    const signed = raw.replace(/^(committer [^\n]*\n)/m, `$1${sig}`);
    const r0 = spawnSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: signed, encoding: 'utf8' });
    assert.equal(r0.status, 0, r0.stderr);
    gitIn(dir, 'update-ref', 'HEAD', r0.stdout.trim());
    const r = run(['verify'], dir);
    assert.equal(existsSync(marker), false, 'verify ran a program named by the repository config');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /sign-off #1 \(checklist:lawful-basis\): the signature of commit [0-9a-f]{12} that introduced it does not verify/);
  });

  it('in a shallow clone, sign-offs older than the history are reported as not cross-checked (not as forged)', () => {
    signAs('Alice', 'lawful-basis');
    commitAll('sign');
    as('Bob');
    writeFileSync(join(dir, 'b.py'), 'y = 2\n');
    commitAll('later work');
    const clone = mkdtempSync(join(tmpdir(), 'mlguard-shallow-'));
    try {
      const c = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, clone], { encoding: 'utf8' });
      assert.equal(c.status, 0, c.stderr);
      const r = run(['verify'], clone);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /sign-off #1 came from commits outside this shallow clone: not cross-checked/);
      assert.doesNotMatch(r.stderr, /no commit vouches/);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('outside a git repository verify says the history was not checked', () => {
    rmSync(join(dir, '.git'), { recursive: true });
    signAs('Alice', 'lawful-basis');
    const r = run(['verify'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /git history not checked \(not a git work tree\)/);
  });
});
