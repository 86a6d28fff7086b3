/**
 * The escalation ladder at work: for an open complaint, the steps its clock has reached become
 * alert cards to the step's people (through the outbox, in the caller's transaction), one per
 * complaint, stage step and recipient (`complaint_alerts`), so two sweeps or two instances never
 * alert twice. Statutory alerts: sent during quiet hours too.
 */
import type { Queryable, Sql } from '../../../db/types.ts';
import type { Logger } from '../../platform/logger.ts';
import { selectBranchHeads } from '../org/index.ts';
import { chatsFor, enqueueMessage, updateSubjectCards, type OutboxChannel, type OutboxRecipient } from '../outbox/index.ts';
import { calendarOf, type ComplaintDeps } from './complaint-deps.ts';
import { computeClock } from './complaint-clock.rules.ts';
import { complaintCardData } from './complaint-view.rules.ts';
import { insertAlert, selectComplaint, selectEvents, selectOpenComplaintIds, setAlertOutbox } from './complaint.repo.ts';
import type { Complaint, ComplaintClock } from './complaint.types.ts';

/** Published after commit whenever a complaint changes (walls re-read their complaints). */
export const COMPLAINTS_CHANGED_CHANNEL = 'complaints_changed';
import { selectNearestStaffByRole } from './ladder-recipients.repo.ts';
import { reachedSteps, stageKeyOf, type LadderRole } from './ladder.rules.ts';

export const subjectOf = (id: number): string => `complaint:${id}`;
export const detailUrl = (deps: ComplaintDeps, id: number): string | undefined => (deps.publicUrl() ? `${deps.publicUrl()}/complaints/${id}` : undefined);

async function recipientsFor(sql: Sql | Queryable, complaint: Complaint, role: LadderRole): Promise<OutboxRecipient[]> {
  const staff = (codes: Array<{ code: string }>) => codes.map((s) => ({ kind: 'staff' as const, staffCode: s.code }));
  switch (role) {
    case 'handler': {
      if (complaint.handlerCode) return [{ kind: 'staff', staffCode: complaint.handlerCode }];
      const handlers = await selectNearestStaffByRole(sql, complaint.branchCode, 'complaint_handler');
      return staff(handlers.length > 0 ? handlers : await selectBranchHeads(sql, complaint.branchCode));
    }
    case 'branch_head':
      return staff(await selectBranchHeads(sql, complaint.branchCode));
    case 'region_manager':
      return staff(await selectNearestStaffByRole(sql, complaint.branchCode, 'region_manager'));
    case 'leadership': {
      const chats = await chatsFor(sql as Sql, 'leadership', `branch:${complaint.branchCode}`);
      if (chats.length > 0) return chats.map((c) => ({ kind: 'chat', channel: c.channel as OutboxChannel, chatId: c.chatId }));
      return staff(await selectNearestStaffByRole(sql, complaint.branchCode, 'leader'));
    }
  }
}

const recipientKey = (r: OutboxRecipient): string => (r.kind === 'staff' ? `staff:${r.staffCode}` : `${r.channel}:${r.chatId}`);

/** Queues the alerts newly reached by this complaint's clock; returns how many, and whether the overdue step was among them. */
export async function alertReachedSteps(tx: Queryable, deps: ComplaintDeps, complaint: Complaint, clock: ComplaintClock, now: Date): Promise<number> {
  return (await alertSteps(tx, deps, complaint, clock, now)).queued;
}

async function alertSteps(tx: Queryable, deps: ComplaintDeps, complaint: Complaint, clock: ComplaintClock, now: Date): Promise<{ queued: number; overdue: boolean }> {
  let queued = 0;
  let overdue = false;
  for (const step of reachedSteps(clock, now, deps.ladder)) {
    const stageKey = stageKeyOf(clock, step);
    const recipients = await recipientsFor(tx, complaint, step.role);
    if (recipients.length === 0) {
      // Nobody holds the step's role here (no region manager, no leadership chat bound): the step
      // is still recorded as reached, once, so walls and the record show it and it is not retried.
      if (await insertAlert(tx, { complaintId: complaint.id, stageKey, recipient: `none:${step.role}`, now })) {
        queued++;
        if (step.hoursBefore === null) overdue = true;
      }
      continue;
    }
    for (const recipient of recipients) {
      const key = recipientKey(recipient);
      if (!(await insertAlert(tx, { complaintId: complaint.id, stageKey, recipient: key, now }))) continue;
      const { id } = await enqueueMessage(tx, deps.outbox, {
        recipient,
        template: 'complaint.alert',
        data: complaintCardData(complaint, clock, { url: detailUrl(deps, complaint.id) }),
        key: `complaint:${complaint.id}:${stageKey}:${key}`,
        subject: subjectOf(complaint.id),
        severity: step.severity,
        statutory: true,
        // A storm of deadlines to one chat becomes a digest; one card per case otherwise.
        digestible: true,
      }, now);
      await setAlertOutbox(tx, { complaintId: complaint.id, stageKey, recipient: key, outboxId: id });
      queued++;
      if (step.hoursBefore === null) overdue = true;
    }
  }
  return { queued, overdue };
}

/** Every card already sent about the complaint shows its new state (claimed by …, extended …). */
export async function refreshComplaintCards(tx: Queryable, deps: ComplaintDeps, complaint: Complaint, clock: ComplaintClock, now: Date): Promise<void> {
  await updateSubjectCards(tx, subjectOf(complaint.id), {
    template: 'complaint.alert',
    data: complaintCardData(complaint, clock, { url: detailUrl(deps, complaint.id) }),
    version: String(complaint.version),
  }, now);
}

/**
 * The sweeper (every minute, on one instance at a time): each open complaint within the ladder's
 * widest step of its deadline, in its own transaction. Idempotent by construction.
 */
export async function sweepComplaints(deps: ComplaintDeps, logger?: Logger): Promise<{ checked: number; alerts: number }> {
  const now = deps.clock.now();
  const widest = Math.max(0, ...deps.ladder.map((s) => s.hoursBefore ?? 0));
  const ids = await selectOpenComplaintIds(deps.db.sql, new Date(now.getTime() + widest * 3_600_000));
  const calendar = await calendarOf(deps, now);
  let alerts = 0;
  for (const id of ids) {
    try {
      alerts += await deps.db.changes.transaction(async (tx, changes) => {
        const complaint = await selectComplaint(tx, id, { lock: true });
        if (!complaint) return 0;
        const events = (await selectEvents(tx, [id])).get(id) ?? [];
        const clock = computeClock({ receivedAt: complaint.receivedAt, events, decidedAt: complaint.decidedAt }, now, deps.settings, calendar);
        const { queued, overdue } = await alertSteps(tx, deps, complaint, clock, now);
        if (queued > 0) {
          changes.notify('outbox_queued', {});
          // A step reached means the clock state moved (due soon, overdue): walls read the strip again.
          changes.notify(COMPLAINTS_CHANGED_CHANNEL, { branchId: complaint.branchId, event: overdue ? 'overdue' : 'changed', reference: complaint.reference, at: now.toISOString() });
        }
        return queued;
      });
    } catch (error) {
      logger?.error({ err: error, complaintId: id }, 'complaint sweep failed for one complaint');
    }
  }
  return { checked: ids.length, alerts };
}
