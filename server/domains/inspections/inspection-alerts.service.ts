/**
 * Inspections in the chat, through the outbox (in the caller's transaction): a failed inspection
 * sends the branch head one findings card and one card per rectification; a fix confirmed sends
 * the inspector the card to verify; every change redraws every card sent about the rectification;
 * overdue rectifications escalate once per stage (owner T−1, branch head at due, region manager
 * +1, leadership +3 working days), recorded in `rectification_alerts` so two sweeps or two
 * instances never alert twice.
 */
import type { Queryable } from '../../../db/types.ts';
import type { Logger } from '../../platform/logger.ts';
import { selectBranchHeads } from '../org/index.ts';
import { chatsFor, enqueueMessage, OUTBOX_QUEUED_CHANNEL, updateSubjectCards, type OutboxChannel, type OutboxRecipient } from '../outbox/index.ts';
import { calendarOf, INSPECTIONS_CHANGED_CHANNEL, type InspectionDeps } from './inspection-deps.ts';
import { selectPhotoIds, type InspectionRow } from './inspection.repo.ts';
import type { EscalationStage, Rectification } from './inspection.types.ts';
import { rectificationCardData } from './rectification-view.rules.ts';
import { reachedStages } from './rectification.rules.ts';
import {
  insertRectificationAlert, selectNearestStaffByRole, selectOpenRectificationIds, selectRectification, selectRectifications, setRectificationAlertOutbox,
} from './rectification.repo.ts';

export const RECTIFICATION_TEMPLATE = 'rectification.card';
export const FINDINGS_TEMPLATE = 'inspection.findings';
export const rectificationSubject = (id: number): string => `rectification:${id}`;
const pageUrl = (deps: InspectionDeps, path: string): string | undefined => (deps.publicUrl() ? `${deps.publicUrl()}${path}` : undefined);

export async function cardDataOf(tx: Queryable, deps: InspectionDeps, r: Rectification): Promise<Record<string, unknown>> {
  const photos = (await selectPhotoIds(tx, { rectificationId: r.id })).length;
  return rectificationCardData(r, { url: pageUrl(deps, `/inspections/${encodeURIComponent(r.inspectionId)}`), photos });
}

/** The findings card (score, red lines first) and one card per rectification to each branch head. */
export async function sendFailureCards(tx: Queryable, deps: InspectionDeps, inspection: InspectionRow, headCodes: string[], now: Date): Promise<number> {
  const rectifications = await selectRectifications(tx, { inspectionId: inspection.id, limit: 500 });
  rectifications.sort((a, b) => Number(b.redLine) - Number(a.redLine) || b.pointsLost - a.pointsLost);
  let queued = 0;
  for (const head of headCodes) {
    const recipient: OutboxRecipient = { kind: 'staff', staffCode: head };
    await enqueueMessage(tx, deps.outbox, {
      recipient, template: FINDINGS_TEMPLATE, key: `inspection:${inspection.id}:findings:${head}`, subject: `inspection:${inspection.id}`, severity: 'warning',
      data: {
        inspection: inspection.id, branch: inspection.branchCode, branchName: inspection.branchName, kind: inspection.kind, score: inspection.score,
        passMark: deps.settings.passMark, redLineFailed: inspection.redLineFailed, visitedAt: inspection.visitedAt.toISOString(),
        findings: rectifications.map((r) => ({ item: r.itemCode, text: r.itemText, redLine: r.redLine, pointsLost: r.pointsLost, reason: r.reason, dueAt: r.dueAt.toISOString() })),
        ...(pageUrl(deps, `/inspections/${encodeURIComponent(inspection.id)}`) ? { url: pageUrl(deps, `/inspections/${encodeURIComponent(inspection.id)}`) } : {}),
      },
    }, now);
    queued++;
    for (const r of rectifications) {
      await enqueueMessage(tx, deps.outbox, {
        recipient, template: RECTIFICATION_TEMPLATE, key: `rectification:${r.id}:owner:${head}`, subject: rectificationSubject(r.id),
        severity: r.redLine ? 'critical' : 'warning', data: await cardDataOf(tx, deps, r),
      }, now);
      queued++;
    }
  }
  return queued;
}

/**
 * Every card already sent about the rectification shows its new state. A change that does not
 * bump the version (a photo added) names itself in `change`, else its redraw would be taken for
 * the one already queued at this version and dropped.
 */
export async function refreshRectificationCards(tx: Queryable, deps: InspectionDeps, r: Rectification, now: Date, change?: string): Promise<number> {
  const version = change ? `${r.version}:${change}` : String(r.version);
  return updateSubjectCards(tx, rectificationSubject(r.id), { template: RECTIFICATION_TEMPLATE, data: await cardDataOf(tx, deps, r), version }, now);
}

/** The inspector's card to verify (通过 / 退回), once per confirmation. */
export async function sendVerificationCard(tx: Queryable, deps: InspectionDeps, r: Rectification, now: Date): Promise<number> {
  const inspectors = r.inspectorStaffCode ? [r.inspectorStaffCode] : (await selectNearestStaffByRole(tx, r.branchCode, 'inspector')).map((s) => s.code);
  for (const code of inspectors) {
    await enqueueMessage(tx, deps.outbox, {
      recipient: { kind: 'staff', staffCode: code }, template: RECTIFICATION_TEMPLATE, key: `rectification:${r.id}:verify:${r.version}:${code}`,
      subject: rectificationSubject(r.id), severity: 'info', data: await cardDataOf(tx, deps, r),
    }, now);
  }
  return inspectors.length;
}

async function recipientsFor(tx: Queryable, r: Rectification, stage: EscalationStage): Promise<OutboxRecipient[]> {
  const staff = (rows: Array<{ code: string }>) => rows.map((s) => ({ kind: 'staff' as const, staffCode: s.code }));
  switch (stage) {
    case 'owner':
      return r.ownerStaffCode ? [{ kind: 'staff', staffCode: r.ownerStaffCode }] : staff(await selectBranchHeads(tx, r.branchCode));
    case 'branch_head':
      return staff(await selectBranchHeads(tx, r.branchCode));
    case 'region_manager':
      return staff(await selectNearestStaffByRole(tx, r.branchCode, 'region_manager'));
    case 'leadership': {
      const chats = await chatsFor(tx as never, 'leadership', `branch:${r.branchCode}`);
      if (chats.length > 0) return chats.map((c) => ({ kind: 'chat', channel: c.channel as OutboxChannel, chatId: c.chatId }));
      return staff(await selectNearestStaffByRole(tx, r.branchCode, 'leader'));
    }
  }
}

const recipientKey = (r: OutboxRecipient): string => (r.kind === 'staff' ? `staff:${r.staffCode}` : `${r.channel}:${r.chatId}`);

/** Queues the escalations newly reached; the number queued (a stage with nobody is recorded once). */
export async function escalate(tx: Queryable, deps: InspectionDeps, r: Rectification, now: Date, calendar: Awaited<ReturnType<typeof calendarOf>>): Promise<number> {
  let queued = 0;
  for (const { stage, key } of reachedStages(r, now, deps.settings.timeZone, calendar)) {
    const recipients = await recipientsFor(tx, r, stage);
    if (recipients.length === 0) {
      if (await insertRectificationAlert(tx, { rectificationId: r.id, stageKey: key, recipient: `none:${stage}`, now })) queued++;
      continue;
    }
    for (const recipient of recipients) {
      const rk = recipientKey(recipient);
      if (!(await insertRectificationAlert(tx, { rectificationId: r.id, stageKey: key, recipient: rk, now }))) continue;
      const { id } = await enqueueMessage(tx, deps.outbox, {
        recipient, template: RECTIFICATION_TEMPLATE, key: `rectification:${r.id}:${key}:${rk}`, subject: rectificationSubject(r.id),
        severity: stage === 'owner' ? 'warning' : 'critical', data: { ...(await cardDataOf(tx, deps, r)), escalation: stage },
        // Not statutory: quiet hours hold these; a storm to one chat becomes a digest.
        digestible: true,
      }, now);
      await setRectificationAlertOutbox(tx, { rectificationId: r.id, stageKey: key, recipient: rk, outboxId: id });
      queued++;
    }
  }
  return queued;
}

/** The sweep job: each open rectification near or past its due date, in its own transaction. Idempotent. */
export async function sweepRectifications(deps: InspectionDeps, logger?: Logger): Promise<{ checked: number; alerts: number }> {
  const now = deps.clock.now();
  const calendar = await calendarOf(deps, now);
  // The owner stage opens at most a working day (plus weekends and holidays) before the due date.
  const ids = await selectOpenRectificationIds(deps.db.sql, new Date(now.getTime() + 15 * 86_400_000));
  let alerts = 0;
  for (const id of ids) {
    try {
      alerts += await deps.db.changes.transaction(async (tx, changes) => {
        const r = await selectRectification(tx, id, { lock: true });
        if (!r) return 0;
        const queued = await escalate(tx, deps, r, now, calendar);
        if (queued > 0) {
          changes.notify(OUTBOX_QUEUED_CHANNEL, {});
          changes.notify(INSPECTIONS_CHANGED_CHANNEL, { branchId: r.branchId, event: 'escalated', rectification: r.id, at: now.toISOString() });
        }
        return queued;
      });
    } catch (error) {
      logger?.error({ err: error, rectificationId: id }, 'rectification sweep failed for one rectification');
    }
  }
  return { checked: ids.length, alerts };
}
