import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../integration/helpers/test-server.ts';
import { browserAvailable, launchBrowser, openPage, saveScreenshot, waitForText } from './helpers/browser.ts';
import { SEEDED_ORG, seedTwoBranchOffices } from './helpers/seed-org.ts';

describe.skipIf(!browserAvailable)('foundation wall', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql) }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('[wall] shows every 分行 with its outlets, live, on one 1920×1080 screen', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall`);

    await page.getByRole('heading', { name: '示范银行', level: 1 }).waitFor();
    for (const office of SEEDED_ORG.branchOffices) {
      const tile = page.getByRole('article').filter({ has: page.getByRole('heading', { name: office.name }) });
      await tile.waitFor({ state: 'visible' });
      expect(await tile.innerText()).toMatch(new RegExp(`${office.outlets}\\s*个网点[\\s\\S]*${office.subBranches} 个支行`));
    }
    await waitForText(page, '实时连接正常');
    await waitForText(page, /实时指标.*将随指标流水线上线/);

    const overflow = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight - window.innerHeight,
      width: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow).toEqual({ height: 0, width: 0 });

    await saveScreenshot(page, 'wall.png');
    expect(pageErrors).toEqual([]);
  });
});
