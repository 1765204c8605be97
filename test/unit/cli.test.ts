// The CLI in-process: every option of `mlguard audit`, the other commands, exit codes.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_KEY, notebook, PASSWORD, project, runCli } from './cli-support';
import { repositoryUrl, VERSION } from '../../src/cli/cli';

const ESC = String.fromCharCode(27);
const SECRET_PY = `import os\n\npassword = "${PASSWORD}"\nresp = requests.get("https://x", verify=False)\n`;

describe('cli: commands and usage', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version'], '.');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `mlguard ${VERSION}\n`);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  it('derives the repository URL for SARIF/Markdown links from package.json', () => {
    assert.equal(repositoryUrl({ repository: { type: 'git', url: 'git+https://github.com/acme/mlguard.git' } }), 'https://github.com/acme/mlguard');
    assert.equal(repositoryUrl({ repository: 'git@github.com:acme/mlguard.git' }), 'https://github.com/acme/mlguard');
    assert.equal(repositoryUrl({ homepage: 'https://mlguard.dev/#readme' }), 'https://mlguard.dev/');
    assert.equal(repositoryUrl({}), undefined);
  });

  it('--help / -h and each command help exit 0 on stdout', async () => {
    for (const args of [['--help'], ['-h'], ['audit', '--help'], ['rules', '-h'], ['explain', '--help'], ['help', 'audit']]) {
      const r = await runCli(args, '.');
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /Usage: mlguard/, args.join(' '));
    }
    assert.match((await runCli(['audit', '-h'], '.')).stdout, /--fail-on/);
  });

  it('no command prints usage and exits 2', async () => {
    const r = await runCli([], '.');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: mlguard <command>/);
  });

  it('unknown commands, flags and values give one error line + usage hint, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^mlguard: error: unknown command 'frobnicate'\nRun 'mlguard --help' for usage\.\n$/],
      [['audit', '--bogus'], /^mlguard: error: unknown option '--bogus' for 'mlguard audit'\nRun 'mlguard audit --help' for usage\.\n$/],
      [['audit', '--format', 'xml'], /invalid value 'xml' for --format: expected one of text, json, sarif, markdown/],
      [['audit', '--fail-on', 'sometimes'], /invalid value 'sometimes' for --fail-on/],
      [['audit', '--format'], /option '--format, -f <value>' argument missing|argument missing/],
      [['audit', '--max-file-size', 'big'], /--max-file-size/],
      [['audit', '--unsafe-fixes'], /--unsafe-fixes only makes sense with --fix/],
      [['rules', 'extra'], /unexpected argument 'extra'/],
      [['explain'], /missing rule ID/],
      [['explain', 'NOPE999'], /unknown rule 'NOPE999'/],
      [['--quiet'], /unknown option '--quiet'/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, '.');
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('rules lists id, name, severity, fix availability and title; --format json', async () => {
    const r = await runCli(['rules'], '.');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ID\s+NAME\s+SEVERITY\s+FIX\s+TITLE/);
    assert.match(r.stdout, /SEC999\s+test-hardcoded-secret\s+error\s+always\s+Test: hardcoded secret/);
    assert.match(r.stdout, /MLG001\s+suppression-without-reason\s+warning\s+none/);
    const j = JSON.parse((await runCli(['rules', '--format', 'json'], '.')).stdout) as { id: string; fix: string }[];
    assert.deepEqual(
      j.map((x) => x.id),
      ['MLG001', 'SEC999', 'TLS999'],
    );
  });

  it('the real registry is listed when no rules are injected', async () => {
    const r = await runCli(['rules'], '.', { rules: null });
    assert.match(r.stdout, /MLG001\s+suppression-without-reason/);
    assert.match(r.stdout, /MLG002\s+suppression-unknown-rule/);
  });

  it('rules --write-docs writes one Markdown page per rule and an index', async () => {
    const p = project({});
    try {
      const r = await runCli(['rules', '--write-docs', 'docs/rules'], p.dir);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /wrote 3 rule pages and README\.md to docs\/rules/);
      assert.match(readFileSync(join(p.dir, 'docs/rules/SEC999.md'), 'utf8'), /^# SEC999 test-hardcoded-secret\n[\s\S]*## Why is this bad/);
      assert.match(readFileSync(join(p.dir, 'docs/rules/README.md'), 'utf8'), /\| \[TLS999\]\(TLS999\.md\) \| `test-verify-false` \| warning \| always \|/);
    } finally {
      p.cleanup();
    }
  });

  it('explain by ID or name, text and markdown', async () => {
    const byId = await runCli(['explain', 'sec999'], '.');
    assert.equal(byId.code, 0);
    assert.match(byId.stdout, /^SEC999 test-hardcoded-secret: Test: hardcoded secret/);
    assert.match(byId.stdout, /What it does\n {2}Test rule/);
    assert.match(byId.stdout, /Use instead\n {4}password = os.environ/);
    assert.match(byId.stdout, /CWE: CWE-798/);
    const byName = await runCli(['explain', 'test-verify-false', '--format', 'markdown'], '.');
    assert.match(byName.stdout, /^# TLS999 test-verify-false\n/);
    assert.match(byName.stdout, /```python\nrequests.get\(url, verify=False\)\n```/);
  });

  it('verify and report dispatch to their command modules', async () => {
    // The placeholders (or the compliance helper's real commands) return a number; not a usage error.
    const r = await runCli(['verify', '--help'], '.');
    assert.equal(typeof r.code, 'number');
    assert.doesNotMatch(r.stderr, /unknown command/);
  });
});

describe('cli: audit', () => {
  let p: ReturnType<typeof project>;
  beforeEach(() => {
    p = project({
      'src/app.py': SECRET_PY,
      'src/clean.py': 'import os\n\npassword = os.environ["PASSWORD"]\n',
      'src/ok_suppressed.py': `api_key = "${AWS_KEY}"  # mlguard: ignore[SEC999] rotated test key for the fixture\n`,
      'nb/explore.ipynb': notebook([['markdown', '# EDA\n'], 'import pandas as pd\n', `token = "${AWS_KEY}"\nx = 1\n`]),
    });
  });
  afterEach(() => p.cleanup());

  it('text output: location, ID, severity, message, snippet with caret, fix hints, summary; exit 1', async () => {
    const r = await runCli(['audit'], p.dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^nb\/explore\.ipynb:cell 3:1:9: SEC999 \[error\] Hardcoded secret/m);
    assert.match(r.stdout, /^src\/app\.py:3:12: SEC999 \[error\] /m);
    assert.match(r.stdout, /^3 \| password = "Tr0u\*+\(25 chars\)"$/m, 'snippet is shown, masked');
    assert.match(r.stdout, /^ {2}\| {12}\^+$/m, 'caret under the literal');
    assert.match(r.stdout, /\[\*\] fixable with --fix: Read it from the environment/);
    assert.match(r.stdout, /\[unsafe fix available\] Set verify=True/);
    assert.match(r.stdout, /Found 3 problems \(2 errors, 1 warning\) in 2 files \(4 files analysed\)\./);
    assert.match(r.stdout, /By family: SEC 2, TLS 1/);
    assert.match(r.stdout, /1 finding suppressed with a reason/);
    assert.match(r.stdout, /\[\*\] 2 fixable with --fix \(1 more with --fix --unsafe-fixes\)/);
    assert.ok(!r.stdout.includes(ESC), 'no colours when not a TTY');
    assert.ok(r.stdout.indexOf('nb/explore.ipynb') < r.stdout.indexOf('src/app.py'), 'sorted by path');
  });

  it('colours on a TTY, not with NO_COLOR', async () => {
    assert.ok((await runCli(['audit'], p.dir, { tty: true })).stdout.includes(`${ESC}[31m`));
    assert.ok(!(await runCli(['audit'], p.dir, { tty: true, env: { NO_COLOR: '1' } })).stdout.includes(ESC));
  });

  it('--fail-on decides the exit code; default is warning', async () => {
    const warnOnly = project({ 'a.py': 'requests.get(u, verify=False)\n' });
    try {
      assert.equal((await runCli(['audit'], warnOnly.dir)).code, 1);
      assert.equal((await runCli(['audit', '--fail-on', 'error'], warnOnly.dir)).code, 0);
      assert.equal((await runCli(['audit', '--fail-on', 'note'], warnOnly.dir)).code, 1);
      assert.equal((await runCli(['audit', '--fail-on', 'never'], p.dir)).code, 0);
      // Last value wins, so `npm run audit` (which passes --fail-on never) can be overridden.
      assert.equal((await runCli(['audit', '--fail-on', 'never', '--fail-on', 'warning'], warnOnly.dir)).code, 1);
    } finally {
      warnOnly.cleanup();
    }
  });

  it('exit 0 and "No problems found" on a clean tree; suppressed findings do not fail', async () => {
    const r = await runCli(['audit', 'src/clean.py', 'src/ok_suppressed.py'], p.dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No problems found \(2 files analysed\)\./);
    assert.match(r.stdout, /1 finding suppressed/);
  });

  it('--ignore-suppressions reports suppressed findings and fails', async () => {
    const r = await runCli(['audit', 'src/ok_suppressed.py', '--ignore-suppressions'], p.dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /src\/ok_suppressed\.py:1:11: SEC999/);
    assert.match(r.stdout, /Suppression pragmas were ignored/);
  });

  it('--quiet prints only finding lines', async () => {
    const r = await runCli(['audit', '-q', 'src'], p.dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^src\/app\.py:\d+:\d+: (SEC|TLS)999 \[/);
    assert.equal(r.stderr, '');
  });

  it('--output writes the report to a file and prints nothing on stdout', async () => {
    const r = await runCli(['audit', '--format', 'json', '--output', 'out/../report.json'], p.dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrote json report to/);
    const j = JSON.parse(readFileSync(join(p.dir, 'report.json'), 'utf8')) as { version: number; findings: unknown[] };
    assert.equal(j.version, 1);
    assert.equal(j.findings.length, 4, '3 active + 1 suppressed');
  });

  it('--output to an unwritable place is a usage error', async () => {
    const r = await runCli(['audit', '--output', 'no/such/dir/r.txt'], p.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlguard: error: cannot write no\/such\/dir\/r\.txt: ENOENT/);
  });

  it('--format sarif and markdown go to stdout', async () => {
    const s = JSON.parse((await runCli(['audit', '-f', 'sarif'], p.dir)).stdout) as { version: string; runs: { results: { ruleId: string; fixes?: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(s.version, '2.1.0');
    const sec = s.runs[0].results.find((r) => r.ruleId === 'SEC999' && r.locations[0].physicalLocation.artifactLocation.uri === 'src/app.py');
    assert.equal(sec?.fixes?.length, 1, 'safe fixes are carried into SARIF by the CLI');
    assert.match((await runCli(['audit', '-f', 'markdown'], p.dir)).stdout, /^## MLGuard report/);
  });

  it('a missing path exits 2', async () => {
    const r = await runCli(['audit', 'src', 'missing.py'], p.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlguard: error: path not found: missing\.py\n/);
  });

  it('--fix applies safe fixes only, in place, and reports them; --unsafe-fixes adds the rest', async () => {
    const r = await runCli(['audit', '--fix', 'src/app.py'], p.dir);
    const fixed = readFileSync(join(p.dir, 'src/app.py'), 'utf8');
    assert.equal(fixed, 'import os\n\npassword = os.environ["PASSWORD"]\nresp = requests.get("https://x", verify=False)\n');
    assert.match(r.stdout, /Fixed 1 problem in 1 file:\n {2}src\/app\.py: 1 fix \(SEC999\)/);
    assert.equal(r.code, 1, 'the verify=False warning remains');
    const r2 = await runCli(['audit', '--fix', '--unsafe-fixes', 'src/app.py'], p.dir);
    assert.equal(r2.code, 0);
    assert.match(readFileSync(join(p.dir, 'src/app.py'), 'utf8'), /verify=True\)/);
    assert.match(r2.stdout, /Fixed 1 problem in 1 file/);
  });

  it('--fix keeps CRLF line endings and the BOM', async () => {
    const src = `\ufeffimport os\r\npassword = "${PASSWORD}"\r\nx = 1\r\n`;
    writeFileSync(join(p.dir, 'crlf.py'), src);
    const r = await runCli(['audit', '--fix', 'crlf.py'], p.dir);
    assert.equal(r.code, 0);
    const buf = readFileSync(join(p.dir, 'crlf.py'));
    assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(buf.toString('utf8'), '\ufeffimport os\r\npassword = os.environ["PASSWORD"]\r\nx = 1\r\n');
  });

  it('--fix rewrites notebook cells and keeps the JSON layout', async () => {
    const before = readFileSync(join(p.dir, 'nb/explore.ipynb'), 'utf8');
    const r = await runCli(['audit', '--fix', 'nb'], p.dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const after = readFileSync(join(p.dir, 'nb/explore.ipynb'), 'utf8');
    const expected = before.replace(`"token = \\"${AWS_KEY}\\"\\n"`, '"token = os.environ[\\"TOKEN\\"]\\n"');
    assert.notEqual(expected, before);
    assert.equal(after, expected);
    assert.match(r.stdout, /Fixed 1 problem in 1 file/);
  });

  it('--fix skips a notebook whose JSON layout cannot be reproduced, with a message', async () => {
    const weird = notebook([`token = "${AWS_KEY}"\n`]).replace('"nbformat": 4', '"nbformat":    4');
    writeFileSync(join(p.dir, 'nb/weird.ipynb'), weird);
    const r = await runCli(['audit', '--fix', 'nb/weird.ipynb'], p.dir);
    assert.equal(readFileSync(join(p.dir, 'nb/weird.ipynb'), 'utf8'), weird);
    assert.match(r.stderr, /nb\/weird\.ipynb: warning: fixes available but not applied: re-writing this notebook would change its JSON formatting/);
    assert.equal(r.code, 1);
  });

  it('--config uses the given file for every path; a missing one exits 2', async () => {
    writeFileSync(join(p.dir, 'strict.toml'), '[severity]\nTLS999 = "error"\nSEC999 = "off"\n');
    const r = await runCli(['audit', '--config', 'strict.toml', 'src/app.py'], p.dir);
    assert.match(r.stdout, /src\/app\.py:4:\d+: TLS999 \[error\]/);
    assert.doesNotMatch(r.stdout, /SEC999/);
    const missing = await runCli(['audit', '--config', 'nope.toml'], p.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /config file not found: nope\.toml/);
  });

  it('the nearest pyproject.toml [tool.mlguard] applies per folder (severity override, exclude)', async () => {
    writeFileSync(join(p.dir, 'src/pyproject.toml'), '[tool.mlguard]\nexclude = ["clean.py"]\n[tool.mlguard.severity]\nTLS999 = "note"\n');
    const r = await runCli(['audit', '--format', 'json'], p.dir);
    const j = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; path: string }[]; files: { analysed: string[] } };
    assert.equal(j.findings.find((f) => f.ruleId === 'TLS999')?.severity, 'note');
    assert.ok(!j.files.analysed.includes('src/clean.py'), 'excluded by the nested config');
    assert.ok(j.files.analysed.includes('src/app.py'));
  });

  it('--no-progress / progress: a progress line only on a TTY with more than 20 files', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 25; i++) many[`m${String(i).padStart(2, '0')}.py`] = 'x = 1\n';
    const q = project(many);
    try {
      assert.match((await runCli(['audit'], q.dir, { tty: true })).stderr, /Analysing \d+\/25 files…/);
      assert.doesNotMatch((await runCli(['audit', '--no-progress'], q.dir, { tty: true })).stderr, /Analysing/);
      assert.doesNotMatch((await runCli(['audit'], q.dir, { tty: false })).stderr, /Analysing/);
    } finally {
      q.cleanup();
    }
  });
});
