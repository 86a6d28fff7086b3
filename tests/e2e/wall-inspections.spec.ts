import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { login, type Client } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const INSPECTOR = { username: 'checker', displayName: '孙检查', password: 'inspector-2026', role: 'inspector', scope: 'bank' } as const;
const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);

describe.skipIf(!browserAvailable)('wall inspections', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoRegionBank(db.sql), users: [INSPECTOR, HEAD] });
  let inspector: Client;
  let head: Client;
  let wallUrl: string;

  beforeAll(async () => {
    inspector = await login(app.url, INSPECTOR.username, INSPECTOR.password);
    head = await login(app.url, HEAD.username, HEAD.password);
    const token = await (await app.server.admin()).post('/display-tokens', { name: '总行大厅', scope: 'bank' });
    wallUrl = `${app.url}/wall?token=${encodeURIComponent(((await token.json()) as { secret: string }).secret)}`;
  });

  it('[wall] the inspection panel and the feed follow a submission live', async () => {
    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(wallUrl);
    await waitForText(page, '实时连接正常');
    await page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));
    const panel = page.getByRole('region', { name: '检查与整改（近 90 天）' });
    await panel.waitFor();
    expect(await panel.innerText()).toMatch(/最近得分\s*—/);

    // A failed inspection (a red line lost points): lost 4 + 4 of 272 → 264/272 = 97.1, failed; two fixes open.
    const results = ITEMS.map((i) => (i.code === 'ENV07' ? { item: i.code, points: 4, reason: '灭火器过期' } : i.code === 'ATT02' ? { item: i.code, points: 2, reason: '未起身迎候' } : { item: i.code, points: i.maxPoints }));
    const response = await inspector.post('/inspections', { id: 'E2E-1', branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(Date.now() - 3_600_000).toISOString(), results });
    expect(response.status).toBe(201);
    await panel.getByText('97.1', { exact: true }).first().waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/最近得分\s*97\.1/);
    expect(text).toMatch(/合格率\s*0%/);
    expect(text).toMatch(/红线扣分\s*1/);
    expect(text).toMatch(/待整改\s*2/);
    const feed = page.getByRole('region', { name: '实时动态' });
    const failed = feed.getByRole('listitem').filter({ hasText: '检查未通过' });
    await failed.waitFor();
    expect(await failed.innerText()).toContain('北京朝阳建国路网点');

    // The head fixes one and the inspector verifies it: a feed line, and one fix fewer open.
    const [r] = (await (await head.get('/rectifications?branch=BJ0101')).json()).items as Array<{ id: number; item: string }>;
    expect((await head.post(`/rectifications/${r!.id}/fix`, { note: '已更换灭火器' })).status).toBe(200);
    expect((await inspector.post(`/rectifications/${r!.id}/verify`, { accepted: true, note: '' })).status).toBe(200);
    const verified = feed.getByRole('listitem').filter({ hasText: '整改已验收' });
    await verified.waitFor();
    expect(await verified.innerText()).toContain(r!.item);
    await panel.getByText('100%').waitFor();
    expect(await panel.innerText()).toMatch(/待整改\s*1/);
    expect(await page.evaluate(() => 'wallLiveMarker' in window)).toBe(true);

    const overflow = await page.evaluate(() => ({ height: document.documentElement.scrollHeight - window.innerHeight, width: document.documentElement.scrollWidth - window.innerWidth }));
    expect(overflow).toEqual({ height: 0, width: 0 });
    await saveScreenshot(page, 'wall-inspections.png');
    expect(pageErrors).toEqual([]);
  });
});
