import type { Queryable } from '../../../db/types.ts';
import type { Scope } from './access.types.ts';
import { scopeFromColumns, scopeToColumns, type ScopeColumns } from './scope-columns.ts';

/**
 * Display tokens (wall screens) and API keys (integrators) are the same kind of credential: a
 * named, scoped, revocable secret stored as a hash; API keys also list the event types they may push.
 */
export type CredentialTable = 'display_tokens' | 'api_keys';

export interface Credential {
  id: string;
  name: string;
  prefix: string;
  scope: Scope;
  eventTypes: string[];
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Display tokens only: after this instant the token authenticates nothing; null = no expiry. */
  expiresAt: Date | null;
}

interface CredentialRow extends ScopeColumns {
  id: string;
  name: string;
  prefix: string;
  eventTypes: string[] | null;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

const toCredential = (row: CredentialRow): Credential => ({
  id: String(row.id),
  name: row.name,
  prefix: row.prefix,
  scope: scopeFromColumns(row),
  eventTypes: row.eventTypes ?? [],
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
  expiresAt: row.expiresAt ?? null,
});

function selectCredentials(sql: Queryable, table: CredentialTable) {
  const eventTypes = table === 'api_keys' ? sql`c.event_types` : sql`null::text[]`;
  const expiresAt = table === 'display_tokens' ? sql`c.expires_at` : sql`null::timestamptz`;
  return sql`
    select c.id, c.name, c.prefix, ${eventTypes} as event_types, ${expiresAt} as expires_at, c.created_by, c.created_at, c.last_used_at, c.revoked_at,
           c.scope_region_id, sr.code as scope_region_code, c.scope_branch_id, sb.code as scope_branch_code
    from ${sql(table)} c
    left join regions sr on sr.id = c.scope_region_id
    left join branches sb on sb.id = c.scope_branch_id`;
}

export async function insertCredential(
  sql: Queryable,
  table: CredentialTable,
  credential: { name: string; hash: string; prefix: string; scope: Scope; eventTypes: string[]; createdBy: string; now: Date; expiresAt?: Date | null },
): Promise<string> {
  const { scopeRegionId, scopeBranchId } = scopeToColumns(credential.scope);
  const [row] = table === 'api_keys'
    ? await sql<{ id: string }[]>`
        insert into api_keys (name, key_hash, prefix, scope_region_id, scope_branch_id, event_types, created_by, created_at)
        values (${credential.name}, ${credential.hash}, ${credential.prefix}, ${scopeRegionId}, ${scopeBranchId},
                ${credential.eventTypes}, ${credential.createdBy}, ${credential.now})
        returning id`
    : await sql<{ id: string }[]>`
        insert into display_tokens (name, token_hash, prefix, scope_region_id, scope_branch_id, created_by, created_at, expires_at)
        values (${credential.name}, ${credential.hash}, ${credential.prefix}, ${scopeRegionId}, ${scopeBranchId},
                ${credential.createdBy}, ${credential.now}, ${credential.expiresAt ?? null})
        returning id`;
  return String(row!.id);
}

export async function findCredentialById(sql: Queryable, table: CredentialTable, id: string): Promise<Credential | undefined> {
  const [row] = await sql<CredentialRow[]>`${selectCredentials(sql, table)} where c.id = ${id}`;
  return row ? toCredential(row) : undefined;
}

/** The live credentials among `hashes`, by hash: concurrent requests' lookups as one query. */
export async function findActiveCredentialsByHashes(sql: Queryable, table: CredentialTable, hashes: readonly string[]): Promise<Map<string, Credential>> {
  const hashColumn = table === 'api_keys' ? sql`c.key_hash` : sql`c.token_hash`;
  const rows = await sql<(CredentialRow & { hash: string })[]>`
    select h.hash, found.*
    from unnest(${hashes as string[]}::text[]) as h (hash)
    cross join lateral (${selectCredentials(sql, table)} where ${hashColumn} = h.hash and c.revoked_at is null) found`;
  return new Map(rows.map((row) => [row.hash, toCredential(row)]));
}

export async function listCredentialRows(sql: Queryable, table: CredentialTable): Promise<Credential[]> {
  const rows = await sql<CredentialRow[]>`${selectCredentials(sql, table)} order by c.revoked_at is not null, c.created_at desc`;
  return rows.map(toCredential);
}

export async function markCredentialRevoked(sql: Queryable, table: CredentialTable, id: string, now: Date): Promise<boolean> {
  const rows = await sql`update ${sql(table)} set revoked_at = ${now} where id = ${id} and revoked_at is null returning id`;
  return rows.length > 0;
}

/** Records use at most once a minute per credential, so a busy screen or feed does not write per request. */
export async function touchCredential(sql: Queryable, table: CredentialTable, id: string, now: Date): Promise<void> {
  await sql`
    update ${sql(table)} set last_used_at = ${now}
    where id = ${id} and (last_used_at is null or last_used_at < ${new Date(now.getTime() - 60_000)})`;
}
