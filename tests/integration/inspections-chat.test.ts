import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../server/contract/payloads/chat.ts';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import type { FakeFeishu, FakeMessage } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, postToWebhook } from '../fakes/feishu/feishu-events.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { buttonsOf, cardTitle, ENCRYPT_KEY, HEAD, startFeishuBank, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

const INSPECTOR = { code: 'S000040', openId: 'ou_inspector' };
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
const failed = (id: string, visitedAt: Date) => ({
  id, branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(visitedAt.getTime() - 3_600_000).toISOString(),
  results: ITEMS.map((i) => (i.code === 'ENV07' ? { item: i.code, points: 0, reason: '灭火器过期' } : i.code === 'ATT02' ? { item: i.code, points: 3, reason: '未起身迎候' } : { item: i.code, points: i.maxPoints })),
});
const addInspector = async (app: TestServer) => {
  await app.db.sql`insert into staff (code, name, role, region_id, active, feishu_open_id) select ${INSPECTOR.code}, '孙检查', 'inspector', id, true, ${INSPECTOR.openId} from regions where code = 'BJ'`;
  await createUser(app.db, { username: 'inspector', role: 'inspector', scope: 'region:BJ', staffCode: INSPECTOR.code });
  return login(app.url, 'inspector');
};
const statusOf = async (app: TestServer, item: string) =>
  (await app.db.sql<Array<{ status: string; dueAt: Date; fixedNote: string | null }>>`select status, due_at, fixed_note from rectifications where item_code = ${item}`)[0]!;

describe('rectifications in Feishu, through the fake Open API', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  let inspector: Client;
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${++seq}_${Date.now()}`;
  const click = (operatorOpenId: string, card: FakeMessage, value: Record<string, unknown>, formValue?: Record<string, string>) =>
    postToWebhook(`${app.url}/feishu/events`, cardActionEnvelope({
      appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId, messageId: card.messageId, chatId: card.chatId, value, fake,
      ...(formValue ? { formValue, buttonName: 'submit' } : {}),
    }), { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock.now().getTime() / 1000) });
  const button = (content: unknown, label: string) => buttonsOf({ content } as FakeMessage).find((b) => b.label === label)!;
  const cardsTo = (openId: string, titlePart: string) => fake.messages().filter((m) => m.receiveId === openId && (cardTitle(m) ?? '').includes(titlePart));

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'webhook' }));
    inspector = await addInspector(app);
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('a failed inspection sends the branch head the findings card, red lines first, and one card per rectification', async () => {
    expect((await inspector.post('/inspections', failed('F-1', clock.now()))).status).toBe(201);
    await expect.poll(() => fake.messages().filter((m) => m.receiveId === HEAD.openId).length, { timeout: 8000 }).toBe(3);
    const [findings] = cardsTo(HEAD.openId, '检查未通过');
    expect(cardTitle(findings!)).toMatch(/^检查未通过 · 北京朝阳建国路网点 \d+(\.\d)? 分$/);
    const text = JSON.stringify(findings!.content);
    expect(text.indexOf('ENV07')).toBeLessThan(text.indexOf('ATT02'));
    expect(text).toContain('存在红线项扣分');
    expect(cardsTo(HEAD.openId, 'ENV07')).toHaveLength(1);
    expect(cardTitle(cardsTo(HEAD.openId, 'ENV07')[0]!)).toBe('【红线】整改通知 · ENV07 消防及安防设施完好');
  });

  it('已整改 opens a note form; 提交 with the note marks it fixed; the inspector’s 通过 verifies it and every card is redrawn', async () => {
    const card = cardsTo(HEAD.openId, 'ENV07')[0]!;
    const opened = await click(HEAD.openId, card, button(card.content, '已整改').value);
    const formCard = (opened.body as { card: { data: unknown } }).card.data;
    const form = JSON.stringify(formCard);
    expect(form).toContain('"tag":"form"');
    expect(form).toContain('"name":"note"');
    const submit = button(formCard, '提交');
    expect(submit.value).toMatchObject({ action: 'rectification.fix' });
    const answered = await click(HEAD.openId, card, submit.value, { note: '已更换灭火器并登记' });
    expect(JSON.stringify(answered.body)).toContain('整改待验收');
    expect(await statusOf(app, 'ENV07')).toMatchObject({ status: 'fixed', fixedNote: '已更换灭火器并登记' });
    expect(await app.db.sql`select channel, actor from audit_log where action = 'rectifications.fix'`).toEqual([{ channel: 'bot', actor: `staff:${HEAD.code}` }]);

    await expect.poll(() => cardsTo(INSPECTOR.openId, 'ENV07').length, { timeout: 8000 }).toBe(1);
    const toVerify = cardsTo(INSPECTOR.openId, 'ENV07')[0]!;
    expect(cardTitle(toVerify)).toBe('整改待验收 · ENV07 消防及安防设施完好');
    expect(buttonsOf(toVerify).map((b) => b.label)).toEqual(expect.arrayContaining(['通过', '退回']));
    const verified = await click(INSPECTOR.openId, toVerify, button(toVerify.content, '通过').value);
    expect(JSON.stringify(verified.body)).toContain('整改已验收');
    expect((await statusOf(app, 'ENV07')).status).toBe('verified');
    // The head's card was redrawn too: its last update shows the verification.
    await expect.poll(() => cardTitle({ content: card.updates.at(-1)?.content ?? fake.messages().find((m) => m.messageId === card.messageId)!.updates.at(-1)?.content } as FakeMessage), { timeout: 8000 })
      .toBe('整改已验收 · ENV07 消防及安防设施完好');
  });

  it('退回 with a reason reopens it with a new due date', async () => {
    const card = cardsTo(HEAD.openId, 'ATT02')[0]!;
    const formCard = (await click(HEAD.openId, card, button(card.content, '已整改').value)).body as { card: { data: unknown } };
    await click(HEAD.openId, card, button(formCard.card.data, '提交').value, { note: '已培训迎候礼仪' });
    const dueBefore = (await statusOf(app, 'ATT02')).dueAt;
    await expect.poll(() => cardsTo(INSPECTOR.openId, 'ATT02').length, { timeout: 8000 }).toBe(1);
    const toVerify = cardsTo(INSPECTOR.openId, 'ATT02')[0]!;
    const rejectForm = (await click(INSPECTOR.openId, toVerify, button(toVerify.content, '退回').value)).body as { card: { data: unknown } };
    expect(JSON.stringify(rejectForm.card.data)).toContain('"name":"reason"');
    // An empty reason keeps the form open and says what is missing.
    const empty = await click(INSPECTOR.openId, toVerify, button(rejectForm.card.data, '提交').value, { reason: ' ' });
    expect(JSON.stringify(empty.body)).toContain('请填写退回理由');
    expect((await statusOf(app, 'ATT02')).status).toBe('fixed');
    const rejected = await click(INSPECTOR.openId, toVerify, button(rejectForm.card.data, '提交').value, { reason: '未见培训记录' });
    expect(JSON.stringify(rejected.body)).toContain('已退回');
    const after = await statusOf(app, 'ATT02');
    expect(after.status).toBe('reopened');
    // Counted again from the rejection (5 working days on): never earlier than the first due date.
    expect(after.dueAt.getTime()).toBeGreaterThanOrEqual(dueBefore.getTime());
    expect(after.dueAt.getTime()).toBeGreaterThan(clock.now().getTime() + 4 * 86_400_000);
  });

  it('refuses 通过 from the branch head (only inspectors verify)', async () => {
    const card = cardsTo(HEAD.openId, 'ATT02')[0]!;
    const refused = await click(HEAD.openId, card, { action: 'rectification.verify', id: (await app.db.sql`select id from rectifications where item_code = 'ATT02'`)[0]!.id, branch: 'BJ0101', version: 1 });
    expect(JSON.stringify(refused.body)).toContain('权限');
    expect((await statusOf(app, 'ATT02')).status).toBe('reopened');
  });
});

describe('rectifications in the console chat (/chat)', () => {
  let app: TestServer;
  const isCard = (part: string) => (m: ChatMessage) => m.from === 'bot' && m.message.kind === 'card' && m.message.card.title.includes(part);
  const elementsOf = (m: ChatMessage) => (m.message.kind === 'card' ? m.message.card.elements : []);

  beforeAll(async () => {
    app = await startTestServer({ seed: async (db) => void (await seedSmallBank(db.sql)) });
  });
  afterAll(() => app?.close());

  it('已整改 with a note → fixed → 通过 → verified, with form values submitted from the console', async () => {
    const inspector = await addInspector(app);
    const head = await app.connectSocket();
    await head.emitWithAck('chat:join', { staffCode: HEAD.code });
    const cardArrives = waitForEvent(head, 'chat:posted', isCard('ENV07'));
    expect((await inspector.post('/inspections', failed('C-1', new Date()))).status).toBe(201);
    const card = await cardArrives;
    const actions = elementsOf(card).find((e) => e.kind === 'actions');
    const fixButton = actions?.kind === 'actions' ? actions.buttons.find((b) => b.label === '已整改') : undefined;
    const withForm = waitForEvent(head, 'chat:posted', (m) => m.id === card.id && elementsOf(m).some((e) => e.kind === 'form'));
    expect(await head.emitWithAck('chat:act', { messageId: card.id, value: fixButton!.value })).toMatchObject({ ok: true });
    const form = elementsOf(await withForm).find((e) => e.kind === 'form');
    expect(form).toMatchObject({ kind: 'form', name: 'fix', inputs: [{ name: 'note', label: '整改说明', required: true }], submit: { label: '提交' } });
    const submitted = await head.emitWithAck('chat:act', { messageId: card.id, value: form?.kind === 'form' ? form.submit.value : { action: 'x' }, form: { note: '已更换灭火器' } });
    expect(submitted).toMatchObject({ ok: true });
    await expect.poll(async () => (await statusOf(app, 'ENV07')).status).toBe('fixed');

    const checker = await app.connectSocket();
    await checker.emitWithAck('chat:join', { staffCode: INSPECTOR.code });
    const history = (await checker.emitWithAck('chat:join', { staffCode: INSPECTOR.code })) as { ok: true; data: { history: ChatMessage[] } };
    const toVerify = await (async () => {
      const found = history.data.history.find(isCard('ENV07'));
      return found ?? waitForEvent(checker, 'chat:posted', isCard('ENV07'));
    })();
    const buttons = elementsOf(toVerify).find((e) => e.kind === 'actions');
    const accept = buttons?.kind === 'actions' ? buttons.buttons.find((b) => b.label === '通过') : undefined;
    expect(await checker.emitWithAck('chat:act', { messageId: toVerify.id, value: accept!.value })).toMatchObject({ ok: true });
    await expect.poll(async () => (await statusOf(app, 'ENV07')).status).toBe('verified');
  });
});
