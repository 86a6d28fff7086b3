/**
 * Display tokens (a wall screen opens its URL once; read-only, scoped, no expiry, revocable) and
 * API keys (integrators push events; scoped to branches and limited to event types). The secret
 * is shown once at creation and stored only as a hash. Use cases: createDisplayToken,
 * createApiKey, listCredentials, revokeCredential, authenticateBearer. Revocation notifies
 * `access_revoked` so live screens disconnect within seconds on every instance.
 */
import { AppError } from '../../platform/errors.ts';
import { GroupRead } from '../../platform/group-read.ts';
import { hashToken, newToken } from '../../platform/secrets.ts';
import { scopeText } from './access.rules.ts';
import { ACCESS_REVOKED_CHANNEL, type AccessDeps } from './access.deps.ts';
import type { Actor, Principal } from './access.types.ts';
import { recordAudit } from './audit.service.ts';
import { findActiveCredentialsByHashes, findCredentialById, insertCredential, listCredentialRows, markCredentialRevoked, touchCredential, type Credential, type CredentialTable } from './credential.repo.ts';
import { resolveScope } from './scope.service.ts';

export type { Credential, CredentialTable };

const PREFIX: Record<CredentialTable, string> = { display_tokens: 'tsd_', api_keys: 'tsk_' };
const NOUN: Record<CredentialTable, string> = { display_tokens: 'display token', api_keys: 'API key' };
const ACTION: Record<CredentialTable, string> = { display_tokens: 'display_tokens', api_keys: 'api_keys' };
/** How much of a secret stays visible to tell credentials apart: the prefix plus 6 characters. */
const VISIBLE = 10;
/** The longest expiry a display token can be given (ten years); without one it never expires. */
export const MAX_EXPIRY_DAYS = 3650;

export async function createCredential(
  deps: AccessDeps,
  actor: Actor,
  table: CredentialTable,
  input: { name: string; scope: string; eventTypes?: string[]; expiresInDays?: number | undefined },
): Promise<{ credential: Credential; secret: string }> {
  const scope = await resolveScope(deps.db.sql, input.scope);
  const secret = newToken(PREFIX[table]);
  const now = deps.clock.now();
  const eventTypes = table === 'api_keys' ? [...new Set(input.eventTypes ?? [])] : [];
  if (table === 'api_keys' && eventTypes.length === 0) throw AppError.invalid('eventTypes', 'name at least one event type');
  if (input.expiresInDays !== undefined && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_EXPIRY_DAYS)) {
    throw AppError.invalid('expiresInDays', `must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`);
  }
  const expiresAt = table === 'display_tokens' && input.expiresInDays !== undefined ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const id = await deps.db.changes.transaction(async (tx) => {
    const created = await insertCredential(tx, table, {
      name: input.name, hash: hashToken(secret), prefix: secret.slice(0, VISIBLE), scope, eventTypes, createdBy: actorName(actor), now, expiresAt,
    });
    await recordAudit(tx, actor, {
      action: `${ACTION[table]}.create`, targetType: table === 'api_keys' ? 'api_key' : 'display_token', targetId: created,
      summary: { name: input.name, scope: scopeText(scope), ...(eventTypes.length ? { eventTypes } : {}), ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
    }, now);
    return created;
  });
  return { credential: (await findCredentialById(deps.db.sql, table, id))!, secret };
}

export const listCredentials = (deps: AccessDeps, table: CredentialTable): Promise<Credential[]> => listCredentialRows(deps.db.sql, table);

export async function revokeCredential(deps: AccessDeps, actor: Actor, table: CredentialTable, id: string): Promise<Credential> {
  const existing = /^\d{1,18}$/.test(id) ? await findCredentialById(deps.db.sql, table, id) : undefined;
  if (!existing) throw new AppError('NOT_FOUND', `no ${NOUN[table]} ${id}`);
  const now = deps.clock.now();
  await deps.db.changes.transaction(async (tx, feed) => {
    if (!(await markCredentialRevoked(tx, table, id, now))) return; // already revoked: nothing changes
    await recordAudit(tx, actor, { action: `${ACTION[table]}.revoke`, targetType: table === 'api_keys' ? 'api_key' : 'display_token', targetId: id, summary: { name: existing.name } }, now);
    if (table === 'display_tokens') feed.notify(ACCESS_REVOKED_CHANNEL, { displayTokenIds: [id] });
  });
  credentialLookup(deps.db, table).forget(); // committed: refused on this instance from now on
  return (await findCredentialById(deps.db.sql, table, id))!;
}

/** The principal behind `Authorization: Bearer <secret>`: a display token or an API key, if live. */
export async function authenticateBearer(deps: AccessDeps, secret: string): Promise<Principal | undefined> {
  const table: CredentialTable | undefined = secret.startsWith(PREFIX.display_tokens) ? 'display_tokens' : secret.startsWith(PREFIX.api_keys) ? 'api_keys' : undefined;
  if (!table) return undefined;
  const hash = hashToken(secret);
  const credential = (await credentialLookup(deps.db, table).get([hash])).get(hash);
  if (!credential) return undefined;
  // An expired screen is like a revoked one: nothing, and its sockets close on the next check.
  if (credential.expiresAt && credential.expiresAt.getTime() <= deps.clock.now().getTime()) return undefined;
  await touch(deps, table, credential.id);
  return table === 'display_tokens'
    ? { kind: 'display_token', tokenId: credential.id, name: credential.name, scope: credential.scope }
    : { kind: 'api_key', keyId: credential.id, name: credential.name, prefix: credential.prefix, scope: credential.scope, eventTypes: credential.eventTypes };
}

// Bearer lookups of concurrent requests (1,000 queue machines posting single events) go out as one
// query per round trip instead of one per request; each query starts after the requests it
// answers arrived, so a revoked display token is refused at once. An API key found is kept for
// API_KEY_KEEP_MS (ADR 0031): single-event ingest asks for the same keys thousands of times a
// second. Revoking one forgets them on this instance at once; another instance refuses it within
// API_KEY_KEEP_MS.
const API_KEY_KEEP_MS = 1000;
const lookups = new WeakMap<object, Record<CredentialTable, GroupRead<string, Credential>>>();

function credentialLookup(db: AccessDeps['db'], table: CredentialTable): GroupRead<string, Credential> {
  let byTable = lookups.get(db);
  if (!byTable) {
    const read = (t: CredentialTable, keepMs: number) => new GroupRead<string, Credential>((hashes) => findActiveCredentialsByHashes(db.sql, t, hashes), 500, { keepMs });
    byTable = { api_keys: read('api_keys', API_KEY_KEEP_MS), display_tokens: read('display_tokens', 0) };
    lookups.set(db, byTable);
  }
  return byTable[table];
}

// When this process last recorded each credential's use, per database: the row is updated at most
// once a minute anyway, so a busy feed skips the query (one round trip per request) in between.
const touched = new WeakMap<object, Map<string, number>>();

async function touch(deps: AccessDeps, table: CredentialTable, id: string): Promise<void> {
  const now = deps.clock.now();
  const byCredential = touched.get(deps.db) ?? new Map<string, number>();
  touched.set(deps.db, byCredential);
  const key = `${table}:${id}`;
  const last = byCredential.get(key);
  if (last !== undefined && now.getTime() - last < 60_000 && now.getTime() >= last) return;
  await touchCredential(deps.db.sql, table, id, now);
  byCredential.set(key, now.getTime());
}

function actorName(actor: Actor): string {
  const p = actor.principal;
  return p.kind === 'user' ? p.username : p.kind === 'system' ? p.name : p.kind;
}
