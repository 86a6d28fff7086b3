/**
 * Sessions: login (throttled per address and per address across usernames, accounts locked after
 * repeated failures — unknown names alike, administrators per address only), logout,
 * resolving a session cookie, password change. Use cases: login, logout, authenticateSession,
 * changePassword. Audits every login, failure, lockout, logout and password change; notifies
 * `access_revoked` for sessions that end, so their sockets close.
 */
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { newSecret } from '../../platform/ids.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, newToken, verifyPassword } from '../../platform/secrets.ts';
import { isLocked, lockoutAfterFailure } from './access.rules.ts';
import { ACCESS_REVOKED_CHANNEL, type AccessDeps } from './access.deps.ts';
import type { Actor, Principal, User } from './access.types.ts';
import { recordAudit } from './audit.service.ts';
import { deleteLoginFailures, findLoginFailures, lockLoginFailures, pruneLoginFailures, saveLoginFailures } from './login-failure.repo.ts';
import { LOGIN_FAILURES_KEEP_HOURS, addressWait, afterAddressFailure, afterNameFailure, lockedMessage, loginFailureKeys, nameLockedUntil } from './login-guard.rules.ts';
import { findLiveSession, insertSession, revokeSessionById, revokeSessionsOfUser, touchSession } from './session.repo.ts';
import { findUserById, findUserByUsername, updateLoginOutcome, updatePasswordHash } from './user.repo.ts';

export interface AuthenticatedSession {
  sessionId: string;
  csrfToken: string;
  user: User;
  principal: Extract<Principal, { kind: 'user' }>;
}

const WRONG_CREDENTIALS = 'wrong username or password';
const TOUCH_EVERY_MS = 60_000;

const userPrincipal = (user: User, sessionId: string): AuthenticatedSession['principal'] => ({
  kind: 'user', userId: user.id, username: user.username, role: user.role, scope: user.scope, staffCode: user.staffCode, sessionId,
});

export async function login(
  deps: AccessDeps,
  input: { username: string; password: string; clientAddress: string; requestId: string | null },
): Promise<{ token: string; session: AuthenticatedSession }> {
  const now = deps.clock.now();
  const username = input.username.trim().toLowerCase();
  const address = input.clientAddress;
  // Per address and account (a shared office NAT must not lock everyone out), on top of the lockout.
  const wait = deps.loginLimiter.take(`login:${address}:${username}`, now.getTime());
  if (wait > 0) throw new AppError('RATE_LIMITED', `too many login attempts; try again in ${wait} s`);
  const keys = loginFailureKeys(address, username);
  const [user, stored] = await Promise.all([findUserByUsername(deps.db.sql, username), findLoginFailures(deps.db.sql, Object.values(keys))]);
  // Password spraying: one address failing across many usernames runs out of its failure budget.
  const sprayWait = addressWait(stored.get(keys.address), now);
  if (sprayWait > 0) throw new AppError('RATE_LIMITED', `too many failed logins from this address; try again in ${sprayWait} s`);
  const anonymous: Actor = { principal: { kind: 'system', name: `login:${username}` }, channel: 'web', requestId: input.requestId };
  // A name that is no account locks like one; an administrator's lock is per address (login_failures).
  const nameKey = !user ? keys.unknown : user.role === 'admin' ? keys.admin : undefined;
  const lockedUntil = nameKey ? nameLockedUntil(stored.get(nameKey), now) : isLocked(user!.lockedUntil, now) ? user!.lockedUntil : null;
  if (lockedUntil) throw new AppError('RATE_LIMITED', lockedMessage(lockedUntil));
  if (!user) {
    await verifyPassword(input.password, DUMMY_PASSWORD_HASH); // same work as for a real user
    const locked = await deps.db.sql.begin(async (tx) => {
      const { [nameKey!]: name } = await countFailure(tx, { address: keys.address, name: nameKey! }, now);
      await recordAudit(tx, anonymous, { action: 'auth.login_failed', targetType: 'user', targetId: username, summary: { reason: 'unknown user' } }, now);
      return name;
    });
    if (locked) throw new AppError('RATE_LIMITED', lockedMessage(locked));
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(input.password, user.passwordHash)) || !user.active) {
    const failedLogins = user.failedLogins + 1;
    // An administrator's account is never locked (anyone could lock the bank out of its own
    // system): the address that failed is, for this account.
    const accountLock = nameKey ? null : lockoutAfterFailure(failedLogins, now);
    const locked = await deps.db.sql.begin(async (tx) => {
      const counted = await countFailure(tx, { address: keys.address, name: nameKey }, now);
      const lock = nameKey ? counted[nameKey]! : accountLock;
      await updateLoginOutcome(tx, user.id, { failedLogins, lockedUntil: accountLock });
      await recordAudit(tx, anonymous, {
        action: lock ? 'auth.locked' : 'auth.login_failed', targetType: 'user', targetId: username,
        summary: { failedLogins, ...(user.active ? {} : { reason: 'inactive' }), ...(lock ? { lockedUntil: lock.toISOString(), ...(nameKey ? { address } : {}) } : {}) },
      }, now);
      return lock;
    });
    if (locked) throw new AppError('RATE_LIMITED', lockedMessage(locked));
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  if (nameKey && stored.has(nameKey)) await deleteLoginFailures(deps.db.sql, [nameKey]);
  const token = newToken('tss_');
  const csrfToken = newSecret(24);
  const sessionId = await deps.db.sql.begin(async (tx) => {
    await updateLoginOutcome(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    const id = await insertSession(tx, { tokenHash: hashToken(token), userId: user.id, csrfToken, now, expiresAt: new Date(now.getTime() + deps.sessions.maxHours * 3600_000) });
    const principal = userPrincipal(user, id);
    await recordAudit(tx, { principal, channel: 'web', requestId: input.requestId }, { action: 'auth.login', targetType: 'user', targetId: user.username }, now);
    return id;
  });
  return { token, session: { sessionId, csrfToken, user, principal: userPrincipal(user, sessionId) } };
}

/**
 * Counts one failure from `address` (its spraying budget) and, when given, on `name` (an unknown
 * name, or an administrator from this address): shared by every instance, the rows locked so
 * concurrent failures all count. Answers the name key's lock, if this failure caused or met one.
 * Rows untouched for a day go at the same time.
 */
async function countFailure(tx: Queryable, keys: { address: string; name: string | undefined }, now: Date): Promise<Record<string, Date | null>> {
  const locked = await lockLoginFailures(tx, keys.name ? [keys.address, keys.name] : [keys.address], now);
  const next = new Map([[keys.address, afterAddressFailure(locked.get(keys.address), now)]]);
  if (keys.name) next.set(keys.name, afterNameFailure(locked.get(keys.name), now));
  await saveLoginFailures(tx, next);
  await pruneLoginFailures(tx, new Date(now.getTime() - LOGIN_FAILURES_KEEP_HOURS * 3600_000));
  return keys.name ? { [keys.name]: next.get(keys.name)!.lockedUntil } : {};
}

/** The session behind a cookie, or undefined when unknown, revoked, expired, idle too long or its user deactivated. */
export async function authenticateSession(deps: AccessDeps, token: string, options: { touch?: boolean } = {}): Promise<AuthenticatedSession | undefined> {
  const now = deps.clock.now();
  const session = await findLiveSession(deps.db.sql, hashToken(token), now);
  if (!session || session.lastSeenAt.getTime() + deps.sessions.idleMinutes * 60_000 < now.getTime()) return undefined;
  const user = await findUserById(deps.db.sql, session.userId);
  if (!user?.active) return undefined;
  // A re-check of an open socket on a timer is not the person's activity: it must not keep an idle session alive.
  if (options.touch !== false && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db.sql, session.id, now);
  return { sessionId: session.id, csrfToken: session.csrfToken, user, principal: userPrincipal(user, session.id) };
}

export async function logout(deps: AccessDeps, session: AuthenticatedSession, requestId: string | null): Promise<void> {
  const now = deps.clock.now();
  await deps.db.changes.transaction(async (tx, changes) => {
    await revokeSessionById(tx, session.sessionId, now);
    await recordAudit(tx, { principal: session.principal, channel: 'web', requestId }, { action: 'auth.logout', targetType: 'user', targetId: session.user.username }, now);
    changes.notify(ACCESS_REVOKED_CHANNEL, { sessionIds: [session.sessionId] });
  });
}

/** Changes the password; every other session of the user ends. */
export async function changePassword(
  deps: AccessDeps,
  session: AuthenticatedSession,
  input: { currentPassword: string; newPassword: string },
  requestId: string | null,
): Promise<void> {
  const user = await findUserById(deps.db.sql, session.user.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) throw AppError.invalid('currentPassword', 'is not your current password');
  if (input.newPassword === input.currentPassword) throw AppError.invalid('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.changes.transaction(async (tx, changes) => {
    await updatePasswordHash(tx, user.id, passwordHash, now);
    const ended = await revokeSessionsOfUser(tx, user.id, now, session.sessionId);
    await recordAudit(tx, { principal: session.principal, channel: 'web', requestId }, { action: 'auth.password_changed', targetType: 'user', targetId: user.username, summary: { otherSessionsEnded: ended.length } }, now);
    if (ended.length) changes.notify(ACCESS_REVOKED_CHANNEL, { sessionIds: ended });
  });
}
