/**
 * User administration: listUsers, createUser (first admin from the CLI; there is never a default
 * password), updateUser (role, scope, staff link, active), resetPassword. Audited; deactivation,
 * role and scope changes end the user's sessions (`access_revoked`).
 */
import { AppError } from '../../platform/errors.ts';
import { generatePassword, hashPassword } from '../../platform/secrets.ts';
import { scopeText } from './access.rules.ts';
import { ACCESS_REVOKED_CHANNEL, type AccessDeps } from './access.deps.ts';
import type { Actor, Role, User } from './access.types.ts';
import { diffFields, recordAudit } from './audit.service.ts';
import { resolveScope } from './scope.service.ts';
import { revokeSessionsOfUser } from './session.repo.ts';
import { findStaffIdByCode, findUserByUsername, insertUser, selectUsersOrdered, updatePasswordHash, updateUserFields, type UserWithHash } from './user.repo.ts';

const withoutHash = ({ passwordHash: _hash, ...user }: UserWithHash): User => user;

export const listUsers = async (deps: AccessDeps): Promise<User[]> => (await selectUsersOrdered(deps.db.sql)).map(withoutHash);

export async function getUser(deps: AccessDeps, username: string): Promise<User> {
  const user = await findUserByUsername(deps.db.sql, username.toLowerCase());
  if (!user) throw new AppError('NOT_FOUND', `no user named ${username}`);
  return withoutHash(user);
}

async function staffIdFor(deps: AccessDeps, staffCode: string | null | undefined): Promise<string | null> {
  if (!staffCode) return null;
  const id = await findStaffIdByCode(deps.db.sql, staffCode);
  if (!id) throw AppError.invalid('staffCode', `unknown staff member "${staffCode}"`);
  return id;
}

export async function createUser(
  deps: AccessDeps,
  actor: Actor,
  input: { username: string; displayName: string; role: Role; scope: string; staffCode?: string | undefined; password?: string | undefined },
): Promise<{ user: User; generatedPassword?: string }> {
  const scope = await resolveScope(deps.db.sql, input.scope);
  const staffId = await staffIdFor(deps, input.staffCode);
  const generatedPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const now = deps.clock.now();
  if (await findUserByUsername(deps.db.sql, input.username)) throw new AppError('CONFLICT', `a user named ${input.username} exists`, [{ field: 'username', reason: 'is taken' }]);
  await deps.db.changes.transaction(async (tx) => {
    await insertUser(tx, { username: input.username, displayName: input.displayName, role: input.role, scope, staffId, passwordHash, now });
    await recordAudit(tx, actor, {
      action: 'users.create', targetType: 'user', targetId: input.username,
      summary: { role: input.role, scope: scopeText(scope), staffCode: input.staffCode ?? null, passwordGenerated: Boolean(generatedPassword) },
    }, now);
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', `that staff member already has a user`, [{ field: 'staffCode', reason: 'is linked to another user' }]);
    throw error;
  });
  const user = await getUser(deps, input.username);
  return generatedPassword ? { user, generatedPassword } : { user };
}

export async function updateUser(
  deps: AccessDeps,
  actor: Actor,
  username: string,
  patch: { displayName?: string | undefined; role?: Role | undefined; scope?: string | undefined; staffCode?: string | null | undefined; active?: boolean | undefined },
): Promise<User> {
  const before = await getUser(deps, username);
  if (actor.principal.kind === 'user' && actor.principal.userId === before.id && (patch.active === false || (patch.role && patch.role !== before.role))) {
    throw new AppError('CONFLICT', 'you cannot deactivate yourself or change your own role', [{ field: patch.active === false ? 'active' : 'role', reason: 'ask another administrator' }]);
  }
  const scope = patch.scope === undefined ? before.scope : await resolveScope(deps.db.sql, patch.scope);
  const staffCode = patch.staffCode === undefined ? before.staffCode : patch.staffCode;
  const staffId = await staffIdFor(deps, staffCode);
  const after = { displayName: patch.displayName ?? before.displayName, role: patch.role ?? before.role, scope, active: patch.active ?? before.active };
  const changes = diffFields(
    { displayName: before.displayName, role: before.role, scope: scopeText(before.scope), staffCode: before.staffCode, active: before.active },
    { displayName: after.displayName, role: after.role, scope: scopeText(scope), staffCode, active: after.active },
  );
  const now = deps.clock.now();
  const endsSessions = 'role' in changes || 'scope' in changes || (before.active && !after.active);
  await deps.db.changes.transaction(async (tx, feed) => {
    await updateUserFields(tx, before.id, { ...after, staffId, now });
    await recordAudit(tx, actor, { action: 'users.update', targetType: 'user', targetId: before.username, summary: changes }, now);
    if (endsSessions) {
      const ended = await revokeSessionsOfUser(tx, before.id, now);
      if (ended.length) feed.notify(ACCESS_REVOKED_CHANNEL, { sessionIds: ended });
    }
  });
  return getUser(deps, username);
}

/** A new generated password, shown once; the user's sessions end and any lockout is lifted. */
export async function resetPassword(deps: AccessDeps, actor: Actor, username: string): Promise<{ generatedPassword: string }> {
  const user = await getUser(deps, username);
  const generatedPassword = generatePassword();
  const passwordHash = await hashPassword(generatedPassword);
  const now = deps.clock.now();
  await deps.db.changes.transaction(async (tx, feed) => {
    await updatePasswordHash(tx, user.id, passwordHash, now);
    const ended = await revokeSessionsOfUser(tx, user.id, now);
    await recordAudit(tx, actor, { action: 'users.reset_password', targetType: 'user', targetId: user.username, summary: { sessionsEnded: ended.length } }, now);
    if (ended.length) feed.notify(ACCESS_REVOKED_CHANNEL, { sessionIds: ended });
  });
  return { generatedPassword };
}
