// `npm run bench`: prints MLGuard's speed on this machine. Builds nothing (run `npm run build`
// first for the CLI figures); loads the engine from source through tsx for the per-file figures.
// Prints, never asserts. Set BENCH_FILES (default 200) and BENCH_BIG_TIMEOUT_S (default 180).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'cli.js');
const FILES = Number(process.env.BENCH_FILES ?? 200);
const BIG_TIMEOUT_S = Number(process.env.BENCH_BIG_TIMEOUT_S ?? 180);

// ~25 lines of realistic ML code per block: clean code, a few findings of each family.
function block(i) {
  return `
def load_${i}(path, run_id):
    df = pd.read_csv(path, usecols=["customer_id", "income", "tenure", "email", "churned"])
    df = df.drop(columns=["email"])
    features = ["income", "tenure", "plan_${i}"]
    X_train, X_test, y_train, y_test = train_test_split(df[features], df["churned"], test_size=0.2)
    model = GradientBoostingClassifier(n_estimators=${100 + (i % 50)})
    model.fit(X_train, y_train)
    mlflow.log_metric("auc_${i}", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
    return model


class Trainer${i}:
    def __init__(self, cfg):
        self.cfg = cfg
        self.token = os.environ.get("HF_TOKEN")

    def fetch(self, url):
        return requests.get(url, timeout=30${i % 7 === 0 ? ', verify=False' : ''})

    def restore(self, path):
        return torch.load(path${i % 5 === 0 ? '' : ', weights_only=True'})

    def summary(self, values):
        total = sum(v * 2 for v in values if v > ${i % 10})
        return {"n": len(values), "total": total}
`;
}

function header() {
  return 'import os\n\nimport mlflow\nimport pandas as pd\nimport requests\nimport torch\nfrom sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.metrics import roc_auc_score\nfrom sklearn.model_selection import train_test_split\n';
}

/** A file of about `lines` lines. */
function pythonFile(lines, seed) {
  let text = header();
  let i = seed * 1000;
  while (text.split('\n').length < lines) text += block(i++);
  return text;
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function runCli(args, timeoutS = 600) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 28 });
  return { ms: performance.now() - t0, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'mlguard-bench-'));
try {
  console.log(`MLGuard bench — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'})`);

  // Corpus: FILES files of ~1,000 lines.
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  let bytes = 0;
  const texts = [];
  for (let n = 0; n < FILES; n++) {
    const text = pythonFile(1000, n);
    texts.push(text);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(corpus, `module_${String(n).padStart(4, '0')}.py`), text);
  }
  console.log(`corpus: ${FILES} files × ~1,000 lines, ${(bytes / 1e6).toFixed(1)} MB`);

  // Per-file figures, in-process (engine from source via tsx).
  register();
  const engine = createRequire(import.meta.url)('../src/engine/index.ts');
  let t = performance.now();
  await engine.initParser();
  console.log(`parser init (in-process): ${fmt(performance.now() - t)}`);
  const perFile = [];
  const perRule = new Map(engine.RULES.map((r) => [r.meta.id, 0]));
  for (const text of texts) {
    t = performance.now();
    const res = engine.analyzePython(text, 'bench.py');
    perFile.push(performance.now() - t);
    res.tree.delete();
  }
  perFile.sort((a, b) => a - b);
  console.log(`per file of 1,000 lines (all ${engine.RULES.length} rules): p50 ${fmt(quantile(perFile, 0.5))}, p95 ${fmt(quantile(perFile, 0.95))}, max ${fmt(perFile[perFile.length - 1])}`);
  // Rule cost: time inside each rule's check during a normal run (facts shared between rules are
  // computed lazily, so they are charged to the first rule that asks for them).
  const sample = texts.slice(0, Math.min(20, texts.length));
  const timed = engine.RULES.map((rule) => ({
    meta: rule.meta,
    check(ctx) {
      const s = performance.now();
      try {
        rule.check(ctx);
      } finally {
        perRule.set(rule.meta.id, perRule.get(rule.meta.id) + performance.now() - s);
      }
    },
  }));
  t = performance.now();
  for (const text of sample) engine.analyzePython(text, 'bench.py', undefined, { rules: [] }).tree.delete();
  const base = (performance.now() - t) / sample.length;
  for (const text of sample) engine.analyzePython(text, 'bench.py', undefined, { rules: timed }).tree.delete();
  const slowest = [...perRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`  parse + runner: ${fmt(base)} per file; most time inside: ${slowest.map(([id, ms]) => `${id} ${fmt(ms / sample.length)}`).join(', ')} (per file)`);

  if (!existsSync(cli)) {
    console.log('dist/cli.js not found: run `npm run build` for the CLI figures.');
  } else {
    // Cold start: a fresh process, with and without loading the parser.
    const version = [];
    const empty = [];
    writeFileSync(join(work, 'empty.py'), '');
    for (let k = 0; k < 5; k++) {
      version.push(runCli(['--version']).ms);
      empty.push(runCli(['audit', join(work, 'empty.py'), '-q']).ms);
    }
    version.sort((a, b) => a - b);
    empty.sort((a, b) => a - b);
    console.log(`cold start (median of 5): --version ${fmt(quantile(version, 0.5))}; audit of one empty file ${fmt(quantile(empty, 0.5))}`);

    // Whole corpus through the CLI, in the main thread and with the default worker threads.
    for (const jobs of ['1', undefined]) {
      const whole = runCli(['audit', corpus, '--format', 'json', '--fail-on', 'never', ...(jobs ? ['--jobs', jobs] : [])]);
      const found = whole.status === 0 ? JSON.parse(whole.stdout).summary.total : '?';
      const label = jobs ? '--jobs 1' : `default jobs (${Math.min(cpus().length, 4)})`;
      console.log(`CLI on the corpus, ${label}: ${fmt(whole.ms)} → ${(FILES / (whole.ms / 1000)).toFixed(1)} files/s, ${(bytes / 1e6 / (whole.ms / 1000)).toFixed(2)} MB/s (${found} findings)`);
    }

    // One 5 MB file.
    let big = header();
    let i = 0;
    while (big.length < 5_000_000) big += block(i++);
    writeFileSync(join(work, 'big.py'), big);
    const bigRun = runCli(['audit', join(work, 'big.py'), '--format', 'json', '--fail-on', 'never'], BIG_TIMEOUT_S);
    if (bigRun.signal) console.log(`5 MB file (${big.split('\n').length} lines): did not finish within ${BIG_TIMEOUT_S} s (BENCH_BIG_TIMEOUT_S)`);
    else console.log(`5 MB file (${big.split('\n').length} lines): ${fmt(bigRun.ms)} (${((big.length / 1e6) / (bigRun.ms / 1000)).toFixed(2)} MB/s)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
