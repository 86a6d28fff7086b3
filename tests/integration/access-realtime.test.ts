import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDeclaration } from '../../server/domains/access/index.ts';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { jpegWithExif } from '../fixtures/photos.ts';
import { connectSocket, createUser, login, TEST_PASSWORD, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('sockets, screens, keys and the audit log', () => {
  let app: TestServer;
  let admin: Client;
  beforeAll(async () => {
    app = await startTestServer({ seed: (db) => seedTwoRegionBank(db.sql) });
    admin = await app.admin();
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    await createUser(app.db, { username: 'nolink', role: 'staff', scope: 'branch:BJ0101' });
  });
  afterAll(() => app.close());

  it('refuses a socket without a session or a display token at the handshake', async () => {
    await expect(connectSocket(app.url, {})).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectSocket(app.url, { displayToken: 'tsd_forged' })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connectSocket(app.url, { cookie: 'ts_session=tss_forged' })).rejects.toThrow('UNAUTHENTICATED');
  });

  it('lets a person open only their own console chat; a screen none', async () => {
    const head = await (await login(app.url, 'bj-head')).socket();
    expect(await head.emitWithAck('chat:join', { staffCode: 'S000001' })).toMatchObject({ ok: true });
    expect(await head.emitWithAck('chat:join', { staffCode: 'S000009' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', issues: [{ field: 'staffCode' }] } });
    const nolink = await (await login(app.url, 'nolink')).socket();
    expect(await nolink.emitWithAck('chat:join', { staffCode: 'S000002' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const { secret } = await (await admin.post('/display-tokens', { name: 'wall', scope: 'bank' })).json();
    const screen = await connectSocket(app.url, { displayToken: secret });
    expect(await screen.emitWithAck('chat:join', { staffCode: 'S000001' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const s of [head, nolink, screen]) s.close();
  });

  it('disconnects a live screen within seconds when its display token is revoked', async () => {
    const { token, secret } = await (await admin.post('/display-tokens', { name: '会议室大屏', scope: 'region:BJ' })).json();
    const screen = await connectSocket(app.url, { displayToken: secret });
    const disconnected = new Promise<string>((resolve) => screen.once('disconnect', resolve));
    const revoked = await admin.post(`/display-tokens/${token.id}/revoke`);
    expect((await revoked.json()).token.revokedAt).not.toBeNull();
    const reason = await Promise.race([disconnected, new Promise<string>((r) => setTimeout(() => r('still connected after 5 s'), 5000))]);
    expect(reason).toBe('io server disconnect');
    await expect(connectSocket(app.url, { displayToken: secret })).rejects.toThrow('UNAUTHENTICATED');
    expect((await fetch(`${app.url}/api/v1/org/overview`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  it('disconnects the sockets of a session that logs out', async () => {
    const head = await login(app.url, 'bj-head', TEST_PASSWORD);
    const socket = await head.socket();
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await head.post('/auth/logout');
    expect(await disconnected).toBe('io server disconnect');
  });

  it('shows an API key once, keeps only its hash, and records its last use', async () => {
    const created = await admin.post('/api-keys', { name: '排队机', scope: 'region:BJ', eventTypes: ['ticket.issued', 'ticket.called'] });
    expect(created.status).toBe(201);
    const { key, secret } = await created.json();
    expect(secret).toMatch(/^tsk_[\w-]{43}$/);
    expect(key).toMatchObject({ name: '排队机', scope: 'region:BJ', eventTypes: ['ticket.issued', 'ticket.called'], prefix: secret.slice(0, 10), lastUsedAt: null });
    const stored = await app.db.sql`select key_hash from api_keys where id = ${key.id}`;
    expect(JSON.stringify(stored)).not.toContain(secret);
    await fetch(`${app.url}/api/v1/org/overview`, { headers: { authorization: `Bearer ${secret}` } }); // 403 for a key, but it was used
    const listed = (await (await admin.get('/api-keys')).json()).items.find((k: { id: string }) => k.id === key.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret);
    const bad = await admin.post('/api-keys', { name: 'x', scope: 'bank', eventTypes: ['ticket.teleported'] });
    expect((await bad.json()).error.issues[0].field).toBe('eventTypes.0');
  });

  it('writes an audit row for every state-changing route', async () => {
    const stateChanging = app.server.routes.filter((r) => r.method !== 'GET')
      .sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout')); // logging out ends the sample session
    const samples = await auditSamples(app, admin);
    expect(stateChanging.filter((r) => !r.audit)).toEqual([]);
    expect(stateChanging.map(key).filter((k) => !samples.has(k))).toEqual([]); // a new route needs a sample here
    for (const route of stateChanging) {
      const before = await countAudit(route.audit!);
      const status = await samples.get(key(route))!();
      expect({ route: key(route), status: status < 400 }).toEqual({ route: key(route), status: true });
      expect({ route: key(route), audited: (await countAudit(route.audit!)) - before }).toEqual({ route: key(route), audited: 1 });
    }
    const [entry] = await app.db.sql`select actor, role, channel, request_id from audit_log where action = 'users.create' order by id desc limit 1`;
    expect(entry).toMatchObject({ actor: 'user:test-admin', role: 'admin', channel: 'web', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('keeps the audit log append-only', async () => {
    await expect(app.db.sql`update audit_log set actor = 'someone else'`).rejects.toThrow('append-only');
    await expect(app.db.sql`delete from audit_log`).rejects.toThrow('append-only');
  });

  it('lets administrators and leaders read the audit log with filters, nobody else', async () => {
    const page = await (await admin.get('/audit?action=users.&limit=2')).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e: { action: string }) => e.action.startsWith('users.'))).toBe(true);
    const older = await (await admin.get(`/audit?before=${page.items.at(-1).id}&limit=500`)).json();
    expect(older.items.every((e: { id: string }) => Number(e.id) < Number(page.items.at(-1).id))).toBe(true);
    await createUser(app.db, { username: 'boss', role: 'leader', scope: 'bank' });
    expect((await (await login(app.url, 'boss')).get('/audit')).status).toBe(200);
    expect((await (await login(app.url, 'bj-head')).get('/audit')).status).toBe(403);
  });

  const key = (r: RouteDeclaration) => `${r.method} ${r.path}`;
  /** Rows recording an action: audit_log rows, or rows of the table that is itself the record (`table:<name>`). */
  const countAudit = async (action: string) => {
    const table = /^table:(service_events)$/.exec(action)?.[1];
    const rows = table
      ? await app.db.sql<{ n: number }[]>`select count(*)::int as n from ${app.db.sql(table)}`
      : await app.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = ${action}`;
    return rows[0]!.n;
  };
});

/** A successful call per state-changing route; each returns the HTTP status. */
async function auditSamples(app: TestServer, admin: Client): Promise<Map<string, () => Promise<number>>> {
  await createUser(app.db, { username: 'sample', role: 'staff', scope: 'bank' });
  const sample = await login(app.url, 'sample');
  let displayTokenId = '';
  let apiKeyId = '';
  let bindingId = 0;
  let complaintId = 0;
  const head = await login(app.url, 'bj-head');
  await createUser(app.db, { username: 'bj-manager', role: 'region_manager', scope: 'region:BJ' });
  const manager = await login(app.url, 'bj-manager');
  const now = () => new Date().toISOString();
  const complaint = (id: string) => ({ id, branch: 'BJ0101', channel: 'counter', category: 'wait_time', complainant: { name: '张三明', phone: '13812345678' }, summary: '排队等候过久' });
  const created = async (id: string) => (await (await head.post('/complaints', complaint(id))).json()).id as number;
  const step = (path: string, body: object = {}, as = head) => async () => (await as.post(`/complaints/${complaintId}/${path}`, body)).status;
  // Inspections, nominations and care need people linked to staff records at BJ0101.
  await app.db.sql`insert into staff (code, name, role, region_id, active) select 'S000046', '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
  await app.db.sql`insert into staff (code, name, role, branch_id, active) select 'S000044', '刘经理', 'account_manager', id, true from branches where code = 'BJ0101'`;
  await app.db.sql`insert into staff (code, name, role, branch_id, active) select 'S000045', '陈柜员', 'teller', id, true from branches where code = 'BJ0101'`;
  await createUser(app.db, { username: 'audit-inspector', role: 'inspector', scope: 'bank', staffCode: 'S000046' });
  await createUser(app.db, { username: 'audit-teller', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' });
  await createUser(app.db, { username: 'audit-am', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000044' });
  const [inspector, teller, accountManager] = await Promise.all([login(app.url, 'audit-inspector'), login(app.url, 'audit-teller'), login(app.url, 'audit-am')]);
  const items = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
  const inspection = (id: string, failing: Record<string, { points: number; reason: string }> = {}) => ({
    id, branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
    results: items.map((i) => ({ item: i.code, points: i.maxPoints, ...failing[i.code] })),
  });
  // A failed inspection opens one rectification per finding; the rectification samples share it, whichever runs first.
  let findings: Promise<{ fix: number; extend: number }> | undefined;
  const rectifications = () => findings ??= (async () => {
    const body = await (await inspector.post('/inspections', inspection('audit-failed', { ATT02: { points: 2, reason: '未起身迎候' }, EFF02: { points: 0, reason: '高峰期未增开窗口' } }))).json();
    const id = (item: string) => body.rectifications.find((r: { item: string }) => r.item === item).id as number;
    return { fix: id('ATT02'), extend: id('EFF02') };
  })();
  const careTask = async () => {
    const [task] = await app.db.sql<{ id: string }[]>`
      insert into care_tasks (customer_id, assignee_id, branch_id, kind, occasion, occasion_date, due_date, appears_on, tier, created_at)
      select c.id, (select id from staff where code = 'S000044'), c.branch_id, 'birthday', '生日', current_date + (select count(*)::int from care_tasks), current_date, current_date, 'gold', now()
      from customers c join branches b on b.id = c.branch_id where b.code = 'BJ0101' order by c.id limit 1 returning id`;
    return Number(task!.id);
  };
  return new Map<string, () => Promise<number>>([
    ['POST /auth/login', async () => (await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sample', password: TEST_PASSWORD }) })).status],
    ['POST /auth/password', async () => (await sample.post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another-long-password' })).status],
    ['POST /auth/logout', async () => (await sample.post('/auth/logout')).status],
    ['POST /users', async () => (await admin.post('/users', { username: 'audited', displayName: 'a', role: 'staff', scope: 'bank' })).status],
    ['PATCH /users/:username', async () => (await admin.patch('/users/audited', { role: 'inspector' })).status],
    ['POST /users/:username/reset-password', async () => (await admin.post('/users/audited/reset-password')).status],
    ['POST /display-tokens', async () => {
      const r = await admin.post('/display-tokens', { name: 'audited', scope: 'bank' });
      displayTokenId = (await r.clone().json()).token.id;
      return r.status;
    }],
    ['POST /display-tokens/:id/revoke', async () => (await admin.post(`/display-tokens/${displayTokenId}/revoke`)).status],
    ['POST /api-keys', async () => {
      const r = await admin.post('/api-keys', { name: 'audited', scope: 'bank', eventTypes: ['ticket.issued'] });
      apiKeyId = (await r.clone().json()).key.id;
      return r.status;
    }],
    ['POST /api-keys/:id/revoke', async () => (await admin.post(`/api-keys/${apiKeyId}/revoke`)).status],
    ['POST /kpi-targets', async () => (await admin.post('/kpi-targets', { scope: 'region:BJ', kpi: 'satisfactionRate', target: 0.97 })).status],
    ['POST /complaints', async () => {
      const r = await head.post('/complaints', complaint('audit-1'));
      complaintId = (await r.clone().json()).id;
      return r.status;
    }],
    ['POST /complaints/:id/claim', step('claim')],
    ['POST /complaints/:id/contact', step('contact')],
    ['POST /complaints/:id/extend', step('extend', { reason: '案情复杂，需调取监控' })],
    ['POST /complaints/:id/approve-extension', step('approve-extension', { reason: '涉及多方核实', customerNotifiedAt: now() }, manager)],
    ['POST /complaints/:id/pause', step('pause', { reason: 'appraisal', customerNotifiedAt: now() })],
    ['POST /complaints/:id/resume', step('resume')],
    ['POST /complaints/:id/decide', step('decide', { decision: '致歉并优化叫号流程', informedAt: now(), informedVia: 'phone' })],
    ['POST /complaints/:id/close', step('close')],
    ['POST /complaints/:id/restart', step('restart', { facts: '客户补充了新的情况' })],
    ['POST /complaints/:id/notes', step('notes', { note: '已回电' })],
    ['POST /complaints/:id/merge', async () => (await head.post(`/complaints/${await created('audit-2')}/merge`, { into: complaintId })).status],
    ['POST /complaints/:id/review', async () => {
      const id = await created('audit-3');
      await head.post(`/complaints/${id}/claim`, {});
      await head.post(`/complaints/${id}/decide`, { decision: '已解释收费依据', informedAt: now(), informedVia: 'sms' });
      return (await head.post(`/complaints/${id}/review`, { summary: '客户对处理结果有异议' })).status;
    }],
    ['POST /chat-bindings', async () => {
      const r = await admin.post('/chat-bindings', { scope: 'region:BJ', purpose: 'alerts', channel: 'feishu', chatId: 'oc_audited' });
      bindingId = (await r.clone().json()).id;
      return r.status;
    }],
    ['DELETE /chat-bindings/:id', async () => (await admin.delete(`/chat-bindings/${bindingId}`)).status],
    ['POST /outbox/:id/retry', async () => {
      const [row] = await app.db.sql<{ id: string }[]>`
        insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, template, data, status, not_before, created_at)
        values ('audit-parked', 'console', 'staff', 'S1', 'outbox.parked', '{}', 'parked', now(), now()) returning id`;
      return (await admin.post(`/outbox/${row!.id}/retry`)).status;
    }],
    ['POST /events', async () => {
      const { secret } = await (await admin.post('/api-keys', { name: 'queue', scope: 'bank', eventTypes: ['ticket.issued'] })).json();
      const event = { id: 'audit-1', type: 'ticket.issued', branch: 'BJ0101', at: new Date().toISOString(), ticket: 'A001' };
      return (await fetch(`${app.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) })).status;
    }],
    ['POST /checklists', async () => {
      const exported = await (await admin.get('/checklists/CBSS/export')).json();
      return (await admin.post('/checklists', { code: 'AUDIT', name: '审计用检查表', modules: exported.modules })).status;
    }],
    ['POST /inspections', async () => (await inspector.post('/inspections', inspection('audit-passed'))).status],
    ['POST /inspections/drafts', async () => (await inspector.post('/inspections/drafts', { id: 'audit-draft', branch: 'BJ0101', data: { note: '大堂巡查' } })).status],
    ['POST /inspections/photos', async () => (await inspector.post('/inspections/photos', { branch: 'BJ0101', data: jpegWithExif().toString('base64') })).status],
    ['POST /rectifications/:id/fix', async () => (await head.post(`/rectifications/${(await rectifications()).fix}/fix`, { note: '已培训迎候礼仪' })).status],
    ['POST /rectifications/:id/extend', async () => (await head.post(`/rectifications/${(await rectifications()).extend}/extend`, { reason: '待总行统一排班' })).status],
    ['POST /rectifications/:id/grant', async () => {
      const { extend } = await rectifications();
      const [r] = await app.db.sql<{ status: string }[]>`select status from rectifications where id = ${extend}`;
      if (r!.status !== 'extension_requested') await head.post(`/rectifications/${extend}/extend`, { reason: '待总行统一排班' });
      return (await inspector.post(`/rectifications/${extend}/grant`, { days: 2 })).status;
    }],
    ['POST /rectifications/:id/verify', async () => {
      const { fix } = await rectifications();
      const [r] = await app.db.sql<{ status: string }[]>`select status from rectifications where id = ${fix}`;
      if (r!.status !== 'fixed') await head.post(`/rectifications/${fix}/fix`, { note: '已培训迎候礼仪' });
      return (await inspector.post(`/rectifications/${fix}/verify`, { accepted: true, note: '' })).status;
    }],
    ['POST /nominations', async () => (await teller.post('/nominations', { nominee: 'S000044', reason: '耐心为老年客户办理社保卡业务，全程讲解' })).status],
    ['POST /nominations/:id/decision', async () => {
      const { id } = await (await teller.post('/nominations', { nominee: 'S000045', reason: '主动帮助客户填写单据，耐心细致' })).json();
      return (await head.post(`/nominations/${id}/decision`, { approved: true })).status;
    }],
    ['PATCH /award-settings', async () => {
      const settings = await (await admin.get('/award-settings')).json();
      return (await admin.patch('/award-settings', { ...settings, nominationQuota: settings.nominationQuota + 1 })).status;
    }],
    ['POST /care-tasks/:id/done', async () => (await accountManager.post(`/care-tasks/${await careTask()}/done`, { via: 'phone' })).status],
    ['POST /care-tasks/:id/skip', async () => (await accountManager.post(`/care-tasks/${await careTask()}/skip`, { reason: 'declined' })).status],
    ['PATCH /care-settings', async () => {
      const settings = await (await admin.get('/care-settings')).json();
      return (await admin.patch('/care-settings', { ...settings, seniorAge: settings.seniorAge + 1 })).status;
    }],
    ['PUT /holidays/:year', async () => (await admin.request('PUT', '/holidays/2031', { days: [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }] })).status],
    ['PUT /service-index/weights', async () => {
      const { weights } = await (await admin.get('/service-index/weights')).json();
      return (await admin.request('PUT', '/service-index/weights', { weights: { ...weights, inspectionScore: weights.inspectionScore + 1 } })).status;
    }],
  ]);
}
