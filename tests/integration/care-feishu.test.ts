import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeFeishu, FakeMessage } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, messageEnvelope, postToWebhook } from '../fakes/feishu/feishu-events.ts';
import { generateCareTasks } from '../../server/domains/care/index.ts';
import { bankDay } from '../../server/platform/bank-time.ts';
import { buttonsOf, cardTitle, ENCRYPT_KEY, startFeishuBank, TELLER, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/**
 * The morning care list through the outbox to the branch's Feishu group (real SDK, fake Open API):
 * an account manager ticks a greeting off from the group card (电话), the card is redrawn in place;
 * 关怀 lists what is left; 跳过 asks for a reason and records it.
 */
describe('customer care in Feishu', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${++seq}_${Date.now()}`;
  const post = (envelope: object) => postToWebhook(`${app.url}/feishu/events`, envelope, { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock.now().getTime() / 1000) });
  const click = (openId: string, card: FakeMessage, value: Record<string, unknown>) =>
    post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: openId, messageId: card.messageId, chatId: card.chatId, value, fake }));
  const groupCards = () => fake.messages().filter((m) => m.receiveId === 'oc_bj_group' && (cardTitle(m) ?? '').startsWith('今日客户关怀'));
  const status = (code: string) => app.db.sql`select t.status, t.done_via, t.skip_reason from care_tasks t join customers c on c.id = t.customer_id where c.code = ${code}`;

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'webhook' }));
    const today = bankDay(clock.now(), 'Asia/Shanghai');
    const [month, day] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
    // Two gold customers (lead 0) born today, greeted by the teller as their account manager.
    for (const [code, name] of [['CX1', '张三明'], ['CX2', '李四光']] as const) {
      await app.db.sql`insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
        select ${code}, ${name}, b.id, (select id from staff where code = ${TELLER.code}), 'gold', 'solar', ${month}, ${day} from branches b where b.code = 'BJ0101'`;
    }
    await app.db.sql`insert into chat_bindings (branch_id, purpose, channel, chat_id, created_at) select id, 'alerts', 'feishu', 'oc_bj_group', now() from branches where code = 'BJ0101'`;
    expect((await generateCareTasks(app.server.care, today, { actor: 'test', post: true })).created).toBe(2);
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('posts the list to the branch group, names masked, with 电话 / 短信 / 上门 / 跳过 per task', async () => {
    await expect.poll(() => groupCards().length, { timeout: 8000 }).toBe(1);
    const card = groupCards()[0]!;
    expect(cardTitle(card)).toMatch(/^今日客户关怀 · 北京朝阳建国路网点 · \d+月\d+日（已处理 0\/2）$/);
    const text = JSON.stringify(card.content);
    expect(text).toContain(TELLER.name);
    expect(text).not.toContain('张三明');
    expect(text).toContain('生日快乐');
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['电话', '短信', '上门', '跳过', '电话', '短信', '上门', '跳过']);
  });

  it('电话 from the group card marks the task done and redraws the card in place', async () => {
    const card = groupCards()[0]!;
    const phone = buttonsOf(card).find((b) => b.label === '电话')!;
    const result = await click(TELLER.openId, card, phone.value);
    expect(result.status).toBe(200);
    const answer = result.body as { card: { data: unknown } };
    expect(JSON.stringify(answer.card.data)).toContain('已电话问候');
    expect(JSON.stringify(answer.card.data)).toContain('已处理 1/2');
    const done = await app.db.sql`select c.code, t.status, t.done_via from care_tasks t join customers c on c.id = t.customer_id where t.id = ${Number(phone.value.id)}`;
    expect(done).toEqual([{ code: expect.stringMatching(/^CX[12]$/), status: 'done', doneVia: 'phone' }]);
    expect(await app.db.sql`select actor, channel from audit_log where action = 'care.done'`).toEqual([{ actor: `staff:${TELLER.code}`, channel: 'bot' }]);
    // The outbox redraws the posted card too (Feishu PATCH on the same message).
    await expect.poll(() => card.updates.some((u) => JSON.stringify(u.content).includes('已处理 1/2')), { timeout: 8000 }).toBe(true);
  });

  it('关怀 lists my open tasks; 跳过 asks for a reason and records it', async () => {
    const messageId = nextId('om_in');
    fake.recordUserMessage(messageId, `oc_p2p_${TELLER.openId}`, TELLER.openId);
    await post(messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: nextId('ev'), messageId, chatId: `oc_p2p_${TELLER.openId}`, chatType: 'p2p', senderOpenId: TELLER.openId, text: '关怀' }));
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).length, { timeout: 5000 }).toBe(1);
    const list = fake.messages().find((m) => m.replyTo === messageId)!;
    expect(cardTitle(list)).toBe('我的客户关怀（1）');
    const skip = buttonsOf(list).find((b) => b.label === '跳过')!;
    const asked = await click(TELLER.openId, list, skip.value);
    expect(asked.status).toBe(200);
    await expect.poll(() => fake.messages().filter((m) => (cardTitle(m) ?? '').startsWith('跳过：')).length, { timeout: 5000 }).toBe(1);
    const reasons = fake.messages().find((m) => (cardTitle(m) ?? '').startsWith('跳过：'))!;
    expect(buttonsOf(reasons).map((b) => b.label)).toEqual(['联系不上', '客户婉拒', '已另行问候', '资料有误', '其他']);
    const declined = buttonsOf(reasons).find((b) => b.label === '客户婉拒')!;
    const result = await click(TELLER.openId, reasons, declined.value);
    expect(JSON.stringify((result.body as { card: { data: unknown } }).card.data)).toContain('已跳过：客户婉拒');
    const rows = await app.db.sql`select t.status, t.skip_reason from care_tasks t where t.id = ${Number(declined.value.id)}`;
    expect(rows).toEqual([{ status: 'skipped', skipReason: 'declined' }]);
    await expect.poll(() => groupCards()[0]!.updates.some((u) => JSON.stringify(u.content).includes('已处理 2/2')), { timeout: 8000 }).toBe(true);
  });
});
