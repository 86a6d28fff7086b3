/**
 * What a wall shows of a scope's complaints: the open ones by clock state, the 30-day rates, and
 * the clock strip — the open complaints most at risk, with no customer data.
 */
import type { Sql } from '../../../db/types.ts';
import { complaintKpis, countScopeOf } from './complaint-kpi.service.ts';
import { countReceivedSince, selectStrip } from './complaint-kpi.repo.ts';
import { bankDay, startOfBankDay } from '../../platform/bank-time.ts';

export const STRIP_SIZE = 12;

export interface WallComplaintsView {
  open: { total: number; onTrack: number; dueSoon: number; overdue: number; paused: number };
  onTimeRate: number | null;
  receivedToday: number;
  per1000Branches: number | null;
  per10MCustomers: number | null;
  strip: Array<{ id: number; reference: string; branchCode: string; branchName: string; category: string; decisionDueAt: string; clockState: 'on_track' | 'due_soon' | 'overdue' | 'paused'; status: 'received' | 'claimed' | 'in_progress' | 'decided' | 'closed' }>;
}

export async function wallComplaints(deps: { sql: Sql; timeZone: string; dueSoonHours: number }, scope: string, now: Date): Promise<WallComplaintsView> {
  const kpis = await complaintKpis(deps, scope, now);
  const countScope = await countScopeOf(deps.sql, scope);
  const rows = await selectStrip(deps.sql, countScope, STRIP_SIZE);
  const dueSoonMs = deps.dueSoonHours * 3_600_000;
  return {
    open: kpis.open,
    onTimeRate: kpis.onTimeRate,
    receivedToday: await countReceivedSince(deps.sql, countScope, startOfBankDay(bankDay(now, deps.timeZone), deps.timeZone)),
    per1000Branches: kpis.per1000Branches,
    per10MCustomers: kpis.per10MCustomers,
    strip: rows.map((r) => ({
      id: Number(r.id), reference: r.reference, branchCode: r.branchCode, branchName: r.branchName, category: r.category, status: r.status,
      decisionDueAt: r.decisionDueAt.toISOString(),
      clockState: r.paused ? 'paused' : r.decisionDueAt.getTime() < now.getTime() ? 'overdue' : r.decisionDueAt.getTime() - now.getTime() <= dueSoonMs ? 'due_soon' : 'on_track',
    })),
  };
}
