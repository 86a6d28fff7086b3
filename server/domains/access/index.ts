/**
 * Access control: users, roles and scopes; sessions; display tokens; API keys; the audit log.
 *
 * One authorization function serves HTTP routes, socket subscriptions and bot actions:
 *   authorize(principal, 'org.read', target?)  // throws FORBIDDEN (or NOT_FOUND when hiding scope)
 *   can(principal, permission, target?)         // the same as a boolean
 * Principals come from a session cookie (`authenticateSession`), a bearer secret
 * (`authenticateBearer`: display token `tsd_…` or API key `tsk_…`), a staff member acting through
 * the bot (`principalForStaff`), or the system (CLI, jobs).
 *
 * Every state change is audited in its own transaction (`recordAudit`); revocations are
 * published on the change feed's `access_revoked` channel ({ sessionIds } or { displayTokenIds })
 * so live sockets close on every instance.
 */
export type { Actor, AuditChannel, OrgTarget, Permission, Principal, Role, Scope, User } from './access.types.ts';
export { ROLE_PERMISSIONS, actorLabel, authorize, authorizeEvent, can, parseScopeText, permissionsOf, scopeCovers, scopeOf, scopeText } from './access.rules.ts';
export { ACCESS_REVOKED_CHANNEL, type AccessDeps } from './access.deps.ts';
export { authenticateSession, changePassword, login, logout, type AuthenticatedSession } from './auth.service.ts';
export { createUser, getUser, listUsers, resetPassword, updateUser } from './user.service.ts';
export { authenticateBearer, createCredential, listCredentials, revokeCredential, type Credential, type CredentialTable } from './credential.service.ts';
export { diffFields, listAudit, recordAudit, type AuditEvent } from './audit.service.ts';
export { findBranchTarget, findRegionTarget, orgScopeOf, principalForStaff, resolveScope } from './scope.service.ts';
export { onAccessRevoked, type Revocation } from './revocation.service.ts';
export { registerAccessRoutes, SESSION_COOKIE, wallUrl, type AccessRoutesDeps } from './access.routes.ts';
export {
  actorOf, assertCleanBody, createSecuredRouter, principalOf, sessionOf, type RequestAuth, type RouteAccess, type RouteDeclaration, type SecuredRouter,
} from './secured-router.routes.ts';
export { ADDRESS_REFILL_SECONDS, FAILURES_PER_ADDRESS } from './login-guard.rules.ts';
export { createFeishuSignInRouter, type FeishuSignInRoutesDeps } from './feishu-sign-in.routes.ts';
export { openApiBaseOf, safeNextPath } from './feishu-sign-in.rules.ts';
