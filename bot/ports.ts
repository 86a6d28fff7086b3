import type { ScopeKpis } from '$contract/payloads/kpi.ts';

/**
 * What the bot needs from the domains, as an interface: main.ts implements it with domain
 * services; bot tests implement it with plain objects. The bot never touches SQL or server code.
 */
export interface StaffIdentity {
  code: string;
  name: string;
  role: string;
  branchCode: string | null;
  branchName: string | null;
  regionCode: string | null;
  regionName: string | null;
  active: boolean;
}

/** A nomination as cards carry it (the server's `nominationCardData`): staff names only. */
export interface NominationCardData {
  id: number;
  nominee: string;
  nomineeCode: string;
  nominator: string;
  branch: string | null;
  branchName: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'lapsed';
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  /** The bank month it counts for (YYYY-MM). */
  month?: string;
  /** Who decides, chosen when it was made (never the nominator). */
  approver?: string | null;
  /** Why it was 驳回 (or a note with 通过). */
  decisionReason?: string | null;
  /** A customer's praise the nominator cited. */
  praise?: string | null;
  /** The nominee's month so far, for the approver. */
  figures?: { ticketsHandled: number; satisfaction: number | null; errors: number; praise: number };
  /** Who a `nomination.decided` card is for. */
  audience?: 'nominator' | 'nominee';
}

/** The month's service stars as the announcement card carries them. */
export interface AwardAnnouncementData {
  month: string;
  scopeName: string;
  stars: Array<{ scope: string; scopeName: string; name: string; code: string; branchName: string | null; nominations: number }>;
}

/** A complaint as chat cards may show it (the server's `complaintCardData`): masked, no free text. */
export interface ComplaintCardData {
  id: number;
  reference: string;
  branch: string;
  branchName: string;
  category: string;
  channel: string;
  severity: string;
  complainant: string;
  phone: string | null;
  receivedAt: string;
  decisionDueAt: string;
  stage: 15 | 30 | 60;
  clockState: 'on_track' | 'due_soon' | 'overdue' | 'paused';
  status: 'received' | 'claimed' | 'in_progress' | 'decided' | 'closed';
  handler: string | null;
  version: number;
  /** When it last changed (claimed, contacted …): the card says who and when. */
  updatedAt?: string;
  url?: string;
}

/** A rectification as its cards carry it (the server's `rectificationCardData`): no customer data. */
export interface RectificationCardData {
  id: number;
  inspection: string;
  branch: string;
  branchName: string;
  item: string;
  text: string;
  redLine: boolean;
  pointsLost: number;
  reason: string;
  status: 'open' | 'fixed' | 'verified' | 'reopened';
  dueAt: string;
  fixedNote: string | null;
  /** The reason of an extension asked and not yet granted. */
  extensionReason: string | null;
  version: number;
  photos: number;
  /** Set on escalation cards: which stage reached this recipient. */
  escalation?: 'owner' | 'branch_head' | 'region_manager' | 'leadership';
  url?: string;
}

/** The findings card of a failed inspection (score, red lines first). */
export interface InspectionFindingsData {
  inspection: string;
  branch: string;
  branchName: string;
  kind: 'routine' | 'mystery_shopper' | 'self_check';
  score: number;
  passMark: number;
  redLineFailed: boolean;
  visitedAt: string;
  findings: Array<{ item: string; text: string; redLine: boolean; pointsLost: number; reason: string; dueAt: string }>;
  url?: string;
}

/** The rectification a photo reply names (the server's `ChatPhotoRectification`). */
export interface PhotoReplyRectification {
  rectification: number;
  item: string;
  text: string;
  status: RectificationCardData['status'];
}

export type PhotoReplyTarget =
  | ({ outcome: 'target'; maxBytes: number; duplicate: boolean; photos: number } & PhotoReplyRectification)
  | { outcome: 'not_a_card' }
  | ({ outcome: 'refused'; reason: 'forbidden' | 'closed' } & PhotoReplyRectification);

export type PhotoReplyResult =
  | ({ outcome: 'attached'; photos: number } & PhotoReplyRectification)
  | ({ outcome: 'refused'; reason: 'forbidden' | 'closed' | 'not_image' | 'too_large'; maxBytes: number } & PhotoReplyRectification);

export type RectificationStep =
  | { kind: 'fix'; note: string }
  | { kind: 'request_extension'; reason: string }
  | { kind: 'grant_extension' }
  | { kind: 'verify'; accepted: boolean; note: string };

/**
 * Ports throw BotInputError for a user's mistake (unknown colleague, self-nomination, outside
 * scope); anything else is a failure the dispatcher answers with a polite apology.
 */
export interface BotPorts {
  staff: {
    findByCode(code: string): Promise<StaffIdentity | undefined>;
    /** Active staff by exact code or name, nearest to `near` first (for `提名 @名字` typed in the console). */
    search(text: string, near: { branchCode: string | null }): Promise<Array<{ code: string; name: string }>>;
  };
  kpi: {
    /** Today's KPIs of `bank`, `region:<code>` or `branch:<code>`; undefined for an unknown unit. */
    today(scope: string): Promise<ScopeKpis | undefined>;
  };
  nominations: {
    /** The server's rules decide; a refusal is a BotInputError whose message names the rule (zh-CN). */
    create(staffCode: string, input: { nomineeCode: string; reason: string; praise?: string }): Promise<{ nomination: NominationCardData; reviewers: number }>;
    /** 通过 / 驳回 (a reason needed to reject). A nomination decided elsewhere comes back as it stands with `changed: false`. */
    decide(staffCode: string, id: number, decision: { approved: boolean; reason?: string | undefined }): Promise<{ nomination: NominationCardData; changed: boolean }>;
    pendingFor(staffCode: string): Promise<NominationCardData[]>;
    find(id: number): Promise<NominationCardData | undefined>;
  };
  /**
   * The access-control function, applied as the staff member mapped from the chat operator: the
   * same `authorize` the web and sockets use. `target` names a branch when the action touches one.
   */
  access: {
    can(staffCode: string, permission: string, target?: { branchCode: string }): Promise<boolean>;
  };
  complaints: {
    /** A step from a card; `changed: false` with `reason` when it no longer applies (claimed by someone else …). */
    act(staffCode: string, id: number, step: 'claim' | 'contact' | 'request_extension'): Promise<{ complaint: ComplaintCardData; changed: boolean; reason?: string }>;
    /** Open complaints in the person's scope, soonest due first. */
    openFor(staffCode: string, limit: number): Promise<ComplaintCardData[]>;
    /** A walk-in complaint registered by a branch head at the counter. */
    register(staffCode: string, input: { name: string; phone: string; summary: string }): Promise<ComplaintCardData>;
  };
  bank: { name: string; timeZone: string };
  clock: { now(): Date };
  /** Rectifications (整改) from their cards; optional so bots without inspections still start. */
  rectifications?: {
    /** A step from a card; `changed: false` with `reason` when it no longer applies (already verified …). */
    act(staffCode: string, id: number, step: RectificationStep): Promise<{ card: RectificationCardData; changed: boolean; reason?: string }>;
    card(id: number): Promise<RectificationCardData | undefined>;
    /** A picture sent in reply to a card: which rectification it names and whether this person may add to it now. */
    photoTarget?(staffCode: string, input: { channel: string; repliedTo: string[]; messageId: string }): Promise<PhotoReplyTarget>;
    /** Stores the downloaded picture on it (the web upload's checks: type, size, EXIF, scope, state). */
    attachPhoto?(staffCode: string, input: { rectification: number; channel: string; messageId: string; bytes: Buffer }): Promise<PhotoReplyResult>;
  };
  /** Customer care (客户关怀); absent in bots built without it. */
  care?: CarePort;
  /** Cards the outbox re-sent before Feishu's 14-day window closed: a click on the old copy gets a toast. */
  cards?: {
    isRetired(channelMessageId: string): Promise<boolean>;
  };
}

/** One care task as cards carry it (the server's `toCardTask`): the customer's name masked. */
export interface CareCardTask {
  id: number;
  kind: 'birthday' | 'holiday';
  occasion: string;
  occasionDate: string;
  customer: string;
  tier: string;
  greeting: string;
  status: 'open' | 'done' | 'skipped';
  doneVia: 'phone' | 'sms' | 'visit' | null;
}

/** A morning's care list of one branch (or one account manager's part of it), by manager. */
export interface CareDigestData {
  day: string;
  branch: string;
  branchName: string;
  staffCode: string | null;
  groups: Array<{ manager: string; managerCode: string | null; tasks: CareCardTask[] }>;
}

export type CareAction = { kind: 'done'; via: 'phone' | 'sms' | 'visit' } | { kind: 'skip'; reason: string };

export interface CarePort {
  /** Done or skipped as this staff member; `changed: false` when the task was already closed. */
  act(staffCode: string, id: number, action: CareAction): Promise<{ task: CareCardTask; changed: boolean }>;
  /** The digest card's data as it stands now (redrawn after a click). */
  digest(viewerCode: string, branch: string, day: string, staffCode: string | null): Promise<CareDigestData>;
  /** This person's open tasks listed so far, soonest due first, with the branch each belongs to. */
  openFor(staffCode: string): Promise<Array<CareCardTask & { branch: string; day: string }>>;
}

/** The slice of a structured logger the bot uses (pino fits). Never pass message text: it may hold PII. */
export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
