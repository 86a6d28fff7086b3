/**
 * Cases that involve two complaints: merging a repeat into the open one, and a review (核查)
 * asked for within 30 days of the decision, which becomes a linked case with its own clock.
 */
import { AppError } from '../../platform/errors.ts';
import { actorLabel, can, findBranchTarget, recordAudit, type Actor, type OrgTarget, type Principal } from '../access/index.ts';
import type { Complaint } from './complaint.types.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { alertReachedSteps, refreshComplaintCards } from './complaint-alerts.service.ts';
import { calendarOf, type ComplaintDeps } from './complaint-deps.ts';
import { computeClock, REVIEW_WINDOW_DAYS, reviewAllowed } from './complaint-clock.rules.ts';
import { toComplaintView, type ComplaintView } from './complaint-view.rules.ts';
import { insertComplaint, insertEvent, selectComplaint, selectEvents, updateComplaintState } from './complaint.repo.ts';
import { COMPLAINTS_CHANGED_CHANNEL } from './complaint.service.ts';

/**
 * A review is asked for by whoever may register complaints in the complaint's scope; an API key
 * only for the complaints it sent itself, and only while it is allowed `complaint.received`.
 */
function mayAskForReview(principal: Principal, complaint: Complaint, target: OrgTarget): boolean {
  if (!can(principal, 'complaints.create', target)) return false;
  if (principal.kind !== 'api_key') return true;
  return principal.eventTypes.includes('complaint.received') && complaint.source === `api_key:${principal.keyId}`;
}

const roleOf = (actor: Actor): string | null => ('role' in actor.principal ? actor.principal.role : null);

/** Folds a repeat of the same complaint into the open one: the repeat closes, the open one keeps its clock. */
export async function mergeComplaint(deps: ComplaintDeps, actor: Actor, duplicateId: number, intoId: number): Promise<ComplaintView> {
  if (duplicateId === intoId) throw AppError.invalid('into', 'a complaint cannot be merged into itself');
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  return deps.db.changes.transaction(async (tx, changes) => {
    // Lock in id order: two merges of the same pair the other way round cannot deadlock.
    const [first, second] = [Math.min(duplicateId, intoId), Math.max(duplicateId, intoId)];
    const a = await selectComplaint(tx, first, { lock: true });
    const b = await selectComplaint(tx, second, { lock: true });
    const duplicate = a?.id === duplicateId ? a : b;
    const into = a?.id === intoId ? a : b;
    if (!duplicate) throw new AppError('NOT_FOUND', `no complaint ${duplicateId}`);
    if (!into) throw AppError.invalid('into', `no complaint ${intoId}`);
    for (const c of [duplicate, into]) {
      const target = await findBranchTarget(tx, c.branchCode);
      if (!target || !can(actor.principal, 'complaints.handle', target)) {
        throw c === duplicate ? new AppError('NOT_FOUND', `no complaint ${duplicateId}`) : AppError.invalid('into', `no complaint ${intoId}`);
      }
    }
    const open = (s: string) => s !== 'decided' && s !== 'closed';
    if (!open(duplicate.status) || duplicate.mergedIntoId !== null) throw new AppError('CONFLICT', 'only an open complaint can be merged');
    if (!open(into.status) || into.mergedIntoId !== null) throw AppError.invalid('into', 'merge into an open complaint');
    const base = { recordedAt: now, at: now, actor: actorLabel(actor.principal), actorRole: roleOf(actor), channel: actor.channel };
    await insertEvent(tx, { ...base, complaintId: duplicate.id, kind: 'merged', data: { into: into.reference, intoId: into.id } });
    await insertEvent(tx, { ...base, complaintId: into.id, kind: 'merged', data: { from: duplicate.reference, fromId: duplicate.id } });
    const events = (await selectEvents(tx, [duplicate.id])).get(duplicate.id) ?? [];
    const clock = computeClock({ receivedAt: duplicate.receivedAt, events, decidedAt: null }, now, deps.settings, calendar);
    await updateComplaintState(tx, duplicate.id, {
      status: 'closed', mergedIntoId: into.id, clockStage: clock.stage, decisionDueAt: clock.decisionDueAt, paused: false, decidedOnTime: null, now,
    });
    await recordAudit(tx, actor, { action: 'complaints.merge', targetType: 'complaint', targetId: String(duplicate.id), summary: { into: into.reference } }, now);
    const merged = (await selectComplaint(tx, duplicate.id))!;
    await refreshComplaintCards(tx, deps, merged, clock, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    changes.notify(COMPLAINTS_CHANGED_CHANNEL, { branchId: merged.branchId, event: 'changed', reference: merged.reference });
    return toComplaintView(merged, clock, { reveal: can(actor.principal, 'customers.read_pii') });
  });
}

/**
 * The customer disputes the decision: within 30 days of it a review case opens, linked to the
 * original, counting its own 15 days from the request; later requests are refused.
 */
export async function requestReview(deps: ComplaintDeps, actor: Actor, id: number, input: { requestedAt?: Date | undefined; summary: string }): Promise<ComplaintView> {
  const now = deps.clock.now();
  const requestedAt = input.requestedAt ?? now;
  if (requestedAt.getTime() > now.getTime() + 5 * 60_000) throw AppError.invalid('requestedAt', 'cannot be in the future');
  const summary = input.summary?.trim();
  if (!summary) throw AppError.invalid('summary', 'required: what the customer disputes');
  const calendar = await calendarOf(deps, now);
  return deps.db.changes.transaction(async (tx, changes) => {
    const original = await selectComplaint(tx, id, { lock: true });
    const target = original ? await findBranchTarget(tx, original.branchCode) : undefined;
    // Unknown, outside the scope, or (for an API key) not sent by this key or by a key not allowed
    // complaints: one answer, before any state is looked at, so no id can be probed.
    if (!original || !target || !mayAskForReview(actor.principal, original, target)) throw new AppError('NOT_FOUND', `no complaint ${id}`);
    if (!original.decidedAt || (original.status !== 'decided' && original.status !== 'closed')) throw new AppError('CONFLICT', 'only a decided complaint can be reviewed');
    if (!reviewAllowed(original.decidedAt, requestedAt, deps.settings.timeZone)) {
      throw AppError.invalid('requestedAt', `a review must be asked for within ${REVIEW_WINDOW_DAYS} days of the decision`);
    }
    const clock = computeClock({ receivedAt: requestedAt, events: [], decidedAt: null }, now, deps.settings, calendar);
    const { id: reviewId, created } = await insertComplaint(tx, {
      // One review per decision: a double click or a retried request opens the same case.
      source: 'review', externalId: `${original.id}:${original.decidedAt.toISOString()}`, kind: 'review', parentId: original.id,
      branchCode: original.branchCode, staffCode: original.staffCode, channel: original.channel, category: original.category, severity: original.severity,
      complainantName: original.complainantName, complainantPhone: original.complainantPhone, agentName: original.agentName, agentAuthorization: original.agentAuthorization,
      summary, request: null, facts: null, receivedAt: requestedAt, decisionDueAt: clock.decisionDueAt, now, timeZone: deps.settings.timeZone,
    });
    const review = (await selectComplaint(tx, reviewId))!;
    if (created) {
      const base = { recordedAt: now, actor: actorLabel(actor.principal), actorRole: roleOf(actor), channel: actor.channel };
      await insertEvent(tx, { ...base, complaintId: reviewId, kind: 'received', at: requestedAt, data: { reviewOf: original.reference } });
      await insertEvent(tx, { ...base, complaintId: original.id, kind: 'review_requested', at: requestedAt, data: { review: review.reference, reviewId } });
      await recordAudit(tx, actor, { action: 'complaints.review', targetType: 'complaint', targetId: String(original.id), summary: { review: review.reference } }, now);
      if ((await alertReachedSteps(tx, deps, review, clock, now)) > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
      changes.notify(COMPLAINTS_CHANGED_CHANNEL, { branchId: review.branchId, event: 'received', reference: review.reference, at: now.toISOString() });
    }
    return toComplaintView(review, clock, { reveal: can(actor.principal, 'customers.read_pii', target) });
  });
}
