import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ranking, ScopeKpis } from '../../server/contract/payloads/kpi.ts';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { systemClock } from '../../server/platform/clock.ts';
import { browserAvailable, launchBrowser, openPage, saveScreenshot, waitForText } from './helpers/browser.ts';
import { afternoonZone, seedWallDay, startWallApp, type WallApp } from './helpers/wall-app.ts';

const count = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);
const percent = (n: number) => new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/** The figure a KPI tile shows, as text (`取号量 12,345 …` → `12,345`). */
async function tileValue(page: Page, label: string): Promise<string> {
  return page.getByRole('group', { name: label, exact: true }).locator('.value').innerText();
}

/** What the volume chart drew: today's and yesterday's points (the canvas's `data-points`). */
async function volumePoints(page: Page): Promise<[(number | null)[], (number | null)[]]> {
  const raw = await page.locator('figure[data-metric="issued"] canvas').getAttribute('data-points');
  return JSON.parse(raw ?? '[[],[]]') as [(number | null)[], (number | null)[]];
}

/** Connected, figures in, and the grey of "not live yet" faded out (for a true screenshot). */
async function waitForLive(page: Page): Promise<void> {
  await waitForText(page, '实时连接正常');
  await waitForText(page, /^数据截至 \d{2}:\d{2}:\d{2}$/);
  await page.locator('.cells .cell').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.figures')].every((el) => getComputedStyle(el).filter === 'none'));
}

/** Whether the page scrolls in either direction (a wall must not). */
const overflowOf = (page: Page) => page.evaluate(() => ({
  height: document.documentElement.scrollHeight - window.innerHeight,
  width: document.documentElement.scrollWidth - window.innerWidth,
}));

describe.skipIf(!browserAvailable)('wall screens', () => {
  // A bank day in the afternoon wherever the suite runs: the charts have a morning to show.
  const timeZone = afternoonZone();
  let app: WallApp;
  let browser: Browser;
  let bankQuery: string;

  const figures = async <T>(url: string): Promise<T> => (await (await app.admin()).get(url)).json() as Promise<T>;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startWallApp({
        env: { BANK_NAME: '示范银行', BANK_TIMEZONE: timeZone },
        seed: async (db) => {
          await seedDemoBank({ db, clock: systemClock }, { customersTotal: 100 });
          await seedWallDay(db.sql, { timeZone });
        },
      }),
      launchBrowser(),
    ]);
    // A few notable events through the ingest API, for the feed: long waits, low ratings, an error.
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const events = ['BJ0101', 'SH0201', 'GZ0102', 'CD0101'].flatMap((branch, i) => [
      { id: `feed-${branch}-i`, type: 'ticket.issued', branch, at: at(40 - i), ticket: `B${i}07` },
      { id: `feed-${branch}-c`, type: 'ticket.called', branch, at: at(12 - i), ticket: `B${i}07` },
      { id: `feed-${branch}-e`, type: 'evaluation.submitted', branch, at: at(3 - i / 2), ticket: `B${i}07`, rating: i % 2 ? 2 : 1 },
    ]);
    await app.ingest([...events, { id: 'feed-err', type: 'service_error.recorded', branch: 'WH0101', at: at(1) }]);
    bankQuery = await app.displayTokenQuery('bank');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('[wall] the bank wall shows the seeded day: tiles, hourly charts, every branch in the heat grid, ranking and feed', async () => {
    const expected = await figures<ScopeKpis>('/kpis?scope=bank');
    const ranking = await figures<Ranking>('/kpis/ranking?scope=bank');
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall?${bankQuery}`);
    await waitForLive(page);
    await page.getByRole('heading', { name: `今日指标 · ${expected.name}` }).waitFor();

    expect(await tileValue(page, '取号量')).toBe(count(expected.kpis.issued));
    expect(await tileValue(page, '满意率')).toBe(percent(expected.kpis.satisfactionRate!));
    // Every tile compares with yesterday: an arrow and yesterday's figure.
    expect(await page.getByRole('group', { name: '满意率' }).innerText()).toContain(`昨日 ${percent(expected.comparison.yesterday.satisfactionRate!)}`);
    expect(await page.locator('[data-trend]').count()).toBe(8);

    // The volume chart drew today's hours so far and all of yesterday's, from the snapshot's hourly series.
    const [today, yesterday] = await volumePoints(page);
    expect(yesterday).toEqual(expected.hourly.map((h) => h.yesterday.issued));
    expect(today).toEqual(expected.hourly.slice(0, today.length).map((h) => h.kpis.issued));
    expect(today.length).toBeGreaterThanOrEqual(12);

    // The heat grid holds every active branch, counted by band.
    const branches = await app.sql<{ n: number }[]>`select count(*)::int as n from branches where active`;
    await expect.poll(() => page.locator('.cells .cell').count()).toBe(branches[0]!.n);
    const bands = await page.locator('[data-band] b').allInnerTexts();
    expect(bands.map((b) => Number(b.replaceAll(',', ''))).reduce((a, b) => a + b, 0)).toBe(branches[0]!.n);
    for (const tone of ['good', 'warn', 'bad']) expect(await page.locator(`.cells .cell.${tone}`).count()).toBeGreaterThan(0);

    const rankingPanel = page.getByRole('region', { name: '下辖单位排名' });
    await rankingPanel.getByRole('row').filter({ hasText: ranking.items[0]!.name }).waitFor();
    await page.getByRole('region', { name: '实时动态' }).getByRole('listitem').filter({ hasText: '低评价' }).first().waitFor();
    await page.getByRole('region', { name: '投诉时限' }).getByText('暂无未办结投诉').waitFor();
    await page.getByRole('region', { name: '服务明星榜' }).getByText('本月暂无服务明星').waitFor(); // the board is live: no approval yet this month

    expect(await overflowOf(page)).toEqual({ height: 0, width: 0 });
    const file = await saveScreenshot(page, 'wall-1920x1080.png');
    fs.mkdirSync(path.resolve('docs/images'), { recursive: true });
    fs.copyFileSync(file, path.resolve('docs/images/wall.png'));
    expect(pageErrors).toEqual([]);
  });

  it('[wall] on a 3840×2160 screen the same wall is drawn at twice the size, not as a small 1080p layout', async () => {
    const sizes: Record<string, number>[] = [];
    for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
      const { page, pageErrors } = await openPage(browser, { width, height });
      await page.goto(`${app.url}/wall?${bankQuery}`);
      await waitForLive(page);
      sizes.push(await page.evaluate(() => ({
        title: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
        figure: parseFloat(getComputedStyle(document.querySelector('.tile .value')!).fontSize),
        tiles: document.querySelector('.tiles')!.getBoundingClientRect().height,
        cell: document.querySelector('.cells .cell')!.getBoundingClientRect().width,
        chart: document.querySelector('figure[data-metric="issued"] canvas')!.getBoundingClientRect().width,
      })));
      expect(await overflowOf(page)).toEqual({ height: 0, width: 0 });
      if (width === 3840) await saveScreenshot(page, 'wall-3840x2160.png');
      expect(pageErrors).toEqual([]);
      await page.context().close();
    }
    const [hd, uhd] = sizes as [Record<string, number>, Record<string, number>];
    expect(uhd.title).toBeCloseTo(hd.title! * 2, 0);
    expect(uhd.figure).toBeCloseTo(hd.figure! * 2, 0);
    expect(uhd.tiles! / hd.tiles!).toBeCloseTo(2, 1);
    expect(uhd.cell! / hd.cell!).toBeGreaterThan(1.8);
    expect(uhd.chart! / hd.chart!).toBeCloseTo(2, 1);
  });

  it('[wall] a 分行 wall and a branch wall show their own figures', async () => {
    const region = await figures<ScopeKpis>('/kpis?scope=region:BJ');
    const regionRanking = await figures<Ranking>('/kpis/ranking?scope=region:BJ');
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall/region/BJ?${bankQuery}`);
    await page.getByRole('heading', { name: `今日指标 · ${region.name}` }).waitFor();
    await waitForLive(page);
    expect(await tileValue(page, '取号量')).toBe(count(region.kpis.issued));
    const rankingPanel = page.getByRole('region', { name: '下辖单位排名' });
    for (const unit of regionRanking.items) await rankingPanel.getByRole('row').filter({ hasText: unit.name }).waitFor();
    const inRegion = await app.sql<{ n: number }[]>`
      select count(*)::int as n from branches b join regions r on r.id = b.region_id
      where b.active and r.ancestor_ids @> array[(select id from regions where code = 'BJ')]`;
    await expect.poll(() => page.locator('.cells .cell').count()).toBe(inRegion[0]!.n);
    // 支行 labels, without the 分行's own name: 北京朝阳支行 reads 朝阳.
    await page.locator('.group .label').filter({ hasText: /^朝阳$/ }).waitFor();
    expect(await overflowOf(page)).toEqual({ height: 0, width: 0 });
    await saveScreenshot(page, 'wall-region.png');

    const branch = await figures<ScopeKpis>('/kpis?scope=branch:BJ0101');
    await page.goto(`${app.url}/wall/branch/BJ0101?${bankQuery}`);
    await page.getByRole('heading', { name: `今日指标 · ${branch.name}` }).waitFor();
    await waitForText(page, /^数据截至/);
    expect(await tileValue(page, '取号量')).toBe(count(branch.kpis.issued));
    expect(await page.locator('.cells .cell').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('[wall] a playlist rotates through the scopes it names, keeping the display token in the URL', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    const query = `${bankQuery}&playlist=region:SH,region:BJ,bank&interval=2`;
    await page.goto(`${app.url}/wall?${query}`);
    const heading = page.getByRole('heading', { level: 2 }).first();
    await page.getByRole('heading', { name: '今日指标 · 上海分行' }).waitFor();
    await page.getByText('轮播 1/3').waitFor();
    await page.getByRole('heading', { name: '今日指标 · 北京分行' }).waitFor({ timeout: 8_000 });
    await page.getByText('轮播 2/3').waitFor();
    // The scope on screen carries its own figures, not the previous scope's.
    await waitForText(page, /^数据截至/);
    expect(await tileValue(page, '取号量')).toBe(count((await figures<ScopeKpis>('/kpis?scope=region:BJ')).kpis.issued));
    await page.getByRole('heading', { name: /^今日指标 · (总行|示范银行总行)$/ }).waitFor({ timeout: 8_000 });
    await page.getByRole('heading', { name: '今日指标 · 上海分行' }).waitFor({ timeout: 8_000 }); // and round again
    expect(await heading.isVisible()).toBe(true);
    expect(page.url()).toBe(`${app.url}/wall?${query}`);
    expect(pageErrors).toEqual([]);
  });

  it('[wall] `playlist=children` shows the scope, then each of its child units', async () => {
    const ranking = await figures<Ranking>('/kpis/ranking?scope=region:SH');
    const children = [...ranking.items].sort((a, b) => (a.scope < b.scope ? -1 : 1));
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall/region/SH?${bankQuery}&playlist=children&interval=2`);
    await page.getByRole('heading', { name: '今日指标 · 上海分行' }).waitFor();
    await page.getByText(`轮播 1/${children.length + 1}`).waitFor();
    await page.getByRole('heading', { name: `今日指标 · ${children[0]!.name}` }).waitFor({ timeout: 8_000 });
    await page.getByRole('heading', { name: `今日指标 · ${children[1]!.name}` }).waitFor({ timeout: 8_000 });
    expect(new URL(page.url()).searchParams.get('token')).toBeTruthy();
    expect(pageErrors).toEqual([]);
  });

  it('[wall] a display token for 上海分行 opening 北京分行’s wall is refused and shows none of its figures', async () => {
    const shanghai = await app.displayTokenQuery('region:SH');
    const { page, pageErrors } = await openPage(browser, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall/region/BJ?${shanghai}`);
    await page.getByRole('alert').getByText('此大屏无权查看该范围').waitFor();
    await page.getByRole('alert').getByText('region:BJ').waitFor();
    expect(await page.getByRole('group', { name: '取号量' }).count()).toBe(0);
    expect(await page.locator('.cells .cell').count()).toBe(0);
    expect(await page.getByText('北京朝阳').count()).toBe(0);
    await saveScreenshot(page, 'wall-refused.png');
    // The same token on its own scope works.
    await page.goto(`${app.url}/wall/region/SH?${shanghai}`);
    await page.getByRole('heading', { name: '今日指标 · 上海分行' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
