// Report formatters: SARIF validity against the official 2.1.0 schema, stable fingerprints,
// suppressions kept with their justification, masking of secrets in every format.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { analyzeCells, analyzePython, LineIndex, readNotebookCells, type Finding } from '../../src/engine';
import { buildJsonReport, buildSarif, caretLine, formatMarkdown, formatText, maskedColumn, mdEscape, mdInline, ruleDocText, summarize, type ReportInput } from '../../src/engine/reports';
import { RULES } from '../../src/rules';
import { ready } from '../helpers/engine';
import { AWS_KEY, notebook, PASSWORD, project, runCli, TEST_RULES } from './cli-support';

// The official schema, as shipped by @microsoft/jest-sarif (draft-04; its keywords used here are
// the same in the draft ajv 8 implements, so only the draft-04 `id` is renamed).
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.id;
  // The schema's language pattern is not valid with the u flag (a stray ']'): compile without it.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
  return ajv.compile(schema);
}

const SOURCE = [
  'import os',
  '',
  `password = "${PASSWORD}"`,
  `aws_key = "${AWS_KEY}"  # mlguard: ignore[SEC999] revoked key kept for the regression fixture`,
  'resp = requests.get("https://x", verify=False)',
  'x = 1  # mlguard: ignore[SEC999]',
  '',
].join('\n');

function inputFor(findings: Finding[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    findings,
    rules: TEST_RULES.map((r) => r.meta),
    diagnostics: [{ path: 'src/broken.py', severity: 'warning', message: 'syntax error at line 2, column 1', line: 2, column: 1 }],
    analysed: ['src/app.py', 'nb/eda.ipynb'],
    skipped: [{ path: 'blob.py', reason: 'binary file (NUL byte at byte 4), skipped' }],
    toolVersion: '0.1.0',
    ...extra,
  };
}

describe('reports', () => {
  let findings: Finding[];
  let input: ReportInput;
  let nbTokenLine = 0;
  before(async () => {
    await ready;
    const py = analyzePython(SOURCE, 'src/app.py', undefined, { rules: TEST_RULES });
    py.tree.delete();
    const nbText = notebook([['markdown', '# EDA\n'], `import os\ntoken = "${AWS_KEY}"\n`]);
    const nb = analyzeCells(readNotebookCells(nbText), 'nb/eda.ipynb', undefined, { rules: TEST_RULES });
    nbTokenLine = nbText.split('\n').findIndex((l) => l.includes('token = ')) + 1;
    findings = [...py.findings, ...nb.findings];
    input = inputFor(findings, { sources: new Map([['src/app.py', new LineIndex(SOURCE)]]) });
  });

  it('the fixture has what the format tests need', () => {
    const ids = findings.map((f) => `${f.ruleId}${f.suppression ? '(s)' : ''}${f.cell ? '(nb)' : ''}`);
    assert.deepEqual(ids, ['SEC999', 'SEC999(s)', 'TLS999', 'MLG001', 'SEC999(nb)']);
  });

  it('summary counts severities, families, suppressed and fixable', () => {
    const s = summarize(input);
    assert.deepEqual(s.bySeverity, { error: 2, warning: 2, note: 0 });
    assert.deepEqual(s.byFamily, { SEC: 2, TLS: 1, MLG: 1 });
    assert.deepEqual(Object.keys(s.byFamily), ['SEC', 'TLS', 'MLG'], 'documented family order');
    assert.equal(s.suppressed, 1);
    assert.equal(s.fixable, 2);
    assert.equal(s.unsafeFixable, 1);
    assert.equal(s.filesWithFindings, 2);
  });

  describe('SARIF', () => {
    let log: Sarif.Log;
    before(() => {
      log = buildSarif(input);
    });

    it('validates against the official SARIF 2.1.0 schema', () => {
      const validate = sarifValidator();
      const ok = validate(log);
      assert.ok(ok, JSON.stringify(validate.errors, null, 1));
      // The validator is not vacuous: a broken log fails.
      const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
      broken.runs[0].results[0].level = 'critical';
      assert.equal(validate(broken), false);
    });

    it('describes the rules: help text and markdown, helpUri, tags, security-severity, precision', () => {
      const run = log.runs[0];
      assert.equal(run.columnKind, 'utf16CodeUnits');
      const driver = run.tool.driver;
      assert.equal(driver.name, 'MLGuard');
      assert.equal(driver.version, '0.1.0');
      assert.match(driver.informationUri ?? '', /^https:\/\//);
      const sec = driver.rules?.find((r) => r.id === 'SEC999');
      assert.ok(sec);
      assert.equal(sec.name, 'test-hardcoded-secret');
      assert.equal(sec.shortDescription?.text, 'Test: hardcoded secret');
      assert.match(sec.help?.markdown ?? '', /## Why is this bad/);
      assert.match(sec.help?.text ?? '', /Use instead/);
      assert.match(sec.helpUri ?? '', /docs\/rules\/SEC999\.md$/);
      assert.equal(sec.defaultConfiguration?.level, 'error');
      assert.equal(sec.properties?.['security-severity'], '8.0');
      assert.equal(sec.properties?.precision, 'high');
      assert.deepEqual(sec.properties?.tags, ['SEC', 'security', 'GDPR Art. 32', 'NIST AI RMF Manage', 'STRIDE Information disclosure', 'CWE-798']);
    });

    it('results: ruleIndex, relative URIs under %SRCROOT%, UTF-16 regions, fingerprints', () => {
      const run = log.runs[0];
      const r = run.results?.find((x) => x.ruleId === 'SEC999' && !x.suppressions && !x.properties?.cell);
      assert.ok(r);
      assert.equal(run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id, 'SEC999');
      const loc = r.locations?.[0]?.physicalLocation;
      assert.deepEqual(loc?.artifactLocation, { uri: 'src/app.py', uriBaseId: '%SRCROOT%' });
      assert.deepEqual({ ...loc?.region, snippet: undefined }, { startLine: 3, startColumn: 12, endLine: 3, endColumn: 39, snippet: undefined });
      assert.match(r.partialFingerprints?.['mlguardFingerprint/v1'] ?? '', /^[0-9a-f]{32}$/);
    });

    it('safe fixes become artifactChanges with line/column regions; unsafe ones do not', () => {
      const results = log.runs[0].results ?? [];
      const sec = results.find((x) => x.ruleId === 'SEC999' && !x.suppressions && !x.properties?.cell);
      assert.deepEqual(sec?.fixes?.[0]?.artifactChanges[0].replacements[0], {
        deletedRegion: { startLine: 3, startColumn: 12, endLine: 3, endColumn: 39 },
        insertedContent: { text: 'os.environ["PASSWORD"]' },
      });
      assert.equal(results.find((x) => x.ruleId === 'TLS999')?.fixes, undefined);
    });

    it('suppressed findings are kept, with an inSource suppression and its justification', () => {
      const s = (log.runs[0].results ?? []).filter((x) => x.suppressions);
      assert.equal(s.length, 1);
      assert.deepEqual(s[0].suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'revoked key kept for the regression fixture' }]);
    });

    it('notebook findings: region on the .ipynb line holding the source line, the cell and its line as properties', () => {
      const r = (log.runs[0].results ?? []).find((x) => x.properties?.cell);
      assert.equal(r?.properties?.cell, 2);
      assert.equal(r?.properties?.cellLine, 2);
      assert.ok(nbTokenLine > 2);
      assert.deepEqual(r?.locations?.[0].physicalLocation?.region, { startLine: nbTokenLine }, 'the .ipynb line that holds `token = ...`');
      assert.match(r?.message.text ?? '', /\(notebook cell 2, line 2\)$/);
    });

    it('diagnostics become tool execution notifications', () => {
      const n = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
      assert.equal(n.length, 1);
      assert.equal(n[0].locations?.[0].physicalLocation?.region?.startLine, 2);
    });

    it('paths with spaces and non-ASCII are percent-encoded URIs', () => {
      const f = { ...findings[0], path: 'my dir/dönér.py' };
      const l = buildSarif(inputFor([f]));
      assert.equal(l.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri, 'my%20dir/d%C3%B6n%C3%A9r.py');
      assert.ok(sarifValidator()(l));
    });
  });

  it('fingerprints are stable when lines are inserted above', async () => {
    await ready;
    const shifted = `"""Module docstring."""\nimport sys\n\n\n${SOURCE}`;
    const a = analyzePython(SOURCE, 'a.py', undefined, { rules: TEST_RULES });
    const b = analyzePython(shifted, 'a.py', undefined, { rules: TEST_RULES });
    a.tree.delete();
    b.tree.delete();
    assert.deepEqual(
      b.findings.map((f) => f.fingerprint),
      a.findings.map((f) => f.fingerprint),
    );
    assert.deepEqual(
      b.findings.map((f) => f.span.line - 4),
      a.findings.map((f) => f.span.line),
    );
    const sa = buildSarif(inputFor(a.findings)).runs[0].results?.map((r) => r.partialFingerprints);
    const sb = buildSarif(inputFor(b.findings)).runs[0].results?.map((r) => r.partialFingerprints);
    assert.deepEqual(sb, sa);
  });

  it('JSON: versioned, documented shape; suppressed findings included', () => {
    const j = buildJsonReport(input);
    assert.equal(j.version, 1);
    assert.deepEqual(j.tool, { name: 'mlguard', version: '0.1.0' });
    assert.deepEqual(Object.keys(j), ['version', 'tool', 'summary', 'findings', 'diagnostics', 'files']);
    const f = j.findings.find((x) => x.suppression);
    assert.equal(f?.suppression?.reason, 'revoked key kept for the regression fixture');
    const nb = j.findings.find((x) => x.cell);
    assert.deepEqual([nb?.path, nb?.cell, nb?.line, nb?.column], ['nb/eda.ipynb', 2, 2, 9]);
    assert.deepEqual(Object.keys(j.findings.find((x) => x.path === 'src/app.py') ?? {}).sort(), ['column', 'end', 'endColumn', 'endLine', 'family', 'fingerprint', 'fixes', 'line', 'message', 'path', 'related', 'ruleId', 'ruleName', 'severity', 'snippet', 'start'].sort());
    assert.deepEqual(j.files.skipped, [{ path: 'blob.py', reason: 'binary file (NUL byte at byte 4), skipped' }]);
  });

  it('Markdown: summary table, findings by file with line links, suppressions with reasons, rule links', () => {
    const md = formatMarkdown(input);
    assert.match(md, /^## MLGuard report\n\nFound \*\*4 problems\*\* in 2 files \(2 files analysed\)\./);
    assert.match(md, /\| SEC \| 2 \| 0 \| 0 \| 2 \|/);
    assert.match(md, /\| \*\*All\*\* \| \*\*2\*\* \| \*\*2\*\* \| \*\*0\*\* \| \*\*4\*\* \|/);
    assert.match(md, /#### `src\/app\.py`\n\n- 🔴 error \[SEC999\]\(https:\/\/[^)]+\/docs\/rules\/SEC999\.md\) \[line 3\]\(src\/app\.py#L3\): /);
    assert.match(md, /cell 2, line 2: /);
    assert.match(md, /### Suppressions to review\n\n\| Location \| Rule \| Reason \|\n\|---\|---\|---\|\n\| `src\/app\.py` \[line 4\]\(src\/app\.py#L4\) \| \[SEC999\]\([^)]+\) \| revoked key kept for the regression fixture \|/);
    assert.match(md, /### Rules\n\n- \[MLG001\]/);
    const linked = formatMarkdown({ ...input, linkBase: 'https://github.com/o/r/blob/abc/' });
    assert.match(linked, /\[line 3\]\(https:\/\/github\.com\/o\/r\/blob\/abc\/src\/app\.py#L3\)/);
  });

  it('rule docs as text wrap prose at 96 columns and keep code examples verbatim', () => {
    const long = { ...TEST_RULES[1].meta, docs: { ...TEST_RULES[1].meta.docs, why: 'word '.repeat(60).trim(), example: { bad: `x = ${'1 + '.repeat(40)}1`, good: 'x = 1' } } };
    const text = ruleDocText(long);
    const why = text.split('Why is this bad\n')[1].split('\n\n')[0].split('\n');
    assert.ok(why.length >= 3 && why.every((l) => l.length <= 96 && l.startsWith('  word')));
    assert.ok(text.includes(`    x = ${'1 + '.repeat(40)}1`));
  });

  it('Markdown escapes table-breaking and HTML characters in messages', () => {
    assert.equal(mdEscape('a | b <script> *x*\nnext'), 'a \\| b \\<script\\> \\*x\\* next');
    assert.equal(mdInline('Drop `email`, `phone_no` from <b>X</b>_y_'), 'Drop `email`, `phone_no` from \\<b\\>X\\</b\\>\\_y\\_');
  });

  it('text: caret lines handle tabs, empty spans and multi-line spans', () => {
    assert.equal(caretLine('\tx = 1', 2, 3, false), '\t^');
    assert.equal(caretLine('abc', 2, 2, false), ' ^');
    assert.equal(caretLine('call(a,', 5, 2, true), '    ^^^');
    const t = formatText(input);
    assert.match(t, /^nb\/eda\.ipynb:cell 2:2:9: SEC999 \[error\]/m);
    assert.match(t, /Found 4 problems \(2 errors, 2 warnings\) in 2 files \(2 files analysed, 1 skipped\)\./);
  });

  it('carets map original columns onto the masked snippet', () => {
    // password = "Tr0ub4dor&3-horse-battery"; x = 1   (literal at columns 12..38, `x` at 41)
    const masked = 'password = "Tr0u********(25 chars)"; x = 1';
    assert.equal(maskedColumn(masked, 12), 12);
    assert.equal(maskedColumn(masked, 13), 13);
    assert.equal(maskedColumn(masked, 38), 35, 'closing quote');
    assert.equal(masked[maskedColumn(masked, 41) - 1], 'x');
    assert.equal(masked[maskedColumn(masked, 20) - 1], '*', 'inside the secret: within the masked token');
    assert.equal(maskedColumn('no secrets here', 5), 5);
  });

  it('long lines are clipped around the finding, carets still aligned', async () => {
    await ready;
    const src = `x = [${'1, '.repeat(3000)}0]; password = "${PASSWORD}"; y = [${'2, '.repeat(3000)}0]\n`;
    const res = analyzePython(src, 'long.py', undefined, { rules: TEST_RULES });
    res.tree.delete();
    const inp = inputFor(res.findings);
    const lines = formatText(inp).split('\n');
    const i = lines.findIndex((l) => l.startsWith('1 | '));
    const shown = lines[i].slice(4);
    const carets = lines[i + 1].slice(4);
    assert.ok(shown.length <= 162, `clipped to ${shown.length}`);
    assert.match(shown, /^….*…$/);
    assert.equal(carets.indexOf('^'), shown.indexOf('"Tr0u'));
    assert.equal(carets.trim().length, shown.indexOf(';', shown.indexOf('"Tr0u')) - shown.indexOf('"Tr0u'));
    assert.ok(buildJsonReport(inp).findings[0].snippet.length <= 1002);
    assert.ok((buildSarif(inp).runs[0].results?.[0].locations?.[0].physicalLocation?.region?.snippet?.text?.length ?? 0) <= 1002);
  });

  it('a planted AWS key and password never appear whole in any format', () => {
    const outputs = { text: formatText(input), quiet: formatText(input, { quiet: true }), json: JSON.stringify(buildJsonReport(input)), sarif: JSON.stringify(buildSarif(input)), markdown: formatMarkdown(input) };
    for (const [name, out] of Object.entries(outputs)) {
      assert.ok(!out.includes(AWS_KEY), `${name} leaks the AWS key`);
      assert.ok(!out.includes(PASSWORD), `${name} leaks the password`);
    }
    assert.match(outputs.text, /Tr0u\*+\(25 chars\)/);
  });

  it('end to end through the CLI: no format leaks the planted secrets', async () => {
    const p = project({
      'app.py': SOURCE,
      'nb.ipynb': notebook([`token = "${AWS_KEY}"\n`]),
    });
    try {
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        for (const extra of [[], ['--ignore-suppressions']]) {
          const r = await runCli(['audit', '--format', format, ...extra], p.dir);
          assert.equal(r.code, 1);
          assert.ok(r.stdout.length > 200, format);
          assert.ok(!(r.stdout + r.stderr).includes(AWS_KEY), `${format} ${extra.join(' ')} leaks the AWS key`);
          assert.ok(!(r.stdout + r.stderr).includes(PASSWORD), `${format} ${extra.join(' ')} leaks the password`);
        }
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('notebook related locations name their cell and line', () => {
  // A frame loaded in cell 1 and trained on in cell 3 (cell 2 is Markdown): PII001's flow crosses cells.
  const nbText = notebook([
    'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\ndf = pd.read_csv("customers.csv")\n',
    ['markdown', '# Model\n'],
    'X = df[["email", "age"]]\nmodel = LogisticRegression().fit(X, df["churned"])\n',
  ]);
  let findings: Finding[] = [];
  before(async () => {
    await ready;
    findings = analyzeCells(readNotebookCells(nbText), 'nb/churn.ipynb').findings;
  });

  it('every related message ends with "(cell N, line L)" matching its structured cell', () => {
    const related = findings.flatMap((f) => f.related);
    assert.ok(related.length >= 2, JSON.stringify(findings.map((f) => f.ruleId)));
    for (const r of related) {
      assert.ok(r.cell, `related location without its cell: ${r.message}`);
      assert.ok(r.message.endsWith(`(cell ${r.cell.index + 1}, line ${r.cell.line})`), r.message);
      assert.equal(r.cell.line, r.span.line);
    }
    const crossing = findings.filter((f) => f.related.some((r) => r.cell?.index !== f.cell?.index));
    assert.ok(crossing.some((f) => f.cell?.index === 0 && f.related.some((r) => /\(cell 3, line [12]\)$/.test(r.message))), `a finding in cell 1 points at the use in cell 3: ${JSON.stringify(findings.map((f) => [f.ruleId, f.cell?.index, f.related.map((r) => r.message)]))}`);
  });

  it('JSON carries the related cell; text notes do not prefix a misleading file line', () => {
    const input: ReportInput = { findings, rules: RULES.map((r) => r.meta), diagnostics: [], analysed: ['nb/churn.ipynb'], skipped: [], toolVersion: '0.1.0' };
    const related = buildJsonReport(input).findings.flatMap((f) => f.related);
    assert.ok(related.length >= 2 && related.every((r) => r.cell !== undefined && r.message.endsWith(`(cell ${r.cell}, line ${r.line})`)), JSON.stringify(related));
    const notes = formatText(input).split('\n').filter((l) => l.includes('note: '));
    assert.ok(notes.length >= 2 && notes.every((l) => !/note: line \d/.test(l) && /\(cell \d, line \d\)$/.test(l)), notes.join('\n'));
  });

  it('SARIF relatedLocations: the .ipynb line of the related source line, with cell and line as properties', () => {
    const log = buildSarif({ findings, rules: RULES.map((r) => r.meta), diagnostics: [], analysed: ['nb/churn.ipynb'], skipped: [], toolVersion: '0.1.0' });
    assert.ok(sarifValidator()(log));
    const lines = nbText.split('\n');
    const rels = (log.runs[0].results ?? []).flatMap((r) => r.relatedLocations ?? []);
    assert.ok(rels.length >= 2);
    for (const rel of rels) {
      const cellNo = rel.properties?.cell as number;
      const cellLine = rel.properties?.cellLine as number;
      assert.match(rel.message?.text ?? '', new RegExp(`\\(cell ${cellNo}, line ${cellLine}\\)$`));
      const startLine = rel.physicalLocation?.region?.startLine ?? 0;
      const source = readNotebookCells(nbText).find((c) => c.index === cellNo - 1)?.source.split('\n')[cellLine - 1] ?? '';
      assert.ok(source && startLine > 0 && lines[startLine - 1].includes(JSON.stringify(source + '\n').slice(1, -1)), `region line ${startLine} holds ${source}`);
    }
  });
});
