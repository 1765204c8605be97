// `mlguard verify` and `mlguard report`, run in-process on copies of the fixture workspace; plus
// the sidebar page shell's CSP (plain Node: the host builds it without VS Code).
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../helpers/engine';
import { run as verify } from '../../src/cli/commands/verify';
import { run as report } from '../../src/cli/commands/report';
import { ComplianceStore, SIGNOFFS_FILE, CHECKLIST_FILE, type Actor } from '../../src/compliance/store';
import { contentSecurityPolicy, makeNonce, pageHtml } from '../../src/extension/compliance/html';

const FIXTURE = join(__dirname, '..', 'fixtures', 'compliance', 'credit');
const actor: Actor = { name: 'Ada', now: () => new Date('2026-11-25T12:00:00Z') };

function capture(): { out: string[]; err: string[]; o: (s: string) => void; e: (s: string) => void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (s) => out.push(s), e: (s) => err.push(s) };
}

describe('cli: mlguard verify / report', () => {
  before(() => ready);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlguard-cli-'));
    cpSync(FIXTURE, root, { recursive: true });
    const store = new ComplianceStore(root);
    let r = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'done', owner: 'Bob' }, actor, { reason: 'contract' });
    assert.ok(r.ok);
    r = store.updateThreat(r.snapshot, 'DOS-SERVING@workspace', { status: 'accepted', reason: 'batch only', owner: 'Bob' }, actor);
    assert.ok(r.ok);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('verify exits 0 on intact files and says what it checked', async () => {
    const c = capture();
    assert.equal(await verify(['--root', root], c.o, c.e), 0);
    assert.match(c.out.join(''), /OK .*checklist\.toml.*2 sign-off\(s\), chain intact/);
  });

  it('verify exits 1 and names the line when a log entry is tampered with', async () => {
    const path = join(root, SIGNOFFS_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"owner":"Bob","reason":"contract"', '"owner":"Eve","reason":"contract"'));
    const c = capture();
    assert.equal(await verify(['--root', root], c.o, c.e), 1);
    assert.match(c.err.join(''), /\.mlguard\/signoffs\.jsonl:1:1: entry 1 was modified after it was signed/);
  });

  it('verify exits 1 on a schema error, with file:line:column', async () => {
    const path = join(root, CHECKLIST_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('status = "todo"', 'status = "maybe"'));
    const c = capture();
    assert.equal(await verify(['--root', root], c.o, c.e), 1);
    assert.match(c.err.join(''), /\.mlguard\/checklist\.toml:\d+:1: art5-minimisation\.status: must be equal to one of the allowed values/);
  });

  it('verify exits 2 on usage errors and without a .mlguard folder', async () => {
    const c = capture();
    assert.equal(await verify(['--bogus'], c.o, c.e), 2);
    assert.equal(await verify(['--root', tmpdir() + '/does-not-exist-mlguard'], c.o, c.e), 2);
    assert.match(c.err.join(''), /no \.mlguard folder/);
  });

  it('report writes Markdown to stdout and HTML to a file', async () => {
    const c = capture();
    assert.equal(await report(['--root', root], c.o, c.e), 0);
    const md = c.out.join('');
    assert.match(md, /^# Compliance report: /);
    assert.match(md, /\| Art\. 6 \| Lawful basis for processing \| Done \(signed [0-9a-f]{8}[^|]*\) \| Bob \|/);
    assert.match(md, /SER001/);
    const file = join(root, 'r.html');
    assert.equal(await report(['--root', root, '--format', 'html', '--output', file], c.o, c.e), 0);
    assert.ok(existsSync(file));
    assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>[\s\S]*<h2>Checklists<\/h2>[\s\S]*<h3>GDPR<\/h3>/);
    assert.equal(await report(['--format', 'pdf'], c.o, c.e), 2);
  });

  it('report exits 1 (and still reports) when .mlguard files are broken', async () => {
    writeFileSync(join(root, CHECKLIST_FILE), 'schema = 1\n[item.x\n');
    const c = capture();
    assert.equal(await report(['--root', root], c.o, c.e), 1);
    assert.match(c.out.join(''), /## Problems in `\.mlguard\/` files/);
    assert.match(c.err.join(''), /checklist\.toml:2:/);
  });
});

describe('webview shell: content security policy', () => {
  it('is strict: default-src none, our stylesheet, only the nonce\'d script', () => {
    const nonce = makeNonce();
    const html = pageHtml({ cspSource: 'https://*.vscode-cdn.net', nonce, scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/sidebar.css' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp);
    assert.equal(csp, contentSecurityPolicy('https://*.vscode-cdn.net', nonce));
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.ok(!/unsafe-inline|unsafe-eval|\*;|data:/.test(csp));
    const scripts = [...html.matchAll(/<script([^>]*)>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce}"`));
  });

  it('draws a fresh unguessable nonce each time', () => {
    const seen = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(seen.size, 50);
    for (const n of seen) assert.match(n, /^[A-Za-z0-9]{20,}$/);
  });
});
