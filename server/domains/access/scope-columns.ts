import type { Scope } from './access.types.ts';

/** The scope columns every access table shares, read back with the unit's code. */
export interface ScopeColumns {
  scopeRegionId: string | null;
  scopeRegionCode: string | null;
  scopeBranchId: string | null;
  scopeBranchCode: string | null;
}

export function scopeFromColumns(row: ScopeColumns): Scope {
  if (row.scopeBranchId) return { kind: 'branch', branchId: String(row.scopeBranchId), code: row.scopeBranchCode ?? '?' };
  if (row.scopeRegionId) return { kind: 'region', regionId: String(row.scopeRegionId), code: row.scopeRegionCode ?? '?' };
  return { kind: 'bank' };
}

export const scopeToColumns = (scope: Scope): { scopeRegionId: string | null; scopeBranchId: string | null } => ({
  scopeRegionId: scope.kind === 'region' ? scope.regionId : null,
  scopeBranchId: scope.kind === 'branch' ? scope.branchId : null,
});
