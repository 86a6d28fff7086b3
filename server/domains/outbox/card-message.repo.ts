import type { Queryable } from '../../../db/types.ts';

/**
 * What a card we sent is about: the subject of the `send` row delivered as one of these platform
 * message ids on that channel (the dispatcher records each id so later changes can redraw the card).
 * The first id in `channelMessageIds` that names a card wins. Image replies are rare, so this reads
 * without an index of its own.
 */
export async function selectSubjectOfChannelMessage(sql: Queryable, channel: string, channelMessageIds: string[]): Promise<string | undefined> {
  if (channelMessageIds.length === 0) return undefined;
  const rows = await sql<Array<{ subject: string; channelMessageId: string }>>`
    select subject, channel_message_id from outbox_messages
    where channel = ${channel} and kind = 'send' and subject is not null and channel_message_id = any(${channelMessageIds}::text[])`;
  for (const id of channelMessageIds) {
    const hit = rows.find((r) => r.channelMessageId === id);
    if (hit) return hit.subject;
  }
  return undefined;
}
