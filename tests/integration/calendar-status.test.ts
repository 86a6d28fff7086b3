import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// 30 Nov 2026 23:59 in Shanghai; 2027 is computed (tentative) at start-up.
const clock = fixedClock('2026-11-30T15:59:00Z');
let app: TestServer;
let admin: Client;
let staff: Client;
let displayToken: string;

beforeAll(async () => {
  app = await startTestServer({ clock });
  await createUser(app.db, { username: 'cal-admin', role: 'admin', scope: 'bank' });
  await createUser(app.db, { username: 'cal-staff', role: 'staff', scope: 'bank' });
  [admin, staff] = await Promise.all([login(app.url, 'cal-admin'), login(app.url, 'cal-staff')]);
  displayToken = (await (await admin.post('/display-tokens', { name: 'wall', scope: 'bank' })).json()).secret;
});
afterAll(async () => {
  await app?.close();
});

const auditCount = async () => Number((await app.db.sql`select count(*)::int as n from audit_log where action = 'holidays.replace'`)[0]!.n);

describe('calendar status and the holidays form', () => {
  it('warns from 1 December bank time, for people and wall screens', async () => {
    expect(await (await staff.get('/calendar/status')).json()).toEqual({ nextYear: 2027, tentative: true, warn: false });
    clock.set('2026-11-30T16:00:00Z');
    expect(await (await staff.get('/calendar/status')).json()).toEqual({ nextYear: 2027, tentative: true, warn: true });
    const wall = await fetch(`${app.url}/api/v1/calendar/status`, { headers: { authorization: `Bearer ${displayToken}` } });
    expect(await wall.json()).toEqual({ nextYear: 2027, tentative: true, warn: true });
  });

  it('replaces a year exactly, makes it official, and the warning stops', async () => {
    const computed = await (await admin.get('/holidays?year=2027')).json();
    expect(computed).toMatchObject({ year: 2027, source: 'computed', official: false });
    expect(computed.days.length).toBeGreaterThan(0);
    const before = await auditCount();
    const days = [
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-20', kind: 'workday', name: '春节' },
    ];
    const put = await admin.request('PUT', '/holidays/2027', { days });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ year: 2027, days: 3 });
    expect(await auditCount()).toBe(before + 1);
    const stored = await (await admin.get('/holidays?year=2027')).json();
    expect(stored).toEqual({ year: 2027, source: 'import', official: true, days: [days[1], days[0], days[2]] });
    expect(await (await staff.get('/calendar/status')).json()).toEqual({ nextYear: 2027, tentative: false, warn: false });
  });

  it('rejects bad input with 400 naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ days: [{ date: '2027-02-30', kind: 'holiday', name: 'x' }] }, 'days[0].date'],
      [{ days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2028-01-01', kind: 'holiday', name: '元旦' }] }, 'days[1].date'],
      [{ days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] }, 'days[0].kind'],
      [{}, 'days'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.request('PUT', '/holidays/2027', body);
      expect(res.status).toBe(400);
      const error = (await res.json()).error;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    expect((await admin.request('PUT', '/holidays/27', { days: [] })).status).toBe(400);
    expect((await admin.get('/holidays?year=abc')).status).toBe(400);
    expect((await (await admin.get('/holidays?year=2027')).json()).days).toHaveLength(3);
  });

  it('lets only administrators read and replace a year', async () => {
    expect((await staff.get('/holidays?year=2027')).status).toBe(403);
    expect((await staff.request('PUT', '/holidays/2027', { days: [] })).status).toBe(403);
    const wall = await fetch(`${app.url}/api/v1/holidays?year=2027`, { headers: { authorization: `Bearer ${displayToken}` } });
    expect(wall.status).toBe(403);
  });
});
