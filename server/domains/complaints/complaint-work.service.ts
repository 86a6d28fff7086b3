/**
 * Complaints in "我的工作": for those who handle complaints, the open complaints of their scope not
 * yet claimed (to claim), and their own — to contact the customer (before the first-contact
 * target), then to decide (before the statutory deadline). The same items as the bot's 我的任务.
 */
import { can, type Principal } from '../access/index.ts';
import type { WorkItem, WorkProvider } from '../work/index.ts';
import type { ComplaintDeps } from './complaint-deps.ts';
import { COMPLAINTS_CHANGED_CHANNEL } from './complaint-alerts.service.ts';
import { scopedComplaintsWithClocks } from './complaint.service.ts';
import { maskName } from '../../platform/pii.ts';

export function complaintWorkProvider(deps: ComplaintDeps): WorkProvider {
  return {
    key: 'complaints',
    channels: [COMPLAINTS_CHANGED_CHANNEL],
    async load(principal: Principal): Promise<WorkItem[]> {
      if (!can(principal, 'complaints.handle')) return [];
      const me = principal.kind === 'user' || principal.kind === 'staff' ? principal.staffCode : null;
      const open = await scopedComplaintsWithClocks(deps, principal, { open: true, limit: 200 });
      const items: WorkItem[] = [];
      for (const { complaint: c, clock } of open) {
        const mine = me !== null && c.handlerCode === me;
        const action = c.status === 'received' ? 'claim' : mine && !clock.firstContactAt ? 'contact' : mine ? 'decide' : undefined;
        if (!action) continue;
        const dueAt = action === 'contact' ? clock.firstContactDueAt : clock.decisionDueAt;
        items.push({
          id: `complaint:${c.id}`, action, title: c.reference, detail: `${c.branchName} · ${maskName(c.complainantName) ?? "—"}`,
          dueAt: dueAt.toISOString(), clockState: clock.clockState, href: `/complaints/${c.id}`,
        });
      }
      // The most urgent first: overdue, then by the deadline of the step at hand.
      const rank = (s: string | null) => (s === 'overdue' ? 0 : s === 'due_soon' ? 1 : 2);
      return items.sort((a, b) => rank(a.clockState) - rank(b.clockState) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
    },
  };
}
