/**
 * Service-star nominations (服务明星提名): staff nominate a colleague of their scope with a reason;
 * the approver is chosen at once by the rules (never the nominator) and gets the review card with
 * the nominee's month figures through the outbox, in the same transaction. A decision (通过 / 驳回
 * with a reason) redraws every card sent about it and tells the nominator and the nominee.
 */
import type { Db } from '../../../db/client.ts';
import { bankDay } from '../../platform/bank-time.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, findBranchTarget, findRegionTarget, principalForStaff, recordAudit, type Actor, type Principal } from '../access/index.ts';
import { enqueueMessage, OUTBOX_QUEUED_CHANNEL, updateSubjectCards, type OutboxSettings } from '../outbox/index.ts';
import { monthDays } from './award.rules.ts';
import { selectBranchIdOfStaff } from './award.repo.ts';
import {
  insertNomination, lockNominatorMonth, selectApproverCandidates, selectAwardSettings, selectNomination, selectNomineeFigures,
  selectPendingForApprover, selectStaffFacts, updateDecision,
} from './nomination.repo.ts';
import { checkDecider, checkDecisionReason, checkMonthLimits, checkNominee, checkPraise, checkReason, chooseApprover, monthOfDay, nominationCardData } from './nomination.rules.ts';
import type { Nomination } from './nomination.types.ts';
import type { Queryable } from '../../../db/types.ts';

export interface AwardsDeps {
  db: Db;
  clock: Clock;
  outbox: OutboxSettings;
  timeZone: string;
}

/** Change-feed channel: a nomination was made or decided, or a month's stars changed (the wall's star board listens). */
export const AWARDS_CHANGED_CHANNEL = 'awards_changed';

export const subjectOf = (id: number): string => `nomination:${id}`;

/** Who acts: a staff member through the bot, or a web user linked to a staff record. */
export interface NominationActor extends Actor {
  staffCode: string;
}

export async function staffActor(db: Db, staffCode: string, channel: Actor['channel']): Promise<NominationActor> {
  const principal = await principalForStaff(db.sql, staffCode);
  if (!principal) throw new AppError('FORBIDDEN', 'no active staff member acts here');
  return { principal, channel, requestId: null, staffCode };
}

/** A web user acts as the staff member they are linked to; one without a staff record cannot nominate. */
export function linkedActor(actor: Actor): NominationActor {
  const p = actor.principal;
  const code = p.kind === 'user' ? p.staffCode : p.kind === 'staff' ? p.staffCode : null;
  if (!code) throw new AppError('FORBIDDEN', '您的账号未关联员工档案，不能提名或审批（请管理员为账号关联工号）。');
  return { ...actor, staffCode: code };
}

async function figuresOf(sql: Queryable, n: Nomination) {
  const { first, last } = monthDays(n.month);
  return selectNomineeFigures(sql, n.nomineeCode, first, last);
}

/** The review card's data: the nomination with the nominee's month figures. */
export async function reviewCardData(sql: Queryable, n: Nomination): Promise<Record<string, unknown>> {
  return nominationCardData(n, await figuresOf(sql, n));
}

export async function createNomination(deps: AwardsDeps, actor: NominationActor, input: { nomineeCode: string; reason: string; praise?: string | undefined }): Promise<{ nomination: Nomination; reviewers: number }> {
  authorize(actor.principal, 'nominations.create');
  const reason = checkReason(input.reason);
  const praise = checkPraise(input.praise);
  const now = deps.clock.now();
  const month = monthOfDay(bankDay(now, deps.timeZone));
  return deps.db.changes.transaction(async (tx, changes) => {
    const nominator = await selectStaffFacts(tx, actor.staffCode);
    if (!nominator?.active) throw new AppError('FORBIDDEN', '只有在职员工可以提名。');
    const nominee = checkNominee(nominator, await selectStaffFacts(tx, input.nomineeCode), input.nomineeCode);
    const settings = await selectAwardSettings(tx);
    const { used, already } = await lockNominatorMonth(tx, nominator.code, nominee.code, month);
    checkMonthLimits({ nomineeName: nominee.name, alreadyNominatedThisMonth: already, usedThisMonth: used, quota: settings.nominationQuota });
    const { approver } = chooseApprover({ nominator, nominee, ...(await selectApproverCandidates(tx, nominee)) });
    const id = await insertNomination(tx, { nominatorCode: nominator.code, nomineeCode: nominee.code, approverCode: approver.code, month, reason, praise, channel: actor.channel, createdAt: now });
    if (id === undefined) throw AppError.invalid('nominee', `找不到工号为 ${input.nomineeCode} 的在职员工。`);
    const nomination = (await selectNomination(tx, id))!;
    await recordAudit(tx, actor, { action: 'nominations.create', targetType: 'nomination', targetId: String(id), summary: { nominee: nominee.code, approver: approver.code, month } }, now);
    await enqueueMessage(tx, deps.outbox, {
      recipient: { kind: 'staff', staffCode: approver.code },
      template: 'nomination.review',
      data: await reviewCardData(tx, nomination),
      key: `nomination:${id}:review:${approver.code}`,
      subject: subjectOf(id),
    }, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    return { nomination, reviewers: 1 };
  });
}

/**
 * 通过 or 驳回 (with a reason). A nomination already decided (on another card, on the web) is
 * returned as it stands with `changed: false`, so the clicked card shows the current state.
 */
export async function decideNomination(deps: AwardsDeps, actor: NominationActor, input: { id: number; approved: boolean; reason?: string | undefined }): Promise<{ nomination: Nomination; changed: boolean }> {
  const now = deps.clock.now();
  return deps.db.changes.transaction(async (tx, changes) => {
    const current = await selectNomination(tx, input.id, { lock: true });
    if (!current) throw new AppError('NOT_FOUND', `没有编号为 ${input.id} 的提名`);
    const target = current.branchCode ? await findBranchTarget(tx, current.branchCode) : undefined;
    authorize(actor.principal, 'nominations.approve', target ?? { kind: 'bank' }, { hideOutsideScope: true });
    if (checkDecider(current, { code: actor.staffCode, role: actor.principal.kind === 'user' || actor.principal.kind === 'staff' ? actor.principal.role : '' }) === 'already_decided') return { nomination: current, changed: false };
    const reason = checkDecisionReason(input.approved, input.reason);
    const status = input.approved ? 'approved' : 'rejected';
    await updateDecision(tx, input.id, { status, deciderCode: actor.staffCode, reason, at: now });
    const nomination = (await selectNomination(tx, input.id))!;
    // The route declares one action for both outcomes; the decision is in the summary.
    await recordAudit(tx, actor, { action: 'nominations.decide', targetType: 'nomination', targetId: String(input.id), summary: reason ? { decision: status, reason } : { decision: status } }, now);
    await announceDecision(tx, deps, nomination, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    // The wall's star board counts approvals: its rooms read again, with a feed line for an approval.
    if (status === 'approved') {
      changes.notify(AWARDS_CHANGED_CHANNEL, { kind: 'decided', id: input.id, branchId: await selectBranchIdOfStaff(tx, nomination.nomineeCode), person: nomination.nomineeName, at: now.toISOString() });
    }
    return { nomination, changed: true };
  });
}

/** Every card about the nomination redrawn; the nominator told; the nominee told when approved. */
export async function announceDecision(tx: Queryable, deps: AwardsDeps, nomination: Nomination, now: Date): Promise<void> {
  const data = await reviewCardData(tx, nomination);
  await updateSubjectCards(tx, subjectOf(nomination.id), { template: 'nomination.review', data, version: nomination.status }, now);
  const told = new Set([nomination.nominatorCode, ...(nomination.status === 'approved' ? [nomination.nomineeCode] : [])]);
  for (const code of told) {
    await enqueueMessage(tx, deps.outbox, {
      recipient: { kind: 'staff', staffCode: code },
      template: 'nomination.decided',
      data: { ...data, audience: code === nomination.nomineeCode ? 'nominee' : 'nominator' },
      key: `nomination:${nomination.id}:decided:${code}`,
    }, now);
  }
}

export const getNomination = (db: Db, id: number): Promise<Nomination | undefined> => selectNomination(db.sql, id);

/** Pending nominations a person is the approver of. */
export async function pendingNominationsFor(db: Db, staffCode: string, limit = 20): Promise<Nomination[]> {
  return selectPendingForApprover(db.sql, staffCode, limit);
}

/** The org filter of a principal's scope for list queries: null ids = the whole bank. */
export async function scopeFilterOf(sql: Queryable, principal: Principal): Promise<{ regionIds: string[] | null; branchIds: string[] | null }> {
  const scope = principal.kind === 'system' ? { kind: 'bank' as const } : principal.scope;
  if (scope.kind === 'bank') return { regionIds: null, branchIds: null };
  if (scope.kind === 'region') return { regionIds: [scope.regionId], branchIds: [] };
  return { regionIds: [], branchIds: [scope.branchId] };
}

/** A branch or region code asked for must lie inside the caller's scope (404 otherwise). */
export async function checkUnitInScope(sql: Queryable, principal: Principal, permission: 'nominations.create' | 'org.read', unit: { kind: 'branch' | 'region'; code: string }): Promise<void> {
  const target = unit.kind === 'branch' ? await findBranchTarget(sql, unit.code) : await findRegionTarget(sql, unit.code);
  if (!target) throw new AppError('NOT_FOUND', `no ${unit.kind} ${unit.code}`);
  authorize(principal, permission, target, { hideOutsideScope: true });
}
