/**
 * Turning scope text (`bank`, `region:BJ`, `branch:BJ0101`) into scopes with ids, org units into
 * authorization targets, and scopes into the filters org reads take. Use cases: resolveScope,
 * findBranchTarget, findRegionTarget, orgScopeOf, principalForStaff.
 */
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { findBranchUnitByCode, findRegionUnitByCode, findStaffIdentity, type OrgScope } from '../org/index.ts';
import { parseScopeText, roleForStaffJob } from './access.rules.ts';
import type { OrgTarget, Principal, Scope } from './access.types.ts';

export async function resolveScope(sql: Queryable, text: string, field = 'scope'): Promise<Scope> {
  const parsed = parseScopeText(text, field);
  if (parsed.kind === 'bank') return { kind: 'bank' };
  if (parsed.kind === 'region') {
    const unit = await findRegionUnitByCode(sql, parsed.code);
    if (!unit) throw AppError.invalid(field, `unknown region "${parsed.code}"`);
    return { kind: 'region', regionId: unit.id, code: unit.code };
  }
  const unit = await findBranchUnitByCode(sql, parsed.code);
  if (!unit) throw AppError.invalid(field, `unknown branch "${parsed.code}"`);
  return { kind: 'branch', branchId: unit.id, code: unit.code };
}

export async function findBranchTarget(sql: Queryable, code: string): Promise<OrgTarget | undefined> {
  const unit = await findBranchUnitByCode(sql, code);
  return unit ? { kind: 'branch', branchId: unit.id, ancestorRegionIds: unit.regionIds } : undefined;
}

export async function findRegionTarget(sql: Queryable, code: string): Promise<OrgTarget | undefined> {
  const unit = await findRegionUnitByCode(sql, code);
  return unit ? { kind: 'region', regionId: unit.id, ancestorRegionIds: unit.regionIds } : undefined;
}

/** The filter org reads take for a principal's scope (undefined: the whole bank). */
export function orgScopeOf(scope: Scope): OrgScope | undefined {
  if (scope.kind === 'region') return { regionId: scope.regionId };
  if (scope.kind === 'branch') return { branchId: scope.branchId };
  return undefined;
}

/**
 * A staff member acting through the bot: the role their job implies, scoped to their branch, or
 * to their region office (the head office means the whole bank). Undefined for unknown or
 * inactive staff, who may do nothing.
 */
export async function principalForStaff(sql: Queryable, staffCode: string): Promise<Principal | undefined> {
  const staff = await findStaffIdentity(sql, staffCode);
  if (!staff?.active) return undefined;
  const role = roleForStaffJob(staff.role);
  let scope: Scope = { kind: 'bank' };
  if (staff.branchCode) scope = await resolveScope(sql, `branch:${staff.branchCode}`);
  else if (staff.regionCode) {
    const region = await findRegionUnitByCode(sql, staff.regionCode);
    if (region && region.regionIds.length > 1) scope = { kind: 'region', regionId: region.id, code: region.code };
  }
  return { kind: 'staff', staffCode: staff.code, role, scope };
}
