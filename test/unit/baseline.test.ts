// Baselines: adopt MLGuard on existing code and fail only on new findings.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBaseline } from '../../src/engine/baseline';
import { PASSWORD, project, runCli, TEST_RULES } from './cli-support';

const OLD = `password = "${PASSWORD}"\n`;
const NEW = `db_password = "${PASSWORD}-2"\n`;

describe('baseline', () => {
  let p: ReturnType<typeof project>;
  afterEach(() => p?.cleanup());

  it('--write-baseline records current findings without secrets; --baseline then passes', async () => {
    p = project({ 'a.py': OLD });
    const w = await runCli(['audit', '--write-baseline', 'mlguard-baseline.json'], p.dir, { rules: TEST_RULES });
    assert.equal(w.code, 0);
    assert.match(w.stderr, /wrote a baseline of 1 finding to mlguard-baseline\.json/);
    const text = readFileSync(join(p.dir, 'mlguard-baseline.json'), 'utf8');
    assert.ok(!text.includes(PASSWORD), 'no secret in the baseline file');
    assert.equal(parseBaseline(text).entries.length, 1);
    const before = await runCli(['audit'], p.dir, { rules: TEST_RULES });
    assert.equal(before.code, 1, 'without the baseline the finding fails the run');
    const r = await runCli(['audit', '--baseline', 'mlguard-baseline.json'], p.dir, { rules: TEST_RULES });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /1 finding suppressed with a reason/);
  });

  it('survives lines moving, fails on a new finding, and SARIF marks baselined results external', async () => {
    p = project({ 'a.py': OLD });
    await runCli(['audit', '--write-baseline', 'b.json'], p.dir, { rules: TEST_RULES });
    writeFileSync(join(p.dir, 'a.py'), `import os\n\n\n${OLD}${NEW}`);
    const r = await runCli(['audit', '--baseline', 'b.json', '--format', 'sarif'], p.dir, { rules: TEST_RULES });
    assert.equal(r.code, 1, 'the new secret fails the run');
    const results = JSON.parse(r.stdout).runs[0].results as { locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions?: { kind: string }[] }[];
    const byLine = new Map(results.map((x) => [x.locations[0].physicalLocation.region.startLine, x.suppressions?.[0]?.kind]));
    assert.equal(byLine.get(4), 'external', 'the moved old finding is baselined');
    assert.equal(byLine.get(5), undefined, 'the new finding is not suppressed');
  });

  it('--ignore-suppressions ignores the baseline; stale entries are reported', async () => {
    p = project({ 'a.py': OLD });
    await runCli(['audit', '--write-baseline', 'b.json'], p.dir, { rules: TEST_RULES });
    assert.equal((await runCli(['audit', '--baseline', 'b.json', '--ignore-suppressions'], p.dir, { rules: TEST_RULES })).code, 1);
    writeFileSync(join(p.dir, 'a.py'), 'x = 1\n');
    const r = await runCli(['audit', '--baseline', 'b.json'], p.dir, { rules: TEST_RULES });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /1 baseline entry matches no finding any more/);
  });

  it('a missing or broken baseline is a usage error (exit 2), never a stack trace', async () => {
    p = project({ 'a.py': OLD, 'bad.json': '{"version": 1, "entries": [{"path": 3}]}' });
    const missing = await runCli(['audit', '--baseline', 'nope.json'], p.dir, { rules: TEST_RULES });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read baseline nope\.json: ENOENT/);
    const bad = await runCli(['audit', '--baseline', 'bad.json'], p.dir, { rules: TEST_RULES });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /baseline bad\.json: entry 1 needs "path"/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
});
