import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, type Client } from '../integration/helpers/access.ts';
import { seedStarsBank } from '../integration/helpers/stars-bank.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const TELLER = { username: 'li.xm', displayName: '李晓梅', password: 'teller-password-2025', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' } as const;

/** This bank month and the one before, in Shanghai time (the wall's months). */
function months(): { current: string; previous: string } {
  const current = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const [y, m] = current.split('-').map(Number) as [number, number];
  return { current, previous: m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}` };
}

async function waitForLive(page: Page): Promise<void> {
  await waitForText(page, '实时连接正常');
  await page.waitForFunction(() => [...document.querySelectorAll('.figures')].every((el) => getComputedStyle(el).filter === 'none'));
}

describe.skipIf(!browserAvailable)('wall star board', () => {
  const app = withApp({
    env: { BANK_NAME: '示范银行' },
    users: [HEAD, TELLER],
    seed: async (db) => {
      await seedStarsBank(db.sql);
      // Last month's star of 建国路网点: 孙丽, two approved nominations.
      const { previous } = months();
      await db.sql`
        insert into service_stars (month, scope, staff_id, branch_id, nominations, first_nominated_at, computed_at)
        select ${previous}, 'branch:BJ0101', s.id, s.branch_id, 2, now() - interval '40 days', now() from staff s where s.code = 'S000006'`;
    },
  });
  let head: Client;
  let teller: Client;
  let wallUrl: string;

  beforeAll(async () => {
    head = await login(app.url, HEAD.username, HEAD.password);
    teller = await login(app.url, TELLER.username, TELLER.password);
    const token = await (await app.server.admin()).post('/display-tokens', { name: '网点大屏', scope: 'branch:BJ0101' });
    wallUrl = `${app.url}/wall/branch/BJ0101?token=${encodeURIComponent(((await token.json()) as { secret: string }).secret)}`;
  });

  it('[wall] an approval joins this month’s board and the feed live; last month’s stars stay beside it', async () => {
    const created = await teller.post('/nominations', { nominee: 'S000004', reason: '耐心为老年客户办理社保卡激活，全程讲解' });
    expect(created.status).toBe(201);
    const nomination = (await created.json()) as { id: number };

    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(wallUrl);
    await waitForLive(page);
    await page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));
    const board = page.getByRole('region', { name: '服务明星榜' });
    const approved = board.getByTestId('stars-approved');
    await approved.getByText('本月暂无服务明星').waitFor();
    const lastMonth = board.getByTestId('stars-last-month');
    await lastMonth.getByText('孙丽').waitFor();
    expect(await lastMonth.innerText()).toContain('北京朝阳建国路网点');

    const decided = await head.post(`/nominations/${nomination.id}/decision`, { approved: true });
    expect(decided.status).toBe(200);
    const row = approved.getByRole('listitem').filter({ hasText: '张伟' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toMatch(/1\s*张伟\s*北京朝阳建国路网点\s*1/);
    const feed = page.getByRole('region', { name: '实时动态' });
    await feed.getByRole('listitem').filter({ hasText: '提名通过' }).filter({ hasText: '张伟' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { wallLiveMarker?: boolean }).wallLiveMarker)).toBe(true); // no reload
    await saveScreenshot(page, 'wall-stars.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
