import type { Queryable } from '../../../db/types.ts';
import type { LoginFailures } from './login-guard.rules.ts';

/** The stored failures under `keys` (missing keys: none). */
export async function findLoginFailures(sql: Queryable, keys: readonly string[]): Promise<Map<string, LoginFailures>> {
  const rows = await sql<(LoginFailures & { key: string })[]>`
    select key, failures, locked_until, spent, updated_at from login_failures where key = any(${keys as string[]}::text[])`;
  return new Map(rows.map(({ key, ...state }) => [key, state]));
}

/**
 * Locks the rows under `keys` for the rest of the transaction and answers them, so two
 * instances counting a failure at once both count (rows are created first, in key order).
 */
export async function lockLoginFailures(sql: Queryable, keys: readonly string[], now: Date): Promise<Map<string, LoginFailures>> {
  const sorted = [...keys].sort();
  await sql`insert into login_failures (key, updated_at) select k, ${now} from unnest(${sorted}::text[]) as k order by k on conflict (key) do nothing`;
  const rows = await sql<(LoginFailures & { key: string })[]>`
    select key, failures, locked_until, spent, updated_at from login_failures where key = any(${sorted}::text[]) order by key for update`;
  return new Map(rows.map(({ key, ...state }) => [key, state]));
}

export async function saveLoginFailures(sql: Queryable, states: ReadonlyMap<string, LoginFailures>): Promise<void> {
  for (const [key, s] of states) {
    await sql`update login_failures set failures = ${s.failures}, locked_until = ${s.lockedUntil}, spent = ${s.spent}, updated_at = ${s.updatedAt} where key = ${key}`;
  }
}

export async function deleteLoginFailures(sql: Queryable, keys: readonly string[]): Promise<void> {
  await sql`delete from login_failures where key = any(${keys as string[]}::text[])`;
}

/** Forgets rows untouched since `before`; answers how many. */
export async function pruneLoginFailures(sql: Queryable, before: Date): Promise<number> {
  return (await sql`delete from login_failures where updated_at < ${before}`).count;
}
