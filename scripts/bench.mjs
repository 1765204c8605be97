// `npm run bench`: prints MLGuard's speed on this machine, from one run (prints, never asserts).
// Needs a build (`npm run build`). Sections:
//   1. the Python standard library of the machine's python3: parse-only floor (web-tree-sitter in
//      one process) vs `mlguard audit` vs each installed peer (Debian's `bandit`, ruff's WASM build
//      with its S rules): wall time, × floor, files/s, lines/s, peak RSS;
//   2. a generated ML corpus (pandas / sklearn / torch / MLflow scripts) at 1× and 10×;
//   3. per-file engine figures and cold start;
//   4. hostile sizes: a 9.9 MB file, a 16k-term string concatenation, 8,000 chained drops.
// BENCH_QUICK=1: CI-sized (no stdlib, no peers, small corpus and hostile sizes). BENCH_STDLIB=dir
// overrides the stdlib folder; BENCH_FILES the 1× corpus size (default 100); BENCH_CLI another
// build of the CLI (to compare with an older one); BENCH_NO_PEERS=1 skips bandit and ruff.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';
import { generateMlCorpus, hostileSources, pythonFile } from './bench-corpus.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = process.env.BENCH_CLI ?? join(root, 'dist', 'cli.js');
const QUICK = process.env.BENCH_QUICK === '1';
const FILES = Number(process.env.BENCH_FILES ?? (QUICK ? 20 : 100));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
function mb(kb) {
  return kb === undefined ? '?' : `${(kb / 1024).toFixed(0)} MB`;
}
function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

/** Runs a command, returns wall ms, peak RSS (kB, via /usr/bin/time when present), output. */
function measure(cmd, args, { input, timeoutS = 900 } = {}) {
  const full = TIME ? [TIME, ['-f', '\n@@rss %M', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', input, timeout: timeoutS * 1000, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const m = /@@rss (\d+)\s*$/.exec(r.stderr ?? '');
  return { ms, rssKb: m ? Number(m[1]) : undefined, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').replace(/\n@@rss \d+\s*$/, ''), error: r.error };
}

function audit(paths, extra = [], timeoutS) {
  const r = measure(process.execPath, [cli, 'audit', ...paths, '--format', 'json', '--fail-on', 'never', '--no-gitignore', '-q', ...extra], { timeoutS });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { ...r, report };
}

function pythonFilesUnder(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'site-packages' && e.name !== '__pycache__') walk(p);
      } else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function countLines(files) {
  let lines = 0;
  let bytes = 0;
  for (const f of files) {
    try {
      const t = readFileSync(f, 'utf8');
      bytes += Buffer.byteLength(t);
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) lines++;
    } catch {
      /* unreadable files count as nothing, for every tool */
    }
  }
  return { lines, bytes };
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r, i) => {
    const line = r.map((v, c) => String(v).padEnd(widths[c])).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

function stdlibSection() {
  let dir = process.env.BENCH_STDLIB;
  if (!dir) {
    const r = spawnSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
    dir = r.status === 0 ? r.stdout.trim() : undefined;
  }
  if (!dir || !existsSync(dir)) {
    console.log('\n## Python standard library: skipped (no python3 found; set BENCH_STDLIB=dir)');
    return;
  }
  const files = pythonFilesUnder(dir);
  const { lines, bytes } = countLines(files);
  console.log(`\n## Python standard library: ${dir} — ${files.length} files, ${lines.toLocaleString('en')} lines, ${(bytes / 1e6).toFixed(1)} MB`);
  const list = files.join('\n') + '\n';
  const rows = [['tool', 'wall', '× floor', 'files/s', 'lines/s', 'peak RSS', 'findings']];
  const row = (name, ms, rssKb, findings, floorMs) => [name, fmt(ms), floorMs ? (ms / floorMs).toFixed(2) : '1.00', (files.length / (ms / 1000)).toFixed(0), Math.round(lines / (ms / 1000)).toLocaleString('en'), mb(rssKb), findings];

  const floor = measure(process.execPath, [join(root, 'scripts', 'bench-floor.mjs')], { input: list });
  const floorMs = floor.status === 0 ? floor.ms : undefined;
  if (floorMs) rows.push(row('parse only (web-tree-sitter, 1 process: the floor)', floor.ms, floor.rssKb, '-', undefined));
  else console.log(`parse-only floor failed: ${floor.stderr.split('\n')[0]}`);

  // The audit is given the folder (discovery is part of its job) but excludes site-packages like the others.
  const jobs = Math.min(cpus().length, 4);
  const mine = audit([dir], [], 1800);
  if (mine.report) {
    rows.push(row(`mlguard audit (${jobs} workers)`, mine.ms, mine.rssKb, mine.report.summary.total, floorMs));
    const skipped = mine.report.files.skipped;
    if (skipped.length) console.log(`mlguard skipped ${skipped.length} file(s): ${skipped.slice(0, 5).map((s) => `${s.path.split('/').slice(-2).join('/')} (${s.reason.split(':')[0]})`).join(', ')}`);
  } else console.log(`mlguard audit failed (${mine.status ?? mine.signal}): ${mine.stderr.split('\n')[0]}`);

  const bandit = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  if (process.env.BENCH_NO_PEERS === '1') console.log('peers: skipped (BENCH_NO_PEERS=1)');
  else if (bandit.error) console.log('bandit: not installed, skipped (Debian: apt-get install bandit)');
  else {
    const version = (bandit.stdout || bandit.stderr).split('\n')[0];
    const out = join(tmpdir(), `mlguard-bench-bandit-${process.pid}.json`);
    const b = measure('bandit', ['-q', '-f', 'json', '-o', out, ...files], { timeoutS: 3600 });
    let findings = '?';
    try {
      findings = JSON.parse(readFileSync(out, 'utf8')).results.length;
      rmSync(out, { force: true });
    } catch {
      /* reported as ? */
    }
    rows.push(row(`${version} (Debian)`, b.ms, b.rssKb, findings, floorMs));
    if (mine.report) console.log(`mlguard vs bandit: ${(b.ms / mine.ms).toFixed(1)}× faster`);
  }

  const ruff = process.env.BENCH_NO_PEERS === '1' ? { status: -1 } : measure(process.execPath, [join(root, 'scripts', 'bench-ruff.mjs')], { input: list });
  if (ruff.status === -1) {
    /* skipped */
  } else if (ruff.status === 3) console.log('ruff-wasm: @astral-sh/ruff-wasm-nodejs not installed, skipped (npm install)');
  else if (ruff.status === 0) {
    const r = JSON.parse(ruff.stdout);
    rows.push(row('ruff 0.17.4 WASM, S rules (1 process)', ruff.ms, ruff.rssKb, r.findings, floorMs));
  } else console.log(`ruff-wasm failed: ${ruff.stderr.split('\n')[0]}`);
  console.log(table(rows));
  if (floorMs && mine.report) console.log(`mlguard audit / floor = ${(mine.ms / floorMs).toFixed(2)}× (target ≤ 2.0×)`);
}

function corpusSection(work) {
  const one = join(work, 'ml-1x');
  const ten = join(work, 'ml-10x');
  const small = generateMlCorpus(one, FILES, 0);
  const big = generateMlCorpus(ten, FILES * 10, 0);
  console.log(`\n## Generated ML corpus (pandas / sklearn / torch / MLflow / notebooks-as-scripts): 1× = ${small.files} files, ${small.lines.toLocaleString('en')} lines, ${(small.bytes / 1e6).toFixed(1)} MB`);
  const a = audit([one]);
  const b = audit([ten], [], 3600);
  const rows = [['corpus', 'wall', 'files/s', 'lines/s', 'peak RSS', 'findings']];
  rows.push(['1×', fmt(a.ms), (small.files / (a.ms / 1000)).toFixed(0), Math.round(small.lines / (a.ms / 1000)).toLocaleString('en'), mb(a.rssKb), a.report?.summary.total ?? '?']);
  rows.push(['10×', fmt(b.ms), (big.files / (b.ms / 1000)).toFixed(0), Math.round(big.lines / (b.ms / 1000)).toLocaleString('en'), mb(b.rssKb), b.report?.summary.total ?? '?']);
  console.log(table(rows));
  console.log(`10× vs 1×: time ${(b.ms / a.ms).toFixed(1)}× (${(b.ms / (10 * a.ms)).toFixed(2)} of linear; target ≤ 1.2), peak RSS ${a.rssKb && b.rssKb ? (b.rssKb / a.rssKb).toFixed(2) : '?'}× (target ≤ 1.5)`);
  const seq = audit([one], ['--jobs', '1']);
  console.log(`1× with --jobs 1: ${fmt(seq.ms)}, same findings as the default jobs: ${JSON.stringify(seq.report?.findings) === JSON.stringify(a.report?.findings) ? 'yes' : 'NO'}`);
}

async function engineSection() {
  register();
  const engine = createRequire(import.meta.url)('../src/engine/index.ts');
  let t = performance.now();
  await engine.initParser();
  console.log(`\n## Engine in-process\nparser init: ${fmt(performance.now() - t)}`);
  const texts = Array.from({ length: QUICK ? 10 : 40 }, (_, n) => pythonFile(1000, n));
  const perFile = [];
  const parseOnly = [];
  for (const text of texts) {
    t = performance.now();
    engine.parsePython(text).delete();
    parseOnly.push(performance.now() - t);
    t = performance.now();
    engine.analyzePython(text, 'bench.py').tree.delete();
    perFile.push(performance.now() - t);
  }
  perFile.sort((a, b) => a - b);
  parseOnly.sort((a, b) => a - b);
  console.log(`per 1,000-line file (${engine.RULES.length} rules): p50 ${fmt(quantile(perFile, 0.5))}, p95 ${fmt(quantile(perFile, 0.95))}; parse alone p50 ${fmt(quantile(parseOnly, 0.5))}`);
  // Where the time goes: each rule's check in a normal run (shared facts are charged to the first
  // rule that asks for them; the DataFrame facts usually to a PII rule).
  const perRule = new Map(engine.RULES.map((r) => [r.meta.id, 0]));
  const timed = engine.RULES.map((rule) => ({ ...rule, check(ctx) { const s = performance.now(); try { rule.check(ctx); } finally { perRule.set(rule.meta.id, perRule.get(rule.meta.id) + performance.now() - s); } } }));
  for (const text of texts) engine.analyzePython(text, 'bench.py', undefined, { rules: timed }).tree.delete();
  const slowest = [...perRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`most time inside: ${slowest.map(([id, ms]) => `${id} ${fmt(ms / texts.length)}`).join(', ')} (per file)`);
}

function coldStartSection(work) {
  const empty = join(work, 'empty.py');
  writeFileSync(empty, '');
  const version = [];
  const one = [];
  for (let k = 0; k < 5; k++) {
    version.push(measure(process.execPath, [cli, '--version']).ms);
    one.push(audit([empty]).ms);
  }
  version.sort((a, b) => a - b);
  one.sort((a, b) => a - b);
  console.log(`\n## Cold start (median of 5)\n--version ${fmt(quantile(version, 0.5))}; audit of one empty file ${fmt(quantile(one, 0.5))}`);
}

function hostileSection(work) {
  console.log('\n## Hostile sizes (CLI, default budgets: 60 s per file, 512 MB heap per worker)');
  const rows = [['input', 'size', 'wall', 'peak RSS', 'outcome']];
  for (const h of hostileSources(QUICK)) {
    const file = join(work, h.name);
    writeFileSync(file, h.text);
    const r = audit([file], [], 600);
    const skipped = r.report?.files.skipped[0]?.reason;
    const outcome = r.report ? (skipped ? `skipped: ${skipped.split(':')[0]}` : `analysed, ${r.report.summary.total} findings`) : `FAILED (${r.status ?? r.signal}) ${r.stderr.split('\n')[0]}`;
    rows.push([h.label, `${(statSync(file).size / 1e6).toFixed(2)} MB`, fmt(r.ms), mb(r.rssKb), outcome]);
  }
  console.log(table(rows));
}

if (!existsSync(cli)) {
  console.log('dist/cli.js not found: run `npm run build` first.');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'mlguard-bench-'));
try {
  console.log(`MLGuard bench${QUICK ? ' (quick)' : ''} — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'})${TIME ? '' : '; /usr/bin/time missing: no peak RSS'}`);
  if (!QUICK) stdlibSection();
  else console.log('\n## Python standard library: skipped in quick mode');
  corpusSection(work);
  await engineSection();
  // editor latency in the engine, with and without incremental analysis (its own process: a clean heap)
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-editor.mjs'), ...(QUICK ? ['--edits', '40'] : [])], { stdio: 'inherit' });
  coldStartSection(work);
  hostileSection(work);
  mkdirSync(join(work, 'done'), { recursive: true });
} finally {
  rmSync(work, { recursive: true, force: true });
}
