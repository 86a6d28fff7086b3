import { AppError } from '../../platform/errors.ts';
import type { OrgTarget, Permission, Principal, Role, Scope } from './access.types.ts';

/**
 * Who may do what. Least privilege: full customer contact data only for the roles that must call
 * customers back (complaint handlers, branch heads, within their scope); leadership reads
 * everything else; only administrators manage users, screens and keys. Display tokens are
 * read-only wall access; API keys only push events.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['complaints.read', 'org.read', 'branches.list', 'customers.read', 'wall.view', 'jobs.read', 'audit.read', 'users.manage', 'display_tokens.manage', 'api_keys.manage', 'targets.manage', 'chat.console', 'chat.console_any', 'bot.manage', 'org.overview', 'inspections.read', 'inspections.submit', 'inspections.verify', 'checklists.manage', 'inspections.draft', 'scorecards.read', 'awards.manage', 'care.read', 'care.manage', 'kpis.read', 'calendar.manage'],
  leader: ['complaints.read', 'complaints.approve_extension', 'org.read', 'branches.list', 'customers.read', 'wall.view', 'audit.read', 'chat.console', 'nominations.create', 'nominations.approve', 'org.overview', 'inspections.read', 'scorecards.read', 'care.read', 'kpis.read'],
  region_manager: ['complaints.read', 'complaints.approve_extension', 'org.read', 'branches.list', 'customers.read', 'wall.view', 'chat.console', 'nominations.create', 'nominations.approve', 'org.overview', 'inspections.read', 'scorecards.read', 'care.read', 'kpis.read'],
  inspector: ['complaints.read', 'org.read', 'branches.list', 'customers.read', 'wall.view', 'chat.console', 'nominations.create', 'org.overview', 'inspections.read', 'inspections.submit', 'inspections.verify', 'inspections.draft', 'scorecards.read', 'care.read', 'kpis.read'],
  complaint_handler: ['complaints.read', 'complaints.create', 'complaints.handle', 'org.read', 'branches.list', 'customers.read', 'customers.read_pii', 'wall.view', 'chat.console', 'nominations.create', 'org.overview', 'scorecards.read', 'care.read', 'kpis.read'],
  branch_head: ['complaints.read', 'complaints.create', 'complaints.handle', 'org.read', 'branches.list', 'customers.read', 'customers.read_pii', 'wall.view', 'chat.console', 'nominations.create', 'nominations.approve', 'org.overview', 'inspections.read', 'inspections.submit', 'rectifications.fix', 'inspections.draft', 'scorecards.read', 'care.read', 'care.act', 'kpis.read'],
  staff: ['org.read', 'branches.list', 'customers.read', 'chat.console', 'nominations.create', 'org.overview', 'scorecards.read', 'care.read', 'care.act', 'kpis.read'],
};

// A screen reads what a wall shows and nothing more: figures and the region tree, not the staff directory or customers.
const DISPLAY_TOKEN_PERMISSIONS: readonly Permission[] = ['wall.view', 'org.overview', 'kpis.read'];
// Complaint intake is further limited to keys allowed `complaint.received`, and reads to the key's own complaints.
// Inspections from tablets and mystery-shopper vendors: further limited to keys allowed `inspection.submitted`.
const API_KEY_PERMISSIONS: readonly Permission[] = ['events.ingest', 'branches.list', 'complaints.create', 'complaints.read', 'inspections.submit'];

export function permissionsOf(principal: Principal): readonly Permission[] {
  switch (principal.kind) {
    case 'user':
    case 'staff':
      return ROLE_PERMISSIONS[principal.role];
    case 'display_token':
      return DISPLAY_TOKEN_PERMISSIONS;
    case 'api_key':
      return API_KEY_PERMISSIONS;
    case 'system':
      return [...new Set(Object.values(ROLE_PERMISSIONS).flat())];
  }
}

export const scopeOf = (principal: Principal): Scope => (principal.kind === 'system' ? { kind: 'bank' } : principal.scope);

/** Whether `scope` contains `target`: the bank contains everything; a region its subtree; a branch itself. */
export function scopeCovers(scope: Scope, target: OrgTarget): boolean {
  switch (scope.kind) {
    case 'bank':
      return true;
    case 'region':
      if (target.kind === 'bank') return false;
      return (target.kind === 'region' && target.regionId === scope.regionId) || target.ancestorRegionIds.includes(scope.regionId);
    case 'branch':
      return target.kind === 'branch' && target.branchId === scope.branchId;
  }
}

export function can(principal: Principal, permission: Permission, target?: OrgTarget): boolean {
  if (!permissionsOf(principal).includes(permission)) return false;
  return target === undefined || scopeCovers(scopeOf(principal), target);
}

/**
 * The one authorization check used by HTTP routes, socket subscriptions and bot actions. Outside
 * the scope answers NOT_FOUND rather than FORBIDDEN where `hideOutsideScope`, so ids of other
 * branches cannot be probed.
 */
export function authorize(principal: Principal, permission: Permission, target?: OrgTarget, options: { hideOutsideScope?: boolean } = {}): void {
  if (!permissionsOf(principal).includes(permission)) {
    throw new AppError('FORBIDDEN', `your role may not do this (${permission})`);
  }
  if (target !== undefined && !scopeCovers(scopeOf(principal), target)) {
    throw options.hideOutsideScope ? new AppError('NOT_FOUND', 'not found') : new AppError('FORBIDDEN', 'this is outside your scope');
  }
}

/** `bank`, `region:BJ`, `branch:BJ0101` → the parts; AppError naming `field` otherwise. */
export function parseScopeText(text: string, field = 'scope'): { kind: 'bank' } | { kind: 'region' | 'branch'; code: string } {
  if (text === 'bank') return { kind: 'bank' };
  const match = /^(region|branch):([A-Za-z0-9_-]{1,32})$/.exec(text);
  if (!match) throw AppError.invalid(field, 'must be bank, region:<code> or branch:<code>');
  return { kind: match[1] as 'region' | 'branch', code: match[2]! };
}

export const scopeText = (scope: Scope): string => (scope.kind === 'bank' ? 'bank' : `${scope.kind}:${scope.code}`);

/** The label a principal leaves in the audit log. */
export function actorLabel(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.username}`;
    case 'display_token':
      return `display_token:${principal.name}`;
    case 'api_key':
      return `api_key:${principal.prefix}`;
    case 'staff':
      return `staff:${principal.staffCode}`;
    case 'system':
      return principal.name;
  }
}

export const roleOf = (principal: Principal): Role | null => (principal.kind === 'user' || principal.kind === 'staff' ? principal.role : null);

/** The role a staff member's job implies when they act through the bot without a user account. */
export function roleForStaffJob(job: string): Role {
  switch (job) {
    case 'leader':
    case 'region_manager':
    case 'inspector':
    case 'complaint_handler':
    case 'branch_head':
      return job;
    case 'deputy_head':
      return 'branch_head';
    default:
      return 'staff';
  }
}

// Lockout: after MAX_FAILED_LOGINS wrong passwords in a row the account waits LOCKOUT_MINUTES.
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export function lockoutAfterFailure(failedLogins: number, now: Date): Date | null {
  return failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
}

export const isLocked = (lockedUntil: Date | null, now: Date): boolean => lockedUntil !== null && lockedUntil > now;

/**
 * May this principal push an event of `eventType` for the branch `target`? Only API keys ingest,
 * only their event types, only inside their scope. The ingest API calls this per event, so one
 * out-of-scope event is rejected while the rest of its batch is accepted.
 */
export function authorizeEvent(principal: Principal, eventType: string, target: OrgTarget): void {
  authorize(principal, 'events.ingest');
  if (principal.kind === 'api_key' && !principal.eventTypes.includes(eventType)) {
    throw new AppError('FORBIDDEN', `this API key may not send ${eventType} events`, [{ field: 'type', reason: 'not allowed for this API key' }]);
  }
  if (!scopeCovers(scopeOf(principal), target)) {
    throw new AppError('FORBIDDEN', 'this branch is outside the API key’s scope', [{ field: 'branch', reason: 'outside the API key’s scope' }]);
  }
}
