/**
 * History reads from the rollups (issue #16), and the refresh of region_day_kpis (the closed days'
 * subtree sums). Like kpi.repo.ts it reads org tables and ingest rollups (STYLE B2 exception);
 * it writes only region_day_kpis, its own table.
 */
import type { Queryable } from '../../../db/types.ts';
import type { KpiSums, KpiUnit } from './kpi.types.ts';

type SumsRow = { [K in keyof KpiSums]: string | number | null };

const toSums = (row: SumsRow): KpiSums => ({
  issued: Number(row.issued ?? 0),
  called: Number(row.called ?? 0),
  finished: Number(row.finished ?? 0),
  waitCount: Number(row.waitCount ?? 0),
  waitSeconds: Number(row.waitSeconds ?? 0),
  longWaits: Number(row.longWaits ?? 0),
  handlingCount: Number(row.handlingCount ?? 0),
  handlingSeconds: Number(row.handlingSeconds ?? 0),
  evaluations: Number(row.evaluations ?? 0),
  satisfied: Number(row.satisfied ?? 0),
  ratingSum: Number(row.ratingSum ?? 0),
  serviceErrors: Number(row.serviceErrors ?? 0),
});

const sumColumns = (sql: Queryable) => sql`
  sum(k.issued)::int8 as issued, sum(k.called)::int8 as called, sum(k.finished)::int8 as finished,
  sum(k.wait_count)::int8 as wait_count, sum(k.wait_seconds)::int8 as wait_seconds, sum(k.long_waits)::int8 as long_waits,
  sum(k.handling_count)::int8 as handling_count, sum(k.handling_seconds)::int8 as handling_seconds,
  sum(k.evaluations)::int8 as evaluations, sum(k.satisfied)::int8 as satisfied, sum(k.rating_sum)::int8 as rating_sum,
  sum(k.service_errors)::int8 as service_errors`;

/** The newest day region_day_kpis holds; later days are read from branch_day_kpis. */
export async function selectHistoryWatermark(sql: Queryable): Promise<string | null> {
  const [row] = await sql<{ day: string | null }[]>`select max(service_day)::text as day from region_day_kpis`;
  return row?.day ?? null;
}

/**
 * Sums per service day of `unit` over [from, to]: days up to `watermark` from the subtree rollup
 * (the bank: its root regions), later ones (and a single branch's) from branch_day_kpis.
 */
export async function selectDaySeries(sql: Queryable, unit: KpiUnit, range: { from: string; to: string }, watermark: string | null): Promise<Map<string, KpiSums>> {
  const rows = unit.kind === 'branch' || watermark === null || watermark < range.from
    ? await branchDaySeries(sql, unit, range)
    : [
      ...await sql<(SumsRow & { day: string })[]>`
        select k.service_day::text as day, ${sumColumns(sql)}
        from region_day_kpis k
        where k.service_day between ${range.from}::date and ${watermark < range.to ? watermark : range.to}::date
          and ${unit.kind === 'bank' ? sql`k.region_id in (select id from regions where parent_id is null)` : sql`k.region_id = ${unit.id}`}
        group by k.service_day`,
      ...(watermark < range.to ? await branchDaySeries(sql, unit, { from: nextDayText(watermark), to: range.to }) : []),
    ];
  return new Map(rows.map((row) => [row.day, toSums(row)]));
}

const nextDayText = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function branchDaySeries(sql: Queryable, unit: KpiUnit, range: { from: string; to: string }) {
  const inUnit = unit.kind === 'bank'
    ? sql`true`
    : unit.kind === 'branch'
      ? sql`k.branch_id = ${unit.id}`
      : sql`k.branch_id in (select b.id from branches b join regions r on r.id = b.region_id where r.ancestor_ids @> array[${unit.id}::bigint])`;
  return sql<(SumsRow & { day: string })[]>`
    select k.service_day::text as day, ${sumColumns(sql)}
    from branch_day_kpis k
    where k.service_day between ${range.from}::date and ${range.to}::date
      and ${inUnit}
    group by k.service_day`;
}

/**
 * Recomputes region_day_kpis for the days [from, to] from branch_day_kpis: each branch's day is
 * added to every region on its path (regions.ancestor_ids). Delete-then-insert in the caller's
 * transaction, so a re-run (or a late event folded in by the ingest) simply replaces the days.
 */
export async function refreshRegionDays(sql: Queryable, range: { from: string; to: string }): Promise<number> {
  await sql`delete from region_day_kpis where service_day between ${range.from}::date and ${range.to}::date`;
  const result = await sql`
    insert into region_day_kpis (region_id, service_day, branches, issued, called, finished, wait_count, wait_seconds, long_waits,
      handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors)
    select a.region_id, k.service_day, count(*)::int, ${sumColumns(sql)}
    from branch_day_kpis k
    join branches b on b.id = k.branch_id
    join regions r on r.id = b.region_id
    cross join lateral unnest(r.ancestor_ids) as a (region_id)
    where k.service_day between ${range.from}::date and ${range.to}::date
    group by a.region_id, k.service_day`;
  return result.count;
}

export interface UnitMonthSums {
  kind: 'region' | 'branch';
  code: string;
  name: string;
  regionCode: string;
  sums: KpiSums;
}

/** Every branch inside `unit` (active, or with data) with its sums over [from, to]: the report's outlet ranking. */
export async function selectBranchRangeSums(sql: Queryable, unit: KpiUnit, range: { from: string; to: string }): Promise<UnitMonthSums[]> {
  const inUnit = unit.kind === 'bank' ? sql`true` : unit.kind === 'branch' ? sql`b.id = ${unit.id}` : sql`r.ancestor_ids @> array[${unit.id}::bigint]`;
  const rows = await sql<(SumsRow & { code: string; name: string; regionCode: string })[]>`
    with sums as (
      select k.branch_id, ${sumColumns(sql)}
      from branch_day_kpis k
      where k.service_day between ${range.from}::date and ${range.to}::date
      group by k.branch_id
    )
    select b.code, b.name, r.code as region_code, k.issued, k.called, k.finished, k.wait_count, k.wait_seconds, k.long_waits,
           k.handling_count, k.handling_seconds, k.evaluations, k.satisfied, k.rating_sum, k.service_errors
    from branches b
    join regions r on r.id = b.region_id
    left join sums k on k.branch_id = b.id
    where ${inUnit} and (b.active or k.branch_id is not null)
    order by b.code`;
  return rows.map((row) => ({ kind: 'branch', code: row.code, name: row.name, regionCode: row.regionCode, sums: toSums(row) }));
}
