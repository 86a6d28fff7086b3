import type { Queryable } from '../../../db/types.ts';
import { addDays, bankDay } from '../../platform/bank-time.ts';
import { findBranchUnitByCode, findRegionUnitByCode } from '../org/index.ts';
import { sumRates } from './care-kpi.rules.ts';
import { selectCareCounts } from './care.repo.ts';

const WALL_DAYS = 30;

/** The wall's care section of a scope (`bank`, `region:<code>`, `branch:<code>`); no customer data. */
export async function wallCare(sql: Queryable, timeZone: string, scope: string, now: Date) {
  const [kind, code] = scope.split(':') as [string, string | undefined];
  const unit = kind === 'branch' ? await findBranchUnitByCode(sql, code!) : kind === 'region' ? await findRegionUnitByCode(sql, code!) : undefined;
  const branchId = kind === 'branch' ? (unit?.id ?? '0') : undefined;
  const regionId = kind === 'region' ? (unit?.id ?? '0') : undefined;
  const org = { branchIds: branchId ? [branchId] : undefined, regionId };
  const today = bankDay(now, timeZone);
  const rows = await selectCareCounts(sql, { ...org, from: addDays(today, -(WALL_DAYS - 1)), to: addDays(today, 7), today, timeZone });
  // Due in the window up to today for the rates; tasks listed early (lead time) count as open today.
  const past = await selectCareCounts(sql, { ...org, from: addDays(today, -(WALL_DAYS - 1)), to: today, today, timeZone });
  const rates = sumRates(past);
  const all = sumRates(rows);
  const [{ open } = { open: 0 }] = await sql<{ open: number }[]>`
    select count(*)::int as open from care_tasks t join branches b on b.id = t.branch_id join regions r on r.id = b.region_id
    where t.status = 'open' and t.appears_on <= ${today} and t.due_date >= ${today}
      ${branchId ? sql`and t.branch_id = ${branchId}` : sql``}
      ${regionId ? sql`and (r.id = ${regionId} or ${regionId}::bigint = any(r.ancestor_ids))` : sql``}`;
  return { dueToday: all.dueToday, doneToday: all.doneToday, openToday: open, overdue: rates.overdue, completionRate: rates.completionRate, onTimeRate: rates.onTimeRate };
}
