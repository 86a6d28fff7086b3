import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { HEAD, startFeishuBank } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/**
 * A bank's egress proxy in miniature: HTTP CONNECT tunnels (what https-proxy-agent opens), noting
 * each tunnel's target and the request lines that pass through it (the fake speaks plain HTTP, so
 * they can be read), or refusing every tunnel when `refuse` is set.
 */
async function startConnectProxy() {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const state = { refuse: false };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    if (state.refuse) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        const line = /^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1/.exec(chunk.toString('latin1'));
        if (line) requests.push(`${line[1]} ${line[2]!.split('?')[0]}`);
      });
      client.pipe(upstream).pipe(client);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels, requests, state,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

describe('sign in with Feishu through FEISHU_PROXY', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

  beforeAll(async () => {
    proxy = await startConnectProxy();
    ({ fake, app } = await startFeishuBank({ transport: 'webhook', env: { FEISHU_PROXY: proxy.url } }));
    fake.addUser({ openId: HEAD.openId, name: HEAD.name, mobile: '+8613800000001' });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await proxy?.close();
  });

  /** Our login route, Feishu's authorization page (the browser: no proxy), back to our callback. */
  async function signIn(): Promise<Response> {
    const login = await fetch(`${app.url}/auth/feishu/login?next=${encodeURIComponent('/complaints')}`, { redirect: 'manual' });
    fake.oauth.signInAs(HEAD.openId);
    const authorize = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    return fetch(authorize.headers.get('location')!, { redirect: 'manual', headers: { cookie: cookieOf(login, 'ts_feishu_state')! } });
  }

  it('exchanges the code and reads user_info through the proxy tunnel, and signs the person in', async () => {
    const before = proxy.requests.length;
    const res = await signIn();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/complaints');
    expect(cookieOf(res, 'ts_session')).toBeDefined();
    const fakeHost = new URL(fake.url).host;
    expect(proxy.tunnels).toContain(fakeHost);
    expect(proxy.requests.slice(before)).toEqual(expect.arrayContaining(['POST /open-apis/authen/v2/oauth/token', 'GET /open-apis/authen/v1/user_info']));
  });

  it('with the proxy refusing tunnels the sign-in fails cleanly: the calls never go around it', async () => {
    proxy.state.refuse = true;
    const tokenCallsBefore = fake.stats().requests.filter((r) => r.path === '/open-apis/authen/v2/oauth/token').length;
    try {
      const res = await signIn();
      expect(cookieOf(res, 'ts_session')).toBeUndefined();
      expect(res.status).toBe(502); // the sign-in page's "飞书暂时无法完成登录": Feishu, not the person, failed
      expect(await res.text()).toContain('飞书暂时无法完成登录');
      const [audit] = await app.db.sql<Array<{ summary: { reason: string } }>>`select summary from audit_log where action = 'auth.feishu_login_failed' order by id desc limit 1`;
      expect(audit!.summary.reason).toBe('feishu_failed');
      expect(fake.stats().requests.filter((r) => r.path === '/open-apis/authen/v2/oauth/token').length).toBe(tokenCallsBefore);
    } finally {
      proxy.state.refuse = false;
    }
  });
});
