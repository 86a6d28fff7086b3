/**
 * Care tasks in "我的工作": an account manager's own open tasks listed so far (appeared today or
 * earlier); a branch head's branch's open tasks due today or overdue (theirs to greet or chase).
 * One query. Customer names are always masked here: the list is a reminder, the care page reveals.
 */
import { addDays, bankDay, endOfBankDay } from '../../platform/bank-time.ts';
import { maskName } from '../../platform/pii.ts';
import { can, scopeOf, type Principal } from '../access/index.ts';
import type { WorkItem, WorkProvider } from '../work/index.ts';
import { CARE_CHANGED_CHANNEL, type CareDeps } from './care-deps.ts';
import { selectTasks } from './care.repo.ts';

export function careWorkProvider(deps: CareDeps): WorkProvider {
  return {
    key: 'care',
    channels: [CARE_CHANGED_CHANNEL],
    async load(principal: Principal, now: Date): Promise<WorkItem[]> {
      if (principal.kind !== 'user' && principal.kind !== 'staff') return [];
      if (!can(principal, 'care.act')) return [];
      const today = bankDay(now, deps.timeZone);
      const scope = scopeOf(principal);
      const branchWide = principal.role === 'branch_head' && scope.kind === 'branch';
      if (!branchWide && !principal.staffCode) return [];
      const tasks = branchWide
        ? await selectTasks(deps.db.sql, { branchIds: [scope.branchId], status: 'open', to: today, limit: 200 })
        : await selectTasks(deps.db.sql, { assigneeCode: principal.staffCode!, status: 'open', limit: 200 });
      return tasks
        .filter((t) => t.appearsOn <= today)
        .map((t): WorkItem => ({
          id: `care:${t.id}`, action: 'greet', title: `${maskName(t.customerName) ?? '—'} · ${t.occasion}`,
          detail: `${t.branchName}${t.assigneeName ? ` · ${t.assigneeName}` : ''}`,
          dueAt: endOfBankDay(t.dueDate, deps.timeZone).toISOString(),
          clockState: t.dueDate < today ? 'overdue' : t.dueDate <= addDays(today, 1) ? 'due_soon' : 'on_track',
          href: '/care',
        }));
    },
  };
}
