// Small shared helpers for the Chromium-driven UI tests (code-server + the installed VSIX):
// a deadline per step, polling, the command palette, and reading a notification whether it shows
// as a toast or (the smoke-test driver hides toasts) in the Notifications Center.
import { chromium } from 'playwright-core';

export function lapper(tag) {
  const t0 = Date.now();
  return (m) => console.log(`[${tag} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
}

/** Runs `fn` with a deadline: a broken step must fail, not hang. */
export async function withDeadline(name, fn, ms = 60000) {
  let timer;
  try {
    return await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`step "${name}" timed out after ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function poll(what, check, timeoutMs = 30000) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Runs a command from the palette (F1), like a person. */
export async function palette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

/** The text of the first notification containing `text` (toast or Notifications Center). */
export async function notificationText(page, text, timeout = 30000) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  try {
    await toast.waitFor({ timeout: 3000 });
    return (await toast.innerText()).replace(/\s+/g, ' ');
  } catch {
    const deadline = Date.now() + timeout;
    for (;;) {
      await palette(page, 'Notifications: Show Notifications');
      const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
      try {
        await item.waitFor({ timeout: 3000 });
        return (await item.innerText()).replace(/\s+/g, ' ');
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
  }
}
