import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallBank } from '../integration/helpers/seed.ts';
import { startTestServer, type TestServer } from '../integration/helpers/test-server.ts';
import { browserAvailable, launchBrowser, openPage, saveScreenshot, waitForText } from './helpers/browser.ts';

describe.skipIf(!browserAvailable)('bot console', () => {
  let server: TestServer;
  let browser: Browser;
  let staffCode: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({
        seed: async (db) => {
          staffCode = (await seedSmallBank(db.sql)).headCode;
        },
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('[chat] a card button clicked at /chat reaches the bot handler', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/chat?staff=${staffCode}`);
    await page.getByRole('heading', { name: '王建国', level: 1 }).waitFor();

    const input = page.getByRole('textbox', { name: '输入消息' });
    await input.fill('帮助');
    await input.press('Enter');
    await waitForText(page, '帮助');
    const helpCard = page.getByRole('article', { name: 'Touchstone 助手' }).last();
    await helpCard.waitFor({ state: 'visible' });

    await helpCard.getByRole('button', { name: '我是谁' }).click();
    const meCard = page.getByRole('article', { name: '我的信息' }).last();
    await meCard.getByText('王建国', { exact: true }).waitFor({ state: 'visible' });

    await saveScreenshot(page, 'chat.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
