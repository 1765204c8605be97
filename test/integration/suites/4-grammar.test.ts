// The pragma injection grammar: contributed for Python comments, and its pattern splits a pragma
// into directive, rule codes and reason (TextMate uses Oniguruma; this pattern is also valid
// JavaScript once the (?i) flag is moved to the RegExp flags).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers';

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: { pragma: { match: string; captures: Record<string, { name?: string }> }; codes: { patterns: { match: string; name: string }[] } };
}

describe('pragma grammar', () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const contributed = (ext.packageJSON as { contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] } }).contributes.grammars;
  const entry = contributed.find((g) => g.scopeName === 'mlguard.pragma.injection')!;
  const grammar = JSON.parse(readFileSync(path.join(ext.extensionPath, entry.path), 'utf8')) as Grammar;
  const re = new RegExp(grammar.repository.pragma.match.replace(/^\(\?i\)/, ''), 'i');

  it('is injected into Python comments', () => {
    assert.deepEqual(entry.injectTo, ['source.python']);
    assert.equal(grammar.scopeName, 'mlguard.pragma.injection');
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.python/);
  });

  it('captures the directive, the codes and the reason', () => {
    const m = re.exec('# mlguard: ignore[SEC001, PII] synthetic fixture data  # noqa');
    assert.ok(m);
    assert.equal(m[1], 'mlguard');
    assert.equal(m[3], 'ignore');
    assert.equal(m[5], 'SEC001, PII');
    assert.equal(m[7], 'synthetic fixture data ', 'the reason stops before a second comment');
    assert.equal(grammar.repository.pragma.captures['7'].name, 'string.unquoted.reason.mlguard');
    const file = re.exec('#mlguard:ignore-file[TLS] local test server only');
    assert.equal(file?.[3], 'ignore-file');
    assert.equal(re.exec('# mlguardian: ignore[SEC001] x'), null);
    const ids = new RegExp(grammar.repository.codes.patterns[0].match);
    assert.ok(ids.test('FAIR001') && !ids.test('FAIR1'));
  });
});
