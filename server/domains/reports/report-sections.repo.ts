/**
 * The SQL of the report's inspection, rectification, care and star sections. Reads the
 * inspections, care and awards domains' tables read-only (the reports domain is a read model like
 * kpi, STYLE B2 exception), with the same definitions as those domains' KPI queries, so the
 * figures agree with `GET /kpis/inspections`, `GET /kpis/care`, `GET /service-stars`, `GET /nominations`.
 */
import type { Queryable } from '../../../db/types.ts';
import type { StarRow } from '../awards/index.ts';
import type { KpiUnit } from '../kpi/index.ts';

/** A star row as the awards domain reads it; the report reads the month's within a unit. */
export type { StarRow };

/** `b` is the branch, `r` its region. */
const inUnit = (sql: Queryable, unit: KpiUnit) =>
  unit.kind === 'bank' ? sql`true` : unit.kind === 'branch' ? sql`b.id = ${unit.id}` : sql`r.ancestor_ids @> array[${unit.id}::bigint]`;

export interface InspectionRow {
  branchCode: string;
  branchName: string;
  kind: string;
  score: number;
  passed: boolean;
  redLineFailed: boolean;
  submittedAt: Date;
  moduleScores: Array<{ code: string; name: string; score: number | null }>;
}

/** Every inspection of the unit visited in [from, to), the latest submitted first. */
export async function selectInspectionRows(sql: Queryable, unit: KpiUnit, period: { from: Date; to: Date }): Promise<InspectionRow[]> {
  return sql<InspectionRow[]>`
    select b.code as branch_code, b.name as branch_name, i.kind, i.score::float8 as score, i.passed, i.red_line_failed, i.submitted_at, i.module_scores
    from inspections i join branches b on b.id = i.branch_id join regions r on r.id = b.region_id
    where i.visited_at >= ${period.from} and i.visited_at < ${period.to} and ${inUnit(sql, unit)}
    order by i.submitted_at desc, i.id`;
}

export interface RectificationCounts {
  opened: number;
  fixed: number;
  verified: number;
  reopened: number;
  due: number;
  verifiedByDue: number;
  fixedOnTime: number;
  fixedOrPastDue: number;
}

/**
 * The month's rectification counts: opened (created in it), fixed / verified / reopened (events in
 * it), due in it up to `asOf` and of those verified by the due date; and for the ones opened in it
 * the board's on-time figures (fixed by the due date ÷ fixed or open past due at `asOf`).
 */
export async function selectRectificationCounts(sql: Queryable, unit: KpiUnit, period: { from: Date; to: Date; asOf: Date }): Promise<RectificationCounts> {
  const [row] = await sql<Array<Record<keyof RectificationCounts, number>>>`
    select
      count(*) filter (where x.created_at >= ${period.from} and x.created_at < ${period.to})::int as opened,
      coalesce(sum((select count(*) from rectification_events e where e.rectification_id = x.id and e.kind = 'fixed' and e.at >= ${period.from} and e.at < ${period.to})), 0)::int as fixed,
      coalesce(sum((select count(*) from rectification_events e where e.rectification_id = x.id and e.kind = 'verified' and e.at >= ${period.from} and e.at < ${period.to})), 0)::int as verified,
      coalesce(sum((select count(*) from rectification_events e where e.rectification_id = x.id and e.kind = 'reopened' and e.at >= ${period.from} and e.at < ${period.to})), 0)::int as reopened,
      count(*) filter (where x.due_at >= ${period.from} and x.due_at < ${period.asOf})::int as due,
      count(*) filter (where x.due_at >= ${period.from} and x.due_at < ${period.asOf} and x.verified_at <= x.due_at)::int as verified_by_due,
      count(*) filter (where x.created_at >= ${period.from} and x.created_at < ${period.to} and x.fixed_on_time)::int as fixed_on_time,
      count(*) filter (where x.created_at >= ${period.from} and x.created_at < ${period.to}
        and (x.fixed_on_time is not null or (x.status in ('open', 'reopened') and x.due_at < ${period.asOf})))::int as fixed_or_past_due
    from rectifications x join branches b on b.id = x.branch_id join regions r on r.id = b.region_id
    where ${inUnit(sql, unit)} and x.created_at < ${period.to}
      and (x.created_at >= ${period.from} or x.due_at >= ${period.from} or x.status in ('open', 'reopened')
        or exists (select 1 from rectification_events e where e.rectification_id = x.id and e.at >= ${period.from} and e.at < ${period.to}))`;
  return row!;
}

export interface OverdueRectificationRow {
  branchCode: string;
  branchName: string;
  itemCode: string;
  itemText: string;
  redLine: boolean;
  dueAt: Date;
}

/**
 * Rectifications open at `asOf` (created before it; the last fixed / verified / reopened event
 * before it, if any, was a reopening) whose due date had passed, the most overdue first; all of
 * them (the caller lists some, counts all).
 */
export async function selectOverdueRectifications(sql: Queryable, unit: KpiUnit, asOf: Date): Promise<OverdueRectificationRow[]> {
  return sql<OverdueRectificationRow[]>`
    select b.code as branch_code, b.name as branch_name, x.item_code, x.item_text, x.red_line, x.due_at
    from rectifications x join branches b on b.id = x.branch_id join regions r on r.id = b.region_id
    where ${inUnit(sql, unit)} and x.created_at < ${asOf} and x.due_at < ${asOf}
      and coalesce((select e.kind from rectification_events e where e.rectification_id = x.id and e.kind in ('fixed', 'verified', 'reopened') and e.at < ${asOf}
                    order by e.at desc, e.id desc limit 1), 'reopened') = 'reopened'
    order by x.due_at, b.code, x.item_code`;
}

export interface CareGroupRow {
  branchCode: string;
  branchName: string;
  kind: string;
  skipReason: string | null;
  due: number;
  done: number;
  doneOnTime: number;
  skipped: number;
  overdue: number;
}

/** Care tasks due in [from, to] (bank days) by outlet, kind and skip reason; as `GET /kpis/care` counts them at `today`. */
export async function selectCareGroups(sql: Queryable, unit: KpiUnit, input: { from: string; to: string; today: string; timeZone: string }): Promise<CareGroupRow[]> {
  return sql<CareGroupRow[]>`
    select b.code as branch_code, b.name as branch_name, t.kind, t.skip_reason,
      count(*)::int as due,
      count(*) filter (where t.status = 'done')::int as done,
      count(*) filter (where t.status = 'done' and (t.closed_at at time zone ${input.timeZone})::date <= t.due_date)::int as done_on_time,
      count(*) filter (where t.status = 'skipped')::int as skipped,
      count(*) filter (where t.status = 'open' and t.due_date < ${input.today})::int as overdue
    from care_tasks t join branches b on b.id = t.branch_id join regions r on r.id = b.region_id
    where t.due_date between ${input.from} and ${input.to} and ${inUnit(sql, unit)}
    group by b.code, b.name, t.kind, t.skip_reason
    order by b.code, t.kind, t.skip_reason nulls first`;
}

/** The month's stars awarded in the unit or below it (branch stars of its outlets, region stars of its regions). */
export async function selectMonthStars(sql: Queryable, unit: KpiUnit, month: string): Promise<StarRow[]> {
  const within = unit.kind === 'bank'
    ? sql`true`
    : unit.kind === 'branch'
      ? sql`st.scope = ${`branch:${unit.code}`}`
      : sql`((st.scope like 'branch:%' and sbr.ancestor_ids @> array[${unit.id}::bigint]) or (st.scope like 'region:%' and sr.ancestor_ids @> array[${unit.id}::bigint]))`;
  return sql<StarRow[]>`
    select st.month, st.scope, coalesce(sb.name, sr.name, st.scope) as scope_name, s.code as staff_code, s.name as staff_name,
           b.code as branch_code, b.name as branch_name, st.nominations
    from service_stars st
    join staff s on s.id = st.staff_id
    left join branches b on b.id = st.branch_id
    left join branches sb on st.scope = 'branch:' || sb.code
    left join regions sbr on sbr.id = sb.region_id
    left join regions sr on st.scope = 'region:' || sr.code
    where st.month = ${month} and ${within}
    order by (st.scope like 'region:%') desc, cardinality(coalesce(sr.ancestor_ids, '{}')), st.scope`;
}

/**
 * The month's nominations of staff in the unit (the nominee's outlet, or their region for staff
 * of a region office) by status and outlet.
 */
export async function selectNominationGroups(sql: Queryable, unit: KpiUnit, month: string): Promise<Array<{ branchCode: string | null; branchName: string | null; status: string; count: number }>> {
  const within = unit.kind === 'bank'
    ? sql`true`
    : unit.kind === 'branch'
      ? sql`e.branch_id = ${unit.id}`
      : sql`exists (select 1 from regions u where u.id = coalesce(b.region_id, e.region_id) and u.ancestor_ids @> array[${unit.id}::bigint])`;
  return sql`
    select b.code as branch_code, b.name as branch_name, n.status, count(*)::int as count
    from nominations n join staff e on e.id = n.nominee_id left join branches b on b.id = e.branch_id
    where n.month = ${month} and ${within}
    group by b.code, b.name, n.status
    order by b.code nulls last, n.status`;
}
