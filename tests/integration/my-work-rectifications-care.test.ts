import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyWork } from '../../server/contract/payloads/work.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

const clock = fixedClock('2026-11-05T02:00:00Z'); // Thursday 10:00 in Shanghai; the bank day is 2026-11-05

/** "我的工作": rectifications to confirm or verify, care tasks to do — exactly the person's, live. */
describe('my work: rectifications and care', () => {
  let app: TestServer;
  let head: Client;
  let shHead: Client;
  let inspector: Client;
  let teller: Client;
  const rect: Record<string, number> = {};
  const care: Record<string, number> = {};
  const work = async (who: Client) => (await (await who.get('/my-work')).json()) as MyWork;
  const section = (w: MyWork, key: string) => w.sections.find((s) => s.key === key)!.items;
  const ids = async (who: Client, key: string) => section(await work(who), key).map((i) => i.id);

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    const sql = app.db.sql;
    await sql`insert into staff (code, name, role, region_id, active) select 'S000040', '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    await createUser(app.db, { username: 'bj-inspector', role: 'inspector', scope: 'region:BJ', staffCode: 'S000040' });
    await createUser(app.db, { username: 'bj-teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' });
    [head, shHead, inspector, teller] = await Promise.all(['bj-head', 'sh-head', 'bj-inspector', 'bj-teller'].map((u) => login(app.url, u))) as [Client, Client, Client, Client];

    for (const branch of ['BJ0101', 'SH0101']) {
      await sql`insert into inspections (id, source, branch_id, kind, checklist_id, inspector, inspector_staff_code, visited_at, submitted_at, score, passed, red_line_failed, module_scores, results)
        select ${`insp-${branch}`}, 'web', b.id, 'routine', (select id from checklists order by id limit 1), '孙检查', 'S000040', now(), now(), 80, false, false, '{}'::jsonb, '[]'::jsonb
        from branches b where b.code = ${branch}`;
    }
    const addRect = async (key: string, branch: string, item: string, status: string, dueAt: string) => {
      const [row] = await sql<Array<{ id: string }>>`insert into rectifications (inspection_id, branch_id, item_code, item_text, red_line, points_lost, reason, owner_staff_code, status, due_at, fixed_note, created_at, updated_at)
        select ${`insp-${branch}`}, b.id, ${item}, '叫号机故障', false, 2, '未及时报修', null, ${status}, ${dueAt}, ${status === 'fixed' ? '已报修更换' : null}, now(), now()
        from branches b where b.code = ${branch} returning id`;
      rect[key] = Number(row!.id);
    };
    await addRect('overdue', 'BJ0101', 'A1', 'open', '2026-11-04T15:59:59Z');
    await addRect('reopened', 'BJ0101', 'A2', 'reopened', '2026-11-20T15:59:59Z');
    await addRect('fixed', 'BJ0101', 'A3', 'fixed', '2026-11-10T15:59:59Z');
    await addRect('verified', 'BJ0101', 'A4', 'verified', '2026-11-10T15:59:59Z');
    await addRect('shOpen', 'SH0101', 'A1', 'open', '2026-11-10T15:59:59Z');
    await addRect('shFixed', 'SH0101', 'A2', 'fixed', '2026-11-10T15:59:59Z');

    await sql`insert into customers (code, name, branch_id, tier) select 'C3', '欧阳修', id, 'gold' from branches where code = 'BJ0101'`;
    await sql`insert into customers (code, name, branch_id, tier) select 'C4', '慕容复', id, 'gold' from branches where code = 'BJ0101'`;
    const addTask = async (key: string, customer: string, assignee: string | null, occasion: string, due: string, appears: string, status = 'open') => {
      const [row] = await sql<Array<{ id: string }>>`insert into care_tasks (customer_id, assignee_id, branch_id, kind, occasion, occasion_date, due_date, appears_on, tier, status, done_via, closed_at, created_at)
        select c.id, (select id from staff where code = ${assignee}), c.branch_id, 'holiday', ${occasion}, ${due}, ${due}, ${appears}, 'gold', ${status},
               ${status === 'done' ? 'phone' : null}, ${status === 'done' ? new Date() : null}, now()
        from customers c where c.code = ${customer} returning id`;
      care[key] = Number(row!.id);
    };
    await addTask('today', 'C1', 'S000002', '立冬', '2026-11-05', '2026-11-02');
    await addTask('later', 'C3', 'S000002', '感恩', '2026-11-10', '2026-11-03');
    await addTask('notYet', 'C3', 'S000002', '冬至', '2026-11-20', '2026-11-13');
    await addTask('headOverdue', 'C4', 'S000001', '重阳', '2026-11-01', '2026-10-25');
    await addTask('done', 'C1', 'S000002', '重阳', '2026-11-01', '2026-10-25', 'done');
    await addTask('sh', 'C2', 'S000009', '立冬', '2026-11-05', '2026-11-02');
  });
  afterAll(() => app?.close());

  it('lists a branch head’s open and reopened rectifications to confirm with the clock, an inspector’s fixed ones to verify', async () => {
    const mine = section(await work(head), 'rectifications');
    expect(mine.map((i) => i.id)).toEqual([`rectification:${rect.overdue}`, `rectification:${rect.reopened}`]);
    expect(mine[0]).toMatchObject({ action: 'fix', clockState: 'overdue', dueAt: '2026-11-04T15:59:59.000Z', href: '/inspections/insp-BJ0101', detail: expect.stringContaining('未及时报修') });
    expect(mine[1]).toMatchObject({ action: 'fix', clockState: 'on_track', dueAt: '2026-11-20T15:59:59.000Z' });
    expect(await ids(shHead, 'rectifications')).toEqual([`rectification:${rect.shOpen}`]);
    expect(section(await work(inspector), 'rectifications')).toMatchObject([{ id: `rectification:${rect.fixed}`, action: 'verify', detail: expect.stringContaining('已报修更换') }]);
    expect(await ids(teller, 'rectifications')).toEqual([]);
  });

  it('lists an account manager’s own open care tasks listed so far, a branch head’s branch’s due today or overdue, names masked', async () => {
    expect(await ids(teller, 'care')).toEqual([`care:${care.today}`, `care:${care.later}`]);
    const headCare = section(await work(head), 'care');
    expect(headCare.map((i) => i.id)).toEqual([`care:${care.headOverdue}`, `care:${care.today}`]);
    expect(headCare[0]).toMatchObject({ action: 'greet', clockState: 'overdue', href: '/care', title: expect.stringContaining('重阳') });
    expect(headCare[1]).toMatchObject({ clockState: 'due_soon', dueAt: '2026-11-05T15:59:59.000Z' });
    expect(headCare[1]!.title).toContain('张*');
    expect(JSON.stringify(headCare)).not.toContain('张三明');
    expect(JSON.stringify(headCare)).not.toContain('慕容复');
    expect(await ids(shHead, 'care')).toEqual([`care:${care.sh}`]);
    expect(await ids(inspector, 'care')).toEqual([]);
  });

  it('tells followers live: a fix moves a rectification from the head’s list to the inspector’s; a greeting done leaves the lists', async () => {
    const socket = await head.socket();
    expect(await socket.emitWithAck('work:subscribe', {})).toEqual({ ok: true, data: { room: 'work' } });
    const fixed = waitForEvent(socket, 'work:changed', (c) => c.section === 'rectifications');
    expect((await head.post(`/rectifications/${rect.reopened}/fix`, { note: '已更换叫号机' })).status).toBe(200);
    expect(await fixed).toMatchObject({ section: 'rectifications' });
    expect(await ids(head, 'rectifications')).toEqual([`rectification:${rect.overdue}`]);
    expect((await ids(inspector, 'rectifications')).sort()).toEqual([`rectification:${rect.reopened}`, `rectification:${rect.fixed}`].sort());

    const greeted = waitForEvent(socket, 'work:changed', (c) => c.section === 'care');
    expect((await teller.post(`/care-tasks/${care.today}/done`, { via: 'phone' })).status).toBe(200);
    expect(await greeted).toMatchObject({ section: 'care' });
    expect(await ids(head, 'care')).toEqual([`care:${care.headOverdue}`]);
    expect(await ids(teller, 'care')).toEqual([`care:${care.later}`]);
    socket.close();
  });
});
