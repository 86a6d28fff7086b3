import type { Queryable } from '../../../db/types.ts';
import type { OutboxChannel, OutboxRow, OutboxStatus } from './outbox.types.ts';

const COLUMNS = [
  'id', 'idempotency_key', 'channel', 'recipient_kind', 'recipient', 'kind', 'target_id', 'subject', 'template', 'data', 'locale',
  'severity', 'statutory', 'digestible', 'status', 'not_before', 'attempts', 'last_error', 'channel_message_id', 'digest_id', 'created_at', 'sent_at',
  'refresh_of', 'replaced_by',
] as const;

type Raw = Omit<OutboxRow, 'id' | 'targetId' | 'digestId' | 'refreshOf' | 'replacedBy'> & { id: string; targetId: string | null; digestId: string | null; refreshOf: string | null; replacedBy: string | null };
const idOrNull = (v: string | null): number | null => (v === null ? null : Number(v));
export const toRow = (r: Raw): OutboxRow => ({
  ...r, id: Number(r.id), targetId: idOrNull(r.targetId), digestId: idOrNull(r.digestId), refreshOf: idOrNull(r.refreshOf), replacedBy: idOrNull(r.replacedBy),
});
export { COLUMNS as OUTBOX_COLUMNS, type Raw as RawOutboxRow };

export interface NewOutboxRow {
  idempotencyKey: string;
  channel: OutboxChannel;
  recipientKind: 'staff' | 'chat';
  recipient: string;
  kind: 'send' | 'update';
  targetId: number | null;
  subject: string | null;
  template: string;
  data: Record<string, unknown>;
  locale: string;
  severity: string;
  statutory: boolean;
  digestible: boolean;
  status?: OutboxStatus;
  notBefore: Date;
  createdAt: Date;
}

/** Inserts unless a row with the same key exists (a re-run of the same change); returns the id either way. */
export async function insertOutboxRow(sql: Queryable, row: NewOutboxRow): Promise<{ id: number; created: boolean }> {
  const [inserted] = await sql<{ id: string }[]>`
    insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, kind, target_id, subject, template, data, locale,
                                 severity, statutory, digestible, status, not_before, created_at)
    values (${row.idempotencyKey}, ${row.channel}, ${row.recipientKind}, ${row.recipient}, ${row.kind}, ${row.targetId}, ${row.subject},
            ${row.template}, ${sql.json(row.data as never)}, ${row.locale}, ${row.severity}, ${row.statutory}, ${row.digestible},
            ${row.status ?? 'pending'}, ${row.notBefore}, ${row.createdAt})
    on conflict (idempotency_key) do nothing
    returning id`;
  if (inserted) return { id: Number(inserted.id), created: true };
  const [existing] = await sql<{ id: string }[]>`select id from outbox_messages where idempotency_key = ${row.idempotencyKey}`;
  return { id: Number(existing!.id), created: false };
}

/**
 * Sends of a subject: pending ones get the new data; sent ones get an update row each. A card
 * re-sent before Feishu's 14-day window closed is left out: its fresh card is redrawn instead.
 */
export async function selectSendsOfSubject(sql: Queryable, subject: string): Promise<OutboxRow[]> {
  const rows = await sql<Raw[]>`
    select ${sql(COLUMNS)} from outbox_messages
    where subject = ${subject} and kind = 'send' and status in ('pending', 'sending', 'sent') and replaced_by is null
    order by id`;
  return rows.map(toRow);
}

export async function updatePendingData(sql: Queryable, id: number, template: string, data: Record<string, unknown>): Promise<void> {
  await sql`update outbox_messages set template = ${template}, data = ${sql.json(data as never)} where id = ${id} and status = 'pending'`;
}

/**
 * Chats with an alert due and enough digestible alerts gathered (due, or due within `horizon`:
 * the rest of a burst is pulled forward into the same digest instead of trickling out alone).
 */
export async function selectDigestGroups(sql: Queryable, now: Date, horizon: Date, threshold: number): Promise<Array<{ channel: OutboxChannel; recipientKind: 'staff' | 'chat'; recipient: string }>> {
  return sql<Array<{ channel: OutboxChannel; recipientKind: 'staff' | 'chat'; recipient: string }>>`
    select channel, recipient_kind, recipient from outbox_messages
    where status = 'pending' and digestible and kind = 'send' and attempts = 0 and not_before <= ${horizon}
    group by channel, recipient_kind, recipient
    having count(*) >= ${threshold} and min(not_before) <= ${now}
    limit 1000`;
}

/** Locks the gathered digestible rows of one chat (oldest first) for collapsing. */
export async function lockDigestItems(sql: Queryable, group: { channel: string; recipientKind: string; recipient: string }, horizon: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await sql<Raw[]>`
    select ${sql(COLUMNS)} from outbox_messages
    where status = 'pending' and digestible and kind = 'send' and attempts = 0 and not_before <= ${horizon}
      and channel = ${group.channel} and recipient_kind = ${group.recipientKind} and recipient = ${group.recipient}
    order by id
    limit ${limit}
    for update skip locked`;
  return rows.map(toRow);
}

export async function markDigested(sql: Queryable, ids: number[], digestId: number): Promise<void> {
  await sql`update outbox_messages set status = 'digested', digest_id = ${digestId} where id = any(${ids}::bigint[])`;
}

/**
 * Claims due rows: pending ones, and `sending` ones whose claim expired (the instance died mid-send;
 * the idempotency key makes the re-send safe). Counts the attempt.
 */
export async function claimDue(sql: Queryable, now: Date, claimUntil: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await sql<Raw[]>`
    update outbox_messages set status = 'sending', claimed_until = ${claimUntil}, attempts = attempts + 1
    where id in (
      select id from outbox_messages
      where status in ('pending', 'sending') and not_before <= ${now} and (status = 'pending' or claimed_until < ${now})
      order by not_before, id
      limit ${limit}
      for update skip locked)
    returning ${sql(COLUMNS)}`;
  return rows.map(toRow).sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id);
}

export async function selectRowsByIds(sql: Queryable, ids: number[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Raw[]>`select ${sql(COLUMNS)} from outbox_messages where id = any(${ids}::bigint[])`;
  return rows.map(toRow);
}

export async function markSent(sql: Queryable, id: number, channelMessageId: string, at: Date): Promise<void> {
  await sql`update outbox_messages set status = 'sent', channel_message_id = ${channelMessageId}, sent_at = ${at}, last_error = null, claimed_until = null where id = ${id} and status = 'sending'`;
}

/** Back to pending, later; `refund` gives back the attempt when the row never reached the platform. */
export async function markRetry(sql: Queryable, id: number, notBefore: Date, error: string | null, refund = false): Promise<void> {
  await sql`
    update outbox_messages
    set status = 'pending', not_before = ${notBefore}, last_error = coalesce(${error}, last_error), claimed_until = null,
        attempts = attempts - ${refund ? 1 : 0}
    where id = ${id} and status = 'sending'`;
}

export async function markParked(sql: Queryable, id: number, error: string): Promise<void> {
  await sql`update outbox_messages set status = 'parked', last_error = ${error}, claimed_until = null where id = ${id} and status = 'sending'`;
}

export async function markCancelled(sql: Queryable, id: number, reason: string): Promise<void> {
  await sql`update outbox_messages set status = 'cancelled', last_error = ${reason}, claimed_until = null where id = ${id} and status = 'sending'`;
}

export async function countByStatus(sql: Queryable): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: string }[]>`select status, count(*) as n from outbox_messages group by status`;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function selectOutbox(sql: Queryable, filter: { status?: OutboxStatus | undefined; limit: number }): Promise<OutboxRow[]> {
  const rows = await sql<Raw[]>`
    select ${sql(COLUMNS)} from outbox_messages
    where true ${filter.status ? sql`and status = ${filter.status}` : sql``}
    order by id desc limit ${filter.limit}`;
  return rows.map(toRow);
}

/** Takes or renews the named lease; true when this holder has it until `expiresAt`. */
export async function acquireLease(sql: Queryable, name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
  const rows = await sql`
    insert into outbox_leases (name, holder, expires_at) values (${name}, ${holder}, ${expiresAt})
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where outbox_leases.holder = excluded.holder or outbox_leases.expires_at < ${now}
    returning name`;
  return rows.length > 0;
}

export async function releaseLease(sql: Queryable, name: string, holder: string): Promise<void> {
  await sql`delete from outbox_leases where name = ${name} and holder = ${holder}`;
}

export async function selectChatQuietHours(sql: Queryable): Promise<Array<{ channel: string; chatId: string; quietHours: string }>> {
  return sql<Array<{ channel: string; chatId: string; quietHours: string }>>`
    select channel, chat_id, quiet_hours from chat_bindings where quiet_hours is not null`;
}

export async function selectOpsChats(sql: Queryable): Promise<Array<{ channel: OutboxChannel; chatId: string }>> {
  return sql<Array<{ channel: OutboxChannel; chatId: string }>>`select channel, chat_id from chat_bindings where purpose = 'ops' order by id`;
}

export async function requeueParked(sql: Queryable, id: number, now: Date): Promise<boolean> {
  const rows = await sql`update outbox_messages set status = 'pending', attempts = 0, not_before = ${now}, last_error = null where id = ${id} and status = 'parked' returning id`;
  return rows.length > 0;
}

/** A later redraw of the same card exists: this one is obsolete (updates must not land out of order). */
export async function hasNewerUpdate(sql: Queryable, row: { id: number; targetId: number | null }): Promise<boolean> {
  if (row.targetId === null) return false;
  const rows = await sql`select 1 from outbox_messages where target_id = ${row.targetId} and kind = 'update' and id > ${row.id} and status <> 'cancelled' limit 1`;
  return rows.length > 0;
}
