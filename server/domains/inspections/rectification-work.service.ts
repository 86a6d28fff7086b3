/**
 * Rectifications in "我的工作": for whoever fixes (a branch head, an owner) the open and reopened
 * rectifications of their branch or their own, to confirm (已整改) before the due date; for whoever
 * verifies (an inspector) the fixed ones of their scope, to verify. One query; the clock state is
 * the list's (T−1 working day → due_soon), so the calendar is loaded once per reading.
 */
import { can, scopeOf, type Principal } from '../access/index.ts';
import type { WorkItem, WorkProvider } from '../work/index.ts';
import { calendarOf, INSPECTIONS_CHANGED_CHANNEL, type InspectionDeps } from './inspection-deps.ts';
import { selectRectificationWork, type RectificationPlace } from './rectification.repo.ts';
import { clockStateOf } from './rectification.rules.ts';

function placeOf(principal: Principal): RectificationPlace {
  const scope = scopeOf(principal);
  return scope.kind === 'branch' ? { branchId: scope.branchId } : scope.kind === 'region' ? { regionId: scope.regionId } : 'bank';
}

export function rectificationWorkProvider(deps: InspectionDeps): WorkProvider {
  return {
    key: 'rectifications',
    channels: [INSPECTIONS_CHANGED_CHANNEL],
    async load(principal: Principal, now: Date): Promise<WorkItem[]> {
      const staffCode = principal.kind === 'user' || principal.kind === 'staff' ? principal.staffCode : null;
      const fixes = can(principal, 'rectifications.fix');
      const verifies = can(principal, 'inspections.verify');
      if (!fixes && !verifies) return [];
      const rows = await selectRectificationWork(deps.db.sql, {
        confirmIn: fixes ? placeOf(principal) : null, owner: fixes ? staffCode : null, verifyIn: verifies ? placeOf(principal) : null, limit: 200,
      });
      if (rows.length === 0) return [];
      const calendar = await calendarOf(deps, now);
      const items = rows.map((r): WorkItem => {
        const toVerify = r.status === 'fixed';
        return {
          id: `rectification:${r.id}`, action: toVerify ? 'verify' : 'fix', title: `${r.itemCode} ${r.itemText}`,
          detail: `${r.branchName} · ${toVerify ? (r.fixedNote ?? r.reason) : r.reason}`,
          dueAt: r.dueAt.toISOString(), clockState: toVerify ? null : clockStateOf(r, now, deps.settings.timeZone, calendar),
          href: `/inspections/${r.inspectionId}`,
        };
      });
      // The most urgent first: overdue, then due soon, then by due date (the query's order).
      const rank = (s: string | null) => (s === 'overdue' ? 0 : s === 'due_soon' ? 1 : 2);
      return items.sort((a, b) => rank(a.clockState) - rank(b.clockState));
    },
  };
}
