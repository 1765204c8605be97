// UI test of the two report exports in a real VS Code (code-server with the INSTALLED VSIX),
// driven in Chromium like a person: "MLGuard: Export Audit Report" and "MLGuard: Export
// Compliance Report" from the command palette; pick the format, answer the save dialog (code-
// server's simple dialog) with a path of our own, then assert the notification names that file
// and the file on disk is valid SARIF / Markdown / HTML. Only user-visible behaviour is driven, so
// the test holds however the commands get their data. Screenshots go to OUT_DIR.
// Env: CS_URL (code-server with the VSIX installed), OUT_DIR.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lapper, launchChromium, notificationText, palette, poll, withDeadline } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CS_URL = process.env.CS_URL ?? 'http://127.0.0.1:8080';
const OUT = process.env.OUT_DIR ?? join(here, '..', '..', 'test-artifacts');
mkdirSync(OUT, { recursive: true });
const lap = lapper('reports');
const step = async (name, fn, ms) => {
  const v = await withDeadline(name, fn, ms);
  lap(name);
  return v;
};

// A workspace of our own: the compliance fixture plus a suppressed finding (listed in both reports).
const WS = mkdtempSync(join(tmpdir(), 'mlguard-reports-ws-'));
cpSync(join(here, '..', 'fixtures', 'compliance', 'credit'), WS, { recursive: true });
writeFileSync(join(WS, 'tls_client.py'), 'import requests\n\nr = requests.get("https://x", verify=False)  # mlguard: ignore[TLS001] internal self-signed test host\n');
mkdirSync(join(WS, 'out'));
const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : '');

const hardStop = setTimeout(() => {
  console.error('[reports] hard timeout (6 min)');
  process.exit(3);
}, 6 * 60 * 1000);

let browser;
let page;

/** Picks `format` in the quick pick, then types `target` into the save dialog and accepts it. */
async function answerPrompts(format, defaultName, target, shot) {
  const qi = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: format }).first().waitFor({ timeout: 30000 });
  await qi.fill(format);
  await page.keyboard.press('Enter');
  // The save dialog (simple dialog) offers the default file name in the same widget.
  await poll(`the save dialog offering ${defaultName}`, async () => (await qi.inputValue().catch(() => '')).endsWith(defaultName), 60000);
  await qi.fill(target);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, shot) });
  await page.keyboard.press('Enter');
}

try {
  browser = await step('launch Chromium', () => launchChromium());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => console.log('  [page error]', e.message.slice(0, 200)));

  await step('workbench loads with the report workspace', async () => {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`, { timeout: 60000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row >> text=train.py', { timeout: 60000 });
  }, 120000);

  await step('the extension is active: train.py opened, MLGuard counts its findings', async () => {
    await page.click('.monaco-workbench .part.editor');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type('train.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'train.py' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: /MLGuard: \d+/ }).first().waitFor({ timeout: 60000 });
  }, 90000);

  const sarifPath = join(WS, 'out', 'audit.sarif');
  await step('Export Audit Report → SARIF: asks format and file, announces it, writes valid SARIF', async () => {
    await palette(page, 'MLGuard: Export Audit Report');
    await answerPrompts('SARIF', 'mlguard.sarif', sarifPath, 'export-audit-save-dialog.png');
    const text = await notificationText(page, 'MLGuard report written to', 90000);
    if (!text.includes('out/audit.sarif')) throw new Error(`the notification does not name the file: ${text}`);
    await page.screenshot({ path: join(OUT, 'export-audit-announced.png') });
    const log = JSON.parse(await poll('the SARIF file', () => read(sarifPath), 10000));
    if (log.version !== '2.1.0' || !Array.isArray(log.runs) || log.runs[0]?.tool?.driver?.name !== 'MLGuard') throw new Error('not an MLGuard SARIF 2.1.0 log');
    const results = log.runs[0].results ?? [];
    // train.py reads personal data without an audit record (AUD002); tls_client.py is suppressed.
    if (!results.some((r) => r.ruleId === 'AUD002' && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'train.py')) throw new Error(`no AUD002 in train.py among ${results.map((r) => r.ruleId).join(',')}`);
    const tls = results.find((r) => r.ruleId === 'TLS001');
    if (tls?.suppressions?.[0]?.justification !== 'internal self-signed test host') throw new Error(`the suppression is not listed with its reason: ${JSON.stringify(tls)}`);
  }, 180000);

  const mdPath = join(WS, 'out', 'audit.md');
  await step('Export Audit Report → Markdown', async () => {
    await page.keyboard.press('Escape');
    await palette(page, 'MLGuard: Export Audit Report');
    await answerPrompts('Markdown', 'mlguard-report.md', mdPath, 'export-audit-md-save-dialog.png');
    const text = await notificationText(page, 'out/audit.md', 90000);
    if (!/MLGuard report written to out\/audit\.md/.test(text)) throw new Error(`announcement: ${text}`);
    const md = await poll('the Markdown file', () => read(mdPath), 10000);
    if (!/^## MLGuard report$/m.test(md) || !md.includes('### Suppressions to review') || !md.includes('internal self-signed test host')) throw new Error(`unexpected Markdown report:\n${md.slice(0, 400)}`);
  }, 180000);

  for (const [format, ext, check] of [
    ['Markdown', 'md', (s) => s.startsWith('# Compliance report: ') && s.includes('## Accepted risks and suppressions') && s.includes('internal self-signed test host')],
    ['HTML', 'html', (s) => /^<!doctype html>/i.test(s) && s.includes('<h2>Accepted risks and suppressions</h2>') && !/<script/i.test(s)],
  ]) {
    const target = join(WS, 'out', `compliance.${ext}`);
    await step(`Export Compliance Report → ${format}: asks format and file, announces it`, async () => {
      await page.keyboard.press('Escape');
      await palette(page, 'MLGuard: Export Compliance Report');
      await answerPrompts(format, `mlguard-compliance-report.${ext}`, target, `export-compliance-${ext}-save-dialog.png`);
      const text = await notificationText(page, `out/compliance.${ext}`, 90000);
      if (!/compliance report written to out\/compliance\./.test(text)) throw new Error(`announcement: ${text}`);
      await page.screenshot({ path: join(OUT, `export-compliance-${ext}-announced.png`) });
      const body = await poll(`the ${format} file`, () => read(target), 10000);
      if (!check(body)) throw new Error(`unexpected ${format} compliance report:\n${body.slice(0, 400)}`);
      // Nothing else was written into the workspace root.
      for (const stray of ['mlguard-compliance-report.md', 'mlguard-compliance-report.html']) if (existsSync(join(WS, stray))) throw new Error(`${stray} written to the workspace root`);
    }, 180000);
  }

  await browser.close();
  clearTimeout(hardStop);
  lap(`passed; screenshots in ${OUT}`);
} catch (e) {
  console.error('[reports] FAILED:', e);
  try {
    await page?.screenshot({ path: join(OUT, 'reports-failure.png') });
    console.error(`[reports] failure screenshot: ${join(OUT, 'reports-failure.png')}`);
  } catch {
    // the page may be gone
  }
  await browser?.close().catch(() => undefined);
  process.exit(1);
}
