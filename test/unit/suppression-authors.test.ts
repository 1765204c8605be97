// Who made a suppression: the author of the commit that introduced the pragma line (git blame on
// a real temporary repository), "uncommitted" for a pragma not committed yet, nothing outside a
// git work tree; shown in the compliance model, the sidebar's accepted-risk lists, `mlguard
// report` and the audit Markdown/SARIF/JSON reports.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as Sarif from 'sarif';
import { run as report } from '../../src/cli/commands/report';
import { ComplianceStore } from '../../src/compliance/store';
import { buildModel } from '../../src/compliance/model';
import { analyseWorkspace } from '../../src/compliance/workspace';
import { withSuppressionAuthors } from '../../src/compliance/suppression-authors';
import { analyzePython } from '../../src/engine';
import { renderChecklist, renderThreats } from '../../src/webview/render';
import { ready } from '../helpers/engine';
import { notebook, runCli } from './cli-support';

const APP = [
  'import pandas as pd',
  'import requests',
  'from sklearn.linear_model import LogisticRegression',
  '',
  'df = pd.read_csv("applicants.csv", usecols=["income", "gender", "approved"])',
  'X = df[["income", "gender"]]',
  '# mlguard: ignore[FAIR001] gender kept only to measure bias in this audit model',
  'model = LogisticRegression().fit(X, df["approved"])',
  'r = requests.get("https://x", verify=False)  # mlguard: ignore[TLS001] internal self-signed test host',
  '',
].join('\n');

describe('suppression authors from git blame', function () {
  this.timeout(120_000);
  let dir: string;
  const gitIn = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const commitAs = (name: string, msg: string): string => {
    gitIn('-c', `user.name=${name}`, '-c', `user.email=${name.toLowerCase()}@example.com`, 'commit', '-q', '-m', msg);
    return gitIn('rev-parse', 'HEAD').trim();
  };
  const suppressed = (src: string, path: string) => analyzePython(src, path).findings.filter((f) => f.suppression);

  before(() => ready);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlguard-blame-'));
    gitIn('init', '-q');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a committed pragma is attributed to the author of the commit that introduced it; a later edit by another is uncommitted', () => {
    writeFileSync(join(dir, 'app.py'), APP);
    gitIn('add', 'app.py');
    const alice = commitAs('Alice Example', 'model');
    // Bob changes the TLS pragma's line (not committed yet): only that one is "uncommitted".
    const edited = APP.replace('internal self-signed test host', 'internal self-signed staging host');
    writeFileSync(join(dir, 'app.py'), edited);
    const found = withSuppressionAuthors(dir, suppressed(edited, 'app.py'));
    const by = Object.fromEntries(found.map((f) => [f.ruleId, f.suppression?.by]));
    assert.deepEqual(by.FAIR001, { kind: 'commit', name: 'Alice Example', commit: alice.slice(0, 12), date: new Date().toISOString().slice(0, 10) });
    assert.deepEqual(by.TLS001, { kind: 'uncommitted' });
  });

  it('unsaved text is blamed as it is: a line inserted above moves the pragma, its author stays', () => {
    writeFileSync(join(dir, 'app.py'), APP);
    gitIn('add', 'app.py');
    commitAs('Alice Example', 'model');
    const buffer = `"""Credit model."""\n${APP}`;
    const found = withSuppressionAuthors(dir, suppressed(buffer, 'app.py'), { contents: new Map([[join(dir, 'app.py'), buffer]]) });
    assert.deepEqual(found.map((f) => f.suppression?.by?.kind), ['commit', 'commit']);
    // Without the buffer, the disk line at the moved position is not a pragma: nothing is claimed.
    const stale = withSuppressionAuthors(dir, suppressed(buffer, 'app.py'));
    assert.ok(stale.every((f) => !f.suppression?.by || f.suppression.by.kind === 'commit'), JSON.stringify(stale.map((f) => f.suppression)));
    assert.ok(stale.some((f) => !f.suppression?.by), 'a moved pragma is not attributed from the wrong disk line');
  });

  it('an untracked file is uncommitted; outside a git work tree nothing is claimed', () => {
    writeFileSync(join(dir, 'app.py'), APP);
    const found = withSuppressionAuthors(dir, suppressed(APP, 'app.py'));
    assert.deepEqual(found.map((f) => f.suppression?.by), [{ kind: 'uncommitted' }, { kind: 'uncommitted' }]);
    const outside = mkdtempSync(join(tmpdir(), 'mlguard-nogit-'));
    try {
      writeFileSync(join(outside, 'app.py'), APP);
      assert.ok(withSuppressionAuthors(outside, suppressed(APP, 'app.py')).every((f) => f.suppression && !f.suppression.by));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('the repository cannot make blame run its programs (fsmonitor, pager, textconv)', () => {
    const marker = join(dir, 'ran');
    writeFileSync(join(dir, 'evil.sh'), `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`, { mode: 0o755 });
    gitIn('config', 'core.fsmonitor', join(dir, 'evil.sh'));
    gitIn('config', 'core.pager', join(dir, 'evil.sh'));
    gitIn('config', 'diff.evil.textconv', join(dir, 'evil.sh'));
    writeFileSync(join(dir, '.gitattributes'), '*.py diff=evil\n');
    writeFileSync(join(dir, 'app.py'), APP);
    gitIn('-c', 'core.fsmonitor=false', 'add', 'app.py', '.gitattributes');
    commitAs('Alice Example', 'model');
    rmSync(marker, { force: true });
    const found = withSuppressionAuthors(dir, suppressed(APP, 'app.py'));
    assert.equal(found[0].suppression?.by?.kind, 'commit');
    assert.equal(existsSync(marker), false, 'git ran a program configured by the repository');
  });

  it('notebooks: the pragma is blamed on its .ipynb line', () => {
    writeFileSync(join(dir, 'eda.ipynb'), notebook([['markdown', '# EDA\n'], 'import requests\nr = requests.get("https://x", verify=False)  # mlguard: ignore[TLS001] internal test host\n']));
    gitIn('add', 'eda.ipynb');
    const bob = commitAs('Bob Example', 'notebook');
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'audit', '--format', 'json', 'eda.ipynb'], { cwd: dir, encoding: 'utf8' });
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; suppression?: { by?: unknown; cell?: number; line?: number } }[] };
    const tls = json.findings.find((f) => f.ruleId === 'TLS001');
    assert.deepEqual(tls?.suppression?.by, { kind: 'commit', name: 'Bob Example', commit: bob.slice(0, 12), date: new Date().toISOString().slice(0, 10) });
    assert.deepEqual([tls?.suppression?.cell, tls?.suppression?.line], [2, 2], 'the pragma line is named inside its cell');
  });

  it('audit SARIF (justification + author property) and Markdown (By column) name the author', async () => {
    writeFileSync(join(dir, 'app.py'), APP);
    gitIn('add', 'app.py');
    commitAs('Alice Example', 'model');
    const sarif = await runCli(['audit', '--format', 'sarif', 'app.py'], dir, { rules: null });
    const results = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0].results ?? [];
    const tls = results.find((x) => x.ruleId === 'TLS001');
    assert.equal(tls?.suppressions?.[0].justification, 'internal self-signed test host');
    assert.equal(tls?.suppressions?.[0].properties?.author, 'Alice Example');
    const md = await runCli(['audit', '--format', 'markdown', 'app.py'], dir, { rules: null });
    assert.match(md.stdout, /\| Location \| Rule \| Reason \| By \|/);
    assert.match(md.stdout, /\| internal self-signed test host \| Alice Example \([0-9a-f]{12}, \d{4}-\d\d-\d\d\) \|/);
  });

  it('compliance model, sidebar (Art. 9 evidence, accepted risk) and mlguard report show "accepted risk (reason, by whom)"', async () => {
    writeFileSync(join(dir, 'app.py'), APP);
    gitIn('add', 'app.py');
    commitAs('Alice Example', 'model');
    const analysis = await analyseWorkspace(dir);
    const model = buildModel(basename(dir), analysis.files, new ComplianceStore(dir).read());
    const fair = model.suppressions.find((s) => s.ruleId === 'FAIR001');
    assert.match(fair?.by ?? '', /^Alice Example \([0-9a-f]{12}, /);
    const art9 = model.evidence.find((e) => e.accepted.some((a) => a.ruleId === 'FAIR001'));
    assert.ok(art9 && !art9.passing, 'a suppressed protected attribute is not "passing"');
    assert.match(renderChecklist(model), /accepted risk: “gender kept only to measure bias in this audit model”, by Alice Example \(/);
    assert.match(renderThreats(model), /accepted risk: “[^”]+”, by Alice Example \(/);
    let md = '';
    assert.equal(await report(['--root', dir], (s) => void (md += s), () => undefined), 0);
    assert.match(md, /\| gender kept only to measure bias in this audit model \| Alice Example \([0-9a-f]{12}, [\d-]+\), # mlguard: ignore pragma \|/);
    let html = '';
    assert.equal(await report(['--root', dir, '--format', 'html'], (s) => void (html += s), () => undefined), 0);
    assert.match(html, /<td>gender kept only to measure bias in this audit model<\/td><td>Alice Example \(/);
  });
});
