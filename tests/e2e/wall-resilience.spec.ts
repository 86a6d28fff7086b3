import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, launchBrowser, openPage, saveScreenshot, waitForText } from './helpers/browser.ts';
import { afternoonZone, copyWebBuildAs, seedWallDay, startWallApp, type WallApp } from './helpers/wall-app.ts';

/** The whole figure of the tickets-issued tile. */
async function issuedTile(page: Page): Promise<number> {
  return Number((await page.getByRole('group', { name: '取号量', exact: true }).locator('.value').innerText()).replaceAll(',', ''));
}

/** The volume chart as drawn: its id (a rebuilt chart gets another) and today's points. */
async function volumeChart(page: Page): Promise<{ id: string | null; today: number[] }> {
  const canvas = page.locator('figure[data-metric="issued"] canvas');
  const [id, points] = await Promise.all([canvas.getAttribute('data-chart'), canvas.getAttribute('data-points')]);
  return { id, today: (JSON.parse(points ?? '[[]]') as number[][])[0]! };
}

describe.skipIf(!browserAvailable)('wall resilience', () => {
  const timeZone = afternoonZone();
  let app: WallApp;
  let browser: Browser;
  let nextBuild: { webDir: string; remove(): void } | undefined;
  let n = 0;

  const issueTicket = () => app.ingest([{ id: `live-${Date.now()}-${++n}`, type: 'ticket.issued', branch: 'BJ0101', at: new Date(Date.now() - 1000).toISOString(), ticket: `L${n}` }]);

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startWallApp({
        env: { BANK_NAME: '示范银行', BANK_TIMEZONE: timeZone },
        seed: async (db) => {
          await seedTwoRegionBank(db.sql);
          await seedWallDay(db.sql, { timeZone });
        },
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    nextBuild?.remove();
  });

  it('[wall] follows events live, greys out while the server is down, recovers after a restart and reloads after a deployment', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall/region/BJ?${await app.displayTokenQuery('bank')}`);
    await waitForText(page, '实时连接正常');
    const asOf = page.getByText(/^数据截至 \d{2}:\d{2}:\d{2}$/);
    await asOf.waitFor();
    const before = await issuedTile(page);
    const chart = await volumeChart(page);
    expect(chart.today.reduce((a, b) => a + b, 0)).toBe(before);
    // Survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));
    const isSamePage = () => page.evaluate(() => 'wallLiveMarker' in window);

    // 1. An event posted to the ingest API reaches the tile and the chart without a reload; the
    //    chart is updated in place, not rebuilt.
    await issueTicket();
    await expect.poll(() => issuedTile(page)).toBe(before + 1);
    await expect.poll(async () => (await volumeChart(page)).today.at(-1)).toBe(chart.today.at(-1)! + 1);
    expect((await volumeChart(page)).id).toBe(chart.id);
    expect(await isSamePage()).toBe(true);

    // 2. The server stops: the figures grey out and keep the time they date from; the page stays.
    const shownAsOf = await asOf.innerText();
    await app.stop();
    await waitForText(page, '连接已断开');
    await waitForText(page, '数据未在更新');
    expect(await asOf.innerText()).toBe(shownAsOf);
    await expect.poll(() => page.locator('.tiles').evaluate((el) => getComputedStyle(el).filter)).toBe('grayscale(1)');
    expect(await issuedTile(page)).toBe(before + 1);
    await saveScreenshot(page, 'wall-server-down.png');
    await page.waitForTimeout(3_000); // reconnect attempts fail meanwhile; none may reload the page
    expect(await isSamePage()).toBe(true);

    // 3. It comes back on the same port and data: the wall resubscribes by itself, with the figures
    //    as the database holds them (including what happened right after the restart).
    await app.restart();
    await issueTicket();
    await waitForText(page, '实时连接正常', { timeout: 20_000 });
    await expect.poll(() => issuedTile(page), { timeout: 10_000 }).toBe(before + 2);
    await expect.poll(async () => (await volumeChart(page)).today.at(-1)).toBe(chart.today.at(-1)! + 2);
    await page.getByText('数据未在更新').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.tiles').evaluate((el) => getComputedStyle(el).filter)).toBe('none');
    expect(await isSamePage()).toBe(true); // same build: no reload

    // 4. A deployment: the server comes back serving another build, and the screen reloads itself.
    nextBuild = copyWebBuildAs(`e2e-next-${Date.now()}`);
    await app.restart({ webDir: nextBuild.webDir });
    await expect.poll(() => isSamePage().catch(() => true), { timeout: 25_000 }).toBe(false);
    await waitForText(page, '实时连接正常');
    await expect.poll(() => issuedTile(page)).toBe(before + 2);
    expect(pageErrors).toEqual([]);
  });
});
