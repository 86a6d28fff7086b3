/** Drafts of the inspection form, saved as typed (the browser keeps a copy too): one author's own. */
import { AppError } from '../../platform/errors.ts';
import { actorLabel, authorize, findBranchTarget, recordAudit, type Actor, type Principal } from '../access/index.ts';
import type { InspectionDeps } from './inspection-deps.ts';
import { deleteDraft, selectDrafts, upsertDraft } from './inspection.repo.ts';

export async function saveDraft(deps: InspectionDeps, actor: Actor, input: { id: string; branch?: string | undefined; data: unknown }): Promise<{ id: string; savedAt: string }> {
  authorize(actor.principal, 'inspections.draft');
  let branchId: string | null = null;
  if (input.branch) {
    const target = await findBranchTarget(deps.db.sql, input.branch);
    if (!target || target.kind !== 'branch') throw AppError.invalid('branch', `unknown branch "${input.branch}"`);
    authorize(actor.principal, 'inspections.submit', target);
    branchId = target.branchId;
  }
  const now = deps.clock.now();
  // Audited with the write, in one transaction; another author's draft id is left untouched and not audited.
  await deps.db.sql.begin(async (tx) => {
    if (await upsertDraft(tx, { id: input.id, author: actorLabel(actor.principal), branchId, data: input.data, now })) {
      await recordAudit(tx, actor, { action: 'inspections.draft', targetType: 'inspection_draft', targetId: input.id, summary: { branch: input.branch ?? null } }, now);
    }
  });
  return { id: input.id, savedAt: now.toISOString() };
}

export async function listDrafts(deps: InspectionDeps, principal: Principal) {
  authorize(principal, 'inspections.draft');
  return (await selectDrafts(deps.db.sql, actorLabel(principal))).map((d) => ({ id: d.id, data: d.data, savedAt: d.updatedAt.toISOString() }));
}

/** A submitted inspection's draft is no longer needed. */
export const discardDraft = (deps: InspectionDeps, id: string): Promise<void> => deleteDraft(deps.db.sql, id);
