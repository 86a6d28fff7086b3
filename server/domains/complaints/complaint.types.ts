/** Complaints (投诉) under the statutory clock: 15 days, 30 for complex cases, +30 with a superior's approval. */

export const COMPLAINT_CHANNELS = ['counter', 'hotline', 'online', 'app', 'letter', 'email', 'regulator', 'crm', 'bot', 'other'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = ['service_attitude', 'wait_time', 'fees', 'product', 'operation_error', 'privacy', 'system', 'marketing', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export type ComplaintSeverity = 'normal' | 'major' | 'critical';
export type ComplaintStatus = 'received' | 'claimed' | 'in_progress' | 'decided' | 'closed';
export type ComplaintKind = 'original' | 'review';
/** How the statutory clock stands: the API's `clockState`. */
export type ClockState = 'on_track' | 'due_soon' | 'overdue' | 'paused';
export type ClockStage = 15 | 30 | 60;

export type ComplaintEventKind =
  | 'received' | 'claimed' | 'contacted' | 'extended' | 'extension_requested' | 'paused' | 'resumed' | 'merged' | 'restarted'
  | 'decided' | 'closed' | 'reopened' | 'review_requested' | 'note';

export interface ComplaintEvent {
  id: number;
  kind: ComplaintEventKind;
  /** When it happened (a backdated step is earlier than when it was recorded). */
  at: Date;
  recordedAt: Date;
  actor: string;
  actorRole: string | null;
  channel: string;
  data: Record<string, unknown>;
}

export interface Complaint {
  id: number;
  reference: string;
  source: string;
  externalId: string;
  kind: ComplaintKind;
  parentId: number | null;
  mergedIntoId: number | null;
  branchId: string;
  branchCode: string;
  branchName: string;
  staffCode: string | null;
  staffName: string | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  complainantName: string;
  complainantPhone: string | null;
  agentName: string | null;
  agentAuthorization: string | null;
  summary: string;
  request: string | null;
  facts: string | null;
  receivedAt: Date;
  status: ComplaintStatus;
  handlerCode: string | null;
  handlerName: string | null;
  decision: string | null;
  decidedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The clock as the rules compute it from the history, at an instant. */
export interface ComplaintClock {
  stage: ClockStage;
  /** The bank day the current period counts from (receipt, or the last restart on new facts). */
  startDay: string;
  /** Calendar days not counted (external appraisal, testing, valuation). */
  pausedDays: number;
  paused: boolean;
  decisionDueAt: Date;
  clockState: ClockState;
  /** Internal target: first contact within N working days of receipt. */
  firstContactDueAt: Date;
  firstContactAt: Date | null;
  decided: boolean;
  /** Decided within the deadline; null while open. */
  decidedOnTime: boolean | null;
}

export interface ClockSettings {
  timeZone: string;
  /** Roll a deadline on a statutory rest day to the next working day (Civil Code reading); off by default. */
  rollOverHolidays: boolean;
  /** "Due soon" from this many hours before the deadline: the ladder's first step (72 h). */
  dueSoonHours: number;
  firstContactWorkingDays: number;
}
