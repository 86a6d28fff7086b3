import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../server/platform/clock.ts';
import { connectSocket, createUser, login, TEST_PASSWORD, type Client } from './helpers/access.ts';
import { seedTwoRegionBank } from './helpers/seed.ts';
import { startTestServer, type TestServer, type TestSocket } from './helpers/test-server.ts';

// Regression tests for issue 14: sockets outliving their session, the handshake's Origin, login
// throttling and lockout, display tokens' expiry and reads.
const clock = fixedClock('2026-11-05T02:00:00Z');
const IDLE_MINUTES = 30;

describe('security: sessions, sockets, logins and screens', () => {
  let app: TestServer;
  let admin: Client;
  const loginFrom = (address: string, username: string, password: string) =>
    fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ username, password }),
    });
  const disconnectedWithin = (socket: TestSocket, ms: number) =>
    Promise.race([new Promise<string>((resolve) => socket.once('disconnect', resolve)), new Promise<string>((r) => setTimeout(() => r(`still connected after ${ms} ms`), ms))]);

  beforeAll(async () => {
    app = await startTestServer({
      clock, seed: (db) => seedTwoRegionBank(db.sql),
      env: { SESSION_IDLE_MINUTES: String(IDLE_MINUTES), SESSION_MAX_HOURS: '2', SOCKET_RECHECK_SECONDS: '1', TRUST_PROXY: 'true', PUBLIC_URL: 'https://touchstone.bank.example' },
    });
    admin = await app.admin();
    await createUser(app.db, { username: 'bj-head', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' });
    for (const u of ['sprayed-1', 'sprayed-2', 'real-user']) await createUser(app.db, { username: u, role: 'staff', scope: 'branch:BJ0101' });
    await createUser(app.db, { username: 'root2', role: 'admin', scope: 'bank' });
  });
  afterAll(() => app?.close());

  describe('sockets re-check their credential', () => {
    it('refuses a command and disconnects once the session went idle, though nothing revoked it', async () => {
      const head = await login(app.url, 'bj-head');
      const socket = await head.socket();
      expect(await socket.emitWithAck('chat:join', { staffCode: 'S000001' })).toMatchObject({ ok: true });
      clock.advance((IDLE_MINUTES + 1) * 60_000);
      try {
        const answer = await socket.timeout(3000).emitWithAck('wall:subscribe', { scope: 'branch:BJ0101' }).catch((e: Error) => ({ ok: 'timeout', e: e.message }));
        expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
        expect(socket.connected).toBe(false);
      } finally {
        clock.advance(-(IDLE_MINUTES + 1) * 60_000);
        socket.close();
      }
    });

    it('disconnects an open socket on the timer after the maximum age, and after deactivation', async () => {
      await createUser(app.db, { username: 'short-lived', role: 'staff', scope: 'branch:BJ0101' });
      const aged = await (await login(app.url, 'short-lived')).socket();
      const kept = await (await login(app.url, 'bj-head')).socket();
      clock.advance(2 * 3600_000 + 60_000); // past SESSION_MAX_HOURS, and idle too
      try {
        expect(await disconnectedWithin(aged, 4000)).toBe('io server disconnect');
        expect(await disconnectedWithin(kept, 4000)).toBe('io server disconnect');
      } finally {
        clock.advance(-(2 * 3600_000 + 60_000));
      }
      await createUser(app.db, { username: 'leaver', role: 'staff', scope: 'branch:BJ0101' });
      const leaver = await (await login(app.url, 'leaver')).socket();
      await app.db.sql`update users set active = false where username = 'leaver'`; // as a direct deactivation would, without a revocation message
      expect(await disconnectedWithin(leaver, 4000)).toBe('io server disconnect');
    });

    it('disconnects a screen whose display token expires, and refuses it afterwards', async () => {
      const { token, secret } = await (await admin.post('/display-tokens', { name: '活动屏', scope: 'bank', expiresInDays: 1 })).json();
      expect(token.expiresAt).toBe('2026-11-06T02:00:00.000Z');
      const screen = await connectSocket(app.url, { displayToken: secret });
      expect(await screen.emitWithAck('wall:subscribe', { scope: 'bank' })).toMatchObject({ ok: true });
      clock.advance(86_400_000 + 1000);
      try {
        expect(await disconnectedWithin(screen, 4000)).toBe('io server disconnect');
        await expect(connectSocket(app.url, { displayToken: secret })).rejects.toThrow('UNAUTHENTICATED');
        expect((await fetch(`${app.url}/api/v1/org/overview`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
      } finally {
        clock.advance(-(86_400_000 + 1000));
      }
    });

    it('accepts a handshake only from our own origin', async () => {
      const { cookie } = await login(app.url, 'bj-head');
      const withOrigin = (origin: string) => new Promise<string>((resolve) => {
        const socket = connect(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, origin } });
        socket.once('connect', () => { socket.close(); resolve('connected'); });
        socket.once('connect_error', (e) => { socket.close(); resolve(`refused: ${e.message}`); });
      });
      expect(await withOrigin('https://evil.bank.example')).toMatch(/^refused/);
      expect(await withOrigin('https://touchstone.bank.example')).toBe('connected');
      expect(await withOrigin(app.url)).toBe('connected'); // the request's own host
      // Long polling too (a browser falls back to it).
      const polling = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin: 'https://evil.bank.example' } });
      expect(polling.status).toBe(403);
    });
  });

  describe('login', () => {
    it('throttles one address failing across many usernames (password spraying)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await loginFrom('203.0.113.7', `user-${i}`, 'Spring2026!')).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
      // The same address is refused even with a right password; another address is not.
      expect((await loginFrom('203.0.113.7', 'real-user', TEST_PASSWORD)).status).toBe(429);
      expect((await loginFrom('203.0.113.8', 'real-user', TEST_PASSWORD)).status).toBe(200);
    });

    it('answers an unknown username exactly as a real one, lockout included, in similar time', async () => {
      const attempts = async (username: string, address: string) => {
        const out: Array<{ status: number; body: unknown; ms: number }> = [];
        for (let i = 0; i < 7; i++) {
          const started = performance.now();
          const r = await loginFrom(address, username, 'wrong-password');
          out.push({ status: r.status, body: await r.json(), ms: performance.now() - started });
        }
        return out;
      };
      const real = await attempts('sprayed-1', '198.51.100.1');
      const unknown = await attempts('no-such-person', '198.51.100.2');
      expect(unknown.map((a) => a.status)).toEqual(real.map((a) => a.status));
      expect(unknown.map((a) => a.body)).toEqual(real.map((a) => a.body));
      expect(real.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429, 429]);
      // Both do a password hash's work on a failure: neither is several times faster.
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const [r, u] = [median(real.slice(0, 4).map((a) => a.ms)), median(unknown.slice(0, 4).map((a) => a.ms))];
      expect(Math.max(r, u) / Math.min(r, u)).toBeLessThan(3);
    });

    it('never locks an administrator out from outside: the failing address is locked, not the account', async () => {
      for (let i = 0; i < 5; i++) await loginFrom('192.0.2.66', 'root2', 'wrong-password');
      expect((await loginFrom('192.0.2.66', 'root2', TEST_PASSWORD)).status).toBe(429);
      expect((await loginFrom('192.0.2.10', 'root2', TEST_PASSWORD)).status).toBe(200);
      const [row] = await app.db.sql<{ lockedUntil: Date | null }[]>`select locked_until from users where username = 'root2'`;
      expect(row!.lockedUntil).toBeNull();
      const [audit] = await app.db.sql`select action from audit_log where action = 'auth.locked' and target_id = 'root2'`;
      expect(audit).toEqual({ action: 'auth.locked' }); // the attack is on record
    });
  });

  describe('display tokens', () => {
    it('reads what a wall shows and nothing else (no staff directory, no KPIs over HTTP)', async () => {
      const { secret } = await (await admin.post('/display-tokens', { name: '大堂屏', scope: 'branch:BJ0101' })).json();
      const get = (path: string) => fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${secret}` } });
      expect((await get('/org/overview')).status).toBe(200);
      for (const path of ['/staff', '/staff?q=王', '/kpis', '/kpis/ranking', '/kpi-targets', '/kpis/complaints', '/customers/C1']) {
        expect((await get(path)).status, path).toBe(403);
      }
      const screen = await connectSocket(app.url, { displayToken: secret });
      expect(await screen.emitWithAck('wall:subscribe', { scope: 'branch:BJ0101' })).toMatchObject({ ok: true });
      screen.close();
    });

    it('refuses a bad expiry with 400 naming the field, and lists the expiry', async () => {
      const bad = await admin.post('/display-tokens', { name: 'x', scope: 'bank', expiresInDays: 0 });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.issues[0].field).toBe('expiresInDays');
      const listed = (await (await admin.get('/display-tokens')).json()).items as Array<{ name: string; expiresAt: string | null }>;
      expect(listed.find((t) => t.name === '活动屏')?.expiresAt).toBe('2026-11-06T02:00:00.000Z');
      expect(listed.find((t) => t.name === '大堂屏')?.expiresAt).toBeNull();
    });
  });
});
