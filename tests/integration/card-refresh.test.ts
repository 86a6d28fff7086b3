import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAgingCards } from '../../server/domains/outbox/index.ts';
import { cardRefreshJob } from '../../server/jobs/schedule.ts';
import { createScheduler } from '../../server/jobs/scheduler.ts';
import type { FakeFeishu, FakeMessage } from '../fakes/feishu/fake-open-api.ts';
import { cardActionEnvelope, postToWebhook } from '../fakes/feishu/feishu-events.ts';
import { buttonsOf, cardTitle, ENCRYPT_KEY, HEAD, morningClock, startFeishuBank, VERIFICATION_TOKEN } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

const DAY = 86_400_000;
const RETIRED = '此卡片已更新，请使用最新卡片';

/**
 * Feishu cards can be updated and clicked for 14 days (the fake refuses later PATCHes as Feishu
 * does): cards of open subjects are re-sent before then, through the real SDK and the fake, with
 * the app's clock moved forward days at a time.
 */
describe('fresh cards before the 14-day update window closes', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let shift = 0;
  const base = morningClock();
  const clock = { now: () => new Date(base.now().getTime() + shift) };
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${++seq}_${Date.now()}`;
  const click = (card: FakeMessage, value: Record<string, unknown>) =>
    postToWebhook(`${app.url}/feishu/events`, cardActionEnvelope({
      appId: fake.appId, token: VERIFICATION_TOKEN, eventId: nextId('ev'), operatorOpenId: HEAD.openId, messageId: card.messageId, chatId: card.chatId,
      value, fake, createTime: clock.now().getTime(),
    }), { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock.now().getTime() / 1000) });
  const lastLook = (m: FakeMessage) => (m.updates.at(-1)?.content ?? m.content) as FakeMessage['content'];
  const titleOf = (content: unknown) => cardTitle({ content } as FakeMessage);
  const rowOf = async (messageId: string) =>
    (await app.db.sql<{ id: number; replacedBy: number | null; refreshOf: number | null }[]>`
      select id::int, replaced_by::int as replaced_by, refresh_of::int as refresh_of from outbox_messages where channel_message_id = ${messageId} and kind = 'send'`)[0];

  /** A regulator complaint received 15 days ago is due tonight: two alert cards reach the head. */
  async function complaintWithCards(id: string): Promise<{ complaint: { id: number; reference: string }; cards: FakeMessage[] }> {
    const admin = await app.admin();
    const key = (await (await admin.post('/api-keys', { name: `热线 ${id}`, scope: 'bank', eventTypes: ['complaint.received'] })).json()).secret;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(clock.now());
    const receivedAt = new Date(Date.parse(`${today}T09:00:00+08:00`) - 15 * DAY).toISOString();
    const res = await fetch(`${app.url}/api/v1/complaints`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, branch: 'BJ0101', receivedAt, channel: 'regulator', category: 'fees', complainant: { name: '张三明', phone: '13812345678' }, summary: '多收手续费' }),
    });
    const complaint = await res.json();
    const cards = () => fake.messages().filter((m) => m.receiveId === HEAD.openId && !m.uuid?.startsWith('refresh:') && (cardTitle(m) ?? '').includes(complaint.reference));
    await expect.poll(() => cards().length, { timeout: 15_000 }).toBe(2);
    // …and their outbox rows know the message ids (recorded just after Feishu answered).
    await expect.poll(async () => (await Promise.all(cards().map((c) => rowOf(c.messageId)))).every(Boolean), { timeout: 15_000 }).toBe(true);
    return { complaint, cards: cards() };
  }
  const freshCopiesOf = (old: { id: number }) => fake.messages().filter((m) => m.uuid === `refresh:${old.id}`);

  beforeAll(async () => {
    ({ fake, app } = await startFeishuBank({ transport: 'webhook', clock, fakeOnAppClock: true }));
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('a complaint card 13 days old is re-sent once across two job runs and two instances; the old card is retired; clicks go to the new one', async () => {
    const { complaint, cards } = await complaintWithCards('HL-refresh-1');
    const olds = await Promise.all(cards.map(async (c) => (await rowOf(c.messageId))!));
    shift += 13 * DAY + 60_000;

    const logger = pino({ level: 'silent' });
    const job = cardRefreshJob(app.db, clock, { refreshAfterDays: 13 });
    const instance = (id: string) => createScheduler([job], { sql: app.db.sql, clock, logger, instanceId: id, timezone: 'Asia/Shanghai', catchUpHours: 24, singleInstance: false });
    const slot = new Date(Math.floor(clock.now().getTime() / 3_600_000) * 3_600_000 + 35 * 60_000 - 3_600_000);
    const outcomes = await Promise.all([instance('a').runSlot('cards.refresh', slot, 'schedule'), instance('b').runSlot('cards.refresh', slot, 'schedule')]);
    expect(outcomes.sort()).toEqual(['claimed_elsewhere', 'succeeded']);
    // The next slot, and two instances calling the service at once, find nothing more to re-send.
    expect(await instance('b').runSlot('cards.refresh', new Date(slot.getTime() + 3_600_000), 'schedule')).toBe('succeeded');
    const again = await Promise.all([refreshAgingCards({ db: app.db, clock }, { refreshAfterDays: 13 }), refreshAgingCards({ db: app.db, clock }, { refreshAfterDays: 13 })]);
    expect(again.map((r) => r.refreshed)).toEqual([0, 0]);

    await expect.poll(() => olds.map((o) => freshCopiesOf(o).length), { timeout: 15_000 }).toEqual([1, 1]);
    const fresh = olds.map((o) => freshCopiesOf(o)[0]!);
    for (const [i, card] of fresh.entries()) {
      expect(card.receiveId).toBe(HEAD.openId);
      expect(cardTitle(card)).toContain(complaint.reference);
      expect(buttonsOf(card).map((b) => b.label)).toEqual(buttonsOf(cards[i]!).map((b) => b.label));
      // The fake has the message a moment before the dispatcher records its id.
      await expect.poll(async () => (await rowOf(card.messageId))?.id, { timeout: 15_000 }).toBeDefined();
      expect((await rowOf(cards[i]!.messageId))!.replacedBy).toBe((await rowOf(card.messageId))!.id);
    }
    // The old cards, still inside the window, turn into the short retired note without buttons.
    await expect.poll(() => cards.map((c) => titleOf(lastLook(fake.messages().find((m) => m.messageId === c.messageId)!))), { timeout: 15_000 }).toEqual([RETIRED, RETIRED]);
    const retired = fake.messages().find((m) => m.messageId === cards[0]!.messageId)!;
    expect(buttonsOf({ ...retired, content: lastLook(retired) })).toEqual([]);
    expect(JSON.stringify(lastLook(retired))).toContain(complaint.reference);
    expect(JSON.stringify(lastLook(retired))).not.toContain('13812345678');

    // A click that still reaches an old copy gets the toast; nothing changes.
    const claim = buttonsOf(cards[0]!).find((b) => b.label === '认领')!;
    const onOld = await click(cards[0]!, claim.value);
    expect(onOld.body).toMatchObject({ toast: { content: RETIRED } });
    expect((await app.db.sql`select status from complaints where id = ${complaint.id}`)[0]!.status).not.toBe('claimed');

    // On the new card, 认领 works; both fresh cards are redrawn, the retired ones are left alone.
    const retiredUpdates = cards.map((c) => fake.messages().find((m) => m.messageId === c.messageId)!.updates.length);
    const onNew = await click(fresh[0]!, buttonsOf(fresh[0]!).find((b) => b.label === '认领')!.value);
    expect(onNew.status).toBe(200);
    expect(JSON.stringify(onNew.body)).not.toContain(RETIRED); // the card answered in place (or, when slow, updated later)
    await expect.poll(async () => (await app.db.sql`select status from complaints where id = ${complaint.id}`)[0]!.status, { timeout: 15_000 }).toBe('claimed');
    await expect.poll(() => fresh.every((f) => fake.messages().find((m) => m.messageId === f.messageId)!.updates.some((u) => JSON.stringify(u.content).includes('已认领'))), { timeout: 15_000 }).toBe(true);
    expect(cards.map((c) => fake.messages().find((m) => m.messageId === c.messageId)!.updates.length)).toEqual(retiredUpdates);
    expect(await app.db.sql`select count(*)::int as n from outbox_messages where status = 'parked'`).toEqual([{ n: 0 }]);
  }, 60_000);

  it('a redraw on day 15, after downtime, re-sends the card instead of parking it', async () => {
    // A bank of its own, from day 0 (the complaint clock of a fresh intake depends on the day).
    await app.close();
    await fake.close();
    shift = 0;
    ({ fake, app } = await startFeishuBank({ transport: 'webhook', clock, fakeOnAppClock: true }));
    const { complaint, cards } = await complaintWithCards('HL-refresh-2');
    const olds = await Promise.all(cards.map(async (c) => (await rowOf(c.messageId))!));
    shift += 15 * DAY; // down for 15 days: the refresh job never ran, the cards are past the window
    const claim = buttonsOf(cards[1]!).find((b) => b.label === '认领')!;
    const answer = await click(cards[1]!, claim.value);
    expect(answer.status).toBe(200);
    await expect.poll(async () => (await app.db.sql`select status from complaints where id = ${complaint.id}`)[0]!.status, { timeout: 15_000 }).toBe('claimed');

    // Both redraws come too late for Feishu: each card goes out afresh, showing the claim.
    await expect.poll(() => olds.map((o) => freshCopiesOf(o).length), { timeout: 15_000 }).toEqual([1, 1]);
    for (const o of olds) expect(JSON.stringify(freshCopiesOf(o)[0]!.content)).toContain(`已认领（${HEAD.name}）`);
    const redraws = await app.db.sql<{ status: string; lastError: string }[]>`
      select status, last_error from outbox_messages where target_id = any(${olds.map((o) => o.id)}::bigint[]) and kind = 'update' order by id`;
    expect(redraws.length).toBeGreaterThanOrEqual(2);
    expect(redraws.every((r) => r.status === 'cancelled' && /14-day update window/.test(r.lastError))).toBe(true);
    expect(await app.db.sql`select count(*)::int as n from outbox_messages where status = 'parked'`).toEqual([{ n: 0 }]);
    // Too old to retire: the old cards keep their look, and a click on one gets the toast.
    expect(cards.every((c) => fake.messages().find((m) => m.messageId === c.messageId)!.updates.length === 0)).toBe(true);
    const late = await click(cards[0]!, buttonsOf(cards[0]!).find((b) => b.label === '已联系客户')!.value);
    expect(late.body).toMatchObject({ toast: { content: RETIRED } });
  }, 60_000);

  it('when Feishu refuses a redraw for the card\'s age before our clock says so, the card is re-sent, not parked', async () => {
    await app.close();
    await fake.close();
    shift = 0;
    let feishuAhead = 0; // Feishu's clock runs ahead of ours
    ({ fake, app } = await startFeishuBank({ transport: 'webhook', clock, fakeOnAppClock: { now: () => new Date(clock.now().getTime() + feishuAhead) } }));
    const { complaint, cards } = await complaintWithCards('HL-refresh-3');
    const olds = await Promise.all(cards.map(async (c) => (await rowOf(c.messageId))!));
    shift += 14 * DAY - 2 * 3_600_000; // 13 days 22 hours for us…
    feishuAhead = 3 * 3_600_000; // …14 days 1 hour for Feishu, which refuses the PATCH (230031)
    const answer = await click(cards[0]!, buttonsOf(cards[0]!).find((b) => b.label === '认领')!.value);
    expect(answer.status).toBe(200);
    await expect.poll(async () => (await app.db.sql`select status from complaints where id = ${complaint.id}`)[0]!.status, { timeout: 15_000 }).toBe('claimed');
    await expect.poll(() => olds.map((o) => freshCopiesOf(o).length), { timeout: 15_000 }).toEqual([1, 1]);
    for (const o of olds) expect(JSON.stringify(freshCopiesOf(o)[0]!.content)).toContain(`已认领（${HEAD.name}）`);
    const redraws = await app.db.sql<{ status: string; lastError: string }[]>`
      select status, last_error from outbox_messages where target_id = any(${olds.map((o) => o.id)}::bigint[]) and kind = 'update' and template <> 'card.retired' order by id`;
    expect(redraws.length).toBeGreaterThanOrEqual(2);
    expect(redraws.every((r) => r.status === 'cancelled' && /refused the update for the card's age \(code 230031/.test(r.lastError))).toBe(true);
    // Our clock still saw time to retire the old cards; Feishu refused that too: given up, not parked.
    const retirements = () => app.db.sql<{ status: string }[]>`
      select status from outbox_messages where target_id = any(${olds.map((o) => o.id)}::bigint[]) and template = 'card.retired' order by id`;
    await expect.poll(async () => (await retirements()).map((r) => r.status), { timeout: 15_000 }).toEqual(['cancelled', 'cancelled']);
    expect(await app.db.sql`select count(*)::int as n from outbox_messages where status = 'parked'`).toEqual([{ n: 0 }]);
  }, 60_000);

  it('the job re-sends only cards whose subject is still open: a pending nomination yes; a closed complaint, a decided nomination, a report no', async () => {
    const [nominator, nominee] = await app.db.sql<{ id: string }[]>`select id from staff where code in ('S000001', 'S000002') order by code`;
    const [pending] = await app.db.sql<{ id: number }[]>`
      insert into nominations (nominator_id, nominee_id, reason, channel, month, created_at) values (${nominee!.id}, ${nominator!.id}, '耐心解答', 'feishu', '2026-12', ${clock.now()}) returning id::int`;
    const [decided] = await app.db.sql<{ id: number }[]>`
      insert into nominations (nominator_id, nominee_id, reason, channel, month, status, decided_at, created_at) values (${nominee!.id}, ${nominator!.id}, '主动服务', 'feishu', '2026-11', 'approved', ${clock.now()}, ${clock.now()}) returning id::int`;
    const [closed] = await app.db.sql<{ id: number }[]>`select id::int from complaints limit 1`;
    await app.db.sql`update complaints set status = 'closed' where id = ${closed!.id}`;
    const sentAt = new Date(clock.now().getTime() - 13 * DAY - 60_000);
    const subjects = [`nomination:${pending!.id}`, `nomination:${decided!.id}`, `complaint:${closed!.id}`, 'report:bank:2026-11'];
    for (const [i, subject] of subjects.entries()) {
      await app.db.sql`
        insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, kind, subject, template, data, status, not_before, created_at, sent_at, channel_message_id)
        values (${`live-${i}`}, 'feishu', 'chat', 'oc_live', 'send', ${subject}, 'alert.notice', ${app.db.sql.json({ title: '提醒', severity: 'info', lines: [], unit: 'x' })},
                'sent', ${sentAt}, ${sentAt}, ${sentAt}, ${`om_live_${i}`})`;
    }
    await refreshAgingCards({ db: app.db, clock }, { refreshAfterDays: 13 });
    const replaced = await app.db.sql<{ subject: string }[]>`select subject from outbox_messages where idempotency_key like 'live-%' and replaced_by is not null`;
    expect(replaced.map((r) => r.subject)).toEqual([`nomination:${pending!.id}`]);
  }, 30_000);

  it('re-sends rectification and care cards only while their subject is open', async () => {
    const sql = app.db.sql;
    const now = clock.now();
    const [branch] = await sql<{ id: string }[]>`select id from branches where code = 'BJ0101'`;
    const [manager] = await sql<{ id: string; code: string }[]>`select id, code from staff where code = 'S000002'`;
    const [checklist] = await sql<{ id: string }[]>`
      insert into checklists (code, name, version, modules, created_by, created_at) values ('refresh-test', '测试清单', 1, '[]', 'test', ${now}) returning id`;
    await sql`
      insert into inspections (id, source, branch_id, kind, checklist_id, inspector, visited_at, submitted_at, score, passed, red_line_failed, module_scores, results)
      values ('INS-REFRESH', 'test', ${branch!.id}, 'routine', ${checklist!.id}, '检查员', ${now}, ${now}, 80, true, false, '[]', '[]')`;
    const rectification = async (item: string, status: string) => (await sql<{ id: number }[]>`
      insert into rectifications (inspection_id, branch_id, item_code, item_text, red_line, points_lost, reason, status, due_at, created_at, updated_at)
      values ('INS-REFRESH', ${branch!.id}, ${item}, '整改项', false, 2, '原因', ${status}, ${now}, ${now}, ${now}) returning id::int`)[0]!.id;
    const [open, reopened, verified] = [await rectification('R1', 'open'), await rectification('R2', 'reopened'), await rectification('R3', 'verified')];
    const customer = async (code: string) => (await sql<{ id: string }[]>`
      insert into customers (code, name, branch_id, account_manager_id, tier) values (${code}, '客户', ${branch!.id}, ${manager!.id}, 'gold') returning id`)[0]!.id;
    const task = async (customerId: string, appearsOn: string, status: 'open' | 'done', assignee: string | null) => sql`
      insert into care_tasks (customer_id, assignee_id, branch_id, kind, occasion, occasion_date, due_date, appears_on, tier, status, done_via, closed_at, created_at)
      values (${customerId}, ${assignee}, ${branch!.id}, 'birthday', '生日', ${appearsOn}, ${appearsOn}, ${appearsOn}, 'gold',
              ${status}, ${status === 'done' ? 'phone' : null}, ${status === 'done' ? now : null}, ${now})`;
    // 12-01: the branch's list still has an open task; 12-02: all done; 12-03: the manager's own list, open.
    await task(await customer('CR-1'), '2026-12-01', 'open', null);
    await task(await customer('CR-2'), '2026-12-02', 'done', manager!.id);
    await task(await customer('CR-3'), '2026-12-03', 'open', manager!.id);
    const sentAt = new Date(now.getTime() - 13 * DAY - 60_000);
    const subjects = [
      `rectification:${open}`, `rectification:${reopened}`, `rectification:${verified}`,
      'care:BJ0101:2026-12-01', 'care:BJ0101:2026-12-02', `care:BJ0101:2026-12-02:${manager!.code}`, `care:BJ0101:2026-12-03:${manager!.code}`, 'care:BJ0101:2026-12-03:S999999',
    ];
    for (const [i, subject] of subjects.entries()) {
      await sql`
        insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, kind, subject, template, data, status, not_before, created_at, sent_at, channel_message_id)
        values (${`open-${i}`}, 'feishu', 'chat', 'oc_open', 'send', ${subject}, 'alert.notice', ${sql.json({ title: '提醒', severity: 'info', lines: [], unit: 'x' })},
                'sent', ${sentAt}, ${sentAt}, ${sentAt}, ${`om_open_${i}`})`;
    }
    await refreshAgingCards({ db: app.db, clock }, { refreshAfterDays: 13 });
    const replaced = await sql<{ subject: string }[]>`select subject from outbox_messages where idempotency_key like 'open-%' and replaced_by is not null order by id`;
    expect(replaced.map((r) => r.subject)).toEqual([
      `rectification:${open}`, `rectification:${reopened}`, 'care:BJ0101:2026-12-01', `care:BJ0101:2026-12-03:${manager!.code}`,
    ]);
  }, 30_000);
});

