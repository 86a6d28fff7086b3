/**
 * Nominations in "我的工作": the pending nominations a branch head decides (their branch; never
 * their own). The same query as the bot's 我的任务. A nomination's creation and decision queue a
 * card in the outbox in the same transaction, so `outbox_queued` is the change that may alter it.
 */
import type { Db } from '../../../db/client.ts';
import { can, type Principal } from '../access/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import type { WorkItem, WorkProvider } from '../work/index.ts';
import { pendingNominationsFor } from './nomination.service.ts';

export function nominationWorkProvider(db: Db): WorkProvider {
  return {
    key: 'nominations',
    channels: [OUTBOX_QUEUED_CHANNEL],
    async load(principal: Principal): Promise<WorkItem[]> {
      const staffCode = principal.kind === 'user' || principal.kind === 'staff' ? principal.staffCode : null;
      if (!staffCode || !can(principal, 'nominations.approve')) return [];
      return (await pendingNominationsFor(db, staffCode)).map((n) => ({
        id: `nomination:${n.id}`, action: 'approve', title: n.nomineeName,
        detail: `${n.reason} · ${n.nominatorName}`, dueAt: null, clockState: null, href: null,
      }));
    },
  };
}
