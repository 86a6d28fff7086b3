import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, enqueueMessage, type Delivery } from '../../server/domains/outbox/index.ts';
import { adaptDeliver } from '../../server/wiring/bot-wiring.ts';
import type { FakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { cardTitle, HEAD, startFeishuBank } from './helpers/feishu-bank.ts';
import type { TestServer } from './helpers/test-server.ts';

const SETTINGS = { staffChannel: 'feishu' as const };
const alert = (key: string, chatId: string, digestible = false) => ({
  recipient: { kind: 'chat' as const, channel: 'feishu' as const, chatId },
  template: 'alert.notice',
  data: { title: `提醒 ${key}`, severity: 'warning', lines: ['测试'], unit: chatId },
  key,
  digestible,
});

/** The outbox delivering through the real SDK to the fake Open API: outages, storms, crashes. */
describe('outbox delivery to Feishu', () => {
  let fake: FakeFeishu;
  let app: TestServer;
  let clock: { now(): Date };
  const pending = async (prefix: string) =>
    (await app.db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages where idempotency_key like ${`${prefix}%`} and status in ('pending', 'sending')`)[0]!.n;

  beforeAll(async () => {
    ({ fake, app, clock } = await startFeishuBank({ transport: 'webhook' }));
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('delivers every message queued while Feishu was down exactly once after it returns', async () => {
    fake.setDown(true, { mode: 'http503' });
    await app.db.sql.begin(async (tx) => {
      for (let i = 0; i < 6; i++) await enqueueMessage(tx, SETTINGS, alert(`down-${i}`, `oc_down_${i % 2}`), clock.now());
      await enqueueMessage(tx, SETTINGS, { ...alert('down-person', ''), recipient: { kind: 'staff', staffCode: HEAD.code } }, clock.now());
    });
    await expect.poll(async () => (await app.db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages where idempotency_key like 'down-%' and attempts >= 2`)[0]!.n, { timeout: 15_000 }).toBe(7);
    expect(fake.messages()).toHaveLength(0);
    fake.setDown(false);
    await expect.poll(() => pending('down-'), { timeout: 20_000, interval: 200 }).toBe(0);
    const delivered = fake.messages().filter((m) => m.uuid?.startsWith('down-'));
    expect(delivered.map((m) => m.uuid).sort()).toEqual(['down-0', 'down-1', 'down-2', 'down-3', 'down-4', 'down-5', 'down-person']);
    expect(delivered.find((m) => m.uuid === 'down-person')!.receiveId).toBe(HEAD.openId);
    const rows = await app.db.sql<{ status: string; channelMessageId: string }[]>`select status, channel_message_id from outbox_messages where idempotency_key like 'down-%'`;
    expect(rows.every((r) => r.status === 'sent' && delivered.some((m) => m.messageId === r.channelMessageId))).toBe(true);
  });

  it('turns a storm of 5,000 alerts to 300 chats into digests without ever exceeding a Feishu limit', async () => {
    const firstRequest = fake.stats().requests.length;
    await app.db.sql.begin(async (tx) => {
      for (let i = 0; i < 5000; i++) await enqueueMessage(tx, SETTINGS, alert(`storm-${i}`, `oc_storm_${i % 300}`, true), clock.now());
    });
    await expect.poll(() => pending('storm-'), { timeout: 60_000, interval: 500 }).toBe(0);
    await expect.poll(async () => (await app.db.sql<{ n: number }[]>`select count(*)::int as n from outbox_messages where template = 'alert.digest' and status <> 'sent'`)[0]!.n, { timeout: 60_000, interval: 500 }).toBe(0);
    const stormMessages = fake.messages().filter((m) => m.chatId.startsWith('oc_storm_'));
    expect(new Set(stormMessages.map((m) => m.chatId)).size).toBe(300);
    expect(stormMessages).toHaveLength(300); // one digest per chat, each listing its ~17 alerts
    expect(stormMessages.every((m) => /^\d+ 条提醒汇总$/.test(cardTitle(m) ?? ''))).toBe(true);
    const counts = await app.db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from outbox_messages where idempotency_key like 'storm-%' group by status`;
    expect(counts).toEqual([{ status: 'digested', n: 5000 }]);
    const stats = fake.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.maxPerSecondApp).toBeLessThanOrEqual(50);
    expect(stats.maxPerMinuteApp).toBeLessThanOrEqual(1000);
    expect(Math.max(...Object.values(stats.maxPerSecondByChat))).toBeLessThanOrEqual(5);
    expect(stats.requests.length - firstRequest).toBeGreaterThanOrEqual(300);
  }, 120_000);

  it('after a crash in the middle of dispatching, a restarted dispatcher sends nothing twice', async () => {
    await app.server.outbox.stop(); // this instance's dispatcher steps aside (gives up its lease)
    const logger = pino({ level: 'silent' });
    const realDeliver = adaptDeliver(app.server.bot);
    let sentBeforeCrash = 0;
    // Sends reach Feishu, but the process "dies" before recording any of them.
    const dying = async (d: Delivery) => {
      await realDeliver(d);
      sentBeforeCrash++;
      return new Promise<never>(() => {});
    };
    const crashed = createOutboxDispatcher({ db: app.db, clock, deliver: dying, logger, instanceId: 'crashed', timeZone: 'Asia/Shanghai', quietHours: null, leaseMs: 1_000, claimMs: 2_000 });
    await app.db.sql.begin(async (tx) => {
      for (let i = 0; i < 20; i++) await enqueueMessage(tx, SETTINGS, { ...alert(`crash-${i}`, `oc_crash_${i % 5}`), severity: 'critical' }, clock.now());
    });
    void crashed.runOnce();
    await expect.poll(() => sentBeforeCrash, { timeout: 10_000 }).toBeGreaterThanOrEqual(8);
    const restarted = createOutboxDispatcher({ db: app.db, clock, deliver: realDeliver, logger, instanceId: 'restarted', timeZone: 'Asia/Shanghai', quietHours: null, leaseMs: 1_000, claimMs: 2_000 });
    restarted.start();
    await expect.poll(() => pending('crash-'), { timeout: 20_000, interval: 200 }).toBe(0);
    await restarted.stop();
    const delivered = fake.messages().filter((m) => m.uuid?.startsWith('crash-'));
    expect(delivered).toHaveLength(20);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(20);
    const rows = await app.db.sql<{ attempts: number; channelMessageId: string }[]>`select attempts, channel_message_id from outbox_messages where idempotency_key like 'crash-%'`;
    expect(rows.every((r) => delivered.some((m) => m.messageId === r.channelMessageId))).toBe(true);
    expect(rows.some((r) => r.attempts >= 2)).toBe(true); // some really were sent twice, and landed once
  }, 60_000);
});
