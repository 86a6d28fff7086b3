import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { sweepComplaints, type ComplaintDeps } from '../../server/domains/complaints/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// 2026-11-05 10:00 in Shanghai; jobs off: the tests run the sweeper themselves.
const clock = fixedClock('2026-11-05T02:00:00Z');

describe('complaints: intake, the statutory clock, the workflow and the ladder', () => {
  let app: TestServer;
  let head: Client;
  let manager: Client;
  let key: string;
  let deps: ComplaintDeps;
  const intake = (body: object, secret = key) =>
    fetch(`${app.url}/api/v1/complaints`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const complaint = (id: string, extra: object = {}) => ({
    id, branch: 'BJ0101', receivedAt: '2026-11-01T09:30:00+08:00', channel: 'hotline', category: 'wait_time',
    complainant: { name: '张三明', phone: '13812345678' }, summary: '周六上午排队一个多小时', ...extra,
  });
  const alerts = (complaintId: number) => app.db.sql<{ stageKey: string; recipient: string }[]>`
    select stage_key, recipient from complaint_alerts where complaint_id = ${complaintId} order by created_at, stage_key, recipient`;

  beforeAll(async () => {
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql), env: { BOT_QUIET_HOURS: 'off' } });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await createUser(app.db, { username: 'bj-manager', role: 'region_manager', scope: 'region:BJ' });
    await createUser(app.db, { username: 'sh-head', role: 'branch_head', scope: 'branch:SH0101', staffCode: 'S000009' });
    await createUser(app.db, { username: 'checker', role: 'inspector', scope: 'bank' });
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000020', '周经理', 'region_manager', id, true from regions where code = 'BJ'`;
    await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000030', '林行长', 'leader', id, true from regions where code = 'HO'`;
    head = await login(app.url, 'bj-head');
    manager = await login(app.url, 'bj-manager');
    const admin = await app.admin();
    key = (await (await admin.post('/api-keys', { name: '客服热线', scope: 'region:BJ', eventTypes: ['complaint.received'] })).json()).secret;
    deps = app.server.complaints;
  });
  afterAll(() => app?.close());

  it('takes a complaint from the hotline API, with the deadline at the end of the 15th day, and a retry returns the same one', async () => {
    const first = await intake(complaint('HL-1'));
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toMatchObject({ reference: expect.stringMatching(/^TS-2026-\d{6}$/), stage: 15, decisionDueAt: '2026-11-16T15:59:59.000Z', clockState: 'on_track', status: 'received' });
    expect(body.complainant).toEqual({ name: '张*明', phone: '138****5678' }); // an integrator's key does not read personal data back
    const retry = await intake(complaint('HL-1', { summary: 'changed on retry' }));
    expect(retry.status).toBe(200);
    expect((await retry.json()).id).toBe(body.id);
    const read = await fetch(`${app.url}/api/v1/complaints/${body.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(await read.json()).toMatchObject({ id: body.id, decisionDueAt: '2026-11-16T15:59:59.000Z', stage: 15, clockState: 'on_track' });
    expect(await app.db.sql`select count(*)::int as n from complaints where external_id = 'HL-1'`).toEqual([{ n: 1 }]);
  });

  it('names the field of a bad complaint, refuses unknown branches and keys not allowed complaints', async () => {
    const bad = await intake({ ...complaint('HL-bad'), receivedAt: '2026-11-01 09:30' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].field).toBe('receivedAt');
    const unknown = await intake(complaint('HL-x', { branch: 'ZZ9999' }));
    expect((await unknown.json()).error.issues[0].field).toBe('branch');
    const outside = await intake(complaint('HL-sh', { branch: 'SH0101' }));
    expect(outside.status).toBe(403);
    const admin = await app.admin();
    const ticketsOnly = (await (await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret;
    const refused = await intake(complaint('HL-2'), ticketsOnly);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.issues[0]).toMatchObject({ field: 'type' });
  });

  it('alerts at once on a backdated regulator transfer already near its deadline, each step once', async () => {
    // Received 2026-10-21 → due 11-05 23:59:59, 14 h from now: the 72 h and 24 h steps are already reached.
    const body = await (await intake(complaint('REG-1', { channel: 'regulator', receivedAt: '2026-10-21T16:00:00+08:00' }))).json();
    expect(body).toMatchObject({ clockState: 'due_soon', decisionDueAt: '2026-11-05T15:59:59.000Z' });
    expect((await alerts(body.id)).map((a) => a.stageKey)).toEqual(['2026-10-21/15:24h', '2026-10-21/15:72h']);
    const queued = await app.db.sql`select template, recipient, statutory, severity from outbox_messages where subject = ${`complaint:${body.id}`} order by id`;
    expect(queued).toEqual([
      { template: 'complaint.alert', recipient: 'S000001', statutory: true, severity: 'warning' },
      { template: 'complaint.alert', recipient: 'S000001', statutory: true, severity: 'warning' },
    ]);
    const card = JSON.stringify(await app.db.sql`select data from outbox_messages where subject = ${`complaint:${body.id}`} limit 1`);
    expect(card).toContain('张*明');
    expect(card).not.toContain('13812345678');
    expect(card).not.toContain('排队'); // no free text in chat
  });

  it('climbs the ladder as the deadline nears, once per step across two sweeps and two instances', async () => {
    const body = await (await intake(complaint('HL-ladder', { receivedAt: '2026-11-04T10:00:00+08:00' }))).json(); // due 11-19
    const sweep = () => sweepComplaints(deps);
    clock.set('2026-11-16T16:00:00Z'); // 11-17 00:00 bank time: 71 h 59 min before the deadline
    await sweep();
    await sweep();
    expect((await alerts(body.id)).map((a) => `${a.stageKey}→${a.recipient}`)).toEqual(['2026-11-04/15:72h→staff:S000001']);
    clock.set('2026-11-19T16:00:00Z'); // a second after the due day ended
    const other = await secondInstance();
    await Promise.all([sweep(), sweepComplaints(other.deps), sweep(), sweepComplaints(other.deps)]);
    await other.close();
    const steps = (await alerts(body.id)).map((a) => `${a.stageKey}→${a.recipient}`);
    expect(steps.sort()).toEqual([
      '2026-11-04/15:0h→staff:S000020', // the region manager at the deadline
      '2026-11-04/15:24h→staff:S000001', // the branch head 24 h before
      '2026-11-04/15:72h→staff:S000001', // the handler (none claimed it: the branch head) 72 h before
      '2026-11-04/15:overdue→staff:S000030', // the leadership (no group chat bound: the leaders) once overdue
    ]);
    expect(await app.db.sql`select count(*)::int as n from outbox_messages where subject = ${`complaint:${body.id}`}`).toEqual([{ n: 4 }]);
    clock.set('2026-11-05T02:00:00Z');
  });

  async function secondInstance(): Promise<{ deps: ComplaintDeps; close(): Promise<void> }> {
    if (!app.db.url) return { deps, close: async () => {} }; // embedded: one process owns the data
    const db = await createDb({ databaseUrl: app.db.url, poolMax: 3 });
    return { deps: { ...deps, db }, close: () => db.close() };
  }
});
