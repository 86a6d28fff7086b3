import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const clock = fixedClock('2026-11-05T02:00:00Z'); // Thursday 10:00 in Shanghai

describe('handling a complaint in the back office, from intake to closure', () => {
  let app: TestServer;
  let head: Client;
  let manager: Client;
  let shHead: Client;
  let checker: Client;
  const create = async (extra: object = {}) => {
    const r = await head.post('/complaints', { branch: 'BJ0101', receivedAt: '2026-11-02T11:00:00+08:00', channel: 'counter', category: 'service_attitude', complainant: { name: '欧阳娜娜', phone: '13912345678' }, summary: '柜员态度生硬', ...extra });
    expect(r.status).toBe(201);
    return (await r.json()) as { id: number; version: number };
  };
  const act = async (who: Client, id: number, step: string, body: object = {}) => {
    const r = await who.post(`/complaints/${id}/${step}`, body);
    return { status: r.status, body: await r.json() };
  };

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql) });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await createUser(app.db, { username: 'bj-manager', role: 'region_manager', scope: 'region:BJ' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    await createUser(app.db, { username: 'checker', role: 'inspector', scope: 'bank' });
    await relogin();
  });
  /** Sessions follow the injected clock too: after moving it by days, people log in again. */
  async function travel(to: string) {
    clock.set(to);
    await relogin();
  }
  async function relogin() {
    const [h, m, s, c] = await Promise.all(['bj-head', 'bj-manager', 'sh-head', 'checker'].map((u) => login(app.url, u)));
    [head, manager, shHead, checker] = [h!, m!, s!, c!];
  }
  afterAll(() => app?.close());

  it('claims, contacts, extends to 30 with a reason, and to 60 only with a superior’s approval and the customer told', async () => {
    const { id } = await create();
    expect((await act(head, id, 'claim')).body).toMatchObject({ status: 'claimed', handler: { code: 'S000001', name: '王建国' } });
    expect((await act(head, id, 'contact', { note: '电话致歉' })).body).toMatchObject({ status: 'in_progress', firstContactAt: '2026-11-05T02:00:00.000Z' });
    expect((await act(head, id, 'extend', { reason: '需调取监控核实' })).body).toMatchObject({ stage: 30, decisionDueAt: '2026-12-02T15:59:59.000Z' });
    // The head may not grant the further 30 days; the superior must, with the customer told.
    expect((await act(head, id, 'approve-extension', { reason: '涉及多部门', customerNotifiedAt: '2026-11-05T09:00:00+08:00' })).status).toBe(403);
    const missing = await act(manager, id, 'approve-extension', { reason: '涉及多部门' });
    expect(missing).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'customerNotifiedAt' }] } } });
    const approved = await act(manager, id, 'approve-extension', { reason: '涉及多部门', customerNotifiedAt: '2026-11-05T09:00:00+08:00' });
    expect(approved.body).toMatchObject({ stage: 60, decisionDueAt: '2027-01-01T15:59:59.000Z' });
    const detail = await (await head.get(`/complaints/${id}`)).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['received', 'claimed', 'contacted', 'extended', 'extended']);
    expect(detail.timeline[4]).toMatchObject({ actor: 'user:bj-manager', channel: 'web', data: { from: 30, to: 60, reason: '涉及多部门' } });
  });

  it('pauses for an appraisal (not counted), refuses a decision while paused, decides, closes, and reopens on new facts', async () => {
    const { id } = await create();
    await act(head, id, 'claim');
    expect((await act(head, id, 'pause', { reason: 'appraisal', customerNotifiedAt: '2026-11-05T09:30:00+08:00' })).body).toMatchObject({ clockState: 'paused' });
    expect((await act(head, id, 'decide', { decision: '已致歉并整改', informedAt: '2026-11-05T10:00:00+08:00', informedVia: 'phone' })).status).toBe(409);
    await travel('2026-11-09T02:00:00Z'); // four days later: Thursday to Monday, across a weekend
    expect((await act(head, id, 'resume')).body).toMatchObject({ clockState: 'on_track', pausedDays: 4, decisionDueAt: '2026-11-21T15:59:59.000Z' });
    const decided = await act(head, id, 'decide', { decision: '已向客户致歉，柜员已培训', informedAt: '2026-11-09T09:50:00+08:00', informedVia: 'phone' });
    expect(decided.body).toMatchObject({ status: 'decided', decidedOnTime: true, decidedAt: '2026-11-09T02:00:00.000Z' });
    expect((await act(head, id, 'close')).body).toMatchObject({ status: 'closed' });
    const reopened = await act(head, id, 'restart', { facts: '客户补充：当日还被多收手续费' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', decidedAt: null, stage: 15, decisionDueAt: '2026-11-24T15:59:59.000Z' });
    await travel('2026-11-05T02:00:00Z');
  });

  it('keeps personal data to those who call the customer back, and the complaint inside its scope', async () => {
    const { id } = await create();
    expect((await (await head.get(`/complaints/${id}`)).json()).complainant).toEqual({ name: '欧阳娜娜', phone: '13912345678' });
    expect((await (await checker.get(`/complaints/${id}`)).json()).complainant).toEqual({ name: '欧阳**', phone: '139****5678' });
    expect((await shHead.get(`/complaints/${id}`)).status).toBe(404);
    expect((await act(shHead, id, 'claim')).status).toBe(404);
    const listed = (await (await shHead.get('/complaints?open=true')).json()).items;
    expect(listed.some((c: { id: number }) => c.id === id)).toBe(false);
  });

  it('merges a repeat into the open complaint; the repeat then refuses handling', async () => {
    const original = await create();
    const repeat = await create({ summary: '同一事项再次来电' });
    const merged = await act(head, repeat.id, 'merge', { into: original.id });
    expect(merged.body).toMatchObject({ status: 'closed', mergedIntoId: original.id });
    expect((await act(head, repeat.id, 'claim')).status).toBe(409);
    const timeline = (await (await head.get(`/complaints/${original.id}`)).json()).timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'merged', data: { fromId: repeat.id } });
  });

  it('opens a linked review within 30 days of the decision, with its own clock, and refuses one after', async () => {
    const { id } = await create();
    await act(head, id, 'claim');
    expect((await act(head, id, 'decide', { decision: '已解释收费依据', informedAt: '2026-11-05T09:00:00+08:00', informedVia: 'sms' })).status).toBe(200);
    await travel('2026-12-05T02:00:00Z'); // the 30th day after the decision
    const review = await head.post(`/complaints/${id}/review`, { summary: '客户不认可处理结果' });
    expect(review.status).toBe(201);
    expect(await review.json()).toMatchObject({ kind: 'review', parentId: id, stage: 15, decisionDueAt: '2026-12-20T15:59:59.000Z', status: 'received' });
    await travel('2026-12-06T02:00:00Z'); // the 31st day
    const late = await head.post(`/complaints/${id}/review`, { summary: '再次申请核查' });
    expect(late.status).toBe(400);
    expect((await late.json()).error.issues[0].field).toBe('requestedAt');
    await travel('2026-11-05T02:00:00Z');
  });

  it('lists by clock state, soonest due first', async () => {
    await create({ receivedAt: '2026-10-15T10:00:00+08:00' }); // due 10-30: overdue
    const overdue = (await (await head.get('/complaints?clockState=overdue')).json()).items;
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((c: { clockState: string }) => c.clockState === 'overdue')).toBe(true);
    const open = (await (await head.get('/complaints?open=true')).json()).items as Array<{ decisionDueAt: string }>;
    expect(open.map((c) => c.decisionDueAt)).toEqual([...open.map((c) => c.decisionDueAt)].sort());
  });

  it('reports complaint KPIs for a scope: open by clock state, on-time rate, and the regulator’s rates', async () => {
    const kpis = await (await head.get('/kpis/complaints')).json();
    expect(kpis).toMatchObject({ scope: 'branch:BJ0101', periodDays: 30, per1000Branches: expect.any(Number), per10MCustomers: expect.any(Number) });
    const open = await (await head.get('/complaints?open=true')).json();
    expect(kpis.open.total).toBe(open.items.length);
    expect(kpis.open.overdue).toBe(open.items.filter((c: { clockState: string }) => c.clockState === 'overdue').length);
    expect(kpis.per1000Branches).toBeCloseTo(kpis.received * 1000, 5); // one branch in scope
    expect(kpis.onTimeRate).toBeGreaterThan(0);
    expect((await shHead.get('/kpis/complaints?scope=branch:BJ0101')).status).toBe(404);
    const bank = await (await manager.get('/kpis/complaints?scope=region:BJ')).json();
    expect(bank.received).toBe(kpis.received);
  });

  it('keeps back-office intake ids per person: another person’s id is a new complaint, a reused id for another branch is refused', async () => {
    const first = await head.post('/complaints', { id: 'desk-1', branch: 'BJ0101', channel: 'counter', category: 'fees', complainant: { name: '赵六', phone: '13700000000' }, summary: '多收费' });
    expect(first.status).toBe(201);
    const again = await head.post('/complaints', { id: 'desk-1', branch: 'BJ0101', channel: 'counter', category: 'fees', complainant: { name: '赵六', phone: '13700000000' }, summary: '多收费' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
    const sh = await shHead.post('/complaints', { id: 'desk-1', branch: 'SH0101', channel: 'counter', category: 'fees', complainant: { name: '钱七', phone: '13600000000' }, summary: '服务差' });
    expect(sh.status).toBe(201); // another person's key space
    const body = JSON.stringify(await sh.json());
    expect(body).not.toContain('赵六');
  });
});
