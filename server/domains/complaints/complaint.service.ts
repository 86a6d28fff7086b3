/**
 * Complaint use cases: intake (API, web, bot), reading within scope, and every handling step.
 * Each change appends to the history, recomputes the clock from it, updates the row, is audited,
 * redraws the cards already sent, and queues the ladder's alerts — in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { TransactionSql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import {
  actorLabel, authorize, authorizeEvent, can, findBranchTarget, recordAudit, type Actor, type OrgTarget, type Permission, type Principal,
} from '../access/index.ts';
import { findStaffIdentity } from '../org/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { alertReachedSteps, COMPLAINTS_CHANGED_CHANNEL, detailUrl, refreshComplaintCards } from './complaint-alerts.service.ts';

export { COMPLAINTS_CHANGED_CHANNEL };
import { calendarOf, type ComplaintDeps } from './complaint-deps.ts';
import { computeClock, reviewAllowed } from './complaint-clock.rules.ts';
import { complaintCardData, toComplaintView, type ComplaintView } from './complaint-view.rules.ts';
import { transition, type ComplaintCommand } from './complaint-workflow.rules.ts';
import { checkIntake, type IntakeInput } from './complaint-intake.rules.ts';
import { insertComplaint, insertEvent, selectComplaint, selectComplaints, selectEvents, updateComplaintState } from './complaint.repo.ts';
import type { Complaint, ComplaintClock, ComplaintEvent } from './complaint.types.ts';
import type { WorkingCalendar } from '../calendar/index.ts';


const roleOf = (p: Principal): string | null => ('role' in p ? p.role : null);
const sourceOf = (p: Principal, channel: string): string =>
  p.kind === 'api_key' ? `api_key:${p.keyId}` : p.kind === 'user' ? `web:${p.userId}` : p.kind === 'staff' ? `${channel}:${p.staffCode}` : channel;
/**
 * The role's permission (FORBIDDEN, the same for every id), then the scope: a complaint outside it
 * answers exactly as an unknown id does, so ids of other branches cannot be told apart.
 */
export function hideUnlessAllowed(principal: Principal, permission: Permission, target: OrgTarget, id: number): void {
  authorize(principal, permission);
  if (!can(principal, permission, target)) throw new AppError('NOT_FOUND', `no complaint ${id}`);
}
const staffCodeOf = (p: Principal): string | null => (p.kind === 'staff' ? p.staffCode : p.kind === 'user' ? p.staffCode : null);

async function targetOf(sql: TransactionSql | ComplaintDeps['db']['sql'], branchCode: string, field = 'branch'): Promise<OrgTarget> {
  const target = await findBranchTarget(sql, branchCode);
  if (!target) throw AppError.invalid(field, `unknown branch "${branchCode}"`);
  return target;
}

/**
 * The clock from the stored history. The calendar is loaded before the transaction: on embedded
 * PGlite the transaction holds the one connection, so a pool query inside it would wait forever.
 */
async function clockFor(tx: TransactionSql, deps: ComplaintDeps, complaint: Complaint, now: Date, calendar: WorkingCalendar): Promise<{ clock: ComplaintClock; events: ComplaintEvent[] }> {
  const events = (await selectEvents(tx, [complaint.id])).get(complaint.id) ?? [];
  const clock = computeClock({ receivedAt: complaint.receivedAt, events, decidedAt: complaint.decidedAt }, now, deps.settings, calendar);
  return { clock, events };
}

/**
 * Registers a complaint, or returns the one this source already sent with this id. A backdated
 * transfer already near its deadline is alerted at once.
 */
export async function intakeComplaint(deps: ComplaintDeps, actor: Actor, raw: IntakeInput, options: { source?: string } = {}): Promise<{ view: ComplaintView; created: boolean }> {
  const now = deps.clock.now();
  const input = checkIntake(raw, now);
  const target = await targetOf(deps.db.sql, input.branch);
  const principal = actor.principal;
  if (principal.kind === 'api_key') authorizeEvent(principal, 'complaint.received', target);
  else authorize(principal, 'complaints.create', target);
  // Ids are unique per sender: an integrator's key, a person in the back office or in the chat.
  const source = options.source ?? sourceOf(principal, actor.channel);
  if (input.staffCode && !(await findStaffIdentity(deps.db.sql, input.staffCode))) throw AppError.invalid('staff', `no staff member with code ${input.staffCode}`);
  if (!input.externalId) input.externalId = randomUUID(); // web and bot intakes without a client id
  const calendar = await calendarOf(deps, now);
  const firstClock = computeClock({ receivedAt: input.receivedAt, events: [], decidedAt: null }, now, deps.settings, calendar);
  return deps.db.changes.transaction(async (tx, changes) => {
    const { id, created } = await insertComplaint(tx, { ...input, source, kind: 'original', parentId: null, decisionDueAt: firstClock.decisionDueAt, now, timeZone: deps.settings.timeZone });
    const complaint = (await selectComplaint(tx, id))!;
    // A repeated id must name the same case: never another branch's complaint (nor its data).
    if (!created && complaint.branchCode !== input.branchCode) throw new AppError('CONFLICT', `id ${input.externalId} was already used for another complaint`);
    if (created) {
      await insertEvent(tx, { complaintId: id, kind: 'received', at: input.receivedAt, recordedAt: now, actor: actorLabel(principal), actorRole: roleOf(principal), channel: actor.channel, data: { channel: input.channel } });
      await recordAudit(tx, actor, { action: 'complaints.create', targetType: 'complaint', targetId: String(id), summary: { branch: input.branch, channel: input.channel, category: input.category } }, now);
      if ((await alertReachedSteps(tx, deps, complaint, firstClock, now)) > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
      changes.notify(COMPLAINTS_CHANGED_CHANNEL, { branchId: complaint.branchId, event: 'received', reference: complaint.reference, at: now.toISOString() });
    }
    const { clock } = await clockFor(tx, deps, complaint, now, calendar);
    return { view: toComplaintView(complaint, clock, { reveal: can(principal, 'customers.read_pii', target) }), created };
  });
}

/** One complaint with its timeline; outside the caller's scope it does not exist. */
export async function getComplaint(deps: ComplaintDeps, principal: Principal, id: number): Promise<ComplaintView> {
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  return deps.db.sql.begin(async (tx) => {
    const complaint = await selectComplaint(tx, id);
    if (!complaint) throw new AppError('NOT_FOUND', `no complaint ${id}`);
    const target = await targetOf(tx, complaint.branchCode);
    if (principal.kind === 'api_key') {
      // A key reads what it sent, and the review cases it asked for on those.
      const sentBy = complaint.kind === 'review' && complaint.parentId !== null ? (await selectComplaint(tx, complaint.parentId))?.source : complaint.source;
      if (sentBy !== `api_key:${principal.keyId}`) throw new AppError('NOT_FOUND', `no complaint ${id}`);
    } else {
      hideUnlessAllowed(principal, 'complaints.read', target, id);
    }
    const { clock, events } = await clockFor(tx, deps, complaint, now, calendar);
    return toComplaintView(complaint, clock, { reveal: can(principal, 'customers.read_pii', target), events: principal.kind === 'api_key' ? undefined : events });
  });
}

export interface ComplaintListFilter {
  clockState?: ComplaintClock['clockState'] | undefined;
  status?: Complaint['status'] | undefined;
  open?: boolean | undefined;
  mine?: boolean | undefined;
  limit?: number | undefined;
}

/** Complaints in the caller's scope, open ones soonest-due first, each with its live clock. */
export async function listComplaints(deps: ComplaintDeps, principal: Principal, filter: ComplaintListFilter): Promise<ComplaintView[]> {
  const scope = 'scope' in principal ? principal.scope : { kind: 'bank' as const };
  const reveal = can(principal, 'customers.read_pii') && scope.kind === 'branch';
  return (await scopedWithClocks(deps, principal, filter)).map(({ complaint, clock }) => toComplaintView(complaint, clock, { reveal }));
}

/** The complaints a principal may read, filtered, each with its live clock: one transaction. */
async function scopedWithClocks(deps: ComplaintDeps, principal: Principal, filter: ComplaintListFilter): Promise<Array<{ complaint: Complaint; clock: ComplaintClock }>> {
  authorize(principal, 'complaints.read');
  const now = deps.clock.now();
  const scope = 'scope' in principal ? principal.scope : { kind: 'bank' as const };
  const limit = Math.min(500, filter.limit ?? 200);
  const calendar = await calendarOf(deps, now);
  return deps.db.sql.begin(async (tx) => {
    const rows = await selectComplaints(tx, {
      branchId: scope.kind === 'branch' ? scope.branchId : undefined,
      regionId: scope.kind === 'region' ? scope.regionId : undefined,
      open: filter.open || filter.clockState !== undefined,
      status: filter.status,
      handlerCode: filter.mine ? (staffCodeOf(principal) ?? '—') : undefined,
      // An integrator reads back only the complaints it sent itself.
      source: principal.kind === 'api_key' ? `api_key:${principal.keyId}` : undefined,
      limit: filter.clockState ? 2000 : limit,
    });
    const events = await selectEvents(tx, rows.map((r) => r.id));
    const withClocks = rows.map((complaint) => ({
      complaint,
      clock: computeClock({ receivedAt: complaint.receivedAt, events: events.get(complaint.id) ?? [], decidedAt: complaint.decidedAt }, now, deps.settings, calendar),
    }));
    return (filter.clockState ? withClocks.filter((c) => c.clock.clockState === filter.clockState) : withClocks).slice(0, limit);
  });
}

/** The permission a handling step needs: a further 30 days needs a superior's (the approval itself). */
const permissionFor = (command: ComplaintCommand) => (command.kind === 'extend' && command.to === 60 ? 'complaints.approve_extension' : 'complaints.handle');

/** One handling step, checked, recorded and audited; `expectedVersion` guards a stale screen. */
export async function actOnComplaint(deps: ComplaintDeps, actor: Actor, id: number, command: ComplaintCommand, expectedVersion?: number): Promise<{ view: ComplaintView; complaint: Complaint; clock: ComplaintClock }> {
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  return deps.db.changes.transaction(async (tx, changes) => {
    const before = await selectComplaint(tx, id, { lock: true });
    if (!before) throw new AppError('NOT_FOUND', `no complaint ${id}`);
    const target = await targetOf(tx, before.branchCode);
    hideUnlessAllowed(actor.principal, permissionFor(command), target, id);
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw new AppError('CONFLICT', 'the complaint changed since you loaded it; reload and try again');
    const { clock: clockBefore } = await clockFor(tx, deps, before, now, calendar);
    const step = transition({ status: before.status, mergedIntoId: before.mergedIntoId, handlerCode: before.handlerCode, clock: clockBefore }, command, staffCodeOf(actor.principal), now);
    await insertEvent(tx, { complaintId: id, kind: step.event, at: now, recordedAt: now, actor: actorLabel(actor.principal), actorRole: roleOf(actor.principal), channel: actor.channel, data: step.data });
    const reopened = step.event === 'restarted' && (before.status === 'decided' || before.status === 'closed');
    const decidedAt = step.event === 'decided' ? now : reopened ? null : before.decidedAt;
    const { clock } = await clockFor(tx, deps, { ...before, decidedAt }, now, calendar);
    await updateComplaintState(tx, id, {
      status: step.status,
      handlerCode: step.handlerCode,
      decision: step.event === 'decided' ? String(step.data.decision) : reopened ? null : undefined,
      decidedAt: step.event === 'decided' || reopened ? decidedAt : undefined,
      clockStage: clock.stage, decisionDueAt: clock.decisionDueAt, paused: clock.paused, decidedOnTime: clock.decidedOnTime, now,
    });
    const action = command.kind === 'extend' && command.to === 60 ? 'complaints.approve_extension' : `complaints.${command.kind}`;
    await recordAudit(tx, actor, { action, targetType: 'complaint', targetId: String(id), summary: { status: { before: before.status, after: step.status } } }, now);
    const complaint = (await selectComplaint(tx, id))!;
    await refreshComplaintCards(tx, deps, complaint, clock, now);
    await alertReachedSteps(tx, deps, complaint, clock, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    changes.notify(COMPLAINTS_CHANGED_CHANNEL, { branchId: complaint.branchId, event: 'changed', reference: complaint.reference });
    return { view: toComplaintView(complaint, clock, { reveal: can(actor.principal, 'customers.read_pii', target) }), complaint, clock };
  });
}

/** A complaint as chat cards show it (masked, no free text), with its live clock. */
export async function complaintCard(deps: ComplaintDeps, id: number): Promise<Record<string, unknown> | undefined> {
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  return deps.db.sql.begin(async (tx) => {
    const complaint = await selectComplaint(tx, id);
    if (!complaint) return undefined;
    const { clock } = await clockFor(tx, deps, complaint, now, calendar);
    return complaintCardData(complaint, clock, { url: detailUrl(deps, id) });
  });
}

/** Open complaints in a person's scope as chat cards, soonest due first (masked: cards never reveal). */
export async function openComplaintCards(deps: ComplaintDeps, principal: Principal, limit: number): Promise<Array<Record<string, unknown>>> {
  const listed = await scopedWithClocks(deps, principal, { open: true, limit });
  return listed.map(({ complaint, clock }) => complaintCardData(complaint, clock, { url: detailUrl(deps, complaint.id) }));
}

export { reviewAllowed };

/** The open complaints of a principal's scope with their clocks, in one read ("我的工作"). */
export const scopedComplaintsWithClocks = scopedWithClocks;
