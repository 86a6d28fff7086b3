import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { isCi } from '../../integration/helpers/test-env.ts';

/** Debian's Chromium; playwright-core drives it, no Playwright-managed browser download. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_HINT = `E2E needs Chromium at ${CHROMIUM_PATH}: install it with \`sudo apt-get install chromium\` (and fonts-noto-cjk for Chinese glyphs in screenshots).`;

/**
 * Whether the browser is here. Locally a missing browser skips the e2e specs with a warning;
 * in CI (CI=true or 1) it fails them, so a broken image never passes silently.
 * Use as `describe.skipIf(!browserAvailable)(…)`.
 */
export const browserAvailable = fs.existsSync(CHROMIUM_PATH);
if (!browserAvailable) {
  if (isCi()) throw new Error(INSTALL_HINT);
  console.warn(`[e2e] skipped. ${INSTALL_HINT}`);
}

export const SCREENSHOT_DIR = path.resolve('test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable) throw new Error(INSTALL_HINT);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page with a Chinese locale and the given viewport that records uncaught page errors. */
export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, pageErrors };
}

/** Waits (Playwright's auto-waiting, no sleeps) until `text` is visible somewhere on the page. */
export async function waitForText(page: Page, text: string | RegExp, options: { timeout?: number } = {}): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible', ...options });
}

export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}
