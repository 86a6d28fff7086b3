import type { Queryable } from '../../../db/types.ts';
import type { Role, Scope } from './access.types.ts';
import { scopeToColumns } from './scope-columns.ts';

export async function insertSignInState(sql: Queryable, row: { stateHash: string; browserHash: string; nextPath: string; now: Date; expiresAt: Date }): Promise<void> {
  await sql`
    insert into feishu_sign_in_states (state_hash, browser_hash, next_path, created_at, expires_at)
    values (${row.stateHash}, ${row.browserHash}, ${row.nextPath}, ${row.now}, ${row.expiresAt})`;
  // Old rows are of no use to anyone: a sign-in cleans up after the ones before it.
  await sql`delete from feishu_sign_in_states where expires_at < ${new Date(row.now.getTime() - 24 * 3600_000)}`;
}

/** Marks the state used (at most once, ever) and returns it as it was before. */
export async function consumeSignInState(sql: Queryable, stateHash: string, now: Date): Promise<{ browserHash: string; nextPath: string; expiresAt: Date; usedAt: Date | null } | undefined> {
  const [row] = await sql<Array<{ browserHash: string; nextPath: string; expiresAt: Date; usedAt: Date | null }>>`
    update feishu_sign_in_states s set used_at = coalesce(s.used_at, ${now})
    from (select state_hash, used_at from feishu_sign_in_states where state_hash = ${stateHash} for update) before
    where s.state_hash = before.state_hash
    returning s.browser_hash, s.next_path, s.expires_at, before.used_at`;
  return row;
}

export interface StaffUserRow {
  id: string;
  username: string;
  active: boolean;
  signIn: 'password' | 'feishu';
}

export async function findUserOfStaff(sql: Queryable, staffCode: string): Promise<StaffUserRow | undefined> {
  const [row] = await sql<StaffUserRow[]>`
    select u.id, u.username, u.active, u.sign_in from users u join staff s on s.id = u.staff_id where s.code = ${staffCode}`;
  return row ? { ...row, id: String(row.id) } : undefined;
}

/** A user created at the first Feishu sign-in: no password (the hash is no scrypt hash, so no password matches). */
export async function insertFeishuUser(sql: Queryable, user: { username: string; displayName: string; role: Role; scope: Scope; staffCode: string; now: Date }): Promise<string> {
  const { scopeRegionId, scopeBranchId } = scopeToColumns(user.scope);
  const [row] = await sql<{ id: string }[]>`
    insert into users (username, display_name, role, scope_region_id, scope_branch_id, staff_id, password_hash, sign_in, password_changed_at, created_at, updated_at)
    select ${user.username}, ${user.displayName}, ${user.role}, ${scopeRegionId}, ${scopeBranchId}, s.id, '!feishu', 'feishu', ${user.now}, ${user.now}, ${user.now}
    from staff s where s.code = ${user.staffCode}
    returning id`;
  return String(row!.id);
}

/** Role, scope and name of a Feishu user follow the staff record at every sign-in. */
export async function syncFeishuUser(sql: Queryable, id: string, fields: { displayName: string; role: Role; scope: Scope; now: Date }): Promise<void> {
  const { scopeRegionId, scopeBranchId } = scopeToColumns(fields.scope);
  await sql`
    update users set display_name = ${fields.displayName}, role = ${fields.role}, scope_region_id = ${scopeRegionId},
      scope_branch_id = ${scopeBranchId}, last_login_at = ${fields.now}, updated_at = ${fields.now}
    where id = ${id} and sign_in = 'feishu'`;
}
