import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCareTasks, runCareReminder, type CareDeps } from '../../server/domains/care/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import type { Queryable } from '../../db/types.ts';

// 2027-09-14 08:30 in Shanghai, the day before 中秋 (2027-09-15).
const clock = fixedClock('2027-09-14T00:30:00Z');

/**
 * BJ0101 with 客户经理 S000004 and three customers whose morning depends on the settings:
 *  CQ gold, solar birthday 09-16 → today only with gold's lead time raised to 2
 *  CR diamond, no birthday → 中秋 today by default (diamond, lead 1), nothing once diamond is no festival tier
 *  CS platinum, no birthday → a configured solar festival on 09-14 once platinum is a festival tier
 */
async function seed(sql: Queryable): Promise<void> {
  await seedTwoRegionBank(sql);
  await sql`insert into staff (code, name, role, branch_id, active) select 'S000004', '刘经理', 'account_manager', id, true from branches where code = 'BJ0101'`;
  const add = (code: string, name: string, tier: string, month: number | null, day: number | null) => sql`
    insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
    select ${code}, ${name}, b.id, (select id from staff where code = 'S000004'), ${tier}, ${month ? 'solar' : null}, ${month}, ${day} from branches b where b.code = 'BJ0101'`;
  await add('CQ', '钱七巧', 'gold', 9, 16);
  await add('CR', '任大方', 'diamond', null, null);
  await add('CS', '沈白金', 'platinum', null, null);
}

describe('care settings: read and changed by an administrator, refused field by field, read by the next run', () => {
  let app: TestServer;
  let deps: CareDeps;
  let admin: Client;
  let head: Client;

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seed(db.sql), env: { CARE_DAILY_AT: '08:45' } });
    deps = app.server.care;
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    admin = await app.admin();
    head = await login(app.url, 'bj-head');
  });
  afterAll(() => app?.close());

  it('shows the defaults and the deployment\'s morning run time, to administrators only', async () => {
    const response = await admin.get('/care-settings');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      leadDays: { private: 3, diamond: 1, platinum: 1, gold: 0, mass: 0 },
      festivalTiers: ['diamond', 'private'],
      solarFestivals: [{ name: '元旦', month: 1, day: 1 }, { name: '国庆', month: 10, day: 1 }],
      seniorAge: 60, reminderAt: '16:00', indexWeight: 0.1, dailyAt: '08:45',
    });
    expect((await head.get('/care-settings')).status).toBe(403);
    expect((await head.patch('/care-settings', { reminderAt: '17:00' })).status).toBe(403);
  });

  it('changes only the settings sent, keeps the others (the index weight included) and audits what changed', async () => {
    const response = await admin.patch('/care-settings', { reminderAt: '17:30', festivalTiers: ['platinum', 'private'], dailyAt: '06:00' });
    expect(response.status).toBe(200);
    const saved = await response.json();
    expect(saved).toMatchObject({ reminderAt: '17:30', festivalTiers: ['platinum', 'private'], leadDays: { private: 3, diamond: 1, platinum: 1, gold: 0, mass: 0 }, indexWeight: 0.1, dailyAt: '08:45' });
    expect(await (await admin.get('/care-settings')).json()).toEqual(saved);
    const [audit] = await app.db.sql<{ summary: { changed: string[]; before: { reminderAt: string }; after: { reminderAt: string } } }[]>`
      select summary from audit_log where action = 'care.settings' order by id desc limit 1`;
    expect(audit!.summary.changed).toEqual(['festivalTiers', 'reminderAt']);
    expect([audit!.summary.before.reminderAt, audit!.summary.after.reminderAt]).toEqual(['16:00', '17:30']);
  });

  it('refuses a bad value naming the field, and stores nothing', async () => {
    const before = await (await admin.get('/care-settings')).json();
    const refusals: Array<[object, string]> = [
      [{ leadDays: { ...before.leadDays, private: 45 } }, 'leadDays.private'],
      [{ leadDays: { mass: 0 } }, 'leadDays.gold'],
      [{ reminderAt: '23:00' }, 'reminderAt'], // after the reminder job's last run of the day
      [{ reminderAt: '9:00' }, 'reminderAt'],
      [{ festivalTiers: ['gold', 'gold'] }, 'festivalTiers'],
      [{ festivalTiers: ['vip'] }, 'festivalTiers.0'],
      [{ solarFestivals: [{ name: '元旦', month: 1, day: 1 }, { name: '行庆', month: 2, day: 30 }] }, 'solarFestivals.1.day'],
      [{ solarFestivals: [{ name: '国庆', month: 10, day: 1 }, { name: '国庆', month: 10, day: 2 }] }, 'solarFestivals.1.name'],
      [{ solarFestivals: [{ name: ' ', month: 5, day: 1 }] }, 'solarFestivals.0.name'],
      [{ seniorAge: 'sixty' }, 'seniorAge'],
      [{}, 'body'],
    ];
    for (const [body, field] of refusals) {
      const response = await admin.patch('/care-settings', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues[0].field, JSON.stringify(body)).toBe(field);
    }
    expect(await (await admin.get('/care-settings')).json()).toEqual(before);
    // 29 February is a day (greeted in leap years only).
    expect((await admin.patch('/care-settings', { solarFestivals: [...before.solarFestivals, { name: '闰日', month: 2, day: 29 }] })).status).toBe(200);
  });

  it('the next care.daily run reads the new lead times, festival tiers and solar festivals', async () => {
    const patch = await admin.patch('/care-settings', {
      leadDays: { private: 3, diamond: 1, platinum: 0, gold: 2, mass: 0 },
      festivalTiers: ['platinum'],
      solarFestivals: [{ name: '行庆', month: 9, day: 14 }],
    });
    expect(patch.status).toBe(200);
    expect((await generateCareTasks(deps, '2027-09-14', { actor: 'test', post: false })).created).toBe(2);
    const rows = await app.db.sql<{ customer: string; occasion: string; occasionDate: string; appearsOn: string }[]>`
      select c.code as customer, t.occasion, t.occasion_date, t.appears_on from care_tasks t join customers c on c.id = t.customer_id order by c.code`;
    expect(rows).toEqual([
      { customer: 'CQ', occasion: '生日', occasionDate: '2027-09-16', appearsOn: '2027-09-14' },
      { customer: 'CS', occasion: '行庆', occasionDate: '2027-09-14', appearsOn: '2027-09-14' },
    ]);
  });

  it('the reminder waits for the new reminder time', async () => {
    expect(await runCareReminder(deps, new Date('2027-09-14T08:00:00Z'))).toBe('before the reminder time 17:30'); // 16:00 in Shanghai
    expect(await runCareReminder(deps, new Date('2027-09-14T09:30:00Z'))).toBe('1 care reminders queued'); // 17:30
  });
});
