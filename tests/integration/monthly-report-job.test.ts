import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded } from '../../server/domains/calendar/index.ts';
import { firstWorkingDayOf, postMonthlyReports, type MonthlyPostDeps } from '../../server/domains/reports/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

/**
 * The first-working-day job: last month's headline card to the leadership chat and to each 分行's
 * chat, with a link to the report; once per month and scope, however many instances run it.
 */
const TZ = 'Asia/Shanghai';
let db: TestDb;

const depsAt = (iso: string): MonthlyPostDeps => ({
  db, clock: fixedClock(iso), timeZone: TZ, outbox: { staffChannel: 'console' }, publicUrl: () => 'https://touchstone.example',
});

beforeAll(async () => {
  db = await createTestDb();
  await seedTwoRegionBank(db.sql);
  await ensureCalendarSeeded(db.sql, fixedClock('2026-09-15T02:00:00Z'));
  await db.sql`
    insert into branch_day_kpis (branch_id, service_day, issued, called, finished, evaluations, satisfied, updated_at)
    select id, '2026-09-15', 120, 110, 100, 80, 79, now() from branches where code in ('BJ0101', 'SH0101')`;
  await db.sql`
    insert into chat_bindings (region_id, branch_id, purpose, channel, chat_id, created_at) values
      (null, null, 'leadership', 'console', 'oc_leaders', now()),
      ((select id from regions where code = 'BJ'), null, 'alerts', 'console', 'oc_bj', now()),
      ((select id from regions where code = 'BJ01'), null, 'alerts', 'console', 'oc_bj01', now())`;
});
afterAll(() => db.close());

describe('the monthly report job', () => {
  it('waits for the first working day after 国庆 (1–7 October are holidays)', async () => {
    const first = await firstWorkingDayOf({ db }, '2026-10');
    expect(first > '2026-10-07').toBe(true);
    const onHoliday = await postMonthlyReports(depsAt('2026-10-01T01:00:00Z'));
    expect(onHoliday).toEqual({ month: '2026-09', posted: [], skipped: 'not the first working day' });
    const [none] = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages`;
    expect(none!.n).toBe(0);
  });

  it('posts each scope once, even when two instances run it at the same moment', async () => {
    const first = await firstWorkingDayOf({ db }, '2026-10');
    const at = `${first}T01:00:00Z`;
    const [a, b] = await Promise.all([postMonthlyReports(depsAt(at)), postMonthlyReports(depsAt(at))]);
    expect([...a.posted, ...b.posted].sort()).toEqual(['bank', 'region:BJ']);
    const again = await postMonthlyReports(depsAt(at));
    expect(again.posted).toEqual([]);
    const messages = await db.sql<{ recipient: string; template: string; data: { name: string; month: string; url: string; finished: number } }[]>`
      select recipient, template, data from outbox_messages order by recipient`;
    expect(messages.map((m) => [m.recipient, m.template, m.data.month])).toEqual([['oc_bj', 'report.monthly', '2026-09'], ['oc_leaders', 'report.monthly', '2026-09']]);
    const bank = messages.find((m) => m.recipient === 'oc_leaders')!.data;
    expect(bank.finished).toBe(200);
    expect(bank.url).toBe('https://touchstone.example/reports/monthly?scope=bank&month=2026-09');
    expect(messages.find((m) => m.recipient === 'oc_bj')!.data.finished).toBe(100);
  });
});
