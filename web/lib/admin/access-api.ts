import type { ApiKey, AuditEntry, AuditQuery, CreateUser, DisplayToken, UpdateUser, UserSummary } from '$contract';
import { getJson, patchJson, postJson, withQuery } from '$lib/api.ts';

/**
 * The administration endpoints of the access-control API, typed. Every call needs an
 * administrator's session (the server checks); writes carry the CSRF token through api.ts.
 */

const BASE = '/api/v1';
const segment = encodeURIComponent;

export interface CreatedUser {
  user: UserSummary;
  /** Present when no password was given: shown once, never again. */
  generatedPassword?: string;
}
export interface CreatedDisplayToken {
  token: DisplayToken;
  secret: string;
  /** The wall's address with the secret in it. */
  url: string;
}
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}
export interface CreateDisplayToken {
  name: string;
  scope: string;
}
export interface CreateApiKey {
  name: string;
  scope: string;
  eventTypes: string[];
}
/** Filters of the audit log as the form holds them (all optional). */
export type AuditFilter = Partial<Omit<AuditQuery, 'limit' | 'before'>>;

export const listUsers = (signal?: AbortSignal) => getJson<{ items: UserSummary[] }>(`${BASE}/users`, { signal }).then((b) => b.items);
export const createUser = (input: CreateUser) => postJson<CreatedUser>(`${BASE}/users`, input);
export const updateUser = (username: string, input: UpdateUser) =>
  patchJson<{ user: UserSummary }>(`${BASE}/users/${segment(username)}`, input).then((b) => b.user);
export const resetPassword = (username: string) =>
  postJson<{ generatedPassword: string }>(`${BASE}/users/${segment(username)}/reset-password`).then((b) => b.generatedPassword);

export const listDisplayTokens = (signal?: AbortSignal) =>
  getJson<{ items: DisplayToken[] }>(`${BASE}/display-tokens`, { signal }).then((b) => b.items);
export const createDisplayToken = (input: CreateDisplayToken) => postJson<CreatedDisplayToken>(`${BASE}/display-tokens`, input);
export const revokeDisplayToken = (id: string) =>
  postJson<{ token: DisplayToken }>(`${BASE}/display-tokens/${segment(id)}/revoke`).then((b) => b.token);

export const listApiKeys = (signal?: AbortSignal) => getJson<{ items: ApiKey[] }>(`${BASE}/api-keys`, { signal }).then((b) => b.items);
export const createApiKey = (input: CreateApiKey) => postJson<CreatedApiKey>(`${BASE}/api-keys`, input);
export const revokeApiKey = (id: string) => postJson<{ key: ApiKey }>(`${BASE}/api-keys/${segment(id)}/revoke`).then((b) => b.key);

export const listAudit = (filter: AuditFilter, page: { before?: number; limit: number }, signal?: AbortSignal) =>
  getJson<{ items: AuditEntry[] }>(withQuery(`${BASE}/audit`, { ...filter, ...page }), { signal }).then((b) => b.items);
