import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  createOutboxDispatcher, DeliveryError, enqueueMessage, updateSubjectCards, type Delivery, type OutboxDispatcherOptions,
} from '../../server/domains/outbox/index.ts';
import { fixedClock } from '../../server/platform/clock.ts';
import { seedSmallBank } from './helpers/seed.ts';
import { createTestDb, type TestDb } from './helpers/test-db.ts';

const SETTINGS = { staffChannel: 'feishu' as const };
// 2026-11-30 10:07 in Shanghai: a working morning, away from :00 and :30.
const MORNING = '2026-11-30T02:07:00Z';
let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db.close());
beforeEach(async () => {
  await db.truncate();
  await seedSmallBank(db.sql);
});

function setup(options: { at?: string; deliver?: (d: Delivery) => Promise<{ channelMessageId: string }>; quietHours?: string | null; instanceId?: string } & Partial<OutboxDispatcherOptions> = {}) {
  const clock = options.clock ?? fixedClock(options.at ?? MORNING);
  const delivered: Delivery[] = [];
  const deliver = options.deliver ?? (async (d: Delivery) => {
    delivered.push(d);
    return { channelMessageId: `om_${delivered.length}` };
  });
  const dispatcher = createOutboxDispatcher({
    db, clock, deliver, logger: pino({ level: 'silent' }), instanceId: options.instanceId ?? 'test-a', timeZone: 'Asia/Shanghai',
    quietHours: options.quietHours === undefined ? '22:00-08:00' : options.quietHours, random: () => 0.5,
    ...(options.claimMs ? { claimMs: options.claimMs } : {}), ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  return { clock: clock as ReturnType<typeof fixedClock>, delivered, dispatcher };
}

const alert = (key: string, extra: Partial<Parameters<typeof enqueueMessage>[2]> = {}) => ({
  recipient: { kind: 'staff' as const, staffCode: 'S000001' },
  template: 'alert.notice',
  data: { title: key, severity: 'warning', lines: [] },
  key,
  ...extra,
});

const rows = () => db.sql<Array<{ id: string; status: string; attempts: number; channelMessageId: string | null; notBefore: Date; template: string; digestId: string | null }>>`
  select id, status, attempts, channel_message_id, not_before, template, digest_id from outbox_messages order by id`;

describe('outbox dispatcher', () => {
  it('delivers a queued message once and records the platform message id', async () => {
    const { clock, delivered, dispatcher } = setup();
    await enqueueMessage(db.sql, SETTINGS, alert('k1'), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('k1'), clock.now()); // the same change re-run: no second row
    expect((await dispatcher.runOnce()).sent).toBe(1);
    expect((await dispatcher.runOnce()).sent).toBe(0);
    expect(delivered).toMatchObject([{ channel: 'feishu', recipientKind: 'staff', recipient: 'S000001', kind: 'send', template: 'alert.notice', idempotencyKey: 'k1' }]);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 1, channelMessageId: 'om_1' }]);
    await dispatcher.stop();
  });

  it('holds a message during quiet hours until they end, but sends a statutory alert at once', async () => {
    const { clock, delivered, dispatcher } = setup({ at: '2026-11-30T15:10:00Z' }); // 23:10 in Shanghai
    await enqueueMessage(db.sql, SETTINGS, alert('quiet'), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('deadline', { statutory: true, severity: 'critical' }), clock.now());
    await dispatcher.runOnce();
    expect(delivered.map((d) => d.idempotencyKey)).toEqual(['deadline']);
    const held = (await rows()).find((r) => r.status === 'pending')!;
    // 08:00 the next morning, bank time, moved 2–4 minutes off the top of the hour like any peak.
    expect(held.notBefore.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-01T00:02:00Z'));
    expect(held.notBefore.getTime()).toBeLessThan(Date.parse('2026-12-01T00:04:00Z'));
    expect(held.attempts).toBe(0); // holding is not a failed attempt
    clock.set('2026-12-01T00:04:00Z');
    await dispatcher.runOnce();
    expect(delivered.map((d) => d.idempotencyKey)).toEqual(['deadline', 'quiet']);
    await dispatcher.stop();
  });

  it('a chat binding quiet-hour setting overrides the bank-wide one', async () => {
    const { clock, delivered, dispatcher } = setup({ at: '2026-11-30T04:40:00Z' }); // 12:40: the branch's lunch quiet time
    await db.sql`insert into chat_bindings (purpose, channel, chat_id, quiet_hours, created_at) values ('alerts', 'feishu', 'oc_lunch', '12:00-13:30', now())`;
    await enqueueMessage(db.sql, SETTINGS, alert('to-group', { recipient: { kind: 'chat', channel: 'feishu', chatId: 'oc_lunch' } }), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('to-person'), clock.now());
    await dispatcher.runOnce();
    expect(delivered.map((d) => d.idempotencyKey)).toEqual(['to-person']);
    await dispatcher.stop();
  });

  it('moves a bulk alert due at the top of the hour a few minutes later, not an urgent one or one person’s card', async () => {
    const { clock } = setup({ at: '2026-11-30T02:00:20Z' });
    await enqueueMessage(db.sql, SETTINGS, alert('peak', { digestible: true }), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('urgent', { severity: 'critical', digestible: true }), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('personal'), clock.now());
    const [peak, urgent, personal] = await rows();
    expect(peak!.notBefore.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(100_000);
    expect(peak!.notBefore.getTime() - clock.now().getTime()).toBeLessThanOrEqual(240_000 + 2_000);
    expect(urgent!.notBefore.getTime()).toBe(clock.now().getTime() + 2_000); // the digest gathering window only
    expect(personal!.notBefore.getTime()).toBe(clock.now().getTime());
  });

  it('retries an outage with growing backoff, then parks it and tells the operators’ chat', async () => {
    const attempts: string[] = [];
    const { clock, dispatcher } = setup({
      deliver: async (d) => {
        attempts.push(d.template);
        if (d.template === 'outbox.parked') return { channelMessageId: 'om_ops' };
        throw new DeliveryError('retry', 'Feishu unreachable: ECONNREFUSED');
      },
    });
    await db.sql`insert into chat_bindings (purpose, channel, chat_id, created_at) values ('ops', 'feishu', 'oc_ops', now())`;
    await enqueueMessage(db.sql, SETTINGS, alert('doomed', { severity: 'critical' }), clock.now());
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await dispatcher.runOnce();
      const [row] = await rows();
      if (row!.status !== 'pending') break;
      delays.push(row!.notBefore.getTime() - clock.now().getTime());
      clock.set(row!.notBefore);
    }
    expect(delays).toEqual([1500, 3000, 6000, 12000, 24000, 48000, 96000]); // 2 s doubling, jitter at half, to attempt 7
    await dispatcher.runOnce(); // the ops notice
    const all = await rows();
    expect(all.map((r) => [r.template, r.status, r.attempts])).toEqual([['alert.notice', 'parked', 8], ['outbox.parked', 'sent', 1]]);
    expect(attempts.filter((t) => t === 'alert.notice')).toHaveLength(8);
    await dispatcher.stop();
  });

  it('parks a message the platform refuses, without retrying it', async () => {
    const { clock, dispatcher } = setup({ deliver: async () => { throw new DeliveryError('rejected', 'code 230002: bot not in chat'); } });
    await enqueueMessage(db.sql, SETTINGS, alert('refused', { severity: 'critical' }), clock.now());
    expect((await dispatcher.runOnce()).parked).toBe(1);
    expect(await db.sql`select status, attempts, last_error from outbox_messages`).toMatchObject([{ status: 'parked', attempts: 1, lastError: 'code 230002: bot not in chat' }]);
    await dispatcher.stop();
  });

  it('waits as long as the platform’s rate-limit reset says', async () => {
    let calls = 0;
    const { clock, dispatcher } = setup({ deliver: async () => {
      if (++calls === 1) throw new DeliveryError('rate_limited', 'code 99991400', 30_000);
      return { channelMessageId: 'om_ok' };
    } });
    await enqueueMessage(db.sql, SETTINGS, alert('busy', { severity: 'critical' }), clock.now());
    await dispatcher.runOnce();
    const [row] = await rows();
    expect(row!.notBefore.getTime() - clock.now().getTime()).toBe(30_000);
    clock.advance(30_000);
    await dispatcher.runOnce();
    expect((await rows())[0]).toMatchObject({ status: 'sent', channelMessageId: 'om_ok' });
    await dispatcher.stop();
  });

  it('collapses a burst of alerts to one chat into one digest, and leaves a lone alert alone', async () => {
    const { clock, delivered, dispatcher } = setup();
    for (let i = 0; i < 7; i++) await enqueueMessage(db.sql, SETTINGS, alert(`burst-${i}`, { digestible: true, recipient: { kind: 'chat', channel: 'feishu', chatId: 'oc_branch' } }), clock.now());
    await enqueueMessage(db.sql, SETTINGS, alert('alone', { digestible: true }), clock.now());
    await dispatcher.runOnce();
    expect(delivered).toHaveLength(0); // the gathering window has not passed
    clock.advance(2_000);
    await dispatcher.runOnce();
    expect(delivered.map((d) => [d.template, d.recipient])).toEqual(expect.arrayContaining([['alert.digest', 'oc_branch'], ['alert.notice', 'S000001']]));
    expect(delivered).toHaveLength(2);
    const digest = delivered.find((d) => d.template === 'alert.digest')!;
    expect((digest.data.items as unknown[]).length).toBe(7);
    const statuses = await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from outbox_messages group by status order by status`;
    expect(statuses).toEqual([{ status: 'digested', n: 7 }, { status: 'sent', n: 2 }]);
    await dispatcher.stop();
  });

  it('redraws a sent card in place when its subject changes, and a pending one before it goes out', async () => {
    const { clock, delivered, dispatcher } = setup();
    await enqueueMessage(db.sql, SETTINGS, alert('card-a', { subject: 'nomination:1', severity: 'critical' }), clock.now());
    await dispatcher.runOnce();
    await enqueueMessage(db.sql, SETTINGS, alert('card-b', { subject: 'nomination:1', recipient: { kind: 'staff', staffCode: 'S000002' } }), clock.now());
    await db.sql.begin((tx) => updateSubjectCards(tx, 'nomination:1', { template: 'alert.notice', data: { title: 'decided', severity: 'info', lines: [] }, version: 'approved' }, clock.now()));
    await db.sql.begin((tx) => updateSubjectCards(tx, 'nomination:1', { template: 'alert.notice', data: { title: 'decided', severity: 'info', lines: [] }, version: 'approved' }, clock.now()));
    clock.advance(600_000);
    await dispatcher.runOnce();
    expect(delivered.map((d) => [d.kind, d.idempotencyKey, d.targetMessageId ?? null, (d.data as { title: string }).title])).toEqual(expect.arrayContaining([
      ['send', 'card-a', null, 'card-a'],
      ['update', expect.stringContaining('upd:'), 'om_1', 'decided'],
      ['send', 'card-b', null, 'decided'],
    ]));
    expect(delivered).toHaveLength(3); // the same change twice updates once
    await dispatcher.stop();
  });

  it('sends only the newest redraw of a card when several are queued, so updates never land out of order', async () => {
    const { clock, delivered, dispatcher } = setup();
    await enqueueMessage(db.sql, SETTINGS, alert('card-x', { subject: 'complaint:9', severity: 'critical' }), clock.now());
    await dispatcher.runOnce();
    for (const version of ['2', '3']) {
      await db.sql.begin((tx) => updateSubjectCards(tx, 'complaint:9', { template: 'alert.notice', data: { title: `v${version}`, severity: 'info', lines: [] }, version }, clock.now()));
    }
    await dispatcher.runOnce();
    expect(delivered.filter((d) => d.kind === 'update').map((d) => (d.data as { title: string }).title)).toEqual(['v3']);
    expect(await db.sql`select status from outbox_messages where kind = 'update' order by id`).toEqual([{ status: 'cancelled' }, { status: 'sent' }]);
    await dispatcher.stop();
  });

  it('lets one instance dispatch at a time (a lease), and another take over when it lapses', async () => {
    const clock = fixedClock(MORNING);
    const a = setup({ clock, instanceId: 'a', leaseMs: 10_000 });
    const b = setup({ clock, instanceId: 'b', leaseMs: 10_000 });
    await enqueueMessage(db.sql, SETTINGS, alert('first', { severity: 'critical' }), clock.now());
    await a.dispatcher.runOnce();
    await enqueueMessage(db.sql, SETTINGS, alert('second', { severity: 'critical' }), clock.now());
    await b.dispatcher.runOnce();
    expect([a.delivered.length, b.delivered.length]).toEqual([1, 0]);
    clock.advance(11_000); // a stopped renewing (it died)
    await b.dispatcher.runOnce();
    expect(b.delivered.map((d) => d.idempotencyKey)).toEqual(['second']);
  });

  it('after a crash between the send and its record, re-sends with the same key once the claim lapses', async () => {
    const clock = fixedClock(MORNING);
    let crash = true;
    const keys: string[] = [];
    const deliver = async (d: Delivery) => {
      keys.push(d.idempotencyKey);
      if (crash) return new Promise<never>(() => {}); // the process died mid-send: no answer, no record
      return { channelMessageId: 'om_again' };
    };
    const dying = setup({ clock, deliver, instanceId: 'dying', leaseMs: 5_000, claimMs: 20_000 });
    await enqueueMessage(db.sql, SETTINGS, alert('once', { severity: 'critical' }), clock.now());
    void dying.dispatcher.runOnce();
    await expect.poll(() => keys.length).toBe(1);
    crash = false;
    const next = setup({ clock, deliver, instanceId: 'next', leaseMs: 5_000, claimMs: 20_000 });
    clock.advance(6_000);
    await next.dispatcher.runOnce();
    expect(keys).toHaveLength(1); // claimed by the dead instance until its claim lapses
    clock.advance(15_000);
    await next.dispatcher.runOnce();
    expect(keys).toEqual(['once', 'once']); // the platform dedupes on this key
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2, channelMessageId: 'om_again' });
  });
});
