// Rule documentation pages: a theme-aware webview (only --vscode-* colours, strict CSP, no
// scripts) rendered from the rule's metadata. Reached from the command palette (with a quick pick),
// from the "Show rule documentation" code action, and from the rule code link of a diagnostic:
// that link is a `mlguard-rule:/<ID>.mlguard-rule` URI, served read-only by a small file system
// provider (markdown text) and opened by a custom read-only editor that shows the same page.
// (A `command:` link would be simpler but VS Code ignores command URIs in diagnostic codes.)
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { RULES, ruleById, type RuleMeta } from '../engine';

export const RULE_SCHEME = 'mlguard-rule';
export const RULE_EDITOR = 'mlguard.ruleDocumentation';

export function ruleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${ruleId}.mlguard-rule` });
}

function idFromUri(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.mlguard-rule$/, '');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline `code` spans in doc prose. */
const prose = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

export function ruleMarkdown(meta: RuleMeta): string {
  const r = meta.references;
  const refs = [
    r.cwe.length ? `- CWE: ${r.cwe.join(', ')}` : '',
    r.gdpr.length ? `- GDPR: ${r.gdpr.join(', ')}` : '',
    r.nist.length ? `- NIST AI RMF: ${r.nist.join(', ')}` : '',
    r.stride.length ? `- STRIDE: ${r.stride.join(', ')}` : '',
    r.owaspMl?.length ? `- OWASP ML Top 10: ${r.owaspMl.join(', ')}` : '',
    r.atlas?.length ? `- MITRE ATLAS: ${r.atlas.join(', ')}` : '',
    ...(r.links ?? []).map((l) => `- ${l}`),
  ].filter(Boolean);
  return [
    `# ${meta.id} ${meta.name}`,
    '',
    `**${meta.title}** (family ${meta.family}, default severity ${meta.defaultSeverity}, confidence ${meta.confidence})`,
    '',
    '## What it does',
    meta.docs.what,
    '',
    '## Why is this bad',
    meta.docs.why,
    '',
    '## Example',
    '```python',
    meta.docs.example.bad,
    '```',
    'Use instead:',
    '```python',
    meta.docs.example.good,
    '```',
    '',
    '## Fix safety',
    meta.docs.fixSafety,
    '',
    ...(refs.length ? ['## References', ...refs, ''] : []),
    '## Suppressing',
    `\`# mlguard: ignore[${meta.id}] <reason>\` on the line, or on a comment line above it. The reason is required.`,
    '',
  ].join('\n');
}

export function ruleHtml(meta: RuleMeta, cspSource: string): string {
  const nonce = randomBytes(16).toString('base64');
  const r = meta.references;
  const refRows: [string, string[] | undefined][] = [
    ['CWE', r.cwe],
    ['GDPR', r.gdpr],
    ['NIST AI RMF', r.nist],
    ['STRIDE', r.stride],
    ['OWASP ML Top 10', r.owaspMl],
    ['MITRE ATLAS', r.atlas],
    ['Links', r.links],
  ];
  const refs = refRows
    .filter(([, v]) => v && v.length)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v!.map(esc).join(', ')}</td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(meta.id)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); line-height: 1.5; max-width: 52rem; padding: 0 1.5rem 2rem; }
  h1 { font-size: 1.5em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .3em; }
  h1 .id { color: var(--vscode-textLink-foreground); margin-right: .4em; }
  h2 { font-size: 1.15em; margin-top: 1.5em; }
  .badges span { display: inline-block; margin-right: .5em; padding: 0 .5em; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: .9em; }
  .bad, .good { border-left: 3px solid; padding: .1em .8em; margin: .6em 0; background: var(--vscode-textCodeBlock-background); }
  .bad { border-color: var(--vscode-editorError-foreground); }
  .good { border-color: var(--vscode-testing-iconPassed, var(--vscode-editorInfo-foreground)); }
  .label { font-size: .85em; opacity: .8; }
  pre { white-space: pre-wrap; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); margin: .3em 0; }
  code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 .25em; border-radius: 3px; }
  table { border-collapse: collapse; }
  th { text-align: left; padding-right: 1.5em; font-weight: 600; vertical-align: top; }
  td, th { padding-top: .2em; padding-bottom: .2em; }
</style>
</head>
<body>
<h1><span class="id">${esc(meta.id)}</span>${esc(meta.name)}</h1>
<p class="badges"><span>${esc(meta.family)}</span><span>default: ${esc(meta.defaultSeverity)}</span><span>confidence: ${esc(meta.confidence)}</span><span>fix: ${esc(meta.fixAvailability)}</span></p>
<p><strong>${prose(meta.title)}</strong></p>
<h2>What it does</h2>
<p>${prose(meta.docs.what)}</p>
<h2>Why is this bad</h2>
<p>${prose(meta.docs.why)}</p>
<h2>Example</h2>
<div class="bad"><div class="label">Problem</div><pre>${esc(meta.docs.example.bad)}</pre></div>
<div class="good"><div class="label">Use instead</div><pre>${esc(meta.docs.example.good)}</pre></div>
<h2>Fix safety</h2>
<p>${meta.fixTitle ? `Quick fix: <em>${prose(meta.fixTitle)}</em>. ` : ''}${prose(meta.docs.fixSafety)}</p>
${refs ? `<h2>References</h2><table>${refs}</table>` : ''}
<h2>Suppressing</h2>
<p>Write <code># mlguard: ignore[${esc(meta.id)}] &lt;reason&gt;</code> at the end of the line or on a comment line above it. The reason is required: a pragma without one suppresses nothing.</p>
</body>
</html>`;
}

class RuleDocFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private text(uri: vscode.Uri): Uint8Array {
    const rule = ruleById(idFromUri(uri));
    if (!rule) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(ruleMarkdown(rule.meta));
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.text(uri).byteLength, permissions: vscode.FilePermission.Readonly };
  }
  readDirectory(): [string, vscode.FileType][] {
    return RULES.map((r) => [`${r.meta.id}.mlguard-rule`, vscode.FileType.File]);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    return this.text(uri);
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('rule documentation is read-only');
  }
  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('rule documentation is read-only');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('rule documentation is read-only');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('rule documentation is read-only');
  }
}

class RuleDocEditor implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }
  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const rule = ruleById(idFromUri(document.uri));
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    panel.webview.html = rule ? ruleHtml(rule.meta, panel.webview.cspSource) : `<p>No MLGuard rule ${esc(idFromUri(document.uri))}.</p>`;
  }
}

export class RuleDocs implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The rule the panel shows (for tests and the e2e test). */
  current: string | undefined;

  constructor() {
    this.disposables.push(
      vscode.workspace.registerFileSystemProvider(RULE_SCHEME, new RuleDocFileSystem(), { isReadonly: true, isCaseSensitive: false }),
      vscode.window.registerCustomEditorProvider(RULE_EDITOR, new RuleDocEditor()),
    );
  }

  /** Shows a rule's page; without an ID, asks with a quick pick of all rules. */
  async show(ruleId?: string): Promise<string | undefined> {
    let id = typeof ruleId === 'string' ? ruleId : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(
        RULES.map((r) => ({ label: r.meta.id, description: r.meta.name, detail: r.meta.title })),
        { title: 'MLGuard: Show Rule Documentation', placeHolder: 'Pick a rule', matchOnDescription: true, matchOnDetail: true },
      );
      id = pick?.label;
    }
    if (!id) return undefined;
    const rule = ruleById(id);
    if (!rule) {
      void vscode.window.showWarningMessage(`MLGuard has no rule ${id}.`);
      return undefined;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('mlguard.rule', rule.meta.id, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.current = undefined;
      });
    }
    this.panel.title = `MLGuard ${rule.meta.id}`;
    this.panel.webview.html = ruleHtml(rule.meta, this.panel.webview.cspSource);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.current = rule.meta.id;
    return rule.meta.id;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
