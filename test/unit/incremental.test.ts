// Incremental analysis (src/engine/incremental/) gives exactly what a whole-file analysis gives:
// on every rule fixture and corpus file, analysed cold as slices, then after a sequence of random
// edits (a character inserted or deleted, a line duplicated or deleted) with the slices of the
// previous text cached (an edit that breaks the syntax is checked, then undone). Findings are compared whole (ids, spans, messages, related, fixes,
// fingerprints, suppressions). MLGUARD_INCREMENTAL_EDITS (default 6) and MLGUARD_INCREMENTAL_SEED
// widen the search.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzePython, type AnalysisResult } from '../../src/engine';
import { IncrementalAnalyzer } from '../../src/engine/incremental';
import { cutModule } from '../../src/engine/incremental/pieces';
import { parsePython, type Tree } from '../../src/engine/parser';
import { LineIndex } from '../../src/engine/positions';
import { Edit } from 'web-tree-sitter';
import { ready } from '../helpers/engine';

const repo = join(__dirname, '..', '..');
const EDITS = Number(process.env.MLGUARD_INCREMENTAL_EDITS ?? 6);
const SEED = Number(process.env.MLGUARD_INCREMENTAL_SEED ?? 8);

function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pythonFilesUnder(p));
    else if (entry.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

function allFiles(): string[] {
  const roots = [join(repo, 'test', 'fixtures', 'rules'), ...readdirSync(join(repo, 'test')).filter((d) => d.startsWith('corpus')).map((d) => join(repo, 'test', d))];
  return roots.flatMap(pythonFilesUnder);
}

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const INSERTS = [' ', 'x', '_', '1', '\n', '#', '(', '"', ':', 'e'];

/** One keystroke-sized edit: insert or delete a character, duplicate or delete a line. */
function randomEdit(text: string, rand: (n: number) => number): { text: string; what: string } {
  const lines = text.split('\n');
  const kind = rand(4);
  if (kind === 0 || text.length === 0) {
    const at = rand(text.length + 1);
    const c = INSERTS[rand(INSERTS.length)];
    return { text: text.slice(0, at) + c + text.slice(at), what: `insert ${JSON.stringify(c)} at ${at}` };
  }
  if (kind === 1) {
    const at = rand(text.length);
    return { text: text.slice(0, at) + text.slice(at + 1), what: `delete char at ${at}` };
  }
  const l = rand(lines.length);
  if (kind === 2) return { text: [...lines.slice(0, l + 1), ...lines.slice(l)].join('\n'), what: `duplicate line ${l + 1}` };
  return { text: [...lines.slice(0, l), ...lines.slice(l + 1)].join('\n'), what: `delete line ${l + 1}` };
}

function comparable(r: AnalysisResult): unknown {
  // secrets as a set: the core's reports come from every slice, so a secret may be listed once more often
  return { findings: r.findings, syntaxErrors: r.syntaxErrors, internalErrors: r.internalErrors, tooDeep: r.tooDeep, secrets: [...new Set(r.secrets)].sort() };
}

const reasons = new Map<string, number>();
let lastReason: string | undefined;
let assumedVocabulary = 0;
let lastTree: Tree | undefined;

/** The tree-sitter edit from one text to the next (their common prefix and suffix kept). */
function treeEditBetween(before: string, after: string): Edit {
  const min = Math.min(before.length, after.length);
  let start = 0;
  while (start < min && before[start] === after[start]) start++;
  let suffix = 0;
  while (suffix < min - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const point = (text: string, offset: number): { row: number; column: number } => {
    const p = new LineIndex(text).position(offset);
    return { row: p.line - 1, column: p.column - 1 };
  };
  return new Edit({
    startIndex: start,
    oldEndIndex: before.length - suffix,
    newEndIndex: after.length - suffix,
    startPosition: point(before, start),
    oldEndPosition: point(before, before.length - suffix),
    newEndPosition: point(after, after.length - suffix),
  });
}

/**
 * Analyses `text` whole and incrementally; the incremental side gets the previous tree edited,
 * as the language server's worker passes it (so edits inside one piece skip the parse).
 */
function assertSame(analyzer: IncrementalAnalyzer, text: string, path: string, label: string, previous?: { text: string; tree: Tree }): 'slices' | 'full' {
  const full = analyzePython(text, path);
  let oldTree: Tree | undefined;
  if (previous) {
    previous.tree.edit(treeEditBetween(previous.text, text));
    oldTree = previous.tree;
  }
  const inc = analyzer.analyze(text, path, undefined, { oldTree });
  try {
    assert.deepEqual(comparable(inc), comparable(full), label);
  } finally {
    full.tree.delete();
    if (oldTree && oldTree !== inc.tree) oldTree.delete();
  }
  lastTree = inc.tree;
  if (inc.incremental.assumedVocabulary) assumedVocabulary++;
  const why = inc.incremental.reason ?? 'slices';
  lastReason = inc.incremental.reason;
  reasons.set(why, (reasons.get(why) ?? 0) + 1);
  return inc.incremental.mode;
}

describe('incremental analysis', function () {
  // Every fixture and corpus file, analysed whole and as slices after each of several edits.
  this.timeout(900000);
  before(() => ready);

  it('cuts a module into a core and components linked by the names they use', () => {
    const source = [
      'import pandas as pd',
      'LIMIT = 3',
      '',
      'def load(path):',
      '    return pd.read_csv(path)',
      '',
      'def train(path):',
      '    return fit(load(path))',
      '',
      'def fit(df):',
      '    return df',
      '',
      'def unrelated():',
      '    return LIMIT',
      '',
      'class A:',
      '    def fetch(self):',
      '        return 1',
      '',
      'class B:',
      '    def fetch(self):',
      '        return 2',
      '',
      'class C:',
      '    def run(self):',
      '        return self.fetch()',
      '',
      'model = B()',
      'print(model)',
      '',
    ].join('\n');
    const tree = parsePython(source);
    const cut = cutModule(tree.rootNode, source);
    const names = (group: readonly number[]): string => group.map((i) => cut.pieces[i].text.split('\n')[0]).join(' | ');
    tree.delete();
    assert.deepEqual(cut.core.map((i) => cut.pieces[i].text.trim()), ['import pandas as pd', 'LIMIT = 3']);
    // load/train/fit call each other; self.fetch() may be answered by either fetch method (the
    // interpreter takes the first in the file); `model = B()` binds a name `print(model)` reads.
    assert.deepEqual(cut.components.map(names), ['def load(path): | def train(path): | def fit(df):', 'def unrelated():', 'class A: | class B: | class C: | model = B() | print(model)']);
  });

  it('hands each slice the whole file\'s vocabulary: frame parameters assume it through slices, and a new column name re-analyses the slices that assumed it', () => {
    // the shape of the editor bench's file (test/integration/bench.ts): build_features_i(frame)
    // assumes the columns every other block reads
    const block = (i: number): string =>
      [
        '',
        `def build_features_${i}(frame):`,
        '    frame = frame.copy()',
        `    frame["ratio_${i}"] = frame["monthly_charges"] / (frame["tenure_months"] + 1)`,
        `    cols = ["tenure_months", "monthly_charges", "ratio_${i}"]`,
        '    return frame[cols]',
        '',
        '',
        `def train_${i}(path):`,
        '    data = pd.read_parquet(path)',
        `    X = build_features_${i}(data)`,
        '    model = GradientBoostingClassifier().fit(X, data["churned"])',
        '    return model',
        '',
      ].join('\n');
    const source = ['import pandas as pd', 'from sklearn.ensemble import GradientBoostingClassifier', '', ...[0, 1, 2, 3].map(block)].join('\n');
    const analyzer = new IncrementalAnalyzer();
    const cold = analyzer.analyze(source, 'blocks.py');
    cold.tree.delete();
    assert.equal(cold.incremental.mode, 'slices', cold.incremental.reason);
    assert.equal(cold.incremental.assumedVocabulary, 4);
    assert.equal(assertSame(analyzer, source, 'blocks.py', 'cold'), 'slices');
    // an edit that leaves the vocabulary as it was: one slice analysed again
    const spaced = source.replace('    return frame[cols]\n\n\ndef train_2', '    return frame[cols] \n\n\ndef train_2');
    const r = analyzer.analyze(spaced, 'blocks.py');
    r.tree.delete();
    assert.deepEqual(r.incremental, { mode: 'slices', analysed: 1, reused: 3, assumedVocabulary: 4 });
    assert.equal(assertSame(analyzer, spaced, 'blocks.py', 'spaced'), 'slices');
    // a new column name (a personal-data one) in block 1: every slice assumes it now
    const named = spaced.replace('cols = ["tenure_months", "monthly_charges", "ratio_1"]', 'cols = ["tenure_months", "monthly_charges", "ratio_1", "email"]');
    const n = analyzer.analyze(named, 'blocks.py');
    n.tree.delete();
    assert.equal(n.incremental.mode, 'slices', n.incremental.reason);
    assert.equal(n.incremental.analysed, 4);
    assert.equal(assertSame(analyzer, named, 'blocks.py', 'named'), 'slices');
  });

  it('re-analyses only the slice of an edited function and reuses the others', () => {
    const blocks = Array.from({ length: 20 }, (_, i) => `\n\ndef step_${i}(path):\n    df = pd.read_csv(path, usecols=["email", "income"])\n    model.fit(df, df["income"])\n`);
    const source = `import pandas as pd\nmodel = None\n${blocks.join('')}`;
    const analyzer = new IncrementalAnalyzer({ maxSlices: Infinity });
    assert.equal(assertSame(analyzer, source, 'steps.py', 'cold'), 'slices');
    const edited = source.replace('def step_7(path):\n', 'def step_7(path):\n    x = 1\n');
    const r = analyzer.analyze(edited, 'steps.py');
    r.tree.delete();
    assert.deepEqual(r.incremental, { mode: 'slices', analysed: 1, reused: 19 });
    assert.equal(assertSame(analyzer, edited, 'steps.py', 'edited'), 'slices');
  });

  it('analyses the whole file when slices cannot be trusted or are too many to redo', () => {
    const analyzer = new IncrementalAnalyzer({ maxSlices: 1 });
    const two = 'def a():\n    pass\n\n\ndef b():\n    pass\n';
    const check = (text: string): string | undefined => {
      const r = analyzer.analyze(text, 'a.py');
      r.tree.delete();
      return r.incremental.reason;
    };
    assert.equal(check('x = (\n'), 'syntax errors');
    assert.equal(check('x = 1\n'), 'no definitions');
    assert.equal(check(two.replace('\n', '\r\n')), 'mixed line breaks');
    assert.equal(check(two), '2 slices to analyse');
    assert.equal(analyzer.warm(), true);
    assert.equal(check(two), undefined); // warm() computed them
  });

  it('equals a whole-file analysis on every fixture and corpus file, cold and after random edits', () => {
    const files = allFiles();
    assert.ok(files.length > 300, `only ${files.length} files`);
    let sliced = 0;
    let steps = 0;
    for (const file of files) {
      const rel = relative(repo, file);
      const rand = random(SEED * 100003 + steps);
      const analyzer = new IncrementalAnalyzer({ maxSlices: Infinity });
      let text = readFileSync(file, 'utf8');
      if (assertSame(analyzer, text, rel, `${rel} cold`) === 'slices') sliced++;
      let previous = { text, tree: lastTree! };
      const history: string[] = [];
      for (let i = 0; i < EDITS; i++) {
        const edit = randomEdit(text, rand);
        history.push(edit.what);
        steps++;
        if (assertSame(analyzer, edit.text, rel, `${rel} after ${history.join(', ')}`, previous) === 'slices') sliced++;
        previous = { text: edit.text, tree: lastTree! };
        // an edit that breaks the syntax is undone (as a user would), so sequences keep exercising slices
        if (lastReason === 'syntax errors') {
          history.push('undo');
          if (assertSame(analyzer, text, rel, `${rel} after ${history.join(', ')}`, previous) === 'slices') sliced++;
          previous = { text, tree: lastTree! };
        } else text = edit.text;
      }
    }
    // Not vacuous: a good share of analyses went through slices (random edits break the syntax of
    // some files, and files with no definitions or whole-file facts are analysed whole).
    const summary = [...reasons].map(([k, v]) => `${k}: ${v}`).join(', ');
    console.log(`      analyses: ${summary}`);
    assert.ok(sliced > (files.length * (EDITS + 1)) / 4, `only ${sliced} of ${files.length * (EDITS + 1)} analyses used slices (${summary})`);
    // Files whose DataFrame parameters assume the file's vocabulary go through slices too (each
    // slice handed the whole file's vocabulary): before, all of them (~640 analyses) fell back.
    console.log(`      through slices with columns assumed from the file vocabulary: ${assumedVocabulary}`);
    assert.ok(assumedVocabulary > 200, `only ${assumedVocabulary} analyses through slices assumed the file vocabulary`);
  });
});
