/** Checklists, inspections and rectifications (DESIGN §3 glossary: checklist, inspection, finding, rectification). */

export interface ChecklistItem {
  code: string;
  text: string;
  guidance: string;
  maxPoints: number;
  /** A red line (红线): losing any point fails the inspection whatever the score. */
  redLine: boolean;
}

export interface ChecklistModule {
  code: string;
  name: string;
  items: ChecklistItem[];
}

export interface Checklist {
  id: number;
  code: string;
  name: string;
  version: number;
  modules: ChecklistModule[];
  active: boolean;
}

export const INSPECTION_KINDS = ['routine', 'mystery_shopper', 'self_check'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export interface ItemResult {
  item: string;
  points: number;
  reason?: string | undefined;
  notApplicable?: boolean | undefined;
}

export interface Finding {
  item: string;
  text: string;
  module: string;
  redLine: boolean;
  pointsLost: number;
  reason: string;
}

export interface InspectionScore {
  /** 100 × awarded ÷ possible over applicable items, one decimal. */
  score: number;
  passed: boolean;
  redLineFailed: boolean;
  modules: Array<{ code: string; name: string; score: number | null }>;
  findings: Finding[];
}

export interface InspectionSettings {
  passMark: number;
  /** Working days to fix a finding: red line, other. */
  redLineDueWorkingDays: number;
  dueWorkingDays: number;
  /** Two inspectors at one branch within this many days are compared (calibration). */
  calibrationWindowDays: number;
  timeZone: string;
}

export const DEFAULT_INSPECTION_SETTINGS: Omit<InspectionSettings, 'timeZone'> = {
  passMark: 85, redLineDueWorkingDays: 1, dueWorkingDays: 5, calibrationWindowDays: 14,
};

export const RECTIFICATION_STATUSES = ['open', 'fixed', 'verified', 'reopened'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
/** Open ones: on track, due soon (within a working day), overdue; fixed ones: met or late. */
export type RectificationClockState = 'on_track' | 'due_soon' | 'overdue' | 'met' | 'late';

export interface Rectification {
  id: number;
  inspectionId: string;
  branchId: string;
  branchCode: string;
  branchName: string;
  itemCode: string;
  itemText: string;
  redLine: boolean;
  pointsLost: number;
  reason: string;
  ownerStaffCode: string | null;
  inspectorStaffCode: string | null;
  status: RectificationStatus;
  dueAt: Date;
  extensionReason: string | null;
  extensionRequestedAt: Date | null;
  fixedNote: string | null;
  fixedAt: Date | null;
  verifiedAt: Date | null;
  fixedOnTime: boolean | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type EscalationStage = 'owner' | 'branch_head' | 'region_manager' | 'leadership';

/** The answer to a submission (`POST /inspections`; the contract's InspectionResult). */
export interface InspectionResult {
  id: string;
  score: number;
  passed: boolean;
  redLineFailed: boolean;
  modules: Array<{ code: string; score: number | null }>;
  rectifications: Array<{ id: number; item: string; dueAt: string; status: RectificationStatus }>;
}

/** A rectification as the API lists it (the contract's RectificationView). */
export interface RectificationView {
  id: number;
  inspection: string;
  branch: string;
  branchName: string;
  item: string;
  text: string;
  redLine: boolean;
  reason: string;
  owner: string | null;
  dueAt: string;
  status: RectificationStatus;
  clockState: RectificationClockState;
  fixedNote: string | null;
  extensionReason: string | null;
  version: number;
}

/** `GET /kpis/inspections` (the contract's InspectionKpis); rates 0–1, null with nothing to divide. */
export interface InspectionKpis {
  inspections: number;
  averageScore: number | null;
  passRate: number | null;
  redLineFailures: number;
  rectificationsOpen: number;
  rectificationsOverdue: number;
  rectificationOnTimeRate: number | null;
}

/** The wall's inspection panel: the KPIs and the latest score. */
export type WallInspectionsView = InspectionKpis & { latestScore: number | null };

/** A submission as validated by the route (the contract's InspectionSubmit). */
export interface InspectionSubmission {
  id: string;
  branch: string;
  kind: InspectionKind;
  checklist: string;
  visitedAt: string;
  results: Array<ItemResult & { photos?: string[] | undefined }>;
}
