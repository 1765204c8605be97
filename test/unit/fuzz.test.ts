// Property-based fuzzing (fast-check) of the engine and the CLI with generated and mutated Python
// and notebooks: token soup, truncation, deep nesting, long lines, NUL, invalid UTF-8, UTF-16,
// mixed line endings, huge literals, unicode identifiers, broken notebook JSON. Properties: no
// exception escapes; every finding range lies inside the document; the fixes picked never
// overlap; fixing never makes a parsable file unparsable; time per MB is bounded.
// `npm run test:unit` runs a bounded number of cases (fixed seed); `npm run fuzz` runs many more
// (MLGUARD_FUZZ_RUNS, MLGUARD_FUZZ_SEED).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { decodeSource } from '../../src/cli/source';
import { analyzeCells, analyzePython, DEFAULT_CONFIG, fixSource, initParser, LineIndex, NotebookFormatError, parsePython, pickFixes, readNotebookCells, type Finding } from '../../src/engine';
import { maskText } from '../../src/engine/mask';

const RUNS = Number(process.env.MLGUARD_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MLGUARD_FUZZ_SEED ?? 20260109);
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

// Python fragments that exercise the rules (secrets, PII, pickle, TLS, audit) and the grammar.
const TOKENS = [
  'import pickle', 'import pandas as pd', 'import requests', 'import yaml', 'import torch', 'import os', 'from sklearn.linear_model import LogisticRegression',
  'def f(x):', 'class C:', 'return', 'if x:', 'else:', 'for i in range(3):', 'while True:', 'try:', 'except Exception:', 'with open("f") as fh:', 'lambda y: y',
  'pickle.load(fh)', 'pickle.loads(data)', 'yaml.load(s)', 'torch.load("m.pt")', 'requests.get("https://x", verify=False)', 'requests.post("http://api.example.com")',
  'df = pd.read_csv("people.csv")', 'df["email"]', 'df[["name", "age", "gender"]]', 'model.fit(df, y)', 'df.to_csv("out.csv")', 'print(df["ssn"])', 'mlflow.log_param("email", e)',
  'password = "Tr0ub4dor&3-horse"', 'api_key = "AKIAZ7VQ3XKJ4MPL2WTE"', 'token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'url = "postgres://u:S3cr3tPw@db/x"',
  '# mlguard: ignore[SEC001] test', '# mlguard: ignore[NOPE]', '"""doc"""', "'''", '"', "'", '(', ')', '[', ']', '{', '}', ':', ',', '=', '+', '.', '\\', '@decorator', '%matplotlib inline', '!pip install x',
  'x', 'y', 'df', 'ñame = 1', 'πr2 = 3.14', '変数 = "値"', '𝔘𝔫𝔦 = 0', 'f"{x!r:>{w}}"', 'b"\\x00"', '0x_ff', '1e309', 'async def g(): await h()', 'match x:', 'case _:', 'yield', 'global q', 'del x[0]',
];
const SEPS = ['\n', '\r\n', '\r', ' ', '\t', '    ', '\n    ', '\n        ', '; ', '\f', '\v', '\u2028', '\u00a0'];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 3, arbitrary: fc.constantFrom(...SEPS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((d) => `${'('.repeat(d)}x${')'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((d) => `${'    '.repeat(d)}if x:`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `s = "${'A'.repeat(n)}"`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => `x = ${'1 + '.repeat(n)}1`) },
);

/** A generated program, then mutated: truncated, NUL inserted, lines joined. */
const pythonSource = fc
  .tuple(fc.array(piece, { maxLength: 80 }), fc.nat(), fc.constantFrom('none', 'truncate', 'nul', 'crlf', 'strip-newlines', 'bom'))
  .map(([parts, cut, mutation]) => {
    let s = parts.join(' ');
    switch (mutation) {
      case 'truncate':
        s = s.slice(0, s.length ? cut % s.length : 0);
        break;
      case 'nul':
        s = `${s.slice(0, cut % (s.length + 1))}\0${s.slice(cut % (s.length + 1))}`;
        break;
      case 'crlf':
        s = s.replace(/\n/g, (m, i: number) => (i % 2 ? '\r\n' : m));
        break;
      case 'strip-newlines':
        s = s.replace(/\n/g, ' ');
        break;
      case 'bom':
        s = `\ufeff${s}`;
        break;
    }
    return s;
  });

function checkFindingsInside(findings: Finding[], length: number): void {
  for (const f of findings) {
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= length, `${f.ruleId} span ${f.span.start}-${f.span.end} outside 0-${length}`);
    assert.ok(f.span.line >= 1 && f.span.column >= 1, `${f.ruleId} line/column`);
    for (const r of f.related) assert.ok(r.span.start >= 0 && r.span.end <= length, `${f.ruleId} related span outside`);
    for (const fix of f.fixes) for (const e of fix.edits) if (e.cell === undefined) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= length, `${f.ruleId} edit outside`);
  }
}

function checkPickedFixesDisjoint(findings: Finding[]): void {
  for (const allowed of [['safe'], ['safe', 'unsafe']] as const) {
    const edits = pickFixes(findings, [...allowed])
      .fixes.flatMap((f) => f.edits)
      .sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.start - b.start || a.end - b.end);
    for (let i = 1; i < edits.length; i++) {
      const [p, q] = [edits[i - 1], edits[i]];
      if ((p.cell ?? 0) !== (q.cell ?? 0)) continue;
      const identical = p.start === q.start && p.end === q.end && p.text === q.text;
      assert.ok(identical || p.end <= q.start || (p.start === p.end && q.start === q.end && p.start === q.start), `picked edits overlap: ${JSON.stringify(p)} / ${JSON.stringify(q)}`);
    }
  }
}

function parsesCleanly(source: string): boolean {
  const tree = parsePython(source);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const stats = { cases: 0, bytes: 0, ms: 0, worstMsPerMb: 0, worstSize: 0, worstMs: 0 };
/** Per property: generated cases run, inputs timed, and its slowest input (≥4 kB) per MB. */
type PropStats = { cases: number; timed: number; worstMsPerMb: number; worstSize: number; worstMs: number; slowestMs: number; slowestSize: number };
const perProperty = new Map<string, PropStats>();
let current = '';
function prop(): PropStats {
  let p = perProperty.get(current);
  if (!p) perProperty.set(current, (p = { cases: 0, timed: 0, worstMsPerMb: 0, worstSize: 0, worstMs: 0, slowestMs: 0, slowestSize: 0 }));
  return p;
}
/** Wraps a property's predicate so that every generated case (shrinking included) is counted. */
function counted<A extends unknown[]>(name: string, fn: (...a: A) => void): (...a: A) => void {
  return (...a: A) => {
    current = name;
    prop().cases++;
    fn(...a);
  };
}

function timed<T>(bytes: number, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  stats.cases++;
  stats.bytes += bytes;
  stats.ms += ms;
  const p = prop();
  p.timed++;
  if (ms > p.slowestMs) [p.slowestMs, p.slowestSize] = [ms, bytes];
  if (bytes >= 4096) {
    const perMb = ms / (bytes / 1e6);
    if (perMb > stats.worstMsPerMb) [stats.worstMsPerMb, stats.worstSize, stats.worstMs] = [perMb, bytes, ms];
    if (perMb > p.worstMsPerMb) [p.worstMsPerMb, p.worstSize, p.worstMs] = [perMb, bytes, ms];
  }
  return out;
}

describe('fuzz: engine and CLI under generated hostile input (fast-check)', function () {
  this.timeout(Math.max(120_000, RUNS * 4000));
  before(async () => {
    await initParser();
  });
  after(() => {
    const mb = stats.bytes / 1e6;
    console.log(
      `      [fuzz] ${stats.cases} cases, ${mb.toFixed(2)} MB in ${(stats.ms / 1000).toFixed(1)} s (${mb ? (stats.ms / 1000 / mb).toFixed(1) : '0'} s/MB overall); slowest input ≥4 kB: ${(stats.worstMsPerMb / 1000).toFixed(1)} s/MB (${stats.worstSize} bytes, ${stats.worstMs.toFixed(0)} ms); seed ${SEED}, runs ${RUNS}`,
    );
    for (const [name, p] of perProperty)
      console.log(
        `      [fuzz] ${name}: ${p.cases} cases (${p.timed} analysed); slowest input ${p.slowestMs.toFixed(0)} ms (${p.slowestSize} bytes); slowest per MB (≥4 kB): ${(p.worstMsPerMb / 1000).toFixed(2)} s/MB (${p.worstSize} bytes, ${p.worstMs.toFixed(0)} ms)`,
      );
  });

  it('Python: no exception escapes, ranges inside the document, picked fixes disjoint, masking total', () => {
    fc.assert(
      fc.property(pythonSource, counted('python-analyse', (src: string) => {
        const result = timed(src.length, () => analyzePython(src, 'fuzz.py', DEFAULT_CONFIG));
        try {
          checkFindingsInside(result.findings, src.length);
          checkPickedFixesDisjoint(result.findings);
          for (const f of result.findings) assert.equal(typeof maskText(f.snippet), 'string');
        } finally {
          result.tree.delete();
        }
      })),
      params,
    );
  });

  it('Python: --fix never makes a parsable file unparsable', () => {
    fc.assert(
      fc.property(pythonSource, counted('python-fix', (src: string) => {
        const clean = parsesCleanly(src);
        const res = timed(src.length, () => fixSource(src, 'fuzz.py', DEFAULT_CONFIG, { unsafe: true }));
        if (clean) assert.ok(parsesCleanly(res.output), `a clean file became unparsable after ${res.applied.map((f) => f.ruleId).join(', ')}`);
      })),
      { ...params, numRuns: Math.max(10, Math.floor(RUNS / 2)) },
    );
  });

  it('bytes: invalid UTF-8, UTF-16, NUL are skipped with a reason or decoded and analysed', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      pythonSource.map((s) => Buffer.from(s, 'utf16le')),
      pythonSource.map((s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])),
      fc.tuple(pythonSource, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat()).map(([s, junk, at]) => {
        const b = Buffer.from(s, 'utf8');
        const i = b.length ? at % b.length : 0;
        return Buffer.concat([b.subarray(0, i), Buffer.from(junk), b.subarray(i)]);
      }),
    );
    fc.assert(
      fc.property(bytes, counted('bytes-decode', (buf: Uint8Array) => {
        const d = decodeSource(buf);
        if (!d.ok) {
          assert.match(d.reason, /skipped/);
          return;
        }
        const r = timed(buf.length, () => analyzePython(d.text, 'fuzz.py', DEFAULT_CONFIG));
        checkFindingsInside(r.findings, d.text.length);
        r.tree.delete();
      })),
      params,
    );
  });

  it('notebooks: broken JSON is a NotebookFormatError; valid ones map every finding into a cell', () => {
    const notebook = fc.tuple(fc.array(pythonSource, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([cells, lists]) =>
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lists ? c.split(/(?<=\n)/) : c })) }, null, 1),
    );
    const mutated = fc.tuple(notebook, fc.nat(), fc.constantFrom('none', 'truncate', 'drop-brace', 'garbage', 'wrong-types')).map(([nb, at, m]) => {
      switch (m) {
        case 'truncate':
          return nb.slice(0, at % nb.length);
        case 'drop-brace':
          return nb.replace('{', '');
        case 'garbage':
          return `${nb.slice(0, at % nb.length)}\u0000\uffff${nb.slice(at % nb.length)}`;
        case 'wrong-types':
          return nb.replace('"cells":', '"cells": 5, "x":').replace('"source":', '"source": {"a": 1}, "y":');
        default:
          return nb;
      }
    });
    fc.assert(
      fc.property(mutated, counted('notebooks', (text: string) => {
        let cells;
        try {
          cells = readNotebookCells(text);
        } catch (e) {
          assert.ok(e instanceof NotebookFormatError, `not a NotebookFormatError: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          return;
        }
        const r = timed(text.length, () => analyzeCells(cells, 'fuzz.ipynb', DEFAULT_CONFIG));
        for (const f of r.findings) {
          assert.ok(f.cell, `${f.ruleId} has no cell`);
          const cell = cells.find((c) => c.index === f.cell!.index);
          assert.ok(cell, `${f.ruleId} points at cell ${f.cell!.index}, which is not a code cell`);
          // Lines as the engine counts them (CR, LF and CRLF all end a line).
          assert.ok(f.cell!.line >= 1 && f.cell!.line <= new LineIndex(cell.source).lineCount, `${f.ruleId} line ${f.cell!.line} outside its cell`);
        }
      })),
      params,
    );
  });

  it('time per MB stays bounded (generous bound; the figure is printed)', () => {
    // Asserted loosely (a shared 2-core machine); benchmarks hold the real speed bars.
    assert.ok(stats.cases > 0);
    assert.ok(stats.worstMsPerMb / 1000 < 600, `slowest input: ${(stats.worstMsPerMb / 1000).toFixed(1)} s/MB`);
  });

  it('CLI: audit over a folder of generated files exits 0 or 1, never crashes, JSON stays valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlguard-fuzz-cli-'));
    try {
      const samples = fc.sample(pythonSource, { numRuns: Math.min(40, RUNS), seed: SEED });
      samples.forEach((s, i) => writeFileSync(join(dir, `f${i}.py`), s));
      fc.sample(fc.uint8Array({ maxLength: 512 }), { numRuns: 5, seed: SEED }).forEach((b, i) => writeFileSync(join(dir, `bin${i}.py`), b));
      writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [ {"cell_type": "code", "source": ["x = 1\\n"');
      const r = spawnSync(process.execPath, [resolve(__dirname, '../../dist/cli.js'), 'audit', '.', '--format', 'json', '--jobs', '2'], { cwd: dir, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
      const report = JSON.parse(r.stdout) as { findings: unknown[] };
      assert.ok(Array.isArray(report.findings));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
