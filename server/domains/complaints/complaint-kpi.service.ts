/**
 * Complaint KPIs (DESIGN §4): open complaints by clock state, the on-time decision rate, the
 * complaint rate per 10,000 finished tickets, and the regulator's views (per 1,000 branches, per
 * 10 million customers), over a rolling 30 days for a scope.
 */
import type { Sql } from '../../../db/types.ts';
import { addDays, bankDay } from '../../platform/bank-time.ts';
import { findBranchTarget, findRegionTarget, parseScopeText } from '../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import { selectComplaintCounts, type CountScope } from './complaint-kpi.repo.ts';

export const COMPLAINT_KPI_DAYS = 30;

export interface ComplaintKpis {
  scope: string;
  periodDays: number;
  asOf: string;
  open: { total: number; onTrack: number; dueSoon: number; overdue: number; paused: number };
  received: number;
  decided: number;
  /** Decided within the statutory deadline ÷ decided, in the period; null with none decided. */
  onTimeRate: number | null;
  /** Per 10,000 finished tickets; null without tickets. */
  per10kTickets: number | null;
  per1000Branches: number | null;
  per10MCustomers: number | null;
}

export async function countScopeOf(sql: Sql, scope: string): Promise<CountScope> {
  const parsed = parseScopeText(scope, 'scope');
  if (parsed.kind === 'bank') return { kind: 'bank' };
  const target = parsed.kind === 'region' ? await findRegionTarget(sql, parsed.code) : await findBranchTarget(sql, parsed.code);
  if (!target || target.kind === 'bank') throw new AppError('NOT_FOUND', `no ${scope}`);
  return target.kind === 'region' ? { kind: 'region', id: target.regionId } : { kind: 'branch', id: target.branchId };
}

export async function complaintKpis(deps: { sql: Sql; timeZone: string; dueSoonHours: number }, scope: string, now: Date): Promise<ComplaintKpis> {
  const countScope = await countScopeOf(deps.sql, scope);
  const toDay = bankDay(now, deps.timeZone);
  const fromDay = addDays(toDay, -(COMPLAINT_KPI_DAYS - 1));
  const from = new Date(now.getTime() - COMPLAINT_KPI_DAYS * 86_400_000);
  const c = await selectComplaintCounts(deps.sql, countScope, { now, dueSoonBefore: new Date(now.getTime() + deps.dueSoonHours * 3_600_000), from, fromDay, toDay });
  const ratio = (n: number, d: number, per: number) => (d > 0 ? (n / d) * per : null);
  return {
    scope,
    periodDays: COMPLAINT_KPI_DAYS,
    asOf: now.toISOString(),
    open: { total: c.onTrack + c.dueSoon + c.overdue + c.paused, onTrack: c.onTrack, dueSoon: c.dueSoon, overdue: c.overdue, paused: c.paused },
    received: c.received,
    decided: c.decided,
    onTimeRate: ratio(c.decidedOnTime, c.decided, 1),
    per10kTickets: ratio(c.received, c.finishedTickets, 10_000),
    per1000Branches: ratio(c.received, c.branches, 1_000),
    per10MCustomers: ratio(c.received, c.customers, 10_000_000),
  };
}
