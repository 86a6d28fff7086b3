/**
 * Fresh cards before Feishu's 14-day update window closes (ADR 0024). `refreshAgingCards` (the
 * `cards.refresh` job) re-sends every card of a still-open subject once it is `refreshAfterDays`
 * old; the dispatcher calls `refreshInsteadOfRedraw` when a redraw reaches a card past the
 * window (after downtime) and `queueRetirement` once a fresh card is out, so the old one turns
 * into a short "此卡片已更新，请使用最新卡片" while Feishu still accepts the update.
 */
import type { Db } from '../../../db/client.ts';
import type { Queryable } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  cancelPendingRedraws, isReplacedMessage, latestVersionOf, linkReplacement, lockReplaceableCard, selectAgingLiveCards, selectRowById,
} from './card-refresh.repo.ts';
import { insideUpdateWindow, refreshCutoff, RETIRE_MARGIN_MS, RETIRED_CARD_TEMPLATE } from './card-refresh.rules.ts';
import { insertOutboxRow } from './outbox.repo.ts';
import { idempotencyKeyOf } from './outbox.service.ts';
import { OUTBOX_QUEUED_CHANNEL, type OutboxRow } from './outbox.types.ts';

const BATCH = 500;

/**
 * Queues a fresh copy of a sent card (the newest version of it, or `version` when a redraw brings
 * one) and marks the old card replaced, in the caller's transaction. The key is per card
 * generation (`refresh:<old id>`), also Feishu's `uuid`: a retry or a second instance sends once.
 * Returns the fresh row's id, or undefined when the card was already replaced.
 */
export async function refreshCard(tx: Queryable, cardId: number, now: Date, version?: { template: string; data: Record<string, unknown> }): Promise<number | undefined> {
  const card = await lockReplaceableCard(tx, cardId);
  if (!card) return undefined;
  const latest = version ?? (await latestVersionOf(tx, card));
  const fresh = await insertOutboxRow(tx, {
    idempotencyKey: idempotencyKeyOf(`refresh:${card.id}`),
    channel: card.channel, recipientKind: card.recipientKind, recipient: card.recipient, kind: 'send', targetId: null, subject: card.subject,
    template: latest.template, data: latest.data, locale: card.locale, severity: card.severity,
    // Quiet hours hold the copy as they held the original (the day left in the window covers a
    // night); it is never folded into a digest: it must stay a card with its buttons.
    statutory: card.statutory, digestible: false, notBefore: now, createdAt: now,
  });
  await linkReplacement(tx, card.id, fresh.id);
  await cancelPendingRedraws(tx, card.id, fresh.id);
  return fresh.id;
}

/** The job: every live card `refreshAfterDays` old or older gets a fresh copy. Once per slot, any instance. */
export async function refreshAgingCards(deps: { db: Db; clock: Clock }, options: { refreshAfterDays: number }): Promise<{ checked: number; refreshed: number }> {
  const now = deps.clock.now();
  const cards = await selectAgingLiveCards(deps.db.sql, refreshCutoff(now, options.refreshAfterDays), BATCH);
  let refreshed = 0;
  for (const card of cards) {
    const fresh = await deps.db.changes.transaction(async (tx, changes) => {
      const id = await refreshCard(tx, card.id, now);
      if (id !== undefined) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
      return id;
    });
    if (fresh !== undefined) refreshed++;
  }
  return { checked: cards.length, refreshed };
}

/**
 * A redraw reached a card Feishu no longer lets us update: the redraw's version goes out as a
 * fresh card instead (and the redraw row is closed by the caller, not parked).
 */
export async function refreshInsteadOfRedraw(tx: Queryable, redraw: OutboxRow, now: Date): Promise<number | undefined> {
  return refreshCard(tx, redraw.targetId!, now, { template: redraw.template, data: redraw.data });
}

/**
 * After a fresh card is out: retire the card it replaces, if Feishu still accepts an update of it
 * (a card already past the window keeps its look; a click on it gets the toast instead).
 */
export async function queueRetirement(sql: Queryable, fresh: OutboxRow, now: Date): Promise<boolean> {
  if (fresh.refreshOf === null) return false;
  const old = await selectRowById(sql, fresh.refreshOf);
  if (!old || !insideUpdateWindow(old.sentAt, now, RETIRE_MARGIN_MS)) return false;
  const { created } = await insertOutboxRow(sql, {
    idempotencyKey: idempotencyKeyOf(`retire:${old.id}`),
    channel: old.channel, recipientKind: old.recipientKind, recipient: old.recipient, kind: 'update', targetId: old.id, subject: old.subject,
    template: RETIRED_CARD_TEMPLATE, data: { template: fresh.template, data: fresh.data },
    locale: old.locale, severity: 'info', statutory: true, digestible: false, notBefore: now, createdAt: now,
  });
  return created;
}

export const isReplacedCard = (sql: Queryable, channelMessageId: string): Promise<boolean> => isReplacedMessage(sql, channelMessageId);
