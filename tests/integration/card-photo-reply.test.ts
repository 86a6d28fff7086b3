import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST_MODULES } from '../../server/domains/inspections/checklist-default.ts';
import { FeishuApi } from '../../bot/channel/feishu/feishu-api.ts';
import { startFakeFeishu, type FakeFeishu, type FakeMessage } from '../fakes/feishu/fake-open-api.ts';
import { imageMessageEnvelope, postToWebhook } from '../fakes/feishu/feishu-events.ts';
import { jpegWithExif } from '../fixtures/photos.ts';
import { createUser, login, type Client } from './helpers/access.ts';
import { cardTitle, ENCRYPT_KEY, HEAD, startFeishuBank, textOf, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import type { ChatMessage } from '../../server/contract/payloads/chat.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { startTestServer, waitForEvent, type TestServer } from './helpers/test-server.ts';

/**
 * Issue #11 item 4: photos sent in Feishu in reply to a rectification card are stored on it, end
 * to end through the webhook, the real SDK (获取消息中的资源文件) and the fake Open API.
 */
const INSPECTOR = { code: 'S000040', openId: 'ou_inspector' };
const SH_HEAD = { code: 'S000009', openId: 'ou_sh_head' };
const MAX_KB = 16;
const ITEMS = DEFAULT_CHECKLIST_MODULES.flatMap((m) => m.items);
const failed = (id: string, visitedAt: Date) => ({
  id, branch: 'BJ0101', kind: 'routine', checklist: 'CBSS', visitedAt: new Date(visitedAt.getTime() - 3_600_000).toISOString(),
  results: ITEMS.map((i) => (i.code === 'ENV07' ? { item: i.code, points: 0, reason: '灭火器过期' } : i.code === 'ATT02' ? { item: i.code, points: 3, reason: '未起身迎候' } : { item: i.code, points: i.maxPoints })),
});
/** A well-formed JPEG padded with a comment segment to `size` bytes or more. */
const bigJpeg = (size: number): Buffer => {
  const base = jpegWithExif();
  const pad = Buffer.alloc(Math.min(65_000, size));
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, (pad.length + 2) >> 8, (pad.length + 2) & 0xff]), pad]);
  return Buffer.concat([base.subarray(0, 2), com, base.subarray(2)]);
};

describe('photos sent in reply to a rectification card (Feishu)', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  let inspector: Client;
  let seq = 0;
  const cardsTo = (openId: string, titlePart: string) => fake.messages().filter((m) => m.receiveId === openId && m.msgType === 'interactive' && (cardTitle(m) ?? '').includes(titlePart));
  const rectificationId = async (item: string) => Number((await app.db.sql`select id from rectifications where item_code = ${item}`)[0]!.id);
  const photoRows = async (item: string) =>
    app.db.sql<Array<{ id: string; contentType: string; uploadedBy: string }>>`
      select p.id, p.content_type, p.uploaded_by from inspection_photos p join rectifications r on r.id = p.rectification_id where r.item_code = ${item} order by p.created_at`;
  /** The user sends a picture (in reply to `parent` when given) and the event reaches our webhook. */
  const sendImage = async (from: { openId: string }, bytes: Buffer, parent?: FakeMessage, eventId = `ev_img_${++seq}`) => {
    const chatId = parent?.chatId ?? 'oc_p2p_head';
    const image = fake.recordUserImage({ chatId, senderOpenId: from.openId, bytes, ...(parent ? { parentId: parent.messageId } : {}) });
    const envelope = imageMessageEnvelope({
      appId: fake.appId, token: VERIFICATION_TOKEN, eventId, messageId: image.messageId, chatId, chatType: 'p2p', senderOpenId: from.openId,
      imageKey: image.imageKey, createTime: clock.now().getTime(), ...(parent ? { parentId: parent.messageId, rootId: image.rootId ?? parent.messageId } : {}),
    });
    const post = () => postToWebhook(`${app.url}/feishu/events`, envelope, { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock.now().getTime() / 1000) });
    expect((await post()).status).toBe(200);
    return { messageId: image.messageId, post, envelope };
  };
  /** The bot's answer posted in reply to that picture. */
  const answerTo = async (messageId: string): Promise<string> => {
    await expect.poll(() => fake.messages().some((m) => m.replyTo === messageId), { timeout: 8000 }).toBe(true);
    return textOf(fake.messages().find((m) => m.replyTo === messageId)!) ?? '';
  };

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'webhook', env: { INSPECTION_PHOTO_MAX_KB: String(MAX_KB) } }));
    const sql = app.db.sql;
    await sql`insert into staff (code, name, role, region_id, active, feishu_open_id) select ${INSPECTOR.code}, '孙检查', 'inspector', id, true, ${INSPECTOR.openId} from regions where code = 'BJ'`;
    const [ho] = await sql<Array<{ id: string }>>`select id from regions where code = 'HO'`;
    const [sh] = await sql<Array<{ id: string }>>`insert into regions (code, name, kind, parent_id, ancestor_ids) values ('SH', '上海分行', 'branch_office', ${ho!.id}, '{}') returning id`;
    const [sh01] = await sql<Array<{ id: string }>>`insert into regions (code, name, kind, parent_id, ancestor_ids) values ('SH01', '上海浦东支行', 'sub_branch', ${sh!.id}, '{}') returning id`;
    const [branch] = await sql<Array<{ id: string }>>`insert into branches (code, name, region_id) values ('SH0101', '上海陆家嘴网点', ${sh01!.id}) returning id`;
    await sql`insert into staff (code, name, role, branch_id, active, feishu_open_id) values (${SH_HEAD.code}, '陈上海', 'branch_head', ${branch!.id}, true, ${SH_HEAD.openId})`;
    await createUser(app.db, { username: 'inspector', role: 'inspector', scope: 'region:BJ', staffCode: INSPECTOR.code });
    inspector = await login(app.url, 'inspector');
    expect((await inspector.post('/inspections', failed('P-1', clock.now()))).status).toBe(201);
    // expect.poll works inside tests only: wait for the two rectification cards by hand.
    for (let waited = 0; cardsTo(HEAD.openId, '整改通知').length < 2 && waited < 8000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('a JPEG in reply to the card is stored on that rectification without its GPS, the card redrawn with the count, and confirmed in zh-CN', async () => {
    const card = cardsTo(HEAD.openId, 'ENV07')[0]!;
    const id = await rectificationId('ENV07');
    const sent = await sendImage(HEAD, jpegWithExif(), card);
    expect(await answerTo(sent.messageId)).toBe(`已收到照片，已附到整改 #${id}（ENV07 消防及安防设施完好），现有照片 1 张。`);
    const rows = await photoRows('ENV07');
    expect(rows).toEqual([{ id: expect.any(String), contentType: 'image/jpeg', uploadedBy: `staff:${HEAD.code}` }]);
    expect(await photoRows('ATT02')).toEqual([]);
    // Stored without the location: the Exif block is gone, the picture itself is intact.
    const stored = Buffer.from(await (await inspector.get(`/inspections/photos/${rows[0]!.id}`)).arrayBuffer());
    expect(stored.includes(Buffer.from('GPSLatitude', 'latin1'))).toBe(false);
    expect(stored.includes(Buffer.from('JFIF', 'latin1'))).toBe(true);
    expect(await app.db.sql`select actor, channel from audit_log where action = 'inspections.photo_upload'`).toEqual([{ actor: `staff:${HEAD.code}`, channel: 'bot' }]);
    expect(await app.db.sql`select kind from rectification_events where rectification_id = ${id} and kind = 'photo'`).toHaveLength(1);
    // The card the head received now shows one photo.
    await expect.poll(() => JSON.stringify(fake.messages().find((m) => m.messageId === card.messageId)!.updates.at(-1)?.content ?? {}), { timeout: 8000 })
      .toContain('**照片**：1');
  });

  it('Feishu redelivering the same event, or the same message under a new event id, stores one photo', async () => {
    const card = cardsTo(HEAD.openId, 'ATT02')[0]!;
    const sent = await sendImage(HEAD, jpegWithExif(), card);
    await answerTo(sent.messageId);
    expect((await sent.post()).status).toBe(200);
    const again = { ...sent.envelope, header: { ...sent.envelope.header, event_id: `ev_redelivered_${++seq}` } };
    expect((await postToWebhook(`${app.url}/feishu/events`, again, { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock.now().getTime() / 1000) })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await photoRows('ATT02')).toHaveLength(1);
    expect(fake.messages().filter((m) => m.replyTo === sent.messageId)).toHaveLength(1);
  });

  it('a branch head of another branch is refused and nothing is stored or downloaded', async () => {
    const card = cardsTo(HEAD.openId, 'ENV07')[0]!;
    const id = await rectificationId('ENV07');
    const downloadsBefore = fake.stats().requests.filter((r) => r.path.includes('/resources/')).length;
    const sent = await sendImage(SH_HEAD, jpegWithExif(), card);
    expect(await answerTo(sent.messageId)).toBe(`抱歉，您无权为整改 #${id} 提交照片：只有该网点负责人可以提交整改照片。照片未保存。`);
    expect(await photoRows('ENV07')).toHaveLength(1);
    expect(fake.stats().requests.filter((r) => r.path.includes('/resources/')).length).toBe(downloadsBefore);
  });

  it('refuses a file that is not a JPEG or PNG (a PDF sent as a picture) and a photo over the size limit', async () => {
    const card = cardsTo(HEAD.openId, 'ENV07')[0]!;
    const pdf = await sendImage(HEAD, Buffer.from('%PDF-1.7 pretending to be a picture'), card);
    expect(await answerTo(pdf.messageId)).toBe('无法识别这张图片：只接受 JPEG 或 PNG 格式的照片，请重新拍照后发送。');
    const big = await sendImage(HEAD, bigJpeg(MAX_KB * 1024 + 10), card);
    expect(await answerTo(big.messageId)).toBe(`照片过大（上限 ${MAX_KB} KB），请压缩或降低分辨率后重新发送。`);
    expect(await photoRows('ENV07')).toHaveLength(1);
  });

  it('a picture not in reply to a card gets a hint; one replying to another card is not stored', async () => {
    const loose = await sendImage(HEAD, jpegWithExif());
    expect(await answerTo(loose.messageId)).toContain('请在整改通知卡片上点「回复」后发送图片');
    const findings = cardsTo(HEAD.openId, '检查未通过')[0]!;
    const wrong = await sendImage(HEAD, jpegWithExif(), findings);
    expect(await answerTo(wrong.messageId)).toBe('这张图片回复的不是整改通知卡片，照片未保存。请在整改通知卡片上点「回复」后发送图片。');
    expect(Number((await app.db.sql`select count(*)::int as n from inspection_photos`)[0]!.n)).toBe(2);
  });

  it('a verified rectification takes no more photos', async () => {
    const id = await rectificationId('ENV07');
    await app.db.sql`update rectifications set status = 'verified', fixed_note = '已更换', fixed_at = ${clock.now()}, verified_at = ${clock.now()}, fixed_on_time = true where id = ${id}`;
    const card = cardsTo(HEAD.openId, 'ENV07')[0]!;
    const sent = await sendImage(HEAD, jpegWithExif(), card);
    expect(await answerTo(sent.messageId)).toBe(`整改 #${id} 已验收，不再接收照片。`);
    expect(await photoRows('ENV07')).toHaveLength(1);
  });
});

describe('the fake Open API serves users’ pictures as Feishu does', () => {
  let fake: FakeFeishu;
  beforeAll(async () => {
    fake = await startFakeFeishu();
  });
  afterAll(() => fake?.close());

  it('answers the bytes for the message’s own key and refuses another message’s key, a card, a bad type and a chat without the bot', async () => {
    const api = new FeishuApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
    const a = fake.recordUserImage({ chatId: 'oc_a', senderOpenId: 'ou_x', bytes: jpegWithExif() });
    const b = fake.recordUserImage({ chatId: 'oc_b', senderOpenId: 'ou_x', bytes: jpegWithExif() });
    expect(await api.messageImage(a.messageId, a.imageKey, 10_000)).toEqual(jpegWithExif());
    await expect(api.messageImage(a.messageId, b.imageKey, 10_000)).rejects.toThrow(/234003/);
    await expect(api.messageImage(a.messageId, a.imageKey, 50)).rejects.toThrow(/larger than 50 bytes/);
    const cardId = await api.send('oc_a', { msgType: 'interactive', content: JSON.stringify({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'x' }] } }) });
    await expect(api.messageImage(cardId, a.imageKey, 10_000)).rejects.toThrow(/234043/);
    fake.removeBotFromChat('oc_b');
    await expect(api.messageImage(b.messageId, b.imageKey, 10_000)).rejects.toThrow(/234004/);
    const bad = await fetch(`${fake.url}/open-apis/im/v1/messages/${a.messageId}/resources/${a.imageKey}?type=sticker`);
    expect(bad.status).toBe(400); // no token either; Feishu checks the token first
  });
});

describe('photos sent in reply to a rectification card in the console chat (/chat)', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ seed: async (db) => void (await seedSmallBank(db.sql)) });
  });
  afterAll(() => app?.close());

  it('chat:image in reply to the card stores the photo on it, answers and redraws the card; a bad payload names the field', async () => {
    await app.db.sql`insert into staff (code, name, role, region_id, active) select ${INSPECTOR.code}, '孙检查', 'inspector', id, true from regions where code = 'BJ'`;
    await createUser(app.db, { username: 'inspector', role: 'inspector', scope: 'region:BJ', staffCode: INSPECTOR.code });
    const inspector = await login(app.url, 'inspector');
    const head = await app.connectSocket();
    await head.emitWithAck('chat:join', { staffCode: HEAD.code });
    const isCard = (m: ChatMessage) => m.from === 'bot' && m.message.kind === 'card' && m.message.card.title.includes('ENV07');
    const cardArrives = waitForEvent(head, 'chat:posted', isCard);
    expect((await inspector.post('/inspections', failed('C-P1', new Date()))).status).toBe(201);
    const card = await cardArrives;
    const answered = waitForEvent(head, 'chat:posted', (m) => m.from === 'bot' && m.message.kind === 'text');
    const redrawn = waitForEvent(head, 'chat:posted', (m) => m.id === card.id && JSON.stringify(m.message).includes('"照片","value":"1"'), 8000);
    const sent = await head.emitWithAck('chat:image', { data: jpegWithExif().toString('base64'), replyTo: card.id });
    expect(sent).toMatchObject({ ok: true, data: { messageId: expect.any(String) } });
    const answer = await answered;
    expect(answer.message).toMatchObject({ kind: 'text', text: expect.stringMatching(/^已收到照片，已附到整改 #\d+（ENV07 消防及安防设施完好），现有照片 1 张。$/) });
    await redrawn;
    const rows = await app.db.sql`select p.uploaded_by from inspection_photos p join rectifications r on r.id = p.rectification_id where r.item_code = 'ENV07'`;
    expect(rows).toEqual([{ uploadedBy: `staff:${HEAD.code}` }]);
    expect(await head.emitWithAck('chat:image', { data: 'not base64!', replyTo: card.id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ field: 'data' }] } });
    expect(await head.emitWithAck('chat:image', { data: 'AAAA', replyTo: 'no-such-message' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', issues: [{ field: 'replyTo' }] } });
  });
});
