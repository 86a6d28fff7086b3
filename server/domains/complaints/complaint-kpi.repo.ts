import type { Queryable } from '../../../db/types.ts';

/** A unit of the org tree to count in: the whole bank, a region's subtree, or one branch. */
export type CountScope = { kind: 'bank' } | { kind: 'region'; id: string } | { kind: 'branch'; id: string };

const inScope = (sql: Queryable, scope: CountScope, branchColumn: 'c.branch_id' | 'b.id') => {
  if (scope.kind === 'bank') return sql``;
  if (scope.kind === 'branch') return branchColumn === 'b.id' ? sql`and b.id = ${scope.id}` : sql`and c.branch_id = ${scope.id}`;
  return sql`and b.region_id in (select id from regions where ${scope.id}::bigint = any(ancestor_ids))`;
};

export interface ComplaintCounts {
  overdue: number;
  dueSoon: number;
  paused: number;
  onTrack: number;
  /** Received in the period (reviews and merged repeats not counted again). */
  received: number;
  decided: number;
  decidedOnTime: number;
  finishedTickets: number;
  branches: number;
  customers: number;
}

/**
 * The counts behind the complaint KPIs, from the clock columns the service keeps (computed from
 * each complaint's history at every change) and the ticket rollups, in one round trip.
 */
export async function selectComplaintCounts(sql: Queryable, scope: CountScope, input: { now: Date; dueSoonBefore: Date; from: Date; fromDay: string; toDay: string }): Promise<ComplaintCounts> {
  const [row] = await sql<Array<Record<keyof ComplaintCounts, string>>>`
    with scoped as (
      select c.* from complaints c join branches b on b.id = c.branch_id
      where c.merged_into_id is null ${inScope(sql, scope, 'c.branch_id')}
    )
    select
      count(*) filter (where status not in ('decided', 'closed') and not paused and decision_due_at < ${input.now}) as overdue,
      count(*) filter (where status not in ('decided', 'closed') and not paused and decision_due_at >= ${input.now} and decision_due_at <= ${input.dueSoonBefore}) as due_soon,
      count(*) filter (where status not in ('decided', 'closed') and paused) as paused,
      count(*) filter (where status not in ('decided', 'closed') and not paused and decision_due_at > ${input.dueSoonBefore}) as on_track,
      count(*) filter (where kind = 'original' and received_at >= ${input.from}) as received,
      count(*) filter (where decided_at >= ${input.from}) as decided,
      count(*) filter (where decided_at >= ${input.from} and decided_on_time) as decided_on_time,
      (select coalesce(sum(k.finished), 0) from branch_day_kpis k join branches b on b.id = k.branch_id
        where k.service_day between ${input.fromDay}::date and ${input.toDay}::date ${inScope(sql, scope, 'b.id')}) as finished_tickets,
      (select count(*) from branches b where b.active ${inScope(sql, scope, 'b.id')}) as branches,
      (select count(*) from customers cu join branches b on b.id = cu.branch_id where true ${inScope(sql, scope, 'b.id')}) as customers
    from scoped`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as unknown as ComplaintCounts;
}

/** Open complaints most at risk: not paused first, soonest (or longest overdue) deadline first. */
export async function selectStrip(sql: Queryable, scope: CountScope, limit: number) {
  return sql<Array<{ id: string; reference: string; branchCode: string; branchName: string; category: string; status: 'received' | 'claimed' | 'in_progress'; decisionDueAt: Date; paused: boolean }>>`
    select c.id, c.reference, b.code as branch_code, b.name as branch_name, c.category, c.status, c.decision_due_at, c.paused
    from complaints c join branches b on b.id = c.branch_id
    where c.status not in ('decided', 'closed') and c.merged_into_id is null ${inScope(sql, scope, 'c.branch_id')}
    order by c.paused, c.decision_due_at, c.id
    limit ${limit}`;
}

export async function countReceivedSince(sql: Queryable, scope: CountScope, since: Date): Promise<number> {
  const [row] = await sql<{ n: string }[]>`
    select count(*) as n from complaints c join branches b on b.id = c.branch_id
    where c.kind = 'original' and c.merged_into_id is null and c.received_at >= ${since} ${inScope(sql, scope, 'c.branch_id')}`;
  return Number(row!.n);
}
