import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeFeishu, type FakeFeishu, type FakeFeishuOptions } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, messageEnvelope, postToWebhook, urlVerification } from '../fakes/feishu/feishu-events.ts';
import { decodeFrame, encodeFrame, header } from '../fakes/feishu/ws-server.ts';

/**
 * Proves the Feishu fake is faithful enough to stand in for Feishu: everything here goes through
 * the real `@larksuiteoapi/node-sdk` 1.74.0 (Client, WSClient, EventDispatcher + adaptDefault).
 */

const silent: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const fakes: FakeFeishu[] = [];
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const f of fakes.splice(0)) await f.close();
});

async function fake(options?: FakeFeishuOptions): Promise<FakeFeishu> {
  const f = await startFakeFeishu(options);
  fakes.push(f);
  return f;
}

const clientFor = (f: FakeFeishu, appSecret = f.appSecret) =>
  new lark.Client({ appId: f.appId, appSecret, domain: f.url, cache: new lark.DefaultCache(), logger: silent, loggerLevel: lark.LoggerLevel.error });

const card = (title: string) => ({
  schema: '2.0', config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: title }, template: 'red' },
  body: { elements: [
    { tag: 'markdown', content: '**工单** C-001' },
    { tag: 'button', text: { tag: 'plain_text', content: '已整改' }, behaviors: [{ type: 'callback', value: { action: 'confirm_fixed' } }] },
  ] },
});

const text = (client: lark.Client, receiveId: string, t: string, receiveIdType: 'chat_id' | 'open_id' = 'chat_id', uuid?: string) =>
  client.im.v1.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: 'text', content: JSON.stringify({ text: t }), ...(uuid ? { uuid } : {}) } });

interface Failure { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string>; message: string; code?: string }
async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    const err = e as { message: string; code?: string; response?: { status: number; data: Failure['data']; headers: Record<string, string> } };
    return { status: err.response?.status, data: err.response?.data, headers: err.response?.headers, message: err.message, code: err.code };
  }
  throw new Error('expected the call to fail');
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const tokenCalls = (f: FakeFeishu) => f.stats().requests.filter((r) => r.path === '/open-apis/auth/v3/tenant_access_token/internal').length;

describe('fake Feishu Open API, driven by the real SDK', () => {
  it('delivers sends and replies with one token request, and keeps uuid sends idempotent', async () => {
    const f = await fake();
    const client = clientFor(f);
    const first = await text(client, 'oc_branch1', '早会提醒', 'chat_id', 'alert-1');
    expect(first.code).toBe(0);
    expect(first.data?.message_id).toMatch(/^om_/);
    expect(first.data?.chat_id).toBe('oc_branch1');
    const again = await text(client, 'oc_branch1', '早会提醒', 'chat_id', 'alert-1');
    expect(again.data?.message_id).toBe(first.data?.message_id);
    const reply = await client.im.v1.message.reply({ path: { message_id: first.data!.message_id! }, data: { msg_type: 'text', content: JSON.stringify({ text: '收到' }) } });
    expect(reply.data?.chat_id).toBe('oc_branch1');
    const p2p = await text(client, 'ou_zhangsan', '您好', 'open_id');
    expect(p2p.data?.chat_id).toMatch(/^oc_/);

    const msgs = f.messages();
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toMatchObject({ chatId: 'oc_branch1', receiveIdType: 'chat_id', msgType: 'text', content: { text: '早会提醒' }, uuid: 'alert-1' });
    expect(msgs[1]).toMatchObject({ chatId: 'oc_branch1', replyTo: first.data?.message_id, content: { text: '收到' } });
    expect(msgs[2]).toMatchObject({ receiveId: 'ou_zhangsan', receiveIdType: 'open_id' });
    expect(tokenCalls(f)).toBe(1);
  });

  it('patches cards in place and rejects what Feishu rejects', async () => {
    const f = await fake();
    const client = clientFor(f);
    const sent = await client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_b', msg_type: 'interactive', content: JSON.stringify(card('预警')) } });
    const id = sent.data!.message_id!;
    expect((await client.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('已整改')) } })).code).toBe(0);
    expect(f.messages()[0]!.updates).toHaveLength(1);
    expect(f.messages()[0]!.updates[0]!.content).toMatchObject({ header: { title: { content: '已整改' } } });

    // Each chat takes at most 5 calls a second (see the rate-limit test), so the cases spread out.
    const plain = (await text(client, 'oc_c', 'hi')).data!.message_id!;
    const notCard = await failure(client.im.v1.message.patch({ path: { message_id: plain }, data: { content: JSON.stringify(card('x')) } }));
    expect([notCard.status, notCard.data?.code]).toEqual([400, 230001]);
    const unknown = await failure(client.im.v1.message.patch({ path: { message_id: 'om_nope' }, data: { content: JSON.stringify(card('x')) } }));
    expect(unknown.data).toMatchObject({ code: 230001, msg: expect.stringContaining('invalid message_id') });
    f.recallMessage(plain);
    expect((await failure(client.im.v1.message.patch({ path: { message_id: plain }, data: { content: JSON.stringify(card('x')) } }))).data?.code).toBe(230011);
    const v1Card = { header: { title: { tag: 'plain_text', content: 'x' } }, elements: [{ tag: 'action', actions: [] }] };
    const bad = await failure(client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_d', msg_type: 'interactive', content: JSON.stringify(v1Card) } }));
    expect([bad.status, bad.data?.code]).toEqual([400, 230099]);
    const huge = card('x');
    huge.body.elements.push({ tag: 'markdown', content: '长'.repeat(11_000) });
    const tooBig = await failure(client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_d', msg_type: 'interactive', content: JSON.stringify(huge) } }));
    expect(tooBig.data?.code).toBe(230025);
    expect(f.messages()).toHaveLength(2);
  });

  it('answers delayed card updates for a callback token at most twice', async () => {
    const f = await fake();
    const client = clientFor(f);
    const sent = await client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_b', msg_type: 'interactive', content: JSON.stringify(card('预警')) } });
    const env = cardActionEnvelope({ appId: f.appId, token: 'v', operatorOpenId: 'ou_a', messageId: sent.data!.message_id!, chatId: 'oc_b', value: { action: 'x' }, fake: f });
    const update = () => client.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token: env.event.token, card: card('处理中') } });
    expect(await update()).toMatchObject({ code: 0 });
    expect(await update()).toMatchObject({ code: 0 });
    expect((await failure(update())).data?.code).toBe(10002);
    expect(f.messages()[0]!.updates).toHaveLength(2);
  });

  it('surfaces 429 / 99991400 with the reset header, 5xx faults, outages and expired tokens', async () => {
    const f = await fake();
    const client = clientFor(f);
    f.rateLimitNext(1, 2);
    const limited = await failure(text(client, 'oc_b', 'a'));
    expect([limited.status, limited.data?.code, limited.headers?.['x-ogw-ratelimit-reset']]).toEqual([429, 99991400, '2']);
    expect(limited.message).toMatch(/status code 429/);
    f.failNext(1, { status: 500 });
    expect((await failure(text(client, 'oc_b', 'b'))).status).toBe(500);
    f.setDown(true, { mode: 'reset' });
    const reset = await failure(text(client, 'oc_b', 'c'));
    expect(reset.status).toBeUndefined();
    expect(reset.code).toBe('ECONNRESET');
    f.setDown(true, { mode: 'http503' });
    expect((await failure(text(client, 'oc_b', 'd'))).status).toBe(503);
    f.setDown(false);
    f.setLatency(60);
    const started = Date.now();
    expect((await text(client, 'oc_b', 'e')).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    f.setLatency(0);
    f.expireAllTokens();
    const expired = await failure(text(client, 'oc_b', 'f'));
    expect([expired.status, expired.data?.code]).toEqual([400, 99991663]);
    expect(f.messages().map((m) => (m.content as { text: string }).text)).toEqual(['e']);
    expect((await failure(text(clientFor(f, 'wrong'), 'oc_b', 'g'))).message).toMatch(/code: 10014/);
  });

  it('enforces 5/s per chat and per user, 50/s and 1000/min per app, on sliding windows', async () => {
    let clock = 1_700_000_000_000;
    const f = await fake({ now: () => clock });
    const client = clientFor(f);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => text(client, 'oc_busy', `m${i}`)));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const chatLimit = await failure(text(client, 'oc_busy', 'again'));
    expect([chatLimit.headers?.['x-ogw-ratelimit-limit'], chatLimit.headers?.['x-ogw-ratelimit-reset']]).toEqual(['5', '1']);
    for (let i = 0; i < 5; i++) await text(client, 'ou_user', `p${i}`, 'open_id');
    expect((await failure(text(client, 'ou_user', 'p5', 'open_id'))).data?.code).toBe(99991400);
    clock += 1000; // the window slides: the chat is free again
    expect((await text(client, 'oc_busy', 'later')).code).toBe(0);

    // 1000/min: 50 distinct chats per second for the rest of the minute, then one more.
    clock += 1000;
    let sent = f.stats().accepted;
    while (sent < 1000) {
      const batch = Math.min(50, 1000 - sent);
      await Promise.all(Array.from({ length: batch }, (_, i) => text(client, `oc_${clock}_${i}`, 'x')));
      sent += batch;
      if (sent < 1000) {
        const appSecond = await failure(text(client, `oc_${clock}_x`, 'x'));
        if (batch === 50) expect(appSecond.headers?.['x-ogw-ratelimit-limit']).toBe('50');
        clock += 1000;
      }
    }
    const minute = await failure(text(client, 'oc_last', 'x'));
    expect(minute.headers?.['x-ogw-ratelimit-limit']).toBe('1000');
    expect(Number(minute.headers?.['x-ogw-ratelimit-reset'])).toBeGreaterThan(1);
    const stats = f.stats();
    expect(stats.maxPerSecondApp).toBe(50);
    expect(stats.maxPerMinuteApp).toBe(1000);
    expect(stats.maxPerSecondByChat.oc_busy).toBe(5);
    expect(stats.maxPerSecondByUser.ou_user).toBe(5);
    expect(stats.accepted).toBe(1000);
    expect(stats.rateLimited).toBe(stats.requests.filter((r) => r.code === 99991400).length);
  });

  it('bot info and contact lookups', async () => {
    const f = await fake();
    const client = clientFor(f);
    f.addUser({ openId: 'ou_zs', name: '张三', mobile: '+8613800000001', email: 'zs@bank.example' });
    expect(await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })).toMatchObject({ code: 0, bot: { open_id: f.botOpenId, app_name: 'Touchstone' } });
    const user = await client.contact.v3.user.get({ path: { user_id: 'ou_zs' }, params: { user_id_type: 'open_id' } });
    expect(user.data?.user).toMatchObject({ open_id: 'ou_zs', name: '张三', mobile: '+8613800000001', email: 'zs@bank.example' });
    expect((await failure(client.contact.v3.user.get({ path: { user_id: 'ou_ghost' }, params: { user_id_type: 'open_id' } }))).data?.code).toBe(41050);
    const ids = await client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { emails: ['zs@bank.example', 'no@bank.example'], mobiles: ['13800000001'] } });
    expect(ids.data?.user_list).toEqual([{ user_id: 'ou_zs', email: 'zs@bank.example' }, { email: 'no@bank.example' }, { user_id: 'ou_zs', mobile: '13800000001' }]);
  });
});

describe('fake Feishu long connection, driven by lark.WSClient', () => {
  it('delivers events, acks card actions with the handler result, answers pings and survives a drop', async () => {
    const f = await fake();
    const received: Array<Record<string, unknown>> = [];
    const dispatcher = new lark.EventDispatcher({ logger: silent, loggerLevel: lark.LoggerLevel.error }).register({
      'im.message.receive_v1': async (data) => { received.push(data as unknown as Record<string, unknown>); },
      'card.action.trigger': async (data: { action: { value: { action: string } } }) => ({ toast: { type: 'success', content: `已记录：${data.action.value.action}` } }),
    });
    const wsClient = new lark.WSClient({ appId: f.appId, appSecret: f.appSecret, domain: f.url, logger: silent, loggerLevel: lark.LoggerLevel.error });
    cleanups.push(() => wsClient.close({ force: true }));
    void wsClient.start({ eventDispatcher: dispatcher });
    await waitFor(() => f.wsConnections() === 1 && f.wsPings() >= 1, 'the WSClient to connect and ping');

    const env = messageEnvelope({ appId: f.appId, token: 'v', chatId: 'oc_b', chatType: 'group', senderOpenId: 'ou_a', text: '@_user_1 查询', mentions: [{ key: '@_user_1', openId: f.botOpenId, name: 'Touchstone' }] });
    expect(await f.pushEvent(env)).toEqual({ code: 200 });
    expect(received[0]).toMatchObject({ event_id: env.header.event_id, event_type: 'im.message.receive_v1', message: { chat_id: 'oc_b', content: JSON.stringify({ text: '@_user_1 查询' }) } });

    const click = cardActionEnvelope({ appId: f.appId, token: 'v', operatorOpenId: 'ou_a', messageId: 'om_1', chatId: 'oc_b', value: { action: 'confirm_fixed' } });
    expect(await f.pushEvent(click)).toEqual({ code: 200, data: { toast: { type: 'success', content: '已记录：confirm_fixed' } } });

    f.dropConnections();
    expect(f.wsConnections()).toBe(0);
    await waitFor(() => f.wsConnections() === 1, 'the WSClient to reconnect');
    expect((await f.pushEvent(messageEnvelope({ appId: f.appId, token: 'v', chatId: 'oc_b', chatType: 'p2p', senderOpenId: 'ou_a', text: 'hi' }))).code).toBe(200);
    expect(received).toHaveLength(2);
  });

  it('answers a raw ping with a pong carrying the client config', async () => {
    const f = await fake({ ws: { pingIntervalSec: 7 } });
    const res = await fetch(`${f.url}/callback/ws/endpoint`, { method: 'POST', body: JSON.stringify({ AppID: f.appId, AppSecret: f.appSecret }) });
    const { data } = (await res.json()) as { data: { URL: string } };
    const sock = new WebSocket(data.URL);
    cleanups.push(() => sock.terminate());
    await new Promise((r) => sock.once('open', r));
    const pong = new Promise<Buffer>((r) => sock.once('message', (b: Buffer) => r(b)));
    sock.send(encodeFrame({ SeqID: 0, LogID: 0, service: 1, method: 0, headers: [{ key: 'type', value: 'ping' }] }));
    const frame = decodeFrame(await pong);
    expect([frame.method, header(frame, 'type')]).toEqual([0, 'pong']);
    expect(JSON.parse(Buffer.from(frame.payload!).toString())).toMatchObject({ PingInterval: 7, ReconnectCount: -1 });
    const bad = await (await fetch(`${f.url}/callback/ws/endpoint`, { method: 'POST', body: JSON.stringify({ AppID: f.appId, AppSecret: 'x' }) })).json();
    expect(bad).toMatchObject({ code: 514 });
  });
});

describe('feishu-events envelopes against lark.EventDispatcher over HTTP', () => {
  it('accepts encrypted, signed envelopes and rejects a tampered signature', async () => {
    const encryptKey = 'test-encrypt-key';
    const seen: string[] = [];
    const dispatcher = new lark.EventDispatcher({ encryptKey, verificationToken: 'vt', logger: silent, loggerLevel: lark.LoggerLevel.error }).register({
      'im.message.receive_v1': async (data: { message: { content: string } }) => { seen.push(data.message.content); return { ok: true }; },
      'card.action.trigger': async () => ({ toast: { type: 'info', content: '处理中' } }),
    });
    const server = http.createServer(lark.adaptDefault('/webhook/event', dispatcher, { autoChallenge: true }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/event`;
    const base = { appId: 'cli_a1b2c3d4e5f60718', token: 'vt' };

    const msg = await postToWebhook(url, messageEnvelope({ ...base, chatId: 'oc_b', chatType: 'p2p', senderOpenId: 'ou_a', text: '你好' }), { encryptKey });
    expect([msg.status, msg.body]).toEqual([200, { ok: true }]);
    expect(seen).toEqual([JSON.stringify({ text: '你好' })]);
    const click = await postToWebhook(url, cardActionEnvelope({ ...base, operatorOpenId: 'ou_a', messageId: 'om_1', chatId: 'oc_b', value: { a: 1 } }), { encryptKey });
    expect(click.body).toEqual({ toast: { type: 'info', content: '处理中' } });
    const tampered = await postToWebhook(url, messageEnvelope({ ...base, chatId: 'oc_b', chatType: 'p2p', senderOpenId: 'ou_a', text: 'x' }), { encryptKey, tamperSignature: true });
    expect([tampered.status, tampered.body]).toEqual([200, '']);
    expect(seen).toHaveLength(1);
    const challenge = await postToWebhook(url, urlVerification({ token: 'vt', challenge: 'ch-1' }), { encryptKey });
    expect(challenge.body).toEqual({ challenge: 'ch-1' });
  });
});
