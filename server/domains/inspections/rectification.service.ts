/**
 * Rectification use cases: the list within scope (by branch, status, clock), and each workflow
 * step — fix (owner), verify / reject (inspector), ask / grant an extension — checked, recorded in
 * the timeline, audited, every card redrawn and the inspector told, in one transaction.
 */
import { AppError } from '../../platform/errors.ts';
import { actorLabel, authorize, findBranchTarget, recordAudit, scopeOf, type Actor, type Permission, type Principal } from '../access/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { cardDataOf, refreshRectificationCards, sendVerificationCard } from './inspection-alerts.service.ts';
import { calendarOf, INSPECTIONS_CHANGED_CHANNEL, type InspectionDeps } from './inspection-deps.ts';
import type { RectificationClockState, RectificationStatus, RectificationView } from './inspection.types.ts';
import { toRectificationView } from './rectification-view.rules.ts';
import { transitionRectification, workingDaysFor, type RectificationCommand } from './rectification.rules.ts';
import { insertRectificationEvent, selectRectification, selectRectifications, updateRectificationState } from './rectification.repo.ts';

export interface RectificationListFilter {
  branch?: string | undefined;
  status?: RectificationStatus | undefined;
  clockState?: RectificationClockState | undefined;
  owner?: string | undefined;
}

export async function listRectifications(deps: InspectionDeps, principal: Principal, filter: RectificationListFilter): Promise<RectificationView[]> {
  authorize(principal, 'inspections.read');
  const scope = scopeOf(principal);
  let where: { branchId?: string; regionId?: string } = scope.kind === 'branch' ? { branchId: scope.branchId } : scope.kind === 'region' ? { regionId: scope.regionId } : {};
  if (filter.branch) {
    const target = await findBranchTarget(deps.db.sql, filter.branch);
    if (!target) throw AppError.invalid('branch', `unknown branch "${filter.branch}"`);
    authorize(principal, 'inspections.read', target, { hideOutsideScope: true });
    where = { branchId: (target as { branchId: string }).branchId };
  }
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  const rows = await selectRectifications(deps.db.sql, { ...where, status: filter.status, owner: filter.owner, limit: filter.clockState ? 5000 : 500 });
  const views = rows.map((r) => toRectificationView(r, now, deps.settings.timeZone, calendar));
  return filter.clockState ? views.filter((v) => v.clockState === filter.clockState) : views;
}

const PERMISSION: Record<RectificationCommand['kind'], Permission> = {
  fix: 'rectifications.fix', request_extension: 'rectifications.fix', verify: 'inspections.verify', grant_extension: 'inspections.verify',
};
const AUDIT: Record<RectificationCommand['kind'], string> = {
  fix: 'rectifications.fix', request_extension: 'rectifications.request_extension', verify: 'rectifications.verify', grant_extension: 'rectifications.grant_extension',
};

/** One workflow step; `expectedVersion` guards a stale screen or card. */
export async function actOnRectification(deps: InspectionDeps, actor: Actor, id: number, command: RectificationCommand, expectedVersion?: number): Promise<{ view: RectificationView; card: Record<string, unknown> }> {
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  return deps.db.changes.transaction(async (tx, changes) => {
    const before = await selectRectification(tx, id, { lock: true });
    if (!before) throw new AppError('NOT_FOUND', `no rectification ${id}`);
    const target = await findBranchTarget(tx, before.branchCode);
    authorize(actor.principal, PERMISSION[command.kind], target, { hideOutsideScope: true });
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw new AppError('CONFLICT', 'the rectification changed since you loaded it; reload and try again');
    const resolved = command.kind === 'grant_extension' && !(command.days > 0) ? { ...command, days: workingDaysFor(before.redLine, deps.settings) } : command;
    const step = transitionRectification(before, resolved, now, deps.settings, calendar);
    const next = {
      status: step.status, dueAt: step.dueAt,
      fixedAt: step.fixedAt !== undefined ? step.fixedAt : before.fixedAt,
      fixedNote: step.fixedNote !== undefined ? step.fixedNote : before.fixedNote,
      fixedOnTime: step.fixedOnTime !== undefined ? step.fixedOnTime : before.fixedOnTime,
      verifiedAt: step.verifiedAt !== undefined ? step.verifiedAt : before.verifiedAt,
      extensionReason: step.extensionReason !== undefined ? step.extensionReason : before.extensionReason,
      extensionRequestedAt: step.extensionRequestedAt !== undefined ? step.extensionRequestedAt : before.extensionRequestedAt,
    };
    await updateRectificationState(tx, id, next, now);
    await insertRectificationEvent(tx, { rectificationId: id, kind: step.event, at: now, actor: actorLabel(actor.principal), channel: actor.channel, data: step.data });
    await recordAudit(tx, actor, { action: AUDIT[command.kind], targetType: 'rectification', targetId: String(id), summary: { status: { before: before.status, after: step.status }, dueAt: step.dueAt.toISOString() } }, now);
    const after = (await selectRectification(tx, id))!;
    await refreshRectificationCards(tx, deps, after, now);
    if (step.event === 'fixed' || step.event === 'extension_requested') await sendVerificationCard(tx, deps, after, now);
    changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    changes.notify(INSPECTIONS_CHANGED_CHANNEL, { branchId: after.branchId, event: step.event, rectification: id, item: after.itemCode, at: now.toISOString() });
    return { view: toRectificationView(after, now, deps.settings.timeZone, calendar), card: await cardDataOf(tx, deps, after) };
  });
}

/** A rectification as its chat card shows it (for a click answered in place). */
export async function rectificationCard(deps: InspectionDeps, id: number): Promise<Record<string, unknown> | undefined> {
  const r = await selectRectification(deps.db.sql, id);
  return r ? cardDataOf(deps.db.sql, deps, r) : undefined;
}
