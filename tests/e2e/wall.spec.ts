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
    // The screen has no session: it opens the URL an administrator created for it.
    const created = await (await server.admin()).post('/display-tokens', { name: '总行大厅', scope: 'bank' });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(secret)}`);

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

  it('[wall] without a display token or a session, the wall asks for a login', async () => {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${server.url}/wall`);
    await page.waitForURL(/\/login\?next=%2Fwall$/);
    await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('[wall] an unknown display token shows that the screen has no access', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${server.url}/wall?token=not-a-real-token`);
    await page.getByText('此大屏授权已被撤销').waitFor();
    expect(new URL(page.url()).pathname).toBe('/wall');
    expect(pageErrors).toEqual([]);
  });
});
