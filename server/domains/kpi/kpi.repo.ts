/**
 * The KPI read model's SQL. A documented exception to "a repo touches only its own tables"
 * (STYLE B2): it READS branches and regions (org) and the rollups the ingest writes, and writes
 * nothing. Every query sums rollup rows; averages and rates are computed afterwards from the sums.
 */
import type { Queryable } from '../../../db/types.ts';
import type { OrgScope } from '../org/index.ts';
import type { BranchCode, KpiSums, KpiUnit } from './kpi.types.ts';

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

/** The summed rollup columns of `k` (branch_day_kpis or branch_hour_kpis). */
const sumColumns = (sql: Queryable) => sql`
  sum(k.issued)::int8 as issued, sum(k.called)::int8 as called, sum(k.finished)::int8 as finished,
  sum(k.wait_count)::int8 as wait_count, sum(k.wait_seconds)::int8 as wait_seconds, sum(k.long_waits)::int8 as long_waits,
  sum(k.handling_count)::int8 as handling_count, sum(k.handling_seconds)::int8 as handling_seconds,
  sum(k.evaluations)::int8 as evaluations, sum(k.satisfied)::int8 as satisfied, sum(k.rating_sum)::int8 as rating_sum,
  sum(k.service_errors)::int8 as service_errors`;

/**
 * Keeps rollup rows (alias `k`) of branches inside `unit`: every branch for the bank, the branches
 * of a region's subtree (one GIN-indexed array test on regions), or one branch.
 */
function rollupInUnit(sql: Queryable, unit: KpiUnit) {
  if (unit.kind === 'bank') return sql`true`;
  if (unit.kind === 'branch') return sql`k.branch_id = ${unit.id}`;
  return sql`k.branch_id in (
    select b.id
    from branches b
    join regions r on r.id = b.region_id
    where r.ancestor_ids @> array[${unit.id}::bigint])`;
}

/** A region by code, with its ancestors (root first, itself last). */
export async function findRegionUnit(sql: Queryable, code: string): Promise<KpiUnit | undefined> {
  const [row] = await sql<{ id: string; code: string; name: string; ancestorIds: string[] }[]>`
    select id, code, name, ancestor_ids
    from regions
    where code = ${code}`;
  return row && { kind: 'region', id: String(row.id), code: row.code, name: row.name, ancestorIds: row.ancestorIds.map(String) };
}

/** A branch by code, with the ancestors of its region. */
export async function findBranchUnit(sql: Queryable, code: string): Promise<KpiUnit | undefined> {
  const [row] = await sql<{ id: string; code: string; name: string; ancestorIds: string[] }[]>`
    select b.id, b.code, b.name, r.ancestor_ids
    from branches b
    join regions r on r.id = b.region_id
    where b.code = ${code}`;
  return row && { kind: 'branch', id: String(row.id), code: row.code, name: row.name, ancestorIds: row.ancestorIds.map(String) };
}

/** The bank as a unit: named after its head office (the root region), if there is one yet. */
export async function findBankUnit(sql: Queryable): Promise<KpiUnit> {
  const [root] = await sql<{ id: string; name: string }[]>`
    select id, name
    from regions
    where parent_id is null
    order by id
    limit 1`;
  return { kind: 'bank', rootRegionId: root ? String(root.id) : null, code: null, name: root?.name ?? '' };
}

/**
 * Sums for `unit` on one service day (zeros without rows). One day per query on purpose: an
 * equality on service_day lets a region's branches use the (branch_id, service_day) key, where a
 * list of days would filter every day the branch ever had.
 */
export async function selectDaySums(sql: Queryable, unit: KpiUnit, day: string): Promise<KpiSums> {
  const [row] = await sql<SumsRow[]>`
    select ${sumColumns(sql)}
    from branch_day_kpis k
    where k.service_day = ${day}
      and ${rollupInUnit(sql, unit)}`;
  return toSums(row!);
}

/**
 * Sums per bank-local hour for `unit` over the service days `days` whose hours lie in
 * [`from`, `to`), keyed by the hour's ISO instant. Both conditions select the same rows; the hour
 * range lets a region's branches use the (branch_id, hour) key, the days the bank the day index.
 * The bank skips the hour range: it reads every row of the days anyway, and testing two more
 * conditions on each of 20,000 branches' hours cost a third of the query on PGlite.
 */
export async function selectHourSums(
  sql: Queryable,
  unit: KpiUnit,
  range: { days: readonly string[]; from: Date; to: Date },
): Promise<Map<string, KpiSums>> {
  const rows = await sql<(SumsRow & { hour: Date })[]>`
    select k.hour, ${sumColumns(sql)}
    from branch_hour_kpis k
    where k.service_day in ${sql(range.days as string[])}
      and ${unit.kind === 'bank' ? sql`true` : sql`k.hour >= ${range.from} and k.hour < ${range.to}`}
      and ${rollupInUnit(sql, unit)}
    group by k.hour`;
  return new Map(rows.map((row) => [new Date(row.hour).toISOString(), toSums(row)]));
}

/** Finished tickets and handling per business type for `unit` on `day`, most finished first. */
export async function selectBusinessSums(
  sql: Queryable,
  unit: KpiUnit,
  day: string,
): Promise<{ business: string; finished: number; handlingCount: number; handlingSeconds: number }[]> {
  const rows = await sql<{ business: string; finished: string; handlingCount: string; handlingSeconds: string }[]>`
    select k.business, sum(k.finished)::int8 as finished, sum(k.handling_count)::int8 as handling_count,
           sum(k.handling_seconds)::int8 as handling_seconds
    from branch_day_business_kpis k
    where k.service_day = ${day}
      and ${rollupInUnit(sql, unit)}
    group by k.business
    order by finished desc, k.business collate "C"`;
  return rows.map((row) => ({
    business: row.business, finished: Number(row.finished), handlingCount: Number(row.handlingCount), handlingSeconds: Number(row.handlingSeconds),
  }));
}

export interface ChildUnitSums {
  kind: 'region' | 'branch';
  code: string;
  name: string;
  sums: KpiSums;
}

/**
 * The child units of region `parentId` with their sums on `day`, in one grouped query: each
 * branch row of the subtree is attributed to the region one level below the parent in its
 * ancestor path (`ancestor_ids[depth + 1]`), or to itself when it hangs directly off the parent.
 * Child regions are always listed; a child branch is listed when active or when it has data.
 */
export async function selectChildUnitSums(sql: Queryable, parentId: string, day: string): Promise<ChildUnitSums[]> {
  const rows = await sql<(SumsRow & { kind: 'region' | 'branch'; code: string; name: string })[]>`
    with parent as (
      select id, cardinality(ancestor_ids) as depth
      from regions
      where id = ${parentId}
    ),
    -- Summed per region first (hundreds of rows instead of one per branch), then each region
    -- attributed to its child of the parent: far fewer array tests at 20,000 branches.
    by_region as (
      select b.region_id, case when b.region_id = ${parentId}::bigint then b.id end as own_branch,
             ${sumColumns(sql)}
      from branch_day_kpis k
      join branches b on b.id = k.branch_id
      where k.service_day = ${day}
        and b.region_id in (select id from regions where ancestor_ids @> array[${parentId}::bigint])
      group by 1, 2
    ),
    unit_sums as (
      select case when s.own_branch is null then 'region' else 'branch' end as kind,
             coalesce(s.own_branch, r.ancestor_ids[p.depth + 1]) as unit_id,
             sum(s.issued)::int8 as issued, sum(s.called)::int8 as called, sum(s.finished)::int8 as finished,
             sum(s.wait_count)::int8 as wait_count, sum(s.wait_seconds)::int8 as wait_seconds, sum(s.long_waits)::int8 as long_waits,
             sum(s.handling_count)::int8 as handling_count, sum(s.handling_seconds)::int8 as handling_seconds,
             sum(s.evaluations)::int8 as evaluations, sum(s.satisfied)::int8 as satisfied, sum(s.rating_sum)::int8 as rating_sum,
             sum(s.service_errors)::int8 as service_errors
      from by_region s
      join regions r on r.id = s.region_id
      cross join parent p
      group by 1, 2
    ),
    children as (
      select 'region' as kind, c.id, c.code, c.name, true as listed
      from regions c
      where c.parent_id = ${parentId}
      union all
      select 'branch' as kind, b.id, b.code, b.name, b.active as listed
      from branches b
      where b.region_id = ${parentId}
    )
    select c.kind, c.code, c.name,
           s.issued, s.called, s.finished, s.wait_count, s.wait_seconds, s.long_waits, s.handling_count,
           s.handling_seconds, s.evaluations, s.satisfied, s.rating_sum, s.service_errors
    from children c
    left join unit_sums s on s.kind = c.kind and s.unit_id = c.id
    where c.listed or s.unit_id is not null
    order by c.kind desc, c.code`;
  return rows.map((row) => ({ kind: row.kind, code: row.code, name: row.name, sums: toSums(row) }));
}

/** Target rows for the bank (region null) and for the given regions. */
export async function selectTargets(sql: Queryable, regionIds: readonly string[]): Promise<{ regionId: string | null; kpi: string; target: number }[]> {
  const rows = await sql<{ regionId: string | null; kpi: string; target: string }[]>`
    select region_id, kpi, target
    from kpi_targets
    where region_id is null
       or region_id = any(${regionIds as string[]}::bigint[])`;
  return rows.map((row) => ({ regionId: row.regionId === null ? null : String(row.regionId), kpi: row.kpi, target: Number(row.target) }));
}

/** Active branches inside `within` (the whole bank when undefined), by code. */
export async function selectBranchCodes(sql: Queryable, within: OrgScope | undefined, limit: number): Promise<BranchCode[]> {
  const inScope = !within
    ? sql`true`
    : within.branchId
      ? sql`b.id = ${within.branchId}`
      : sql`r.ancestor_ids @> array[${within.regionId!}::bigint]`;
  const rows = await sql<BranchCode[]>`
    select b.code, b.name, r.code as region_code
    from branches b
    join regions r on r.id = b.region_id
    where b.active
      and ${inScope}
    order by b.code
    limit ${limit}`;
  return rows.map((row) => ({ code: row.code, name: row.name, regionCode: row.regionCode }));
}

/**
 * Every active branch inside `unit` with its day sums (zero when it has none), grouped by region
 * path then code: the walls' heat grid. One query, one row per branch, at any scale.
 */
export async function selectBranchGridSums(sql: Queryable, unit: KpiUnit, day: string): Promise<{ code: string; name: string; regionCode: string; sums: KpiSums }[]> {
  const inUnit = unit.kind === 'bank' ? sql`true` : unit.kind === 'branch' ? sql`b.id = ${unit.id}` : sql`r.ancestor_ids @> array[${unit.id}::bigint]`;
  const rows = await sql<(SumsRow & { code: string; name: string; regionCode: string })[]>`
    select b.code, b.name, r.code as region_code,
           k.issued, k.called, k.finished, k.wait_count, k.wait_seconds, k.long_waits, k.handling_count,
           k.handling_seconds, k.evaluations, k.satisfied, k.rating_sum, k.service_errors
    from branches b
    join regions r on r.id = b.region_id
    left join branch_day_kpis k on k.branch_id = b.id and k.service_day = ${day}
    where b.active and ${inUnit}
    order by r.ancestor_ids, b.code`;
  return rows.map((row) => ({ code: row.code, name: row.name, regionCode: row.regionCode, sums: toSums(row) }));
}

/**
 * The transaction's snapshot (pg_current_snapshot()): which ingest transactions a read already
 * includes, so the live walls skip their announced deltas. Call it first in a repeatable-read
 * transaction, where every statement sees this snapshot.
 */
export async function selectTxSnapshot(sql: Queryable): Promise<string> {
  const [row] = await sql<{ snapshot: string }[]>`select pg_current_snapshot()::text as snapshot`;
  return row!.snapshot;
}

export async function selectRegionCode(sql: Queryable, id: string): Promise<string | undefined> {
  const [row] = await sql<{ code: string }[]>`select code from regions where id = ${id}`;
  return row?.code;
}
