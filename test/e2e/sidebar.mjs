// UI test of the compliance sidebar in a real VS Code (code-server) driven by Chromium: opens the
// sidebar on a copy of the compliance fixture workspace, reads the threat model, checks that a
// hostile dataset name renders as text (no element, no dialog), changes a checklist item and
// asserts the file on disk changed, changes the file on disk and asserts the view updated, and
// saves screenshots in dark, light and high-contrast themes to OUT_DIR.
// Env: CS_URL (code-server), OUT_DIR (artifacts), EXT_DEV (optional: load the extension from this
// checkout instead of an installed VSIX).
import { chromium } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:8080';
const OUT = process.env.OUT_DIR ?? join(here, '..', '..', 'test-artifacts');
const EXT_DEV = process.env.EXT_DEV || undefined;
const XSS = '<img src=x onerror=alert(1)>';
const t0 = Date.now();
const lap = (m) => console.log(`[sidebar +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

mkdirSync(OUT, { recursive: true });
const WS = mkdtempSync(join(tmpdir(), 'mlguard-sidebar-ws-'));
cpSync(join(here, '..', 'fixtures', 'compliance', 'credit'), WS, { recursive: true });
const checklistPath = join(WS, '.mlguard', 'checklist.toml');

async function poll(what, check, timeoutMs = 30000) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The webview's inner frame (the one that holds our #root). */
async function sidebarFrame(page) {
  return poll('the sidebar webview frame', async () => {
    for (const f of page.frames()) {
      try {
        if (await f.locator('#root .summary').count()) return f;
      } catch {
        /* detached frame */
      }
    }
    return undefined;
  }, 60000);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const qi = page.locator('.quick-input-widget input');
  await qi.waitFor({ state: 'visible' });
  await qi.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

function themeApplied(page, name) {
  const dark = !/light/i.test(name);
  const hc = /high contrast/i.test(name);
  return async () => {
    const cls = (await page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    return hc ? /\bhc-(black|light)\b/.test(cls) : dark ? /\bvs-dark\b/.test(cls) : /(^|\s)vs(\s|$)/.test(cls);
  };
}

/**
 * Switches the colour theme through the theme picker, like a person; when the picker does not
 * offer it, through the user settings file (SETTINGS_FILE, applied live by VS Code).
 */
async function setTheme(page, name) {
  try {
    await runCommand(page, 'Preferences: Color Theme');
    const qi = page.locator('.quick-input-widget input');
    await page.waitForTimeout(1000);
    if (process.env.DEBUG_THEME) await page.screenshot({ path: join(OUT, 'debug-theme-picker.png') });
    await qi.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await poll(`theme ${name}`, themeApplied(page, name), 10000);
  } catch (e) {
    await page.keyboard.press('Escape');
    const file = process.env.SETTINGS_FILE;
    if (!file) throw e;
    const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    settings['workbench.colorTheme'] = name;
    writeFileSync(file, JSON.stringify(settings, null, 2));
    await poll(`theme ${name} (settings)`, themeApplied(page, name), 20000);
  }
  await page.waitForTimeout(800);
}

const hardStop = setTimeout(() => {
  console.error('[sidebar] no result after 300 s: giving up');
  process.exit(3);
}, 300000);

let browser;
let page;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const authority = new URL(CS_URL).host;
  const payload = EXT_DEV ? `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${EXT_DEV}`]]))}` : '';
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}${payload}`, { timeout: 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row >> text=train.py', { timeout: 60000 });
  lap('workbench loaded');

  // 1. Open the sidebar from its activity-bar container.
  const icon = page.locator('.activitybar .action-item a[aria-label^="MLGuard Compliance"], .activitybar .action-item [aria-label^="MLGuard Compliance"]').first();
  await icon.waitFor({ timeout: 60000 });
  await icon.click();
  let frame = await sidebarFrame(page);
  lap('sidebar open');
  // extensions (themes included) are up now: switch to a dark theme
  await setTheme(page, 'Dark 2026');
  frame = await sidebarFrame(page);

  // 2. The threat model of the fixture workspace.
  await frame.locator('.threat', { hasText: 'Model artefact tampered with' }).first().waitFor({ timeout: 60000 });
  const openSer = frame.locator('.threat.status-open', { hasText: 'Model artefact tampered with' }).first();
  await openSer.locator('button.link', { hasText: 'train.py:17 SER001' }).waitFor();
  const assets = await frame.locator('.assets-section').innerText();
  for (const a of ['data/customers.csv', 'table bureau_scores', 'email', 'credit-scoring', 'http://mlflow.internal.example.com:5000']) {
    if (!assets.includes(a)) throw new Error(`asset ${a} missing from the view:\n${assets}`);
  }
  // the hostile dataset name renders as text: visible literally, no <img> element, no dialog
  await frame.locator('.asset-name', { hasText: `${XSS}.parquet` }).waitFor();
  const imgs = await frame.locator('#root img').count();
  if (imgs !== 0) throw new Error(`${imgs} <img> element(s) rendered from data`);
  lap('threat model shown; hostile name rendered as text');
  // the page really runs under the strict CSP with a nonce
  const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(csp ?? '')?.[1];
  if (!csp?.startsWith("default-src 'none';") || !nonce || /unsafe-/.test(csp)) throw new Error(`weak CSP: ${csp}`);
  // (browsers hide the nonce attribute from the DOM; the `nonce` property keeps it)
  const nonces = await frame.evaluate(() => [...document.querySelectorAll('#root script, body > script')].map((el) => el.nonce));
  if (nonces.length !== 1 || nonces[0] !== nonce) throw new Error(`page scripts ${JSON.stringify(nonces)} do not all carry the CSP nonce`);

  // clicking a finding link jumps to the line
  await openSer.locator('button.link', { hasText: 'train.py:17 SER001' }).click();
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines >> text=pickle.load', { timeout: 30000 });
  const cursor = await page.locator('.statusbar [aria-label*="Ln 17"], .statusbar-item >> text=/Ln 17/').count();
  if (!cursor) throw new Error('the finding link did not put the cursor on line 17');
  lap('finding link opened train.py at line 17');
  await page.screenshot({ path: join(OUT, 'sidebar-dark-threats.png') });

  // 3. Change a checklist item in the view → the file on disk changes.
  // keyboard: arrow keys move between the tabs (WAI-ARIA tabs), Enter activates a focused button
  await frame.locator('[role="tab"]', { hasText: 'Threat model' }).focus();
  await page.keyboard.press('ArrowRight');
  await poll('the checklist tab selected by keyboard', async () => (await frame.locator('[role="tab"][aria-selected="true"]').innerText()) === 'GDPR checklist');
  const focusedTab = await frame.evaluate(() => document.activeElement?.textContent);
  if (focusedTab !== 'GDPR checklist') throw new Error(`focus is on ${focusedTab}, not on the selected tab`);
  const checklistTab = frame.locator('[role="tab"]', { hasText: 'GDPR checklist' });
  await checklistTab.focus();
  await page.keyboard.press('Enter');
  const art6 = frame.locator('li[data-item="art6-lawful-basis"]');
  await art6.waitFor();
  await art6.locator('select[data-field="status"]').selectOption('in-progress');
  await poll('checklist.toml with art6 in progress', () => existsSync(checklistPath) && /\[item\.art6-lawful-basis\]\n(?:.*\n){2}status = "in-progress"/.test(readFileSync(checklistPath, 'utf8')));
  await art6.locator('details.edit > summary').click();
  await art6.locator('input[data-field="owner"]').fill('dpo@example.com');
  await art6.locator('button', { hasText: 'Save' }).click();
  await poll('owner on disk', () => /\[item\.art6-lawful-basis\]\n(?:.*\n){3}owner = "dpo@example\.com"/.test(readFileSync(checklistPath, 'utf8')));
  lap('checklist change written to .mlguard/checklist.toml');

  // 4. Change the file on disk → the view updates.
  const text = readFileSync(checklistPath, 'utf8').replace(/(\[item\.art30-records\]\n(?:.*\n){2})status = "todo"/, '$1status = "not-applicable"');
  writeFileSync(checklistPath, text);
  await poll('the view to show art30 as not applicable', async () => (await frame.locator('li[data-item="art30-records"] select[data-field="status"]').inputValue()) === 'not-applicable');
  lap('on-disk change reflected in the view');
  await page.screenshot({ path: join(OUT, 'sidebar-dark-checklist.png') });

  // A hand-broken file is reported with its position in the view and left untouched.
  const good = readFileSync(checklistPath, 'utf8');
  const broken = good.replace('[item.art30-records]', '[item.art30-records');
  writeFileSync(checklistPath, broken);
  const banner = frame.locator('.problems');
  await banner.waitFor({ timeout: 30000 });
  const bannerText = await banner.innerText();
  const brokenLine = broken.split('\n').findIndex((l) => l.startsWith('[item.art30-records')) + 1;
  if (!bannerText.includes(`.mlguard/checklist.toml:${brokenLine}:`)) throw new Error(`problem banner lacks the position: ${bannerText}`);
  // the last good content stays visible, read-only (not an empty template)
  const art6Status = frame.locator('li[data-item="art6-lawful-basis"] select[data-field="status"]');
  if ((await art6Status.inputValue()) !== 'in-progress' || !(await art6Status.isDisabled())) throw new Error('a broken file must leave the last good checklist visible and read-only');
  await page.waitForTimeout(500);
  if (readFileSync(checklistPath, 'utf8') !== broken) throw new Error('the broken file was overwritten');
  await banner.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, 'sidebar-dark-problem.png') });
  writeFileSync(checklistPath, good);
  await banner.waitFor({ state: 'detached', timeout: 30000 });
  lap('broken file reported at its line and left untouched');

  // 5. Themes: light and high contrast stay readable (screenshots for review).
  await setTheme(page, 'Light 2026');
  await page.screenshot({ path: join(OUT, 'sidebar-light-checklist.png') });
  await frame.locator('[role="tab"]', { hasText: 'Threat model' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'sidebar-light-threats.png') });
  await setTheme(page, 'Dark High Contrast');
  await page.screenshot({ path: join(OUT, 'sidebar-hc-threats.png') });
  lap('screenshots saved');

  if (dialogs.length) throw new Error(`unexpected dialog(s): ${dialogs.join(' | ')}`);
  console.log('[sidebar] PASS');
  await browser.close();
  clearTimeout(hardStop);
  process.exit(0);
} catch (e) {
  console.error('[sidebar] FAIL:', e);
  try {
    await page?.screenshot({ path: join(OUT, 'sidebar-failure.png') });
  } catch {
    /* no page */
  }
  await browser?.close().catch(() => undefined);
  process.exit(1);
}
