import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throughSignIn } from '../../bot/channel/feishu/card-json.ts';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { HEAD, startFeishuBank, TELLER } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/**
 * Sign in with Feishu against the fake Open API (authorize page, v2 token, user_info), end to end
 * over HTTP: state single use, bound to the browser, short-lived; `next` same-origin only; the
 * session's role and scope follow the staff record; strangers and inactive staff get no session.
 */
describe('sign in with Feishu', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.parse('2026-12-07T02:10:00Z') + offsetMs) };

  beforeAll(async () => {
    ({ fake, app } = await startFeishuBank({ transport: 'webhook', clock }));
    fake.addUser({ openId: HEAD.openId, name: HEAD.name, mobile: '+8613800000001' });
    fake.addUser({ openId: TELLER.openId, name: TELLER.name });
    // Staff who never wrote to the bot: found by mobile, by the imported user_id, or not at all.
    fake.addUser({ openId: 'ou_manager', name: '刘分行', mobile: '+86 13800000077' });
    fake.addUser({ openId: 'ou_by_user_id', name: '周柜员', userId: 'u_zhou' });
    fake.addUser({ openId: 'ou_stranger', name: '路人甲', mobile: '+8613999999999' });
    fake.addUser({ openId: 'ou_left', name: '赵离职', mobile: '+8613800000003' });
    await app.db.sql`insert into staff (code, name, role, region_id, mobile) select 'S000077', '刘分行', 'region_manager', id, '13800000077' from regions where code = 'BJ'`;
    await app.db.sql`insert into staff (code, name, role, branch_id, feishu_user_id) select 'S000088', '周柜员', 'account_manager', id, 'u_zhou' from branches where code = 'BJ0101'`;
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

  /** The browser's part: our login route, Feishu's authorization page, back to our callback. */
  async function startSignIn(next: string, as: string | undefined) {
    const login = await fetch(`${app.url}/auth/feishu/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const stateCookie = cookieOf(login, 'ts_feishu_state')!;
    fake.oauth.signInAs(as);
    const authorize = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    return { authorizeUrl: new URL(login.headers.get('location')!), stateCookie, callback: authorize.headers.get('location') };
  }
  const finish = (callback: string, cookie: string | undefined) => fetch(callback, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  async function me(res: Response) {
    const session = cookieOf(res, 'ts_session');
    if (!session) return undefined;
    return ((await (await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: session } })).json()) as { user: { username: string; role: string; scope: string; staffCode: string } }).user;
  }

  it('sends the browser to Feishu’s authorization page with client_id, redirect_uri and state, and lands on `next` signed in as the branch head', async () => {
    const { authorizeUrl, stateCookie, callback } = await startSignIn('/complaints/12?tab=clock', HEAD.openId);
    expect(authorizeUrl.pathname).toBe('/open-apis/authen/v1/authorize');
    expect(authorizeUrl.searchParams.get('client_id')).toBe(fake.appId);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/feishu/callback`);
    expect(authorizeUrl.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    const res = await finish(callback!, stateCookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/complaints/12?tab=clock');
    expect(await me(res)).toMatchObject({ role: 'branch_head', scope: 'branch:BJ0101', staffCode: HEAD.code });
    const [audit] = await app.db.sql<Array<{ actor: string; summary: { staffCode: string; matchedBy: string } }>>`
      select actor, summary from audit_log where action = 'auth.feishu_login' order by id desc limit 1`;
    expect(audit!.summary).toMatchObject({ staffCode: HEAD.code, matchedBy: 'open_id' });
  });

  it('role and scope follow the staff record: a region manager found by mobile gets the region; an account manager found by user_id gets the branch as staff', async () => {
    const manager = await startSignIn('/', 'ou_manager');
    expect(await me(await finish(manager.callback!, manager.stateCookie))).toMatchObject({ role: 'region_manager', scope: 'region:BJ', staffCode: 'S000077' });
    const am = await startSignIn('/', 'ou_by_user_id');
    expect(await me(await finish(am.callback!, am.stateCookie))).toMatchObject({ role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000088' });
    // Linked on the way: the next sign-in (and the bot) knows them by open_id.
    expect(await app.db.sql`select code from staff where feishu_open_id in ('ou_manager', 'ou_by_user_id') order by code`).toEqual([{ code: 'S000077' }, { code: 'S000088' }]);
    // No password works for an account created by Feishu sign-in.
    const password = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fs-s000077', password: '!feishu' }) });
    expect(password.status).toBe(401);
  });

  it('refuses a tampered state, a replayed one, one from another browser and an expired one — no session', async () => {
    const tampered = await startSignIn('/', HEAD.openId);
    const bad = new URL(tampered.callback!);
    bad.searchParams.set('state', `${bad.searchParams.get('state')!.slice(0, -2)}xx`);
    const r1 = await finish(bad.toString(), tampered.stateCookie);
    expect([r1.status, await me(r1)]).toEqual([400, undefined]);
    expect(await r1.text()).toContain('登录链接无效');

    const replay = await startSignIn('/', HEAD.openId);
    expect((await finish(replay.callback!, replay.stateCookie)).status).toBe(302);
    const r2 = await finish(replay.callback!, replay.stateCookie);
    expect([r2.status, await me(r2)]).toEqual([400, undefined]);
    expect(await r2.text()).toContain('已使用过');

    const otherBrowser = await startSignIn('/', HEAD.openId);
    const r3 = await finish(otherBrowser.callback!, undefined);
    expect([r3.status, await me(r3)]).toEqual([400, undefined]);
    expect(await r3.text()).toContain('同一浏览器');

    const late = await startSignIn('/', HEAD.openId);
    offsetMs += 11 * 60_000;
    const r4 = await finish(late.callback!, late.stateCookie);
    offsetMs -= 11 * 60_000;
    expect([r4.status, await me(r4)]).toEqual([400, undefined]);
    expect(await r4.text()).toContain('超时');
  });

  it('gives an unknown person and an inactive staff member a clear page and no session, and audits both', async () => {
    const stranger = await startSignIn('/', 'ou_stranger');
    const r1 = await finish(stranger.callback!, stranger.stateCookie);
    expect([r1.status, await me(r1)]).toEqual([403, undefined]);
    expect(await r1.text()).toContain('未关联本行员工信息');
    const left = await startSignIn('/', 'ou_left');
    const r2 = await finish(left.callback!, left.stateCookie);
    expect([r2.status, await me(r2)]).toEqual([403, undefined]);
    expect(await r2.text()).toContain('已停用');
    const reasons = await app.db.sql<Array<{ reason: string }>>`select summary->>'reason' as reason from audit_log where action = 'auth.feishu_login_failed' order by id`;
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['not_staff', 'inactive']));
    expect(await app.db.sql`select count(*)::int as n from users where username in ('fs-s000003')`).toEqual([{ n: 0 }]);
  });

  it('ignores a `next` that leaves the site', async () => {
    for (const next of ['https://evil.example/steal', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const attempt = await startSignIn(next, TELLER.openId);
      const res = await finish(attempt.callback!, attempt.stateCookie);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('a person who refuses on Feishu’s page is not signed in', async () => {
    fake.oauth.denyNext();
    const attempt = await startSignIn('/', HEAD.openId);
    const res = await finish(attempt.callback!, attempt.stateCookie);
    expect([res.status, await me(res)]).toEqual([403, undefined]);
  });

  it('a card link (through 飞书登录) opens its page: signed in on the way the first time, straight through with a session', async () => {
    const link = throughSignIn(`${app.url}/complaints/7`);
    fake.oauth.signInAs(HEAD.openId);
    const login = await fetch(link, { redirect: 'manual' });
    const callback = (await fetch(login.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!;
    const landed = await finish(callback, cookieOf(login, 'ts_feishu_state'));
    expect(landed.headers.get('location')).toBe('/complaints/7');
    const session = cookieOf(landed, 'ts_session')!;
    const again = await fetch(link, { redirect: 'manual', headers: { cookie: session } });
    expect([again.status, again.headers.get('location')]).toEqual([302, '/complaints/7']);
  });

  it('the login page learns that 飞书登录 is on', async () => {
    expect(await (await fetch(`${app.url}/api/v1/config`)).json()).toMatchObject({ feishuSignIn: true });
  });
});
