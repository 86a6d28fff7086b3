import type { Queryable } from '../../../db/types.ts';

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  createdAt: Date;
}

export async function insertSession(
  sql: Queryable,
  session: { tokenHash: string; userId: string; csrfToken: string; now: Date; expiresAt: Date },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
    values (${session.tokenHash}, ${session.userId}, ${session.csrfToken}, ${session.now}, ${session.now}, ${session.expiresAt})
    returning id`;
  return String(row!.id);
}

/** A live session: not revoked and not past its absolute expiry (idle expiry is the caller's rule). */
export async function findLiveSession(sql: Queryable, tokenHash: string, now: Date): Promise<SessionRecord | undefined> {
  const [row] = await sql<SessionRecord[]>`
    select id, user_id, csrf_token, last_seen_at, expires_at, created_at
    from sessions
    where token_hash = ${tokenHash} and revoked_at is null and expires_at > ${now}`;
  return row ? { ...row, id: String(row.id), userId: String(row.userId) } : undefined;
}

export async function touchSession(sql: Queryable, id: string, now: Date): Promise<void> {
  await sql`update sessions set last_seen_at = ${now} where id = ${id}`;
}

export async function revokeSessionById(sql: Queryable, id: string, now: Date): Promise<void> {
  await sql`update sessions set revoked_at = ${now} where id = ${id} and revoked_at is null`;
}

/** Revokes every live session of a user but `exceptId`; returns their ids (sockets on them are then closed). */
export async function revokeSessionsOfUser(sql: Queryable, userId: string, now: Date, exceptId: string | null = null): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    update sessions set revoked_at = ${now}
    where user_id = ${userId} and revoked_at is null and id is distinct from ${exceptId}::bigint
    returning id`;
  return rows.map((r) => String(r.id));
}
