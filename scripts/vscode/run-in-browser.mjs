// Runs a mocha suite inside code-server's real VS Code extension host, driven by headless Chromium
// (playwright-core). VS Code's smoke-test driver calls window.codeAutomationExit(code) when the
// suite finishes; mocha's output arrives on the browser console as "[Extension Host]" lines.
// Usage: node run-in-browser.mjs <codeServerUrl> <workspaceDir> <extensionDir> <testsEntry> [timeoutSec]
import { chromium } from 'playwright-core';

const [url, ws, ext, tests, timeoutArg] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg ?? 480) * 1000;
const authority = new URL(url).host; // code-server uses the page's host:port as remote authority
const t0 = Date.now();
const NOISE = /AgentHost|ChatModelSelection|socket|connection token|grace-time|AccountPolicy|Service Worker|builtin extensions|tryActivateProvider|getSessions|authentication provider|open-vsx|ENOTFOUND/;

function clean(text) {
  return text.replace(/%c/g, '').replace(/(color|font-weight): [a-z#0-9]+;?/g, '').replace(/^\s*\[Extension Host\]\s*/, '').trimEnd();
}

let browser;
const hardStop = setTimeout(() => {
  console.error(`[runner] no result after ${timeoutMs / 1000}s: giving up`);
  process.exit(3);
}, timeoutMs + 30000);

try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await (await browser.newContext()).newPage();
  const done = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', async (code) => resolve(code));
    page.exposeFunction('codeAutomationLog', (_type, args) => console.log(...args));
  });
  page.on('console', (m) => {
    const text = m.text();
    if (text.includes('[Extension Host]') && !NOISE.test(text)) console.log(clean(text));
  });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${ext}`],
    ['extensionTestsPath', `vscode-remote://${authority}${tests}`],
  ]);
  await page.goto(`${url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`, { timeout: 60000 });
  const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  console.log(`[runner] exit code from extension host: ${code} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await browser.close().catch(() => undefined);
  clearTimeout(hardStop);
  process.exit(code === 0 ? 0 : 1);
} catch (e) {
  console.error('[runner] failed:', e);
  await browser?.close().catch(() => undefined);
  process.exit(2);
}
