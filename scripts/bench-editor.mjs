// Editor latency in the engine (issue 8): 200 one-character edits (type a character at the end of
// a random line, delete it again) in the generated 5,000-line script, each analysed as the language
// server's worker does (the previous tree edited with tree.edit, then reparsed incrementally):
// once with a whole-file analysis per edit and once with the incremental analysis
// (src/engine/incremental/), whose idle-time warm-up is timed apart. Prints p50/p95/max and
// checks that both give the same findings after every edit.
// Usage: node scripts/bench-editor.mjs [--edits N] [--lines N]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { register } from 'tsx/cjs/api';
import { pythonFile } from './bench-corpus.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EDITS = arg('--edits', 200);
const LINES = arg('--lines', 5000);

register();
const require = createRequire(import.meta.url);
const engine = require('../src/engine/index.ts');
const { IncrementalAnalyzer } = require('../src/engine/incremental/index.ts');
const { Edit } = require('web-tree-sitter');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const summary = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return `p50 ${fmt(quantile(v, 0.5))}, p95 ${fmt(quantile(v, 0.95))}, max ${fmt(v[v.length - 1])}`;
};

/** The edit sequence: [offset, inserted text or '' for a deletion of one character]. */
function edits(text) {
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out = [];
  let t = text;
  for (let i = 0; i < EDITS; i++) {
    const lines = new engine.LineIndex(t);
    if (i % 2 === 0) {
      const line = 20 + rand(lines.lineCount - 40);
      const at = lines.lineEnd(line);
      out.push({ at, insert: ' ' });
      t = t.slice(0, at) + ' ' + t.slice(at);
    } else {
      const prev = out[out.length - 1];
      out.push({ at: prev.at, insert: '' });
      t = t.slice(0, prev.at) + t.slice(prev.at + 1);
    }
  }
  return out;
}

function treeEdit(text, at, insert) {
  const lines = new engine.LineIndex(text);
  const p = lines.position(at);
  const start = { row: p.line - 1, column: p.column - 1 };
  const removed = insert ? 0 : 1;
  return new Edit({
    startIndex: at,
    oldEndIndex: at + removed,
    newEndIndex: at + insert.length,
    startPosition: start,
    oldEndPosition: { row: start.row, column: start.column + removed },
    newEndPosition: { row: start.row, column: start.column + insert.length },
  });
}

function run(label, analyse, idle) {
  let text = pythonFile(LINES, 1);
  let tree = analyse(text, undefined).tree;
  idle?.();
  const times = [];
  const results = [];
  const modes = new Map();
  let idleMs = 0;
  for (const e of edits(text)) {
    tree.edit(treeEdit(text, e.at, e.insert));
    text = e.insert ? text.slice(0, e.at) + e.insert + text.slice(e.at) : text.slice(0, e.at) + text.slice(e.at + 1);
    const t0 = performance.now();
    const r = analyse(text, tree);
    times.push(performance.now() - t0);
    if (tree !== r.tree) tree.delete(); // the incremental analysis may keep the edited tree unparsed
    tree = r.tree;
    results.push(JSON.stringify(r.findings));
    const mode = r.incremental ? (r.incremental.reason ?? 'slices') : 'full';
    modes.set(mode, (modes.get(mode) ?? 0) + 1);
    if (idle) {
      const t1 = performance.now();
      idle();
      idleMs += performance.now() - t1;
    }
  }
  tree.delete();
  console.log(`${label}: ${summary(times)} (${[...modes].map(([k, v]) => `${k} ${v}`).join(', ')})${idle ? `; idle warm-up ${fmt(idleMs)} in all` : ''}`);
  return { results, times };
}

await engine.initParser();
console.log(`## Editor latency in the engine: ${EDITS} one-character edits, ${LINES.toLocaleString('en')}-line script`);
// warm V8 up on the same text first, so neither mode pays the first compilation
engine.analyzePython(pythonFile(LINES, 1), 'warm.py').tree.delete();
const full = run('whole-file analysis (MLGUARD_NO_INCREMENTAL=1)', (text, oldTree) => engine.analyzePython(text, 'train.py', undefined, { oldTree }));
const analyzer = new IncrementalAnalyzer();
const inc = run('incremental analysis', (text, oldTree) => analyzer.analyze(text, 'train.py', undefined, { oldTree }), () => analyzer.warm());
const same = full.results.every((r, i) => r === inc.results[i]);
console.log(`same findings after every edit: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
