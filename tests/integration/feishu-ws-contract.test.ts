import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, messageEnvelope } from '../fakes/feishu/feishu-events.ts';
import { buttonsOf, cardTitle, HEAD, startFeishuBank, TELLER, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/**
 * The long connection as Feishu really uses it: events whose envelope carries `"token": ""`
 * (the connection was authenticated when it opened), card callbacks arriving as `type: card`
 * frames, and a half-open socket that only a liveness watchdog notices.
 */
describe('Feishu long connection, per Feishu’s contract', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  let seq = 0;
  const id = (prefix: string) => `${prefix}_wsc_${++seq}_${Date.now()}`;

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'ws', ws: { pingIntervalSec: 2, reconnectIntervalSec: 1 }, env: { FEISHU_PING_TIMEOUT_SECONDS: '1' } }));
    await vi.waitFor(() => expect(fake.wsConnections()).toBe(1), { timeout: 10_000 });
    // The server sees the socket before the SDK's client has marked itself connected and listening.
    await vi.waitFor(() => expect(app.server.bot.feishu!.connected()).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(fake.wsPings()).toBeGreaterThan(0), { timeout: 10_000 });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('answers a message whose long-connection envelope has an empty token', async () => {
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_wsc_p2p', HEAD.openId);
    const ack = await fake.pushEvent(messageEnvelope({ appId: fake.appId, token: '', createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_wsc_p2p', chatType: 'p2p', senderOpenId: HEAD.openId, text: '帮助' }));
    expect(ack.code).toBe(200);
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).map(cardTitle)).toEqual(['Touchstone 助手']);
  });

  it('the command reply carries a uuid, so a retried reply posts once', async () => {
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_wsc_p2p', HEAD.openId);
    await fake.pushEvent(messageEnvelope({ appId: fake.appId, token: '', createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_wsc_p2p', chatType: 'p2p', senderOpenId: HEAD.openId, text: '我是谁' }));
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).length).toBe(1);
    expect(fake.messages().find((m) => m.replyTo === messageId)!.uuid).toMatch(/^[\w:-]{1,50}$/);
  });

  it('answers a card click delivered as a `type: card` frame, with the ack on that frame', async () => {
    const messageId = id('om_in');
    // A teller nominates a colleague: the review card goes to their branch head (never the nominator).
    await app.db.sql`insert into staff (code, name, role, branch_id, feishu_open_id) select 'S000004', '张伟', 'teller', id, 'ou_zhang' from branches where code = 'BJ0101'`;
    fake.recordUserMessage(messageId, 'oc_wsc_teller', TELLER.openId);
    await fake.pushEvent(messageEnvelope({
      appId: fake.appId, token: '', createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_wsc_teller', chatType: 'p2p',
      senderOpenId: TELLER.openId, text: '提名 @_user_1 主动为排队客户讲解自助设备', mentions: [{ key: '@_user_1', openId: 'ou_zhang', name: '张伟' }],
    }));
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批').length, { timeout: 5000 }).toBe(1);
    const card = fake.messages().find((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批')!;
    const approve = buttonsOf(card).find((b) => b.label === '通过')!;
    const ack = await fake.pushEvent(
      cardActionEnvelope({ appId: fake.appId, token: '', eventId: id('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId, value: approve.value, fake }),
      { frameType: 'card' },
    );
    expect(ack.code).toBe(200);
    expect((ack.data as { card: { data: { header: { title: { content: string } } } } }).card.data.header.title.content).toBe('服务明星提名 · 已通过');
    expect(await app.db.sql`select status from nominations`).toEqual([{ status: 'approved' }]);
  });

  it('reopens a half-open connection: pings go unanswered, the watchdog reconnects', async () => {
    const before = fake.stats().requests.filter((r) => r.path === '/callback/ws/endpoint').length;
    fake.setWsSilent(true);
    await expect.poll(() => fake.stats().requests.filter((r) => r.path === '/callback/ws/endpoint').length, { timeout: 20_000, interval: 200 }).toBeGreaterThan(before);
    fake.setWsSilent(false);
    await expect.poll(() => fake.wsConnections(), { timeout: 10_000 }).toBe(1);
  }, 30_000);
});
