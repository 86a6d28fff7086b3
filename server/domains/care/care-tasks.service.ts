import { addDays, bankDay } from '../../platform/bank-time.ts';
import { AppError } from '../../platform/errors.ts';
import {
  actorLabel, authorize, findBranchTarget, findRegionTarget, parseScopeText, permissionsOf, recordAudit, scopeOf, scopeText, type Actor, type Principal,
} from '../access/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { CARE_CHANGED_CHANNEL, type CareDeps } from './care-deps.ts';
import { redrawDigests } from './care-generate.service.ts';
import { careKpisOf, type CareKpis } from './care-kpi.rules.ts';
import { toCareTaskView, type CareTaskView } from './care-view.rules.ts';
import { closeTask, insertEvent, selectCareCounts, selectEvents, selectTasks, type CareTaskFilter, type CareTaskRecord } from './care.repo.ts';
import { CARE_SKIP_REASONS, type CareDoneVia, type CareKind, type CareSkipReason, type CareStatus } from './care.types.ts';

/** Roles that greet only their own customers (an account manager acts as `staff`). */
const ownTasksOnly = (principal: Principal) => (principal.kind === 'user' || principal.kind === 'staff') && principal.role === 'staff';
const staffCodeOf = (principal: Principal) => (principal.kind === 'user' ? principal.staffCode : principal.kind === 'staff' ? principal.staffCode : null);

/** The org part of a filter: an asked branch/region (authorized, hidden outside scope), else the caller's scope. */
async function scopeFilter(deps: CareDeps, principal: Principal, asked: string | undefined, field: string): Promise<Pick<CareTaskFilter, 'branchIds' | 'regionId'>> {
  const text = asked ?? scopeText(scopeOf(principal));
  const parsed = parseScopeText(text.includes(':') || text === 'bank' ? text : `branch:${text}`, field);
  if (parsed.kind === 'bank') {
    authorize(principal, 'care.read', { kind: 'bank' }, { hideOutsideScope: true });
    return {};
  }
  const target = await (parsed.kind === 'branch' ? findBranchTarget : findRegionTarget)(deps.db.sql, parsed.code);
  if (!target) throw AppError.invalid(field, `unknown ${parsed.kind} "${parsed.code}"`);
  authorize(principal, 'care.read', target, { hideOutsideScope: true });
  return target.kind === 'branch' ? { branchIds: [target.branchId] } : target.kind === 'region' ? { regionId: target.regionId } : {};
}

export interface CareListQuery {
  branch?: string | undefined;
  scope?: string | undefined;
  accountManager?: string | undefined;
  customer?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: CareStatus | undefined;
  kind?: CareKind | undefined;
}

/** `GET /care-tasks`: by due day, in the caller's scope; an account manager sees their own tasks. */
export async function listCareTasks(deps: CareDeps, principal: Principal, q: CareListQuery): Promise<CareTaskView[]> {
  authorize(principal, 'care.read');
  const org = await scopeFilter(deps, principal, q.branch ?? q.scope, q.branch ? 'branch' : 'scope');
  const own = ownTasksOnly(principal) ? (staffCodeOf(principal) ?? '\u0000none') : undefined;
  const rows = await selectTasks(deps.db.sql, { ...org, assigneeCode: own ?? q.accountManager, customerCode: q.customer, from: q.from, to: q.to, status: q.status, kind: q.kind, limit: 2_000 });
  const today = bankDay(deps.clock.now(), deps.timeZone);
  // Rows are inside the caller's scope already, so the role alone decides whether names are shown.
  const reveal = permissionsOf(principal).includes('customers.read_pii');
  return rows.map((t) => toCareTaskView(t, { reveal, today }));
}

/** One task with its history (created, done, skipped: who, when, how). */
export async function getCareTask(deps: CareDeps, principal: Principal, id: number) {
  const task = await loadAuthorized(deps, principal, id, 'care.read');
  const today = bankDay(deps.clock.now(), deps.timeZone);
  const history = await selectEvents(deps.db.sql, task.id);
  return { ...toCareTaskView(task, { reveal: permissionsOf(principal).includes('customers.read_pii'), today }), history: history.map((e) => ({ ...e, at: e.at.toISOString() })) };
}

async function loadAuthorized(deps: CareDeps, principal: Principal, id: number, permission: 'care.read' | 'care.act'): Promise<CareTaskRecord> {
  authorize(principal, permission);
  const [task] = await selectTasks(deps.db.sql, { ids: [String(id)] });
  if (!task) throw new AppError('NOT_FOUND', `no care task ${id}`);
  const target = await findBranchTarget(deps.db.sql, task.branchCode);
  authorize(principal, permission, target, { hideOutsideScope: true });
  if (ownTasksOnly(principal) && task.assigneeCode !== staffCodeOf(principal)) {
    throw new AppError('FORBIDDEN', 'only the account manager of this customer (or the branch head) may act on this task');
  }
  return task;
}

export type CareAction = { kind: 'done'; via: CareDoneVia } | { kind: 'skip'; reason: CareSkipReason };

/**
 * Done (电话 / 短信 / 上门) or skipped (跳过, with a reason): audited, the task's history extended
 * and every digest card showing it redrawn, all in one transaction. A task already closed comes
 * back as it stands with `changed: false` (two clicks, two chats).
 */
export async function actOnCareTask(deps: CareDeps, actor: Actor, id: number, action: CareAction): Promise<{ task: CareTaskView; changed: boolean }> {
  if (action.kind === 'skip' && !(CARE_SKIP_REASONS as readonly string[]).includes(action.reason)) throw AppError.invalid('reason', `must be one of ${CARE_SKIP_REASONS.join(', ')}`);
  await loadAuthorized(deps, actor.principal, id, 'care.act');
  const now = deps.clock.now();
  const today = bankDay(now, deps.timeZone);
  const label = actorLabel(actor.principal);
  return deps.db.changes.transaction(async (tx, changes) => {
    const [locked] = await selectTasks(tx, { ids: [String(id)] }, { lock: true });
    if (!locked || locked.status !== 'open') return { task: toCareTaskView(locked!, { reveal: false, today }), changed: false };
    const status = action.kind === 'done' ? 'done' : 'skipped';
    await closeTask(tx, locked.id, { status, via: action.kind === 'done' ? action.via : null, reason: action.kind === 'skip' ? action.reason : null, staffCode: staffCodeOf(actor.principal), now });
    await insertEvent(tx, locked.id, status, label, action.kind === 'done' ? { via: action.via } : { reason: action.reason }, now);
    await recordAudit(tx, actor, { action: action.kind === 'done' ? 'care.done' : 'care.skip', targetType: 'care_task', targetId: locked.id, summary: action.kind === 'done' ? { via: action.via } : { reason: action.reason } }, now);
    const [after] = await selectTasks(tx, { ids: [locked.id] });
    if ((await redrawDigests(tx, after!, now)) > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    changes.notify(CARE_CHANGED_CHANNEL, {
      event: status, branch: after!.branchCode, day: after!.dueDate, tier: after!.tier, kind: after!.kind,
      // The wall's feed line names the account manager and the occasion, never the customer.
      manager: after!.assigneeName, occasion: after!.occasion, at: now.toISOString(),
    });
    return { task: toCareTaskView(after!, { reveal: permissionsOf(actor.principal).includes('customers.read_pii'), today }), changed: true };
  });
}

/** `GET /kpis/care`: the last `days` bank days up to today, by branch and account manager. */
export async function careKpis(deps: CareDeps, principal: Principal, asked: string | undefined, days: number): Promise<CareKpis> {
  const org = await scopeFilter(deps, principal, asked, 'scope');
  const today = bankDay(deps.clock.now(), deps.timeZone);
  const from = addDays(today, -(days - 1));
  const rows = await selectCareCounts(deps.db.sql, { ...org, from, to: today, today, timeZone: deps.timeZone });
  return careKpisOf(asked ?? scopeText(scopeOf(principal)), from, today, rows);
}

