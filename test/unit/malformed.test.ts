// The acceptance bar for bad input: every case gives a clear message and the right exit code, and
// never a stack trace.
import { strict as assert } from 'node:assert';
import { chmodSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../src/engine/rule';
import { decodeSource, firstInvalidUtf8 } from '../../src/cli/source';
import { notebook, PASSWORD, project, runCli, TEST_RULES, type RunResult } from './cli-support';

const SECRET = `password = "${PASSWORD}"\n`;

function noStack(r: RunResult): void {
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
}

describe('malformed input', () => {
  let p: ReturnType<typeof project>;
  afterEach(() => p?.cleanup());

  it('syntax errors: a warning with file:line:col, the rest of the file is still analysed', async () => {
    p = project({ 'broken.py': `def f(:\n    pass\n\n${SECRET}` });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 1, 'the finding after the error still fails the run');
    assert.match(r.stderr, /^mlguard: broken\.py:1:\d+: warning: syntax error at line 1, column \d+; the rest of the file was analysed/m);
    assert.match(r.stdout, /^broken\.py:4:12: SEC999/m);
  });

  it('binary files (NUL bytes) are skipped with a message', async () => {
    p = project({ 'blob.py': new Uint8Array([0x78, 0x3d, 0x31, 0x0a, 0x00, 0xff, 0x10]), 'ok.py': 'x = 1\n' });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^mlguard: blob\.py: warning: binary file \(NUL byte at byte 4\), skipped$/m);
    assert.match(r.stdout, /No problems found \(1 file analysed, 1 skipped\)\./);
  });

  it('empty files and whitespace-only files are fine', async () => {
    p = project({ 'empty.py': '', 'blank.py': '\n\n   \n', 'empty.ipynb': notebook([]) });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /No problems found \(3 files analysed\)/);
  });

  it('non-UTF-8 files are skipped, naming the byte offset (and a declared coding)', async () => {
    p = project({
      'latin.py': Buffer.concat([Buffer.from('# café\nname = "Jos'), Buffer.from([0xe9]), Buffer.from('"\n')]),
      'cookie.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nx = "'), Buffer.from([0xff]), Buffer.from('"\n')]),
      'utf16.py': Buffer.from('\ufeffx = 1\n', 'utf16le'),
    });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^mlguard: latin\.py: warning: not UTF-8 at byte 19, skipped$/m);
    assert.match(r.stderr, /^mlguard: cookie\.py: warning: not UTF-8 at byte 31, skipped \(declared coding "latin-1" is not supported: convert the file to UTF-8\)$/m);
    assert.match(r.stderr, /^mlguard: utf16\.py: warning: UTF-16 encoded/m);
  });

  it('the UTF-8 validator finds the first bad byte (overlong, surrogate, truncated)', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('héllo ✓ 𝄞')), -1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xed, 0xa0, 0x80])), 2);
    assert.equal(firstInvalidUtf8(new Uint8Array([0xe2, 0x9c])), 0);
    const d = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x78]));
    assert.deepEqual(d, { ok: true, text: 'x', bom: true });
  });

  it('a UTF-8 BOM is stripped: positions are those of the text without it', async () => {
    p = project({ 'bom.py': `\ufeff${SECRET}` });
    const r = await runCli(['audit', '--format', 'json'], p.dir);
    const f = (JSON.parse(r.stdout) as { findings: { line: number; column: number; start: number }[] }).findings[0];
    assert.deepEqual([f.line, f.column, f.start], [1, 12, 11]);
  });

  it('a 5 MB file is analysed whole (its speed is measured by npm run bench, not asserted here)', async function () {
    this.timeout(60000);
    const block = ['import pandas as pd', '', 'def load(path):', '    df = pd.read_csv(path)', '    df = df.dropna()', '    return df[["a", "b", "c"]]', ''].join('\n') + '\n';
    let text = '';
    while (text.length < 5_000_000) text += block;
    text += SECRET;
    p = project({ 'huge.py': text });
    const r = await runCli(['audit', '--format', 'json'], p.dir);
    noStack(r);
    const j = JSON.parse(r.stdout) as { files: { analysed: string[] }; findings: { line: number }[] };
    assert.deepEqual(j.files.analysed, ['huge.py']);
    assert.equal(j.findings.length, 1);
    assert.equal(j.findings[0].line, text.split('\n').length - 1);
  });

  it('files over --max-file-size are skipped with the limit in the message', async () => {
    p = project({ 'big.py': 'x = 1\n'.repeat(400) });
    const r = await runCli(['audit', '--max-file-size', '0.001'], p.dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^mlguard: big\.py: warning: 2\.4 kB, over the 1 kB limit \(raise it with --max-file-size\), skipped$/m);
  });

  it('CRLF and lone-CR files: lines and columns are right', async () => {
    p = project({ 'crlf.py': `import os\r\n\r\nx = 1\r\n${SECRET.replace('\n', '\r\n')}`, 'cr.py': `x = 1\r${SECRET.replace('\n', '\r')}` });
    const r = await runCli(['audit', '-q'], p.dir);
    assert.match(r.stdout, /^crlf\.py:4:12: SEC999/m);
    assert.match(r.stdout, /^cr\.py:2:12: SEC999/m);
  });

  it('tabs: the caret line copies the tabs so it lines up', async () => {
    p = project({ 'tabs.py': `def f():\n\tif True:\n\t\t${SECRET}` });
    const r = await runCli(['audit'], p.dir);
    assert.match(r.stdout, /^3 \| \t\tpassword = "Tr0u\*+\(25 chars\)"\n {2}\| \t\t {11}\^+$/m);
  });

  it('deeply nested code (500 parentheses, 100 nested ifs) does not crash', async () => {
    let ifs = '';
    for (let i = 0; i < 100; i++) ifs += `${' '.repeat(i * 4)}if x${i}:\n`;
    ifs += `${' '.repeat(400)}${SECRET}`;
    p = project({ 'parens.py': `y = ${'('.repeat(500)}1${')'.repeat(500)}\n${SECRET}`, 'ifs.py': ifs, 'unbalanced.py': `z = ${'['.repeat(2000)}\n` });
    const r = await runCli(['audit', '-q'], p.dir);
    noStack(r);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^parens\.py:2:12: SEC999/m);
    assert.match(r.stdout, /^ifs\.py:101:412: SEC999/m);
  });

  it('invalid TOML in the config: file:line: message, exit 2, nothing analysed', async () => {
    p = project({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.mlguard]\ndisable = ["SEC" \n', 'a.py': SECRET });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlguard: error: pyproject\.toml:\d+(:\d+)?: invalid TOML: /);
    assert.equal(r.stdout, '');
  });

  it('unknown config keys and bad values: each reported with its key, exit 2', async () => {
    p = project({ 'pyproject.toml': '[tool.mlguard]\nfoo = 1\n\n[tool.mlguard.severity]\nSEC999 = "critical"\n', 'a.py': SECRET });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlguard: error: pyproject\.toml:2: unknown key "tool\.mlguard\.foo"$/m);
    assert.match(r.stderr, /^mlguard: error: pyproject\.toml:5: "tool\.mlguard\.severity\.SEC999" must be one of "error", "warning", "note", "off"$/m);
  });

  it('a broken --config file exits 2 with its name', async () => {
    p = project({ 'ci.toml': 'exclude = "not-a-list"\n', 'a.py': 'x = 1\n' });
    const r = await runCli(['audit', '--config', 'ci.toml'], p.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlguard: error: ci\.toml:1: "exclude" must be array$/m);
  });

  it('invalid notebook JSON: reported with line and column, skipped', async () => {
    p = project({ 'bad.ipynb': '{\n "cells": [\n  {"cell_type": "code",, }\n ]\n}\n', 'not-nb.ipynb': '{"metadata": {}}\n' });
    const r = await runCli(['audit'], p.dir);
    noStack(r);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^mlguard: bad\.ipynb: warning: not valid JSON: .* at line 3, column \d+, skipped$/m);
    assert.match(r.stderr, /^mlguard: not-nb\.ipynb: warning: not a Jupyter notebook \(nbformat 4\): no "cells" array, skipped$/m);
  });

  it('notebook outputs (images, printed e-mails) are never analysed; findings are located by cell', async () => {
    const outputs = [
      { output_type: 'stream', name: 'stdout', text: [`password = "${PASSWORD}"\n`, 'jane.doe@example.com\n'] },
      { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo' + 'A'.repeat(5000), 'text/plain': ['<Figure>'] }, metadata: {} },
    ];
    p = project({ 'nb.ipynb': notebook([['markdown', `password = "${PASSWORD}"\n`], ['code', 'import os\nprint(os.getcwd())\n', outputs], `x = 1\n${SECRET}`]) });
    const r = await runCli(['audit', '-q'], p.dir);
    assert.equal(r.stdout, 'nb.ipynb:cell 3:2:12: SEC999 [error] Hardcoded secret in `password` (value Tr0u********(25 chars)); read it from the environment (CWE-798).\n');
  });

  it('unreadable files are reported and skipped', async () => {
    // As root nothing is unreadable, so a file that vanishes after discovery stands in (same code path).
    const vanish: Rule = { meta: { ...TEST_RULES[0].meta, id: 'MLG998', name: 'test-vanish' }, check: (ctx) => void (ctx.path === 'a.py' && safeUnlink(join(p.dir, 'b.py'))) };
    p = project({ 'a.py': 'x = 1\n', 'b.py': 'y = 2\n', 'c.py': 'z = 3\n' });
    if (process.getuid?.() !== 0) chmodSync(join(p.dir, 'c.py'), 0o000);
    const r = await runCli(['audit'], p.dir, { rules: [vanish] });
    noStack(r);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^mlguard: b\.py: warning: cannot read \(ENOENT\), skipped$/m);
    if (process.getuid?.() !== 0) assert.match(r.stderr, /^mlguard: c\.py: warning: cannot read \(permission denied\), skipped$/m);
  });

  it('a rule that throws is reported as an internal error and the other rules still run', async () => {
    const boom: Rule = { meta: { ...TEST_RULES[0].meta, id: 'MLG997', name: 'test-boom' }, check: () => { throw new Error('kaboom'); } };
    p = project({ 'a.py': SECRET });
    const r = await runCli(['audit', '-q'], p.dir, { rules: [boom, TEST_RULES[1]] });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /a\.py:1:12: SEC999/);
    const loud = await runCli(['audit'], p.dir, { rules: [boom, TEST_RULES[1]] });
    assert.match(loud.stderr, /a\.py: warning: internal error in rule MLG997: kaboom \(please report this\)/);
  });
});

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
