import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { seedDemoStars } from '../../server/demo/demo-stars.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

describe('demo service stars', () => {
  let db: TestDb;
  const clock = fixedClock('2026-11-20T02:00:00Z');
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemoBank({ db, clock }, { branchOffices: 2, customersTotal: 50 });
  });
  afterAll(() => db.close());

  it('gives this month nominations in every state and past months their stars, once', async () => {
    const deps = { db, clock, timeZone: 'Asia/Shanghai', outbox: { staffChannel: 'console' as const } };
    expect(await seedDemoStars(deps)).toEqual({ created: true });
    const states = await db.sql<{ status: string }[]>`select distinct status from nominations where month = '2026-11' order by status`;
    expect(states.map((s) => s.status)).toEqual(['approved', 'pending', 'rejected']);
    // Pending ones wait with branch heads and with region managers: review cards in their chats.
    const approvers = await db.sql<{ role: string }[]>`
      select distinct p.role from nominations n join staff p on p.id = n.approver_id where n.status = 'pending' order by p.role`;
    expect(approvers.map((a) => a.role)).toEqual(['branch_head', 'region_manager']);
    const cards = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages where template = 'nomination.review' and channel = 'console'`;
    expect(cards[0]!.n).toBeGreaterThan(0);
    const months = await db.sql<{ month: string }[]>`select distinct month from service_stars order by month`;
    expect(months.map((m) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(await db.sql`select month from award_months where announced_at is not null`).toEqual([{ month: '2026-10' }]);
    const count = (await db.sql<{ n: number }[]>`select count(*)::int as n from nominations`)[0]!.n;
    expect(await seedDemoStars(deps)).toEqual({ created: false });
    expect((await db.sql<{ n: number }[]>`select count(*)::int as n from nominations`)[0]!.n).toBe(count);
  });
});
