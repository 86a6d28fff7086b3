import type { Queryable } from '../../../db/types.ts';
import type { ScorecardSums } from './scorecard.rules.ts';

/**
 * Per person and month, for the active staff of the given branches: tickets they finished (the
 * `teller` of `ticket.finished`), their handling time (finished − called of those tickets),
 * evaluations and satisfied ones, service errors, complaints attributed to them, stars and
 * nominations. Events are read by branch and instant (the events' own index), bounded by the
 * month's first and next month's first bank-day starts.
 */
export async function selectScorecardSums(sql: Queryable, input: { branchIds: string[]; staffCode?: string | undefined; month: string; from: Date; to: Date }): Promise<ScorecardSums[]> {
  return sql<ScorecardSums[]>`
    with people as (
      select s.id, s.code, s.name, s.role, b.code as branch_code, b.name as branch_name
      from staff s join branches b on b.id = s.branch_id
      where s.active and s.branch_id = any(${input.branchIds}::bigint[]) ${input.staffCode ? sql`and s.code = ${input.staffCode}` : sql``}
    ),
    ev as (
      select e.teller, e.type, e.rating, t.called_at, t.finished_at
      from service_events e
      left join tickets t on e.type = 'ticket.finished' and t.branch_id = e.branch_id and t.service_day = e.service_day and t.ticket = e.ticket
      where e.branch_id = any(${input.branchIds}::bigint[]) and e.at >= ${input.from} and e.at < ${input.to} and e.teller is not null
    ),
    figures as (
      select teller,
             count(*) filter (where type = 'ticket.finished')::int as tickets_handled,
             count(*) filter (where type = 'ticket.finished' and called_at is not null and finished_at is not null)::int as handling_count,
             coalesce(sum(extract(epoch from finished_at - called_at)) filter (where type = 'ticket.finished' and called_at is not null and finished_at is not null), 0)::float8 as handling_seconds,
             count(*) filter (where type = 'evaluation.submitted')::int as evaluations,
             count(*) filter (where type = 'evaluation.submitted' and rating >= 4)::int as satisfied,
             count(*) filter (where type = 'service_error.recorded')::int as errors
      from ev group by teller
    )
    select p.code as staff_code, p.name as staff_name, p.role, p.branch_code, p.branch_name,
           coalesce(f.tickets_handled, 0) as tickets_handled, coalesce(f.handling_count, 0) as handling_count,
           coalesce(f.handling_seconds, 0) as handling_seconds, coalesce(f.evaluations, 0) as evaluations,
           coalesce(f.satisfied, 0) as satisfied, coalesce(f.errors, 0) as errors,
           (select count(*)::int from complaints c where c.staff_id = p.id and c.received_at >= ${input.from} and c.received_at < ${input.to}) as complaints,
           (select count(*)::int from service_stars st where st.staff_id = p.id and st.month = ${input.month}) as stars,
           (select count(*)::int from nominations n where n.nominee_id = p.id and n.month = ${input.month}) as nominations_received,
           (select count(*)::int from nominations n where n.nominee_id = p.id and n.month = ${input.month} and n.status = 'approved') as nominations_approved
    from people p left join figures f on f.teller = p.code
    order by p.branch_code, p.code`;
}

/** Ids of the active branches in a scope: one branch, a region's subtree, or the whole bank. */
export async function selectBranchIdsIn(sql: Queryable, scope: { kind: 'bank' } | { kind: 'region'; regionId: string } | { kind: 'branch'; branchId: string }): Promise<string[]> {
  if (scope.kind === 'branch') return [scope.branchId];
  const rows = scope.kind === 'bank'
    ? await sql<{ id: string }[]>`select id from branches where active order by id`
    : await sql<{ id: string }[]>`select b.id from branches b join regions r on r.id = b.region_id where b.active and ${scope.regionId}::bigint = any(r.ancestor_ids) order by b.id`;
  return rows.map((r) => String(r.id));
}
