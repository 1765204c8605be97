// The evaluation corpus (test/corpus) is a measurement, not a test: these checks only keep its
// annotations well-formed (every `# truth:` names a known family, notebooks are valid nbformat 4,
// Python parses, no documented example credential is counted as a truth) and check that the
// scorer (scripts/eval-corpus.mjs) matches SARIF results to the annotations as documented.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { initParser, parsePython } from '../../src/engine/parser';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, 'test', 'corpus');
const FAMILIES = ['SEC', 'PII', 'AUD', 'FAIR', 'SER', 'TLS'];
// `FAM?` marks an optional truth (a judgement call: a hit counts, a miss is not a false negative).
const TRUTH_STRICT = /#\s*truth:\s*([A-Z]+\??(?:\s*,\s*[A-Z]+\??)*)\s*$/;
// Documented AWS example credentials: real scanners allow-list them, so they may only be traps.
const AWS_DOC_EXAMPLES = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

interface Annotated {
  file: string;
  cell: number | null;
  line: number;
  text: string;
  families: string[];
  optional: string[];
  trap: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === '__pycache__' ? [] : walk(p);
      return [p];
    });
}

const FILES = walk(CORPUS).filter((p) => !p.endsWith('README.md'));
const rel = (p: string) => relative(CORPUS, p).split(sep).join('/');

interface NbCell {
  cell_type: string;
  source: string[] | string;
  outputs?: { output_type: string; text?: string[] | string; data?: Record<string, unknown> }[];
}

function cellsOf(path: string): { index: number; cell: NbCell }[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { nbformat: number; cells: NbCell[] };
  return doc.cells.map((cell, index) => ({ index, cell }));
}

const srcOf = (c: NbCell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

function annotations(): Annotated[] {
  const out: Annotated[] = [];
  for (const path of FILES) {
    const blocks: { cell: number | null; text: string }[] = path.endsWith('.ipynb')
      ? cellsOf(path)
          .filter(({ cell }) => cell.cell_type === 'code')
          .map(({ index, cell }) => ({ cell: index + 1, text: srcOf(cell) }))
      : [{ cell: null, text: readFileSync(path, 'utf8') }];
    for (const b of blocks) {
      b.text.split(/\r?\n/).forEach((text, i) => {
        const m = TRUTH_STRICT.exec(text);
        const fams = m ? m[1].split(',').map((s) => s.trim()) : [];
        out.push({
          file: rel(path),
          cell: b.cell,
          line: i + 1,
          text,
          families: fams.filter((f) => !f.endsWith('?')),
          optional: fams.filter((f) => f.endsWith('?')).map((f) => f.slice(0, -1)),
          trap: /#\s*trap\b/.test(text),
        });
      });
    }
  }
  return out;
}

describe('evaluation corpus', () => {
  const all = annotations();
  const truths = all.filter((a) => a.families.length);
  const optionals = all.filter((a) => a.optional.length);

  it('holds only Python files and notebooks (plus its README), about 30 of them, each of a realistic size', () => {
    for (const f of FILES) assert.match(f, /\.(py|ipynb)$/, `unexpected file ${rel(f)}`);
    assert.ok(FILES.length >= 28, `only ${FILES.length} files`);
    for (const f of FILES.filter((p) => p.endsWith('.py'))) {
      const n = readFileSync(f, 'utf8').split('\n').length;
      assert.ok(n >= 45 && n <= 260, `${rel(f)} has ${n} lines`);
    }
  });

  it('every truth annotation is well-formed and names a known family, once', () => {
    for (const a of all) {
      if (/truth\s*:/i.test(a.text) && /#/.test(a.text)) {
        assert.ok(a.families.length + a.optional.length, `${a.file}:${a.line} malformed truth comment: ${a.text.trim()}`);
      }
      const fams = [...a.families, ...a.optional];
      for (const fam of fams) assert.ok(FAMILIES.includes(fam), `${a.file}:${a.line} unknown family ${fam}`);
      assert.equal(new Set(fams).size, fams.length, `${a.file}:${a.line} repeats a family`);
      assert.ok(!(a.trap && fams.length), `${a.file}:${a.line} is marked both truth and trap`);
    }
  });

  it('has enough truths and traps in every family to measure it', () => {
    assert.ok(truths.length >= 150, `only ${truths.length} truth lines`);
    assert.ok(all.filter((a) => a.trap).length >= 150, 'fewer than 150 documented traps');
    for (const fam of FAMILIES) {
      const n = truths.filter((a) => a.families.includes(fam)).length;
      assert.ok(n >= 10, `family ${fam} has only ${n} truths`);
    }
  });

  it('never counts a documented AWS example credential as a truth', () => {
    for (const a of truths) {
      for (const ex of AWS_DOC_EXAMPLES) assert.ok(!a.text.includes(ex), `${a.file}:${a.line} uses the AWS documentation example as a truth`);
    }
  });

  it('notebooks are nbformat 4 JSON with code and markdown cells, and outputs hold an e-mail and a PNG', () => {
    const notebooks = FILES.filter((f) => f.endsWith('.ipynb'));
    assert.ok(notebooks.length >= 2, 'at least two notebooks');
    let email = false;
    let png = false;
    for (const nb of notebooks) {
      const doc = JSON.parse(readFileSync(nb, 'utf8')) as { nbformat: number; cells: NbCell[] };
      assert.equal(doc.nbformat, 4, rel(nb));
      const kinds = new Set(doc.cells.map((c) => c.cell_type));
      assert.ok(kinds.has('code') && kinds.has('markdown'), `${rel(nb)} needs code and markdown cells`);
      for (const c of doc.cells) {
        for (const o of c.outputs ?? []) {
          const text = JSON.stringify(o);
          if (/[\w.+-]+@[\w-]+\.[a-z]{2,}/.test(text)) email = true;
          if (o.data && typeof o.data['image/png'] === 'string' && /^iVBORw0KGgo/.test(o.data['image/png'] as string)) png = true;
        }
        for (const o of c.outputs ?? []) assert.ok(!JSON.stringify(o).includes('# truth:'), `${rel(nb)}: truth annotations belong in cell sources, not outputs`);
      }
    }
    assert.ok(email, 'some notebook output contains an e-mail address (must not be reported)');
    assert.ok(png, 'some notebook output contains a base64 PNG (must not be reported)');
  });

  it('the Python sources and notebook code cells parse without syntax errors (tree-sitter)', async () => {
    await initParser();
    for (const path of FILES) {
      const sources = path.endsWith('.ipynb')
        ? cellsOf(path)
            .filter(({ cell }) => cell.cell_type === 'code')
            // IPython magics and shell escapes are not Python: blank them as the engine does.
            .map(({ cell }) => srcOf(cell).split('\n').map((l) => (/^\s*[%!]/.test(l) ? '' : l.replace(/=\s*!.*$/, '= None'))).join('\n'))
        : [readFileSync(path, 'utf8')];
      for (const src of sources) {
        const tree = parsePython(src);
        assert.ok(!tree.rootNode.hasError, `${rel(path)} does not parse`);
        tree.delete();
      }
    }
  });

  describe('scorer (scripts/eval-corpus.mjs) on a synthetic SARIF', () => {
    let tmp = '';
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'mlguard-eval-test-'));
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    const result = (a: Annotated, family: string, extra: Record<string, unknown> = {}) => ({
      ruleId: `${family}901`,
      message: { text: 'synthetic' },
      locations: [{ physicalLocation: { artifactLocation: { uri: `test/corpus/${a.file}`.split('/').map(encodeURIComponent).join('/') }, region: { startLine: a.line } } }],
      properties: { family, ...(a.cell ? { cell: a.cell } : {}) },
      ...extra,
    });

    function runScorer(results: unknown[]) {
      const file = join(tmp, `r${Math.random().toString(36).slice(2)}.sarif`);
      writeFileSync(file, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'MLGuard' } }, results }] }));
      const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-corpus.mjs'), '--json', '--sarif', file], { cwd: ROOT, encoding: 'utf8' });
      return JSON.parse(out) as {
        truths: number;
        overall: { tp: number; fp: number; fn: number; optionalMissed: number; precision: number | null; recall: number | null; strictRecall: number | null };
        families: Record<string, { tp: number; fp: number; fn: number }>;
        falsePositives: { file: string; line: number; cell: number | null; trap: boolean }[];
        falseNegatives: { file: string; line: number; family: string }[];
      };
    }

    it('scores a perfect report 100/100, counting duplicates on one line once', () => {
      const results = all.flatMap((a) => [...a.families, ...a.optional].map((f) => result(a, f)));
      results.push(result(truths[0], truths[0].families[0]));
      const r = runScorer(results);
      const n = truths.reduce((k, a) => k + a.families.length, 0);
      const nOpt = optionals.reduce((k, a) => k + a.optional.length, 0);
      assert.equal(r.truths, n);
      assert.deepEqual([r.overall.tp, r.overall.fp, r.overall.fn], [n + nOpt, 0, 0]);
      assert.equal(r.overall.precision, 1);
      assert.equal(r.overall.recall, 1);
    });

    it('does not count a missed optional truth as a false negative, but the strict recall does', () => {
      assert.ok(optionals.length, 'the corpus has optional truths');
      const r = runScorer(truths.flatMap((a) => a.families.map((f) => result(a, f))));
      const n = truths.reduce((k, a) => k + a.families.length, 0);
      const nOpt = optionals.reduce((k, a) => k + a.optional.length, 0);
      assert.deepEqual([r.overall.tp, r.overall.fp, r.overall.fn, r.overall.optionalMissed], [n, 0, 0, nOpt]);
      assert.equal(r.overall.recall, 1);
      assert.equal(r.overall.strictRecall, n / (n + nOpt));
    });

    it('counts a result on a trap line as a labelled false positive and a missing one as a false negative', () => {
      const trapInNotebook = all.find((a) => a.trap && a.cell !== null);
      const trapInPy = all.find((a) => a.trap && a.cell === null);
      assert.ok(trapInNotebook && trapInPy);
      const dropped = truths.find((a) => !a.optional.length);
      assert.ok(dropped);
      const results = all.filter((a) => a !== dropped).flatMap((a) => [...a.families, ...a.optional].map((f) => result(a, f)));
      results.push(result(trapInNotebook, 'SEC'), result(trapInPy, 'PII'));
      // Not counted: the tool's own family, suppressed results, and a wrong cell.
      results.push(result(trapInPy, 'MLG'), result(trapInPy, 'TLS', { suppressions: [{ kind: 'inSource', status: 'accepted' }] }));
      const r = runScorer(results);
      assert.equal(r.overall.fp, 2);
      assert.equal(r.overall.fn, dropped.families.length);
      assert.ok(r.falsePositives.every((fp) => fp.trap));
      assert.ok(r.falsePositives.some((fp) => fp.file === trapInNotebook.file && fp.cell === trapInNotebook.cell && fp.line === trapInNotebook.line));
      assert.deepEqual(
        r.falseNegatives.map((fn) => `${fn.file}:${fn.line}`),
        dropped.families.map(() => `${dropped.file}:${dropped.line}`),
      );
    });

    it('matches notebook results by cell and line in the cell, not by line alone', () => {
      const nbTruth = truths.find((a) => a.cell !== null && !a.optional.length);
      assert.ok(nbTruth);
      const others = all.filter((a) => a !== nbTruth).flatMap((a) => [...a.families, ...a.optional].map((f) => result(a, f)));
      const wrongCell = { ...nbTruth, cell: (nbTruth.cell ?? 0) + 1 };
      const r = runScorer([...others, ...nbTruth.families.map((f) => result(wrongCell, f))]);
      assert.equal(r.overall.fn, nbTruth.families.length);
      assert.equal(r.overall.fp, nbTruth.families.length);
    });

    it('exits 1 when a threshold is missed and 0 otherwise', () => {
      const file = join(tmp, 'empty.sarif');
      writeFileSync(file, JSON.stringify({ version: '2.1.0', runs: [{ results: [] }] }));
      const script = join(ROOT, 'scripts', 'eval-corpus.mjs');
      assert.equal(spawnSync(process.execPath, [script, '--sarif', file], { cwd: ROOT }).status, 0);
      assert.equal(spawnSync(process.execPath, [script, '--sarif', file, '--min-recall', '0.8'], { cwd: ROOT }).status, 1);
    });
  });
});
