/** How a rectification is shown: the API row and the chat card's data (no customer data in either). */
import type { WorkingCalendar } from '../calendar/index.ts';
import type { Rectification, RectificationView } from './inspection.types.ts';
import { clockStateOf } from './rectification.rules.ts';

export function toRectificationView(r: Rectification, now: Date, timeZone: string, calendar: WorkingCalendar): RectificationView {
  return {
    id: r.id, inspection: r.inspectionId, branch: r.branchCode, branchName: r.branchName, item: r.itemCode, text: r.itemText,
    redLine: r.redLine, reason: r.reason, owner: r.ownerStaffCode, dueAt: r.dueAt.toISOString(), status: r.status,
    clockState: clockStateOf(r, now, timeZone, calendar), fixedNote: r.fixedNote, extensionReason: r.extensionRequestedAt ? r.extensionReason : null,
    version: r.version,
  };
}

/** The card data every recipient's card is drawn from (owner, inspector, escalations): redrawn on each change. */
export function rectificationCardData(r: Rectification, extra: { url?: string | undefined; photos?: number } = {}): Record<string, unknown> {
  return {
    id: r.id, inspection: r.inspectionId, branch: r.branchCode, branchName: r.branchName, item: r.itemCode, text: r.itemText,
    redLine: r.redLine, pointsLost: r.pointsLost, reason: r.reason, status: r.status, dueAt: r.dueAt.toISOString(),
    fixedNote: r.fixedNote, extensionReason: r.extensionRequestedAt ? r.extensionReason : null, version: r.version,
    photos: extra.photos ?? 0,
    ...(extra.url ? { url: extra.url } : {}),
  };
}
