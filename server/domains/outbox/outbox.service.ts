/**
 * Use cases that put messages into the outbox. Domains call these inside their own transaction,
 * so a message exists exactly when the change that caused it committed.
 */
import type { Queryable, Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../access/index.ts';
import { countByStatus, insertOutboxRow, requeueParked, selectOutbox, selectSendsOfSubject, updatePendingData } from './outbox.repo.ts';
import { DIGEST_WINDOW_MS, spreadFromPeaks } from './outbox.rules.ts';
import type { OutboxChannel, OutboxMessageInput, OutboxRow, OutboxStatus } from './outbox.types.ts';

/** Which channel reaches a person: Feishu when it is configured, else the local console. */
export interface OutboxSettings {
  staffChannel: OutboxChannel;
}

const FEISHU_UUID_MAX = 50;

/**
 * Queues one message. Bulk alerts (digestible, not urgent) due at :00 or :30 move off the peak —
 * the bursts Feishu asks apps to avoid come from them, not from one person's card — and wait a
 * short gathering window so a burst to one chat becomes one digest.
 */
export async function enqueueMessage(sql: Queryable, settings: OutboxSettings, input: OutboxMessageInput, now: Date): Promise<{ id: number; created: boolean }> {
  const urgent = input.statutory === true || input.severity === 'critical';
  let notBefore = urgent || !input.digestible ? now : spreadFromPeaks(now, input.key);
  if (input.digestible) notBefore = new Date(notBefore.getTime() + DIGEST_WINDOW_MS);
  const channel = input.recipient.kind === 'staff' ? settings.staffChannel : input.recipient.channel;
  return insertOutboxRow(sql, {
    idempotencyKey: idempotencyKeyOf(input.key),
    channel,
    recipientKind: input.recipient.kind,
    recipient: input.recipient.kind === 'staff' ? input.recipient.staffCode : input.recipient.chatId,
    kind: 'send',
    targetId: null,
    subject: input.subject ?? null,
    template: input.template,
    data: input.data,
    locale: input.locale ?? 'zh-CN',
    severity: input.severity ?? 'info',
    statutory: input.statutory ?? false,
    digestible: input.digestible ?? false,
    notBefore,
    createdAt: now,
  });
}

/**
 * The subject changed (claimed, approved elsewhere): every card sent about it is redrawn from the
 * new data, and one not yet sent will go out with the new data.
 */
export async function updateSubjectCards(sql: Queryable, subject: string, change: { template: string; data: Record<string, unknown>; version: string }, now: Date): Promise<number> {
  let queued = 0;
  for (const send of await selectSendsOfSubject(sql, subject)) {
    if (send.channel === 'wecom' || send.channel === 'dingtalk') continue; // robots cannot edit a message once sent
    if (send.status === 'pending') {
      await updatePendingData(sql, send.id, change.template, change.data);
      continue;
    }
    const { created } = await insertOutboxRow(sql, {
      idempotencyKey: idempotencyKeyOf(`upd:${send.id}:${change.version}`),
      channel: send.channel,
      recipientKind: send.recipientKind,
      recipient: send.recipient,
      kind: 'update',
      targetId: send.id,
      subject,
      template: change.template,
      data: change.data,
      locale: send.locale,
      severity: send.severity,
      statutory: true, // an update replaces a card already on screen: no reason to hold it
      digestible: false,
      notBefore: now,
      createdAt: now,
    });
    if (created) queued++;
  }
  return queued;
}

/** Keys longer than Feishu's 50-character `uuid` are hashed down, deterministically. */
export function idempotencyKeyOf(key: string): string {
  if (key.length <= FEISHU_UUID_MAX) return key;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    h1 = Math.imul(h1 ^ key.charCodeAt(i), 16777619);
    h2 = Math.imul(h2 ^ key.charCodeAt(key.length - 1 - i), 2246822519);
  }
  return `${key.slice(0, 30)}~${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`.slice(0, FEISHU_UUID_MAX);
}

export const listOutbox = (sql: Queryable, filter: { status?: OutboxStatus | undefined; limit: number }): Promise<OutboxRow[]> => selectOutbox(sql, filter);
export const outboxCounts = (sql: Queryable): Promise<Record<string, number>> => countByStatus(sql);

/** A parked message back in the queue, with fresh attempts; audited. */
export async function retryParked(deps: { sql: Sql; clock: Clock }, actor: Actor, id: number): Promise<void> {
  const now = deps.clock.now();
  await deps.sql.begin(async (tx) => {
    if (!(await requeueParked(tx, id, now))) throw new AppError('NOT_FOUND', `no parked outbox message ${id}`);
    await recordAudit(tx, actor, { action: 'outbox.retry', targetType: 'outbox_message', targetId: String(id) }, now);
  });
}
