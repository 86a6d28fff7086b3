import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, type Client } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

/** The head of 北京朝阳建国路网点 (S000001 in the seed), who registers complaints at the counter. */
const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const DAY = 86_400_000;
/** The customer's name and phone: a wall never shows either. */
const CUSTOMER = { name: '张三明', phone: '13812345678' };

/** Figures in, and the grey of "not live yet" faded out (for a true screenshot). */
async function waitForLive(page: Page): Promise<void> {
  await waitForText(page, '实时连接正常');
  await waitForText(page, /^数据截至 \d{2}:\d{2}:\d{2}$/);
  await page.waitForFunction(() => [...document.querySelectorAll('.figures')].every((el) => getComputedStyle(el).filter === 'none'));
}

/** `ms` ago as a counter system writes it: ISO-8601 with the +08:00 offset. */
function shanghaiAgo(ms: number): string {
  return new Date(Date.now() - ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

describe.skipIf(!browserAvailable)('wall complaints', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoRegionBank(db.sql), users: [HEAD] });
  let head: Client;
  let wallUrl: string;

  const register = async (body: { receivedAt: string; summary: string; category?: string }) => {
    const response = await head.post('/complaints', { branch: 'BJ0101', channel: 'counter', category: 'fees', complainant: CUSTOMER, ...body });
    if (response.status !== 201) throw new Error(`intake failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: number; reference: string };
  };

  beforeAll(async () => {
    head = await login(app.url, HEAD.username, HEAD.password);
    const token = await (await app.server.admin()).post('/display-tokens', { name: '总行大厅', scope: 'bank' });
    expect(token.status).toBe(201);
    wallUrl = `${app.url}/wall?token=${encodeURIComponent(((await token.json()) as { secret: string }).secret)}`;
  });

  it('[wall] the clock strip shows open complaints by deadline, live, and never the customer', async () => {
    // Received 20 days ago: the 15-day limit ran out about five days ago. 14 days ago: due tomorrow.
    const overdue = await register({ receivedAt: shanghaiAgo(20 * DAY), summary: '未告知即收取短信服务费' });
    const dueSoon = await register({ receivedAt: shanghaiAgo(14 * DAY), summary: '年费扣收前未提醒', category: 'wait_time' });

    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(wallUrl);
    await waitForLive(page);
    // Survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));

    const strip = page.getByRole('region', { name: '投诉时限' });
    const late = strip.getByRole('listitem').filter({ hasText: overdue.reference });
    await late.waitFor();
    expect(await late.getAttribute('data-clock')).toBe('overdue');
    expect(await late.getByTestId('wall-countdown').innerText()).toMatch(/^已超时 \d+ 天 \d+ 小时$/);
    expect(await late.innerText()).toMatch(/北京朝阳建国路网点[\s\S]*收费/);
    const soon = strip.getByRole('listitem').filter({ hasText: dueSoon.reference });
    expect(await soon.getAttribute('data-clock')).toBe('due_soon');
    expect(await soon.getByTestId('wall-countdown').innerText()).toMatch(/^剩余 \d+ (天 \d+ 小时|小时 \d+ 分)$/);
    expect(await soon.innerText()).toContain('等候时间');
    // Most at risk first.
    expect(await strip.getByRole('listitem').first().innerText()).toContain(overdue.reference);

    const counts = strip.getByLabel('未办结投诉计数');
    expect(await counts.innerText()).toMatch(/超时\s*1\s*即将到期\s*1\s*暂停\s*0\s*未办结\s*2/);
    // The 30-day rates sit in the strip's header, next to the counts.
    expect(await strip.getByRole('group', { name: '投诉指标（近 30 日）' }).innerText()).toMatch(/按时办结率[\s\S]*投诉率[\s\S]*每万笔[\s\S]*每千网点[\s\S]*每千万客户/);

    // Registered while the wall is open: it joins the strip and the feed without a reload.
    const fresh = await register({ receivedAt: shanghaiAgo(60_000), summary: '理财产品风险未充分揭示', category: 'product' });
    const added = strip.getByRole('listitem').filter({ hasText: fresh.reference });
    await added.waitFor();
    expect(await added.getByTestId('wall-countdown').innerText()).toMatch(/^剩余 \d+ 天 \d+ 小时$/);
    expect(await added.innerText()).toContain('产品');
    await counts.getByText('3', { exact: true }).waitFor();
    expect(await counts.innerText()).toMatch(/超时\s*1\s*即将到期\s*1\s*暂停\s*0\s*未办结\s*3/);
    const feed = page.getByRole('region', { name: '实时动态' });
    const line = feed.getByRole('listitem').filter({ hasText: '新投诉' }).filter({ hasText: fresh.reference });
    await line.waitFor();
    expect(await line.innerText()).toContain('北京朝阳建国路网点');
    expect(await page.evaluate(() => 'wallLiveMarker' in window)).toBe(true);

    // No customer data reaches a wall: neither the name nor the phone, masked or not.
    const text = await page.locator('body').innerText();
    for (const secret of [CUSTOMER.name, '张*明', CUSTOMER.phone, '138****5678']) expect(text).not.toContain(secret);

    const overflow = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight - window.innerHeight,
      width: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow).toEqual({ height: 0, width: 0 });
    await saveScreenshot(page, 'wall-complaints.png');
    expect(pageErrors).toEqual([]);
  });

  it('[wall] a full strip shows the twelve most at risk, and a 3840×2160 screen draws it at twice the size', async () => {
    for (let i = 0; i < 11; i++) await register({ receivedAt: shanghaiAgo((i + 1) * DAY), summary: `第 ${i + 1} 件`, category: i % 2 ? 'service_attitude' : 'operation_error' });
    const heights: number[] = [];
    for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
      const { page, pageErrors } = await app.open({ width, height });
      await page.goto(wallUrl);
      await waitForLive(page);
      const strip = page.getByRole('region', { name: '投诉时限' });
      await strip.getByRole('listitem').nth(11).waitFor();
      expect(await strip.getByRole('listitem').count()).toBe(12);
      expect(Number(await strip.getByLabel('未办结投诉计数').locator('.open dd').innerText())).toBeGreaterThan(12);
      heights.push((await strip.getByRole('listitem').first().boundingBox())!.height);
      const overflow = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight - window.innerHeight,
        width: document.documentElement.scrollWidth - window.innerWidth,
      }));
      expect(overflow).toEqual({ height: 0, width: 0 });
      await saveScreenshot(page, `wall-complaints-${width}x${height}.png`);
      expect(pageErrors).toEqual([]);
    }
    expect(heights[1]! / heights[0]!).toBeCloseTo(2, 1);
  });
});
