/**
 * Last month's sums of a region's child units (issue #16, ranking movement), from the history
 * rollups: child regions from region_day_kpis (their subtree sums, tens of rows a day) when the
 * closed days cover the month, otherwise attributed from branch_day_kpis; branches hanging
 * directly off the parent from branch_day_kpis. Only units with data are returned: a unit
 * without figures has no place last month.
 */
import type { Queryable } from '../../../db/types.ts';
import type { KpiSums } from './kpi.types.ts';

type SumsRow = { [K in keyof KpiSums]: string | number | null };
type UnitRow = SumsRow & { kind: 'region' | 'branch'; code: string };

const toSums = (row: SumsRow): KpiSums => ({
  issued: Number(row.issued ?? 0), called: Number(row.called ?? 0), finished: Number(row.finished ?? 0),
  waitCount: Number(row.waitCount ?? 0), waitSeconds: Number(row.waitSeconds ?? 0), longWaits: Number(row.longWaits ?? 0),
  handlingCount: Number(row.handlingCount ?? 0), handlingSeconds: Number(row.handlingSeconds ?? 0),
  evaluations: Number(row.evaluations ?? 0), satisfied: Number(row.satisfied ?? 0), ratingSum: Number(row.ratingSum ?? 0),
  serviceErrors: Number(row.serviceErrors ?? 0),
});

const sumColumns = (sql: Queryable) => sql`
  sum(k.issued)::int8 as issued, sum(k.called)::int8 as called, sum(k.finished)::int8 as finished,
  sum(k.wait_count)::int8 as wait_count, sum(k.wait_seconds)::int8 as wait_seconds, sum(k.long_waits)::int8 as long_waits,
  sum(k.handling_count)::int8 as handling_count, sum(k.handling_seconds)::int8 as handling_seconds,
  sum(k.evaluations)::int8 as evaluations, sum(k.satisfied)::int8 as satisfied, sum(k.rating_sum)::int8 as rating_sum,
  sum(k.service_errors)::int8 as service_errors`;

export interface ChildRangeSums { kind: 'region' | 'branch'; code: string; sums: KpiSums }

/** `watermark`: the newest day region_day_kpis holds (selectHistoryWatermark). */
export async function selectChildRangeSums(sql: Queryable, parentId: string, range: { from: string; to: string }, watermark: string | null): Promise<ChildRangeSums[]> {
  const regions = watermark !== null && watermark >= range.to
    ? await sql<UnitRow[]>`
      select 'region' as kind, r.code, ${sumColumns(sql)}
      from region_day_kpis k
      join regions r on r.id = k.region_id
      where r.parent_id = ${parentId} and k.service_day between ${range.from}::date and ${range.to}::date
      group by r.code`
    : await sql<UnitRow[]>`
      with parent as (select cardinality(ancestor_ids) as depth from regions where id = ${parentId})
      select 'region' as kind, c.code, ${sumColumns(sql)}
      from branch_day_kpis k
      join branches b on b.id = k.branch_id
      join regions r on r.id = b.region_id
      cross join parent p
      join regions c on c.id = r.ancestor_ids[p.depth + 1]
      where k.service_day between ${range.from}::date and ${range.to}::date
        and r.ancestor_ids @> array[${parentId}::bigint] and r.id <> ${parentId}
      group by c.code`;
  const branches = await sql<UnitRow[]>`
    select 'branch' as kind, b.code, ${sumColumns(sql)}
    from branch_day_kpis k
    join branches b on b.id = k.branch_id
    where b.region_id = ${parentId} and k.service_day between ${range.from}::date and ${range.to}::date
    group by b.code`;
  return [...regions, ...branches].map((row) => ({ kind: row.kind, code: row.code, sums: toSums(row) }));
}
