/**
 * The per-branch counts behind the supervision components of the service index (quality.rules.ts),
 * as of `end` (the start of the next bank day): read from the inspections, rectifications and
 * care_tasks tables (a documented cross-domain read, STYLE B2). Only branches with any such data
 * come back, with their region codes (root first) so a ranking can attribute them to its children.
 */
import type { Queryable } from '../../../db/types.ts';
import type { KpiUnit } from './kpi.types.ts';
import { CARE_WINDOW_DAYS, INSPECTION_WINDOW_DAYS, RECTIFICATION_WINDOW_DAYS, type BranchQuality } from './quality.rules.ts';

const DAY_MS = 86_400_000;

export async function selectBranchQuality(sql: Queryable, unit: KpiUnit, asOf: { day: string; careFrom: string; end: Date; timeZone: string }): Promise<BranchQuality[]> {
  const inUnit = unit.kind === 'bank' ? sql`true` : unit.kind === 'branch' ? sql`b.id = ${unit.id}` : sql`r.ancestor_ids @> array[${unit.id}::bigint]`;
  const inspectedFrom = new Date(asOf.end.getTime() - INSPECTION_WINDOW_DAYS * DAY_MS);
  const raisedFrom = new Date(asOf.end.getTime() - RECTIFICATION_WINDOW_DAYS * DAY_MS);
  const rows = await sql<{ code: string; regionCodes: string[]; score: number | null; rectDue: number; rectOnTime: number; careDue: number; careOnTime: number }[]>`
    with unit_branches as (
      select b.id, b.code, r.ancestor_ids
      from branches b join regions r on r.id = b.region_id
      where b.active and ${inUnit}
    ),
    latest as (
      select distinct on (i.branch_id) i.branch_id, i.score::float8 as score
      from inspections i join unit_branches u on u.id = i.branch_id
      where i.kind <> 'self_check' and i.submitted_at < ${asOf.end} and i.visited_at >= ${inspectedFrom}
      order by i.branch_id, i.visited_at desc, i.submitted_at desc
    ),
    fixes as (
      select x.branch_id,
             count(*) filter (where (x.status = 'verified' and x.verified_at < ${asOf.end}) or x.due_at < ${asOf.end})::int as due,
             count(*) filter (where x.status = 'verified' and x.verified_at < ${asOf.end} and x.fixed_on_time)::int as on_time
      from rectifications x join unit_branches u on u.id = x.branch_id
      where x.created_at >= ${raisedFrom} and x.created_at < ${asOf.end}
      group by x.branch_id
    ),
    care as (
      select t.branch_id,
             count(*) filter (where t.due_date < ${asOf.day}::date or (t.status <> 'open' and t.closed_at < ${asOf.end}))::int as due,
             count(*) filter (where t.status = 'done' and t.closed_at < ${asOf.end} and (t.closed_at at time zone ${asOf.timeZone})::date <= t.due_date)::int as on_time
      from care_tasks t join unit_branches u on u.id = t.branch_id
      where t.due_date between ${asOf.careFrom}::date and ${asOf.day}::date
      group by t.branch_id
    )
    select u.code,
           array(select a.code from regions a where a.id = any(u.ancestor_ids) order by cardinality(a.ancestor_ids)) as region_codes,
           l.score, coalesce(f.due, 0) as rect_due, coalesce(f.on_time, 0) as rect_on_time,
           coalesce(c.due, 0) as care_due, coalesce(c.on_time, 0) as care_on_time
    from unit_branches u
    left join latest l on l.branch_id = u.id
    left join fixes f on f.branch_id = u.id
    left join care c on c.branch_id = u.id
    where l.branch_id is not null or f.due > 0 or c.due > 0
    order by u.code`;
  return rows.map((row) => ({
    code: row.code,
    regionCodes: row.regionCodes,
    sums: {
      inspectionScoreSum: row.score === null ? 0 : Number(row.score),
      inspectedBranches: row.score === null ? 0 : 1,
      rectificationsDue: Number(row.rectDue),
      rectificationsOnTime: Number(row.rectOnTime),
      careDue: Number(row.careDue),
      careOnTime: Number(row.careOnTime),
    },
  }));
}
