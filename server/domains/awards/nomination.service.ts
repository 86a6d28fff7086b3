/**
 * Service-star nominations (服务明星提名): any staff member nominates a colleague with a reason;
 * the nominee's branch head decides. The review card goes to the heads through the outbox in the
 * same transaction; a decision redraws every card sent about it and tells the nominator.
 */
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, findBranchTarget, principalForStaff, recordAudit, type Actor } from '../access/index.ts';
import { selectBranchHeads } from '../org/index.ts';
import { enqueueMessage, OUTBOX_QUEUED_CHANNEL, updateSubjectCards, type OutboxSettings } from '../outbox/index.ts';
import { insertNomination, selectNomination, selectPendingForBranches, updateDecision } from './nomination.repo.ts';
import { checkNominee, checkReason, nominationCardData } from './nomination.rules.ts';
import type { Nomination } from './nomination.types.ts';

export interface AwardsDeps {
  db: Db;
  clock: Clock;
  outbox: OutboxSettings;
}

const subjectOf = (id: number) => `nomination:${id}`;

async function staffActor(db: Db, staffCode: string, channel: Actor['channel']): Promise<Actor> {
  const principal = await principalForStaff(db.sql, staffCode);
  if (!principal) throw new AppError('FORBIDDEN', 'no active staff member acts here');
  return { principal, channel, requestId: null };
}

export async function createNomination(deps: AwardsDeps, by: { staffCode: string; channel: Actor['channel'] }, input: { nomineeCode: string; reason: string }): Promise<{ nomination: Nomination; reviewers: number }> {
  checkNominee(by.staffCode, input.nomineeCode);
  const reason = checkReason(input.reason);
  const actor = await staffActor(deps.db, by.staffCode, by.channel);
  authorize(actor.principal, 'nominations.create');
  const now = deps.clock.now();
  return deps.db.changes.transaction(async (tx, changes) => {
    const id = await insertNomination(tx, { nominatorCode: by.staffCode, nomineeCode: input.nomineeCode, reason, channel: by.channel, createdAt: now });
    if (id === undefined) throw AppError.invalid('nominee', `no active staff member with code ${input.nomineeCode}`);
    const nomination = (await selectNomination(tx, id))!;
    await recordAudit(tx, actor, { action: 'nominations.create', targetType: 'nomination', targetId: String(id), summary: { nominee: nomination.nomineeCode } }, now);
    const heads = nomination.branchCode ? (await selectBranchHeads(tx, nomination.branchCode)).filter((h) => h.code !== nomination.nomineeCode) : [];
    for (const head of heads) {
      await enqueueMessage(tx, deps.outbox, {
        recipient: { kind: 'staff', staffCode: head.code },
        template: 'nomination.review',
        data: nominationCardData(nomination),
        key: `nomination:${id}:review:${head.code}`,
        subject: subjectOf(id),
      }, now);
    }
    if (heads.length > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    return { nomination, reviewers: heads.length };
  });
}

/**
 * Approves or rejects. A nomination already decided (on another card, by another head) is
 * returned as it stands with `changed: false`, so the clicked card can show the current state.
 */
export async function decideNomination(deps: AwardsDeps, by: { staffCode: string; channel: Actor['channel'] }, input: { id: number; decision: 'approved' | 'rejected' }): Promise<{ nomination: Nomination; changed: boolean }> {
  const actor = await staffActor(deps.db, by.staffCode, by.channel);
  const now = deps.clock.now();
  return deps.db.changes.transaction(async (tx, changes) => {
    const current = await selectNomination(tx, input.id, { lock: true });
    if (!current) throw new AppError('NOT_FOUND', `no nomination ${input.id}`);
    const target = current.branchCode ? await findBranchTarget(tx, current.branchCode) : undefined;
    // Region-office nominees have no branch: only bank-wide deciders (leadership, admin) may decide.
    authorize(actor.principal, 'nominations.approve', target ?? { kind: 'bank' }, { hideOutsideScope: true });
    if (current.status !== 'pending') return { nomination: current, changed: false };
    if (current.nomineeCode === by.staffCode) throw new AppError('FORBIDDEN', 'you cannot decide your own nomination');
    await updateDecision(tx, input.id, input.decision, by.staffCode, now);
    const nomination = (await selectNomination(tx, input.id))!;
    await recordAudit(tx, actor, { action: `nominations.${input.decision === 'approved' ? 'approve' : 'reject'}`, targetType: 'nomination', targetId: String(input.id) }, now);
    await updateSubjectCards(tx, subjectOf(input.id), { template: 'nomination.review', data: nominationCardData(nomination), version: input.decision }, now);
    await enqueueMessage(tx, deps.outbox, {
      recipient: { kind: 'staff', staffCode: nomination.nominatorCode },
      template: 'nomination.decided',
      data: nominationCardData(nomination),
      key: `nomination:${input.id}:decided`,
    }, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    return { nomination, changed: true };
  });
}

export const getNomination = (db: Db, id: number): Promise<Nomination | undefined> => selectNomination(db.sql, id);

/** Pending nominations a person may decide: those of their own branch when they head it. */
export async function pendingNominationsFor(db: Db, staffCode: string, limit = 20): Promise<Nomination[]> {
  const principal = await principalForStaff(db.sql, staffCode);
  if (!principal || principal.kind !== 'staff' || principal.scope.kind !== 'branch') return [];
  const pending = await selectPendingForBranches(db.sql, [principal.scope.code], limit);
  return pending.filter((n) => n.nomineeCode !== staffCode);
}
