import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCareTasks } from '../../server/domains/care/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer, type TestSocket } from './helpers/test-server.ts';

const clock = fixedClock('2027-05-20T02:00:00Z'); // 10:00 on 05-20 in Shanghai

describe('customer care on the wall', () => {
  let app: TestServer;
  let wall: TestSocket;

  beforeAll(async () => {
    app = await startTestServer({
      clock,
      seed: async (db) => {
        await seedTwoRegionBank(db.sql);
        // A diamond customer born today and a gold one, both greeted by the head of BJ0101.
        await db.sql`update customers set tier = 'diamond', birthday_calendar = 'solar', birth_month = 5, birth_day = 21, account_manager_id = (select id from staff where code = 'S000001') where code = 'C1'`;
        await db.sql`insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
          select 'C3', '赵六顺', id, (select id from staff where code = 'S000001'), 'gold', 'solar', 5, 20 from branches where code = 'BJ0101'`;
      },
    });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    wall = await app.connectSocket();
  });
  afterAll(() => app?.close());

  it('shows today\'s care figures, and a VIP birthday greeted in the feed, without the customer', async () => {
    const empty = await wall.emitWithAck('wall:subscribe', { scope: 'region:BJ' });
    if (!empty.ok) throw new Error('subscribe failed');
    expect(empty.data.care).toEqual({ dueToday: 0, doneToday: 0, openToday: 0, overdue: 0, completionRate: null, onTimeRate: null });
    const listed = waitForEvent(wall, 'kpi:updated', (u) => u.scope === 'region:BJ' && u.changes.care?.openToday === 2);
    expect((await generateCareTasks(app.server.care, '2027-05-20', { actor: 'test', post: false })).created).toBe(2);
    expect((await listed).changes.care).toMatchObject({ dueToday: 1, doneToday: 0, openToday: 2 });

    const head = await login(app.url, 'bj-head');
    const [vip] = await app.db.sql<{ id: string }[]>`select t.id from care_tasks t join customers c on c.id = t.customer_id where c.code = 'C1'`;
    const fed = waitForEvent(wall, 'feed:appended', (f) => f.items.some((i) => i.kind === 'care_greeted'));
    const updated = waitForEvent(wall, 'kpi:updated', (u) => u.changes.care?.openToday === 1);
    expect((await head.post(`/care-tasks/${vip!.id}/done`, { via: 'visit' })).status).toBe(200);
    const item = (await fed).items.find((i) => i.kind === 'care_greeted')!;
    expect(item).toMatchObject({ branchCode: 'BJ0101', staffName: '王建国', occasion: '生日' });
    expect(JSON.stringify(item)).not.toContain('张三明');
    expect((await updated).changes.care).toMatchObject({ openToday: 1 });
    // The gold customer's greeting (due today) is not a VIP: the feed says nothing.
    const [gold] = await app.db.sql<{ id: string }[]>`select t.id from care_tasks t join customers c on c.id = t.customer_id where c.code = 'C3'`;
    const done = waitForEvent(wall, 'kpi:updated', (u) => u.changes.care?.doneToday === 1);
    await head.post(`/care-tasks/${gold!.id}/done`, { via: 'phone' });
    expect((await done).changes.care).toMatchObject({ dueToday: 1, doneToday: 1, completionRate: 1 });
  });
});
