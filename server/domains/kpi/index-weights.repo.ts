import type { Queryable } from '../../../db/types.ts';

/** The stored weights row (one row; absent until an administrator or the care migration sets it). */
export async function selectIndexWeights(sql: Queryable): Promise<{ weights: Record<string, unknown>; updatedAt: Date; updatedBy: string } | undefined> {
  const [row] = await sql<{ weights: Record<string, unknown>; updatedAt: Date; updatedBy: string }[]>`
    select weights, updated_at, updated_by from service_index_weights where id`;
  return row;
}

export async function upsertIndexWeights(sql: Queryable, weights: Record<string, number>, actor: string, now: Date): Promise<void> {
  await sql`insert into service_index_weights (id, weights, updated_at, updated_by) values (true, ${sql.json(weights)}, ${now}, ${actor})
    on conflict (id) do update set weights = excluded.weights, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
}
