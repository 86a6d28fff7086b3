export type Role = 'admin' | 'leader' | 'region_manager' | 'inspector' | 'complaint_handler' | 'branch_head' | 'staff';

/** What a principal may do; a later capability adds its own (complaints.handle, …). */
export type Permission =
  | 'org.read'
  /** Branch codes in scope: people, and integrators that must name branches in their events. */
  | 'branches.list'
  | 'customers.read'
  | 'customers.read_pii'
  | 'wall.view'
  | 'jobs.read'
  | 'audit.read'
  | 'users.manage'
  | 'display_tokens.manage'
  | 'api_keys.manage'
  | 'targets.manage'
  | 'chat.console'
  | 'chat.console_any'
  | 'events.ingest'
  /** 服务明星: nominate a colleague; decide the nominations of one's scope. */
  | 'nominations.create'
  | 'nominations.approve'
  /** The bot's settings: group-chat bindings, the outbox (parked messages). */
  | 'bot.manage'
  /** 投诉: read within scope; register (walk-in, hotline); handle (claim, contact, extend to 30 days, pause, decide, close). */
  | 'complaints.read'
  | 'complaints.create'
  | 'complaints.handle'
  /** A further 30 days (to 60): the superior institution's approval, recorded as who gave it. */
  | 'complaints.approve_extension'
  /** 员工服务考核: scorecards (branch heads their staff, region managers their region, a person their own). */
  | 'scorecards.read'
  /** 服务明星 settings: nomination quota, month-end rule, tie-breakers, scorecard weights. */
  | 'awards.manage'
  /** 客户关怀: read care tasks and KPIs in scope; tick them off (own tasks, or the branch's for its head); edit the settings. */
  | 'care.read'
  | 'care.act'
  | 'care.manage'
  /** The bank's tree of regions and outlets (codes, names, counts): what a wall needs to draw and place its scope. */
  | 'org.overview'
  /** 节假日: view a year of the holiday calendar and replace it by hand (administrators). */
  | 'calendar.manage'
  /** 检查与整改: read inspections and rectifications in scope; submit an inspection; verify fixes and grant extensions (inspector); fix (branch head); publish checklists. */
  | 'inspections.read'
  | 'inspections.submit'
  /** Drafts of the inspection form: people only (an API key submits finished inspections). */
  | 'inspections.draft'
  | 'inspections.verify'
  | 'rectifications.fix'
  | 'checklists.manage'
  /** KPI figures, rankings, targets and trends of one's scope (no names of people): what a wall shows. */
  | 'kpis.read';

/**
 * Where a principal may act: the whole bank, one region's subtree (by id), or one branch. Region
 * and branch scopes carry their code for display and the ids needed to test containment.
 */
export type Scope =
  | { kind: 'bank' }
  | { kind: 'region'; regionId: string; code: string }
  | { kind: 'branch'; branchId: string; code: string };

/** An org unit something belongs to, with every region above it (ancestor ids, root first). */
export type OrgTarget =
  | { kind: 'bank' }
  | { kind: 'region'; regionId: string; ancestorRegionIds: readonly string[] }
  | { kind: 'branch'; branchId: string; ancestorRegionIds: readonly string[] };

export type Principal =
  | { kind: 'user'; userId: string; username: string; role: Role; scope: Scope; staffCode: string | null; sessionId: string | null }
  | { kind: 'display_token'; tokenId: string; name: string; scope: Scope }
  | { kind: 'api_key'; keyId: string; name: string; prefix: string; scope: Scope; eventTypes: readonly string[] }
  /** A staff member acting through the bot, with the role their job implies. */
  | { kind: 'staff'; staffCode: string; role: Role; scope: Scope }
  /** The CLI on the server's machine, and scheduled jobs: trusted, bank-wide. */
  | { kind: 'system'; name: string };

export type AuditChannel = 'web' | 'bot' | 'api' | 'job' | 'cli';

export interface AuditRecord {
  actor: string;
  role: string | null;
  channel: AuditChannel;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
}

/** Who did something and through which channel, for the audit log. */
export interface Actor {
  principal: Principal;
  channel: AuditChannel;
  requestId: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scope: Scope;
  staffCode: string | null;
  locale: 'zh-CN' | 'en';
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}
