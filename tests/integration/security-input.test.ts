import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { dataErrorToAppError } from '../../server/platform/db-errors.ts';
import { createLogger } from '../../server/platform/logger.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Regression tests for the security probe of issue 14: API keys on complaint steps, control
// characters, database data errors, strict dates and what reaches the log.
const clock = fixedClock('2026-11-05T02:00:00Z'); // Thursday 10:00 in Shanghai

describe('security: API keys, hostile text, dates and the log', () => {
  let app: TestServer;
  let head: Client;
  let admin: Client;
  let hotline: string;
  let tickets: string;
  let other: string;
  const logLines: string[] = [];
  const bearer = (secret: string, method: string, path: string, body?: unknown) =>
    fetch(`${app.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const complaint = (id: string, extra: object = {}) => ({
    id, branch: 'BJ0101', receivedAt: '2026-11-01T09:30:00+08:00', channel: 'hotline', category: 'wait_time',
    complainant: { name: '张三明', phone: '13812345678' }, summary: '排队太久', ...extra,
  });
  const fieldOf = async (r: Response) => ((await r.json()) as { error: { issues: Array<{ field: string }> } }).error.issues[0]!.field;

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
    app = await startTestServer({ clock, seed: (db) => seedTwoRegionBank(db.sql), logger: createLogger({ level: 'debug', destination: sink }) });
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    head = await login(app.url, 'bj-head');
    admin = await app.admin();
    const key = async (name: string, eventTypes: string[]) => (await (await admin.post('/api-keys', { name, scope: 'bank', eventTypes })).json()).secret as string;
    hotline = await key('热线', ['complaint.received']);
    other = await key('CRM', ['complaint.received']);
    tickets = await key('排队机', ['ticket.issued']);
  });
  afterAll(() => app?.close());

  describe('API keys and complaint steps', () => {
    it('lets a key ask for a review only of its own complaints; unknown and foreign ids answer alike before and after a decision', async () => {
      const own = await (await bearer(hotline, 'POST', '/complaints', complaint('OWN-1'))).json();
      const headMade = await (await head.post('/complaints', complaint('HEAD-1'))).json();
      const unknownId = 987654;
      const ask = (secret: string, id: number) => bearer(secret, 'POST', `/complaints/${id}/review`, { summary: '客户不认可' });
      const unknown = await ask(other, unknownId);
      const unknownBody = await unknown.json();
      expect(unknown.status).toBe(404);
      // Not decided yet: a foreign key and a key limited to tickets see "no such complaint", like an unknown id.
      for (const [secret, id] of [[other, own.id], [tickets, own.id], [hotline, headMade.id]] as const) {
        const r = await ask(secret, id);
        expect(r.status).toBe(404);
        expect(await r.json()).toEqual({ error: { ...unknownBody.error, message: unknownBody.error.message.replace(String(unknownId), String(id)) } });
      }
      expect((await ask(hotline, own.id)).status).toBe(409); // its own, undecided: the real answer
      for (const id of [own.id, headMade.id]) {
        await head.post(`/complaints/${id}/claim`, {});
        expect((await head.post(`/complaints/${id}/decide`, { decision: '已解释收费依据', informedAt: '2026-11-05T09:00:00+08:00', informedVia: 'sms' })).status).toBe(200);
      }
      for (const [secret, id] of [[other, own.id], [tickets, own.id], [hotline, headMade.id]] as const) {
        expect((await ask(secret, id)).status).toBe(404);
      }
      expect(await app.db.sql`select count(*)::int as n from complaints where kind = 'review'`).toEqual([{ n: 0 }]);
      const opened = await ask(hotline, own.id);
      expect(opened.status).toBe(201);
      const review = await opened.json();
      expect((await bearer(other, 'GET', `/complaints/${review.id}`)).status).toBe(404); // another key cannot read the case
      expect((await bearer(hotline, 'GET', `/complaints/${review.id}`)).status).toBe(200);
    });
  });

  describe('control characters and database data errors', () => {
    it('refuses a NUL byte with 400 naming the field, in bodies, queries and path parameters', async () => {
      const cases: Array<[Promise<Response>, string]> = [
        [fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a\u0000b', password: 'x' }) }), 'username'],
        [head.post('/complaints', complaint('NUL-1', { summary: 'bad\u0000text' })), 'summary'],
        [head.post('/complaints', complaint('NUL-2', { complainant: { name: '张\u0001三', phone: '13812345678' } })), 'complainant.name'],
        [admin.get('/audit?actor=a%00b'), 'actor'],
        [admin.get('/staff?q=%00'), 'q'],
        [admin.get('/customers/C%00'), 'code'],
        [admin.post('/users', { username: 'nul-user', displayName: 'x\u0000', role: 'staff', scope: 'bank', password: 'long-enough-password-1' }), 'displayName'],
        [admin.post('/display-tokens', { name: 'wall\u0000', scope: 'bank' }), 'name'],
        [admin.get('/jobs/runs?job=%00'), 'job'],
      ];
      for (const [pending, field] of cases) {
        const r = await pending;
        expect(r.status, field).toBe(400);
        expect(await fieldOf(r), field).toBe(field);
      }
      expect(await app.db.sql`select count(*)::int as n from complaints where external_id like 'NUL-%'`).toEqual([{ n: 0 }]);
    });

    it('keeps tab, newline and carriage return in free text', async () => {
      const r = await head.post('/complaints', complaint('TAB-1', { summary: '第一行\r\n第二行\t完' }));
      expect(r.status).toBe(201);
      expect((await r.json()).summary).toBe('第一行\r\n第二行\t完');
    });

    it('rejects an ingest event with a NUL by its index and accepts the good events of the batch', async () => {
      const ingest = await (async () => (await (await admin.post('/api-keys', { name: 'q-nul', scope: 'bank', eventTypes: ['ticket.issued'] })).json()).secret as string)();
      const ok = (id: string) => ({ type: 'ticket.issued', id, branch: 'BJ0101', at: '2026-11-05T09:30:00+08:00', ticket: 'A001' });
      const r = await bearer(ingest, 'POST', '/events', { events: [ok('E-1'), { ...ok('E-2'), ticket: 'A\u0000' }, ok('E-3')] });
      expect(r.status).toBe(200);
      const body = await r.json();
      expect(body).toMatchObject({ accepted: 2, rejected: [{ index: 1, field: 'ticket' }] });
      expect(await app.db.sql`select count(*)::int as n from service_events where event_id in ('E-1', 'E-3')`).toEqual([{ n: 2 }]);
    });

    it('maps PostgreSQL data errors to 400 naming the field where it can', async () => {
      const r = await admin.get('/audit?before=99999999999999999999');
      expect(r.status).toBe(400);
      // Values no schema can foresee reach the database: each class-22 error is a client's mistake.
      const failures = await Promise.all([
        app.db.sql`select ${'12x'}::bigint`.catch((e: unknown) => e), // 22P02
        app.db.sql`select ${'99999999999999999999'}::text::bigint`.catch((e: unknown) => e), // 22003
        app.db.sql`select ${'2026-02-30'}::text::date`.catch((e: unknown) => e), // 22008
        app.db.sql`select ${'{"a": 1'}::text::jsonb`.catch((e: unknown) => e), // 22P02 (JSON)
      ]);
      for (const failure of failures) {
        const mapped = dataErrorToAppError(failure, 'query');
        expect(mapped?.code).toBe('INVALID_INPUT');
        expect(mapped?.issues[0]?.field).toBe('query');
      }
      expect(dataErrorToAppError(new Error('a bug'))).toBeUndefined();
    });
  });

  describe('dates', () => {
    it('refuses 30 February as a complaint’s receivedAt, naming the field', async () => {
      const r = await bearer(hotline, 'POST', '/complaints', complaint('FEB-30', { receivedAt: '2026-02-30T10:00:00+08:00' }));
      expect(r.status).toBe(400);
      expect(await fieldOf(r)).toBe('receivedAt');
      const web = await head.post('/complaints', complaint('FEB-30b', { receivedAt: '2026-10-32T10:00:00+08:00' }));
      expect(await fieldOf(web)).toBe('receivedAt');
    });

    it('refuses days and times outside sane bounds with 400 naming the field', async () => {
      for (const [path, field] of [['/kpis?day=9999-12-31', 'day'], ['/kpis/ranking?day=0001-01-01', 'day'], ['/audit?from=0000-01-01T00:00:00Z', 'from'], ['/audit?to=2026-02-29T00:00:00Z', 'to']] as const) {
        const r = await admin.get(path);
        expect(r.status, path).toBe(400);
        expect(await fieldOf(r), path).toBe(field);
      }
      expect((await admin.get('/kpis?day=2026-11-05')).status).toBe(200);
      expect((await admin.get('/audit?from=2026-11-01T00:00:00%2B08:00')).status).toBe(200);
    });
  });

  describe('log hygiene', () => {
    it('leaves neither the phone nor the ID number of a failing statement’s input in the log', async () => {
      const phone = '13987654321';
      const idNumber = '110101199003074514';
      logLines.length = 0;
      // A value beyond bigint's range fails inside PostgreSQL, whose error echoes the input.
      const r = await admin.get(`/audit?before=9${phone}${idNumber}`);
      expect(r.status).toBeLessThan(500);
      await head.post('/complaints', complaint('PII-1', { summary: `客户电话 ${phone} 身份证 ${idNumber}` }));
      // A real failing statement whose error echoes the input (`where: JSON data, line 1: …`), logged as the app logs errors.
      const error = await app.db.sql`select (${`{"note": "${phone} ${idNumber}`}::text)::jsonb`.catch((e: unknown) => e);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).toContain(phone); // the raw error does carry it
      app.server.logger.error({ err: error, body: { note: phone } }, 'statement failed');
      const all = logLines.join('');
      expect(all).toContain('22P02');
      expect(all).not.toContain(phone);
      expect(all).not.toContain(idNumber);
    });
  });
});
