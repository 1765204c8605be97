// UI test of the compliance sidebar in a real VS Code (code-server) driven by Chromium: opens the
// sidebar on a copy of the compliance fixture workspace, reads the threat model (grouped by threat,
// at the default sidebar width), checks that a hostile dataset name renders as text (no element, no
// dialog), validates an empty risk-acceptance reason in the form, accepts a risk, shows a suppressed
// finding as accepted risk (never passing), signs a checklist item off through the confirmation
// (cancel writes nothing; the statement is previewed and required), follows an unsaved editor like
// the Problems panel does, exports the compliance report (format + location asked, "Open Report"),
// changes the file on disk and asserts the view updated, and saves screenshots in dark, light and
// high-contrast themes to OUT_DIR (the README's ones are copied to docs/images by hand).
// Env: CS_URL (code-server), OUT_DIR (artifacts), EXT_DEV (optional: load the extension from this
// checkout instead of an installed VSIX).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lapper, launchChromium, palette as runCommand, poll } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:8080';
const OUT = process.env.OUT_DIR ?? join(here, '..', '..', 'test-artifacts');
const EXT_DEV = process.env.EXT_DEV || undefined;
const XSS = '<img src=x onerror=alert(1)>';
const lap = lapper('sidebar');

mkdirSync(OUT, { recursive: true });
const WS = mkdtempSync(join(tmpdir(), 'mlguard-sidebar-ws-'));
cpSync(join(here, '..', 'fixtures', 'compliance', 'credit'), WS, { recursive: true });
const checklistPath = join(WS, '.mlguard', 'checklist.toml');
const threatsPath = join(WS, '.mlguard', 'threats.toml');
const signoffsPath = join(WS, '.mlguard', 'signoffs.jsonl');
// a protected attribute used as a feature under a suppression: accepted risk, never "passing"
writeFileSync(
  join(WS, 'fairness.py'),
  'import pandas as pd\n\ndf = pd.read_csv("applicants.csv")\nfeatures = df[["income", "gender"]]\nmodel.fit(features, df["default"])  # mlguard: ignore[FAIR001] regulator-approved fairness monitoring model\n',
);
const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : '');

/** The webview's inner frame (the one that holds our #root). */
/** Scrolls a locator into view for a screenshot; the view may re-render (a fresh model) meanwhile, detaching the element, so retry. */
async function scrollTo(locator) {
  for (let attempt = 1; ; attempt++) {
    try {
      await locator.scrollIntoViewIfNeeded({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt >= 5 || !/not attached|detached/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

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
  console.error("[sidebar] no result after 480 s: giving up");
  process.exit(3);
}, 480000);

let browser;
let page;
try {
  browser = await launchChromium();
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

  // 2. The threat model of the fixture workspace: one group per threat, its assets inside.
  const serGroup = frame.locator('.threat-group', { hasText: 'Model artefact tampered with' }).first();
  await serGroup.waitFor({ timeout: 60000 });
  const openSer = serGroup.locator('.threat.status-open').first();
  await openSer.locator('button.link', { hasText: 'train.py:17 SER001' }).waitFor();
  const titles = await frame.locator('.threat-group .threat-head strong').evaluateAll((els) => els.map((el) => el.textContent));
  if (new Set(titles).size !== titles.length) throw new Error(`a threat title is repeated: ${titles.join(' | ')}`);
  const firstSection = await frame.locator('.threat-section h3').first().innerText();
  if (!/^Needs attention/.test(firstSection)) throw new Error(`the view does not lead with what needs attention: ${firstSection}`);
  for (const t of ['Third-party data used without a recorded lawful basis', 'No incident response plan for an attacked model', 'no Zero Trust']) {
    if (!(await frame.locator('.threat-group', { hasText: t }).count())) throw new Error(`threat "${t}" missing`);
  }
  // finding text renders its code spans (no literal backticks)
  const findingText = await openSer.locator('.findings li').first().innerHTML();
  if (/`/.test(await openSer.locator('.findings li').first().innerText())) throw new Error(`literal backticks in ${findingText}`);
  await frame.locator('#assets-section > summary').click();
  const assets = await frame.locator('.assets-section').innerText();
  for (const a of ['data/customers.csv', 'table bureau_scores', 'email', 'credit-scoring', 'http://mlflow.internal.example.com:5000']) {
    if (!assets.includes(a)) throw new Error(`asset ${a} missing from the view:\n${assets}`);
  }
  if (!/Third-party data \(1\)/.test(assets)) throw new Error('bureau data is not listed as third-party data');
  // the hostile dataset name renders as text: visible literally, no <img> element, no dialog
  await frame.locator('.assets-section .asset-name', { hasText: `${XSS}.parquet` }).waitFor();
  const imgs = await frame.locator('#root img').count();
  if (imgs !== 0) throw new Error(`${imgs} <img> element(s) rendered from data`);
  await frame.locator('#assets-section > summary').click();
  lap('threat model grouped by threat; hostile name rendered as text');
  // the overview fits the default sidebar width (no horizontal scrolling)
  const width = await frame.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
  if (width.client < 200 || width.client > 420) throw new Error(`unexpected default sidebar width ${width.client}px`);
  if (width.scroll > width.client + 1) throw new Error(`the sidebar scrolls horizontally: ${width.scroll}px content in ${width.client}px`);
  lap(`sidebar ${width.client}px wide, no horizontal overflow`);
  await frame.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.part.sidebar').screenshot({ path: join(OUT, 'sidebar-threats-default-width.png') });
  // the page really runs under the strict CSP with a nonce
  const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(csp ?? '')?.[1];
  if (!csp?.startsWith("default-src 'none';") || !nonce || /unsafe-/.test(csp)) throw new Error(`weak CSP: ${csp}`);
  // (browsers hide the nonce attribute from the DOM; the `nonce` property keeps it)
  const nonces = await frame.evaluate(() => [...document.querySelectorAll('#root script, body > script')].map((el) => el.nonce));
  if (nonces.length !== 1 || nonces[0] !== nonce) throw new Error(`page scripts ${JSON.stringify(nonces)} do not all carry the CSP nonce`);

  // Accept risk…: an empty reason is refused in the form (nothing written), then accepted.
  const poison = frame.locator('.threat-group', { hasText: 'Spoofed tracking server' }).locator('.threat.status-open').first();
  await poison.locator('details.accept > summary').click();
  await poison.locator('button', { hasText: 'Accept' }).click();
  const acceptError = poison.locator('.field-error');
  await acceptError.waitFor({ state: 'visible' });
  if (!/reason/i.test(await acceptError.innerText())) throw new Error(`no inline reason message: ${await acceptError.innerText()}`);
  await page.waitForTimeout(500);
  if (existsSync(threatsPath)) throw new Error('an empty reason wrote threats.toml');
  await page.locator('.part.sidebar').screenshot({ path: join(OUT, 'sidebar-accept-empty-reason.png') });
  await poison.locator('textarea[data-field="reason"]').fill('Tracking server only reachable inside the VPN; TLS migration planned for Q1');
  await poison.locator('input[data-field="owner"]').fill('platform-lead@example.com');
  await poison.locator('button', { hasText: 'Accept' }).click();
  await poll('threats.toml with the acceptance', () => /status = "accepted"\nreason = "Tracking server only reachable/.test(read(threatsPath)));
  await frame.locator('.threat.status-accepted', { hasText: 'Tracking server only reachable inside the VPN' }).first().waitFor();
  lap('empty reason refused in the form; acceptance written with reason and owner');

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
  // A suppressed protected attribute is accepted risk with its reason, never "passing".
  const art9 = frame.locator('li[data-item="art9-special-categories"]');
  await art9.waitFor();
  const art9Text = await art9.locator('.evidence').innerText();
  if (/Passing/.test(art9Text) || !/Accepted risk/.test(art9Text) || !art9Text.includes('regulator-approved fairness monitoring model')) throw new Error(`Art. 9 evidence: ${art9Text}`);
  await scrollTo(art9);
  await page.locator('.part.sidebar').screenshot({ path: join(OUT, 'sidebar-accepted-risk.png') });
  lap('suppressed FAIR finding shown as accepted risk with its reason');

  const art6 = frame.locator('li[data-item="art6-lawful-basis"]');
  await art6.waitFor();
  await art6.locator('select[data-field="status"]').selectOption('in-progress');
  await poll('checklist.toml with art6 in progress', () => existsSync(checklistPath) && /\[item\.art6-lawful-basis\]\n(?:.*\n){2}status = "in-progress"/.test(readFileSync(checklistPath, 'utf8')));
  await art6.locator('details.edit > summary').click();
  await art6.locator('input[data-field="owner"]').fill('dpo@example.com');
  await art6.locator('button', { hasText: 'Save' }).click();
  await poll('owner on disk', () => /\[item\.art6-lawful-basis\]\n(?:.*\n){3}owner = "dpo@example\.com"/.test(readFileSync(checklistPath, 'utf8')));
  lap('checklist change written to .mlguard/checklist.toml');

  // Sign-off as a deliberate act: "Done" opens a confirmation; Cancel writes nothing.
  const beforeSignoff = read(checklistPath);
  const logBefore = read(signoffsPath); // the risk acceptance above already signed once
  await art6.locator('select[data-field="status"]').selectOption('done');
  const confirm = art6.locator('.signoff');
  await confirm.waitFor({ state: 'visible' });
  await art6.locator('button', { hasText: 'Cancel' }).click();
  await confirm.waitFor({ state: 'hidden' });
  if ((await art6.locator('select[data-field="status"]').inputValue()) !== 'in-progress') throw new Error('Cancel did not restore the status');
  await page.waitForTimeout(500);
  if (read(checklistPath) !== beforeSignoff || read(signoffsPath) !== logBefore) throw new Error('Cancel wrote something');
  // the statement is required, and previewed before it is written
  await art6.locator('select[data-field="status"]').selectOption('done');
  await confirm.waitFor({ state: 'visible' });
  await art6.locator('button', { hasText: 'Sign off' }).click();
  const signError = confirm.locator('.field-error');
  await signError.waitFor({ state: 'visible' });
  if (!/statement/i.test(await signError.innerText())) throw new Error(`no inline statement message: ${await signError.innerText()}`);
  if (read(signoffsPath) !== logBefore) throw new Error('a sign-off without a statement was written');
  const statement = 'Legitimate-interest assessment approved by the DPO, docs/lia-2026.pdf';
  await confirm.locator('textarea[data-field="statement"]').fill(statement);
  const preview = await confirm.locator('[data-preview]').innerText();
  if (!preview.includes(`statement: ${statement}`) || !preview.includes('owner:     dpo@example.com') || !preview.includes('art6-lawful-basis')) throw new Error(`preview: ${preview}`);
  await scrollTo(confirm);
  await page.locator('.part.sidebar').screenshot({ path: join(OUT, 'sidebar-signoff-confirm.png') });
  await confirm.locator('button', { hasText: 'Sign off' }).click();
  await poll('the sign-off in signoffs.jsonl', () => read(signoffsPath).includes(`"reason":${JSON.stringify(statement)}`));
  await poll('art6 done with a sign-off', () => /\[item\.art6-lawful-basis\]\n(?:.*\n){2}status = "done"[\s\S]*?signoff = "[0-9a-f]{64}"/.test(read(checklistPath)));
  await frame.locator('li[data-item="art6-lawful-basis"] .signed', { hasText: statement }).waitFor();
  lap('sign-off confirmed with a previewed statement; cancel wrote nothing');

  // HIPAA beside GDPR, chosen in the sidebar and stored in .mlguard/checklist.toml
  await frame.locator('#fw-hipaa').check();
  await poll('frameworks in checklist.toml', () => /^frameworks = \["gdpr", "hipaa"\]$/m.test(read(checklistPath)));
  await frame.locator('li[data-item="hipaa-transmission-security"]').waitFor();
  lap('HIPAA checklist chosen and shown');

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
  if ((await art6Status.inputValue()) !== 'done' || !(await art6Status.isDisabled())) throw new Error('a broken file must leave the last good checklist visible and read-only');
  await page.waitForTimeout(500);
  if (readFileSync(checklistPath, 'utf8') !== broken) throw new Error('the broken file was overwritten');
  await scrollTo(banner);
  await page.screenshot({ path: join(OUT, 'sidebar-dark-problem.png') });
  writeFileSync(checklistPath, good);
  await banner.waitFor({ state: 'detached', timeout: 30000 });
  lap('broken file reported at its line and left untouched');

  // 6. One source of truth: an unsaved edit shows in the sidebar as in the Problems panel.
  const lines = readFileSync(join(WS, 'train.py'), 'utf8').split('\n').length; // last line is empty
  await page.locator('.part.editor').click();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type('train.py');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'train.py' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines >> text=pickle.load', { timeout: 30000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('blob = pickle.loads(b"")');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  // the Problems list is virtual (rows out of view are not in the page): filter it to the new finding
  await page.getByPlaceholder(/^Filter \(e\.g\./).first().fill('pickle.loads');
  await page.locator('.markers-panel .monaco-list-row', { hasText: `Ln ${lines}` }).first().waitFor({ timeout: 30000 });
  await page.getByPlaceholder(/^Filter \(e\.g\./).first().fill('');
  await poll('the sidebar to show the unsaved finding', async () => (await frame.locator(`.threat-group button.link`, { hasText: `train.py:${lines} SER` }).count()) > 0, 30000);
  const note = await frame.locator('.source-note').innerText();
  if (!/unsaved changes in train\.py/.test(note)) throw new Error(`the sidebar does not say it reflects unsaved text: ${note}`);
  lap('unsaved edit: Problems and sidebar agree, and the sidebar says so');
  await page.screenshot({ path: join(OUT, 'sidebar-unsaved-agrees.png') });

  // 7. Export Compliance Report: format and location are asked, the result announced, one view opens.
  await frame.locator('button', { hasText: 'Export report' }).click();
  const qi = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown' }).first().waitFor();
  await qi.fill('Markdown');
  await page.keyboard.press('Enter');
  // the save dialog (code-server's simple dialog) offers the default file name in the same widget
  await poll('the save dialog', async () => /mlguard-compliance-report\.md$/.test(await qi.inputValue().catch(() => '')), 20000);
  const reportPath = join(WS, 'reports', 'compliance.md');
  mkdirSync(join(WS, 'reports'), { recursive: true });
  await qi.fill(reportPath);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'debug-export-save-dialog.png') });
  await page.keyboard.press('Enter');
  await poll('the report file', () => read(reportPath).includes('## Accepted risks and suppressions'), 30000);
  const md = read(reportPath);
  for (const s of ['regulator-approved fairness monitoring model', 'Tracking server only reachable inside the VPN', statement]) if (!md.includes(s)) throw new Error(`report lacks ${s}`);
  const toast = page.locator('.notification-toast, .notifications-center .notification-list-item', { hasText: 'compliance report written to' }).first();
  try {
    await toast.waitFor({ timeout: 5000 });
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    await toast.waitFor({ timeout: 10000 });
  }
  const announced = await toast.innerText();
  if (!/reports\/compliance\.md/.test(announced) || !/unsaved changes in train\.py/.test(announced)) throw new Error(`announcement: ${announced}`);
  const tabsBefore = await page.locator('.tabs-container .tab').count();
  await toast.locator('a, .monaco-button', { hasText: 'Open Report' }).first().click();
  await page.locator('.tabs-container .tab', { hasText: 'Preview compliance.md' }).waitFor({ timeout: 30000 });
  const tabsAfter = await page.locator('.tabs-container .tab').count();
  if (tabsAfter !== tabsBefore + 1) throw new Error(`Open Report opened ${tabsAfter - tabsBefore} editors, not one rendered view`);
  lap('compliance report exported where asked, announced, opened as one preview');
  await page.screenshot({ path: join(OUT, 'compliance-report-preview.png') });

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
