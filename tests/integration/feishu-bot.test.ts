import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, messageEnvelope, postToWebhook, urlVerification } from '../fakes/feishu/feishu-events.ts';
import {
  buttonsOf, captureLogs, cardTitle, ENCRYPT_KEY, HEAD, startFeishuBank, TELLER, textOf, VERIFICATION_TOKEN,
} from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

/** The bot over Feishu's webhook, through the real SDK client against the fake Open API. */
describe('Feishu bot over the webhook', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  const logs = captureLogs();
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${++seq}_${Date.now()}`;
  const webhook = () => `${app.url}/feishu/events`;
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const post = (envelope: object, extra: Parameters<typeof postToWebhook>[2] = {}) =>
    postToWebhook(webhook(), envelope, { encryptKey: ENCRYPT_KEY, timestamp: now(), ...extra });
  /** A p2p text from someone; resolves with the bot's reply once it arrives at the fake. */
  async function say(openId: string, text: string, extra: Partial<Parameters<typeof messageEnvelope>[0]> = {}) {
    const messageId = nextId('om_in');
    const chatId = extra.chatId ?? `oc_p2p_${openId}`;
    fake.recordUserMessage(messageId, chatId, openId);
    const result = await post(messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: nextId('ev'), messageId, chatId, chatType: 'p2p', senderOpenId: openId, text, ...extra }));
    expect(result.status).toBe(200);
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).length, { timeout: 5000 }).toBeGreaterThan(0);
    return fake.messages().filter((m) => m.replyTo === messageId);
  }

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'webhook', logger: logs.logger }));
    // For nominations: a second teller and the 北京分行 region manager, both on Feishu.
    await app.db.sql`insert into staff (code, name, role, branch_id, feishu_open_id) select 'S000004', '张伟', 'teller', id, 'ou_zhang' from branches where code = 'BJ0101'`;
    await app.db.sql`insert into staff (code, name, role, region_id, feishu_open_id) select 'S000020', '刘分行', 'region_manager', id, 'ou_rm' from regions where code = 'BJ'`;
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('answers url verification with the challenge', async () => {
    const result = await post(urlVerification({ token: VERIFICATION_TOKEN, challenge: 'ch-123' }));
    expect(result).toMatchObject({ status: 200, body: { challenge: 'ch-123' } });
  });

  it.each([
    ['a bad signature', { tamperSignature: true }, 'bad_signature'],
    ['a wrong verification token', { verificationToken: 'forged' }, 'bad_token'],
    ['a replayed (old) timestamp', { timestampOffset: -3600 }, 'stale_timestamp'],
    ['an undecryptable body', { rawBody: JSON.stringify({ encrypt: 'bm90IGEgY2lwaGVydGV4dCBhdCBhbGwgMTIzNDU2Nzg5MA==' }) }, 'undecryptable'],
  ])('refuses %s, acts on nothing and logs why without the message text', async (_name, variant, reason) => {
    const before = fake.messages().length;
    const { timestampOffset, ...opts } = variant as { timestampOffset?: number } & Record<string, unknown>;
    const text = '提名 @李晓梅 客户张三明电话13812345678';
    const envelope = messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: nextId('ev'), messageId: nextId('om_in'), chatId: 'oc_p2p_x', chatType: 'p2p', senderOpenId: HEAD.openId, text });
    const result = await post(envelope, { ...opts, timestamp: now() + (timestampOffset ?? 0) });
    expect(result.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messages().length).toBe(before);
    expect(logs.lines.some((l) => l.msg === 'feishu event refused' && l.reason === reason)).toBe(true);
    expect(logs.text()).not.toContain('13812345678');
    expect(logs.text()).not.toContain('张三明');
  });

  it('handles a redelivered event once', async () => {
    const eventId = nextId('ev');
    const messageId = nextId('om_in');
    fake.recordUserMessage(messageId, 'oc_p2p_dup', HEAD.openId);
    const envelope = messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId, messageId, chatId: 'oc_p2p_dup', chatType: 'p2p', senderOpenId: HEAD.openId, text: '帮助' });
    expect((await post(envelope)).status).toBe(200);
    expect((await post(envelope)).status).toBe(200); // Feishu retries after 3 s without an answer
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === messageId).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messages().filter((m) => m.replyTo === messageId)).toHaveLength(1);
    expect(await app.db.sql`select 1 from bot_inbox where key = ${`feishu:event:${eventId}`}`).toHaveLength(1);
  });

  it('answers 帮助, 我是谁 and anything unknown with cards, in Chinese', async () => {
    expect(cardTitle((await say(HEAD.openId, '帮助'))[0]!)).toBe('Touchstone 助手');
    const me = (await say(HEAD.openId, '我是谁'))[0]!;
    expect(cardTitle(me)).toBe('我的信息');
    expect(JSON.stringify(me.content)).toContain('北京朝阳建国路网点');
    expect(cardTitle((await say(HEAD.openId, '今天天气怎么样'))[0]!)).toBe('Touchstone 助手');
  });

  it('answers 指标 with the branch head’s own branch KPIs, and kpi in English', async () => {
    expect(cardTitle((await say(HEAD.openId, '指标'))[0]!)).toBe('北京朝阳建国路网点 · 今日指标');
    expect(cardTitle((await say(HEAD.openId, 'kpi'))[0]!)).toBe('北京朝阳建国路网点 · today');
    expect(textOf((await say(HEAD.openId, '指标 ZZ9999'))[0]!)).toContain('找不到该网点');
  });

  it('refuses 指标 to a teller (no KPI permission) and an unknown person politely', async () => {
    expect(textOf((await say(TELLER.openId, '指标'))[0]!)).toContain('权限');
    expect(textOf((await say('ou_stranger', '帮助'))[0]!)).toContain('尚未关联有效的员工信息');
  });

  it('links an unknown open_id to staff once through the contact API (by mobile)', async () => {
    await app.db.sql`update staff set feishu_open_id = null where code = ${TELLER.code}`;
    fake.addUser({ openId: 'ou_teller_new', name: TELLER.name, mobile: '+86 13800000002' });
    expect(cardTitle((await say('ou_teller_new', '我是谁'))[0]!)).toBe('我的信息');
    expect(await app.db.sql`select feishu_open_id from staff where code = ${TELLER.code}`).toEqual([{ feishuOpenId: 'ou_teller_new' }]);
    await app.db.sql`update staff set feishu_open_id = ${TELLER.openId} where code = ${TELLER.code}`;
  });

  it('in a group answers only when @mentioned', async () => {
    const quietId = nextId('om_in');
    await post(messageEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, createTime: clock.now().getTime(), eventId: nextId('ev'), messageId: quietId, chatId: 'oc_group', chatType: 'group', senderOpenId: HEAD.openId, text: '帮助' }));
    const replies = await say(HEAD.openId, '@_user_1 帮助', { chatId: 'oc_group', chatType: 'group', mentions: [{ key: '@_user_1', openId: fake.botOpenId, name: 'Touchstone' }] });
    expect(cardTitle(replies[0]!)).toBe('Touchstone 助手');
    expect(fake.messages().filter((m) => m.replyTo === quietId)).toHaveLength(0);
  });

  it('提名 @同事 @同事 in one message: each checked on its own, the bot\'s mention ignored, a non-staff mention refused by name; the right approver decides from the card', async () => {
    const recorded = await say(TELLER.openId, '@_user_1 提名 @_user_2 @_user_3 @_user_4 耐心帮助老年客户办理社保业务', {
      chatId: 'oc_branch_group', chatType: 'group',
      mentions: [
        { key: '@_user_1', openId: fake.botOpenId, name: 'Touchstone' }, { key: '@_user_2', openId: 'ou_zhang', name: '张伟' },
        { key: '@_user_3', openId: HEAD.openId, name: HEAD.name }, { key: '@_user_4', openId: 'ou_guest', name: '访客' },
      ],
    });
    await expect.poll(() => fake.messages().filter((m) => m.replyTo === recorded[0]!.replyTo).length, { timeout: 5000 }).toBe(3);
    const replies = fake.messages().filter((m) => m.replyTo === recorded[0]!.replyTo);
    expect(replies.map((m) => cardTitle(m) ?? textOf(m)?.split('\n')[0])).toEqual(['提名已记录', '提名已记录', '访客 不是本行在职员工，不能被提名（规则：只能提名本行在职员工）。']);
    // 张伟's nomination goes to the head; the head's own to the region manager (never the nominee or nominator).
    expect(JSON.stringify(replies[0]!.content)).toContain(`已提交 ${HEAD.name} 审批`);
    expect(JSON.stringify(replies[1]!.content)).toContain('已提交 刘分行 审批');

    await expect.poll(() => fake.messages().filter((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批').length, { timeout: 5000 }).toBe(1);
    const card = fake.messages().find((m) => m.receiveId === HEAD.openId && cardTitle(m) === '服务明星提名待审批')!;
    expect(JSON.stringify(card.content)).toContain('本月办理 0 笔');
    const approve = buttonsOf(card).find((b) => b.label === '通过')!;
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['通过', '驳回']);
    expect(approve.value).toMatchObject({ action: 'nomination.approve', branch: 'BJ0101' });

    const click = await post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId, value: approve.value, fake }));
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    const answer = click.body as { toast: { type: string }; card: { type: string; data: { header: { title: { content: string } } } } };
    expect(answer.toast.type).toBe('success');
    expect(answer.card.type).toBe('raw');
    expect(answer.card.data.header.title.content).toBe('服务明星提名 · 已通过');
    expect(JSON.stringify(answer.card.data)).toContain(`**${HEAD.name}** 已于`);
    expect(JSON.stringify(answer.card.data)).not.toContain('nomination.approve');
    expect(await app.db.sql`select status from nominations n join staff s on s.id = n.nominee_id where s.code = 'S000004'`).toEqual([{ status: 'approved' }]);
    expect(await app.db.sql`select channel, actor, summary->>'decision' as decision from audit_log where action = 'nominations.decide'`).toEqual([{ channel: 'bot', actor: `staff:${HEAD.code}`, decision: 'approved' }]);
    // The sent card itself is patched too; the nominator and the nominee are told.
    await expect.poll(() => fake.messages().find((m) => m.messageId === card.messageId)!.updates.length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === TELLER.openId && cardTitle(m) === '服务明星提名 · 已通过').length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === 'ou_zhang' && JSON.stringify(m.content).includes('提名您为服务明星')).length, { timeout: 5000 }).toBe(1);

    // A click on the old card (decided already) answers with the current state, and changes nothing.
    const again = await post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId, value: { ...approve.value, action: 'nomination.reject' }, fake }));
    expect(JSON.stringify((again.body as { card: unknown }).card)).toContain('此提名已在别处处理');
    expect(await app.db.sql`select status from nominations where status = 'rejected'`).toHaveLength(0);
  });

  it('驳回 asks for a reason; the region manager\'s follow-up rejects with it, redraws the card and tells the nominator', async () => {
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === 'ou_rm' && cardTitle(m) === '服务明星提名待审批').length, { timeout: 5000 }).toBe(1);
    const card = fake.messages().find((m) => m.receiveId === 'ou_rm' && cardTitle(m) === '服务明星提名待审批')!;
    const reject = buttonsOf(card).find((b) => b.label === '驳回')!;
    const click = await post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: 'ou_rm', messageId: card.messageId, chatId: card.chatId, value: reject.value, fake }));
    expect(click.status).toBe(200);
    const id = Number(reject.value.id);
    await expect.poll(() => fake.messages().filter((m) => m.chatId === card.chatId && textOf(m)?.startsWith(`驳回须写明理由`)).length, { timeout: 5000 }).toBe(1);
    expect(await app.db.sql`select status from nominations where id = ${id}`).toEqual([{ status: 'pending' }]);
    const [decided] = await say('ou_rm', `驳回 ${id} 事迹需要更具体的客户反馈`);
    expect(cardTitle(decided!)).toBe('服务明星提名 · 已驳回');
    expect(JSON.stringify(decided!.content)).toContain('事迹需要更具体的客户反馈');
    expect(await app.db.sql`select status, decision_reason from nominations where id = ${id}`).toEqual([{ status: 'rejected', decisionReason: '事迹需要更具体的客户反馈' }]);
    await expect.poll(() => fake.messages().find((m) => m.messageId === card.messageId)!.updates.length, { timeout: 5000 }).toBe(1);
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === TELLER.openId && cardTitle(m) === '服务明星提名 · 已驳回').length, { timeout: 5000 }).toBe(1);
  });

  it('refuses a card click from someone outside the branch', async () => {
    const [n] = await app.db.sql<{ id: string }[]>`select id from nominations order by id limit 1`;
    const result = await post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: TELLER.openId, messageId: 'om_any', chatId: 'oc_any', value: { action: 'nomination.approve', id: Number(n!.id), branch: 'BJ0101' }, fake }));
    expect(JSON.stringify(result.body)).toContain('权限');
  });

  it('我的任务 lists what waits for the head, with buttons', async () => {
    const [card] = await say(HEAD.openId, '我的任务');
    expect(cardTitle(card!)).toMatch(/^我的任务（\d+）$/);
  });

  it('a complaint near its deadline alerts the branch head; 认领 in Feishu claims it and every card updates in place', async () => {
    const admin = await app.admin();
    const key = (await (await admin.post('/api-keys', { name: '客服热线', scope: 'bank', eventTypes: ['complaint.received'] })).json()).secret;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(clock.now());
    const received = new Date(Date.parse(`${today}T09:00:00+08:00`) - 15 * 86_400_000).toISOString(); // due tonight
    const intake = await fetch(`${app.url}/api/v1/complaints`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'HL-feishu-1', branch: 'BJ0101', receivedAt: received, channel: 'regulator', category: 'fees', complainant: { name: '张三明', phone: '13812345678' }, summary: '多收手续费' }),
    });
    const complaint = await intake.json();
    expect(complaint.clockState).toBe('due_soon');
    const alertCards = () => fake.messages().filter((m) => m.receiveId === HEAD.openId && (cardTitle(m) ?? '').includes(complaint.reference));
    await expect.poll(() => alertCards().length, { timeout: 8000 }).toBe(2); // the 72 h and the 24 h steps
    const card = alertCards()[0]!;
    expect(cardTitle(card)).toBe(`投诉即将到期 · ${complaint.reference}`);
    expect(JSON.stringify(card.content)).toContain('张&#42;明'); // a field value: escaped as an HTML entity (Feishu card markdown)
    expect(JSON.stringify(card.content)).not.toContain('13812345678');
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['认领', '已联系客户', '申请延期']);

    const claim = buttonsOf(card).find((b) => b.label === '认领')!;
    const click = await post(cardActionEnvelope({ appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId, value: claim.value, fake }));
    const answer = click.body as { card: { data: unknown } };
    expect(JSON.stringify(answer.card.data)).toContain(`已认领（${HEAD.name}）`);
    expect(JSON.stringify(answer.card.data)).not.toContain('"认领"');
    expect(await app.db.sql`select c.status, s.code as handler from complaints c join staff s on s.id = c.handler_id where c.id = ${complaint.id}`).toEqual([{ status: 'claimed', handler: HEAD.code }]);
    expect(await app.db.sql`select channel, actor from complaint_events where complaint_id = ${complaint.id} and kind = 'claimed'`).toEqual([{ channel: 'bot', actor: `staff:${HEAD.code}` }]);
    // Both cards sent about the complaint are redrawn (Feishu PATCH), the clicked one included.
    await expect.poll(() => alertCards().every((m) => m.updates.some((u) => JSON.stringify(u.content).includes('已认领'))), { timeout: 8000 }).toBe(true);

    // 投诉 lists it, soonest due first.
    const [list] = await say(HEAD.openId, '投诉');
    expect(cardTitle(list!)).toMatch(/^未办结投诉（\d+）$/);
    expect(JSON.stringify(list!.content)).toContain(complaint.reference);
  });

  it('登记投诉 registers a walk-in complaint from the chat, masked in the reply', async () => {
    const [reply] = await say(HEAD.openId, '登记投诉 李四光 13987654321 排队叫号系统故障等候一个多小时');
    expect(cardTitle(reply!)).toMatch(/^投诉待处理 · TS-\d{4}-\d{6}$/);
    expect(JSON.stringify(reply!.content)).toContain('李&#42;光');
    expect(JSON.stringify(reply!.content)).not.toContain('13987654321');
    expect(await app.db.sql`select source, channel, complainant_phone from complaints where complainant_name = '李四光'`).toEqual([{ source: 'bot:S000001', channel: 'counter', complainantPhone: '13987654321' }]);
  });
});
