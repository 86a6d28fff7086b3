import type { Request, Response } from 'express';
import type { ApiKey, AuditEntry, DisplayToken, SessionUser, UserSummary } from '../../contract/payloads/access.ts';
import {
  AuditQuerySchema, CreateApiKeySchema, CreateDisplayTokenSchema, CreateUserSchema, LoginRequestSchema, PasswordChangeSchema, UpdateUserSchema,
} from '../../contract/payloads/access.ts';
import { parseInput } from '../../platform/validate.ts';
import { permissionsOf, scopeText } from './access.rules.ts';
import type { AccessDeps } from './access.deps.ts';
import type { User } from './access.types.ts';
import type { AuditRow } from './audit.repo.ts';
import type { Credential } from './credential.repo.ts';
import { listAudit } from './audit.service.ts';
import { changePassword, login, logout } from './auth.service.ts';
import { createCredential, listCredentials, revokeCredential } from './credential.service.ts';
import { actorOf, sessionOf, type SecuredRouter } from './secured-router.routes.ts';
import { createUser, listUsers, resetPassword, updateUser } from './user.service.ts';

export const SESSION_COOKIE = 'ts_session';

export interface AccessRoutesDeps {
  access: AccessDeps;
  /** Secure cookies when served over TLS (PUBLIC_URL https). */
  secureCookies: boolean;
  /** Base URL screens open (the display-token URL is built on it). */
  publicUrl: () => string;
}

/** Login, logout, session, password; users, display tokens, API keys and the audit log (admin). */
export function registerAccessRoutes(api: SecuredRouter, deps: AccessRoutesDeps): void {
  const { access } = deps;
  // Secure behind TLS: a public https URL, or a TLS-terminating proxy (with TRUST_PROXY) saying so.
  const setCookie = (req: Request, res: Response, token: string | null) =>
    res.cookie(SESSION_COOKIE, token ?? '', {
      httpOnly: true, sameSite: 'lax', secure: deps.secureCookies || req.secure, path: '/',
      ...(token ? { maxAge: access.sessions.maxHours * 3600_000 } : { maxAge: 0 }),
    });

  api.post('/auth/login', 'public', 'auth.login', async (req, res) => {
    const body = parseInput(LoginRequestSchema, req.body);
    const { token, session } = await login(access, { ...body, clientAddress: req.ip ?? 'unknown', requestId: req.id });
    setCookie(req, res, token);
    res.json({ user: toSessionUser(session.user), csrfToken: session.csrfToken });
  });
  api.get('/auth/me', 'session', async (req, res) => {
    const session = sessionOf(req);
    res.json({ user: toSessionUser(session.user), csrfToken: session.csrfToken });
  });
  api.post('/auth/logout', 'session', 'auth.logout', async (req, res) => {
    await logout(access, sessionOf(req), req.id);
    setCookie(req, res, null);
    res.status(204).end();
  });
  api.post('/auth/password', 'session', 'auth.password_changed', async (req, res) => {
    const body = parseInput(PasswordChangeSchema, req.body);
    await changePassword(access, sessionOf(req), body, req.id);
    res.status(204).end();
  });

  api.get('/users', 'users.manage', async (_req, res) => {
    res.json({ items: (await listUsers(access)).map(toUserSummary) });
  });
  api.post('/users', 'users.manage', 'users.create', async (req, res) => {
    const result = await createUser(access, actorOf(req), parseInput(CreateUserSchema, req.body));
    res.status(201).json({ user: toUserSummary(result.user), ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}) });
  });
  api.patch('/users/:username', 'users.manage', 'users.update', async (req, res) => {
    const user = await updateUser(access, actorOf(req), String(req.params.username), parseInput(UpdateUserSchema, req.body));
    res.json({ user: toUserSummary(user) });
  });
  api.post('/users/:username/reset-password', 'users.manage', 'users.reset_password', async (req, res) => {
    res.json(await resetPassword(access, actorOf(req), String(req.params.username)));
  });

  api.get('/display-tokens', 'display_tokens.manage', async (_req, res) => {
    res.json({ items: (await listCredentials(access, 'display_tokens')).map(toDisplayToken) });
  });
  api.post('/display-tokens', 'display_tokens.manage', 'display_tokens.create', async (req, res) => {
    const { credential, secret } = await createCredential(access, actorOf(req), 'display_tokens', parseInput(CreateDisplayTokenSchema, req.body));
    res.status(201).json({ token: toDisplayToken(credential), secret, url: wallUrl(deps.publicUrl(), credential.scope, secret) });
  });
  api.post('/display-tokens/:id/revoke', 'display_tokens.manage', 'display_tokens.revoke', async (req, res) => {
    res.json({ token: toDisplayToken(await revokeCredential(access, actorOf(req), 'display_tokens', String(req.params.id))) });
  });

  api.get('/api-keys', 'api_keys.manage', async (_req, res) => {
    res.json({ items: (await listCredentials(access, 'api_keys')).map(toApiKey) });
  });
  api.post('/api-keys', 'api_keys.manage', 'api_keys.create', async (req, res) => {
    const { credential, secret } = await createCredential(access, actorOf(req), 'api_keys', parseInput(CreateApiKeySchema, req.body));
    res.status(201).json({ key: toApiKey(credential), secret });
  });
  api.post('/api-keys/:id/revoke', 'api_keys.manage', 'api_keys.revoke', async (req, res) => {
    res.json({ key: toApiKey(await revokeCredential(access, actorOf(req), 'api_keys', String(req.params.id))) });
  });

  api.get('/audit', 'audit.read', async (req, res) => {
    const q = parseInput(AuditQuerySchema, req.query);
    const rows = await listAudit(access.db.sql, {
      ...(q.actor ? { actor: q.actor } : {}), ...(q.action ? { action: q.action } : {}), ...(q.channel ? { channel: q.channel } : {}),
      ...(q.target ? { target: q.target } : {}), ...(q.from ? { from: new Date(q.from) } : {}), ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.before ? { before: q.before } : {}), limit: q.limit,
    });
    res.json({ items: rows.map(toAuditEntry) });
  });
}

/** The URL a screen opens once: the wall of the token's scope, carrying the secret. */
export function wallUrl(base: string, scope: { kind: string; code?: string }, secret: string): string {
  const path = scope.kind === 'bank' ? '/wall' : `/wall/${scope.kind}/${encodeURIComponent(scope.code ?? '')}`;
  return `${base}${path}?token=${encodeURIComponent(secret)}`;
}

// Domain objects → wire shapes (contract/payloads/access.ts).
export const toUserSummary = (user: User): UserSummary => ({
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  scope: scopeText(user.scope),
  staffCode: user.staffCode,
  active: user.active,
  lockedUntil: user.lockedUntil?.toISOString() ?? null,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  createdAt: user.createdAt.toISOString(),
});

export const toSessionUser = (user: User): SessionUser => ({
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  scope: scopeText(user.scope),
  staffCode: user.staffCode,
  locale: user.locale,
  permissions: [...permissionsOf({ kind: 'user', userId: user.id, username: user.username, role: user.role, scope: user.scope, staffCode: user.staffCode, sessionId: null })],
});

export const toDisplayToken = (c: Credential): DisplayToken => ({
  id: c.id,
  name: c.name,
  scope: scopeText(c.scope),
  prefix: c.prefix,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  expiresAt: c.expiresAt?.toISOString() ?? null,
});

export const toApiKey = (c: Credential): ApiKey => ({ ...toDisplayToken(c), eventTypes: c.eventTypes });

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at.toISOString(),
  actor: row.actor,
  role: row.role,
  channel: row.channel,
  action: row.action,
  targetType: row.targetType,
  targetId: row.targetId,
  summary: row.summary,
  requestId: row.requestId,
});
