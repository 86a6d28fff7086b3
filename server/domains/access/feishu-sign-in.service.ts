/**
 * Sign in with Feishu (ADR 0018). Use cases: startFeishuSignIn (a state bound to this browser,
 * single use, 10 minutes) and completeFeishuSignIn (checks the state, exchanges the code, reads
 * who the person is, maps them to a staff record and opens a session whose role and scope follow
 * that record). Every attempt, signed in or refused, is in the audit log.
 */
import { newSecret } from '../../platform/ids.ts';
import { FeishuOAuthError, type FeishuOAuth } from '../../platform/feishu-oauth.ts';
import { hashToken, newToken } from '../../platform/secrets.ts';
import { findAndLinkStaff } from '../org/index.ts';
import type { AccessDeps } from './access.deps.ts';
import type { Actor } from './access.types.ts';
import { recordAudit } from './audit.service.ts';
import { authorizeUrl, safeNextPath, SIGN_IN_STATE_TTL_MS, type SignInRefusal } from './feishu-sign-in.rules.ts';
import { consumeSignInState, findUserOfStaff, insertFeishuUser, insertSignInState, syncFeishuUser } from './feishu-sign-in.repo.ts';
import { principalForStaff } from './scope.service.ts';
import { insertSession } from './session.repo.ts';
import { findUserById, updateLoginOutcome } from './user.repo.ts';

export interface FeishuSignInDeps {
  access: AccessDeps;
  appId: string;
  /** `feishu`, `lark` or a base URL (a private deployment; the tests' fake). */
  domain: string;
  oauth: FeishuOAuth;
}

export async function startFeishuSignIn(deps: FeishuSignInDeps, input: { next: unknown; redirectUri: string }): Promise<{ location: string; browserNonce: string }> {
  const now = deps.access.clock.now();
  const state = newSecret(32);
  const browserNonce = newSecret(32);
  await insertSignInState(deps.access.db.sql, {
    stateHash: hashToken(state), browserHash: hashToken(browserNonce), nextPath: safeNextPath(input.next), now, expiresAt: new Date(now.getTime() + SIGN_IN_STATE_TTL_MS),
  });
  return { location: authorizeUrl({ domain: deps.domain, appId: deps.appId, redirectUri: input.redirectUri, state }), browserNonce };
}

export type SignInOutcome =
  | { ok: true; token: string; next: string; username: string }
  | { ok: false; reason: SignInRefusal };

export async function completeFeishuSignIn(
  deps: FeishuSignInDeps,
  input: { code: string | undefined; state: string | undefined; error: string | undefined; browserNonce: string | undefined; redirectUri: string; requestId: string | null },
): Promise<SignInOutcome> {
  const { access } = deps;
  const now = access.clock.now();
  const refuse = async (reason: SignInRefusal, detail: Record<string, unknown> = {}): Promise<SignInOutcome> => {
    const actor: Actor = { principal: { kind: 'system', name: 'feishu-sign-in' }, channel: 'web', requestId: input.requestId };
    await recordAudit(access.db.sql, actor, { action: 'auth.feishu_login_failed', targetType: 'user', targetId: null, summary: { reason, ...detail } }, now);
    return { ok: false, reason };
  };
  if (!input.state) return refuse('state_invalid');
  // Consumed before anything else: a state is good for one try, whatever its outcome.
  const saved = await consumeSignInState(access.db.sql, hashToken(input.state), now);
  if (!saved) return refuse('state_invalid');
  if (saved.usedAt) return refuse('state_used');
  if (saved.expiresAt.getTime() <= now.getTime()) return refuse('state_expired');
  if (!input.browserNonce || hashToken(input.browserNonce) !== saved.browserHash) return refuse('other_browser');
  if (input.error || !input.code) return refuse('denied', { error: input.error ?? 'no code' });

  let person;
  try {
    person = await deps.oauth.userInfo(await deps.oauth.exchangeCode(input.code, input.redirectUri));
  } catch (error) {
    if (error instanceof FeishuOAuthError) return refuse('feishu_failed', { error: error.message });
    throw error;
  }
  const staff = await findAndLinkStaff(access.db.sql, person, now);
  if (!staff) return refuse('not_staff', { openId: person.openId });
  if (!staff.active) return refuse('inactive', { staffCode: staff.code });
  const principal = await principalForStaff(access.db.sql, staff.code);
  if (!principal || principal.kind !== 'staff') return refuse('inactive', { staffCode: staff.code });

  const token = newToken('tss_');
  const username = await access.db.sql.begin(async (tx) => {
    const existing = await findUserOfStaff(tx, staff.code);
    let userId: string;
    if (!existing) {
      userId = await insertFeishuUser(tx, { username: `fs-${staff.code.toLowerCase()}`, displayName: staff.name, role: principal.role, scope: principal.scope, staffCode: staff.code, now });
    } else {
      if (!existing.active) return undefined;
      userId = existing.id;
      // An administrator's account linked to this person keeps the role the administrator gave it.
      await syncFeishuUser(tx, userId, { displayName: staff.name, role: principal.role, scope: principal.scope, now });
    }
    await updateLoginOutcome(tx, userId, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    const user = (await findUserById(tx, userId))!;
    const sessionId = await insertSession(tx, { tokenHash: hashToken(token), userId, csrfToken: newSecret(24), now, expiresAt: new Date(now.getTime() + access.sessions.maxHours * 3600_000) });
    const actor: Actor = {
      principal: { kind: 'user', userId, username: user.username, role: user.role, scope: user.scope, staffCode: user.staffCode, sessionId },
      channel: 'web', requestId: input.requestId,
    };
    await recordAudit(tx, actor, { action: 'auth.feishu_login', targetType: 'user', targetId: user.username, summary: { staffCode: staff.code, matchedBy: staff.matchedBy, created: !existing } }, now);
    return user.username;
  });
  if (!username) return refuse('inactive', { staffCode: staff.code, reason: 'user deactivated' });
  return { ok: true, token, next: saved.nextPath, username };
}
