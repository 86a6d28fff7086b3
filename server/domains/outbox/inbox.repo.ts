import type { Queryable } from '../../../db/types.ts';

/** True the first time a key is recorded: inbound de-duplication that survives a restart. */
export async function recordInboxKey(sql: Queryable, key: string, at: Date): Promise<boolean> {
  const rows = await sql`insert into bot_inbox (key, received_at) values (${key}, ${at}) on conflict (key) do nothing returning key`;
  return rows.length > 0;
}

/** Feishu redelivers for hours at most; a week of keys is plenty. */
export async function pruneInbox(sql: Queryable, before: Date): Promise<number> {
  const rows = await sql`delete from bot_inbox where received_at < ${before} returning key`;
  return rows.length;
}
