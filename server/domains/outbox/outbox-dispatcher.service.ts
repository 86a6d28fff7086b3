/**
 * The outbox dispatcher: one instance at a time (a lease row) claims due rows, collapses bursts to
 * one chat into digests, respects quiet hours and the platforms' rate limits, delivers through the
 * bot, records the platform's message id, retries with backoff and jitter, and parks a message that
 * keeps failing (telling the operators' chat). A crash between a send and its status update
 * re-sends with the same idempotency key, which the platform delivers once.
 */
import type { Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  acquireLease, claimDue, hasNewerUpdate, insertOutboxRow, lockDigestItems, markCancelled, markDigested, markParked, markRetry, markSent, releaseLease,
  selectChatQuietHours, selectDigestGroups, selectOpsChats, selectRowsByIds,
} from './outbox.repo.ts';
import {
  DIGEST_MAX_ITEMS, DIGEST_THRESHOLD, DIGEST_WINDOW_MS, MAX_ATTEMPTS, SlidingWindows, limitChecks, parseQuietHours, quietUntil, retryDelayMs, spreadFromPeaks,
} from './outbox.rules.ts';
import { idempotencyKeyOf } from './outbox.service.ts';
import { queueRetirement, refreshInsteadOfRedraw } from './card-refresh.service.ts';
import { insideUpdateWindow, isUpdateWindowRefusal, RETIRED_CARD_TEMPLATE } from './card-refresh.rules.ts';
import { DeliveryError, type DeliverPort, type OutboxRow } from './outbox.types.ts';

const LEASE_NAME = 'outbox.dispatcher';
const CLAIM_BATCH = 100;
/** A rate-limit wait shorter than this is slept in place; a longer one puts the row back. */
const MAX_INLINE_WAIT_MS = 3_000;
/** A claimed row is sent only while its claim has at least this long to run (a send may take 10 s). */
const CLAIM_MARGIN_MS = 12_000;

export interface OutboxDispatcherOptions {
  db: { sql: Sql };
  clock: Clock;
  deliver: DeliverPort;
  logger: Logger;
  instanceId: string;
  timeZone: string;
  /** The bank-wide quiet hours (`22:00-08:00`), unless a chat binding says otherwise. */
  quietHours: string | null;
  pollMs?: number;
  leaseMs?: number;
  /** How long a claimed row is this instance's before another may re-send it. */
  claimMs?: number;
  concurrency?: number;
  /** Real elapsed time for the rate limits (the injected clock may stand still in tests). */
  monotonicNow?: () => number;
  random?: () => number;
}

export interface PassResult {
  sent: number;
  retried: number;
  parked: number;
  digests: number;
}

export interface OutboxDispatcher {
  start(): void;
  /** Stops polling, waits for the pass in flight, and gives the lease back. */
  stop(): Promise<void>;
  runOnce(): Promise<PassResult>;
  /** Runs a pass soon (a message was just queued). */
  wake(): void;
}

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { db, clock, deliver, logger, instanceId, timeZone } = options;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 15_000;
  const claimMs = options.claimMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  const mono = options.monotonicNow ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const windows = new SlidingWindows();
  const defaultQuiet = parseQuietHours(options.quietHours);
  let leaseUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PassResult> | undefined;
  let stopped = false;
  let quietCache: { at: number; byChat: Map<string, { start: number; end: number }> } | undefined;

  async function holdsLease(now: Date): Promise<boolean> {
    if (leaseUntil - now.getTime() > leaseMs / 2) return true;
    const until = new Date(now.getTime() + leaseMs);
    leaseUntil = (await acquireLease(db.sql, LEASE_NAME, instanceId, now, until)) ? until.getTime() : 0;
    return leaseUntil > 0;
  }

  async function quietFor(row: OutboxRow): Promise<{ start: number; end: number } | undefined> {
    if (!quietCache || mono() - quietCache.at > 30_000) {
      const rows = await selectChatQuietHours(db.sql);
      quietCache = { at: mono(), byChat: new Map(rows.flatMap((r) => { const q = parseQuietHours(r.quietHours); return q ? [[`${r.channel}:${r.chatId}`, q] as const] : []; })) };
    }
    return (row.recipientKind === 'chat' && quietCache.byChat.get(`${row.channel}:${row.recipient}`)) || defaultQuiet;
  }

  async function collapseDigests(now: Date): Promise<number> {
    let digests = 0;
    const horizon = new Date(now.getTime() + DIGEST_WINDOW_MS);
    for (const group of await selectDigestGroups(db.sql, now, horizon, DIGEST_THRESHOLD)) {
      digests += await db.sql.begin(async (tx) => {
        const items = await lockDigestItems(tx, group, horizon, DIGEST_MAX_ITEMS);
        if (items.length < DIGEST_THRESHOLD) return 0;
        const first = items[0]!;
        const severity = items.some((i) => i.severity === 'critical') ? 'critical' : items.some((i) => i.severity === 'warning') ? 'warning' : 'info';
        const digest = await insertOutboxRow(tx, {
          idempotencyKey: idempotencyKeyOf(`digest:${first.id}:${items.at(-1)!.id}:${items.length}`),
          channel: first.channel, recipientKind: first.recipientKind, recipient: first.recipient, kind: 'send', targetId: null, subject: null,
          template: 'alert.digest', data: { items: items.map((i) => ({ template: i.template, data: i.data, severity: i.severity })) },
          locale: first.locale, severity, statutory: items.some((i) => i.statutory), digestible: false, notBefore: now, createdAt: now,
        });
        await markDigested(tx, items.map((i) => i.id), digest.id);
        return 1;
      });
    }
    return digests;
  }

  async function notifyOperators(row: OutboxRow, error: string, now: Date): Promise<void> {
    if (row.template === 'outbox.parked') return;
    for (const chat of await selectOpsChats(db.sql)) {
      await insertOutboxRow(db.sql, {
        idempotencyKey: idempotencyKeyOf(`parked:${row.id}:${chat.channel}:${chat.chatId}`),
        channel: chat.channel, recipientKind: 'chat', recipient: chat.chatId, kind: 'send', targetId: null, subject: null,
        template: 'outbox.parked', data: { outboxId: row.id, template: row.template, channel: row.channel, attempts: row.attempts, error: error.slice(0, 200) },
        locale: 'zh-CN', severity: 'warning', statutory: true, digestible: false, notBefore: now, createdAt: now,
      });
    }
  }

  /**
   * Whether this instance may still send the rows it claimed: its lease renewed (another instance
   * would otherwise take over and send the same rows) and their claim not about to lapse.
   */
  async function stillHeld(now: Date, claimedUntil: Date): Promise<boolean> {
    if (claimedUntil.getTime() - now.getTime() < Math.min(CLAIM_MARGIN_MS, claimMs / 2)) return false;
    return !stopped && (await holdsLease(now));
  }

  /** A redraw too late for its card: the redraw's version goes out as a fresh card, nothing parks. */
  async function resendInstead(row: OutboxRow, why: string, result: PassResult): Promise<void> {
    const at = clock.now();
    const fresh = await db.sql.begin(async (tx) => {
      const id = await refreshInsteadOfRedraw(tx, row, at);
      await markCancelled(tx, row.id, id === undefined ? `${why}: the card was already re-sent` : `${why}: re-sent as #${id}`);
      return id;
    });
    logger.info({ outboxId: row.id, targetId: row.targetId, freshId: fresh }, 'card past its update window re-sent instead of redrawn');
    result.retried++;
  }

  async function deliverOne(row: OutboxRow, targets: Map<number, OutboxRow>, result: PassResult, claimedUntil: Date): Promise<void> {
    const now = clock.now();
    let targetMessageId: string | undefined;
    if (!(await stillHeld(now, claimedUntil))) return void (await markRetry(db.sql, row.id, now, null, true));
    if (row.kind === 'update') {
      if (await hasNewerUpdate(db.sql, row)) return void (await markCancelled(db.sql, row.id, 'a newer version of the card was queued'));
      const target = targets.get(row.targetId!);
      if (!target || ['parked', 'cancelled', 'digested'].includes(target.status)) return void (await markCancelled(db.sql, row.id, 'the card to update was never sent'));
      if (target.status !== 'sent' || !target.channelMessageId) return void (await markRetry(db.sql, row.id, new Date(now.getTime() + 2_000), null, true));
      const retiring = row.template === RETIRED_CARD_TEMPLATE;
      // A replaced card keeps only its retirement; its subject's redraws go to the fresh card.
      if (target.replacedBy !== null && !retiring) return void (await markCancelled(db.sql, row.id, `the card was re-sent as #${target.replacedBy}`));
      if (row.channel === 'feishu' && !insideUpdateWindow(target.sentAt, now)) {
        if (retiring) return void (await markCancelled(db.sql, row.id, 'past the 14-day update window: the old card stays as it is'));
        return void (await resendInstead(row, `past Feishu's 14-day update window`, result));
      }
      targetMessageId = target.channelMessageId;
    }
    if (!row.statutory) {
      const allowedAt = quietUntil(now, await quietFor(row), timeZone);
      // Quiet hours end on the hour: what they held is spread off that peak too.
      if (allowedAt > now) return void (await markRetry(db.sql, row.id, spreadFromPeaks(allowedAt, row.idempotencyKey), null, true));
    }
    for (;;) {
      const wait = windows.reserve(limitChecks(row), mono());
      if (wait === 0) break;
      if (wait > MAX_INLINE_WAIT_MS || stopped) return void (await markRetry(db.sql, row.id, new Date(now.getTime() + wait), null, true));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      const { channelMessageId } = await deliver({
        channel: row.channel, recipientKind: row.recipientKind, recipient: row.recipient, kind: row.kind, targetMessageId,
        template: row.template, data: row.data, locale: row.locale, idempotencyKey: row.idempotencyKey,
      });
      await markSent(db.sql, row.id, channelMessageId, clock.now());
      result.sent++;
      if (row.refreshOf !== null) await queueRetirement(db.sql, row, clock.now());
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('retry', error instanceof Error ? error.message : String(error));
      const at = clock.now();
      const target = row.kind === 'update' ? targets.get(row.targetId!) : undefined;
      if (failure.kind === 'rejected' && target && row.channel === 'feishu' && isUpdateWindowRefusal(failure.message, target.sentAt, at)) {
        // Too late for the old card: a retirement is given up (a click there gets the toast); a redraw re-sends.
        if (row.template === RETIRED_CARD_TEMPLATE) return void (await markCancelled(db.sql, row.id, `too late to retire: ${failure.message.slice(0, 120)}`));
        return resendInstead(row, `Feishu refused the update for the card's age (${failure.message.slice(0, 120)})`, result);
      }
      if (failure.kind === 'rejected' || row.attempts >= MAX_ATTEMPTS) {
        await markParked(db.sql, row.id, failure.message);
        await notifyOperators(row, failure.message, at);
        logger.warn({ outboxId: row.id, template: row.template, channel: row.channel, attempts: row.attempts, reason: failure.message }, 'outbox message parked');
        result.parked++;
        return;
      }
      const delay = retryDelayMs(row.attempts, random(), failure.retryAfterMs);
      await markRetry(db.sql, row.id, new Date(at.getTime() + delay), failure.message);
      logger.info({ outboxId: row.id, attempts: row.attempts, retryInMs: delay, kind: failure.kind }, 'outbox delivery will be retried');
      result.retried++;
    }
  }

  async function pass(): Promise<PassResult> {
    const result: PassResult = { sent: 0, retried: 0, parked: 0, digests: 0 };
    const now = clock.now();
    if (!(await holdsLease(now))) return result;
    result.digests = await collapseDigests(now);
    const claimedUntil = new Date(now.getTime() + claimMs);
    const rows = await claimDue(db.sql, now, claimedUntil, CLAIM_BATCH);
    if (rows.length === 0) return result;
    const targetIds = rows.flatMap((r) => (r.targetId === null ? [] : [r.targetId]));
    const targets = new Map((await selectRowsByIds(db.sql, targetIds)).map((r) => [r.id, r]));
    let next = 0;
    const worker = async () => {
      while (next < rows.length) await deliverOne(rows[next++]!, targets, result, claimedUntil);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
    return result;
  }

  function runOnce(): Promise<PassResult> {
    running ??= pass().finally(() => (running = undefined));
    return running;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      let busy = false;
      try {
        const result = await runOnce();
        busy = result.sent + result.retried + result.parked + result.digests > 0;
      } catch (error) {
        logger.error({ err: error }, 'outbox pass failed');
      }
      schedule(busy ? 0 : pollMs);
    }, delay);
    timer.unref?.();
  }

  return {
    start: () => schedule(0),
    wake: () => schedule(0),
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      if (leaseUntil > 0) await releaseLease(db.sql, LEASE_NAME, instanceId).catch(() => undefined);
    },
  };
}
