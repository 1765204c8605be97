// Files too large to analyse whole are analysed in parts of whole top-level statements
// (src/engine/analyze-parts.ts). Where no flow crosses a cut, the parts must report exactly what a
// whole analysis reports, at the same positions; the scan that finds the cuts must never cut
// inside a statement, a string, a bracket, or between a pragma / decorator and its statement.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython } from '../../src/engine';
import { analyzeLarge, partRanges } from '../../src/engine/analyze-parts';
import { outlineModule } from '../../src/engine/top-level-split';
import { ready } from '../helpers/engine';

const HEADER = 'import os\nimport pickle\n\nimport mlflow\nimport pandas as pd\nimport requests\nimport torch\nfrom sklearn.ensemble import GradientBoostingClassifier\nfrom sklearn.model_selection import train_test_split\n';

/** Independent blocks (no flow between them) with findings of several families. */
function block(i: number): string {
  return `
def load_${i}(path):
    df = pd.read_csv(path, usecols=["customer_id", "income", "email", "gender", "churned"])
    X_train, X_test, y_train, y_test = train_test_split(df[["income", "email", "gender"]], df["churned"])
    model = GradientBoostingClassifier()
    model.fit(X_train, y_train)
    mlflow.log_param("email_${i}", df["email"].iloc[0])
    return model


class Client${i}:
    token = "hf_${'abcdefghijklmnopqrstuvwxyzABCD'.slice(i % 5)}${String(i).padStart(4, '0')}"

    def fetch(self, url):
        return requests.get(url${i % 2 ? ', verify=False' : ''})

    def restore(self, path):
        # mlguard: ignore[SER001] reviewed: a local cache written by this job
        return pickle.load(open(path, "rb"))


@staticmethod
def helper_${i}(path):
    return torch.load(path)
`;
}

// Fixes are compared by title and text: a module-level binding a fix adds (an audit logger) goes
// before the part's first statement rather than after the file's imports, still valid code.
const plain = (findings: ReturnType<typeof analyzePython>['findings']) =>
  findings.map((f) => ({
    rule: f.ruleId,
    span: f.span,
    message: f.message,
    snippet: f.snippet,
    related: f.related,
    fixes: f.fixes.map((x) => [x.title, x.edits.map((e) => e.text)]),
    suppressed: f.suppression,
  }));

describe('analysis in parts of very large files', () => {
  before(() => ready);

  it('independent blocks: the same findings, positions, fixes and suppressions as one whole analysis', () => {
    const source = HEADER + Array.from({ length: 12 }, (_, i) => block(i)).join('');
    const whole = analyzePython(source, 'big.py');
    whole.tree.delete();
    const parts = analyzeLarge(source, 'big.py', undefined, {}, { threshold: 1000, target: 1500 });
    assert.ok(parts.parts >= 4, `expected several parts, got ${parts.parts}`);
    assert.ok(whole.findings.length > 30);
    assert.deepEqual(plain(parts.findings), plain(whole.findings));
    assert.deepEqual(parts.findings.map((f) => f.fingerprint), whole.findings.map((f) => f.fingerprint));
  });

  it('a file under the threshold is analysed whole', () => {
    const source = HEADER + block(1);
    assert.equal(analyzeLarge(source, 'a.py').parts, 1);
  });

  it('file pragmas apply to every part; syntax errors keep whole-file lines', () => {
    const source = '# mlguard: ignore-file[AUD002] audited by the caller\n' + HEADER + Array.from({ length: 6 }, (_, i) => block(i)).join('') + 'def broken(:\n    pass\n';
    const parts = analyzeLarge(source, 'big.py', undefined, {}, { threshold: 1000, target: 1500 });
    const sec = parts.findings.filter((f) => f.ruleId === 'AUD002');
    assert.ok(sec.length >= 6);
    assert.ok(sec.every((f) => f.suppression?.kind === 'file' && f.suppression.line === 1));
    const brokenLine = source.split('\n').indexOf('def broken(:') + 1;
    assert.deepEqual(parts.syntaxErrors.map((e) => e.line), [brokenLine]);
  });

  it('the scan cuts only between whole statements, never after a comment or a decorator', () => {
    const source = [
      'x = """',
      'not_a_statement = 1',
      '"""',
      'y = (1,',
      'z)',
      'if x:',
      '    pass',
      'else:',
      '    pass',
      '# a pragma line',
      'w = 2 + \\',
      '3',
      '@decorator',
      'def f():',
      "    s = 'it''s # not a comment'",
      'v = {"a": [',
      ']}',
      '',
    ].join('\n');
    const o = outlineModule(source);
    const lines = source.split('\n');
    assert.deepEqual(
      o.statements.map((s) => [lines[s.line], s.cuttable]),
      [['x = """', true], ['y = (1,', true], ['if x:', true], ['w = 2 + \\', false], ['@decorator', true], ['def f():', false], ['v = {"a": [', true]],
    );
    assert.deepEqual(o.comments.map((c) => c.line), [9]);
    const firstLogical = o.statements.map((s) => source.slice(s.start, s.firstLogicalEnd));
    assert.equal(firstLogical[1], 'y = (1,\nz)\n');
    assert.equal(firstLogical[3], 'w = 2 + \\\n3\n');
    // Every part boundary is a statement start, and the parts tile the file.
    const ranges = partRanges(source, o, 10);
    assert.equal(ranges[0].start, 0);
    assert.equal(ranges[ranges.length - 1].end, source.length);
    for (let k = 1; k < ranges.length; k++) {
      assert.equal(ranges[k].start, ranges[k - 1].end);
      assert.ok(o.statements.some((s) => s.start === ranges[k].start && s.cuttable));
    }
  });

  it('the parts of a corpus file parse: cutting the fixtures never produces a syntax error the whole file lacks', () => {
    const file = join(__dirname, '../fixtures/rules/PII001.py');
    const source = readFileSync(file, 'utf8');
    const whole = analyzePython(source, 'PII001.py');
    const wholeErrors = whole.syntaxErrors.length;
    whole.tree.delete();
    const parts = analyzeLarge(source, 'PII001.py', undefined, {}, { threshold: 10, target: 200 });
    assert.ok(parts.parts > 3);
    assert.equal(parts.syntaxErrors.length, wholeErrors);
  });
});
