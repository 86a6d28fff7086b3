import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { login, type Client } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'admin.zhang', displayName: '张管理', password: 'admin-password-2025', role: 'admin', scope: 'bank' } as const;
const INSPECTOR = { username: 'checker', displayName: '孙检查', password: 'inspector-2026', role: 'inspector', scope: 'bank' } as const;
const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);

describe.skipIf(!browserAvailable)('service index weights', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoRegionBank(db.sql), users: [ADMIN, INSPECTOR, HEAD] });
  let inspector: Client;
  let head: Client;
  let wallUrl: string;

  beforeAll(async () => {
    inspector = await login(app.url, INSPECTOR.username, INSPECTOR.password);
    head = await login(app.url, HEAD.username, HEAD.password);
    const token = await (await app.server.admin()).post('/display-tokens', { name: '建国路网点', scope: 'branch:BJ0101' });
    wallUrl = `${app.url}/wall/branch/BJ0101?token=${encodeURIComponent(((await token.json()) as { secret: string }).secret)}`;
  });

  it('[wall] a verified fix and an administrator’s new weight move the branch’s index live', async () => {
    const wall = await app.open({ width: 1920, height: 1080 });
    await wall.page.goto(wallUrl);
    await waitForText(wall.page, '实时连接正常');
    await wall.page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));
    const index = wall.page.getByRole('group', { name: '服务指数' }).locator('.value');
    await index.waitFor();

    // No tickets today: the index is the supervision part. Lost 4 + 4 of 272 → 97.1, which scores
    // 80 + 20 × 12.1 ÷ 15 = 96.13 on the inspection scale (80 at the pass mark 85).
    const results = ITEMS.map((i) => (i.code === 'ENV07' ? { item: i.code, points: 4, reason: '灭火器过期' } : i.code === 'ATT02' ? { item: i.code, points: 2, reason: '未起身迎候' } : { item: i.code, points: i.maxPoints }));
    expect((await inspector.post('/inspections', { id: 'E2E-W1', branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(Date.now() - 3_600_000).toISOString(), results })).status).toBe(201);
    await wall.page.waitForFunction((el) => el?.textContent?.trim() === '96.1', await index.elementHandle(), { timeout: 15_000 });

    // A fix confirmed and verified on time: 1 of 1 → 100, weight 10 beside inspection's 15: (15 × 96.13 + 10 × 100) ÷ 25 = 97.7.
    const [r] = (await (await head.get('/rectifications?branch=BJ0101')).json()).items as Array<{ id: number }>;
    expect((await head.post(`/rectifications/${r!.id}/fix`, { note: '已更换灭火器' })).status).toBe(200);
    expect((await inspector.post(`/rectifications/${r!.id}/verify`, { accepted: true, note: '' })).status).toBe(200);
    await wall.page.waitForFunction((el) => el?.textContent?.trim() === '97.7', await index.elementHandle(), { timeout: 15_000 });

    // The administrator weighs fixes on time at 40 in the back office: (15 × 96.13 + 40 × 100) ÷ 55 = 98.9.
    const admin = await app.openAs(ADMIN, { width: 1280, height: 900 });
    await admin.page.goto(`${app.url}/admin/service-index`);
    const weight = admin.page.getByRole('spinbutton', { name: '整改按期率' });
    await weight.waitFor();
    expect(await weight.inputValue()).toBe('10');
    await weight.fill('40');
    expect(await admin.page.locator('tr[data-component="rectificationOnTimeRate"] .num').innerText()).toBe('24.2%'); // 40 of 165
    await admin.page.getByRole('button', { name: '保存权重' }).click();
    await admin.page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await wall.page.waitForFunction((el) => el?.textContent?.trim() === '98.9', await index.elementHandle(), { timeout: 15_000 });
    expect(await wall.page.evaluate(() => 'wallLiveMarker' in window)).toBe(true);

    await saveScreenshot(admin.page, 'admin-service-index.png');
    expect(admin.pageErrors).toEqual([]);
    expect(wall.pageErrors).toEqual([]);
  });
});
