import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { insertTellerEvents, seedStarsBank } from './helpers/stars-bank.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/** Nominations through the API: every rule's refusal, the approver chosen at once, 通过 / 驳回, cards and audit. */
describe('service-star nominations (API)', () => {
  let app: TestServer;
  const clock = fixedClock('2026-11-20T02:10:00Z'); // 10:10 in Shanghai, November 2026
  const users: Record<string, Client> = {};

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedStarsBank(db.sql) });
    const people = [
      { username: 'teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' },
      { username: 'teller2', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000004' },
      { username: 'head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' },
      { username: 'deputy', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000005' },
      { username: 'rm', role: 'region_manager', scope: 'region:BJ', staffCode: 'S000020' },
      { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' },
      { username: 'unlinked', role: 'leader', scope: 'bank' },
    ] as const;
    for (const p of people) {
      await createUser(app.db, p);
      users[p.username] = await login(app.url, p.username);
    }
    // 张伟's November so far: 3 tickets, 2 evaluations (one 5-star), 1 error.
    await insertTellerEvents(app.db.sql, [
      { id: 'f1', type: 'ticket.finished', branch: 'BJ0101', at: '2026-11-18T02:00:00Z', ticket: 'A001', teller: 'S000004' },
      { id: 'f2', type: 'ticket.finished', branch: 'BJ0101', at: '2026-11-18T03:00:00Z', ticket: 'A002', teller: 'S000004' },
      { id: 'f3', type: 'ticket.finished', branch: 'BJ0101', at: '2026-11-19T03:00:00Z', ticket: 'A003', teller: 'S000004' },
      { id: 'e1', type: 'evaluation.submitted', branch: 'BJ0101', at: '2026-11-18T02:01:00Z', ticket: 'A001', teller: 'S000004', rating: 5 },
      { id: 'e2', type: 'evaluation.submitted', branch: 'BJ0101', at: '2026-11-18T03:01:00Z', ticket: 'A002', teller: 'S000004', rating: 2 },
      { id: 'x1', type: 'service_error.recorded', branch: 'BJ0101', at: '2026-11-19T03:01:00Z', ticket: 'A003', teller: 'S000004' },
      { id: 'old', type: 'ticket.finished', branch: 'BJ0101', at: '2026-10-31T03:00:00Z', ticket: 'A009', teller: 'S000004' },
    ]);
  });
  afterAll(() => app?.close());

  const nominate = (who: string, nominee: string, reason = '耐心为老年客户办理社保卡业务，全程讲解') => users[who]!.post('/nominations', { nominee, reason });
  async function refusal(response: Response) {
    expect(response.status).toBe(400);
    return ((await response.json()) as { error: { message: string; issues: Array<{ field: string }> } }).error;
  }

  it("records a teller's nomination with the branch head as approver, and sends the head a review card with the nominee's month figures", async () => {
    const response = await nominate('teller', 'S000004');
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ month: '2026-11', status: 'pending', nominee: { code: 'S000004', name: '张伟' }, nominator: { code: 'S000002', name: '李晓梅' }, approver: { code: 'S000001', name: '王建国' }, decidedAt: null });
    const [card] = await app.db.sql<{ recipient: string; template: string; data: Record<string, unknown> }[]>`
      select recipient, template, data from outbox_messages where subject = ${`nomination:${body.id}`}`;
    expect(card).toMatchObject({ recipient: 'S000001', template: 'nomination.review' });
    expect(card!.data.figures).toEqual({ ticketsHandled: 3, satisfaction: 0.5, errors: 1, praise: 1 });
    expect(await app.db.sql`select actor, channel from audit_log where action = 'nominations.create'`).toEqual([{ actor: 'user:teller', channel: 'web' }]);
  });

  it('refuses each broken rule with a zh-CN sentence naming it', async () => {
    expect((await refusal(await nominate('teller', 'S000002'))).message).toBe('不能提名自己（规则：不得自我提名）。');
    expect((await refusal(await nominate('teller', 'S000003'))).message).toBe('赵离职 已不是在职员工，不能被提名（规则：被提名人须为在职员工）。');
    expect((await refusal(await nominate('teller', 'S000013'))).message).toBe('陈浦东 不在您的网点，只能提名本网点的同事（规则：提名范围为本网点）。');
    const short = await refusal(await nominate('teller', 'S000006', '服务好'));
    expect(short).toMatchObject({ message: '提名理由至少 10 个字（规则：理由须写明具体事迹），当前只有 3 个字。', issues: [{ field: 'reason' }] });
    expect((await refusal(await nominate('teller', 'S000004'))).message).toBe('本月您已提名过 张伟（规则：每月对同一同事只能提名一次）。');
    expect((await nominate('teller', 'S000006')).status).toBe(201);
    expect((await nominate('teller', 'S000007')).status).toBe(201);
    expect((await refusal(await nominate('teller', 'S000001'))).message).toBe('本月提名名额已用完（规则：每人每月最多提名 3 人）。');
    expect((await refusal(await users.teller!.post('/nominations', { reason: 'x' }))).issues).toEqual([expect.objectContaining({ field: 'nominee' })]);
  });

  it("routes the head's (and the deputy's) own nomination to the region manager", async () => {
    const byHead = await (await nominate('head', 'S000006')).json();
    expect(byHead.approver).toEqual({ code: 'S000020', name: '刘分行' });
    const byDeputy = await (await nominate('deputy', 'S000007')).json();
    expect(byDeputy.approver).toEqual({ code: 'S000020', name: '刘分行' });
    expect(await app.db.sql`select recipient from outbox_messages where subject = ${`nomination:${byHead.id}`}`).toEqual([{ recipient: 'S000020' }]);
    // A region manager nominates within their region, not beyond it.
    expect((await nominate('rm', 'S000011')).status).toBe(201);
    expect((await refusal(await nominate('rm', 'S000013'))).message).toBe('陈浦东 不在您的辖区，只能提名本辖区的同事（规则：提名范围为本辖区）。');
  });

  it('lets only the approver (or the region above) decide, never the nominator; 驳回 needs a reason; a decided one cannot be decided again', async () => {
    const { items } = await (await users.head!.get('/nominations?month=2026-11&status=pending')).json();
    const mine = items.find((n: { nominee: { code: string }; nominator: { code: string } }) => n.nominee.code === 'S000004' && n.nominator.code === 'S000002');
    const decide = (who: string, body: object) => users[who]!.post(`/nominations/${mine.id}/decision`, body);
    expect((await (await decide('deputy', { approved: true })).json()).error.message).toBe('这条提名由 王建国 审批（规则：审批人在提名时确定）。');
    expect((await refusal(await decide('head', { approved: false }))).message).toBe('驳回须写明理由（至少 2 个字），提名人会看到。');
    expect((await decide('sh-head', { approved: true })).status).toBe(404);
    const approved = await decide('head', { approved: true, reason: '事迹属实' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'approved', decidedBy: { code: 'S000001' }, decisionReason: '事迹属实' });
    const again = await decide('head', { approved: false, reason: '重复点击' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('这条提名已通过，不能再次审批。');
    // The nominator and the nominee are told; the head's card is redrawn (a sent card gets an update; an unsent one new data).
    const told = await app.db.sql<{ recipient: string; data: { audience: string; status: string } }[]>`
      select recipient, data from outbox_messages where template = 'nomination.decided' and idempotency_key like ${'%'} and data->>'id' = ${String(mine.id)} order by recipient`;
    expect(told.map((t) => [t.recipient, t.data.audience, t.data.status])).toEqual([['S000002', 'nominator', 'approved'], ['S000004', 'nominee', 'approved']]);
    const [review] = await app.db.sql<{ data: { status: string } }[]>`select data from outbox_messages where subject = ${`nomination:${mine.id}`} and template = 'nomination.review' order by id desc limit 1`;
    expect(review!.data.status).toBe('approved');
    expect(await app.db.sql`select action, actor, summary->>'decision' as decision from audit_log where action = 'nominations.decide' order by id`).toEqual([{ action: 'nominations.decide', actor: 'user:head', decision: 'approved' }]);
  });

  it('refuses a web user with no staff record, and the nominator deciding their own', async () => {
    const unlinked = await users.unlinked!.post('/nominations', { nominee: 'S000004', reason: '耐心为老年客户办理社保卡业务' });
    expect(unlinked.status).toBe(403);
    const byRm = await (await users.rm!.get('/nominations?month=2026-11&status=pending')).json();
    const own = byRm.items.find((n: { nominator: { code: string } }) => n.nominator.code === 'S000020');
    const answer = await users.rm!.post(`/nominations/${own.id}/decision`, { approved: true });
    expect(answer.status).toBe(403);
    expect((await answer.json()).error.message).toBe('不能审批自己提交的提名（规则：审批人不能是提名人）。');
  });

  it('lists by month, branch and status within the caller’s scope', async () => {
    const all = await (await users.rm!.get('/nominations?month=2026-11')).json();
    expect(all.items.length).toBe(6);
    expect(all.items[0]).toEqual(expect.objectContaining({ id: expect.any(Number), nominee: expect.any(Object), nominator: expect.any(Object), reason: expect.any(String), status: expect.any(String), approver: expect.any(Object), decidedAt: null }));
    const approved = await (await users.teller!.get('/nominations?month=2026-11&status=approved')).json();
    expect(approved.items.map((n: { nominee: { name: string } }) => n.nominee.name)).toEqual(['张伟']);
    expect((await (await users['sh-head']!.get('/nominations?month=2026-11')).json()).items).toEqual([]);
    expect((await users['sh-head']!.get('/nominations?branch=BJ0101')).status).toBe(404);
    expect((await (await users.rm!.get('/nominations?month=2026-10')).json()).items).toEqual([]);
    expect((await users.rm!.get('/nominations?month=2026-13')).status).toBe(400);
  });
});
