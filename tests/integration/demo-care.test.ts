import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCare } from '../../server/demo/demo-care.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { addDays } from '../../server/platform/bank-time.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// 2027-03-10 10:00 in Shanghai.
const clock = fixedClock('2027-03-10T02:00:00Z');
const TODAY = '2027-03-10';

describe('the demo\'s customer care at first start', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedSmallBank(db.sql) });
    // Twelve customers born on each of the last six days and today, greeted by teller S000002.
    for (let back = 0; back <= 6; back++) {
      const day = addDays(TODAY, -back);
      for (let i = 0; i < 12; i++) {
        await app.db.sql`insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
          select ${`D${back}-${i}`}, '测试客户', b.id, (select id from staff where code = 'S000002'), 'gold', 'solar', ${Number(day.slice(5, 7))}, ${Number(day.slice(8, 10))}
          from branches b where b.code = 'BJ0101'`;
      }
    }
  });
  afterAll(() => app?.close());

  it('has tasks in every state: done each way, skipped, overdue, today\'s open and done, today\'s list posted', async () => {
    await seedDemoCare(app.server.care, () => {});
    const states = await app.db.sql<{ status: string; doneVia: string | null; past: boolean; n: number }[]>`
      select status, done_via, due_date < ${TODAY}::date as past, count(*)::int as n from care_tasks group by 1, 2, 3 order by 1, 2, 3`;
    const has = (status: string, via: string | null, past: boolean) => states.some((s) => s.status === status && s.doneVia === via && s.past === past && s.n > 0);
    expect(has('done', 'phone', true) && has('done', 'sms', true) && has('done', 'visit', true)).toBe(true);
    expect(states.some((s) => s.status === 'skipped' && s.past)).toBe(true);
    expect(has('open', null, true)).toBe(true); // overdue
    expect(has('open', null, false)).toBe(true);
    expect(states.some((s) => s.status === 'done' && !s.past)).toBe(true);
    expect(states.reduce((n, s) => n + s.n, 0)).toBe(84);
    expect(await app.db.sql`select recipient from outbox_messages where template = 'care.digest' and kind = 'send'`).toEqual([{ recipient: 'S000002' }]);
    // Past greetings were made on their own day (on time), not at seeding time.
    expect(await app.db.sql`select count(*)::int as n from care_tasks where status <> 'open' and due_date < ${TODAY}::date and (closed_at at time zone 'Asia/Shanghai')::date <> due_date`).toEqual([{ n: 0 }]);
  });

  it('feeds the service index with a care completion between 0 and 1', async () => {
    const { kpis } = await (await (await app.admin()).get('/kpis?scope=branch:BJ0101')).json();
    expect(kpis.careCompletionRate).toBeGreaterThan(0);
    expect(kpis.careCompletionRate).toBeLessThan(1);
    expect(kpis.serviceIndex).not.toBeNull();
  });

  it('changes nothing when the demo starts again', async () => {
    const before = await app.db.sql`select id, status from care_tasks order by id`;
    await seedDemoCare(app.server.care, () => {});
    expect(await app.db.sql`select id, status from care_tasks order by id`).toEqual(before);
  });
});
