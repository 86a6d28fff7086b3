import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCareTasks, remindOpenCareTasks, type CareDeps } from '../../server/domains/care/index.ts';
import { createJobs } from '../../server/jobs/schedule.ts';
import { createScheduler } from '../../server/jobs/scheduler.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import type { Queryable } from '../../db/types.ts';

// 2027-09-14 08:30 in Shanghai: the morning before 中秋 (2027-09-15). Jobs off: the tests run them.
const clock = fixedClock('2027-09-14T00:30:00Z');
const silent = pino({ level: 'silent' });

/**
 * BJ0101: 客户经理 S000004 (active) and S000005 (left); head S000001. SH0101: head S000009.
 *  CA diamond, lunar 八月十五 (on 中秋), manager S000004 → today: birthday + 中秋 (lead 1)
 *  CB private, solar 09-17, manager S000005 (inactive) → today: birthday (lead 3), to the head
 *  CC gold, solar 09-14, manager S000004 → today: birthday (lead 0)
 *  CD diamond, solar 09-15, opted out → nothing
 *  CE mass, solar 09-15 → tomorrow only
 *  CF diamond at SH0101, solar 09-15, no manager → today: birthday + 中秋, to S000009
 *  CG private, born 1967, → 重阳 (2027-10-08) on 10-05; CH private born 1970 → no 重阳
 */
async function seed(sql: Queryable): Promise<void> {
  await seedTwoRegionBank(sql);
  await sql`insert into staff (code, name, role, branch_id, active) select 'S000004', '刘经理', 'account_manager', id, true from branches where code = 'BJ0101'`;
  await sql`insert into staff (code, name, role, branch_id, active) select 'S000005', '钱已走', 'account_manager', id, false from branches where code = 'BJ0101'`;
  await sql`update branches set head_staff_id = (select id from staff where code = 'S000001') where code = 'BJ0101'`;
  await sql`update branches set head_staff_id = (select id from staff where code = 'S000009') where code = 'SH0101'`;
  const add = (code: string, name: string, branch: string, tier: string, cal: string, year: number | null, month: number, day: number, manager: string | null, optOut = false) => sql`
    insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_year, birth_month, birth_day, care_opt_out)
    select ${code}, ${name}, b.id, (select id from staff where code = ${manager}), ${tier}, ${cal}, ${year}, ${month}, ${day}, ${optOut} from branches b where b.code = ${branch}`;
  await add('CA', '张三明', 'BJ0101', 'diamond', 'lunar', null, 8, 15, 'S000004');
  await add('CB', '王五福', 'BJ0101', 'private', 'solar', null, 9, 17, 'S000005');
  await add('CC', '赵六顺', 'BJ0101', 'gold', 'solar', null, 9, 14, 'S000004');
  await add('CD', '孙七宝', 'BJ0101', 'diamond', 'solar', null, 9, 15, 'S000004', true);
  await add('CE', '周八方', 'BJ0101', 'mass', 'solar', null, 9, 15, 'S000004');
  await add('CF', '吴九州', 'SH0101', 'diamond', 'solar', null, 9, 15, null);
  await add('CG', '郑老伯', 'BJ0101', 'private', 'solar', 1967, 3, 3, 'S000004');
  await add('CH', '冯中年', 'BJ0101', 'private', 'solar', 1970, 3, 3, 'S000004');
  await sql`insert into chat_bindings (branch_id, purpose, channel, chat_id, created_at) select id, 'alerts', 'console', 'oc_bj0101', now() from branches where code = 'BJ0101'`;
}

describe('customer care: generation, the API, cards through the outbox, reminders, KPIs', () => {
  let app: TestServer;
  let deps: CareDeps;
  let head: Client;
  let manager: Client;
  let region: Client;
  let shHead: Client;
  const tasks = () => app.db.sql<{ customer: string; occasion: string; occasionDate: string; dueDate: string; assignee: string | null; status: string }[]>`
    select c.code as customer, t.occasion, t.occasion_date, t.due_date, s.code as assignee, t.status
    from care_tasks t join customers c on c.id = t.customer_id left join staff s on s.id = t.assignee_id order by c.code, t.occasion`;
  const taskId = async (customer: string, occasion: string) =>
    Number((await app.db.sql<{ id: string }[]>`select t.id from care_tasks t join customers c on c.id = t.customer_id where c.code = ${customer} and t.occasion = ${occasion}`)[0]!.id);

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seed(db.sql) });
    deps = app.server.care;
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await createUser(app.db, { username: 'bj-am', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000004' });
    await createUser(app.db, { username: 'bj-region', role: 'region_manager', scope: 'region:BJ' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    const clients = await Promise.all(['bj-head', 'bj-am', 'bj-region', 'sh-head'].map((u) => login(app.url, u)));
    [head, manager, region, shHead] = [clients[0]!, clients[1]!, clients[2]!, clients[3]!];
  });
  afterAll(() => app?.close());

  it('creates the morning\'s tasks once: lead times, lunar birthday, festival tiers, opt-out, manager left → branch head', async () => {
    const first = await generateCareTasks(deps, '2027-09-14', { actor: 'test', post: true });
    expect(first.created).toBe(6);
    expect(await tasks()).toEqual([
      { customer: 'CA', occasion: '中秋', occasionDate: '2027-09-15', dueDate: '2027-09-15', assignee: 'S000004', status: 'open' },
      { customer: 'CA', occasion: '生日', occasionDate: '2027-09-15', dueDate: '2027-09-15', assignee: 'S000004', status: 'open' },
      { customer: 'CB', occasion: '生日', occasionDate: '2027-09-17', dueDate: '2027-09-17', assignee: 'S000001', status: 'open' },
      { customer: 'CC', occasion: '生日', occasionDate: '2027-09-14', dueDate: '2027-09-14', assignee: 'S000004', status: 'open' },
      { customer: 'CF', occasion: '中秋', occasionDate: '2027-09-15', dueDate: '2027-09-15', assignee: 'S000009', status: 'open' },
      { customer: 'CF', occasion: '生日', occasionDate: '2027-09-15', dueDate: '2027-09-15', assignee: 'S000009', status: 'open' },
    ]);
    const again = await generateCareTasks(deps, '2027-09-14', { actor: 'test', post: true });
    expect(again).toEqual({ created: 0, digests: 0 });
    expect(await tasks()).toHaveLength(6);
  });

  it('posts one list to the branch chat, and one per account manager where the branch has no chat', async () => {
    const cards = await app.db.sql<{ recipientKind: string; recipient: string; subject: string; data: { groups: Array<{ managerCode: string; tasks: Array<{ customer: string; occasion: string; tier: string; greeting: string }> }> } }[]>`
      select recipient_kind, recipient, subject, data from outbox_messages where template = 'care.digest' order by id`;
    expect(cards.map((c) => [c.recipientKind, c.recipient, c.subject])).toEqual([
      ['chat', 'oc_bj0101', 'care:BJ0101:2027-09-14'],
      ['staff', 'S000009', 'care:SH0101:2027-09-14:S000009'],
    ]);
    const bj = cards[0]!.data.groups;
    // Grouped by account manager, tasks by due day: masked names, occasion, tier.
    expect(bj.map((g) => [g.managerCode, g.tasks.map((t) => `${t.customer} ${t.occasion} ${t.tier}`)])).toEqual([
      ['S000004', ['赵*顺 生日 gold', '张*明 中秋 diamond', '张*明 生日 diamond']],
      ['S000001', ['王*福 生日 private']],
    ]);
    expect(JSON.stringify(cards)).not.toContain('张三明');
    expect(bj.flatMap((g) => g.tasks).every((t) => t.greeting.length > 5)).toBe(true);
  });

  it('lists tasks by due day with names shown only to who may read personal data, inside scope', async () => {
    const byHead = await (await head.get('/care-tasks?branch=BJ0101&from=2027-09-14&to=2027-09-20')).json();
    expect(byHead.items.map((t: { customer: { name: string } }) => t.customer.name)).toEqual(['赵六顺', '张三明', '张三明', '王五福']);
    expect(byHead.items[0]).toMatchObject({ kind: 'birthday', occasion: '生日', occasionDate: '2027-09-14', dueDate: '2027-09-14', customer: { code: 'CC' }, accountManager: { code: 'S000004', name: '刘经理' }, status: 'open', doneVia: null });
    const byRegion = await (await region.get('/care-tasks?branch=BJ0101&status=open')).json();
    expect(byRegion.items.map((t: { customer: { name: string } }) => t.customer.name)).toEqual(['赵*顺', '张*明', '张*明', '王*福']);
    expect((await shHead.get('/care-tasks?branch=BJ0101')).status).toBe(404);
    const mine = await (await manager.get('/care-tasks')).json();
    expect(mine.items.map((t: { customer: { code: string } }) => t.customer.code)).toEqual(['CC', 'CA', 'CA']);
    const bad = await head.get('/care-tasks?from=2027-13-01');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].field).toBe('from');
    expect((await (await head.get('/care-tasks?status=late')).json()).error.issues[0].field).toBe('status');
  });

  it('ticks a task off (done via phone), audits it, keeps its history and redraws the branch card wherever it was posted', async () => {
    await app.db.sql`update outbox_messages set status = 'sent', sent_at = now(), channel_message_id = 'om_' || id where template = 'care.digest'`;
    const id = await taskId('CC', '生日');
    const done = await manager.post(`/care-tasks/${id}/done`, { via: 'phone' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ id, status: 'done', doneVia: 'phone', changed: true, customer: { name: '赵*顺' } });
    const twice = await (await manager.post(`/care-tasks/${id}/done`, { via: 'sms' })).json();
    expect(twice).toMatchObject({ status: 'done', doneVia: 'phone', changed: false });
    expect(await app.db.sql`select action, target_id from audit_log where action like 'care.%' order by id`).toEqual([{ action: 'care.done', targetId: String(id) }]);
    const detail = await (await head.get(`/care-tasks/${id}`)).json();
    expect(detail.history.map((e: { kind: string; data: object }) => [e.kind, e.data])).toEqual([['created', {}], ['done', { via: 'phone' }]]);
    const updates = await app.db.sql<{ recipient: string; data: { groups: Array<{ tasks: Array<{ id: number; status: string; doneVia: string | null }> }> } }[]>`
      select recipient, data from outbox_messages where template = 'care.digest' and kind = 'update' order by id`;
    expect(updates.map((u) => u.recipient)).toEqual(['oc_bj0101']);
    expect(updates[0]!.data.groups.flatMap((g) => g.tasks).find((t) => t.id === id)).toMatchObject({ status: 'done', doneVia: 'phone' });
  });

  it('lets an account manager act only on their own tasks and names bad input', async () => {
    const cb = await taskId('CB', '生日');
    expect((await manager.post(`/care-tasks/${cb}/done`, { via: 'visit' })).status).toBe(403);
    const bad = await head.post(`/care-tasks/${cb}/done`, { via: 'email' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].field).toBe('via');
    const badReason = await head.post(`/care-tasks/${cb}/skip`, { reason: 'busy' });
    expect((await badReason.json()).error.issues[0].field).toBe('reason');
    expect((await shHead.post(`/care-tasks/${cb}/skip`, { reason: 'declined' })).status).toBe(404);
    expect((await region.post(`/care-tasks/${cb}/skip`, { reason: 'declined' })).status).toBe(403);
    const skipped = await head.post(`/care-tasks/${cb}/skip`, { reason: 'declined' });
    expect(await skipped.json()).toMatchObject({ status: 'skipped', skipReason: 'declined', changed: true });
  });

  it('reminds in the afternoon only whoever still has open tasks, once', async () => {
    const day = '2027-09-14';
    expect(await remindOpenCareTasks(deps, day)).toBe(2);
    expect(await remindOpenCareTasks(deps, day)).toBe(0);
    const reminders = await app.db.sql`select recipient, data from outbox_messages where template = 'care.reminder' order by recipient`;
    // S000001's only task was skipped: no reminder. S000004 still has CA's two, S000009 CF's two.
    expect(reminders).toEqual([{ recipient: 'S000004', data: { day, open: 2 } }, { recipient: 'S000009', data: { day, open: 2 } }]);
  });

  it('computes the care KPIs of a scope', async () => {
    clock.set('2027-09-16T02:00:00Z'); // CA's two tasks (due 09-15) are now overdue, CC done on time
    // Sessions idle out over two days: log in again at the new time.
    await createUser(app.db, { username: 'leader', role: 'leader', scope: 'bank' });
    const [regionNow, leader, shHeadNow] = await Promise.all(['bj-region', 'leader', 'sh-head'].map((u) => login(app.url, u)));
    const kpis = await (await regionNow!.get('/kpis/care?scope=branch:BJ0101&days=3')).json();
    expect(kpis).toMatchObject({ from: '2027-09-14', to: '2027-09-16', due: 3, done: 1, doneOnTime: 1, skipped: 0, overdue: 2, completionRate: 0.333, onTimeRate: 0.333 });
    expect(kpis.byAccountManager).toEqual([expect.objectContaining({ code: 'S000004', due: 3, done: 1, overdue: 2 })]);
    const bank = await (await leader!.get('/kpis/care?scope=bank&days=3')).json();
    expect(bank.byBranch.map((b: { branch: string; due: number }) => [b.branch, b.due])).toEqual([['BJ0101', 3], ['SH0101', 2]]);
    expect((await shHeadNow!.get('/kpis/care?scope=branch:BJ0101')).status).toBe(404);
    clock.set('2027-09-14T00:30:00Z');
  });

  it('greets 重阳 only customers of 60 and over', async () => {
    expect((await generateCareTasks(deps, '2027-10-05', { actor: 'test', post: false })).created).toBe(1);
    expect((await tasks()).filter((t) => t.occasion === '重阳').map((t) => t.customer)).toEqual(['CG']);
  });

  it('runs care.daily once per slot across two instances, and catches a missed morning up once', async () => {
    const make = (instanceId: string, at: string) => createScheduler(createJobs({ db: app.db, clock: fixedClock(at), timeZone: 'Asia/Shanghai', complaints: app.server.complaints, care: { ...deps, clock: fixedClock(at), dailyAt: '08:30' } }), {
      sql: app.db.sql, clock: fixedClock(at), logger: silent, instanceId, timezone: 'Asia/Shanghai', catchUpHours: 6, singleInstance: false,
    });
    const slot = new Date('2027-09-15T00:30:00Z');
    const [a, b] = await Promise.all([make('A', '2027-09-15T00:30:05Z').runSlot('care.daily', slot, 'schedule'), make('B', '2027-09-15T00:30:05Z').runSlot('care.daily', slot, 'schedule')]);
    expect([a, b].sort()).toEqual(['claimed_elsewhere', 'succeeded']);
    expect(await app.db.sql`select occasion_date, count(*)::int as n from care_tasks where appears_on = '2027-09-15' group by occasion_date`).toEqual([{ occasionDate: '2027-09-15', n: 1 }]); // CE
    // Nobody was running on the morning of 09-16; an instance starting at 11:00 catches it up, a second one does not.
    const first = await make('C', '2027-09-16T03:00:00Z').catchUp();
    expect(first.find((r) => r.job === 'care.daily')).toMatchObject({ slot: new Date('2027-09-16T00:30:00Z'), outcome: 'succeeded' });
    const second = await make('D', '2027-09-16T03:05:00Z').catchUp();
    expect(second.find((r) => r.job === 'care.daily')?.outcome).toBe('claimed_elsewhere');
    expect(await app.db.sql`select summary from job_runs where job_name = 'care.daily' order by slot`).toEqual([
      { summary: '2027-09-15: 1 care tasks created, 1 lists posted' }, { summary: '2027-09-16: 0 care tasks created, 0 lists posted' },
    ]);
  });
});
