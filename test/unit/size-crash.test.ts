// Crashes on size (issue 9, with issue 8's budgets): no input may end in a V8 trace or exit 134;
// the worst case is a clear "skipped" note. Real files, the built CLI (MLGUARD_TEST_CLI runs
// it against another build) and real worker threads running dist/cli.js.
//
// Before the fix (151ac49) the first test ends in "FATAL ERROR: ... JavaScript heap out of memory",
// a native stack and signal 6 (exit 134) after ~3-6 s: the audit held everything in one heap.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyseInWorkers } from '../../src/cli/pool';
import type { FileOutcome } from '../../src/cli/analyse-file';
import { DEFAULT_CONFIG } from '../../src/engine';

const BUILT = resolve(__dirname, '../../dist/cli.js');
const CLI = process.env.MLGUARD_TEST_CLI ?? BUILT;

/** 10,000 flagged calls (0.57 MB): each finding carries a snippet, a fix and a fingerprint. */
function manyFindings(n: number): string {
  const lines = ['import requests'];
  for (let i = 0; i < n; i++) lines.push(`requests.get("https://x.example.com/${i}", verify=False)`);
  return lines.join('\n') + '\n';
}

describe('size crashes: a V8 trace or exit 134 never ends an audit (issue 9)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlguard-size-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a file with 10,000 findings under a 96 MB main heap: no heap-out-of-memory abort, valid JSON', () => {
    writeFileSync(join(dir, 'many.py'), manyFindings(10_000));
    writeFileSync(join(dir, 'ok.py'), 'x = 1\n');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', CLI, 'audit', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 50_000, maxBuffer: 512 * 1024 * 1024 });
    console.log(`      [size] 10,000 findings, --max-old-space-size=96: exit ${r.status ?? r.signal} in ${Date.now() - t0} ms`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(-400)}`);
    assert.doesNotMatch(r.stderr, /FATAL ERROR|heap out of memory|v8::internal/);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(-400)}`);
    const report = JSON.parse(r.stdout) as { findings: unknown[]; files?: { skipped?: { path: string; reason: string }[] } };
    // Either analysed (10,000 findings) or skipped with a note: never a crash.
    const skipped = report.files?.skipped?.find((s) => s.path === 'many.py');
    if (skipped) assert.match(skipped.reason, /too large|too slow|skipped/);
    else assert.ok(report.findings.length >= 10_000, `${report.findings.length} findings`);
  });

  it('a file that exhausts the per-worker heap budget is skipped as "too large"; the others are reported', async function () {
    if (CLI !== BUILT) this.skip(); // uses this tree's pool with the built CLI as its worker script
    writeFileSync(join(dir, 'many.py'), manyFindings(10_000));
    writeFileSync(join(dir, 'ok.py'), 'import requests\nrequests.get("https://x", verify=False)\n');
    const files = ['many.py', 'ok.py'].map((path) => ({ absPath: join(dir, path), path, kind: 'python' as const, explicit: true, root: dir }));
    const outcomes: FileOutcome[] = [];
    const opts = { fix: false, unsafeFixes: false, ignoreSuppressions: false, maxFileBytes: 10 * 1024 * 1024 };
    // 48 MB: enough for a worker to start and analyse a small file, far too little for 10,000 findings.
    await analyseInWorkers(BUILT, 1, files, [DEFAULT_CONFIG, DEFAULT_CONFIG], opts, (i, o) => (outcomes[i] = o), { fileTimeoutMs: 40_000, workerHeapMb: 48 });
    assert.match(outcomes[0]?.skipped ?? '', /^too large: analysis needed more than the 48 MB per-worker memory budget, skipped$/);
    assert.equal(outcomes[1]?.skipped, undefined, outcomes[1]?.skipped);
    assert.equal(outcomes[1]?.findings.length, 1);
  });
});
