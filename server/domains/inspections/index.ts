/**
 * Inspections (检查, 暗访, 自查) against versioned checklists, and rectifications (整改) of their
 * findings (issue #11, CBSS1000-shaped).
 *
 * Pure rules: `checkResults` / `scoreInspection` (100 × awarded ÷ possible over applicable items,
 * per module; passed = score ≥ pass mark and no red line lost), `dueAtFrom` (end of the bank day N
 * working days on, 调休 aware), `transitionRectification` (open → fixed → verified | reopened,
 * extensions), `clockStateOf`, `reachedStages` (owner T−1, branch head at due, region manager +1,
 * leadership +3 working days), `calibrationPairs`, `preparePhoto` (magic bytes, size, EXIF).
 *
 * Use cases: `ensureDefaultChecklist` (at start), `submitInspection` (a retry with the same id
 * answers the same inspection), `actOnRectification`, `sweepRectifications` (the escalation job),
 * `inspectionKpis`, `wallInspections`; changes published on `inspections_changed` after commit.
 */
export type { InspectionDeps } from './inspection-deps.ts';
export { INSPECTIONS_CHANGED_CHANNEL } from './inspection-deps.ts';
export { DEFAULT_INSPECTION_SETTINGS, type InspectionSettings } from './inspection.types.ts';
export { ensureDefaultChecklist, submitInspection, importChecklist } from './inspection.service.ts';
export { actOnRectification, rectificationCard, listRectifications } from './rectification.service.ts';
export { sweepRectifications, RECTIFICATION_TEMPLATE, FINDINGS_TEMPLATE } from './inspection-alerts.service.ts';
export { inspectionKpis, inspectionScopeOf, INSPECTION_KPI_DAYS, wallInspections } from './inspection-kpi.service.ts';
export { uploadPhoto } from './photo.service.ts';
export { registerInspectionRoutes } from './inspection.routes.ts';
export { rectificationWorkProvider } from './rectification-work.service.ts';
export { attachChatPhoto, chatPhotoTarget, type ChatPhotoResult, type ChatPhotoTarget } from './photo-reply.service.ts';
