import { describe, expect, it } from 'vitest';
import { createUser } from '../integration/helpers/access.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { SEEDED_ORG, seedTwoBranchOffices } from './helpers/seed-org.ts';
import { withApp } from './helpers/session.ts';

describe.skipIf(!browserAvailable)('wall', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql) });

  it('[wall] shows the bank’s KPI tiles, its 分行 ranked and the feed, live, on one 1920×1080 screen', async () => {
    // The screen has no session: it opens the URL an administrator created for it.
    const created = await (await app.server.admin()).post('/display-tokens', { name: '总行大厅', scope: 'bank' });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall?token=${encodeURIComponent(secret)}`);

    await page.getByRole('heading', { name: '示范银行', level: 1 }).waitFor();
    await waitForText(page, '实时连接正常');
    await waitForText(page, /^数据截至 \d{2}:\d{2}:\d{2}$/);
    await page.getByRole('heading', { name: `今日指标 · ${SEEDED_ORG.headOffice}` }).waitFor();
    for (const label of ['满意率', '参评率', '平均等候', '长时间等候占比', '平均办理', '差错率', '取号量', '服务指数']) {
      await page.getByRole('group', { name: label }).waitFor({ state: 'visible' });
    }
    // No tickets yet: a count is 0, a rate is "no data", never 0 % or 100 %.
    expect(await page.getByRole('group', { name: '取号量' }).innerText()).toMatch(/取号量\s*0\s/);
    expect(await page.getByRole('group', { name: '满意率' }).innerText()).toMatch(/满意率\s*—[\s\S]*目标 ≥ \d+\.\d%[\s\S]*暂无数据/);
    const ranking = page.getByRole('region', { name: '下辖单位排名' });
    for (const office of SEEDED_ORG.branchOffices) await ranking.getByRole('row').filter({ hasText: office.name }).waitFor();
    await page.getByRole('region', { name: '实时动态' }).getByText('今日暂无低评价、服务差错或长时间等候').waitFor();

    const overflow = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight - window.innerHeight,
      width: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(overflow).toEqual({ height: 0, width: 0 });

    await saveScreenshot(page, 'wall.png');
    expect(pageErrors).toEqual([]);
  });

  it('[wall] a 分行 manager’s wall link shows their own 分行 and its 支行', async () => {
    const manager = await createUser(app.server.db, { username: 'east-manager', role: 'region_manager', scope: 'region:EAST' });
    const { page, pageErrors } = await app.openAs(manager, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall`);
    await page.getByRole('heading', { name: '今日指标 · 华东分行' }).waitFor();
    const ranking = page.getByRole('region', { name: '下辖单位排名' });
    for (const name of ['上海浦东支行', '杭州西湖支行']) await ranking.getByRole('row').filter({ hasText: name }).waitFor();
    expect(await ranking.innerText()).not.toContain('华南分行');
    expect(pageErrors).toEqual([]);
  });

  it('[wall] without a display token or a session, the wall asks for a login', async () => {
    const { page, pageErrors } = await app.open();
    await page.goto(`${app.url}/wall`);
    await page.waitForURL(/\/login\?next=%2Fwall$/);
    await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('[wall] an unknown display token shows that the screen has no access', async () => {
    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall?token=not-a-real-token`);
    await page.getByText('此大屏授权已被撤销').waitFor();
    expect(new URL(page.url()).pathname).toBe('/wall');
    expect(pageErrors).toEqual([]);
  });
});
