import type { Queryable } from '../../../db/types.ts';
import type { StarCandidate, StarPick } from './award.rules.ts';

/**
 * Every nominee with an approved nomination in the month, with the tie-breakers' figures from the
 * events naming them as teller in that month: satisfaction (satisfied / evaluations) and
 * error-free tickets (finished tickets of theirs with no service error recorded on the ticket).
 */
export async function selectStarCandidates(sql: Queryable, month: string, from: string, to: string): Promise<StarCandidate[]> {
  const rows = await sql<Array<Omit<StarCandidate, 'satisfaction'> & { evaluations: number; satisfied: number }>>`
    with approved as (
      select n.nominee_id, count(*)::int as approved, min(n.created_at) as first_nominated_at
      from nominations n where n.month = ${month} and n.status = 'approved' group by n.nominee_id
    )
    select s.code as staff_code, s.name as staff_name, b.code as branch_code, a.approved, a.first_nominated_at,
           coalesce((select array_agg(x.code order by cardinality(x.ancestor_ids)) from regions u join regions x on x.id = any(u.ancestor_ids)
                     where u.id = coalesce(b.region_id, s.region_id)), '{}') as region_path,
           coalesce(f.evaluations, 0) as evaluations, coalesce(f.satisfied, 0) as satisfied, coalesce(f.error_free, 0) as error_free
    from approved a
    join staff s on s.id = a.nominee_id
    left join branches b on b.id = s.branch_id
    left join lateral (
      select count(*) filter (where e.type = 'evaluation.submitted')::int as evaluations,
             count(*) filter (where e.type = 'evaluation.submitted' and e.rating >= 4)::int as satisfied,
             count(*) filter (where e.type = 'ticket.finished' and not exists (
               select 1 from service_events x where x.type = 'service_error.recorded' and x.branch_id = e.branch_id
                 and x.service_day = e.service_day and x.ticket = e.ticket))::int as error_free
      from service_events e where e.teller = s.code and e.service_day between ${from} and ${to}
    ) f on true`;
  return rows.map(({ evaluations, satisfied, ...r }) => ({ ...r, satisfaction: evaluations > 0 ? satisfied / evaluations : null }));
}

/** The month's award row, created if missing and locked: reruns of one month take turns. */
export async function lockAwardMonth(sql: Queryable, month: string, now: Date): Promise<{ fingerprint: string; announcedAt: Date | null; created: boolean }> {
  const inserted = await sql`insert into award_months (month, computed_at) values (${month}, ${now}) on conflict (month) do nothing returning month`;
  const [row] = await sql<{ fingerprint: string; announcedAt: Date | null }[]>`select fingerprint, announced_at from award_months where month = ${month} for update`;
  return { ...row!, created: inserted.length > 0 };
}

export async function replaceStars(sql: Queryable, month: string, picks: readonly StarPick[], fingerprint: string, now: Date): Promise<void> {
  await sql`delete from service_stars where month = ${month}`;
  if (picks.length > 0) {
    const c = picks.map((p) => p.candidate);
    await sql`
      insert into service_stars (month, scope, staff_id, branch_id, nominations, satisfaction, error_free, first_nominated_at, computed_at)
      select ${month}, v.scope, s.id, s.branch_id, v.nominations, v.satisfaction, v.error_free, v.first_at, ${now}
      from unnest(${picks.map((p) => p.scope)}::text[], ${c.map((x) => x.staffCode)}::text[], ${c.map((x) => x.approved)}::int[],
                  ${c.map((x) => x.satisfaction)}::numeric[], ${c.map((x) => x.errorFree)}::int[], ${c.map((x) => x.firstNominatedAt.toISOString())}::timestamptz[])
        as v (scope, code, nominations, satisfaction, error_free, first_at)
      join staff s on s.code = v.code`;
  }
  await sql`update award_months set fingerprint = ${fingerprint}, computed_at = ${now} where month = ${month}`;
}

export async function markAnnounced(sql: Queryable, month: string, now: Date): Promise<void> {
  await sql`update award_months set announced_at = ${now} where month = ${month} and announced_at is null`;
}

export interface StarRow {
  month: string;
  scope: string;
  scopeName: string;
  staffCode: string;
  staffName: string;
  branchCode: string | null;
  branchName: string | null;
  nominations: number;
}

/**
 * Stars of a month (or of every month when null), limited to scopes inside `within`: null = all;
 * else branch scopes of those branch ids, and region scopes of regions under those region ids.
 */
export async function selectStars(sql: Queryable, filter: { month: string | null; scope?: string | undefined; staffCode?: string | undefined; within: { regionIds: string[]; branchIds: string[] } | null; limit: number }): Promise<StarRow[]> {
  const within = filter.within === null
    ? sql``
    : sql`and ((st.scope like 'branch:%' and (sb.id = any(${filter.within.branchIds}::bigint[]) or sbr.ancestor_ids && ${filter.within.regionIds}::bigint[]))
             or (st.scope like 'region:%' and sr.ancestor_ids && ${filter.within.regionIds}::bigint[]))`;
  return sql<StarRow[]>`
    select st.month, st.scope, coalesce(sb.name, sr.name, st.scope) as scope_name, s.code as staff_code, s.name as staff_name,
           b.code as branch_code, b.name as branch_name, st.nominations
    from service_stars st
    join staff s on s.id = st.staff_id
    left join branches b on b.id = st.branch_id
    left join branches sb on st.scope = 'branch:' || sb.code
    left join regions sbr on sbr.id = sb.region_id
    left join regions sr on st.scope = 'region:' || sr.code
    where true
      ${filter.month ? sql`and st.month = ${filter.month}` : sql``}
      ${filter.scope ? sql`and st.scope = ${filter.scope}` : sql``}
      ${filter.staffCode ? sql`and s.code = ${filter.staffCode}` : sql``}
      ${within}
    order by st.month desc, (st.scope like 'region:%') desc, cardinality(coalesce(sr.ancestor_ids, '{}')), st.scope
    limit ${filter.limit}`;
}

/** Group chats bound exactly to a unit (no fallback up the tree: a region's chat hears its own star once). */
export async function selectBoundChats(sql: Queryable, purpose: 'alerts' | 'leadership', unit: { kind: 'branch' | 'region' | 'bank'; code?: string }): Promise<Array<{ channel: string; chatId: string }>> {
  if (unit.kind === 'bank') return sql`select channel, chat_id from chat_bindings where purpose = ${purpose} order by id`;
  if (unit.kind === 'branch') {
    return sql`select c.channel, c.chat_id from chat_bindings c join branches b on b.id = c.branch_id where c.purpose = ${purpose} and b.code = ${unit.code!} order by c.id`;
  }
  return sql`select c.channel, c.chat_id from chat_bindings c join regions r on r.id = c.region_id where c.purpose = ${purpose} and r.code = ${unit.code!} order by c.id`;
}

/** The approved nominations' reasons of a person in a month (a star's profile). */
export async function selectApprovedReasons(sql: Queryable, staffCode: string, month: string | null): Promise<Array<{ month: string; nominator: string; reason: string; praise: string | null; decidedAt: Date }>> {
  return sql`
    select n.month, a.name as nominator, n.reason, n.praise, n.decided_at
    from nominations n join staff e on e.id = n.nominee_id join staff a on a.id = n.nominator_id
    where e.code = ${staffCode} and n.status = 'approved' ${month ? sql`and n.month = ${month}` : sql``}
    order by n.month desc, n.created_at`;
}

/** The branch id of a staff member's outlet (null for region-office staff): the wall places changes by branch. */
export async function selectBranchIdOfStaff(sql: Queryable, staffCode: string): Promise<string | null> {
  const [row] = await sql<{ branchId: string | null }[]>`select branch_id from staff where code = ${staffCode}`;
  return row?.branchId == null ? null : String(row.branchId);
}
