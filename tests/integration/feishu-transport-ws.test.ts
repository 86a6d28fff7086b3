import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, messageEnvelope } from '../fakes/feishu/feishu-events.ts';
import { buttonsOf, cardTitle, HEAD, startFeishuBank, TELLER, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/** The same bot over the long connection: the SDK's WSClient against the fake's gateway. */
describe('Feishu bot over the long connection', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  let seq = 0;
  const id = (prefix: string) => `${prefix}_ws_${++seq}_${Date.now()}`;

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'ws' }));
    // A second teller to nominate (the rules route a head's own nomination above the branch).
    await app.db.sql`insert into staff (code, name, role, branch_id, feishu_open_id) select 'S000004', '张伟', 'teller', id, 'ou_zhang' from branches where code = 'BJ0101'`;
    await vi.waitFor(() => expect(fake.wsConnections()).toBe(1), { timeout: 10_000 });
    // The server sees the socket before the SDK's client has marked itself connected and listening.
    await vi.waitFor(() => expect(app.server.bot.feishu!.connected()).toBe(true), { timeout: 10_000 });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('is connected, has no webhook route, and answers a message pushed down the connection', async () => {
    expect(app.server.bot.feishu!.connected()).toBe(true);
    expect((await fetch(`${app.url}/feishu/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_ws_p2p', HEAD.openId);
    const ack = await fake.pushEvent(messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_ws_p2p', chatType: 'p2p', senderOpenId: HEAD.openId, text: '帮助' }));
    expect(ack.code).toBe(200);
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).map(cardTitle)).toEqual(['Touchstone 助手']);
  });

  it('ignores an event with another app’s verification token', async () => {
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_ws_p2p', HEAD.openId);
    await fake.pushEvent(messageEnvelope({ appId: fake.appId, token: 'someone-else', createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_ws_p2p', chatType: 'p2p', senderOpenId: HEAD.openId, text: '帮助' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messages().filter((m) => m.replyTo === messageId)).toHaveLength(0);
  });

  it('round-trips a card click: the ack carries the updated card, and the decision is recorded', async () => {
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_ws_p2p_teller', TELLER.openId);
    await fake.pushEvent(messageEnvelope({
      appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_ws_p2p_teller', chatType: 'p2p',
      senderOpenId: TELLER.openId, text: '提名 @_user_1 主动为排队客户讲解自助设备', mentions: [{ key: '@_user_1', openId: 'ou_zhang', name: '张伟' }],
    }));
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批').length, { timeout: 5000 }).toBe(1);
    const card = fake.messages().find((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批')!;
    const approve = buttonsOf(card).find((b) => b.label === '通过')!;
    const ack = await fake.pushEvent(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: id('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId, value: approve.value, fake }));
    expect(ack.code).toBe(200);
    const answer = ack.data as { toast: { type: string }; card: { data: { header: { title: { content: string } } } } };
    expect(answer.toast.type).toBe('success');
    expect(answer.card.data.header.title.content).toBe('服务明星提名 · 已通过');
    expect(await app.db.sql`select status from nominations`).toEqual([{ status: 'approved' }]);
  });

  it('reconnects after the connection drops and keeps answering', async () => {
    fake.dropConnections();
    await expect.poll(() => fake.wsConnections(), { timeout: 10_000 }).toBe(1);
    const messageId = id('om_in');
    fake.recordUserMessage(messageId, 'oc_ws_p2p', HEAD.openId);
    const ack = await fake.pushEvent(messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: id('ev'), messageId, chatId: 'oc_ws_p2p', chatType: 'p2p', senderOpenId: HEAD.openId, text: '我是谁' }));
    expect(ack.code).toBe(200);
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).map(cardTitle)).toEqual(['我的信息']);
  });
});
