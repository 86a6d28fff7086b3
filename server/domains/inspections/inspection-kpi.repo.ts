import type { Queryable } from '../../../db/types.ts';

/** A unit of the org tree to count in (ids from the access targets). */
export type InspectionScope = { kind: 'bank' } | { kind: 'region'; id: string } | { kind: 'branch'; id: string };

/** `branch_id` of the table queried (aliased `i` where inspections are joined). */
const inScope = (sql: Queryable, scope: InspectionScope, column: 'branch_id' | 'i.branch_id') => {
  if (scope.kind === 'bank') return sql``;
  const branchId = column === 'branch_id' ? sql`branch_id` : sql`i.branch_id`;
  if (scope.kind === 'branch') return sql`and ${branchId} = ${scope.id}`;
  return sql`and ${branchId} in (select b.id from branches b join regions r on r.id = b.region_id where ${scope.id}::bigint = any(r.ancestor_ids))`;
};

export interface InspectionCounts {
  inspections: number;
  scoreSum: number;
  passed: number;
  redLineFailures: number;
  latestScore: number | null;
  open: number;
  overdue: number;
  closedOrDue: number;
  onTime: number;
}

/** The counts behind the inspection KPIs, in two round trips. */
export async function selectInspectionCounts(sql: Queryable, scope: InspectionScope, input: { from: Date; now: Date }): Promise<InspectionCounts> {
  const [i] = await sql<Array<{ n: string; scoreSum: string | null; passed: string; red: string; latest: string | null }>>`
    select count(*) as n, sum(score)::float8 as score_sum, count(*) filter (where passed) as passed, count(*) filter (where red_line_failed) as red,
           (array_agg(score::float8 order by submitted_at desc))[1] as latest
    from inspections where visited_at >= ${input.from} ${inScope(sql, scope, 'branch_id')}`;
  const [r] = await sql<Array<{ open: string; overdue: string; closedOrDue: string; onTime: string }>>`
    select count(*) filter (where status in ('open', 'reopened')) as open,
           count(*) filter (where status in ('open', 'reopened') and due_at < ${input.now}) as overdue,
           count(*) filter (where created_at >= ${input.from} and (fixed_on_time is not null or (status in ('open', 'reopened') and due_at < ${input.now}))) as closed_or_due,
           count(*) filter (where created_at >= ${input.from} and fixed_on_time) as on_time
    from rectifications where true ${inScope(sql, scope, 'branch_id')}`;
  return {
    inspections: Number(i!.n), scoreSum: Number(i!.scoreSum ?? 0), passed: Number(i!.passed), redLineFailures: Number(i!.red),
    latestScore: i!.latest === null ? null : Number(i!.latest),
    open: Number(r!.open), overdue: Number(r!.overdue), closedOrDue: Number(r!.closedOrDue), onTime: Number(r!.onTime),
  };
}

export async function selectCalibrationRows(sql: Queryable, scope: InspectionScope, from: Date) {
  return sql<Array<{ id: string; branchCode: string; inspector: string; visitedAt: Date; checklistCode: string; moduleScores: Array<{ code: string; score: number | null }> }>>`
    select i.id, b.code as branch_code, i.inspector, i.visited_at, c.code as checklist_code, i.module_scores
    from inspections i join branches b on b.id = i.branch_id join checklists c on c.id = i.checklist_id
    where i.visited_at >= ${from} and i.kind <> 'self_check' ${inScope(sql, scope, 'i.branch_id')}
    order by i.visited_at`;
}
