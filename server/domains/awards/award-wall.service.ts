/**
 * What a wall's star board shows for a scope: this month's approved nominations per person (live:
 * the room reads it again on every `awards_changed`) and last month's stars. Staff names are shown
 * in full — a star is public recognition; no customer data is involved.
 */
import type { Queryable } from '../../../db/types.ts';
import { bankDay } from '../../platform/bank-time.ts';
import { parseScopeText } from '../access/index.ts';
import { previousMonth } from './award.rules.ts';
import { selectStars } from './award.repo.ts';
import { monthOfDay } from './nomination.rules.ts';

export interface WallStarsView {
  month: string;
  /** This month's approved nominations per nominee, most first. */
  approved: Array<{ staffCode: string; staffName: string; branchName: string; count: number }>;
  lastMonth: string;
  /** Last month's stars inside the scope (regions first, then branches). */
  stars: Array<{ scope: string; scopeName: string; staffCode: string; staffName: string; branchName: string; nominations: number }>;
}

export const WALL_STARS_SIZE = 10;

async function unitIds(sql: Queryable, scope: string): Promise<{ regionIds: string[]; branchIds: string[] } | null> {
  const parsed = parseScopeText(scope);
  if (parsed.kind === 'bank') return null;
  if (parsed.kind === 'branch') {
    const rows = await sql<{ id: string }[]>`select id from branches where code = ${parsed.code}`;
    return { regionIds: [], branchIds: rows.map((r) => String(r.id)) };
  }
  const rows = await sql<{ id: string }[]>`select id from regions where code = ${parsed.code}`;
  return { regionIds: rows.map((r) => String(r.id)), branchIds: [] };
}

export async function wallStars(sql: Queryable, scope: string, now: Date, timeZone: string): Promise<WallStarsView> {
  const month = monthOfDay(bankDay(now, timeZone));
  const lastMonth = previousMonth(month);
  const within = await unitIds(sql, scope);
  const unit = within === null
    ? sql``
    : sql`and (e.branch_id = any(${within.branchIds}::bigint[])
            or exists (select 1 from regions u where u.id = coalesce(b.region_id, e.region_id) and u.ancestor_ids && ${within.regionIds}::bigint[]))`;
  const approved = await sql<WallStarsView['approved']>`
    select e.code as staff_code, e.name as staff_name, coalesce(b.name, '') as branch_name, count(*)::int as count
    from nominations n join staff e on e.id = n.nominee_id left join branches b on b.id = e.branch_id
    where n.month = ${month} and n.status = 'approved' ${unit}
    group by e.code, e.name, b.name
    order by count desc, min(n.decided_at), e.code
    limit ${WALL_STARS_SIZE}`;
  const stars = await selectStars(sql, { month: lastMonth, within, limit: WALL_STARS_SIZE });
  return {
    month, lastMonth,
    approved: approved.map((a) => ({ ...a })),
    stars: stars.map((s) => ({ scope: s.scope, scopeName: s.scopeName, staffCode: s.staffCode, staffName: s.staffName, branchName: s.branchName ?? '', nominations: s.nominations })),
  };
}
