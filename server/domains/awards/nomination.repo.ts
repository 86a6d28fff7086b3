import type { Queryable } from '../../../db/types.ts';
import type { Nomination, NominationStatus } from './nomination.types.ts';

type Raw = Omit<Nomination, 'id'> & { id: string };
const toNomination = (r: Raw): Nomination => ({ ...r, id: Number(r.id) });

const SELECT = (sql: Queryable) => sql`
  select n.id, a.code as nominator_code, a.name as nominator_name, e.code as nominee_code, e.name as nominee_name,
         b.code as branch_code, b.name as branch_name, n.reason, n.channel, n.status,
         d.code as decided_by_code, d.name as decided_by_name, n.decided_at, n.created_at
  from nominations n
  join staff a on a.id = n.nominator_id
  join staff e on e.id = n.nominee_id
  left join branches b on b.id = e.branch_id
  left join staff d on d.id = n.decided_by`;

export async function insertNomination(sql: Queryable, input: { nominatorCode: string; nomineeCode: string; reason: string; channel: string; createdAt: Date }): Promise<number | undefined> {
  const [row] = await sql<{ id: string }[]>`
    insert into nominations (nominator_id, nominee_id, reason, channel, created_at)
    select a.id, e.id, ${input.reason}, ${input.channel}, ${input.createdAt}
    from staff a, staff e where a.code = ${input.nominatorCode} and e.code = ${input.nomineeCode} and e.active
    returning id`;
  return row ? Number(row.id) : undefined;
}

export async function selectNomination(sql: Queryable, id: number, options: { lock?: boolean } = {}): Promise<Nomination | undefined> {
  const [row] = await sql<Raw[]>`${SELECT(sql)} where n.id = ${id} ${options.lock ? sql`for update of n` : sql``}`;
  return row ? toNomination(row) : undefined;
}

export async function updateDecision(sql: Queryable, id: number, status: Exclude<NominationStatus, 'pending'>, deciderCode: string, at: Date): Promise<void> {
  await sql`
    update nominations set status = ${status}, decided_at = ${at}, decided_by = (select id from staff where code = ${deciderCode})
    where id = ${id} and status = 'pending'`;
}

export async function selectPendingForBranches(sql: Queryable, branchCodes: string[], limit: number): Promise<Nomination[]> {
  if (branchCodes.length === 0) return [];
  const rows = await sql<Raw[]>`${SELECT(sql)} where n.status = 'pending' and b.code = any(${branchCodes}) order by n.created_at limit ${limit}`;
  return rows.map(toNomination);
}
