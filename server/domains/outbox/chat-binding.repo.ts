import type { Queryable } from '../../../db/types.ts';
import type { ChatBinding, ChatBindingInput } from './chat-binding.types.ts';

type Raw = Omit<ChatBinding, 'id'> & { id: string };
const toBinding = (r: Raw): ChatBinding => ({ ...r, id: Number(r.id) });

const SELECT = (sql: Queryable) => sql`
  select c.id, c.purpose, c.channel, c.chat_id, c.secret, c.quiet_hours, c.created_at,
         case when c.branch_id is not null then 'branch:' || b.code when c.region_id is not null then 'region:' || r.code else 'bank' end as scope
  from chat_bindings c left join branches b on b.id = c.branch_id left join regions r on r.id = c.region_id`;

export async function selectBindings(sql: Queryable): Promise<ChatBinding[]> {
  const rows = await sql<Raw[]>`${SELECT(sql)} order by c.id`;
  return rows.map(toBinding);
}

export async function selectBinding(sql: Queryable, id: number): Promise<ChatBinding | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where c.id = ${id}`;
  return row ? toBinding(row) : undefined;
}

export async function insertBinding(sql: Queryable, input: ChatBindingInput & { regionId: number | null; branchId: number | null }, now: Date): Promise<number | undefined> {
  const [row] = await sql<{ id: string }[]>`
    insert into chat_bindings (region_id, branch_id, purpose, channel, chat_id, secret, quiet_hours, created_at)
    values (${input.regionId}, ${input.branchId}, ${input.purpose}, ${input.channel}, ${input.chatId}, ${input.secret ?? null}, ${input.quietHours ?? null}, ${now})
    on conflict (channel, chat_id, purpose) do nothing
    returning id`;
  return row ? Number(row.id) : undefined;
}

export async function deleteBinding(sql: Queryable, id: number): Promise<boolean> {
  const rows = await sql`delete from chat_bindings where id = ${id} returning id`;
  return rows.length > 0;
}

export async function selectRobotSecret(sql: Queryable, url: string): Promise<string | undefined> {
  const [row] = await sql<{ secret: string | null }[]>`select secret from chat_bindings where chat_id = ${url} and secret is not null limit 1`;
  return row?.secret ?? undefined;
}

/**
 * The chats of a purpose for a unit: the unit's own, else the nearest region's up the tree, else
 * the bank's. `regionIds` are the unit's regions, root first (as org gives them).
 */
export async function selectChatsFor(sql: Queryable, purpose: string, unit: { branchId: string | number | null; regionIds: Array<string | number> }): Promise<Array<{ channel: string; chatId: string }>> {
  const ids = unit.regionIds.map(String);
  const rows = await sql<Array<{ channel: string; chatId: string; rank: number }>>`
    select channel, chat_id,
           case when branch_id is not null then 0
                when region_id is not null then 1 + cardinality(${ids}::bigint[]) - array_position(${ids}::bigint[], region_id)
                else 10000 end as rank
    from chat_bindings
    where purpose = ${purpose}
      and ((branch_id is not null and branch_id = ${unit.branchId === null ? null : String(unit.branchId)}) or (region_id = any(${ids}::bigint[])) or (branch_id is null and region_id is null))
    order by rank`;
  const best = rows[0]?.rank;
  return rows.filter((r) => r.rank === best).map((r) => ({ channel: r.channel, chatId: r.chatId }));
}
