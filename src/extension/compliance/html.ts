// The sidebar page's HTML shell: strict CSP (nothing but our stylesheet and our nonce'd script),
// resources only from dist/ and media/. Pure string building: tested without VS Code.
import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(16).toString('hex'); // 128 bits from the OS CSPRNG, a fresh one per page
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource}; font-src ${cspSource}`;
}

export function pageHtml(opts: { cspSource: string; nonce: string; scriptUri: string; styleUri: string }): string {
  const csp = contentSecurityPolicy(opts.cspSource, opts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${opts.styleUri}">
<title>MLGuard compliance</title>
</head>
<body>
<div id="status" class="muted" role="status" aria-live="polite">Analysing the workspace…</div>
<main id="root"></main>
<script nonce="${opts.nonce}" src="${opts.scriptUri}"></script>
</body>
</html>`;
}
