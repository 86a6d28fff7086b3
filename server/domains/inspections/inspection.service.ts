/**
 * Inspection use cases: checklists (the default one seeded once, import/export, versions), the
 * submission (scored, one rectification per finding, audited, the failure sent to the branch head
 * through the outbox — one transaction; a retry with the same id answers the same inspection),
 * reading within scope, and drafts.
 */
import type { Queryable, Sql } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { actorLabel, authorize, authorizeEvent, findBranchTarget, recordAudit, scopeOf, type Actor, type OrgTarget, type Principal } from '../access/index.ts';
import { selectBranchHeads } from '../org/index.ts';
import { OUTBOX_QUEUED_CHANNEL } from '../outbox/index.ts';
import { DEFAULT_CHECKLIST_CODE, DEFAULT_CHECKLIST_MODULES, DEFAULT_CHECKLIST_NAME } from './checklist-default.ts';
import { countChecklists, insertChecklistVersion, selectActiveChecklists, selectChecklist, selectChecklistById } from './checklist.repo.ts';
import { calendarOf, INSPECTIONS_CHANGED_CHANNEL, type InspectionDeps } from './inspection-deps.ts';
import { sendFailureCards } from './inspection-alerts.service.ts';
import { insertInspection, linkPhotos, selectInspection, selectInspections, selectPhotoIds, type InspectionRow } from './inspection.repo.ts';
import { checkChecklistModules, checkResults, scoreInspection } from './inspection.rules.ts';
import type { Checklist, ChecklistModule, InspectionResult, InspectionSubmission as InspectionSubmit } from './inspection.types.ts';
import { dueAtFrom } from './rectification.rules.ts';
import { insertRectification, insertRectificationEvent, selectRectificationEvents, selectRectifications } from './rectification.repo.ts';
import { toRectificationView } from './rectification-view.rules.ts';

/** Seeds the default checklist once (idempotent; safe on two instances starting together). */
export async function ensureDefaultChecklist(sql: Sql, now: Date): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('checklist:' || ${DEFAULT_CHECKLIST_CODE}))`;
    if ((await countChecklists(tx, DEFAULT_CHECKLIST_CODE)) > 0) return;
    await insertChecklistVersion(tx, { code: DEFAULT_CHECKLIST_CODE, name: DEFAULT_CHECKLIST_NAME, modules: [...DEFAULT_CHECKLIST_MODULES], createdBy: 'system', now });
  });
}

export async function listChecklists(deps: InspectionDeps, principal: Principal): Promise<Checklist[]> {
  authorize(principal, 'inspections.read');
  return selectActiveChecklists(deps.db.sql);
}

/** `CBSS` (the active version) or `CBSS@2`. */
async function checklistNamed(sql: Sql, text: string, field = 'checklist'): Promise<Checklist> {
  const match = /^([A-Za-z0-9_-]+)(?:@(\d+))?$/.exec(text);
  const checklist = match ? await selectChecklist(sql, match[1]!, match[2] ? Number(match[2]) : undefined) : undefined;
  if (!checklist) throw AppError.invalid(field, `unknown checklist "${text}"`);
  return checklist;
}

export async function exportChecklist(deps: InspectionDeps, principal: Principal, name: string): Promise<Checklist> {
  authorize(principal, 'inspections.read');
  return checklistNamed(deps.db.sql, name, 'code');
}

/** Publishes a new version; inspections already scored keep the version they were scored on. */
export async function importChecklist(deps: InspectionDeps, actor: Actor, input: { code: string; name: string; modules: ChecklistModule[] }): Promise<Checklist> {
  authorize(actor.principal, 'checklists.manage');
  checkChecklistModules(input.modules);
  const now = deps.clock.now();
  return deps.db.sql.begin(async (tx) => {
    const checklist = await insertChecklistVersion(tx, { ...input, createdBy: actorLabel(actor.principal), now });
    await recordAudit(tx, actor, { action: 'checklists.import', targetType: 'checklist', targetId: String(checklist.id), summary: { code: checklist.code, version: checklist.version } }, now);
    return checklist;
  });
}

async function branchTarget(sql: Sql, code: string, field = 'branch'): Promise<OrgTarget> {
  const target = await findBranchTarget(sql, code);
  if (!target) throw AppError.invalid(field, `unknown branch "${code}"`);
  return target;
}

const staffCodeOf = (p: Principal): string | null => (p.kind === 'staff' ? p.staffCode : p.kind === 'user' ? p.staffCode : null);

/** Scores and records an inspection; `created: false` when this id was already submitted (same answer). */
export async function submitInspection(deps: InspectionDeps, actor: Actor, input: InspectionSubmit): Promise<{ result: InspectionResult; created: boolean }> {
  const principal = actor.principal;
  const target = await branchTarget(deps.db.sql, input.branch);
  if (principal.kind === 'api_key') authorizeEvent(principal, 'inspection.submitted', target);
  else authorize(principal, 'inspections.submit', target);
  // A branch head inspects their own branch only as a self-check (自查).
  if ('role' in principal && principal.role === 'branch_head' && input.kind !== 'self_check') throw AppError.invalid('kind', 'a branch head may submit self_check inspections only');
  const existing = await selectInspection(deps.db.sql, input.id);
  if (existing) return { result: await sameInspection(deps, existing, input.branch), created: false };
  const checklist = await checklistNamed(deps.db.sql, input.checklist);
  checkResults(checklist.modules, input.results);
  const now = deps.clock.now();
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000) throw AppError.invalid('visitedAt', 'is in the future');
  const score = scoreInspection(checklist.modules, input.results, deps.settings.passMark);
  const calendar = await calendarOf(deps, now);
  const heads = await selectBranchHeads(deps.db.sql, input.branch);
  return deps.db.changes.transaction(async (tx, changes) => {
    const branchId = (target as { branchId: string }).branchId;
    const created = await insertInspection(tx, {
      id: input.id, source: actorLabel(principal), branchId, kind: input.kind, checklistId: checklist.id,
      inspector: actorLabel(principal), inspectorStaffCode: staffCodeOf(principal), visitedAt, submittedAt: now,
      score: score.score, passed: score.passed, redLineFailed: score.redLineFailed, moduleScores: score.modules, results: input.results,
    });
    // Two submissions of one id racing: the loser answers what the winner stored.
    if (!created) return { result: await sameInspection(deps, (await selectInspection(tx, input.id))!, input.branch), created: false };
    await linkPhotos(tx, input.results.flatMap((r) => r.photos ?? []), input.id, branchId);
    const owner = heads[0]?.code ?? null;
    for (const finding of score.findings) {
      const id = await insertRectification(tx, {
        inspectionId: input.id, branchId, itemCode: finding.item, itemText: finding.text, redLine: finding.redLine, pointsLost: finding.pointsLost,
        reason: finding.reason, ownerStaffCode: owner, dueAt: dueAtFrom(now, finding.redLine, deps.settings, calendar), now,
      });
      await insertRectificationEvent(tx, { rectificationId: id, kind: 'created', at: now, actor: actorLabel(principal), channel: actor.channel, data: { item: finding.item } });
    }
    await recordAudit(tx, actor, { action: 'inspections.submit', targetType: 'inspection', targetId: input.id, summary: { branch: input.branch, kind: input.kind, score: score.score, passed: score.passed } }, now);
    const inspection = (await selectInspection(tx, input.id))!;
    if (!score.passed && (await sendFailureCards(tx, deps, inspection, heads.map((h) => h.code), now)) > 0) changes.notify(OUTBOX_QUEUED_CHANNEL, {});
    changes.notify(INSPECTIONS_CHANGED_CHANNEL, { branchId, event: score.passed ? 'submitted' : 'failed', inspection: input.id, at: now.toISOString() });
    return { result: await resultOf(tx, inspection), created: true };
  });
}

async function sameInspection(deps: InspectionDeps, existing: InspectionRow, branch: string): Promise<InspectionResult> {
  // An id names one inspection: never another branch's (nor its scores).
  if (existing.branchCode !== branch) throw new AppError('CONFLICT', `id ${existing.id} was already used for another inspection`);
  return resultOf(deps.db.sql, existing);
}

async function resultOf(sql: Queryable, inspection: InspectionRow): Promise<InspectionResult> {
  const rectifications = await selectRectifications(sql, { inspectionId: inspection.id, limit: 500 });
  const order = new Map(inspection.results.map((r, i) => [r.item, i]));
  rectifications.sort((a, b) => Number(b.redLine) - Number(a.redLine) || (order.get(a.itemCode) ?? 0) - (order.get(b.itemCode) ?? 0));
  return {
    id: inspection.id, score: inspection.score, passed: inspection.passed, redLineFailed: inspection.redLineFailed,
    modules: inspection.moduleScores.map((m) => ({ code: m.code, score: m.score })),
    rectifications: rectifications.map((r) => ({ id: r.id, item: r.itemCode, dueAt: r.dueAt.toISOString(), status: r.status })),
  };
}

function scopeFilter(principal: Principal): { branchId?: string; regionId?: string } {
  const scope = scopeOf(principal);
  return scope.kind === 'branch' ? { branchId: scope.branchId } : scope.kind === 'region' ? { regionId: scope.regionId } : {};
}

/** Inspections in the caller's scope, latest visit first. */
export async function listInspections(deps: InspectionDeps, principal: Principal, filter: { branch?: string | undefined; days?: number | undefined }) {
  authorize(principal, 'inspections.read');
  let scope = scopeFilter(principal);
  if (filter.branch) {
    authorize(principal, 'inspections.read', await branchTarget(deps.db.sql, filter.branch), { hideOutsideScope: true });
    scope = { branchId: (await branchTarget(deps.db.sql, filter.branch) as { branchId: string }).branchId };
  }
  const since = filter.days ? new Date(deps.clock.now().getTime() - filter.days * 86_400_000) : undefined;
  const rows = await selectInspections(deps.db.sql, { ...scope, since, limit: 200 });
  return rows.map((i) => ({
    id: i.id, branch: i.branchCode, branchName: i.branchName, kind: i.kind, checklist: `${i.checklistCode}@${i.checklistVersion}`, inspector: i.inspector,
    visitedAt: i.visitedAt.toISOString(), submittedAt: i.submittedAt.toISOString(), score: i.score, passed: i.passed, redLineFailed: i.redLineFailed,
    modules: i.moduleScores,
  }));
}

/** One inspection with module scores, findings, photos, its rectifications and their timeline. */
export async function getInspection(deps: InspectionDeps, principal: Principal, id: string) {
  const inspection = await selectInspection(deps.db.sql, id);
  if (!inspection) throw new AppError('NOT_FOUND', `no inspection ${id}`);
  authorize(principal, 'inspections.read', await branchTarget(deps.db.sql, inspection.branchCode), { hideOutsideScope: true });
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  const checklist = (await selectChecklistById(deps.db.sql, inspection.checklistId))!;
  const rectifications = await selectRectifications(deps.db.sql, { inspectionId: id, limit: 500 });
  const events = await selectRectificationEvents(deps.db.sql, rectifications.map((r) => r.id));
  const byItem = new Map(inspection.results.map((r) => [r.item, r]));
  return {
    id: inspection.id, branch: inspection.branchCode, branchName: inspection.branchName, kind: inspection.kind,
    checklist: { code: checklist.code, name: checklist.name, version: checklist.version }, inspector: inspection.inspector,
    visitedAt: inspection.visitedAt.toISOString(), submittedAt: inspection.submittedAt.toISOString(),
    score: inspection.score, passed: inspection.passed, redLineFailed: inspection.redLineFailed,
    modules: checklist.modules.map((m) => ({
      code: m.code, name: m.name, score: inspection.moduleScores.find((s) => s.code === m.code)?.score ?? null,
      items: m.items.map((item) => ({ ...item, points: byItem.get(item.code)?.points ?? null, reason: byItem.get(item.code)?.reason ?? null, notApplicable: byItem.get(item.code)?.notApplicable ?? false })),
    })),
    photos: await selectPhotoIds(deps.db.sql, { inspectionId: id }),
    rectifications: await Promise.all(rectifications.map(async (r) => ({
      ...toRectificationView(r, now, deps.settings.timeZone, calendar),
      photos: await selectPhotoIds(deps.db.sql, { rectificationId: r.id }),
      timeline: events.filter((e) => e.rectificationId === r.id).map((e) => ({ kind: e.kind, at: e.at.toISOString(), actor: e.actor, channel: e.channel, data: e.data })),
    }))),
  };
}
