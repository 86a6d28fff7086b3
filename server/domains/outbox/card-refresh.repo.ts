import type { Queryable } from '../../../db/types.ts';
import { OUTBOX_COLUMNS, toRow, type RawOutboxRow } from './outbox.repo.ts';
import type { OutboxRow } from './outbox.types.ts';

/**
 * Feishu cards sent at or before `cutoff`, not yet re-sent, whose subject is still open: a
 * complaint not closed, a rectification not verified, a nomination pending, a care digest with a
 * task still open. The subject key is how every domain names its cards (`complaint:7`,
 * `rectification:3`, `nomination:12`, `care:<branch>:<day>[:<staff>]`); finished subjects' cards
 * keep no buttons worth clicking, so they are left to age.
 */
export async function selectAgingLiveCards(sql: Queryable, cutoff: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await sql<RawOutboxRow[]>`
    select ${sql(OUTBOX_COLUMNS.map((c) => `m.${c}`) as never)} from outbox_messages m
    where m.kind = 'send' and m.status = 'sent' and m.replaced_by is null and m.subject is not null
      and m.channel = 'feishu' and m.channel_message_id is not null and m.sent_at <= ${cutoff}
      and case split_part(m.subject, ':', 1)
        when 'complaint' then exists (
          select 1 from complaints c where c.id::text = split_part(m.subject, ':', 2) and c.status <> 'closed')
        when 'rectification' then exists (
          select 1 from rectifications r where r.id::text = split_part(m.subject, ':', 2) and r.status <> 'verified')
        when 'nomination' then exists (
          select 1 from nominations n where n.id::text = split_part(m.subject, ':', 2) and n.status = 'pending')
        when 'care' then exists (
          select 1 from care_tasks t
          join branches b on b.id = t.branch_id
          left join staff s on s.id = t.assignee_id
          where b.code = split_part(m.subject, ':', 2) and t.appears_on::text = split_part(m.subject, ':', 3) and t.status = 'open'
            and (split_part(m.subject, ':', 4) = '' or s.code = split_part(m.subject, ':', 4)))
        else false
      end
    order by m.sent_at, m.id
    limit ${limit}`;
  return rows.map(toRow);
}

/** The sent card, locked, if it has not been replaced yet (two instances: the second finds nothing). */
export async function lockReplaceableCard(sql: Queryable, id: number): Promise<OutboxRow | undefined> {
  const [row] = await sql<RawOutboxRow[]>`
    select ${sql(OUTBOX_COLUMNS)} from outbox_messages
    where id = ${id} and kind = 'send' and status = 'sent' and replaced_by is null
    for update`;
  return row ? toRow(row) : undefined;
}

/** What the card shows now: its newest redraw (even one not delivered yet), else the send itself. */
export async function latestVersionOf(sql: Queryable, card: OutboxRow): Promise<{ template: string; data: Record<string, unknown> }> {
  const [update] = await sql<{ template: string; data: Record<string, unknown> }[]>`
    select template, data from outbox_messages
    where target_id = ${card.id} and kind = 'update' and status <> 'cancelled' and template <> 'card.retired'
    order by id desc limit 1`;
  return update ?? { template: card.template, data: card.data };
}

export async function linkReplacement(sql: Queryable, oldId: number, freshId: number): Promise<void> {
  await sql`update outbox_messages set refresh_of = ${oldId} where id = ${freshId} and refresh_of is null`;
  await sql`update outbox_messages set replaced_by = ${freshId} where id = ${oldId}`;
}

/** Redraws still waiting for the old card: the fresh card carries their data, so they are dropped. */
export async function cancelPendingRedraws(sql: Queryable, oldId: number, freshId: number): Promise<number> {
  const rows = await sql`
    update outbox_messages set status = 'cancelled', last_error = ${`the card was re-sent as #${freshId}`}
    where target_id = ${oldId} and kind = 'update' and status = 'pending' and template <> 'card.retired'
    returning id`;
  return rows.length;
}

/** Whether this platform message is a card that was replaced by a fresh one. */
export async function isReplacedMessage(sql: Queryable, channelMessageId: string): Promise<boolean> {
  const rows = await sql`select 1 from outbox_messages where channel_message_id = ${channelMessageId} and kind = 'send' and replaced_by is not null limit 1`;
  return rows.length > 0;
}

export async function selectRowById(sql: Queryable, id: number): Promise<OutboxRow | undefined> {
  const [row] = await sql<RawOutboxRow[]>`select ${sql(OUTBOX_COLUMNS)} from outbox_messages where id = ${id}`;
  return row ? toRow(row) : undefined;
}
