import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../server/domains/outbox/index.ts';
import type { Client } from './helpers/access.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

/** A WeCom/DingTalk robot endpoint that records posts and answers like the real ones. */
async function startRobot(answer: () => { errcode: number; errmsg: string }) {
  const posts: Array<{ url: URL; body: Record<string, unknown> }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      posts.push({ url: new URL(req.url!, 'http://robot'), body: JSON.parse(raw) as Record<string, unknown> });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { posts, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('secondary alert channels: WeCom and DingTalk group robots', () => {
  let app: TestServer;
  let admin: Client;
  let robot: Awaited<ReturnType<typeof startRobot>>;
  let errcode = 0;

  beforeAll(async () => {
    robot = await startRobot(() => ({ errcode, errmsg: errcode ? 'send too fast' : 'ok' }));
    app = await startTestServer({ seed: (db) => seedSmallBank(db.sql), env: { BOT_QUIET_HOURS: 'off' } });
    admin = await app.admin();
  });
  afterAll(async () => {
    await app?.close();
    await robot?.close();
  });

  const send = (chatId: string, channel: 'wecom' | 'dingtalk', key: string) =>
    app.db.sql.begin((tx) => enqueueMessage(tx, { staffChannel: 'console' }, {
      recipient: { kind: 'chat', channel, chatId }, key, severity: 'critical',
      template: 'alert.notice', data: { title: '投诉即将超时', severity: 'critical', lines: ['剩余 2 小时'], unit: '北京朝阳建国路网点' },
    }, new Date()));

  it('binds robots by URL (validated, the key masked when listed) and refuses a secret on WeCom', async () => {
    const wecomUrl = `${robot.base}/cgi-bin/webhook/send?key=wk-secret-key-1234`;
    const created = await admin.post('/chat-bindings', { scope: 'branch:BJ0101', purpose: 'alerts', channel: 'wecom', chatId: wecomUrl });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ scope: 'branch:BJ0101', channel: 'wecom', chatId: expect.stringMatching(/^127\.0\.0\.1:\d+\/…1234$/), hasSecret: false });
    const listed = await (await admin.get('/chat-bindings')).text();
    expect(listed).not.toContain('wk-secret-key');
    const bad = await admin.post('/chat-bindings', { scope: 'bank', purpose: 'alerts', channel: 'dingtalk', chatId: `${robot.base}/robot/send` });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { issues: [{ field: 'chatId' }] } });
    const secretOnWecom = await admin.post('/chat-bindings', { scope: 'bank', purpose: 'alerts', channel: 'wecom', chatId: `${robot.base}/send?key=x`, secret: 'SEC1' });
    expect(secretOnWecom.status).toBe(400);
  });

  it('posts a WeCom markdown alert', async () => {
    const url = `${robot.base}/cgi-bin/webhook/send?key=wk-secret-key-1234`;
    await send(url, 'wecom', 'wecom-1');
    await expect.poll(() => robot.posts.filter((p) => p.url.searchParams.get('key') === 'wk-secret-key-1234').length, { timeout: 5000 }).toBe(1);
    const post = robot.posts.find((p) => p.url.searchParams.get('key') === 'wk-secret-key-1234')!;
    expect(post.body).toMatchObject({ msgtype: 'markdown' });
    expect((post.body.markdown as { content: string }).content).toContain('**【紧急】投诉即将超时**');
    // The outbox list shows the robot as the bindings do: never its key.
    const outbox = await (await admin.get('/outbox?status=sent')).text();
    expect(outbox).toContain('wecom-1');
    expect(outbox).not.toContain('wk-secret-key');
  });

  it('signs DingTalk posts with the bound secret (加签)', async () => {
    const url = `${robot.base}/robot/send?access_token=dt-token`;
    expect((await admin.post('/chat-bindings', { scope: 'bank', purpose: 'leadership', channel: 'dingtalk', chatId: url, secret: 'SECdingtalk' })).status).toBe(201);
    await send(url, 'dingtalk', 'dingtalk-1');
    await expect.poll(() => robot.posts.filter((p) => p.url.searchParams.get('access_token') === 'dt-token').length, { timeout: 5000 }).toBe(1);
    const post = robot.posts.find((p) => p.url.searchParams.get('access_token') === 'dt-token')!;
    const timestamp = post.url.searchParams.get('timestamp')!;
    const expected = createHmac('sha256', 'SECdingtalk').update(`${timestamp}\nSECdingtalk`).digest('base64');
    expect(post.url.searchParams.get('sign')).toBe(expected);
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    expect(post.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '【紧急】投诉即将超时' } });
  });

  it('backs off when a robot says it is sent too fast, instead of giving up', async () => {
    errcode = 130101;
    const url = `${robot.base}/robot/send?access_token=dt-busy`;
    await send(url, 'dingtalk', 'dingtalk-busy');
    await expect.poll(async () => (await app.db.sql<{ lastError: string | null }[]>`select last_error from outbox_messages where idempotency_key = 'dingtalk-busy'`)[0]?.lastError ?? '', { timeout: 5000 }).toContain('130101');
    const [row] = await app.db.sql<{ status: string; notBefore: Date; lastError: string }[]>`select status, not_before, last_error from outbox_messages where idempotency_key = 'dingtalk-busy'`;
    expect(row!.status).toBe('pending');
    expect(row!.notBefore.getTime() - Date.now()).toBeGreaterThan(9 * 60_000); // DingTalk blocks for 10 minutes
    expect(row!.lastError).toContain('130101');
    errcode = 0;
  });
});
