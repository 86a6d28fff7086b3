import type { Queryable } from '../../../db/types.ts';
import type { Role, Scope, User } from './access.types.ts';
import { scopeFromColumns, scopeToColumns, type ScopeColumns } from './scope-columns.ts';

interface UserRow extends ScopeColumns {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  staffCode: string | null;
  locale: 'zh-CN' | 'en';
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  passwordHash: string;
}

export type UserWithHash = User & { passwordHash: string };

const toUser = (row: UserRow): UserWithHash => ({
  id: String(row.id),
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  scope: scopeFromColumns(row),
  staffCode: row.staffCode,
  locale: row.locale,
  active: row.active,
  failedLogins: row.failedLogins,
  lockedUntil: row.lockedUntil,
  lastLoginAt: row.lastLoginAt,
  createdAt: row.createdAt,
  passwordHash: row.passwordHash,
});

function selectUsers(sql: Queryable) {
  return sql`
    select u.id, u.username, u.display_name, u.role,
           u.scope_region_id, sr.code as scope_region_code, u.scope_branch_id, sb.code as scope_branch_code,
           s.code as staff_code, u.locale, u.active, u.failed_logins, u.locked_until, u.last_login_at,
           u.created_at, u.password_hash
    from users u
    left join regions sr on sr.id = u.scope_region_id
    left join branches sb on sb.id = u.scope_branch_id
    left join staff s on s.id = u.staff_id`;
}

export async function findUserByUsername(sql: Queryable, username: string): Promise<UserWithHash | undefined> {
  const [row] = await sql<UserRow[]>`${selectUsers(sql)} where u.username = ${username}`;
  return row ? toUser(row) : undefined;
}

export async function findUserById(sql: Queryable, id: string): Promise<UserWithHash | undefined> {
  const [row] = await sql<UserRow[]>`${selectUsers(sql)} where u.id = ${id}`;
  return row ? toUser(row) : undefined;
}

export async function selectUsersOrdered(sql: Queryable): Promise<UserWithHash[]> {
  const rows = await sql<UserRow[]>`${selectUsers(sql)} order by u.username`;
  return rows.map(toUser);
}

export async function insertUser(
  sql: Queryable,
  user: { username: string; displayName: string; role: Role; scope: Scope; staffId: string | null; passwordHash: string; now: Date },
): Promise<string> {
  const { scopeRegionId, scopeBranchId } = scopeToColumns(user.scope);
  const [row] = await sql<{ id: string }[]>`
    insert into users (username, display_name, role, scope_region_id, scope_branch_id, staff_id, password_hash, password_changed_at, created_at, updated_at)
    values (${user.username}, ${user.displayName}, ${user.role}, ${scopeRegionId}, ${scopeBranchId}, ${user.staffId},
            ${user.passwordHash}, ${user.now}, ${user.now}, ${user.now})
    returning id`;
  return String(row!.id);
}

export async function updateUserFields(
  sql: Queryable,
  id: string,
  fields: { displayName: string; role: Role; scope: Scope; staffId: string | null; active: boolean; now: Date },
): Promise<void> {
  const { scopeRegionId, scopeBranchId } = scopeToColumns(fields.scope);
  await sql`
    update users
    set display_name = ${fields.displayName}, role = ${fields.role}, scope_region_id = ${scopeRegionId},
        scope_branch_id = ${scopeBranchId}, staff_id = ${fields.staffId}, active = ${fields.active}, updated_at = ${fields.now}
    where id = ${id}`;
}

export async function updateLoginOutcome(
  sql: Queryable,
  id: string,
  outcome: { failedLogins: number; lockedUntil: Date | null; lastLoginAt?: Date },
): Promise<void> {
  await sql`
    update users
    set failed_logins = ${outcome.failedLogins}, locked_until = ${outcome.lockedUntil},
        last_login_at = coalesce(${outcome.lastLoginAt ?? null}::timestamptz, last_login_at)
    where id = ${id}`;
}

export async function updatePasswordHash(sql: Queryable, id: string, passwordHash: string, now: Date): Promise<void> {
  await sql`
    update users
    set password_hash = ${passwordHash}, password_changed_at = ${now}, failed_logins = 0, locked_until = null, updated_at = ${now}
    where id = ${id}`;
}

export async function findStaffIdByCode(sql: Queryable, code: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`select id from staff where code = ${code}`;
  return row ? String(row.id) : undefined;
}
