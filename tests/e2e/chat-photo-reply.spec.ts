import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { jpegWithExif } from '../fixtures/photos.ts';
import { createUser, login } from '../integration/helpers/access.ts';
import { seedSmallBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'admin', displayName: '系统管理员', password: 'admin-password-2025' };
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);

describe.skipIf(!browserAvailable)('bot console: a photo in reply to a rectification card', () => {
  const app = withApp({
    seed: async (db) => {
      await seedSmallBank(db.sql);
      await db.sql`insert into staff (code, name, role, region_id, active) select 'S000040', '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
      await createUser(db, { username: 'inspector', role: 'inspector', scope: 'region:BJ', staffCode: 'S000040' });
      await createUser(db, { ...ADMIN, role: 'admin', scope: 'bank' });
    },
  });

  it('[chat] 回复照片 under the card sends the picture; the bot confirms and the card shows the photo', async () => {
    const inspector = await login(app.url, 'inspector');
    const results = ITEMS.map((i) => (i.code === 'ENV07' ? { item: i.code, points: 0, reason: '灭火器过期' } : { item: i.code, points: i.maxPoints }));
    expect((await inspector.post('/inspections', { id: 'E2E-P1', branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(Date.now() - 3_600_000).toISOString(), results })).status).toBe(201);

    const { page, pageErrors } = await app.openAs(ADMIN, { width: 390, height: 844 });
    await page.goto(`${app.url}/chat?staff=S000001`);
    await page.getByRole('heading', { name: '王建国', level: 1 }).waitFor();
    const card = page.getByRole('article', { name: /整改通知 · ENV07/ }).last();
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await page.getByText('回复照片').last().waitFor();
    await page.locator('.image-reply input[type=file]').last().setInputFiles({ name: 'fix.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif() });

    await page.getByText(/^已收到照片，已附到整改 #\d+（ENV07 消防及安防设施完好），现有照片 1 张。$/).waitFor({ timeout: 10_000 });
    await page.getByText(/\[图片 1 KB\]（回复「【红线】整改通知 · ENV07/).waitFor();
    await card.getByText('照片', { exact: true }).waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'chat-photo-reply.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
